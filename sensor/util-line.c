/* Capped line scanner and printable-text copy over sw_cursor. */
#include "util-line.h"

size_t sw_line_find(const sw_cursor *c, uint8_t byte, size_t limit)
{
    size_t left = c->err ? 0 : sw_cur_left(c);
    if (limit > left)
        limit = left;
    for (size_t i = 0; i < limit; i++)
        if (sw_cur_peek_u8(c, i) == byte)
            return i;
    return SW_LINE_NOT_FOUND;
}

sw_line_status sw_line_next(sw_cursor *c, size_t cap, sw_cursor *line)
{
    size_t lf = sw_line_find(c, '\n', cap);
    if (lf == SW_LINE_NOT_FOUND)
        return sw_cur_left(c) >= cap ? SW_LINE_TOO_LONG : SW_LINE_NEED_MORE;
    size_t text_len = lf;
    if (text_len > 0 && sw_cur_peek_u8(c, text_len - 1) == '\r')
        text_len--;
    *line = sw_cur_sub(c, text_len);
    sw_cur_skip(c, lf + 1 - text_len);
    return SW_LINE_OK;
}

size_t sw_text_copy(sw_cursor *c, size_t n, char *dst, size_t cap)
{
    sw_cursor src = sw_cur_sub(c, n);
    /* One bounds decision for the whole copy: this runs for every DNS label and banner. */
    const uint8_t *from = src.err ? NULL : sw_cur_ptr(&src);
    size_t have = from ? sw_cur_left(&src) : 0;
    if (cap == 0)
        return 0;
    size_t out = have < cap - 1 ? have : cap - 1;
    for (size_t i = 0; i < out; i++) {
        uint8_t b = from[i];
        dst[i] = (b >= 0x20 && b < 0x7f) ? (char)b : '.';
    }
    dst[out] = '\0';
    return out;
}

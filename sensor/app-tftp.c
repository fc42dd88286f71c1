/* TFTP parser, RFC 1350 section 5 (packets) and RFC 2347 (options, OACK). */
#include "app-tftp.h"

#include "util-cursor.h"
#include "util-line.h"

#include <string.h>

/* Reads a NUL-terminated string (RFC 1350 5: "terminated by a zero byte"). Returns 1 on success;
 * 0 after marking r trunc (data ended) or malformed (no NUL within the cap). */
static int read_string(sw_cursor *c, char *dst, size_t cap, sw_app_result *r)
{
    size_t nul = sw_line_find(c, 0, SW_TFTP_NAME_MAX);
    if (nul == SW_LINE_NOT_FOUND) {
        if (sw_cur_left(c) >= SW_TFTP_NAME_MAX)
            sw_app_malformed(r, SW_APP_EV_TFTP_STRING_TOO_LONG);
        else
            sw_app_trunc(r, SW_APP_EV_TFTP_TRUNC, 0);
        if (cap)
            dst[0] = '\0';
        return 0;
    }
    sw_text_copy(c, nul, dst, cap);
    sw_cur_skip(c, 1);
    return 1;
}

/* RFC 2347: option name and value strings follow the mode (RRQ/WRQ) or the opcode (OACK). */
static void read_options(sw_cursor *c, sw_tftp_packet *out, sw_app_result *r)
{
    char scratch[SW_TFTP_NAME_MAX];
    while (sw_cur_left(c) > 0 && r->status == SW_APP_OK) {
        if (out->n_options == SW_TFTP_MAX_OPTIONS) {
            sw_app_malformed(r, SW_APP_EV_TFTP_TOO_MANY_OPTIONS);
            return;
        }
        if (!read_string(c, scratch, sizeof(scratch), r) ||
            !read_string(c, scratch, sizeof(scratch), r))
            return;
        out->n_options++;
    }
}

static void parse_body(sw_cursor *c, sw_tftp_packet *out, sw_app_result *r)
{
    switch (out->opcode) {
    case SW_TFTP_RRQ:
    case SW_TFTP_WRQ:
        if (read_string(c, out->filename, sizeof(out->filename), r) &&
            read_string(c, out->mode, sizeof(out->mode), r))
            read_options(c, out, r);
        break;
    case SW_TFTP_DATA:
    case SW_TFTP_ACK:
        out->block = sw_cur_be16(c);
        if (c->err) {
            sw_app_trunc(r, SW_APP_EV_TFTP_TRUNC, 2 - sw_cur_left(c));
            out->block = 0;
        } else if (out->opcode == SW_TFTP_DATA) {
            out->payload_off = c->off;
            out->payload_len = sw_cur_left(c);
        }
        break;
    case SW_TFTP_ERROR:
        out->error_code = sw_cur_be16(c);
        if (c->err) {
            sw_app_trunc(r, SW_APP_EV_TFTP_TRUNC, 2 - sw_cur_left(c));
            out->error_code = 0;
        } else {
            read_string(c, out->error_msg, sizeof(out->error_msg), r);
        }
        break;
    case SW_TFTP_OACK:
        read_options(c, out, r);
        break;
    default:
        sw_app_malformed(r, SW_APP_EV_TFTP_BAD_OPCODE);
        break;
    }
}

sw_app_result sw_tftp_parse(const uint8_t *data, size_t len, sw_tftp_packet *out)
{
    sw_app_result r = sw_app_result_ok();
    sw_cursor c = sw_cur_init(data, len);
    memset(out, 0, sizeof(*out));
    out->opcode = sw_cur_be16(&c);
    if (c.err) {
        out->opcode = 0;
        sw_app_trunc(&r, SW_APP_EV_TFTP_TRUNC, 2 - len);
        return r;
    }
    parse_body(&c, out, &r);
    if (r.status == SW_APP_OK)
        r.consumed = len;
    return r;
}

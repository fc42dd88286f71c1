/* Cisco Smart Install message parser (header as matched by ET 2025519..2025522, Snort 41722..5). */
#include "app-smi.h"

#include "util-cursor.h"

#include <string.h>

/* 1 when needle occurs in the first n bytes of c (c does not move). */
static int contains(const sw_cursor *c, size_t n, const char *needle)
{
    size_t nlen = strlen(needle);
    for (size_t at = 0; at + nlen <= n; at++) {
        size_t i = 0;
        while (i < nlen && sw_cur_peek_u8(c, at + i) == (uint8_t)needle[i])
            i++;
        if (i == nlen)
            return 1;
    }
    return 0;
}

sw_app_result sw_smi_parse(const uint8_t *data, size_t len, sw_smi_message *out)
{
    sw_app_result r = sw_app_result_ok();
    sw_cursor c = sw_cur_init(data, len);
    memset(out, 0, sizeof(*out));
    if (!sw_cur_has(&c, SW_SMI_HEADER_LEN)) {
        sw_app_trunc(&r, SW_APP_EV_SMI_TRUNC, SW_SMI_HEADER_LEN - len);
        return r;
    }
    out->version = sw_cur_be32(&c);
    out->type_one = sw_cur_be32(&c);
    out->msg_type = sw_cur_be32(&c);
    out->length = sw_cur_be32(&c);
    if ((out->version != 1 && out->version != 2) || out->type_one != 1)
        sw_app_malformed(&r, SW_APP_EV_SMI_BAD_HEADER);
    if (out->length > SW_SMI_MAX_LEN)
        sw_app_malformed(&r, SW_APP_EV_SMI_LENGTH_TOO_LARGE);
    if (r.status == SW_APP_MALFORMED)
        return r;

    size_t present = sw_cur_left(&c) < out->length ? sw_cur_left(&c) : out->length;
    out->prefix_len = present < SW_SMI_PREFIX_LEN ? present : SW_SMI_PREFIX_LEN;
    out->has_url = (uint8_t)contains(&c, out->prefix_len, "://");
    out->has_tftp_url = (uint8_t)contains(&c, out->prefix_len, "tftp://");
    out->has_copy = (uint8_t)contains(&c, out->prefix_len, "copy ");
    if (present < out->length) {
        sw_app_trunc(&r, SW_APP_EV_SMI_TRUNC, out->length - present);
        return r;
    }
    r.consumed = SW_SMI_HEADER_LEN + (size_t)out->length;
    return r;
}

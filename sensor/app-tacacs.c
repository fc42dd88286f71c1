/* TACACS+ header parser, RFC 8907 section 4.1. */
#include "app-tacacs.h"

#include "util-cursor.h"

#include <string.h>

sw_app_result sw_tacacs_parse(const uint8_t *data, size_t len, sw_tacacs_header *out)
{
    sw_app_result r = sw_app_result_ok();
    sw_cursor c = sw_cur_init(data, len);
    memset(out, 0, sizeof(*out));
    if (!sw_cur_has(&c, SW_TACACS_HEADER_LEN)) {
        sw_app_trunc(&r, SW_APP_EV_TACACS_TRUNC, SW_TACACS_HEADER_LEN - sw_cur_left(&c));
        return r;
    }
    uint8_t version = sw_cur_u8(&c);
    out->version_major = version >> 4;
    out->version_minor = version & 0x0f;
    out->type = sw_cur_u8(&c);
    out->seq_no = sw_cur_u8(&c);
    out->flags = sw_cur_u8(&c);
    out->unencrypted = (out->flags & SW_TACACS_FLAG_UNENCRYPTED) != 0;
    out->single_connect = (out->flags & SW_TACACS_FLAG_SINGLE_CONNECT) != 0;
    out->session_id = sw_cur_be32(&c);
    out->length = sw_cur_be32(&c);

    /* RFC 8907 4.1: major version 0xc; minor 0 (default) or 1. */
    if (out->version_major != SW_TACACS_MAJOR || out->version_minor > 1)
        sw_app_malformed(&r, SW_APP_EV_TACACS_BAD_VERSION);
    if (out->type < SW_TACACS_AUTHEN || out->type > SW_TACACS_ACCT)
        sw_app_malformed(&r, SW_APP_EV_TACACS_BAD_TYPE);
    if (out->length > SW_TACACS_MAX_BODY)
        sw_app_malformed(&r, SW_APP_EV_TACACS_LENGTH_TOO_LARGE);
    if (r.status == SW_APP_MALFORMED)
        return r;
    if (sw_cur_left(&c) < out->length) {
        sw_app_trunc(&r, SW_APP_EV_TACACS_TRUNC, out->length - sw_cur_left(&c));
        return r;
    }
    r.consumed = SW_TACACS_HEADER_LEN + (size_t)out->length;
    return r;
}

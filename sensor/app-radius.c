/* RADIUS parser, RFC 2865 sections 3 (packet format) and 5 (attributes). */
#include "app-radius.h"

#include "util-cursor.h"
#include "util-line.h"

#include <string.h>

enum {
    ATTR_USER_NAME = 1,
    ATTR_NAS_IP_ADDRESS = 4,
    ATTR_CALLING_STATION_ID = 31,
    ATTR_NAS_IPV6_ADDRESS = 95,
};

static void take_attribute(sw_radius_packet *out, uint8_t type, sw_cursor *value)
{
    uint8_t addr[16];
    size_t n = sw_cur_left(value);
    switch (type) {
    case ATTR_USER_NAME:
        out->has_user_name = 1;
        sw_text_copy(value, n, out->user_name, sizeof(out->user_name));
        break;
    case ATTR_CALLING_STATION_ID:
        out->has_calling_station_id = 1;
        sw_text_copy(value, n, out->calling_station_id, sizeof(out->calling_station_id));
        break;
    case ATTR_NAS_IP_ADDRESS: /* RFC 2865 5.4: exactly 4 octets */
        if (n == 4 && sw_cur_bytes(value, addr, 4))
            sw_ip_from_v4(&out->nas_ip, addr);
        break;
    case ATTR_NAS_IPV6_ADDRESS: /* RFC 3162 2.1: 16 octets */
        if (n == 16 && sw_cur_bytes(value, addr, 16))
            sw_ip_from_v6(&out->nas_ipv6, addr);
        break;
    default:
        break;
    }
}

/* RFC 2865 5: each attribute is Type, Length (>= 2, counting itself), Value. */
static void walk_attributes(sw_cursor *attrs, sw_radius_packet *out, sw_app_result *r)
{
    while (sw_cur_left(attrs) > 0) {
        if (out->n_attrs == SW_RADIUS_MAX_ATTRS) {
            sw_app_event_add(r, SW_APP_EV_RADIUS_TOO_MANY_ATTRS);
            return;
        }
        uint8_t type = sw_cur_u8(attrs);
        uint8_t alen = sw_cur_u8(attrs);
        if (attrs->err || alen < 2 || (size_t)(alen - 2) > sw_cur_left(attrs)) {
            sw_app_malformed(r, SW_APP_EV_RADIUS_ATTR_MALFORMED);
            return;
        }
        sw_cursor value = sw_cur_sub(attrs, (size_t)alen - 2);
        take_attribute(out, type, &value);
        out->n_attrs++;
    }
}

sw_app_result sw_radius_parse(const uint8_t *data, size_t len, sw_radius_packet *out)
{
    sw_app_result r = sw_app_result_ok();
    sw_cursor c = sw_cur_init(data, len);
    memset(out, 0, sizeof(*out));
    if (!sw_cur_has(&c, SW_RADIUS_HEADER_LEN)) {
        sw_app_trunc(&r, SW_APP_EV_RADIUS_TRUNC, SW_RADIUS_HEADER_LEN - sw_cur_left(&c));
        return r;
    }
    out->code = sw_cur_u8(&c);
    out->identifier = sw_cur_u8(&c);
    out->length = sw_cur_be16(&c);
    sw_cur_bytes(&c, out->authenticator, sizeof(out->authenticator));
    if (out->length < SW_RADIUS_HEADER_LEN || out->length > SW_RADIUS_MAX_LEN) {
        sw_app_malformed(&r, SW_APP_EV_RADIUS_LENGTH_INVALID);
        return r;
    }
    size_t body = (size_t)out->length - SW_RADIUS_HEADER_LEN;
    if (sw_cur_left(&c) < body) {
        sw_app_trunc(&r, SW_APP_EV_RADIUS_TRUNC, body - sw_cur_left(&c));
        return r;
    }
    sw_cursor attrs = sw_cur_sub(&c, body);
    walk_attributes(&attrs, out, &r);
    if (r.status == SW_APP_OK)
        r.consumed = out->length;
    return r;
}

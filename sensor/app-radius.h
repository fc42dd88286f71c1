/* RADIUS packets (RFC 2865 section 3 and 5): header and the attributes Seawall looks at. */
#ifndef SEAWALL_SENSOR_APP_RADIUS_H
#define SEAWALL_SENSOR_APP_RADIUS_H

#include "app-events.h"
#include "common.h"

#define SW_RADIUS_HEADER_LEN 20
#define SW_RADIUS_MAX_LEN    4096 /* RFC 2865 3: Length is 20..4096 */
#define SW_RADIUS_MAX_ATTRS  128  /* more is counted as app.radius.too_many_attributes */
#define SW_RADIUS_TEXT_MAX   64   /* User-Name and Calling-Station-Id kept up to 63 chars */

enum {
    SW_RADIUS_ACCESS_REQUEST = 1,
    SW_RADIUS_ACCESS_ACCEPT = 2,
    SW_RADIUS_ACCESS_REJECT = 3,
    SW_RADIUS_ACCOUNTING_REQUEST = 4,
    SW_RADIUS_ACCOUNTING_RESPONSE = 5,
    SW_RADIUS_ACCESS_CHALLENGE = 11,
};

typedef struct sw_radius_packet {
    uint8_t code, identifier;
    uint16_t length;
    uint8_t authenticator[16];
    uint16_t n_attrs; /* attributes walked (at most SW_RADIUS_MAX_ATTRS) */
    uint8_t has_user_name, has_calling_station_id;
    char user_name[SW_RADIUS_TEXT_MAX];          /* type 1, printable copy */
    char calling_station_id[SW_RADIUS_TEXT_MAX]; /* type 31 */
    sw_ip nas_ip;                                /* type 4 NAS-IP-Address; family 0 when absent */
    sw_ip nas_ipv6;                              /* type 95 NAS-IPv6-Address (RFC 3162 2.1) */
} sw_radius_packet;

/* Parses one RADIUS datagram. OK: consumed is the header's Length (bytes after it are padding,
 * RFC 2865 3). INCOMPLETE (app.radius.trunc): fewer than 20 bytes or than Length. MALFORMED:
 * Length outside 20..4096 (app.radius.length_invalid) or an attribute whose length is below 2
 * or runs past Length (app.radius.attribute_malformed); attributes before it are kept. */
sw_app_result sw_radius_parse(const uint8_t *data, size_t len, sw_radius_packet *out);

#endif

/* Application protocol detection by content, not port: routers' management services often run
 * on unusual ports (SSH on 22022, HTTPS on 18xxx), so the first bytes decide the parser. */
#ifndef SEAWALL_SENSOR_APP_DETECT_H
#define SEAWALL_SENSOR_APP_DETECT_H

#include <stddef.h>
#include <stdint.h>

#include "observation.h" /* sw_app_proto: the verdicts are the contract's values */

/* Guesses the protocol from the first payload bytes of one direction; `is_udp` enables the
 * datagram shapes (DNS without a length prefix). UNKNOWN when nothing matches or too few bytes
 * are present. Pure, never fails. */
sw_app_proto sw_app_detect(const uint8_t *data, size_t len, int is_udp);

#endif

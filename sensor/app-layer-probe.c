/* Content detection for the app layer: maps sensor/app-detect.c's verdict onto the observation
 * contract's sw_app_proto.
 *
 * app-detect.h declares its own `sw_app_proto` enum and `sw_app_proto_name`, which collide with
 * core/observation.h; the two headers cannot meet in one translation unit, so this file includes
 * only app-detect.h and returns the contract's values (core/observation.h, API version 2: SSH 1,
 * TLS 2, HTTP 3, DNS 4, TACACS 6, FTP 9, SMI 12), checked by tests/unit/test-app-layer.c. */
#include "app-detect.h"
#include "app-layer-probe.h"

int sw_app_layer_probe(const uint8_t *data, size_t len, int is_udp)
{
    switch (sw_app_detect(data, len, is_udp)) {
    case SW_APP_PROTO_SSH:
        return 1;
    case SW_APP_PROTO_TLS:
        return 2;
    case SW_APP_PROTO_HTTP:
        return 3;
    case SW_APP_PROTO_DNS:
        return 4;
    case SW_APP_PROTO_TACACS:
        return 6;
    case SW_APP_PROTO_FTP:
        return 9;
    case SW_APP_PROTO_SMI:
        return 12;
    default:
        return 0;
    }
}

/* Private to the app layer: content detection returning core/observation.h's sw_app_proto as an
 * int (see app-layer-probe.c for why it cannot include observation.h). */
#ifndef SEAWALL_SENSOR_APP_LAYER_PROBE_H
#define SEAWALL_SENSOR_APP_LAYER_PROBE_H

#include <stddef.h>
#include <stdint.h>

int sw_app_layer_probe(const uint8_t *data, size_t len, int is_udp);

#endif

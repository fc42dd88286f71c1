/* Suricata app-layer EVE records (ssh, tls, dns, snmp, tftp, ftp, http) to Seawall observations,
 * so the catalog's application detections and the IOC sets run inside Suricata as they do in the
 * sensor. Pure data, no host calls.
 *
 * Suricata logs a transaction when it completes and the flow record only when the flow ends, so
 * these observations reach the engine before the flow's own; every field they carry comes from
 * the record itself. Strings point into the record, or into the mapping's own buffers, and live
 * as long as both. */
#ifndef SEAWALL_SURICATA_EVE_MAP_APP_H
#define SEAWALL_SURICATA_EVE_MAP_APP_H

#include <jansson.h>

#include "observation.h"

/* An ssh record holds both banners and both HASSHes; a tls record both hellos. */
#define SW_SURI_APP_OBS_MAX 4
#define SW_SURI_KEX_MAX     512 /* the kex name-list cut from a HASSH string */

typedef struct sw_suri_app {
    sw_observation obs[SW_SURI_APP_OBS_MAX];
    size_t n;
    sw_flow_obs flow; /* oriented initiator -> responder, as the sensor's */
    const char *oids[SW_OBS_SNMP_MAX_OIDS];
    char kex[2][SW_SURI_KEX_MAX]; /* client, server */
} sw_suri_app;

/* 1 for the event types mapped here ("ssh", "tls", ...), 0 for the rest. */
int sw_suri_is_app_record(const char *event_type);

/* Fills out->obs[0..n). SW_OK with n == 0 for a transaction that carries nothing the core reads
 * (an FTP reply without a command, a TLS record of an unparsed session); SW_ERR_INVALID when the
 * record lacks a usable address pair, protocol or timestamp: the caller counts it. */
sw_status sw_suri_map_app(const json_t *record, sw_suri_app *out);

#endif

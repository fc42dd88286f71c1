/* Suricata EVE records to Seawall observations. Pure data, no host calls: unit-tested alone.
 *
 * A Suricata `flow` record describes a whole flow after it ended, so it becomes the sequence the
 * sensor would have produced live: FLOW_START, FLOW_ANSWERED when the responder sent anything,
 * FLOW_ESTABLISHED for a TCP handshake, FLOW_END. All four carry the record's final counters;
 * START, ANSWERED and ESTABLISHED are stamped with flow.start, END with flow.end. */
#ifndef SEAWALL_SURICATA_EVE_MAP_H
#define SEAWALL_SURICATA_EVE_MAP_H

#include <jansson.h>

#include "observation.h"

#define SW_SURI_FLOW_OBS_MAX 4

/* What a record is, from its event_type. */
typedef enum sw_suri_record_kind {
    SW_SURI_REC_FLOW,
    SW_SURI_REC_ALERT,
    SW_SURI_REC_ANOMALY,
    SW_SURI_REC_STATS,
    SW_SURI_REC_OTHER, /* app-layer and everything the core has no observation for yet */
    SW_SURI_REC_KIND_COUNT
} sw_suri_record_kind;

/* NULL or a non-object gives SW_SURI_REC_OTHER; callers reject those earlier as malformed. */
sw_suri_record_kind sw_suri_record_kind_of(const json_t *record);
const char *sw_suri_record_kind_name(sw_suri_record_kind kind);

/* "2008-09-25T18:10:02.254148+0000" (Suricata's EVE time, any numeric offset) to UTC. */
sw_status sw_suri_parse_time(const char *text, sw_time *out);

/* "TCP" -> 6 ... as Suricata names protocols, or a decimal number; SW_ERR_INVALID otherwise. */
sw_status sw_suri_parse_proto(const char *text, uint8_t *out);

/* src/dest address and port, proto, flow_id and VLANs of any record; SW_ERR_INVALID without a
 * usable address pair or protocol. */
sw_status sw_suri_read_endpoints(const json_t *record, sw_flow_obs *f);

/* Fills obs[0..*n) from a flow record. SW_ERR_INVALID (and *n = 0) when the record lacks a
 * usable address pair, protocol or flow.start: the caller counts it as malformed. */
sw_status sw_suri_map_flow(const json_t *record, sw_observation obs[SW_SURI_FLOW_OBS_MAX],
                           size_t *n);

#endif

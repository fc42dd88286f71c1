/* EVE records written as compact JSON text straight into a buffer, with no jansson tree and no
 * allocation per record (the buffer grows only until it fits the largest record).
 *
 * An EVE record per ended flow was most of the sensor's work (seawall-bench mode c): building a
 * tree of a few dozen jansson values, serialising it and freeing it again. The text is
 * byte-identical to sw_json_append() of the tree that eve.h's builder makes for the same input;
 * tests/unit/test-eve-write.c holds the two side by side. */
#ifndef SEAWALL_EVE_WRITE_H
#define SEAWALL_EVE_WRITE_H

#include "eve.h"
#include "json-write.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Each appends one record to b (no newline) and returns 0; on failure (b's limit, out of memory,
 * or an input for which the tree builder returns NULL) returns -1 and b->len is as it was. */
int sw_eve_flow_write(sw_jbuf *b, const sw_flow_obs *flow, sw_time ts, const sw_eve_options *opt);
int sw_eve_anomaly_write(sw_jbuf *b, sw_time ts, uint64_t pcap_cnt, const char *type,
                         const char *event, const sw_flow_obs *flow, const sw_eve_options *opt);

/* An address's enrichment for an alert's extension object: a new reference, or NULL for none.
 * The sensor passes its geo/zone lookup (sw_geo_describe). */
typedef json_t *(*sw_eve_describe_fn)(const sw_ip *ip, void *user);

/* An alert; with describe, the extension also gets "src" and "dest" as sw_geo_enrich adds them
 * to the tree (an address that does not read back is left out, as there). Alerts at the rate of
 * a scan from the Internet cost a tree of some hundred jansson values each otherwise. */
int sw_eve_alert_write(sw_jbuf *b, const sw_alert *alert, const sw_eve_options *opt,
                       sw_eve_describe_fn describe, void *user);

#ifdef __cplusplus
}
#endif
#endif

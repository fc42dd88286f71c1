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

/* Flow and anomaly records, the ones written by the hundred thousand; alerts stay trees (the
 * sensor enriches them). Each appends one record to b (no newline) and returns 0; on failure (b's
 * limit, out of memory, or an input for which the tree builder returns NULL) returns -1 and b->len
 * is as it was. */
int sw_eve_flow_write(sw_jbuf *b, const sw_flow_obs *flow, sw_time ts, const sw_eve_options *opt);
int sw_eve_anomaly_write(sw_jbuf *b, sw_time ts, uint64_t pcap_cnt, const char *type,
                         const char *event, const sw_flow_obs *flow, const sw_eve_options *opt);

#ifdef __cplusplus
}
#endif
#endif

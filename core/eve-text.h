/* Private to eve-write*.c: the text writer's state and primitives, shared by the flow, anomaly
 * and alert writers so each field is formatted in one place. */
#ifndef SEAWALL_EVE_TEXT_H
#define SEAWALL_EVE_TEXT_H

#include "eve-int.h"
#include "json-write.h"

#include <string.h>

/* The first failure sticks, so a record is written straight through and checked once. */
typedef struct eve_text {
    sw_jbuf *b;
    int failed;
    sw_eve_ts_cache ts; /* a record's timestamps mostly share their second */
} eve_text;

/* Inlined at every call, so the copy of a literal key is a few moves rather than a call to
 * memcpy (which the flow record made some forty times). */
#if defined(__GNUC__)
#define EVE_INLINE static inline __attribute__((always_inline))
#else
#define EVE_INLINE static inline
#endif

EVE_INLINE void raw(eve_text *w, const char *s, size_t n)
{
    if (!w->failed && sw_jbuf_append(w->b, s, n) != 0)
        w->failed = 1;
}

/* A string literal, length known at compile time. */
#define LIT(w, s) raw((w), (s), sizeof(s) - 1)

EVE_INLINE void raw_str(eve_text *w, const char *s)
{
    raw(w, s, strlen(s));
}

/* A value Seawall knows to be plain ASCII without quotes or backslashes. */
EVE_INLINE void quoted(eve_text *w, const char *s, size_t n)
{
    LIT(w, "\"");
    raw(w, s, n);
    LIT(w, "\"");
}

EVE_INLINE void integer(eve_text *w, int64_t v)
{
    if (!w->failed && sw_json_append_int(w->b, v) != 0)
        w->failed = 1;
}

/* EVE integers are signed 64-bit; clamp rather than wrap to a negative count (as json_u64). */
EVE_INLINE void u64(eve_text *w, uint64_t v)
{
    integer(w, v > INT64_MAX ? INT64_MAX : (int64_t)v);
}

EVE_INLINE void timestamp(eve_text *w, sw_time ts)
{
    char buf[SW_EVE_TS_TEXT + 2];
    buf[0] = '"';
    sw_eve_timestamp_text_cached(&w->ts, ts, buf + 1);
    buf[SW_EVE_TS_TEXT + 1] = '"';
    raw(w, buf, sizeof(buf));
}

EVE_INLINE void ip(eve_text *w, const sw_ip *addr)
{
    char buf[SW_EVE_IP_LEN];
    quoted(w, buf, sw_eve_ip_text(addr, buf));
}

EVE_INLINE void proto(eve_text *w, uint8_t number)
{
    char num[8];
    const char *name = sw_eve_proto_name(number, num, sizeof(num));
    quoted(w, name, strlen(name));
}

/* The record parts the writers share, in eve-write.c. */

/* Text from outside: escaped, and cleaned first when it is not valid UTF-8 (as json_text). */
void sw_eve_text_string(eve_text *w, const char *s);
/* timestamp, flow_id, pcap_cnt, event_type, host (put_header). The event type is the caller's
 * literal, given with its quotes. */
void sw_eve_text_header(eve_text *w, sw_time ts, const sw_flow_obs *flow, uint64_t pcap_cnt,
                        const char *event_type_json, const sw_eve_options *opt);
void sw_eve_text_endpoints(eve_text *w, const sw_flow_obs *flow);
void sw_eve_text_flow_fields(eve_text *w, const sw_flow_obs *flow, const sw_eve_options *opt,
                             int with_pkt_src);
void sw_eve_text_tunnel(eve_text *w, const sw_flow_obs *flow);
void sw_eve_text_community_id(eve_text *w, const sw_flow_obs *flow, const sw_eve_options *opt);
int sw_eve_text_tunneled(const sw_flow_obs *flow);
void sw_eve_text_tunnel_kind(eve_text *w, const sw_flow_obs *flow);
void sw_eve_text_flow_counters(eve_text *w, const sw_flow_obs *flow);
/* Closes the record; on an earlier failure puts b->len back to start and returns -1. */
int sw_eve_text_finish(eve_text *w, size_t start);

#endif

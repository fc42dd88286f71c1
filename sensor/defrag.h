/* IPv4 (RFC 791 section 3.2) and IPv6 (RFC 8200 section 4.5) fragment reassembly for one
 * decoder. Bounded by a memory cap and a tracker count; incomplete datagrams expire by packet
 * time. Overlapping bytes keep the first copy received (first wins), and every overlap is
 * reported, since differing overlaps are a classic IDS evasion (Ptacek & Newsham 1998). */
#ifndef SEAWALL_SENSOR_DEFRAG_H
#define SEAWALL_SENSOR_DEFRAG_H

#include "decode.h"
#include "util-cursor.h"

typedef struct sw_defrag sw_defrag;

/* A datagram is identified by (src, dst, id, proto) for IPv4 (RFC 791 3.2) and by
 * (src, dst, id) for IPv6 (RFC 8200 4.5); proto is ignored for version 6. */
typedef struct sw_frag_key {
    uint8_t version;
    uint8_t proto;
    uint32_t id;
    sw_ip src, dst;
} sw_frag_key;

typedef struct sw_fragment {
    sw_frag_key key;
    uint32_t offset;    /* bytes from the start of the fragmentable part */
    int more;           /* more fragments follow (MF / M flag) */
    uint8_t next_proto; /* IPv6: next header of the fragment header; IPv4: the protocol */
    uint32_t max_len;   /* largest datagram payload allowed (65535 minus the IP header) */
    sw_time ts;
    sw_cursor data; /* the fragment's payload, read through the cursor only */
} sw_fragment;

typedef enum sw_frag_result {
    SW_FRAG_HELD = 0,      /* stored; the datagram is not complete yet */
    SW_FRAG_DONE,          /* the datagram is complete: see the out fields */
    SW_FRAG_TOO_LARGE,     /* offset + length beyond the largest IP datagram: dropped */
    SW_FRAG_MEMCAP,        /* storing it would pass defrag_memcap: dropped */
    SW_FRAG_TRACKERS_FULL, /* a new datagram, but defrag_trackers are in use: dropped */
    SW_FRAG_NOMEM,         /* allocation failed: dropped */
} sw_frag_result;

typedef struct sw_frag_out {
    int overlap;         /* this fragment overlapped bytes already held */
    const uint8_t *data; /* SW_FRAG_DONE: the datagram payload, borrowed until next release */
    size_t len;
    uint8_t next_proto; /* SW_FRAG_DONE: next_proto of the fragment at offset 0 */
} sw_frag_out;

/* Caller owns; free with sw_defrag_free. NULL when out of memory. Limits are copied. */
sw_defrag *sw_defrag_new(const sw_decode_config *cfg);
void sw_defrag_free(sw_defrag *df); /* NULL is a no-op */

/* Adds one fragment. Counts fragments, reassembled datagrams, timeouts and memuse in st. */
sw_frag_result sw_defrag_add(sw_defrag *df, const sw_fragment *frag, sw_decode_stats *st,
                             sw_frag_out *out);
/* Frees the last reassembled datagram (its out->data becomes invalid). */
void sw_defrag_release(sw_defrag *df);
/* Drops datagrams first seen more than the timeout before `now`, counting timeouts. */
void sw_defrag_expire(sw_defrag *df, sw_time now, sw_decode_stats *st);

#endif

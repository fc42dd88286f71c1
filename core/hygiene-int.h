/* Internal to the hygiene module: the compiled form of one threshold.config line. */
#ifndef SEAWALL_HYGIENE_INT_H
#define SEAWALL_HYGIENE_INT_H

#include "hygiene.h"

typedef enum hyg_kind { HYG_SUPPRESS, HYG_THRESHOLD, HYG_RATE, HYG_AGGREGATE } hyg_kind;

typedef enum hyg_track {
    HYG_TRACK_NONE = 0, /* suppress without an address: every alert of the signature */
    HYG_TRACK_SRC,
    HYG_TRACK_DST,
    HYG_TRACK_BOTH,   /* the (src, dst) pair */
    HYG_TRACK_EITHER, /* suppress only: src or dst in the address set */
    HYG_TRACK_RULE,   /* one counter for the signature */
} hyg_track;

typedef enum hyg_type { HYG_LIMIT, HYG_EVERY_NTH, HYG_ONCE_AFTER } hyg_type;

typedef struct hyg_rule {
    hyg_kind kind;
    uint32_t gid, sid; /* sid 0: every alert */
    hyg_track track;
    hyg_type type;        /* threshold only */
    uint32_t count;       /* threshold, rate_filter */
    int64_t window_us;    /* threshold, rate_filter, aggregate */
    int64_t timeout_us;   /* rate_filter: how long new_action holds */
    int rate_withholds;   /* rate_filter: new_action is not `alert` */
    sw_netset *addresses; /* suppress with ip: owned */
    unsigned line;
} hyg_rule;

struct sw_hygiene_rules {
    hyg_rule *rule;
    size_t n;
};

#endif

/* The ordered merge of the workers' forwarded records (see workers-merge.h). */
#include "workers-merge.h"

typedef struct merge_key {
    uint64_t seq;
    uint64_t rank; /* 0: the dispatcher; 1 + i: worker i */
} merge_key;

static int key_less(merge_key a, merge_key b)
{
    return a.seq < b.seq || (a.seq == b.seq && a.rank < b.rank);
}

int sw_merge_next(const sw_merge_source *src, unsigned n, int has_own, uint64_t own_seq)
{
    int best = SW_MERGE_WAIT;
    merge_key best_key = {0, 0};
    if (has_own) {
        best = (int)n;
        best_key = (merge_key){own_seq, 0};
    }
    for (unsigned i = 0; i < n; i++) {
        merge_key k = {src[i].head_seq, 1 + (uint64_t)i};
        if (src[i].has_head && (best == SW_MERGE_WAIT || key_less(k, best_key))) {
            best = (int)i;
            best_key = k;
        }
    }
    if (best == SW_MERGE_WAIT)
        return SW_MERGE_WAIT;
    /* A worker with nothing queued bounds what may go first: its next record sorts at or after
     * (done + 1, its rank). */
    for (unsigned i = 0; i < n; i++) {
        if (src[i].has_head || src[i].idle)
            continue;
        merge_key bound = {src[i].done + 1, 1 + (uint64_t)i};
        if (!key_less(best_key, bound))
            return SW_MERGE_WAIT;
    }
    return best;
}

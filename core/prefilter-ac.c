/* Aho-Corasick automaton (Aho and Corasick, CACM 18(6), 1975), built as a trie, completed into a
 * full transition table over byte classes (bytes that occur in no pattern share one class, so
 * the table stays small) and scanned with one table look-up per input byte. */
#include "prefilter-ac.h"

#include "util-cursor.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#define NONE UINT32_MAX

typedef struct ac_edge {
    uint32_t target;
    uint32_t next; /* next edge of the same state */
    uint8_t byte;
} ac_edge;

typedef struct ac_output {
    uint32_t pattern_id;
    uint32_t next;
} ac_output;

struct sw_ac {
    int compiled;
    size_t n_patterns;
    /* trie while building */
    uint32_t n_states, cap_states;
    uint32_t *first_edge, *out_head, *fail, *dict;
    ac_edge *edges;
    uint32_t n_edges, cap_edges;
    ac_output *outs;
    uint32_t n_outs, cap_outs;
    /* compiled */
    uint8_t class_of[256];
    uint32_t n_classes;
    uint32_t *delta; /* n_states * n_classes */
};

static int grow(void **arr, uint32_t *cap, uint32_t need, size_t elem)
{
    if (need <= *cap)
        return 1;
    uint32_t ncap = *cap ? *cap * 2 : 64;
    while (ncap < need)
        ncap *= 2;
    void *n = realloc(*arr, (size_t)ncap * elem);
    if (!n)
        return 0;
    *arr = n;
    *cap = ncap;
    return 1;
}

static uint32_t new_state(sw_ac *ac)
{
    uint32_t cap = ac->cap_states;
    if (ac->n_states >= SW_AC_MAX_STATES)
        return NONE;
    if (ac->n_states + 1 > cap) {
        uint32_t c1 = cap, c2 = cap;
        if (!grow((void **)&ac->first_edge, &c1, ac->n_states + 1, sizeof(uint32_t)) ||
            !grow((void **)&ac->out_head, &c2, ac->n_states + 1, sizeof(uint32_t)))
            return NONE;
        ac->cap_states = c1 < c2 ? c1 : c2;
    }
    ac->first_edge[ac->n_states] = NONE;
    ac->out_head[ac->n_states] = NONE;
    return ac->n_states++;
}

sw_ac *sw_ac_new(void)
{
    sw_ac *ac = calloc(1, sizeof(*ac));
    if (ac && new_state(ac) == NONE) {
        sw_ac_free(ac);
        return NULL;
    }
    return ac;
}

void sw_ac_free(sw_ac *ac)
{
    if (!ac)
        return;
    free(ac->first_edge);
    free(ac->out_head);
    free(ac->fail);
    free(ac->dict);
    free(ac->edges);
    free(ac->outs);
    free(ac->delta);
    free(ac);
}

static uint32_t child_of(const sw_ac *ac, uint32_t state, uint8_t byte)
{
    for (uint32_t e = ac->first_edge[state]; e != NONE; e = ac->edges[e].next)
        if (ac->edges[e].byte == byte)
            return ac->edges[e].target;
    return NONE;
}

static uint32_t add_child(sw_ac *ac, uint32_t state, uint8_t byte)
{
    uint32_t target = new_state(ac);
    if (target == NONE ||
        !grow((void **)&ac->edges, &ac->cap_edges, ac->n_edges + 1, sizeof(ac_edge)))
        return NONE;
    ac->edges[ac->n_edges] = (ac_edge){target, ac->first_edge[state], byte};
    ac->first_edge[state] = ac->n_edges++;
    return target;
}

sw_status sw_ac_add(sw_ac *ac, const uint8_t *pattern, size_t len, uint32_t pattern_id)
{
    if (!ac || ac->compiled || !pattern || len == 0 || len > SW_AC_MAX_PATTERN)
        return SW_ERR_INVALID;
    uint32_t state = 0;
    for (size_t i = 0; i < len; i++) {
        uint8_t b = (uint8_t)tolower(pattern[i]);
        uint32_t next = child_of(ac, state, b);
        if (next == NONE && (next = add_child(ac, state, b)) == NONE)
            return ac->n_states >= SW_AC_MAX_STATES ? SW_ERR_LIMIT : SW_ERR_NOMEM;
        state = next;
    }
    if (!grow((void **)&ac->outs, &ac->cap_outs, ac->n_outs + 1, sizeof(ac_output)))
        return SW_ERR_NOMEM;
    ac->outs[ac->n_outs] = (ac_output){pattern_id, ac->out_head[state]};
    ac->out_head[state] = ac->n_outs++;
    ac->n_patterns++;
    return SW_OK;
}

/* Byte classes: one per distinct (folded) byte on a trie edge, class 0 for every other byte;
 * upper-case letters share their lower-case class, which is what makes the scan fold case. */
static void build_classes(sw_ac *ac)
{
    memset(ac->class_of, 0, sizeof(ac->class_of));
    ac->n_classes = 1;
    for (uint32_t e = 0; e < ac->n_edges; e++) {
        uint8_t b = ac->edges[e].byte;
        if (!ac->class_of[b])
            ac->class_of[b] = (uint8_t)ac->n_classes++;
    }
    for (int c = 'A'; c <= 'Z'; c++)
        ac->class_of[c] = ac->class_of[tolower(c)];
}

/* Breadth-first: a state's failure link is the longest proper suffix that is also a trie path;
 * its missing transitions are copied from that state's row, which is already complete. */
static sw_status build_delta(sw_ac *ac)
{
    size_t n = ac->n_states, k = ac->n_classes;
    uint32_t *queue = malloc(n * sizeof(uint32_t));
    ac->fail = calloc(n, sizeof(uint32_t));
    ac->dict = malloc(n * sizeof(uint32_t));
    ac->delta = malloc(n * k * sizeof(uint32_t));
    if (!queue || !ac->fail || !ac->dict || !ac->delta) {
        free(queue);
        return SW_ERR_NOMEM;
    }
    size_t head = 0, tail = 0;
    for (size_t c = 0; c < k; c++)
        ac->delta[c] = 0;
    ac->dict[0] = NONE;
    for (uint32_t e = ac->first_edge[0]; e != NONE; e = ac->edges[e].next) {
        uint32_t t = ac->edges[e].target;
        ac->delta[ac->class_of[ac->edges[e].byte]] = t;
        ac->fail[t] = 0;
        ac->dict[t] = NONE;
        queue[tail++] = t;
    }
    while (head < tail) {
        uint32_t s = queue[head++];
        memcpy(&ac->delta[(size_t)s * k], &ac->delta[(size_t)ac->fail[s] * k],
               k * sizeof(uint32_t));
        for (uint32_t e = ac->first_edge[s]; e != NONE; e = ac->edges[e].next) {
            uint32_t t = ac->edges[e].target;
            uint32_t f = ac->delta[(size_t)ac->fail[s] * k + ac->class_of[ac->edges[e].byte]];
            ac->fail[t] = f;
            ac->dict[t] = ac->out_head[f] != NONE ? f : ac->dict[f];
            queue[tail++] = t;
        }
        for (uint32_t e = ac->first_edge[s]; e != NONE; e = ac->edges[e].next)
            ac->delta[(size_t)s * k + ac->class_of[ac->edges[e].byte]] = ac->edges[e].target;
    }
    free(queue);
    return SW_OK;
}

sw_status sw_ac_compile(sw_ac *ac)
{
    if (!ac || ac->compiled)
        return SW_ERR_INVALID;
    build_classes(ac);
    sw_status st = build_delta(ac);
    if (st == SW_OK)
        ac->compiled = 1;
    return st;
}

size_t sw_ac_scan(const sw_ac *ac, const uint8_t *data, size_t len, sw_ac_match_cb cb, void *user)
{
    if (!ac || !ac->compiled || ac->n_patterns == 0)
        return 0;
    sw_cursor cur = sw_cur_init(data, len);
    uint32_t s = 0;
    size_t found = 0, k = ac->n_classes;
    while (sw_cur_left(&cur) > 0) {
        s = ac->delta[(size_t)s * k + ac->class_of[sw_cur_u8(&cur)]];
        for (uint32_t p = ac->out_head[s] != NONE ? s : ac->dict[s]; p != NONE; p = ac->dict[p]) {
            for (uint32_t o = ac->out_head[p]; o != NONE; o = ac->outs[o].next) {
                found++;
                if (cb && cb(ac->outs[o].pattern_id, cur.off, user))
                    return found;
            }
        }
    }
    return found;
}

size_t sw_ac_pattern_count(const sw_ac *ac)
{
    return ac ? ac->n_patterns : 0;
}

size_t sw_ac_state_count(const sw_ac *ac)
{
    return ac ? ac->n_states : 0;
}

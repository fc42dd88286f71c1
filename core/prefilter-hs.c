/* Hyperscan prefilter backend. Every pattern is compiled as a literal (hs_compile_lit_multi,
 * Hyperscan 5.2+) or, on older releases, as a regular expression with every byte escaped as \xHH
 * so binary content and metacharacters stay literal. HS_FLAG_SINGLEMATCH: the rule engine only
 * needs to know that a pattern occurs, so one report per pattern per scan is enough and saves
 * callbacks on repetitive payloads. */
#ifdef SEAWALL_HAVE_HS

#include "prefilter-hs.h"

#include <hs.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct hs_pattern {
    uint8_t *bytes;
    size_t len;
    unsigned flags; /* SW_PF_* */
    uint32_t id;
} hs_pattern;

struct sw_hs {
    hs_pattern *pats;
    size_t n, cap;
    int compiled;
    hs_database_t *db; /* NULL when compiled with no patterns */
};

int sw_hs_available(void)
{
    return hs_valid_platform() == HS_SUCCESS;
}

sw_hs *sw_hs_new(void)
{
    return calloc(1, sizeof(sw_hs));
}

void sw_hs_free(sw_hs *hs)
{
    if (!hs)
        return;
    for (size_t i = 0; i < hs->n; i++)
        free(hs->pats[i].bytes);
    free(hs->pats);
    hs_free_database(hs->db);
    free(hs);
}

sw_status sw_hs_add(sw_hs *hs, const uint8_t *pattern, size_t len, unsigned flags, uint32_t id)
{
    if (!hs || !pattern || hs->compiled || len == 0 || len > SW_PF_MAX_PATTERN)
        return SW_ERR_INVALID;
    if (hs->n == hs->cap) {
        size_t cap = hs->cap ? hs->cap * 2 : 16;
        hs_pattern *p = realloc(hs->pats, cap * sizeof(*p));
        if (!p)
            return SW_ERR_NOMEM;
        hs->pats = p;
        hs->cap = cap;
    }
    uint8_t *copy = malloc(len);
    if (!copy)
        return SW_ERR_NOMEM;
    memcpy(copy, pattern, len);
    hs->pats[hs->n++] = (hs_pattern){copy, len, flags, id};
    return SW_OK;
}

static unsigned hs_flags_of(unsigned flags)
{
    return HS_FLAG_SINGLEMATCH | ((flags & SW_PF_NOCASE) ? HS_FLAG_CASELESS : 0);
}

#if HS_MAJOR > 5 || (HS_MAJOR == 5 && HS_MINOR >= 2)
static hs_error_t compile_patterns(const sw_hs *hs, const char **expr, unsigned *flags,
                                   unsigned *ids, size_t *lens, hs_compile_error_t **cerr,
                                   hs_database_t **db)
{
    for (size_t i = 0; i < hs->n; i++) {
        expr[i] = (const char *)hs->pats[i].bytes;
        lens[i] = hs->pats[i].len;
    }
    return hs_compile_lit_multi(expr, flags, ids, lens, (unsigned)hs->n, HS_MODE_BLOCK, NULL, db,
                                cerr);
}
#else
/* Pre-5.2: a regular expression whose every byte is \xHH is the literal itself. */
static hs_error_t compile_patterns(const sw_hs *hs, const char **expr, unsigned *flags,
                                   unsigned *ids, size_t *lens, hs_compile_error_t **cerr,
                                   hs_database_t **db)
{
    (void)lens;
    hs_error_t rc = HS_NOMEM;
    size_t done = 0;
    for (; done < hs->n; done++) {
        char *e = malloc(hs->pats[done].len * 4 + 1);
        if (!e)
            goto out;
        for (size_t j = 0; j < hs->pats[done].len; j++)
            snprintf(e + j * 4, 5, "\\x%02x", hs->pats[done].bytes[j]);
        expr[done] = e;
    }
    rc = hs_compile_multi(expr, flags, ids, (unsigned)hs->n, HS_MODE_BLOCK, NULL, db, cerr);
out:
    for (size_t i = 0; i < done; i++)
        free((char *)expr[i]);
    return rc;
}
#endif

sw_status sw_hs_compile(sw_hs *hs)
{
    if (!hs || hs->compiled)
        return SW_ERR_INVALID;
    if (hs->n == 0) {
        hs->compiled = 1;
        return SW_OK;
    }
    const char **expr = calloc(hs->n, sizeof(*expr));
    unsigned *flags = calloc(hs->n, sizeof(*flags));
    unsigned *ids = calloc(hs->n, sizeof(*ids));
    size_t *lens = calloc(hs->n, sizeof(*lens));
    sw_status st = SW_ERR_NOMEM;
    if (expr && flags && ids && lens) {
        for (size_t i = 0; i < hs->n; i++) {
            flags[i] = hs_flags_of(hs->pats[i].flags);
            ids[i] = hs->pats[i].id;
        }
        hs_compile_error_t *cerr = NULL;
        hs_error_t rc = compile_patterns(hs, expr, flags, ids, lens, &cerr, &hs->db);
        st = rc == HS_SUCCESS ? SW_OK : rc == HS_NOMEM ? SW_ERR_NOMEM : SW_ERR_INVALID;
        hs_free_compile_error(cerr);
    }
    free(expr);
    free(flags);
    free(ids);
    free(lens);
    if (st == SW_OK)
        hs->compiled = 1;
    return st;
}

sw_status sw_hs_scratch_reserve(const sw_hs *hs, void **scratch)
{
    if (!hs || !scratch)
        return SW_ERR_INVALID;
    if (!hs->db)
        return SW_OK;
    hs_scratch_t *s = *scratch;
    if (hs_alloc_scratch(hs->db, &s) != HS_SUCCESS)
        return SW_ERR_NOMEM;
    *scratch = s;
    return SW_OK;
}

void sw_hs_scratch_free(void *scratch)
{
    hs_free_scratch(scratch);
}

typedef struct scan_ctx {
    sw_prefilter_cb cb;
    void *user;
    size_t reports;
} scan_ctx;

static int on_hs_match(unsigned id, unsigned long long from, unsigned long long to, unsigned flags,
                       void *user)
{
    (void)from;
    (void)to;
    (void)flags;
    scan_ctx *c = user;
    c->reports++;
    return c->cb(id, c->user);
}

size_t sw_hs_scan(const sw_hs *hs, void *scratch, const uint8_t *data, size_t len,
                  sw_prefilter_cb cb, void *user)
{
    if (!hs || !hs->db || !scratch || !data || !cb || len > 0xffffffffu)
        return 0;
    scan_ctx c = {cb, user, 0};
    /* HS_SCAN_TERMINATED only means the callback asked to stop. */
    hs_scan(hs->db, (const char *)data, (unsigned)len, 0, scratch, on_hs_match, &c);
    return c.reports;
}

size_t sw_hs_pattern_count(const sw_hs *hs)
{
    return hs ? hs->n : 0;
}

size_t sw_hs_database_size(const sw_hs *hs)
{
    size_t size = 0;
    if (hs && hs->db && hs_database_size(hs->db, &size) != HS_SUCCESS)
        size = 0;
    return size;
}

#else
/* Built without libhs: prefilter.c never calls this backend. ISO C forbids an empty unit. */
typedef int prefilter_hs_unavailable;
#endif

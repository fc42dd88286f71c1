/* Prefilter dispatch: picks a backend once per prefilter and forwards to it. */
#include "prefilter.h"

#include "prefilter-ac.h"
#include "prefilter-hs.h"

#include <stdlib.h>
#include <string.h>

struct sw_prefilter {
    sw_prefilter_backend backend; /* resolved: never SW_PF_AUTO */
    sw_ac *ac;
    sw_hs *hs;
};

struct sw_prefilter_scratch {
    void *hs; /* hs_scratch_t*, grown for every prefilter it serves */
};

int sw_prefilter_available(sw_prefilter_backend b)
{
    if (b == SW_PF_AHO_CORASICK)
        return 1;
#ifdef SEAWALL_HAVE_HS
    if (b == SW_PF_HYPERSCAN)
        return sw_hs_available();
#endif
    return 0;
}

sw_prefilter_backend sw_prefilter_resolve(sw_prefilter_backend want)
{
    if (want == SW_PF_AUTO) {
        const char *env = getenv("SEAWALL_PREFILTER");
        if (!env || sw_prefilter_backend_parse(env, &want) != SW_OK)
            want = SW_PF_AUTO;
    }
    if (want == SW_PF_AUTO)
        want = SW_PF_HYPERSCAN;
    return sw_prefilter_available(want) ? want : SW_PF_AHO_CORASICK;
}

const char *sw_prefilter_backend_name(sw_prefilter_backend b)
{
    switch (b) {
    case SW_PF_AUTO:
        return "auto";
    case SW_PF_AHO_CORASICK:
        return "aho-corasick";
    case SW_PF_HYPERSCAN:
        return "hyperscan";
    }
    return "unknown";
}

sw_status sw_prefilter_backend_parse(const char *name, sw_prefilter_backend *out)
{
    static const sw_prefilter_backend all[] = {SW_PF_AUTO, SW_PF_AHO_CORASICK, SW_PF_HYPERSCAN};
    for (size_t i = 0; name && out && i < sizeof(all) / sizeof(all[0]); i++)
        if (strcmp(name, sw_prefilter_backend_name(all[i])) == 0) {
            *out = all[i];
            return SW_OK;
        }
    return SW_ERR_INVALID;
}

sw_prefilter *sw_prefilter_new(sw_prefilter_backend want)
{
    sw_prefilter *pf = calloc(1, sizeof(*pf));
    if (!pf)
        return NULL;
    pf->backend = sw_prefilter_resolve(want);
#ifdef SEAWALL_HAVE_HS
    if (pf->backend == SW_PF_HYPERSCAN)
        pf->hs = sw_hs_new();
#endif
    if (pf->backend == SW_PF_AHO_CORASICK)
        pf->ac = sw_ac_new();
    if (!pf->ac && !pf->hs) {
        free(pf);
        return NULL;
    }
    return pf;
}

void sw_prefilter_free(sw_prefilter *pf)
{
    if (!pf)
        return;
    sw_ac_free(pf->ac);
#ifdef SEAWALL_HAVE_HS
    sw_hs_free(pf->hs);
#endif
    free(pf);
}

sw_prefilter_backend sw_prefilter_backend_of(const sw_prefilter *pf)
{
    return pf ? pf->backend : SW_PF_AUTO;
}

sw_status sw_prefilter_add(sw_prefilter *pf, const uint8_t *pattern, size_t len, unsigned flags,
                           uint32_t pattern_id)
{
    if (!pf || len > SW_PF_MAX_PATTERN)
        return SW_ERR_INVALID;
#ifdef SEAWALL_HAVE_HS
    if (pf->hs)
        return sw_hs_add(pf->hs, pattern, len, flags, pattern_id);
#endif
    (void)flags; /* AC folds case for every pattern: a superset of candidates */
    return sw_ac_add(pf->ac, pattern, len, pattern_id);
}

sw_status sw_prefilter_compile(sw_prefilter *pf)
{
    if (!pf)
        return SW_ERR_INVALID;
#ifdef SEAWALL_HAVE_HS
    if (pf->hs)
        return sw_hs_compile(pf->hs);
#endif
    return sw_ac_compile(pf->ac);
}

sw_status sw_prefilter_scratch_reserve(const sw_prefilter *pf, sw_prefilter_scratch **scratch)
{
    if (!pf || !scratch)
        return SW_ERR_INVALID;
#ifdef SEAWALL_HAVE_HS
    if (pf->hs) {
        if (!*scratch && !(*scratch = calloc(1, sizeof(**scratch))))
            return SW_ERR_NOMEM;
        return sw_hs_scratch_reserve(pf->hs, &(*scratch)->hs);
    }
#endif
    return SW_OK;
}

void sw_prefilter_scratch_free(sw_prefilter_scratch *scratch)
{
    if (!scratch)
        return;
#ifdef SEAWALL_HAVE_HS
    sw_hs_scratch_free(scratch->hs);
#endif
    free(scratch);
}

typedef struct ac_adapter {
    sw_prefilter_cb cb;
    void *user;
} ac_adapter;

static int on_ac_match(uint32_t pattern_id, size_t end, void *user)
{
    (void)end;
    const ac_adapter *a = user;
    return a->cb(pattern_id, a->user);
}

size_t sw_prefilter_scan(const sw_prefilter *pf, sw_prefilter_scratch *scratch, const uint8_t *data,
                         size_t len, sw_prefilter_cb cb, void *user)
{
    if (!pf || !cb)
        return 0;
#ifdef SEAWALL_HAVE_HS
    if (pf->hs)
        return scratch ? sw_hs_scan(pf->hs, scratch->hs, data, len, cb, user) : 0;
#endif
    (void)scratch;
    ac_adapter a = {cb, user};
    return sw_ac_scan(pf->ac, data, len, on_ac_match, &a);
}

size_t sw_prefilter_pattern_count(const sw_prefilter *pf)
{
    if (!pf)
        return 0;
#ifdef SEAWALL_HAVE_HS
    if (pf->hs)
        return sw_hs_pattern_count(pf->hs);
#endif
    return sw_ac_pattern_count(pf->ac);
}

size_t sw_prefilter_state_count(const sw_prefilter *pf)
{
    if (!pf)
        return 0;
#ifdef SEAWALL_HAVE_HS
    if (pf->hs)
        return sw_hs_database_size(pf->hs);
#endif
    return sw_ac_state_count(pf->ac);
}

/* The detection catalog loader: signatures/catalog.yaml -> validated, read-only entries.
 *
 * Entries borrow their strings from the parsed YAML tree, which the catalog keeps alive. */
#include "catalog.h"

#include "conf.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Far above the ~50 ids of the design; refuses a runaway file instead of allocating for it. */
#define SW_CATALOG_MAX_ENTRIES 4096

struct sw_catalog {
    sw_conf_node *tree;
    sw_catalog_entry *entries;
    size_t count;
};

static const char *const severity_names[] = {NULL, "critical", "high", "medium", "low"};

const char *sw_severity_name(sw_severity sev)
{
    if (sev < SW_SEV_CRITICAL || sev > SW_SEV_LOW)
        return "unknown";
    return severity_names[sev];
}

sw_status sw_severity_parse(const char *text, sw_severity *out)
{
    for (int s = SW_SEV_CRITICAL; text && s <= SW_SEV_LOW; s++) {
        if (strcasecmp(text, severity_names[s]) == 0) {
            *out = (sw_severity)s;
            return SW_OK;
        }
    }
    return SW_ERR_INVALID;
}

/* ST-<FAMILY>-<NNN>: FAMILY is 2 to 8 upper-case letters or digits starting with a letter
 * (C2 is a family), NNN exactly three digits. */
static int id_is_valid(const char *id)
{
    if (strncmp(id, "ST-", 3) != 0)
        return 0;
    const char *p = id + 3;
    size_t fam = 0;
    if (!(*p >= 'A' && *p <= 'Z'))
        return 0;
    while ((*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9')) {
        p++;
        fam++;
    }
    if (fam < 2 || fam > 8 || *p != '-')
        return 0;
    p++;
    for (int i = 0; i < 3; i++, p++)
        if (!(*p >= '0' && *p <= '9'))
            return 0;
    return *p == '\0';
}

/* MITRE ATT&CK technique ids: T<4 digits>, optionally .<3 digits> for a sub-technique. */
static int attack_is_valid(const char *t)
{
    size_t len = strlen(t);
    if ((len != 5 && len != 9) || t[0] != 'T')
        return 0;
    for (size_t i = 1; i < len; i++) {
        if (i == 5) {
            if (t[i] != '.')
                return 0;
        } else if (!(t[i] >= '0' && t[i] <= '9')) {
            return 0;
        }
    }
    return 1;
}

static sw_status need_text(const sw_conf_node *item, const char *key, const char **out,
                           sw_error *err)
{
    const sw_conf_node *n = sw_conf_get(item, key);
    if (!n)
        return sw_conf_error(item, key, err, "required key is missing");
    sw_status st = sw_conf_get_str(item, key, out, err);
    if (st == SW_OK && (*out)[0] == '\0')
        return sw_conf_error(n, key, err, "must not be empty");
    return st;
}

static sw_status read_attack(const sw_conf_node *item, sw_catalog_entry *e, sw_error *err)
{
    const sw_conf_node *list = sw_conf_get(item, "attack");
    if (!list)
        return sw_conf_error(item, "attack", err, "required key is missing");
    if (sw_conf_kind_of(list) != SW_CONF_SEQ)
        return sw_conf_error(list, "attack", err, "must be a list of ATT&CK technique ids");
    size_t n = sw_conf_count(list);
    if (n == 0)
        return sw_conf_error(list, "attack", err, "must name at least one ATT&CK technique");
    if (n >= SW_CATALOG_MAX_ATTACK)
        return sw_conf_error(list, "attack", err, "at most %d techniques",
                             SW_CATALOG_MAX_ATTACK - 1);
    for (size_t i = 0; i < n; i++) {
        const char *t = sw_conf_scalar(sw_conf_at(list, i));
        if (!t || !attack_is_valid(t))
            return sw_conf_error(sw_conf_at(list, i), "attack", err,
                                 "'%s' is not an ATT&CK technique id like T1190 or T1021.004",
                                 t ? t : "(list)");
        e->attack[i] = t;
    }
    e->attack[n] = NULL;
    return SW_OK;
}

static sw_status read_numbers(const sw_conf_node *item, sw_catalog_entry *e, sw_error *err)
{
    uint64_t gid = 1, sid = 0, rev = 0;
    static const char *const required[] = {"sid", "rev"};
    for (size_t i = 0; i < 2; i++)
        if (!sw_conf_get(item, required[i]))
            return sw_conf_error(item, required[i], err, "required key is missing");
    sw_status st = sw_conf_get_u64(item, "gid", 1, UINT32_MAX, &gid, err);
    if (st == SW_OK)
        st = sw_conf_get_u64(item, "sid", 1, UINT32_MAX, &sid, err);
    if (st == SW_OK)
        st = sw_conf_get_u64(item, "rev", 1, UINT32_MAX, &rev, err);
    e->gid = (uint32_t)gid;
    e->sid = (uint32_t)sid;
    e->rev = (uint32_t)rev;
    return st;
}

static sw_status read_entry(const sw_conf_node *item, sw_catalog_entry *e, sw_error *err)
{
    static const char *const keys[] = {"id",       "gid",      "sid",    "rev",         "signature",
                                       "category", "severity", "attack", "description", NULL};
    if (sw_conf_kind_of(item) != SW_CONF_MAP)
        return sw_conf_error(item, "detections", err, "each entry must be a map");
    sw_status st = sw_conf_check_keys(item, keys, "catalog entry", err);
    if (st == SW_OK)
        st = need_text(item, "id", &e->id, err);
    if (st == SW_OK && !id_is_valid(e->id))
        return sw_conf_error(sw_conf_get(item, "id"), "id", err,
                             "'%s' is not an id like ST-TUN-001", e->id);
    if (st == SW_OK)
        st = read_numbers(item, e, err);
    if (st == SW_OK)
        st = need_text(item, "signature", &e->signature, err);
    if (st == SW_OK)
        st = need_text(item, "category", &e->category, err);
    const char *sev = NULL;
    if (st == SW_OK)
        st = need_text(item, "severity", &sev, err);
    if (st == SW_OK && sw_severity_parse(sev, &e->severity) != SW_OK)
        return sw_conf_error(sw_conf_get(item, "severity"), "severity", err,
                             "'%s' is not critical, high, medium or low", sev);
    if (st == SW_OK)
        st = read_attack(item, e, err);
    e->description = "";
    if (st == SW_OK)
        st = sw_conf_get_str(item, "description", &e->description, err);
    return st;
}

/* Ids and sids are stable references from EVE consumers: one meaning each, forever. */
static sw_status check_unique(const sw_catalog *cat, const sw_conf_node *item, sw_error *err)
{
    const sw_catalog_entry *e = &cat->entries[cat->count];
    for (size_t i = 0; i < cat->count; i++) {
        if (strcmp(cat->entries[i].id, e->id) == 0)
            return sw_error_set(err, SW_ERR_DUPLICATE, sw_conf_file(item),
                                sw_conf_line(sw_conf_get(item, "id")), "id",
                                "duplicate id %s (also entry %zu)", e->id, i + 1);
        if (cat->entries[i].sid == e->sid)
            return sw_error_set(err, SW_ERR_DUPLICATE, sw_conf_file(item),
                                sw_conf_line(sw_conf_get(item, "sid")), "sid",
                                "duplicate sid %u (also %s)", e->sid, cat->entries[i].id);
    }
    return SW_OK;
}

static sw_status build(sw_catalog *cat, sw_error *err)
{
    static const char *const top[] = {"detections", NULL};
    sw_status st = sw_conf_check_keys(cat->tree, top, "catalog", err);
    if (st != SW_OK)
        return st;
    const sw_conf_node *list = sw_conf_get(cat->tree, "detections");
    if (!list)
        return sw_conf_error(cat->tree, "detections", err, "required key is missing");
    if (sw_conf_kind_of(list) != SW_CONF_SEQ)
        return sw_conf_error(list, "detections", err, "must be a list of entries");
    size_t n = sw_conf_count(list);
    if (n > SW_CATALOG_MAX_ENTRIES)
        return sw_error_set(err, SW_ERR_LIMIT, sw_conf_file(list), sw_conf_line(list), "detections",
                            "%zu entries, at most %d allowed", n, SW_CATALOG_MAX_ENTRIES);
    cat->entries = calloc(n ? n : 1, sizeof(*cat->entries));
    if (!cat->entries)
        return SW_ERR_NOMEM;
    for (size_t i = 0; i < n; i++) {
        const sw_conf_node *item = sw_conf_at(list, i);
        if ((st = read_entry(item, &cat->entries[i], err)) != SW_OK)
            return st;
        if ((st = check_unique(cat, item, err)) != SW_OK)
            return st;
        cat->count++;
    }
    return SW_OK;
}

static sw_status adopt(sw_conf_node *tree, sw_catalog **out, sw_error *err)
{
    sw_catalog *cat = calloc(1, sizeof(*cat));
    if (!cat) {
        sw_conf_free(tree);
        return SW_ERR_NOMEM;
    }
    cat->tree = tree;
    sw_status st = build(cat, err);
    if (st != SW_OK) {
        sw_catalog_free(cat);
        return st;
    }
    *out = cat;
    return SW_OK;
}

sw_status sw_catalog_load_string(const char *text, size_t len, const char *name, sw_catalog **out,
                                 sw_error *err)
{
    sw_conf_node *tree = NULL;
    if (!out)
        return SW_ERR_INVALID;
    *out = NULL;
    sw_status st = sw_conf_load_string(text, len, name, &tree, err);
    return st == SW_OK ? adopt(tree, out, err) : st;
}

sw_status sw_catalog_load_file(const char *path, sw_catalog **out, sw_error *err)
{
    sw_conf_node *tree = NULL;
    if (!out)
        return SW_ERR_INVALID;
    *out = NULL;
    sw_status st = sw_conf_load_file(path, &tree, err);
    return st == SW_OK ? adopt(tree, out, err) : st;
}

void sw_catalog_free(sw_catalog *cat)
{
    if (!cat)
        return;
    free(cat->entries);
    sw_conf_free(cat->tree);
    free(cat);
}

size_t sw_catalog_count(const sw_catalog *cat)
{
    return cat ? cat->count : 0;
}

const sw_catalog_entry *sw_catalog_at(const sw_catalog *cat, size_t i)
{
    return cat && i < cat->count ? &cat->entries[i] : NULL;
}

const sw_catalog_entry *sw_catalog_find(const sw_catalog *cat, const char *id)
{
    for (size_t i = 0; cat && id && i < cat->count; i++)
        if (strcmp(cat->entries[i].id, id) == 0)
            return &cat->entries[i];
    return NULL;
}

const sw_catalog_entry *sw_catalog_find_sid(const sw_catalog *cat, uint32_t sid)
{
    for (size_t i = 0; cat && i < cat->count; i++)
        if (cat->entries[i].sid == sid)
            return &cat->entries[i];
    return NULL;
}

/* Reads the threshold.config subset of hygiene.h. Syntax follows Suricata's threshold.config
 * (docs.suricata.io, "Global-Thresholds"): one rule per line, `#` comments, fields
 * `key value` separated by commas; an `ip` value may be a bracketed list. */
#include "hygiene-int.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define HYG_MAX_RULES   4096
#define HYG_MAX_LINE    4096
#define HYG_MAX_FIELDS  16
#define HYG_MAX_SECONDS (30u * 86400u)

typedef struct hyg_field {
    char *key, *value;
} hyg_field;

typedef struct hyg_ctx {
    const char *name;
    unsigned line;
    const sw_catalog *catalog;
    sw_error *err;
} hyg_ctx;

static char *trim(char *s)
{
    while (isspace((unsigned char)*s))
        s++;
    size_t n = strlen(s);
    while (n && isspace((unsigned char)s[n - 1]))
        s[--n] = '\0';
    return s;
}

/* Splits "k v, k v, ip [a, b]" on commas outside brackets into key/value pairs. */
static int split_fields(char *rest, hyg_field *f, size_t *n)
{
    *n = 0;
    while (*rest) {
        char *start = rest;
        int depth = 0;
        while (*rest && (depth || *rest != ',')) {
            depth += *rest == '[' ? 1 : *rest == ']' ? -1 : 0;
            rest++;
        }
        if (*rest)
            *rest++ = '\0';
        char *item = trim(start);
        if (*n == HYG_MAX_FIELDS || !*item)
            return -1;
        char *sp = item;
        while (*sp && !isspace((unsigned char)*sp))
            sp++;
        if (*sp)
            *sp++ = '\0';
        f[*n].key = item;
        f[(*n)++].value = trim(sp);
    }
    return 0;
}

static sw_status fail(hyg_ctx *c, const char *key, const char *fmt, const char *value)
{
    return sw_error_set(c->err, SW_ERR_PARSE, c->name, c->line, key, fmt, value);
}

static sw_status get_u32(hyg_ctx *c, const char *key, const char *v, uint32_t max, uint32_t *out)
{
    char *end = NULL;
    errno = 0;
    unsigned long n = strtoul(v, &end, 10);
    if (!isdigit((unsigned char)v[0]) || *end || errno || n > max) {
        char msg[96];
        snprintf(msg, sizeof(msg), "expected a number from 0 to %u, got '%%s'", max);
        return fail(c, key, msg, v);
    }
    *out = (uint32_t)n;
    return SW_OK;
}

/* sig_id is a number or a catalog id (ST-...), which also fixes gen_id. */
static sw_status get_sig(hyg_ctx *c, const char *v, hyg_rule *r, int *gid_from_catalog)
{
    if (!isdigit((unsigned char)v[0])) {
        const sw_catalog_entry *e = c->catalog ? sw_catalog_find(c->catalog, v) : NULL;
        if (!e)
            return fail(c, "sig_id", "'%s' is neither a number nor a catalog id", v);
        r->sid = e->sid;
        r->gid = e->gid;
        *gid_from_catalog = 1;
        return SW_OK;
    }
    return get_u32(c, "sig_id", v, UINT32_MAX, &r->sid);
}

static sw_status get_track(hyg_ctx *c, const char *v, hyg_rule *r)
{
    static const struct {
        const char *name;
        hyg_track track;
    } names[] = {{"by_src", HYG_TRACK_SRC},
                 {"by_dst", HYG_TRACK_DST},
                 {"by_both", HYG_TRACK_BOTH},
                 {"by_either", HYG_TRACK_EITHER},
                 {"by_rule", HYG_TRACK_RULE}};
    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
        if (strcmp(v, names[i].name) == 0) {
            r->track = names[i].track;
            return SW_OK;
        }
    return fail(c, "track", "'%s': expected by_src, by_dst, by_both, by_either or by_rule", v);
}

static sw_status get_type(hyg_ctx *c, const char *v, hyg_rule *r)
{
    if (strcmp(v, "limit") == 0)
        r->type = HYG_LIMIT;
    else if (strcmp(v, "threshold") == 0)
        r->type = HYG_EVERY_NTH;
    else if (strcmp(v, "both") == 0)
        r->type = HYG_ONCE_AFTER;
    else
        return fail(c, "type", "'%s': expected limit, threshold or both", v);
    return SW_OK;
}

static sw_status get_action(hyg_ctx *c, const char *v, hyg_rule *r)
{
    static const char *const withholding[] = {"drop", "pass", "reject"};
    if (strcmp(v, "alert") == 0) {
        r->rate_withholds = 0;
        return SW_OK;
    }
    for (size_t i = 0; i < sizeof(withholding) / sizeof(withholding[0]); i++)
        if (strcmp(v, withholding[i]) == 0) {
            r->rate_withholds = 1;
            return SW_OK;
        }
    return fail(c, "new_action", "'%s': expected alert, drop, pass or reject", v);
}

static sw_status get_ips(hyg_ctx *c, char *v, hyg_rule *r)
{
    if (v[0] == '$')
        return fail(c, "ip", "'%s': variables are not supported; write the address or CIDR", v);
    size_t n = strlen(v);
    if (v[0] == '[') {
        if (n < 2 || v[n - 1] != ']')
            return fail(c, "ip", "'%s': unterminated list", v);
        v[n - 1] = '\0';
        v++;
    }
    if (!r->addresses && !(r->addresses = sw_netset_new()))
        return sw_error_set(c->err, SW_ERR_NOMEM, c->name, c->line, "ip", "out of memory");
    for (char *save = NULL, *tok = strtok_r(v, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
        sw_error e2 = {0};
        if (sw_netset_add(r->addresses, trim(tok), 1, &e2) != SW_OK)
            return fail(c, "ip", "'%s' is not an address or CIDR", trim(tok));
    }
    return SW_OK;
}

static sw_status apply_field(hyg_ctx *c, hyg_field *f, hyg_rule *r, unsigned *seen, int *gidcat)
{
    static const char *const keys[] = {"gen_id",  "sig_id",     "type",    "track", "count",
                                       "seconds", "new_action", "timeout", "ip",    NULL};
    uint32_t secs = 0;
    sw_status st = SW_OK;
    size_t k = 0;
    while (keys[k] && strcmp(keys[k], f->key) != 0)
        k++;
    if (!keys[k])
        return fail(c, f->key, "unknown field '%s'", f->key);
    if (*seen & (1u << k))
        return fail(c, f->key, "field '%s' given twice", f->key);
    *seen |= 1u << k;
    switch (k) {
    case 0:
        if (*gidcat)
            break; /* a catalog id already fixed gen_id */
        st = get_u32(c, "gen_id", f->value, UINT32_MAX, &r->gid);
        break;
    case 1:
        st = get_sig(c, f->value, r, gidcat);
        break;
    case 2:
        st = get_type(c, f->value, r);
        break;
    case 3:
        st = get_track(c, f->value, r);
        break;
    case 4:
        st = get_u32(c, "count", f->value, 1000000, &r->count);
        break;
    case 5:
    case 7:
        st = get_u32(c, keys[k], f->value, HYG_MAX_SECONDS, &secs);
        *(k == 5 ? &r->window_us : &r->timeout_us) = (int64_t)secs * 1000000;
        break;
    case 6:
        st = get_action(c, f->value, r);
        break;
    default:
        st = get_ips(c, f->value, r);
    }
    return st;
}

/* Which fields each kind needs (bit i = keys[i] of apply_field) and may have. */
static sw_status check_shape(hyg_ctx *c, hyg_rule *r, unsigned seen)
{
    static const struct {
        unsigned need, allow;
    } shape[] = {
        [HYG_SUPPRESS] = {0x002, 0x10b},
        [HYG_THRESHOLD] = {0x03e, 0x03f},
        [HYG_RATE] = {0x0fa, 0x0fb},
        [HYG_AGGREGATE] = {0x02a, 0x02b},
    };
    static const char *const keys[] = {"gen_id",  "sig_id",     "type",    "track", "count",
                                       "seconds", "new_action", "timeout", "ip"};
    for (unsigned i = 0; i < 9; i++) {
        if ((shape[r->kind].need & (1u << i)) && !(seen & (1u << i)))
            return fail(c, keys[i], "this rule needs '%s'", keys[i]);
        if (!(shape[r->kind].allow & (1u << i)) && (seen & (1u << i)))
            return fail(c, keys[i], "'%s' does not belong in this kind of rule", keys[i]);
    }
    int suppress = r->kind == HYG_SUPPRESS;
    if (suppress && ((r->track != HYG_TRACK_NONE) != (r->addresses != NULL)))
        return fail(c, "track", "%s", "suppress takes both `track` and `ip`, or neither");
    if (suppress && r->track != HYG_TRACK_NONE && r->track != HYG_TRACK_SRC &&
        r->track != HYG_TRACK_DST && r->track != HYG_TRACK_EITHER)
        return fail(c, "track", "%s", "suppress tracks by_src, by_dst or by_either");
    if (!suppress && r->track == HYG_TRACK_EITHER)
        return fail(c, "track", "%s", "by_either is for suppress only");
    if (!suppress && r->window_us == 0)
        return fail(c, "seconds", "%s", "a window of at least 1 second is needed");
    if ((r->kind == HYG_THRESHOLD || r->kind == HYG_RATE) && r->count == 0)
        return fail(c, "count", "%s", "count must be at least 1");
    return SW_OK;
}

static sw_status parse_line(hyg_ctx *c, char *text, hyg_rule *r)
{
    static const char *const kinds[] = {"suppress", "threshold", "rate_filter", "aggregate"};
    memset(r, 0, sizeof(*r)); /* the caller frees r->addresses on every failure */
    char *rest = text;
    while (*rest && !isspace((unsigned char)*rest))
        rest++;
    if (*rest)
        *rest++ = '\0';
    size_t k = 0;
    while (k < 4 && strcmp(kinds[k], text) != 0)
        k++;
    if (k == 4)
        return fail(c, text, "unknown rule '%s' (suppress, threshold, rate_filter, aggregate)",
                    text);
    r->kind = (hyg_kind)k;
    r->line = c->line;
    r->gid = 1; /* Suricata's default generator when gen_id is left out */
    hyg_field f[HYG_MAX_FIELDS];
    size_t n = 0;
    if (split_fields(rest, f, &n) != 0)
        return fail(c, kinds[k], "%s", "empty field or more than 16 fields");
    unsigned seen = 0;
    int gidcat = 0;
    sw_status st = SW_OK;
    for (size_t i = 0; i < n && st == SW_OK; i++)
        st = apply_field(c, &f[i], r, &seen, &gidcat);
    if (st == SW_OK && gidcat)
        seen |= 1u; /* a catalog id stands for gen_id too */
    return st == SW_OK ? check_shape(c, r, seen) : st;
}

void sw_hygiene_rules_free(sw_hygiene_rules *rules)
{
    if (!rules)
        return;
    for (size_t i = 0; i < rules->n; i++)
        sw_netset_free(rules->rule[i].addresses);
    free(rules->rule);
    free(rules);
}

size_t sw_hygiene_rules_count(const sw_hygiene_rules *rules)
{
    return rules ? rules->n : 0;
}

static sw_status add_line(hyg_ctx *c, char *line, sw_hygiene_rules *rs, size_t *cap)
{
    char *hash = strchr(line, '#');
    if (hash)
        *hash = '\0';
    char *text = trim(line);
    if (!*text)
        return SW_OK;
    if (rs->n == HYG_MAX_RULES)
        return fail(c, "", "more than %s rules", "4096");
    if (rs->n == *cap) {
        size_t ncap = *cap ? *cap * 2 : 16;
        hyg_rule *grown = realloc(rs->rule, ncap * sizeof(*grown));
        if (!grown)
            return sw_error_set(c->err, SW_ERR_NOMEM, c->name, c->line, NULL, "out of memory");
        rs->rule = grown;
        *cap = ncap;
    }
    sw_status st = parse_line(c, text, &rs->rule[rs->n]);
    if (st != SW_OK)
        sw_netset_free(rs->rule[rs->n].addresses);
    else
        rs->n++;
    return st;
}

sw_status sw_hygiene_rules_load_string(const char *text, size_t len, const char *name,
                                       const sw_catalog *catalog, sw_hygiene_rules **out,
                                       sw_error *err)
{
    *out = NULL;
    hyg_ctx c = {name ? name : "<string>", 0, catalog, err};
    sw_hygiene_rules *rs = calloc(1, sizeof(*rs));
    if (!rs)
        return sw_error_set(err, SW_ERR_NOMEM, c.name, 0, NULL, "out of memory");
    size_t cap = 0, pos = 0;
    sw_status st = SW_OK;
    char line[HYG_MAX_LINE];
    while (pos < len && st == SW_OK) {
        size_t n = 0;
        while (pos + n < len && text[pos + n] != '\n')
            n++;
        c.line++;
        if (n >= sizeof(line)) {
            st = fail(&c, "", "line longer than %s characters", "4095");
            break;
        }
        memcpy(line, text + pos, n);
        line[n] = '\0';
        pos += n + 1;
        st = add_line(&c, line, rs, &cap);
    }
    if (st != SW_OK) {
        sw_hygiene_rules_free(rs);
        return st;
    }
    *out = rs;
    return SW_OK;
}

sw_status sw_hygiene_rules_load_file(const char *path, const sw_catalog *catalog,
                                     sw_hygiene_rules **out, sw_error *err)
{
    *out = NULL;
    FILE *f = fopen(path, "rb");
    if (!f)
        return sw_error_set(err, SW_ERR_IO, path, 0, NULL, "cannot open: %s", strerror(errno));
    char *buf = NULL;
    size_t len = 0, cap = 0;
    sw_status st = SW_OK;
    for (;;) {
        if (len == cap) {
            cap = cap ? cap * 2 : 65536;
            char *grown = cap <= (16u << 20) ? realloc(buf, cap) : NULL;
            if (!grown) {
                st = sw_error_set(err, SW_ERR_LIMIT, path, 0, NULL, "larger than 16 MiB");
                break;
            }
            buf = grown;
        }
        size_t got = fread(buf + len, 1, cap - len, f);
        len += got;
        if (got == 0)
            break;
    }
    if (st == SW_OK && ferror(f))
        st = sw_error_set(err, SW_ERR_IO, path, 0, NULL, "read error");
    fclose(f);
    if (st == SW_OK)
        st = sw_hygiene_rules_load_string(buf, len, path, catalog, out, err);
    free(buf);
    return st;
}

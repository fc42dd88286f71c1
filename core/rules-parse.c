/* Rule text -> sw_rule: lines (with backslash continuation), the header
 * `action proto src sp -> dst dp` and the option list `(key:value; ...)`, as Suricata reads them
 * (Suricata user guide, "Rules format"). A rule that cannot be honoured is skipped with a warning
 * naming file:line and the keyword, never half-loaded. */
#include "rules-int.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define HEADER_FIELDS 7

sw_ruleset *sw_ruleset_new(void)
{
    sw_ruleset *rs = calloc(1, sizeof(*rs));
    if (!rs)
        return NULL;
    rs->warnings = calloc(SW_RULES_MAX_WARNINGS, sizeof(sw_error));
    rs->default_home = sw_netset_new();
    static const char *const rfc1918[] = {"10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"};
    int ok = rs->warnings && rs->default_home;
    for (size_t i = 0; ok && i < 3; i++)
        ok = sw_netset_add(rs->default_home, rfc1918[i], 1, NULL) == SW_OK;
    if (!ok) {
        sw_ruleset_free(rs);
        return NULL;
    }
    return rs;
}

void sw_ruleset_free(sw_ruleset *rs)
{
    if (!rs)
        return;
    for (size_t i = 0; i < rs->n_rules; i++)
        rule_free(rs->rules[i]);
    free(rs->rules);
    free(rs->warnings);
    for (int b = 0; b < RB_COUNT; b++)
        sw_prefilter_free(rs->pf[b]);
    for (int h = 0; h < HOOK_COUNT; h++)
        free(rs->unfiltered[h]);
    sw_netset_free(rs->default_home);
    free(rs);
}

uint32_t rules_name_hash(const char *name)
{
    uint32_t h = 2166136261u; /* FNV-1a */
    for (; *name; name++)
        h = (h ^ (uint8_t)*name) * 16777619u;
    return h;
}

void rules_warn(sw_ruleset *rs, const char *file, unsigned line, const char *key, const char *fmt,
                ...)
{
    if (rs->n_warnings >= SW_RULES_MAX_WARNINGS)
        return;
    sw_error *w = &rs->warnings[rs->n_warnings++];
    char text[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(text, sizeof(text), fmt, ap);
    va_end(ap);
    sw_error_set(w, SW_ERR_PARSE, file, line, key, "%s", text);
}

int rules_fail(rule_parse *p, const char *key, const char *fmt, ...)
{
    snprintf(p->bad_key, sizeof(p->bad_key), "%s", key ? key : "");
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(p->why, sizeof(p->why), fmt, ap);
    va_end(ap);
    return -1;
}

/* Splits the header on blanks, keeping bracketed lists ("[a, b]") as one field. */
static int split_header(char *h, char *fields[HEADER_FIELDS])
{
    int n = 0, depth = 0;
    char *start = NULL;
    for (char *c = h;; c++) {
        int end = *c == '\0';
        if (!end && (*c == '['))
            depth++;
        if (!end && *c == ']')
            depth--;
        if (end || (isspace((unsigned char)*c) && depth <= 0)) {
            if (start) {
                if (n == HEADER_FIELDS)
                    return -1;
                fields[n++] = start;
                start = NULL;
            }
            if (end)
                break;
            *c = '\0';
        } else if (!start) {
            start = c;
        }
    }
    return n == HEADER_FIELDS && depth == 0 ? 0 : -1;
}

static int parse_proto(const char *s, rule_proto *out)
{
    static const struct {
        const char *name;
        rule_proto proto;
    } protos[] = {{"ip", RP_IP},      {"tcp", RP_TCP}, {"udp", RP_UDP}, {"http", RP_HTTP},
                  {"http1", RP_HTTP}, {"tls", RP_TLS}, {"dns", RP_DNS}, {"ssh", RP_SSH}};
    for (size_t i = 0; i < sizeof(protos) / sizeof(protos[0]); i++)
        if (strcmp(s, protos[i].name) == 0) {
            *out = protos[i].proto;
            return 0;
        }
    return -1;
}

static int parse_header(rule_parse *p, char *header)
{
    char *f[HEADER_FIELDS];
    if (split_header(header, f) != 0)
        return rules_fail(p, "header", "expected 'action proto src sport -> dst dport'");
    sw_rule *r = p->rule;
    if (strcmp(f[0], "alert") == 0)
        r->alert = 1;
    else if (strcmp(f[0], "pass") != 0)
        return rules_fail(p, f[0], "unsupported action (alert and pass are supported)");
    if (parse_proto(f[1], &r->proto) != 0)
        return rules_fail(p, f[1], "unsupported protocol");
    if (strcmp(f[4], "<>") == 0)
        r->bidirectional = 1;
    else if (strcmp(f[4], "->") != 0)
        return rules_fail(p, f[4], "direction must be -> or <>");
    if (rules_parse_addrs(p, f[2], &r->src, "source") ||
        rules_parse_ports(p, f[3], &r->sp, "sport") ||
        rules_parse_addrs(p, f[5], &r->dst, "destination") ||
        rules_parse_ports(p, f[6], &r->dp, "dport"))
        return -1;
    return 0;
}

/* Next option of "key:value; key; ..." in place: ';' ends an option unless escaped or quoted. */
static char *next_option(char **cursor)
{
    char *s = *cursor;
    while (isspace((unsigned char)*s))
        s++;
    if (!*s)
        return NULL;
    char *start = s;
    int quoted = 0;
    for (; *s; s++) {
        if (*s == '\\' && s[1]) {
            s++;
            continue;
        }
        if (*s == '"')
            quoted = !quoted;
        else if (*s == ';' && !quoted)
            break;
    }
    if (*s)
        *s++ = '\0';
    *cursor = s;
    return start;
}

static char *trim(char *s)
{
    while (isspace((unsigned char)*s))
        s++;
    size_t n = strlen(s);
    while (n > 0 && isspace((unsigned char)s[n - 1]))
        s[--n] = '\0';
    return s;
}

static int parse_options(rule_parse *p, char *opts)
{
    char *cursor = opts, *opt;
    while ((opt = next_option(&cursor)) != NULL) {
        char *colon = opt;
        int quoted = 0;
        for (; *colon && (quoted || *colon != ':'); colon++)
            if (*colon == '"')
                quoted = !quoted;
        char *value = NULL;
        if (*colon == ':') {
            *colon = '\0';
            value = trim(colon + 1);
        }
        char *key = trim(opt);
        if (!*key)
            continue;
        if (rules_apply_option(p, key, value) != 0)
            return -1;
    }
    return 0;
}

/* Parses one complete rule text; the rule is kept or skipped with a warning. */
static sw_status parse_rule(sw_ruleset *rs, char *text, const char *file, unsigned line)
{
    sw_rule *r = calloc(1, sizeof(*r));
    if (!r)
        return SW_ERR_NOMEM;
    rule_parse p = {
        .rs = rs, .rule = r, .file = file, .line = line, .last_content = -1, .hook = -1};
    r->gid = 1;
    r->fp_item = -1;
    snprintf(r->source, sizeof(r->source), "%s:%u", file, line);
    char *open = strchr(text, '(');
    size_t n = strlen(text);
    int ok = open && n > 0 && text[n - 1] == ')';
    if (!ok)
        rules_fail(&p, "syntax", "a rule is 'header (options)'; missing parenthesis");
    if (ok) {
        text[n - 1] = '\0';
        *open = '\0';
        ok = parse_header(&p, text) == 0 && parse_options(&p, open + 1) == 0;
    }
    if (ok)
        ok = rules_resolve_hook(&p) == 0;
    if (ok && !p.seen_sid)
        ok = rules_fail(&p, "sid", "every rule needs a sid") == 0;
    if (ok && sw_ruleset_has_sid(rs, r->gid, r->sid))
        ok = rules_fail(&p, "sid", "duplicate gid:sid %u:%u; the later rule is skipped", r->gid,
                        r->sid) == 0;
    if (ok) {
        rules_finish_rule(r, rs);
        if (rs->n_rules == rs->cap_rules) {
            size_t cap = rs->cap_rules ? rs->cap_rules * 2 : 64;
            sw_rule **nr = realloc(rs->rules, cap * sizeof(*nr));
            if (!nr) {
                rule_free(r);
                return SW_ERR_NOMEM;
            }
            rs->rules = nr;
            rs->cap_rules = cap;
        }
        rs->rules[rs->n_rules++] = r;
        return SW_OK;
    }
    rules_warn(rs, file, line, p.bad_key, "%s; rule skipped", p.why);
    rs->skipped++;
    rule_free(r);
    return SW_OK;
}

/* Walks the text line by line; '#' comments, blank lines and '\' continuations as Suricata. */
sw_status sw_ruleset_load_string(sw_ruleset *rs, const char *text, size_t len, const char *name,
                                 sw_error *err)
{
    if (!rs || rs->compiled)
        return sw_error_set(err, SW_ERR_INVALID, name, 0, NULL, "ruleset already compiled");
    char *buf = malloc(RULE_MAX_LINE + 1);
    if (!buf)
        return sw_error_set(err, SW_ERR_NOMEM, name, 0, NULL, "out of memory");
    size_t used = 0, i = 0;
    unsigned line = 0, first = 0;
    int too_long = 0;
    sw_status st = SW_OK;
    while (i < len && st == SW_OK) {
        size_t start = i;
        while (i < len && text[i] != '\n')
            i++;
        size_t end = i++;
        line++;
        if (end > start && text[end - 1] == '\r')
            end--;
        if (used == 0)
            first = line;
        int cont = end > start && text[end - 1] == '\\';
        if (cont)
            end--;
        if (used + (end - start) > RULE_MAX_LINE || memchr(text + start, '\0', end - start))
            too_long = 1;
        else {
            memcpy(buf + used, text + start, end - start);
            used += end - start;
        }
        if (cont && i < len)
            continue;
        buf[used] = '\0';
        char *rule = trim(buf);
        if (too_long) {
            rules_warn(rs, name, first, "syntax", "rule longer than %d bytes or holds NUL; skipped",
                       RULE_MAX_LINE);
            rs->skipped++;
        } else if (*rule && *rule != '#')
            st = parse_rule(rs, rule, name, first);
        used = 0;
        too_long = 0;
    }
    free(buf);
    if (st != SW_OK)
        return sw_error_set(err, st, name, line, NULL, "out of memory reading rules");
    return SW_OK;
}

sw_status sw_ruleset_load_file(sw_ruleset *rs, const char *path, sw_error *err)
{
    if (!path || !*path)
        return sw_error_set(err, SW_ERR_IO, "(rules)", 0, NULL, "empty rule file name");
    FILE *f = fopen(path, "rb");
    if (!f)
        return sw_error_set(err, SW_ERR_IO, path, 0, NULL, "cannot open: %s", strerror(errno));
    struct stat sb;
    const char *refused = fstat(fileno(f), &sb) != 0 ? "cannot stat"
                          : !S_ISREG(sb.st_mode)     ? "not a regular file"
                          : (uint64_t)sb.st_size > SW_RULES_MAX_FILE_BYTES
                              ? "larger than the 256 MiB a rule file may have"
                              : NULL;
    if (refused) {
        fclose(f);
        return sw_error_set(err, SW_ERR_LIMIT, path, 0, NULL, "%s; not loaded", refused);
    }
    char *text = NULL;
    size_t len = 0, cap = 0;
    for (;;) {
        if (len > SW_RULES_MAX_FILE_BYTES) { /* grew while being read */
            free(text);
            fclose(f);
            return sw_error_set(err, SW_ERR_LIMIT, path, 0, NULL,
                                "larger than the 256 MiB a rule file may have; not loaded");
        }
        if (len + 65536 > cap) {
            cap = cap ? cap * 2 : 131072;
            char *n = realloc(text, cap);
            if (!n) {
                free(text);
                fclose(f);
                return sw_error_set(err, SW_ERR_NOMEM, path, 0, NULL, "out of memory");
            }
            text = n;
        }
        size_t got = fread(text + len, 1, cap - len, f);
        len += got;
        if (got == 0)
            break;
    }
    int bad = ferror(f);
    fclose(f);
    sw_status st = bad ? sw_error_set(err, SW_ERR_IO, path, 0, NULL, "read error")
                       : sw_ruleset_load_string(rs, text, len, path, err);
    free(text);
    return st;
}

size_t sw_ruleset_loaded(const sw_ruleset *rs)
{
    return rs ? rs->n_rules : 0;
}

size_t sw_ruleset_skipped(const sw_ruleset *rs)
{
    return rs ? rs->skipped : 0;
}

size_t sw_ruleset_warning_count(const sw_ruleset *rs)
{
    return rs ? rs->n_warnings : 0;
}

const sw_error *sw_ruleset_warning(const sw_ruleset *rs, size_t i)
{
    return rs && i < rs->n_warnings ? &rs->warnings[i] : NULL;
}

int sw_ruleset_has_sid(const sw_ruleset *rs, uint32_t gid, uint32_t sid)
{
    for (size_t i = 0; rs && i < rs->n_rules; i++)
        if (rs->rules[i]->gid == gid && rs->rules[i]->sid == sid)
            return 1;
    return 0;
}

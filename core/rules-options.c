/* Rule options: one handler per supported keyword (docs/rules.md lists them with the Suricata
 * user-guide section each follows). Anything else skips the rule and names the keyword. */
#include "rules-int.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef int (*option_fn)(rule_parse *p, const char *key, const char *value);

/* A quoted option value ("...") without its quotes and with \" \; \\ unescaped. */
static char *unquote(rule_parse *p, const char *key, const char *value)
{
    size_t n = value ? strlen(value) : 0;
    if (n < 2 || value[0] != '"' || value[n - 1] != '"') {
        rules_fail(p, key, "value must be a quoted string");
        return NULL;
    }
    char *out = malloc(n);
    if (!out) {
        rules_fail(p, key, "out of memory");
        return NULL;
    }
    size_t o = 0;
    for (size_t i = 1; i + 1 < n; i++) {
        if (value[i] == '\\' && i + 2 < n)
            i++;
        out[o++] = value[i];
    }
    out[o] = '\0';
    return out;
}

static int need_value(rule_parse *p, const char *key, const char *value)
{
    return value && *value ? 0 : rules_fail(p, key, "needs a value");
}

static int opt_msg(rule_parse *p, const char *key, const char *value)
{
    free(p->rule->msg);
    p->rule->msg = unquote(p, key, value);
    return p->rule->msg ? 0 : -1;
}

static int opt_number(rule_parse *p, const char *key, const char *value)
{
    long long v;
    if (need_value(p, key, value) || rules_parse_int(value, 1, UINT32_MAX, &v) != 0)
        return rules_fail(p, key, "expected a number from 1 to 4294967295, got '%s'",
                          value ? value : "");
    if (strcmp(key, "sid") == 0) {
        p->rule->sid = (uint32_t)v;
        p->seen_sid = 1;
    } else if (strcmp(key, "rev") == 0)
        p->rule->rev = (uint32_t)v;
    else if (strcmp(key, "gid") == 0)
        p->rule->gid = (uint32_t)v;
    else {
        if (v > 255)
            return rules_fail(p, key, "priority is 1..255");
        p->rule->priority = (int)v;
    }
    return 0;
}

static int opt_classtype(rule_parse *p, const char *key, const char *value)
{
    if (need_value(p, key, value))
        return -1;
    if (p->rs->have_classes && !rules_find_class(p->rs, value))
        return rules_fail(p, key, "classtype '%s' is not in classification.config", value);
    free(p->rule->classtype);
    p->rule->classtype = strdup(value);
    return p->rule->classtype ? 0 : rules_fail(p, key, "out of memory");
}

static int opt_reference(rule_parse *p, const char *key, const char *value)
{
    if (need_value(p, key, value) || !strchr(value, ','))
        return rules_fail(p, key, "expected 'type,id'");
    if (p->rule->n_refs < RULE_MAX_REFS) {
        char *ref = strdup(value);
        if (!ref)
            return rules_fail(p, key, "out of memory");
        p->rule->refs[p->rule->n_refs++] = ref;
    }
    return 0;
}

/* metadata: "key value, key value"; only seawall_id is interpreted, the rest is kept by Suricata.
 */
static int opt_metadata(rule_parse *p, const char *key, const char *value)
{
    if (need_value(p, key, value))
        return -1;
    const char *s = value;
    while (*s) {
        while (*s == ' ' || *s == ',')
            s++;
        const char *end = strchr(s, ',');
        size_t n = end ? (size_t)(end - s) : strlen(s);
        if (n > 11 && strncmp(s, "seawall_id ", 11) == 0) {
            free(p->rule->seawall_id);
            p->rule->seawall_id = strndup(s + 11, n - 11);
            if (!p->rule->seawall_id)
                return rules_fail(p, key, "out of memory");
            for (size_t i = strlen(p->rule->seawall_id); i > 0; i--) {
                if (p->rule->seawall_id[i - 1] != ' ')
                    break;
                p->rule->seawall_id[i - 1] = '\0';
            }
        }
        s += n;
    }
    return 0;
}

static int opt_flow(rule_parse *p, const char *key, const char *value)
{
    if (need_value(p, key, value))
        return -1;
    char tmp[256];
    snprintf(tmp, sizeof(tmp), "%s", value);
    for (char *save = NULL, *tok = strtok_r(tmp, ",", &save); tok;
         tok = strtok_r(NULL, ",", &save)) {
        while (*tok == ' ')
            tok++;
        for (size_t n = strlen(tok); n > 0 && tok[n - 1] == ' ';)
            tok[--n] = '\0';
        if (!strcmp(tok, "to_server") || !strcmp(tok, "from_client"))
            p->rule->flow_to_server = 1;
        else if (!strcmp(tok, "to_client") || !strcmp(tok, "from_server"))
            p->rule->flow_to_client = 1;
        else if (!strcmp(tok, "established"))
            p->rule->flow_established = 1;
        else if (strcmp(tok, "stateless") != 0)
            return rules_fail(p, key, "flow option '%s' is not supported", tok);
    }
    if (p->rule->flow_to_server && p->rule->flow_to_client)
        return rules_fail(p, key, "to_server and to_client together never match");
    return 0;
}

static int opt_dsize(rule_parse *p, const char *key, const char *value)
{
    long long lo, hi;
    sw_rule *r = p->rule;
    if (need_value(p, key, value))
        return -1;
    const char *range = strstr(value, "<>");
    char tmp[64];
    snprintf(tmp, sizeof(tmp), "%s", value);
    if (range) {
        tmp[range - value] = '\0';
        if (rules_parse_int(tmp, 0, 65535, &lo) || rules_parse_int(range + 2, 0, 65535, &hi) ||
            lo >= hi)
            return rules_fail(p, key, "expected N, <N, >N or LO<>HI");
        r->dsize_op = '-';
    } else {
        int op = (value[0] == '<' || value[0] == '>') ? value[0] : '=';
        if (rules_parse_int(op == '=' ? value : value + 1, 0, 65535, &lo))
            return rules_fail(p, key, "expected N, <N, >N or LO<>HI");
        hi = lo;
        r->dsize_op = (uint8_t)op;
    }
    r->has_dsize = 1;
    r->dsize_lo = (uint32_t)lo;
    r->dsize_hi = (uint32_t)hi;
    return 0;
}

static int opt_flowbits(rule_parse *p, const char *key, const char *value)
{
    static const struct {
        const char *name;
        fb_cmd cmd;
    } cmds[] = {{"set", FB_SET},
                {"unset", FB_UNSET},
                {"toggle", FB_TOGGLE},
                {"isset", FB_ISSET},
                {"isnotset", FB_ISNOTSET}};
    if (need_value(p, key, value))
        return -1;
    if (strcmp(value, "noalert") == 0) {
        p->rule->noalert = 1;
        return 0;
    }
    const char *comma = strchr(value, ',');
    if (!comma || !comma[1] || strchr(comma + 1, '|') || strchr(comma + 1, '&'))
        return rules_fail(p, key, "expected set|unset|toggle|isset|isnotset,<name> or noalert");
    if (p->rule->n_flowbits == RULE_MAX_FLOWBITS)
        return rules_fail(p, key, "more than %d flowbits in one rule", RULE_MAX_FLOWBITS);
    for (size_t i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++) {
        if (strlen(cmds[i].name) == (size_t)(comma - value) &&
            strncmp(value, cmds[i].name, (size_t)(comma - value)) == 0) {
            char name[128];
            snprintf(name, sizeof(name), "%s", comma + 1);
            rule_flowbit *fb = &p->rule->flowbits[p->rule->n_flowbits++];
            fb->cmd = cmds[i].cmd;
            fb->name_hash = rules_name_hash(name);
            return 0;
        }
    }
    return rules_fail(p, key, "unknown flowbits command in '%s'", value);
}

/* threshold: type limit|threshold|both, track by_src|by_dst, count N, seconds M;
 * detection_filter: track ..., count N, seconds M (Suricata user guide, "Thresholding"). */
static int opt_threshold(rule_parse *p, const char *key, const char *value)
{
    rule_threshold t = {.type = strcmp(key, "detection_filter") == 0 ? THR_DETECTION : THR_NONE};
    int have_track = 0, have_count = 0, have_seconds = 0;
    char tmp[256];
    if (need_value(p, key, value))
        return -1;
    snprintf(tmp, sizeof(tmp), "%s", value);
    for (char *save = NULL, *tok = strtok_r(tmp, ",", &save); tok;
         tok = strtok_r(NULL, ",", &save)) {
        char name[32], arg[64];
        long long v;
        if (sscanf(tok, " %31s %63s", name, arg) != 2)
            return rules_fail(p, key, "expected 'name value' pairs, got '%s'", tok);
        if (!strcmp(name, "type") && t.type != THR_DETECTION) {
            t.type = !strcmp(arg, "limit")       ? THR_LIMIT
                     : !strcmp(arg, "threshold") ? THR_THRESHOLD
                     : !strcmp(arg, "both")      ? THR_BOTH
                                                 : THR_NONE;
            if (t.type == THR_NONE)
                return rules_fail(p, key, "type must be limit, threshold or both");
        } else if (!strcmp(name, "track")) {
            if (strcmp(arg, "by_src") && strcmp(arg, "by_dst"))
                return rules_fail(p, key, "track must be by_src or by_dst");
            t.by_dst = !strcmp(arg, "by_dst");
            have_track = 1;
        } else if ((!strcmp(name, "count") || !strcmp(name, "seconds")) &&
                   !rules_parse_int(arg, 1, UINT32_MAX, &v)) {
            *(name[0] == 'c' ? &t.count : &t.seconds) = (uint32_t)v;
            *(name[0] == 'c' ? &have_count : &have_seconds) = 1;
        } else
            return rules_fail(p, key, "unexpected '%s %s'", name, arg);
    }
    if (t.type == THR_NONE || !have_track || !have_count || !have_seconds)
        return rules_fail(p, key, "needs type (threshold only), track, count and seconds");
    if (p->rule->threshold.type != THR_NONE)
        return rules_fail(p, key, "only one threshold or detection_filter per rule");
    p->rule->threshold = t;
    return 0;
}

static const struct {
    const char *name;
    rule_buf buf;
} sticky_buffers[] = {
    {"http.method", RB_HTTP_METHOD},
    {"http.uri", RB_HTTP_URI},
    {"http.uri.raw", RB_HTTP_URI_RAW},
    {"http.header", RB_HTTP_HEADER},
    {"http.header.raw", RB_HTTP_HEADER_RAW},
    {"http.cookie", RB_HTTP_COOKIE},
    {"http.host", RB_HTTP_HOST},
    {"http.user_agent", RB_HTTP_USER_AGENT},
    {"http.request_body", RB_HTTP_REQUEST_BODY},
    {"http.stat_code", RB_HTTP_STAT_CODE},
    {"http.response_body", RB_HTTP_RESPONSE_BODY},
    {"tls.sni", RB_TLS_SNI},
    {"ssh.proto", RB_SSH_PROTO},
    {"ssh.software", RB_SSH_SOFTWARE},
    {"dns.query", RB_DNS_QUERY},
    {"pkt_data", RB_PAYLOAD},
};

static int opt_content(rule_parse *p, const char *key, const char *value)
{
    sw_rule *r = p->rule;
    if (r->n_items == RULE_MAX_ITEMS)
        return rules_fail(p, key, "more than %d content/pcre/byte_test/isdataat", RULE_MAX_ITEMS);
    rule_item *it = &r->items[r->n_items];
    memset(it, 0, sizeof(*it));
    it->kind = IK_CONTENT;
    it->buf = p->sticky;
    const char *v = value ? value : "";
    if (*v == '!') {
        it->negated = 1;
        v++;
        while (*v == ' ')
            v++;
    }
    if (rules_parse_content(p, v, &it->bytes, &it->len) != 0)
        return -1;
    p->last_content = (int)r->n_items++;
    return 0;
}

typedef struct option_entry {
    const char *name;
    option_fn fn;
} option_entry;

static int opt_pcre(rule_parse *p, const char *key, const char *value)
{
    (void)key;
    return rules_parse_pcre(p, value);
}

static int opt_byte_test(rule_parse *p, const char *key, const char *value)
{
    (void)key;
    return rules_parse_byte_test(p, value);
}

static int opt_isdataat(rule_parse *p, const char *key, const char *value)
{
    (void)key;
    return rules_parse_isdataat(p, value);
}

static const option_entry options[] = {
    {"msg", opt_msg},
    {"sid", opt_number},
    {"rev", opt_number},
    {"gid", opt_number},
    {"priority", opt_number},
    {"classtype", opt_classtype},
    {"reference", opt_reference},
    {"metadata", opt_metadata},
    {"flow", opt_flow},
    {"dsize", opt_dsize},
    {"flowbits", opt_flowbits},
    {"threshold", opt_threshold},
    {"detection_filter", opt_threshold},
    {"content", opt_content},
    {"pcre", opt_pcre},
    {"byte_test", opt_byte_test},
    {"isdataat", opt_isdataat},
    {"nocase", rules_content_modifier},
    {"depth", rules_content_modifier},
    {"offset", rules_content_modifier},
    {"distance", rules_content_modifier},
    {"within", rules_content_modifier},
    {"fast_pattern", rules_content_modifier},
    {"startswith", rules_content_modifier},
    {"endswith", rules_content_modifier},
};

int rules_apply_option(rule_parse *p, const char *key, const char *value)
{
    for (size_t i = 0; i < sizeof(sticky_buffers) / sizeof(sticky_buffers[0]); i++) {
        if (strcmp(key, sticky_buffers[i].name) == 0) {
            if (value)
                return rules_fail(p, key, "a sticky buffer takes no value");
            p->sticky = sticky_buffers[i].buf;
            p->last_content = -1;
            return 0;
        }
    }
    for (size_t i = 0; i < sizeof(options) / sizeof(options[0]); i++)
        if (strcmp(key, options[i].name) == 0)
            return options[i].fn(p, key, value);
    return rules_fail(p, key, "unsupported keyword");
}

static rule_hook hook_of(rule_buf b)
{
    switch (b) {
    case RB_PAYLOAD:
        return HOOK_PAYLOAD;
    case RB_HTTP_STAT_CODE:
    case RB_HTTP_RESPONSE_BODY:
        return HOOK_HTTP_RESPONSE;
    case RB_TLS_SNI:
        return HOOK_TLS;
    case RB_SSH_PROTO:
    case RB_SSH_SOFTWARE:
        return HOOK_SSH;
    case RB_DNS_QUERY:
        return HOOK_DNS;
    case RB_HTTP_HEADER:
    case RB_HTTP_HEADER_RAW:
        return HOOK_COUNT; /* request or response: the other buffers or the flow decide */
    default:
        return HOOK_HTTP_REQUEST;
    }
}

/* Without buffers the protocol decides; with buffers they must all belong to one observation. */
int rules_resolve_hook(rule_parse *p)
{
    sw_rule *r = p->rule;
    int hook = -1;
    for (size_t i = 0; i < r->n_items; i++) {
        int h = (int)hook_of(r->items[i].buf);
        if (h == HOOK_COUNT)
            continue;
        if (hook >= 0 && h != hook)
            return rules_fail(p, "buffers",
                              "mixes buffers of different transactions or of the "
                              "payload and an app-layer buffer");
        hook = h;
    }
    int has_headers = 0;
    for (size_t i = 0; i < r->n_items; i++)
        has_headers |= hook_of(r->items[i].buf) == HOOK_COUNT;
    if (has_headers && hook >= 0 && hook != HOOK_HTTP_REQUEST && hook != HOOK_HTTP_RESPONSE)
        return rules_fail(p, "http.header", "http.header with a non-HTTP buffer");
    if (hook < 0 && has_headers)
        hook = r->flow_to_client ? HOOK_HTTP_RESPONSE : HOOK_HTTP_REQUEST;
    if (hook < 0) {
        static const int by_proto[] = {[RP_IP] = HOOK_PAYLOAD,  [RP_TCP] = HOOK_PAYLOAD,
                                       [RP_UDP] = HOOK_PAYLOAD, [RP_HTTP] = HOOK_HTTP_REQUEST,
                                       [RP_TLS] = HOOK_TLS,     [RP_DNS] = HOOK_DNS,
                                       [RP_SSH] = HOOK_SSH};
        hook = by_proto[r->proto];
        if (hook == HOOK_HTTP_REQUEST && r->flow_to_client)
            hook = HOOK_HTTP_RESPONSE;
    }
    if (r->has_dsize && hook != HOOK_PAYLOAD)
        return rules_fail(p, "dsize", "dsize applies to packet payload rules only");
    if (hook == HOOK_HTTP_RESPONSE && r->flow_to_server)
        return rules_fail(p, "flow", "to_server with response buffers never matches");
    if (hook == HOOK_HTTP_REQUEST && r->flow_to_client)
        return rules_fail(p, "flow", "to_client with request buffers never matches");
    r->hook = (rule_hook)hook;
    return 0;
}

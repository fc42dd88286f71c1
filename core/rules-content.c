/* content, its modifiers, pcre, byte_test and isdataat, parsed as the Suricata user guide's
 * "Payload Keywords" chapter describes them; every inconsistency Suricata rejects is rejected. */
#include "rules-int.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int rules_parse_int(const char *text, long long lo, long long hi, long long *out)
{
    while (text && isspace((unsigned char)*text))
        text++;
    if (!text || !*text)
        return -1;
    char *end;
    errno = 0;
    long long v = strtoll(text, &end, 10);
    while (isspace((unsigned char)*end))
        end++;
    if (errno || *end || v < lo || v > hi)
        return -1;
    *out = v;
    return 0;
}

static int hex_value(int c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    c = tolower(c);
    return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* "text|41 42|text": pipes switch to hex pairs (blanks allowed); \" \; \\ escape. */
int rules_parse_content(rule_parse *p, const char *value, uint8_t **out, size_t *len)
{
    size_t n = strlen(value);
    if (n < 3 || value[0] != '"' || value[n - 1] != '"')
        return rules_fail(p, "content", "content must be a non-empty quoted string");
    uint8_t *buf = malloc(n);
    if (!buf)
        return rules_fail(p, "content", "out of memory");
    size_t o = 0;
    int hex = 0, half = -1;
    for (size_t i = 1; i + 1 < n; i++) {
        char c = value[i];
        if (c == '|') {
            if (hex && half >= 0)
                break;
            hex = !hex;
        } else if (hex) {
            int h = hex_value((unsigned char)c);
            if (c == ' ')
                continue;
            if (h < 0)
                break;
            if (half < 0)
                half = h;
            else {
                buf[o++] = (uint8_t)(half << 4 | h);
                half = -1;
            }
        } else if (c == '\\') {
            char e = value[i + 1];
            if (i + 2 >= n || (e != '"' && e != ';' && e != '\\' && e != ':'))
                break;
            buf[o++] = (uint8_t)e;
            i++;
        } else if (c == '"' || c == ';') {
            break;
        } else
            buf[o++] = (uint8_t)c;
        if (o > RULE_MAX_CONTENT)
            break;
        if (i + 2 == n && !hex && o > 0) {
            *out = buf;
            *len = o;
            return 0;
        }
    }
    free(buf);
    return rules_fail(p, "content",
                      "bad content %s (unbalanced |hex|, odd hex digit, unescaped \" or ;, or "
                      "longer than %d bytes)",
                      value, RULE_MAX_CONTENT);
}

static int set_u32(rule_parse *p, const char *key, const char *value, long long lo, uint32_t *dst,
                   uint8_t *flag)
{
    long long v;
    if (!value || rules_parse_int(value, lo, 65535, &v))
        return rules_fail(p, key, "expected a number from %lld to 65535", lo);
    if (*flag)
        return rules_fail(p, key, "given twice for one content");
    *dst = (uint32_t)v;
    *flag = 1;
    return 0;
}

static int positional(rule_parse *p, rule_item *it, const char *key, const char *value)
{
    if (!strcmp(key, "depth"))
        return set_u32(p, key, value, 1, &it->depth, &it->has_depth);
    if (!strcmp(key, "offset"))
        return set_u32(p, key, value, 0, &it->offset, &it->has_offset);
    if (!strcmp(key, "within"))
        return set_u32(p, key, value, 1, &it->within, &it->has_within);
    long long v;
    if (!value || rules_parse_int(value, -65535, 65535, &v) || it->has_distance)
        return rules_fail(p, key, "expected one number from -65535 to 65535");
    it->distance = (int32_t)v;
    it->has_distance = 1;
    return 0;
}

/* Modifiers apply to the last content (Suricata: "content modifiers"). Absolute (depth, offset,
 * startswith) and relative (distance, within) positions cannot mix. */
int rules_content_modifier(rule_parse *p, const char *key, const char *value)
{
    if (p->last_content < 0)
        return rules_fail(p, key, "no content before this modifier (in this buffer)");
    rule_item *it = &p->rule->items[p->last_content];
    int flag_only = !strcmp(key, "nocase") || !strcmp(key, "fast_pattern") ||
                    !strcmp(key, "startswith") || !strcmp(key, "endswith");
    if (flag_only && value)
        return rules_fail(p, key, "takes no value here ('%s' is not supported)", value);
    if (!strcmp(key, "nocase"))
        it->nocase = 1;
    else if (!strcmp(key, "fast_pattern")) {
        for (size_t i = 0; i < p->rule->n_items; i++)
            if (p->rule->items[i].fast_pattern)
                return rules_fail(p, key, "only one fast_pattern per rule");
        it->fast_pattern = 1;
    } else if (!strcmp(key, "startswith"))
        it->startswith = 1;
    else if (!strcmp(key, "endswith"))
        it->endswith = 1;
    else if (positional(p, it, key, value) != 0)
        return -1;
    it->relative = it->has_distance || it->has_within;
    if (it->relative && (it->has_depth || it->has_offset || it->startswith))
        return rules_fail(p, key,
                          "relative (distance, within) and absolute (depth, offset, "
                          "startswith) positions on one content");
    if ((it->has_depth && it->depth < it->len) || (it->has_within && it->within < it->len))
        return rules_fail(p, key, "depth/within shorter than the content");
    if (it->negated && it->fast_pattern)
        return rules_fail(p, key, "a negated content cannot be the fast_pattern");
    return 0;
}

static int pcre_flag(rule_parse *p, rule_item *it, char f, uint32_t *opts)
{
    static const char bufs[] = "UIHDMCPQSVW";
    static const rule_buf buf_of[] = {
        RB_HTTP_URI,       RB_HTTP_URI_RAW,    RB_HTTP_HEADER,       RB_HTTP_HEADER_RAW,
        RB_HTTP_METHOD,    RB_HTTP_COOKIE,     RB_HTTP_REQUEST_BODY, RB_HTTP_RESPONSE_BODY,
        RB_HTTP_STAT_CODE, RB_HTTP_USER_AGENT, RB_HTTP_HOST};
    const char *b = strchr(bufs, f);
    if (f && b) {
        if (p->sticky != RB_PAYLOAD)
            return rules_fail(p, "pcre", "/%c modifier after a sticky buffer", f);
        it->buf = buf_of[b - bufs];
        return 0;
    }
    switch (f) {
    case 'i':
        *opts |= PCRE2_CASELESS;
        return 0;
    case 's':
        *opts |= PCRE2_DOTALL;
        return 0;
    case 'm':
        *opts |= PCRE2_MULTILINE;
        return 0;
    case 'x':
        *opts |= PCRE2_EXTENDED;
        return 0;
    case 'A':
        *opts |= PCRE2_ANCHORED;
        return 0;
    case 'E':
        *opts |= PCRE2_DOLLAR_ENDONLY;
        return 0;
    case 'G':
        *opts |= PCRE2_UNGREEDY;
        return 0;
    case 'R':
        it->relative = 1;
        return 0;
    default:
        return rules_fail(p, "pcre", "modifier /%c is not supported", f);
    }
}

static rule_item *new_item(rule_parse *p, const char *key, item_kind kind)
{
    sw_rule *r = p->rule;
    if (r->n_items == RULE_MAX_ITEMS) {
        rules_fail(p, key, "more than %d content/pcre/byte_test/isdataat", RULE_MAX_ITEMS);
        return NULL;
    }
    rule_item *it = &r->items[r->n_items];
    memset(it, 0, sizeof(*it));
    it->kind = kind;
    it->buf = p->sticky;
    return it;
}

int rules_parse_pcre(rule_parse *p, const char *value)
{
    rule_item *it = new_item(p, "pcre", IK_PCRE);
    if (!it)
        return -1;
    const char *v = value ? value : "";
    if (*v == '!') {
        it->negated = 1;
        v++;
    }
    size_t n = strlen(v);
    const char *close = n >= 4 ? strrchr(v, '/') : NULL;
    if (n < 4 || v[0] != '"' || v[1] != '/' || v[n - 1] != '"' || close == v + 1)
        return rules_fail(p, "pcre", "expected \"/regex/flags\"");
    uint32_t opts = 0;
    for (const char *f = close + 1; f < v + n - 1; f++)
        if (pcre_flag(p, it, *f, &opts) != 0)
            return -1;
    int errcode;
    PCRE2_SIZE erroff;
    it->re = pcre2_compile((PCRE2_SPTR)(v + 2), (PCRE2_SIZE)(close - v - 2), opts, &errcode,
                           &erroff, NULL);
    if (!it->re) {
        PCRE2_UCHAR msg[128];
        pcre2_get_error_message(errcode, msg, sizeof(msg));
        return rules_fail(p, "pcre", "does not compile at offset %zu: %s", (size_t)erroff,
                          (const char *)msg);
    }
    (void)pcre2_jit_compile(it->re, PCRE2_JIT_COMPLETE); /* falls back to the interpreter */
    p->rule->n_items++;
    p->last_content = -1;
    return 0;
}

static int parse_bt_op(const char *s, rule_item *it)
{
    static const struct {
        const char *text;
        bt_op op;
    } ops[] = {{"<=", BT_LE}, {">=", BT_GE}, {"<", BT_LT}, {">", BT_GT},
               {"=", BT_EQ},  {"&", BT_AND}, {"^", BT_OR}};
    while (*s == ' ')
        s++;
    if (*s == '!') {
        it->bt_not = 1;
        s++;
    }
    for (size_t i = 0; i < sizeof(ops) / sizeof(ops[0]); i++)
        if (strcmp(s, ops[i].text) == 0) {
            it->bt_op_ = ops[i].op;
            return 0;
        }
    return -1;
}

/* byte_test: nbytes, [!]op, value, offset [, relative] [, big|little] [, string, hex|dec|oct] */
int rules_parse_byte_test(rule_parse *p, const char *value)
{
    rule_item *it = new_item(p, "byte_test", IK_BYTE_TEST);
    char tmp[256], *f[10];
    size_t n = 0;
    long long nb, v, off;
    if (!it)
        return -1;
    snprintf(tmp, sizeof(tmp), "%s", value ? value : "");
    for (char *save = NULL, *tok = strtok_r(tmp, ",", &save); tok && n < 10;
         tok = strtok_r(NULL, ",", &save)) {
        while (*tok == ' ')
            tok++;
        for (size_t k = strlen(tok); k > 0 && tok[k - 1] == ' ';)
            tok[--k] = '\0';
        f[n++] = tok;
    }
    if (n < 4 || rules_parse_int(f[0], 1, 10, &nb) || parse_bt_op(f[1], it) ||
        rules_parse_int(f[3], -65535, 65535, &off))
        return rules_fail(p, "byte_test", "expected nbytes(1-10), op, value, offset[, ...]");
    char *end;
    errno = 0;
    unsigned long long uv = strtoull(f[2], &end, 0);
    if (errno || *end || f[2][0] == '-')
        return rules_fail(p, "byte_test", "value '%s' is not an unsigned number", f[2]);
    v = 0;
    it->bt_value = uv;
    it->bt_nbytes = (uint8_t)nb;
    it->at_offset = (int32_t)off;
    it->bt_base = 10;
    for (size_t i = 4; i < n; i++) {
        if (!strcmp(f[i], "relative"))
            it->relative = 1;
        else if (!strcmp(f[i], "little"))
            it->bt_little = 1;
        else if (!strcmp(f[i], "big"))
            it->bt_little = 0;
        else if (!strcmp(f[i], "string"))
            it->bt_string = 1;
        else if (!strcmp(f[i], "hex") || !strcmp(f[i], "dec") || !strcmp(f[i], "oct"))
            it->bt_base = f[i][0] == 'h' ? 16 : f[i][0] == 'd' ? 10 : 8;
        else
            return rules_fail(p, "byte_test", "option '%s' is not supported", f[i]);
    }
    (void)v;
    if (!it->bt_string && nb > 8)
        return rules_fail(p, "byte_test", "binary byte_test reads at most 8 bytes");
    p->rule->n_items++;
    p->last_content = -1;
    return 0;
}

/* isdataat: [!]N[, relative] */
int rules_parse_isdataat(rule_parse *p, const char *value)
{
    rule_item *it = new_item(p, "isdataat", IK_ISDATAAT);
    char tmp[64];
    long long v;
    if (!it)
        return -1;
    snprintf(tmp, sizeof(tmp), "%s", value ? value : "");
    char *s = tmp;
    if (*s == '!') {
        it->negated = 1;
        s++;
    }
    char *comma = strchr(s, ',');
    if (comma) {
        *comma = '\0';
        char *opt = comma + 1;
        while (*opt == ' ')
            opt++;
        if (strcmp(opt, "relative") != 0)
            return rules_fail(p, "isdataat", "only 'relative' may follow the position");
        it->relative = 1;
    }
    if (rules_parse_int(s, 0, 65535, &v))
        return rules_fail(p, "isdataat", "expected [!]N[, relative]");
    it->at_offset = (int32_t)v;
    p->rule->n_items++;
    p->last_content = -1;
    return 0;
}

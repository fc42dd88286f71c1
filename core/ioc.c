/* IOC sets: list parsing (bytes read through sw_cursor), LPM for addresses, a hash of domains
 * probed once per label suffix. */
#include "ioc.h"
#include "netset.h"
#include "util-cursor.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define IOC_LINE_MAX   1024 /* longer lines are malformed, not truncated */
#define IOC_FIELDS     6
#define IOC_DOMAIN_MAX 253 /* RFC 1035 section 2.3.4: 255 octets on the wire, 253 as text */
#define IOC_LABEL_MAX  63

typedef struct ioc_item {
    sw_ioc_entry entry;
    char *storage; /* one allocation holding every string of the entry */
} ioc_item;

struct sw_ioc_set {
    ioc_item *items; /* every line stored; a repeated indicator's losing line is not */
    size_t n_items, cap_items;
    size_t n_indicators; /* distinct ones */
    sw_netset *ips;
    uint32_t *domain_slots; /* item index + 1; 0 = empty; open addressing */
    size_t n_domain_slots, n_domains;
};

sw_ioc_set *sw_ioc_set_new(void)
{
    sw_ioc_set *set = calloc(1, sizeof(*set));
    if (!set || !(set->ips = sw_netset_new())) {
        free(set);
        return NULL;
    }
    return set;
}

void sw_ioc_set_free(sw_ioc_set *set)
{
    if (!set)
        return;
    for (size_t i = 0; i < set->n_items; i++)
        free(set->items[i].storage);
    free(set->items);
    free(set->domain_slots);
    sw_netset_free(set->ips);
    free(set);
}

size_t sw_ioc_count(const sw_ioc_set *set)
{
    return set ? set->n_indicators : 0;
}

const char *sw_ioc_type_name(sw_ioc_type type)
{
    switch (type) {
    case SW_IOC_IP:
        return "ip";
    case SW_IOC_CIDR:
        return "cidr";
    case SW_IOC_DOMAIN:
        return "domain";
    }
    return "unknown";
}

static uint64_t hash_text(const char *s, size_t len)
{
    uint64_t h = 1469598103934665603ull;
    for (size_t i = 0; i < len; i++) {
        h ^= (unsigned char)s[i];
        h *= 1099511628211ull;
    }
    return h;
}

/* The slot holding `name` (len bytes), or the empty slot where it would go. */
static uint32_t *domain_slot(const sw_ioc_set *set, const char *name, size_t len)
{
    size_t mask = set->n_domain_slots - 1;
    for (size_t i = hash_text(name, len) & mask;; i = (i + 1) & mask) {
        uint32_t *slot = &set->domain_slots[i];
        if (*slot == 0)
            return slot;
        const char *have = set->items[*slot - 1].entry.indicator;
        if (strlen(have) == len && memcmp(have, name, len) == 0)
            return slot;
    }
}

static int domains_grow(sw_ioc_set *set)
{
    size_t cap = set->n_domain_slots ? set->n_domain_slots * 2 : 64;
    uint32_t *old = set->domain_slots;
    size_t old_n = set->n_domain_slots;
    set->domain_slots = calloc(cap, sizeof(*set->domain_slots));
    if (!set->domain_slots) {
        set->domain_slots = old;
        return -1;
    }
    set->n_domain_slots = cap;
    for (size_t i = 0; i < old_n; i++)
        if (old[i]) {
            const char *name = set->items[old[i] - 1].entry.indicator;
            *domain_slot(set, name, strlen(name)) = old[i];
        }
    free(old);
    return 0;
}

const sw_ioc_entry *sw_ioc_match_ip(const sw_ioc_set *set, const sw_ip *ip)
{
    uint32_t index = 0;
    if (!set || !sw_netset_lookup(set->ips, ip, &index) || index >= set->n_items)
        return NULL;
    return &set->items[index].entry;
}

const sw_ioc_entry *sw_ioc_match_domain(const sw_ioc_set *set, const char *name)
{
    if (!set || !name || set->n_domains == 0)
        return NULL;
    char low[IOC_DOMAIN_MAX + 2];
    size_t len = strlen(name);
    if (len > 0 && name[len - 1] == '.')
        len--;
    if (len == 0 || len > IOC_DOMAIN_MAX)
        return NULL;
    for (size_t i = 0; i < len; i++)
        low[i] = (char)tolower((unsigned char)name[i]);
    low[len] = '\0';
    /* Longest suffix first: the whole name, then after each dot (a label boundary). */
    for (size_t at = 0; at < len;) {
        uint32_t *slot = domain_slot(set, low + at, len - at);
        if (*slot)
            return &set->items[*slot - 1].entry;
        const char *dot = memchr(low + at, '.', len - at);
        if (!dot)
            break;
        at = (size_t)(dot - low) + 1;
    }
    return NULL;
}

/* "[.]" -> "." in place (defanged indicators as threat reports print them). */
static void refang(char *s)
{
    char *w = s;
    for (const char *r = s; *r;) {
        if (r[0] == '[' && r[1] == '.' && r[2] == ']') {
            *w++ = '.';
            r += 3;
        } else {
            *w++ = *r++;
        }
    }
    *w = '\0';
}

/* RFC 1035 section 2.3.1 preferred name syntax, relaxed to allow '_' (seen in real names):
 * labels of 1..63 letters, digits, '-', '_'; at least two labels. Lower-cases in place. */
static int valid_domain(char *s)
{
    size_t len = strlen(s), label = 0, labels = 1;
    if (len == 0 || len > IOC_DOMAIN_MAX)
        return 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        s[i] = (char)tolower(c);
        if (c == '.') {
            if (label == 0)
                return 0;
            label = 0;
            labels++;
        } else if (isalnum(c) || c == '-' || c == '_') {
            if (++label > IOC_LABEL_MAX)
                return 0;
        } else {
            return 0;
        }
    }
    return label > 0 && labels >= 2;
}

static int valid_date(const char *s)
{
    int y, m, d;
    char tail;
    return strlen(s) == 10 && sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &tail) == 3 && y >= 1990 &&
           m >= 1 && m <= 12 && d >= 1 && d <= 31 && s[4] == '-' && s[7] == '-';
}

/* 3 high, 2 medium, 1 low, 0 anything else (not a valid confidence). */
static int confidence_rank(const char *s)
{
    return strcmp(s, "high") == 0 ? 3 : strcmp(s, "medium") == 0 ? 2 : strcmp(s, "low") == 0;
}

static int valid_confidence(const char *s)
{
    return confidence_rank(s) > 0;
}

/* The item an indicator of this type already has, or -1. */
static long existing_item(const sw_ioc_set *set, sw_ioc_type type, const char *indicator)
{
    uint32_t index = 0;
    if (type != SW_IOC_DOMAIN)
        return sw_netset_get(set->ips, indicator, &index) ? (long)index : -1;
    if (set->n_domain_slots == 0)
        return -1;
    uint32_t slot = *domain_slot(set, indicator, strlen(indicator));
    return slot ? (long)slot - 1 : -1;
}

/* Splits line at tabs into exactly IOC_FIELDS fields; 0 when the count differs. */
static int split_fields(char *line, char *fields[IOC_FIELDS])
{
    size_t n = 0;
    char *p = line;
    while (n < IOC_FIELDS) {
        fields[n++] = p;
        char *tab = strchr(p, '\t');
        if (!tab)
            break;
        *tab = '\0';
        p = tab + 1;
    }
    if (n != IOC_FIELDS || strchr(fields[IOC_FIELDS - 1], '\t'))
        return 0;
    for (size_t i = 0; i < n; i++)
        if (fields[i][0] == '\0')
            return 0;
    return 1;
}

static sw_status store_item(sw_ioc_set *set, sw_ioc_type type, char *const f[IOC_FIELDS])
{
    if (set->n_items == set->cap_items) {
        size_t cap = set->cap_items ? set->cap_items * 2 : 64;
        ioc_item *items = realloc(set->items, cap * sizeof(*items));
        if (!items)
            return SW_ERR_NOMEM;
        set->items = items;
        set->cap_items = cap;
    }
    size_t total = 0;
    for (int i = 0; i < IOC_FIELDS; i++)
        total += strlen(f[i]) + 1;
    char *storage = malloc(total), *w = storage;
    if (!storage)
        return SW_ERR_NOMEM;
    const char *out[IOC_FIELDS];
    for (int i = 0; i < IOC_FIELDS; i++) {
        size_t n = strlen(f[i]) + 1;
        memcpy(w, f[i], n);
        out[i] = w;
        w += n;
    }
    ioc_item *it = &set->items[set->n_items++];
    it->storage = storage;
    it->entry = (sw_ioc_entry){type, out[0], out[2], out[3], out[4], out[5]};
    return SW_OK;
}

/* Validates and adds one split line; SW_ERR_PARSE with the reason in why. A repeated indicator
 * (the same address, prefix or domain in two lines or two lists) keeps the line of higher
 * confidence, at equal confidence the later one: a vendor's high-confidence C2 must not be
 * reported with a weak list's "low" because that list sorts later. *fresh is 1 when the
 * indicator is new. */
static sw_status add_line(sw_ioc_set *set, char *f[IOC_FIELDS], int *fresh, char *why,
                          size_t why_len)
{
    refang(f[0]);
    sw_ioc_type type;
    sw_ip ip;
    if (strcmp(f[1], "ip") == 0 && sw_ip_parse(&ip, f[0]) == SW_OK)
        type = SW_IOC_IP;
    else if (strcmp(f[1], "cidr") == 0 && strchr(f[0], '/'))
        type = SW_IOC_CIDR;
    else if (strcmp(f[1], "domain") == 0 && valid_domain(f[0]))
        type = SW_IOC_DOMAIN;
    else
        return snprintf(why, why_len, "'%s' is not a valid %s (type must be ip, cidr or domain)",
                        f[0], f[1]),
               SW_ERR_PARSE;
    if (!valid_date(f[3]))
        return snprintf(why, why_len, "date '%s' is not YYYY-MM-DD", f[3]), SW_ERR_PARSE;
    if (!valid_confidence(f[4]))
        return snprintf(why, why_len, "confidence '%s' is not high, medium or low", f[4]),
               SW_ERR_PARSE;
    long had = existing_item(set, type, f[0]);
    *fresh = had < 0;
    if (had >= 0 && confidence_rank(set->items[had].entry.confidence) > confidence_rank(f[4]))
        return SW_OK;
    uint32_t index = (uint32_t)set->n_items;
    if (type != SW_IOC_DOMAIN) {
        sw_error err;
        sw_status st = sw_netset_add(set->ips, f[0], index, &err);
        if (st != SW_OK)
            return snprintf(why, why_len, "%.250s", err.text), st;
    } else if ((set->n_domains + 1) * 2 > set->n_domain_slots && domains_grow(set) != 0) {
        return SW_ERR_NOMEM;
    }
    sw_status st = store_item(set, type, f);
    if (st != SW_OK)
        return st;
    if (type == SW_IOC_DOMAIN) {
        uint32_t *slot = domain_slot(set, f[0], strlen(f[0]));
        if (*slot == 0)
            set->n_domains++;
        *slot = index + 1;
    }
    set->n_indicators += (size_t)*fresh;
    return SW_OK;
}

/* Reads one line (without its '\n') into line; 0 when it exceeds IOC_LINE_MAX. The rest of an
 * overlong line is consumed so parsing resumes at the next one. */
static int read_line(sw_cursor *c, char line[IOC_LINE_MAX + 1])
{
    size_t n = 0;
    int fits = 1;
    while (sw_cur_left(c) > 0) {
        uint8_t b = sw_cur_u8(c);
        if (b == '\n')
            break;
        if (n < IOC_LINE_MAX)
            line[n++] = (char)b;
        else
            fits = 0;
    }
    if (n > 0 && line[n - 1] == '\r')
        n--;
    line[n] = '\0';
    return fits && strlen(line) == n; /* an embedded NUL is malformed too */
}

static void report_bad(const char *name, unsigned lineno, const char *why, sw_ioc_report_fn report,
                       void *user, size_t *n_bad)
{
    if (n_bad)
        (*n_bad)++;
    if (!report)
        return;
    sw_error e;
    sw_error_set(&e, SW_ERR_PARSE, name, lineno, "ioc", "%s; line skipped", why);
    report(&e, user);
}

sw_status sw_ioc_set_parse(sw_ioc_set *set, const uint8_t *buf, size_t len, const char *name,
                           sw_ioc_report_fn report, void *user, size_t *n_added, size_t *n_bad)
{
    if (!set)
        return SW_ERR_INVALID;
    sw_cursor c = sw_cur_init(buf, len);
    char line[IOC_LINE_MAX + 1], why[300];
    for (unsigned lineno = 1; sw_cur_left(&c) > 0; lineno++) {
        if (!read_line(&c, line)) {
            report_bad(name, lineno, "line too long or holds a NUL byte", report, user, n_bad);
            continue;
        }
        const char *p = line;
        while (*p == ' ' || *p == '\t')
            p++;
        if (*p == '\0' || *p == '#')
            continue;
        char *f[IOC_FIELDS];
        if (!split_fields(line, f)) {
            report_bad(name, lineno, "expected 6 tab-separated non-empty fields", report, user,
                       n_bad);
            continue;
        }
        why[0] = '\0';
        int fresh = 0;
        sw_status st = add_line(set, f, &fresh, why, sizeof(why));
        if (st == SW_ERR_NOMEM)
            return st;
        if (st != SW_OK)
            report_bad(name, lineno, why, report, user, n_bad);
        else if (n_added && fresh)
            (*n_added)++;
    }
    return SW_OK;
}

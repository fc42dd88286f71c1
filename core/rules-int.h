/* Internal layout of a compiled ruleset, shared by the parser (rules-parse.c, rules-options.c,
 * rules-content.c, rules-addr.c, rules-class.c), the compiler (rules-compile.c) and the matcher
 * (rules-match.c, rules-detect.c, rules-state.c). Not installed. */
#ifndef SEAWALL_RULES_INT_H
#define SEAWALL_RULES_INT_H

#include "catalog.h"
#include "netset.h"
#include "observation.h"
#include "prefilter.h"
#include "rules.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#define RULE_MAX_ITEMS    32 /* content/pcre/byte_test/isdataat per rule */
#define RULE_MAX_ADDRS    16 /* elements of one address or port list */
#define RULE_MAX_FLOWBITS 4
#define RULE_MAX_REFS     4
#define RULE_MAX_CONTENT  255
#define RULE_MAX_LINE     65536
#define RULE_MAX_CLASSES  64

/* Inspection buffers: the payload and the sticky buffers of docs/rules.md. */
typedef enum rule_buf {
    RB_PAYLOAD = 0,
    RB_HTTP_METHOD,
    RB_HTTP_URI,
    RB_HTTP_URI_RAW,
    RB_HTTP_HEADER,
    RB_HTTP_HEADER_RAW,
    RB_HTTP_COOKIE,
    RB_HTTP_HOST,
    RB_HTTP_USER_AGENT,
    RB_HTTP_REQUEST_BODY,
    RB_HTTP_STAT_CODE,
    RB_HTTP_RESPONSE_BODY,
    RB_TLS_SNI,
    RB_SSH_PROTO,
    RB_SSH_SOFTWARE,
    RB_DNS_QUERY,
    RB_COUNT
} rule_buf;

/* Which observation a rule is evaluated on (decided by its buffers). */
typedef enum rule_hook {
    HOOK_PAYLOAD = 0,
    HOOK_HTTP_REQUEST,
    HOOK_HTTP_RESPONSE,
    HOOK_TLS,
    HOOK_SSH,
    HOOK_DNS,
    HOOK_COUNT
} rule_hook;

typedef enum rule_proto {
    RP_IP = 0,
    RP_TCP,
    RP_UDP,
    RP_HTTP,
    RP_TLS,
    RP_DNS,
    RP_SSH,
} rule_proto;

typedef enum item_kind { IK_CONTENT = 1, IK_PCRE, IK_BYTE_TEST, IK_ISDATAAT } item_kind;

typedef enum bt_op { BT_LT, BT_GT, BT_LE, BT_GE, BT_EQ, BT_AND, BT_OR } bt_op;

typedef struct rule_item {
    item_kind kind;
    rule_buf buf;
    uint8_t negated;
    uint8_t relative; /* distance/within, pcre /R, byte_test/isdataat relative */
    /* content */
    uint8_t *bytes;
    size_t len;
    uint8_t nocase, fast_pattern, startswith, endswith;
    uint8_t has_depth, has_offset, has_distance, has_within;
    uint32_t depth, offset, within;
    int32_t distance;
    /* pcre */
    pcre2_code *re;
    /* byte_test / isdataat */
    uint8_t bt_nbytes, bt_string, bt_base, bt_little;
    bt_op bt_op_;
    uint8_t bt_not;
    uint64_t bt_value;
    int32_t at_offset; /* byte_test offset / isdataat position */
} rule_item;

/* An address element: a CIDR, a network-set variable, or any; a list matches when some
 * non-negated element matches (or there is none) and no negated element matches. */
typedef enum addr_kind { AK_ANY = 0, AK_CIDR, AK_VAR } addr_kind;
typedef struct rule_addr {
    addr_kind kind;
    uint8_t negated;
    sw_ip ip;
    uint8_t prefix;
    int var; /* rules_var id (rules-addr.c) */
} rule_addr;

typedef struct rule_addr_list {
    size_t n;
    rule_addr a[RULE_MAX_ADDRS];
} rule_addr_list;

typedef struct rule_port {
    uint16_t lo, hi;
    uint8_t negated;
} rule_port;

typedef struct rule_port_list {
    size_t n; /* 0 = any */
    rule_port p[RULE_MAX_ADDRS];
} rule_port_list;

typedef enum fb_cmd { FB_SET = 1, FB_UNSET, FB_TOGGLE, FB_ISSET, FB_ISNOTSET } fb_cmd;
typedef struct rule_flowbit {
    fb_cmd cmd;
    uint32_t name_hash; /* FNV-1a of the name: survives a reload that renumbers rules */
} rule_flowbit;

typedef enum thr_type { THR_NONE = 0, THR_LIMIT, THR_THRESHOLD, THR_BOTH, THR_DETECTION } thr_type;
typedef struct rule_threshold {
    thr_type type;
    uint8_t by_dst;
    uint32_t count, seconds;
} rule_threshold;

typedef struct sw_rule {
    uint32_t gid, sid, rev;
    uint8_t alert; /* 0 for pass */
    rule_proto proto;
    rule_hook hook;
    uint8_t bidirectional;
    rule_addr_list src, dst;
    rule_port_list sp, dp;
    uint8_t flow_to_server, flow_to_client, flow_established;
    uint8_t has_dsize;
    uint8_t dsize_op; /* '=', '<', '>', '-' (range lo<>hi) */
    uint32_t dsize_lo, dsize_hi;
    size_t n_items;
    rule_item items[RULE_MAX_ITEMS];
    int fp_item; /* prefilter item index, -1 = none */
    size_t n_flowbits;
    rule_flowbit flowbits[RULE_MAX_FLOWBITS];
    uint8_t noalert;
    rule_threshold threshold;
    char *msg, *classtype, *seawall_id;
    int priority; /* 0 = unset */
    size_t n_refs;
    char *refs[RULE_MAX_REFS];
    char source[256];           /* "file:line" */
    sw_catalog_entry own_entry; /* used when no catalog entry matches seawall_id */
    char own_id[32];
} sw_rule;

typedef struct rule_class {
    char name[64];
    char desc[160];
    int priority;
} rule_class;

struct sw_ruleset {
    sw_rule **rules;
    size_t n_rules, cap_rules;
    size_t skipped;
    sw_error *warnings;
    size_t n_warnings;
    rule_class classes[RULE_MAX_CLASSES];
    size_t n_classes;
    int have_classes;
    int compiled;
    /* prefilter: one per buffer (backend per prefilter.h), patterns carry the rule index */
    sw_prefilter *pf[RB_COUNT];
    uint32_t *unfiltered[HOOK_COUNT]; /* rules of a hook with no fast pattern */
    size_t n_unfiltered[HOOK_COUNT];
    sw_netset *default_home; /* HOME_NET default: RFC 1918 */
};

/* rules-parse.c */
void rules_warn(sw_ruleset *rs, const char *file, unsigned line, const char *key, const char *fmt,
                ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 5, 6)))
#endif
    ;
uint32_t rules_name_hash(const char *name);

/* Parse state of one rule, passed to the option handlers. */
typedef struct rule_parse {
    sw_ruleset *rs;
    sw_rule *rule;
    const char *file;
    unsigned line;
    rule_buf sticky;  /* current sticky buffer */
    int last_content; /* index of the last content item, -1 none */
    int seen_sid;
    int hook;         /* rule_hook chosen by the first buffer used, -1 none yet */
    char bad_key[64]; /* keyword that made the rule invalid */
    char why[256];
} rule_parse;

/* rules-options.c: applies one "key[:value]" option; 0 on success, -1 with p->bad_key/why. */
int rules_apply_option(rule_parse *p, const char *key, const char *value);
/* Picks the rule's hook once all options are read; -1 when buffers and options conflict. */
int rules_resolve_hook(rule_parse *p);
int rules_fail(rule_parse *p, const char *key, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

/* rules-content.c */
int rules_parse_content(rule_parse *p, const char *value, uint8_t **out, size_t *len);
int rules_content_modifier(rule_parse *p, const char *key, const char *value);
int rules_parse_pcre(rule_parse *p, const char *value);
int rules_parse_byte_test(rule_parse *p, const char *value);
int rules_parse_isdataat(rule_parse *p, const char *value);
int rules_parse_int(const char *text, long long lo, long long hi, long long *out);

/* rules-addr.c */
enum { RV_HOME_NET = 0, RV_EXTERNAL_NET, RV_FIRST_SET };
int rules_parse_addrs(rule_parse *p, const char *text, rule_addr_list *out, const char *what);
int rules_parse_ports(rule_parse *p, const char *text, rule_port_list *out, const char *what);

/* rules-class.c */
const rule_class *rules_find_class(const sw_ruleset *rs, const char *name);

/* rules-compile.c */
void rule_free(sw_rule *r);
void rules_finish_rule(sw_rule *r, const sw_ruleset *rs);

/* rules-match.c: evaluates the items of one buffer; 1 match, 0 no match. */
typedef struct rule_match_ctx {
    pcre2_match_data *md;
    pcre2_match_context *mctx;
    uint64_t budget; /* content search steps left before the rule gives up */
    uint64_t budget_exhausted;
} rule_match_ctx;
int rules_match_buffer(rule_match_ctx *ctx, const sw_rule *r, rule_buf buf, const uint8_t *data,
                       size_t len);

#endif

/* Address and port lists of the rule header (Suricata user guide, "Rules format: source and
 * destination, ports"): any, CIDRs, variables, '!' negation, '[...]' groups and port ranges.
 * Network variables name Seawall's network sets and are resolved against the engine's config when
 * matching, so one compiled ruleset serves engines with different configs. */
#include "rules-int.h"

#include "engine.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct {
    const char *name;
    int var;
} address_vars[] = {
    {"HOME_NET", RV_HOME_NET},
    {"EXTERNAL_NET", RV_EXTERNAL_NET},
    {"HTTP_SERVERS", RV_HOME_NET},
    {"DNS_SERVERS", RV_HOME_NET},
    {"SMTP_SERVERS", RV_HOME_NET},
    {"SQL_SERVERS", RV_HOME_NET},
    {"TELNET_SERVERS", RV_HOME_NET},
    {"SW_INFRA", RV_FIRST_SET + SW_NET_INFRA},
    {"SW_NOC", RV_FIRST_SET + SW_NET_NOC},
    {"SW_AAA", RV_FIRST_SET + SW_NET_AAA},
    {"SW_NMS", RV_FIRST_SET + SW_NET_NMS},
    {"SW_FILE_SERVERS", RV_FIRST_SET + SW_NET_FILE_SERVERS},
    {"SW_SYSLOG", RV_FIRST_SET + SW_NET_SYSLOG},
    {"SW_TUNNEL_PEERS", RV_FIRST_SET + SW_NET_TUNNEL_PEERS},
    {"SW_ERSPAN_COLLECTORS", RV_FIRST_SET + SW_NET_ERSPAN_COLLECTORS},
    {"SW_EDGE_APPS", RV_FIRST_SET + SW_NET_EDGE_APPS},
    {"SW_OWN", RV_FIRST_SET + SW_NET_OWN},
};

/* suricata.yaml's default port groups. */
static const struct {
    const char *name;
    uint16_t port;
} port_vars[] = {{"HTTP_PORTS", 80}, {"SSH_PORTS", 22}, {"FTP_PORTS", 21}, {"ORACLE_PORTS", 1521}};

typedef struct list_parse {
    rule_parse *p;
    const char *what;
    int ports;
    rule_addr_list *addrs;
    rule_port_list *portl;
    int depth;
} list_parse;

static int add_addr(list_parse *lp, const char *tok, int neg)
{
    rule_addr a = {.negated = (uint8_t)neg};
    if (!strcmp(tok, "any")) {
        if (neg)
            return rules_fail(lp->p, lp->what, "'!any' matches nothing");
        return 0; /* "any" inside a list adds nothing: an empty positive part matches all */
    }
    if (tok[0] == '$') {
        for (size_t i = 0; i < sizeof(address_vars) / sizeof(address_vars[0]); i++)
            if (!strcmp(tok + 1, address_vars[i].name)) {
                a.kind = AK_VAR;
                a.var = address_vars[i].var;
                goto add;
            }
        return rules_fail(lp->p, lp->what, "unknown address variable %s", tok);
    }
    char text[64];
    snprintf(text, sizeof(text), "%s", tok);
    char *slash = strchr(text, '/');
    long long len = -1;
    if (slash) {
        *slash = '\0';
        if (rules_parse_int(slash + 1, 0, 128, &len))
            return rules_fail(lp->p, lp->what, "bad prefix length in %s", tok);
    }
    if (sw_ip_parse(&a.ip, text) != SW_OK || (a.ip.family == 4 && len > 32))
        return rules_fail(lp->p, lp->what, "bad address %s", tok);
    a.kind = AK_CIDR;
    a.prefix = (uint8_t)(len < 0 ? (a.ip.family == 4 ? 32 : 128) : len);
add:
    if (lp->addrs->n == RULE_MAX_ADDRS)
        return rules_fail(lp->p, lp->what, "more than %d elements", RULE_MAX_ADDRS);
    lp->addrs->a[lp->addrs->n++] = a;
    return 0;
}

static int add_port(list_parse *lp, const char *tok, int neg)
{
    long long lo = 0, hi = 65535;
    if (!strcmp(tok, "any")) {
        if (neg)
            return rules_fail(lp->p, lp->what, "'!any' matches nothing");
        return 0;
    }
    if (tok[0] == '$') {
        size_t i = 0, n = sizeof(port_vars) / sizeof(port_vars[0]);
        while (i < n && strcmp(tok + 1, port_vars[i].name))
            i++;
        if (i == n)
            return rules_fail(lp->p, lp->what, "unknown port variable %s", tok);
        lo = hi = port_vars[i].port;
    } else {
        char text[32];
        snprintf(text, sizeof(text), "%s", tok);
        char *colon = strchr(text, ':');
        if (colon)
            *colon = '\0';
        int bad;
        if (colon) /* "lo:hi", "lo:" or ":hi" */
            bad = (!text[0] && !colon[1]) || (text[0] && rules_parse_int(text, 0, 65535, &lo)) ||
                  (colon[1] && rules_parse_int(colon + 1, 0, 65535, &hi));
        else {
            bad = rules_parse_int(text, 0, 65535, &lo);
            hi = lo;
        }
        if (bad || lo > hi)
            return rules_fail(lp->p, lp->what, "bad port or range %s", tok);
    }
    if (lp->portl->n == RULE_MAX_ADDRS)
        return rules_fail(lp->p, lp->what, "more than %d elements", RULE_MAX_ADDRS);
    lp->portl->p[lp->portl->n++] = (rule_port){(uint16_t)lo, (uint16_t)hi, (uint8_t)neg};
    return 0;
}

/* elem := ['!'] (token | '[' elem (',' elem)* ']'); negation distributes over a group. */
static int parse_elem(list_parse *lp, const char **s, int neg)
{
    while (**s == ' ')
        (*s)++;
    while (**s == '!') {
        neg = !neg;
        (*s)++;
    }
    if (**s == '[') {
        if (++lp->depth > 4)
            return rules_fail(lp->p, lp->what, "lists nested deeper than 4");
        (*s)++;
        do {
            if (**s == ',')
                (*s)++;
            if (parse_elem(lp, s, neg) != 0)
                return -1;
            while (**s == ' ')
                (*s)++;
        } while (**s == ',');
        if (**s != ']')
            return rules_fail(lp->p, lp->what, "missing ']'");
        (*s)++;
        lp->depth--;
        return 0;
    }
    char tok[64];
    size_t n = 0;
    while (**s && **s != ',' && **s != ']' && **s != ' ' && n + 1 < sizeof(tok))
        tok[n++] = *(*s)++;
    tok[n] = '\0';
    if (!n)
        return rules_fail(lp->p, lp->what, "empty element");
    return lp->ports ? add_port(lp, tok, neg) : add_addr(lp, tok, neg);
}

static int parse_list(list_parse *lp, const char *text)
{
    const char *s = text;
    if (parse_elem(lp, &s, 0) != 0)
        return -1;
    while (*s == ' ')
        s++;
    return *s ? rules_fail(lp->p, lp->what, "unexpected '%s'", s) : 0;
}

int rules_parse_addrs(rule_parse *p, const char *text, rule_addr_list *out, const char *what)
{
    list_parse lp = {.p = p, .what = what, .addrs = out};
    return parse_list(&lp, text);
}

int rules_parse_ports(rule_parse *p, const char *text, rule_port_list *out, const char *what)
{
    list_parse lp = {.p = p, .what = what, .ports = 1, .portl = out};
    return parse_list(&lp, text);
}

/* seawall-gen: one HTTP/1.1 exchange over a fresh TCP session on port 80, the building block of
 * the exploit scenarios (scn-exploit.c, scn-exploit2.c), with the evasion variants the content
 * rules must see through: the request cut into many segments, or sent out of order. */
#ifndef SEAWALL_GEN_HTTP_EXCHANGE_H
#define SEAWALL_GEN_HTTP_EXCHANGE_H

#include "craft.h"

/* Addresses of the lab plan the exploit scenarios use (tools/gen/plan.h for the sets): routers
 * are reached from an internal host, since an outside source completing a session to a router's
 * port 80 is ST-ACC-005 on its own; edge appliances (edge_apps) are reached from outside. */
#define EXP_ATTACKER_INTERNAL "10.99.7.66"
#define EXP_ATTACKER_OUTSIDE  "198.51.100.77"
#define EXP_ADMIN_INTERNAL    "10.99.8.42"
#define EXP_IOSXE_ROUTER      "10.10.0.15"
#define EXP_GLOBALPROTECT     "10.50.0.10"
#define EXP_IVANTI            "10.50.0.20"
#define EXP_EXCHANGE          "10.50.0.30"

typedef enum gen_http_mode {
    GEN_HTTP_WHOLE,     /* the request in one segment */
    GEN_HTTP_SPLIT,     /* in 9 segments, in order */
    GEN_HTTP_REORDERED, /* in 6 segments sent 3, 0, 5, 1, 4, 2 */
} gen_http_mode;

/* Handshake, the request, the response (none when NULL), close, to port 80 or `port`.
 * 0, or -1 with g->err set. */
int gen_http_exchange(gen_ctx *g, const char *cli, const char *srv, const char *request,
                      const char *response, gen_http_mode mode);
int gen_http_exchange_port(gen_ctx *g, const char *cli, const char *srv, uint16_t port,
                           const char *request, const char *response, gen_http_mode mode);

#endif

/* The thin shim between the plugin and the two Suricata majors: one node type, one child lookup,
 * one log call. Everything outside host.h, host-log.c and plugin-register.c is version-blind.
 *
 * HOST_MAJOR (7 or 8) picks the interface. By default it comes from Seawall's own declarations
 * (host-7.h, host-8.h); with SW_HOST_REAL_HEADERS the installed Suricata headers are used
 * instead (libsuricata-config --cflags), so a build matches a host configured differently. */
#ifndef SEAWALL_SURICATA_HOST_H
#define SEAWALL_SURICATA_HOST_H

#include <stddef.h>
#include <stdint.h>

#if !defined(HOST_MAJOR) || (HOST_MAJOR != 7 && HOST_MAJOR != 8)
#error "HOST_MAJOR must be 7 or 8: one plugin build per Suricata major"
#endif

#if defined(SW_HOST_REAL_HEADERS)
#include "suricata-common.h"
#include "suricata-plugin.h"
#include "conf.h"
#include "util-debug.h"
#if HOST_MAJOR == 8
#include "output-eve.h"
#endif
#elif HOST_MAJOR == 7
#include "host-7.h"
#else
#include "host-8.h"
#endif

#if HOST_MAJOR == 7
typedef ConfNode sw_host_node;
#define sw_host_lookup_child ConfNodeLookupChild
#define sw_host_lookup_value ConfNodeLookupChildValue
#else
typedef SCConfNode sw_host_node;
#define sw_host_lookup_child SCConfNodeLookupChild
#define sw_host_lookup_value SCConfNodeLookupChildValue
#endif

/* Children of a node, in order (the host's tail queue, walked through its public layout). */
static inline const sw_host_node *sw_host_first_child(const sw_host_node *node)
{
    return node ? node->head.tqh_first : NULL;
}
static inline const sw_host_node *sw_host_next_sibling(const sw_host_node *node)
{
    return node ? node->next.tqe_next : NULL;
}

typedef enum sw_host_level {
    SW_HOST_ERROR,
    SW_HOST_WARNING,
    SW_HOST_NOTICE,
    SW_HOST_INFO,
} sw_host_level;

/* Logs one line through the host's logger, tagged with the "seawall" subsystem. Never called
 * per record: callers rate-limit anything that input can trigger. */
void sw_host_log(sw_host_level level, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

#endif

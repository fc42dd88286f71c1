/* The part of Suricata 7.0's plugin interface Seawall uses, declared from the published layout
 * (suricata-7.0.17: src/suricata-plugin.h, src/conf.h, src/util-debug.h). Names, member order and
 * types must match the host exactly: the plugin is loaded into Suricata's address space and the
 * host reads these structs directly. Written for Seawall; no upstream text is reproduced.
 *
 * Differences from 8.0 that matter (see host-8.h): no version field in SCPlugin (so the host
 * cannot refuse a plugin built for another major), ConfNode instead of SCConfNode, and a
 * different member order in SCEveFileType. */
#ifndef SEAWALL_SURICATA_HOST_7_H
#define SEAWALL_SURICATA_HOST_7_H

#include <stdbool.h>
#include <stdint.h>

#define SW_HOST_MAJOR_DECLARED 7

/* A configuration tree node. A map's children carry their key in `name`; a sequence (is_seq set)
 * names its children "0", "1", ...; a scalar keeps its text in `val`. Children form a tail
 * queue: `head` is the list of this node's children, `next` links it to its siblings. */
typedef struct ConfNode_ {
    char *name;
    char *val;
    int is_seq;
    int final; /* set when a command-line override must not be replaced */
    struct ConfNode_ *parent;
    struct {
        struct ConfNode_ *tqh_first;
        struct ConfNode_ **tqh_last;
    } head;
    struct {
        struct ConfNode_ *tqe_next;
        struct ConfNode_ **tqe_prev;
    } next;
} ConfNode;

/* Returned by the plugin's SCPluginRegister; the host keeps the pointer for its lifetime. */
typedef struct SCPlugin_ {
    const char *name;
    const char *license;
    const char *author;
    void (*Init)(void);
} SCPlugin;

typedef SCPlugin *(*SCPluginRegisterFunc)(void);

/* An EVE output file type. The host links registered types through `entries`, so the plugin's
 * struct must have room for it and must stay alive while Suricata runs. */
typedef struct SCEveFileType_ {
    const char *name;
    int (*Init)(ConfNode *conf, bool threaded, void **init_data);
    int (*Write)(const char *buffer, int buffer_len, void *init_data, void *thread_data);
    void (*Deinit)(void *init_data);
    int (*ThreadInit)(void *init_data, int thread_id, void **thread_data);
    int (*ThreadDeinit)(void *init_data, void *thread_data);
    struct {
        struct SCEveFileType_ *tqe_next;
        struct SCEveFileType_ **tqe_prev;
    } entries;
} SCEveFileType;

/* Host functions, resolved from the suricata executable when the plugin is loaded. */
bool SCRegisterEveFileType(SCEveFileType *);
ConfNode *ConfNodeLookupChild(const ConfNode *node, const char *key);
const char *ConfNodeLookupChildValue(const ConfNode *node, const char *key);

/* Log levels as the host numbers them. */
typedef enum {
    SC_LOG_NOTSET = -1,
    SC_LOG_NONE = 0,
    SC_LOG_ERROR,
    SC_LOG_WARNING,
    SC_LOG_NOTICE,
    SC_LOG_INFO,
    SC_LOG_PERF,
    SC_LOG_CONFIG,
    SC_LOG_DEBUG,
    SC_LOG_LEVEL_MAX,
} SCLogLevel;

/* The functions behind the SCLog* macros: SCLog for info/notice/config/perf, SCLogErr for
 * warnings and errors. `module` is the subsystem name printed with the message. */
void SCLog(int x, const char *file, const char *func, const int line, const char *module,
           const char *fmt, ...) __attribute__((format(printf, 6, 7)));
void SCLogErr(int x, const char *file, const char *func, const int line, const char *module,
              const char *fmt, ...) __attribute__((format(printf, 6, 7)));

#endif

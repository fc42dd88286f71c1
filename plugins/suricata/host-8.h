/* The part of Suricata 8.0's plugin interface Seawall uses, declared from the published layout
 * (suricata-8.0.6: src/suricata-plugin.h, src/output-eve.h, src/conf.h, src/util-debug.h).
 * Names, member order and types must match the host exactly. Written for Seawall; no upstream
 * text is reproduced.
 *
 * Differences from 7.0 (host-7.h): SCPlugin starts with an API version the host compares with
 * its own (a mismatch makes Suricata log an error and skip the plugin), the config node type is
 * SCConfNode, and SCEveFileType lists ThreadInit before Write and takes const pointers. */
#ifndef SEAWALL_SURICATA_HOST_8_H
#define SEAWALL_SURICATA_HOST_8_H

#include <stdbool.h>
#include <stdint.h>

#define SW_HOST_MAJOR_DECLARED 8

/* major << 8 | minor of the plugin API; Suricata 8.0 accepts exactly this value. */
#define SC_API_VERSION ((uint64_t)0x0800)

/* Same shape as 7.0's ConfNode, under its 8.0 name. */
typedef struct SCConfNode_ {
    char *name;
    char *val;
    int is_seq;
    int final;
    struct SCConfNode_ *parent;
    struct {
        struct SCConfNode_ *tqh_first;
        struct SCConfNode_ **tqh_last;
    } head;
    struct {
        struct SCConfNode_ *tqe_next;
        struct SCConfNode_ **tqe_prev;
    } next;
} SCConfNode;

typedef struct SCPlugin_ {
    uint64_t version; /* must be SC_API_VERSION */
    const char *suricata_version;
    const char *name;
    const char *plugin_version;
    const char *license;
    const char *author;
    void (*Init)(void);
} SCPlugin;

typedef SCPlugin *(*SCPluginRegisterFunc)(void);

typedef uint32_t ThreadId;

/* An EVE output file type; `entries` belongs to the host's list of registered types. */
typedef struct SCEveFileType_ {
    const char *name;
    int (*Init)(const SCConfNode *conf, const bool threaded, void **init_data);
    int (*ThreadInit)(const void *init_data, const ThreadId thread_id, void **thread_data);
    int (*Write)(const char *buffer, const int buffer_len, const void *init_data,
                 void *thread_data);
    void (*ThreadDeinit)(const void *init_data, void *thread_data);
    void (*Deinit)(void *init_data);
    struct {
        struct SCEveFileType_ *tqe_next;
        struct SCEveFileType_ **tqe_prev;
    } entries;
} SCEveFileType;

bool SCRegisterEveFileType(SCEveFileType *);
SCConfNode *SCConfNodeLookupChild(const SCConfNode *node, const char *key);
const char *SCConfNodeLookupChildValue(const SCConfNode *node, const char *key);

/* 8.0 only: a hook that may append fields to every record Suricata builds (not stats). The
 * argument types are opaque here; Seawall does not use it yet (it would add enrichment before
 * the record is rendered, which a file type cannot do). */
typedef struct ThreadVars_ ThreadVars;
typedef struct Packet_ Packet;
typedef struct Flow_ Flow;
typedef struct SCJsonBuilder SCJsonBuilder;
typedef void (*SCEveUserCallbackFn)(ThreadVars *tv, const Packet *p, Flow *f, SCJsonBuilder *jb,
                                    void *user);
bool SCEveRegisterCallback(SCEveUserCallbackFn fn, void *user);

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

void SCLog(int x, const char *file, const char *func, const int line, const char *module,
           const char *fmt, ...) __attribute__((format(printf, 6, 7)));
void SCLogErr(int x, const char *file, const char *func, const int line, const char *module,
              const char *fmt, ...) __attribute__((format(printf, 6, 7)));

#endif

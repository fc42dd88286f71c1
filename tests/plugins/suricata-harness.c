/* A stand-in for Suricata's plugin loader and EVE output, built once per major (HOST_MAJOR 7 or
 * 8) against Seawall's host-7.h/host-8.h. It exports the host functions the plugin resolves at
 * dlopen time and drives the plugin in the host's order (suricata-7.0.17 and 8.0.6:
 * src/util-plugin.c, src/output-json.c, src/util-logopenfile.c):
 *
 *   dlopen(RTLD_NOW) -> dlsym SCPluginRegister -> call it -> (8.0) version check -> non-NULL
 *   name/license/author/Init -> Init (registers the file type) -> find the type named by the
 *   config's `filetype` -> type Init(node, threaded) -> (8.0) ThreadInit(0) -> threaded:
 *   ThreadInit per output thread -> Write every input line -> ThreadDeinit -> Deinit.
 *
 * usage: suricata-harness-N --plugin SO --conf JSON [--threads N] EVE_FILE...
 * JSON is the eve-log node (a JSON object) turned into a config tree the way Suricata's YAML
 * loader builds one. Each input line is handed over in a buffer of exactly its length, with no
 * terminator, so AddressSanitizer catches a plugin reading past it. Several threads write at once
 * (files are dealt round-robin), as Suricata's packet threads do.
 *
 * Exit: 0 done, 2 usage, 3 plugin rejected like Suricata rejects it, 4 plugin failed. */
#if HOST_MAJOR == 7
#include "host-7.h"
typedef ConfNode host_node;
#define HOST_LOOKUP_CHILD ConfNodeLookupChild
#define HOST_LOOKUP_VALUE ConfNodeLookupChildValue
#elif HOST_MAJOR == 8
#include "host-8.h"
typedef SCConfNode host_node;
#define HOST_LOOKUP_CHILD SCConfNodeLookupChild
#define HOST_LOOKUP_VALUE SCConfNodeLookupChildValue
#else
#error "HOST_MAJOR must be 7 or 8"
#endif

#include <dlfcn.h>
#include <inttypes.h>
#include <jansson.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_THREADS   16
#define MAX_FILETYPES 8

/* ---- host services the plugin links against ---- */

static struct {
    SCEveFileType *types[MAX_FILETYPES];
    size_t n_types;
} host_registry; /* written only by the main thread during plugin Init */

static const char *const builtin_types[] = {"regular", "unix_dgram", "unix_stream", "redis",
#if HOST_MAJOR == 8
                                            "syslog",  "nullsink",
#endif
                                            NULL};

bool SCRegisterEveFileType(SCEveFileType *type)
{
    for (size_t i = 0; builtin_types[i]; i++)
        if (!strcmp(type->name, builtin_types[i]))
            return false;
    for (size_t i = 0; i < host_registry.n_types; i++)
        if (!strcmp(host_registry.types[i]->name, type->name))
            return false;
    if (host_registry.n_types == MAX_FILETYPES)
        return false;
    host_registry.types[host_registry.n_types++] = type;
    return true;
}

host_node *HOST_LOOKUP_CHILD(const host_node *node, const char *key)
{
    if (!node)
        return NULL;
    for (host_node *c = node->head.tqh_first; c; c = c->next.tqe_next)
        if (c->name && !strcmp(c->name, key))
            return c;
    return NULL;
}

const char *HOST_LOOKUP_VALUE(const host_node *node, const char *key)
{
    host_node *c = HOST_LOOKUP_CHILD(node, key);
    return c ? c->val : NULL;
}

static const char *level_name(int level)
{
    static const char *const names[] = {"None", "Error", "Warning", "Notice",
                                        "Info", "Perf",  "Config",  "Debug"};
    return level >= 0 && level <= SC_LOG_DEBUG ? names[level] : "?";
}

static void host_vlog(int level, const char *module, const char *fmt, va_list ap)
{
    char text[4096];
    vsnprintf(text, sizeof(text), fmt, ap);
    fprintf(stderr, "<%s> -- [%s] %s\n", level_name(level), module, text);
}

void SCLog(int x, const char *file, const char *func, const int line, const char *module,
           const char *fmt, ...)
{
    (void)file, (void)func, (void)line;
    va_list ap;
    va_start(ap, fmt);
    host_vlog(x, module, fmt, ap);
    va_end(ap);
}

void SCLogErr(int x, const char *file, const char *func, const int line, const char *module,
              const char *fmt, ...)
{
    (void)file, (void)func, (void)line;
    va_list ap;
    va_start(ap, fmt);
    host_vlog(x, module, fmt, ap);
    va_end(ap);
}

#if HOST_MAJOR == 8
bool SCEveRegisterCallback(SCEveUserCallbackFn fn, void *user)
{
    (void)fn, (void)user;
    return true;
}
#endif

/* ---- the config tree, shaped like Suricata's YAML loader shapes it ---- */

static void node_append(host_node *parent, host_node *child)
{
    child->parent = parent;
    child->next.tqe_next = NULL;
    child->next.tqe_prev = parent->head.tqh_last;
    *parent->head.tqh_last = child;
    parent->head.tqh_last = &child->next.tqe_next;
}

static host_node *node_new(const char *name)
{
    host_node *n = calloc(1, sizeof(*n));
    n->name = name ? strdup(name) : NULL;
    n->head.tqh_first = NULL;
    n->head.tqh_last = &n->head.tqh_first;
    return n;
}

static host_node *node_from_json(const char *name, json_t *v)
{
    host_node *n = node_new(name);
    char text[64];
    if (json_is_object(v)) {
        const char *key;
        json_t *child;
        json_object_foreach(v, key, child) node_append(n, node_from_json(key, child));
    } else if (json_is_array(v)) {
        n->is_seq = 1; /* sequence items are named by their index */
        for (size_t i = 0; i < json_array_size(v); i++) {
            snprintf(text, sizeof(text), "%zu", i);
            node_append(n, node_from_json(text, json_array_get(v, i)));
        }
    } else if (json_is_string(v)) {
        n->val = strdup(json_string_value(v));
    } else if (json_is_integer(v)) {
        snprintf(text, sizeof(text), "%" JSON_INTEGER_FORMAT, json_integer_value(v));
        n->val = strdup(text);
    } else if (json_is_boolean(v)) {
        n->val = strdup(json_is_true(v) ? "true" : "false");
    }
    return n;
}

static void node_free(host_node *n)
{
    if (!n)
        return;
    host_node *c = n->head.tqh_first;
    while (c) {
        host_node *next = c->next.tqe_next;
        node_free(c);
        c = next;
    }
    free(n->name);
    free(n->val);
    free(n);
}

/* ---- driving the file type ---- */

typedef struct feeder {
    SCEveFileType *type;
    void *init_data;
    void *thread_data; /* 7.0 unthreaded: NULL, as Suricata passes it */
    char **files;
    size_t n_files, first, step;
    uint64_t lines;
    int failed;
} feeder;

/* Each line goes out in its own exactly sized heap buffer without the newline. */
static void feed_file(feeder *f, const char *path)
{
    FILE *in = fopen(path, "rb");
    if (!in) {
        fprintf(stderr, "harness: cannot open %s\n", path);
        f->failed = 1;
        return;
    }
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    while ((n = getline(&line, &cap, in)) > 0) {
        size_t len = (size_t)n;
        if (line[len - 1] == '\n')
            len--;
        if (len == 0)
            continue;
        char *exact = malloc(len);
        memcpy(exact, line, len);
        f->type->Write(exact, (int)len, f->init_data, f->thread_data);
        free(exact);
        f->lines++;
    }
    free(line);
    fclose(in);
}

static void *feeder_run(void *arg)
{
    feeder *f = arg;
    for (size_t i = f->first; i < f->n_files; i += f->step)
        feed_file(f, f->files[i]);
    return NULL;
}

static int load_plugin(const char *path, SCPlugin **out)
{
    void *lib = dlopen(path, RTLD_NOW); /* Suricata's InitPlugin uses RTLD_NOW alone */
    if (!lib) {
        fprintf(stderr, "harness: Failed to open %s as a plugin: %s\n", path, dlerror());
        return 4;
    }
    SCPluginRegisterFunc reg = (SCPluginRegisterFunc)(uintptr_t)dlsym(lib, "SCPluginRegister");
    if (!reg) {
        fprintf(stderr, "harness: Plugin does not export SCPluginRegister function: %s\n", path);
        return 4;
    }
    SCPlugin *p = reg();
#if HOST_MAJOR == 8
    if (p->version != SC_API_VERSION) {
        fprintf(stderr,
                "harness: plugin rejected: Suricata and plugin versions differ: plugin has "
                "%" PRIx64 " vs Suricata %" PRIx64 "\n",
                p->version, SC_API_VERSION);
        return 3;
    }
#endif
    if (!p->name || !p->license || !p->author || !p->Init) {
        fprintf(stderr, "harness: plugin lacks name, license, author or Init\n");
        return 4;
    }
    fprintf(stderr, "harness: Initializing plugin %s; author=%s; license=%s\n", p->name, p->author,
            p->license);
    p->Init();
    *out = p;
    return 0;
}

static SCEveFileType *find_type(const char *name)
{
    for (size_t i = 0; name && i < host_registry.n_types; i++)
        if (!strcmp(host_registry.types[i]->name, name))
            return host_registry.types[i];
    return NULL;
}

static int is_true(const char *v)
{
    return v && (!strcmp(v, "true") || !strcmp(v, "yes") || !strcmp(v, "on"));
}

/* Runs the output's life: init, threads, writes, teardown. Returns the exit code. */
static int run_output(SCEveFileType *type, host_node *conf, size_t n_threads, char **files,
                      size_t n_files)
{
    bool threaded = is_true(HOST_LOOKUP_VALUE(conf, "threaded"));
    void *init_data = NULL;
    if (type->Init(conf, threaded, &init_data) < 0) {
        fprintf(stderr, "harness: file type Init failed\n");
        return 4;
    }
    void *main_td = NULL;
#if HOST_MAJOR == 8
    if (type->ThreadInit && type->ThreadInit(init_data, 0, &main_td) < 0)
        return 4;
#endif
    feeder fd[MAX_THREADS];
    pthread_t tid[MAX_THREADS];
    memset(fd, 0, sizeof(fd));
    for (size_t t = 0; t < n_threads; t++) {
        fd[t] = (feeder){type, init_data, main_td, files, n_files, t, n_threads, 0, 0};
        if (threaded && type->ThreadInit((void *)init_data, (int)(t + 1), &fd[t].thread_data) < 0)
            return 4;
    }
    for (size_t t = 0; t < n_threads; t++)
        pthread_create(&tid[t], NULL, feeder_run, &fd[t]);
    uint64_t lines = 0;
    int failed = 0;
    for (size_t t = 0; t < n_threads; t++) {
        pthread_join(tid[t], NULL);
        lines += fd[t].lines;
        failed |= fd[t].failed;
        if (threaded)
            type->ThreadDeinit((void *)init_data, fd[t].thread_data);
    }
#if HOST_MAJOR == 8
    if (type->ThreadDeinit)
        type->ThreadDeinit(init_data, main_td);
#endif
    type->Deinit(init_data);
    printf("{\"host_major\":%d,\"threaded\":%s,\"threads\":%zu,\"lines_fed\":%" PRIu64 "}\n",
           HOST_MAJOR, threaded ? "true" : "false", n_threads, lines);
    return failed ? 4 : 0;
}

int main(int argc, char **argv)
{
    const char *plugin = NULL, *conf_text = NULL;
    size_t n_threads = 2;
    int i = 1;
    for (; i < argc; i++) {
        if (!strcmp(argv[i], "--plugin") && i + 1 < argc)
            plugin = argv[++i];
        else if (!strcmp(argv[i], "--conf") && i + 1 < argc)
            conf_text = argv[++i];
        else if (!strcmp(argv[i], "--threads") && i + 1 < argc)
            n_threads = strtoul(argv[++i], NULL, 10);
        else
            break;
    }
    json_t *conf_json = conf_text ? json_loads(conf_text, 0, NULL) : NULL;
    if (!plugin || !json_is_object(conf_json) || n_threads < 1 || n_threads > MAX_THREADS) {
        fprintf(stderr, "usage: %s --plugin SO --conf JSON [--threads 1-%d] EVE_FILE...\n", argv[0],
                MAX_THREADS);
        json_decref(conf_json);
        return 2;
    }
    SCPlugin *p = NULL;
    int rc = load_plugin(plugin, &p);
    host_node *conf = node_from_json("eve-log", conf_json);
    json_decref(conf_json);
    if (rc == 0) {
        SCEveFileType *type = find_type(HOST_LOOKUP_VALUE(conf, "filetype"));
        if (!type) {
            fprintf(stderr, "harness: no EVE file type named by 'filetype'\n");
            rc = 4;
        } else {
            rc = run_output(type, conf, n_threads, argv + i, (size_t)(argc - i));
        }
    }
    node_free(conf);
    return rc;
}

/* Reads the plugin options from Suricata's configuration tree. Inline `networks:` and
 * `detections:` are turned back into YAML text and parsed by the core's own config reader, so
 * the keys, checks and messages are exactly the sensor's. */
#include "options.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef SEAWALL_DATADIR
#define SEAWALL_DATADIR "/usr/local/share/seawall"
#endif

#define INLINE_NAME      "suricata.yaml eve-log (filetype seawall)"
#define INLINE_MAX_DEPTH 8          /* networks.<set>.<item>, detections.<id>.<key>: depth 3 */
#define INLINE_MAX_BYTES (1u << 20) /* a config far larger than any address plan is refused */

typedef struct text_buf {
    char *data;
    size_t len, cap;
    int failed; /* out of memory or over INLINE_MAX_BYTES */
} text_buf;

static void buf_add(text_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void buf_add(text_buf *b, const char *fmt, ...)
{
    if (b->failed)
        return;
    for (;;) {
        va_list ap;
        va_start(ap, fmt);
        int n =
            vsnprintf(b->data ? b->data + b->len : NULL, b->data ? b->cap - b->len : 0, fmt, ap);
        va_end(ap);
        if (n < 0 || b->len + (size_t)n + 1 > INLINE_MAX_BYTES) {
            b->failed = 1;
            return;
        }
        if (b->data && b->len + (size_t)n < b->cap) {
            b->len += (size_t)n;
            return;
        }
        size_t cap = b->cap ? b->cap * 2 : 4096;
        while (cap < b->len + (size_t)n + 1)
            cap *= 2;
        char *grown = realloc(b->data, cap);
        if (!grown) {
            b->failed = 1;
            return;
        }
        b->data = grown;
        b->cap = cap;
    }
}

/* Plain YAML only for text that cannot be mistaken for syntax; everything else double-quoted
 * (YAML 1.2 section 7.3.1), so IPv6 prefixes with "::" survive. */
static void emit_scalar(text_buf *b, const char *val)
{
    if (!val || !*val) {
        buf_add(b, "~");
        return;
    }
    if (strspn(val, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_./-") ==
            strlen(val) &&
        val[0] != '-') {
        buf_add(b, "%s", val);
        return;
    }
    buf_add(b, "\"");
    for (const char *p = val; *p; p++) {
        unsigned char c = (unsigned char)*p;
        if (c == '"' || c == '\\')
            buf_add(b, "\\%c", c);
        else if (c < 0x20)
            buf_add(b, "\\x%02x", c);
        else
            buf_add(b, "%c", c);
    }
    buf_add(b, "\"");
}

static void emit_node(text_buf *b, const sw_host_node *node, int depth);

static void emit_children(text_buf *b, const sw_host_node *node, int depth)
{
    for (const sw_host_node *c = sw_host_first_child(node); c; c = sw_host_next_sibling(c)) {
        buf_add(b, "\n%*s", depth * 2, "");
        if (node->is_seq)
            buf_add(b, "- ");
        else
            buf_add(b, "%s: ", c->name ? c->name : "~");
        emit_node(b, c, depth + 1);
    }
}

static void emit_node(text_buf *b, const sw_host_node *node, int depth)
{
    if (depth > INLINE_MAX_DEPTH) {
        b->failed = 1;
        return;
    }
    if (sw_host_first_child(node))
        emit_children(b, node, depth);
    else if (node->is_seq)
        buf_add(b, "[]");
    else
        emit_scalar(b, node->val);
}

static sw_status read_inline(const sw_host_node *node, sw_suri_options *opt, sw_error *err)
{
    static const char *const sections[] = {"networks", "detections", "geo", "ioc"};
    text_buf b = {0};
    for (size_t i = 0; i < sizeof(sections) / sizeof(sections[0]); i++) {
        const sw_host_node *sec = sw_host_lookup_child(node, sections[i]);
        if (!sec)
            continue;
        buf_add(&b, "%s: ", sections[i]);
        emit_node(&b, sec, 1);
        buf_add(&b, "\n");
    }
    if (b.failed) {
        free(b.data);
        return sw_error_set(err, SW_ERR_LIMIT, INLINE_NAME, 0, "networks",
                            "inline settings are nested deeper than %d levels or exceed %u bytes",
                            INLINE_MAX_DEPTH, INLINE_MAX_BYTES);
    }
    if (!b.data)
        return SW_OK;
    sw_status st = sw_conf_load_string(b.data, b.len, INLINE_NAME, &opt->inline_config, err);
    free(b.data);
    return st;
}

static sw_status copy_path(const sw_host_node *node, const char *key, char *out, size_t len,
                           sw_error *err)
{
    const char *val = node ? sw_host_lookup_value(node, key) : NULL;
    if (!val)
        return SW_OK;
    if (strlen(val) >= len)
        return sw_error_set(err, SW_ERR_INVALID, INLINE_NAME, 0, key, "path longer than %zu bytes",
                            len - 1);
    snprintf(out, len, "%s", val);
    return SW_OK;
}

static int is_true(const char *val)
{
    return val &&
           (!strcmp(val, "yes") || !strcmp(val, "true") || !strcmp(val, "on") || !strcmp(val, "1"));
}

static sw_status read_sink(const sw_host_node *node, sw_suri_options *opt, sw_error *err)
{
    const char *kind = node ? sw_host_lookup_value(node, "sink") : NULL;
    if (kind && sw_sink_kind_parse(kind, &opt->sink) != SW_OK)
        return sw_error_set(err, SW_ERR_INVALID, INLINE_NAME, 0, "sink",
                            "'%s' is not one of file, unix_stream, unix_dgram", kind);
    const char *size = node ? sw_host_lookup_value(node, "queue-size") : NULL;
    if (size) {
        char *end = NULL;
        unsigned long long v = strtoull(size, &end, 10);
        if (!*size || *end || v < 4096 || v > SW_SURI_MAX_QUEUE_SIZE)
            return sw_error_set(err, SW_ERR_INVALID, INLINE_NAME, 0, "queue-size",
                                "'%s' must be a byte count from 4096 to %u", size,
                                SW_SURI_MAX_QUEUE_SIZE);
        opt->queue_size = (size_t)v;
    }
    return copy_path(node, "filename", opt->filename, sizeof(opt->filename), err);
}

sw_status sw_suri_options_read(const sw_host_node *node, sw_suri_options *opt, sw_error *err)
{
    memset(opt, 0, sizeof(*opt));
    opt->sink = SW_SINK_FILE;
    opt->queue_size = SW_SURI_DEFAULT_QUEUE_SIZE;
    snprintf(opt->filename, sizeof(opt->filename), "%s", SW_SURI_DEFAULT_FILENAME);
    snprintf(opt->catalog, sizeof(opt->catalog), "%s", SEAWALL_DATADIR "/catalog.yaml");
    sw_status st = read_sink(node, opt, err);
    if (st == SW_OK)
        st = copy_path(node, "catalog", opt->catalog, sizeof(opt->catalog), err);
    if (st == SW_OK)
        st = copy_path(node, "config", opt->config, sizeof(opt->config), err);
    if (st == SW_OK && node)
        st = read_inline(node, opt, err);
    if (st != SW_OK) {
        sw_suri_options_clear(opt);
        return st;
    }
    opt->community_id = node && is_true(sw_host_lookup_value(node, "community-id"));
    return SW_OK;
}

void sw_suri_options_clear(sw_suri_options *opt)
{
    if (!opt)
        return;
    sw_conf_free(opt->inline_config);
    opt->inline_config = NULL;
}

/* YAML config tree: libyaml's event stream folded into nodes that remember file and line.
 *
 * Only the subset of YAML a config needs is accepted. Anchors and aliases are refused because an
 * alias can fan one node out many times (the "billion laughs" expansion) and because a reviewer
 * reading one place of the file should see every value; several documents in one file and
 * duplicate keys are refused because one of the two values would be silently ignored. */
#include "conf.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <yaml.h>

/* Deeper than any sane config, shallow enough that recursion cannot exhaust the stack. */
#define SW_CONF_MAX_DEPTH 64
/* Caps memory for a hostile file: a config has hundreds of nodes, a catalog a few thousand. */
#define SW_CONF_MAX_NODES 200000
/* Duplicate keys are found by a linear scan, so a map's size is capped to keep that cheap; real
 * maps (sections, detection ids) have tens of keys, long lists are sequences. */
#define SW_CONF_MAX_MAP_KEYS 1024
/* A config file larger than this is a mistake (a pcap passed as config, say). */
#define SW_CONF_MAX_FILE_BYTES (16u * 1024u * 1024u)

struct sw_conf_node {
    sw_conf_kind kind;
    unsigned line;
    int plain; /* scalar written without quotes: may be a YAML null */
    const char *file;
    char *file_owned; /* only the root owns the file name */
    char *scalar;
    size_t count, cap;
    char **keys;         /* maps only */
    unsigned *key_lines; /* maps only */
    sw_conf_node **items;
};

typedef struct conf_parser {
    yaml_parser_t yaml;
    const char *file;
    size_t nodes;
    sw_error *err;
} conf_parser;

static sw_conf_node *node_new(conf_parser *p, sw_conf_kind kind, const yaml_mark_t *mark)
{
    if (p->nodes >= SW_CONF_MAX_NODES)
        return NULL;
    sw_conf_node *n = calloc(1, sizeof(*n));
    if (!n)
        return NULL;
    p->nodes++;
    n->kind = kind;
    n->line = (unsigned)mark->line + 1;
    n->file = p->file;
    return n;
}

void sw_conf_free(sw_conf_node *node)
{
    if (!node)
        return;
    for (size_t i = 0; i < node->count; i++) {
        sw_conf_free(node->items[i]);
        if (node->keys)
            free(node->keys[i]);
    }
    free(node->items);
    free(node->keys);
    free(node->key_lines);
    free(node->scalar);
    free(node->file_owned);
    free(node);
}

static sw_status node_append(sw_conf_node *parent, char *key, unsigned key_line,
                             sw_conf_node *child)
{
    if (parent->count == parent->cap) {
        size_t cap = parent->cap ? parent->cap * 2 : 4;
        sw_conf_node **items = realloc(parent->items, cap * sizeof(*items));
        if (!items)
            return SW_ERR_NOMEM;
        parent->items = items;
        if (parent->kind == SW_CONF_MAP) {
            char **keys = realloc(parent->keys, cap * sizeof(*keys));
            if (!keys)
                return SW_ERR_NOMEM;
            parent->keys = keys;
            unsigned *lines = realloc(parent->key_lines, cap * sizeof(*lines));
            if (!lines)
                return SW_ERR_NOMEM;
            parent->key_lines = lines;
        }
        parent->cap = cap;
    }
    if (parent->kind == SW_CONF_MAP) {
        parent->keys[parent->count] = key;
        parent->key_lines[parent->count] = key_line;
    }
    parent->items[parent->count++] = child;
    return SW_OK;
}

static sw_status fail_at(conf_parser *p, const yaml_mark_t *mark, const char *key, sw_status st,
                         const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 5, 6)))
#endif
    ;

static sw_status fail_at(conf_parser *p, const yaml_mark_t *mark, const char *key, sw_status st,
                         const char *fmt, ...)
{
    char text[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(text, sizeof(text), fmt, ap);
    va_end(ap);
    return sw_error_set(p->err, st, p->file, (unsigned)mark->line + 1, key, "%s", text);
}

static sw_status next_event(conf_parser *p, yaml_event_t *ev)
{
    if (yaml_parser_parse(&p->yaml, ev))
        return SW_OK;
    const char *problem = p->yaml.problem ? p->yaml.problem : "malformed YAML";
    yaml_mark_t mark = p->yaml.problem_mark;
    if (p->yaml.context)
        return fail_at(p, &mark, "", SW_ERR_PARSE, "%s %s", problem, p->yaml.context);
    return fail_at(p, &mark, "", SW_ERR_PARSE, "%s", problem);
}

static sw_status parse_node(conf_parser *p, yaml_event_t *ev, const char *key, unsigned depth,
                            sw_conf_node **out);

static const yaml_char_t *event_anchor(const yaml_event_t *ev)
{
    switch (ev->type) {
    case YAML_SCALAR_EVENT:
        return ev->data.scalar.anchor;
    case YAML_SEQUENCE_START_EVENT:
        return ev->data.sequence_start.anchor;
    case YAML_MAPPING_START_EVENT:
        return ev->data.mapping_start.anchor;
    default:
        return NULL;
    }
}

/* Takes a map key event (consumed here): a unique plain scalar. Returns a copy in *out. */
static sw_status read_map_key(conf_parser *p, const sw_conf_node *map, yaml_event_t *ev,
                              const char *parent_key, char **out)
{
    sw_status st = SW_OK;
    const char *text = ev->type == YAML_SCALAR_EVENT ? (const char *)ev->data.scalar.value : NULL;
    if (!text) {
        st = fail_at(p, &ev->start_mark, parent_key, SW_ERR_PARSE, "map keys must be plain text");
    } else if (ev->data.scalar.anchor) {
        st = fail_at(p, &ev->start_mark, text, SW_ERR_UNSUPPORTED,
                     "anchors and aliases are not supported");
    } else if (map->count >= SW_CONF_MAX_MAP_KEYS) {
        st = fail_at(p, &ev->start_mark, parent_key, SW_ERR_LIMIT, "more than %d keys in one map",
                     SW_CONF_MAX_MAP_KEYS);
    } else {
        for (size_t i = 0; i < map->count && st == SW_OK; i++)
            if (strcmp(map->keys[i], text) == 0)
                st = fail_at(p, &ev->start_mark, text, SW_ERR_DUPLICATE,
                             "duplicate key (first defined at line %u)", map->key_lines[i]);
    }
    if (st == SW_OK && !(*out = strdup(text)))
        st = SW_ERR_NOMEM;
    yaml_event_delete(ev);
    return st;
}

/* Reads children until the closing event; for maps every key must be a unique scalar. */
static sw_status parse_children(conf_parser *p, sw_conf_node *parent, const char *key,
                                unsigned depth)
{
    yaml_event_type_t end =
        parent->kind == SW_CONF_MAP ? YAML_MAPPING_END_EVENT : YAML_SEQUENCE_END_EVENT;
    for (;;) {
        yaml_event_t ev;
        sw_status st = next_event(p, &ev);
        if (st != SW_OK)
            return st;
        if (ev.type == end) {
            yaml_event_delete(&ev);
            return SW_OK;
        }
        char *child_key = NULL;
        unsigned key_line = 0;
        if (parent->kind == SW_CONF_MAP) {
            key_line = (unsigned)ev.start_mark.line + 1;
            if ((st = read_map_key(p, parent, &ev, key, &child_key)) != SW_OK)
                return st;
            if ((st = next_event(p, &ev)) != SW_OK) {
                free(child_key);
                return st;
            }
        }
        sw_conf_node *child = NULL;
        st = parse_node(p, &ev, child_key ? child_key : key, depth + 1, &child);
        if (st == SW_OK)
            st = node_append(parent, child_key, key_line, child);
        if (st != SW_OK) {
            free(child_key);
            sw_conf_free(child);
            return st;
        }
    }
}

/* Builds the node that starts with ev (consumed here) and, for collections, its children. */
static sw_status parse_node(conf_parser *p, yaml_event_t *ev, const char *key, unsigned depth,
                            sw_conf_node **out)
{
    sw_status st = SW_OK;
    yaml_mark_t mark = ev->start_mark;
    if (ev->type == YAML_ALIAS_EVENT || event_anchor(ev)) {
        st = fail_at(p, &mark, key, SW_ERR_UNSUPPORTED, "anchors and aliases are not supported");
    } else if (depth > SW_CONF_MAX_DEPTH) {
        st = fail_at(p, &mark, key, SW_ERR_LIMIT, "nesting deeper than %d levels",
                     SW_CONF_MAX_DEPTH);
    } else if (ev->type != YAML_SCALAR_EVENT && ev->type != YAML_SEQUENCE_START_EVENT &&
               ev->type != YAML_MAPPING_START_EVENT) {
        st = fail_at(p, &mark, key, SW_ERR_PARSE, "unexpected YAML event");
    }
    if (st != SW_OK) {
        yaml_event_delete(ev);
        return st;
    }
    sw_conf_kind kind = ev->type == YAML_SCALAR_EVENT           ? SW_CONF_SCALAR
                        : ev->type == YAML_SEQUENCE_START_EVENT ? SW_CONF_SEQ
                                                                : SW_CONF_MAP;
    sw_conf_node *n = node_new(p, kind, &mark);
    if (!n) {
        st = p->nodes >= SW_CONF_MAX_NODES
                 ? fail_at(p, &mark, key, SW_ERR_LIMIT, "more than %d nodes", SW_CONF_MAX_NODES)
                 : SW_ERR_NOMEM;
        yaml_event_delete(ev);
        return st;
    }
    if (kind == SW_CONF_SCALAR) {
        n->plain = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
        n->scalar = strdup((const char *)ev->data.scalar.value);
        st = n->scalar ? SW_OK : SW_ERR_NOMEM;
    }
    yaml_event_delete(ev);
    if (st == SW_OK && kind != SW_CONF_SCALAR)
        st = parse_children(p, n, key, depth);
    if (st != SW_OK) {
        sw_conf_free(n);
        return st;
    }
    *out = n;
    return SW_OK;
}

static sw_status expect_event(conf_parser *p, yaml_event_type_t type, yaml_event_t *ev)
{
    sw_status st = next_event(p, ev);
    if (st != SW_OK)
        return st;
    if (ev->type != type) {
        st = fail_at(p, &ev->start_mark, "", SW_ERR_PARSE, "unexpected YAML structure");
        yaml_event_delete(ev);
    }
    return st;
}

static sw_conf_node *empty_map(conf_parser *p)
{
    yaml_mark_t mark = {0, 0, 0};
    return node_new(p, SW_CONF_MAP, &mark);
}

/* Stream: STREAM-START [DOCUMENT-START node DOCUMENT-END] STREAM-END; one document at most. */
static sw_status parse_stream(conf_parser *p, sw_conf_node **out)
{
    yaml_event_t ev;
    sw_status st = expect_event(p, YAML_STREAM_START_EVENT, &ev);
    if (st != SW_OK)
        return st;
    yaml_event_delete(&ev);
    if ((st = next_event(p, &ev)) != SW_OK)
        return st;
    if (ev.type == YAML_STREAM_END_EVENT) {
        yaml_event_delete(&ev);
        *out = empty_map(p);
        return *out ? SW_OK : SW_ERR_NOMEM;
    }
    yaml_event_delete(&ev); /* DOCUMENT-START: the parser guarantees it here */
    sw_conf_node *root = NULL;
    if ((st = next_event(p, &ev)) != SW_OK)
        return st;
    if ((st = parse_node(p, &ev, "", 0, &root)) != SW_OK)
        return st;
    if ((st = expect_event(p, YAML_DOCUMENT_END_EVENT, &ev)) == SW_OK) {
        yaml_event_delete(&ev);
        st = next_event(p, &ev);
        if (st == SW_OK && ev.type != YAML_STREAM_END_EVENT)
            st = fail_at(p, &ev.start_mark, "", SW_ERR_PARSE,
                         "more than one YAML document in the file");
        if (st == SW_OK || ev.type != YAML_NO_EVENT)
            yaml_event_delete(&ev);
    }
    if (st == SW_OK && sw_conf_is_null(root)) {
        /* "---" alone or "~": an empty document, the same as an empty file. */
        sw_conf_free(root);
        root = empty_map(p);
        st = root ? SW_OK : SW_ERR_NOMEM;
    }
    if (st != SW_OK) {
        sw_conf_free(root);
        return st;
    }
    *out = root;
    return SW_OK;
}

sw_status sw_conf_load_string(const char *text, size_t len, const char *name, sw_conf_node **out,
                              sw_error *err)
{
    if (!out || (!text && len))
        return sw_error_set(err, SW_ERR_INVALID, name, 0, "", "no text to parse");
    *out = NULL;
    char *file = strdup(name ? name : "<string>");
    if (!file)
        return SW_ERR_NOMEM;
    conf_parser p = {.file = file, .err = err};
    if (!yaml_parser_initialize(&p.yaml)) {
        free(file);
        return SW_ERR_NOMEM;
    }
    static const unsigned char empty[1] = {0};
    yaml_parser_set_input_string(&p.yaml, text ? (const unsigned char *)text : empty, len);
    sw_conf_node *root = NULL;
    sw_status st = parse_stream(&p, &root);
    yaml_parser_delete(&p.yaml);
    if (st != SW_OK) {
        if (st == SW_ERR_NOMEM)
            sw_error_set(err, st, file, 0, "", "out of memory while reading the config");
        free(file);
        return st;
    }
    root->file_owned = file;
    *out = root;
    return SW_OK;
}

sw_status sw_conf_load_file(const char *path, sw_conf_node **out, sw_error *err)
{
    if (!path || !out)
        return sw_error_set(err, SW_ERR_INVALID, path, 0, "", "no file name");
    FILE *f = fopen(path, "rb");
    if (!f)
        return sw_error_set(err, SW_ERR_IO, path, 0, "", "cannot open: %s", strerror(errno));
    char *buf = malloc(SW_CONF_MAX_FILE_BYTES + 1);
    if (!buf) {
        fclose(f);
        return SW_ERR_NOMEM;
    }
    size_t len = fread(buf, 1, SW_CONF_MAX_FILE_BYTES + 1, f);
    int read_error = ferror(f);
    fclose(f);
    sw_status st;
    if (read_error)
        st = sw_error_set(err, SW_ERR_IO, path, 0, "", "read failed");
    else if (len > SW_CONF_MAX_FILE_BYTES)
        st = sw_error_set(err, SW_ERR_LIMIT, path, 0, "", "file larger than %u bytes, refused",
                          SW_CONF_MAX_FILE_BYTES);
    else
        st = sw_conf_load_string(buf, len, path, out, err);
    free(buf);
    return st;
}

sw_conf_kind sw_conf_kind_of(const sw_conf_node *node)
{
    return node ? node->kind : SW_CONF_SCALAR;
}

unsigned sw_conf_line(const sw_conf_node *node)
{
    return node ? node->line : 0;
}

const char *sw_conf_file(const sw_conf_node *node)
{
    return node ? node->file : "";
}

const char *sw_conf_scalar(const sw_conf_node *node)
{
    return node && node->kind == SW_CONF_SCALAR ? node->scalar : NULL;
}

int sw_conf_is_null(const sw_conf_node *node)
{
    if (!node || node->kind != SW_CONF_SCALAR || !node->plain)
        return 0;
    static const char *const nulls[] = {"", "~", "null", "Null", "NULL"};
    for (size_t i = 0; i < sizeof(nulls) / sizeof(nulls[0]); i++)
        if (strcmp(node->scalar, nulls[i]) == 0)
            return 1;
    return 0;
}

size_t sw_conf_count(const sw_conf_node *node)
{
    return node && node->kind != SW_CONF_SCALAR ? node->count : 0;
}

const sw_conf_node *sw_conf_at(const sw_conf_node *node, size_t i)
{
    return node && node->kind != SW_CONF_SCALAR && i < node->count ? node->items[i] : NULL;
}

const char *sw_conf_key_at(const sw_conf_node *node, size_t i)
{
    return node && node->kind == SW_CONF_MAP && i < node->count ? node->keys[i] : NULL;
}

unsigned sw_conf_key_line_at(const sw_conf_node *node, size_t i)
{
    return node && node->kind == SW_CONF_MAP && i < node->count ? node->key_lines[i] : 0;
}

const sw_conf_node *sw_conf_get(const sw_conf_node *map, const char *key)
{
    if (!map || map->kind != SW_CONF_MAP || !key)
        return NULL;
    for (size_t i = 0; i < map->count; i++)
        if (strcmp(map->keys[i], key) == 0)
            return map->items[i];
    return NULL;
}

sw_status sw_conf_error(const sw_conf_node *node, const char *key, sw_error *err, const char *fmt,
                        ...)
{
    char text[sizeof(err->text)];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(text, sizeof(text), fmt, ap);
    va_end(ap);
    return sw_error_set(err, SW_ERR_PARSE, sw_conf_file(node), sw_conf_line(node), key, "%s", text);
}

sw_status sw_conf_get_str(const sw_conf_node *map, const char *key, const char **out, sw_error *err)
{
    const sw_conf_node *n = sw_conf_get(map, key);
    if (!n)
        return SW_OK;
    if (n->kind != SW_CONF_SCALAR)
        return sw_conf_error(n, key, err, "expected a text value, got a %s",
                             n->kind == SW_CONF_MAP ? "map" : "list");
    *out = n->scalar;
    return SW_OK;
}

sw_status sw_conf_get_u64(const sw_conf_node *map, const char *key, uint64_t min, uint64_t max,
                          uint64_t *out, sw_error *err)
{
    const char *text = NULL;
    sw_status st = sw_conf_get_str(map, key, &text, err);
    if (st != SW_OK || !text)
        return st;
    const sw_conf_node *n = sw_conf_get(map, key);
    int digits_only = text[0] != '\0' && strlen(text) <= 20;
    for (const char *c = text; *c && digits_only; c++)
        digits_only = *c >= '0' && *c <= '9';
    errno = 0;
    unsigned long long v = digits_only ? strtoull(text, NULL, 10) : 0;
    if (!digits_only || errno == ERANGE || v < min || v > max)
        return sw_conf_error(n, key, err, "expected an integer from %llu to %llu, got '%s'",
                             (unsigned long long)min, (unsigned long long)max, text);
    *out = v;
    return SW_OK;
}

sw_status sw_conf_get_bool(const sw_conf_node *map, const char *key, int *out, sw_error *err)
{
    const char *text = NULL;
    sw_status st = sw_conf_get_str(map, key, &text, err);
    if (st != SW_OK || !text)
        return st;
    static const char *const yes[] = {"true", "yes", "on"};
    static const char *const no[] = {"false", "no", "off"};
    for (size_t i = 0; i < 3; i++) {
        if (strcasecmp(text, yes[i]) == 0) {
            *out = 1;
            return SW_OK;
        }
        if (strcasecmp(text, no[i]) == 0) {
            *out = 0;
            return SW_OK;
        }
    }
    return sw_conf_error(sw_conf_get(map, key), key, err, "expected true or false, got '%s'", text);
}

sw_status sw_conf_check_keys(const sw_conf_node *map, const char *const *allowed, const char *what,
                             sw_error *err)
{
    if (!map || map->kind != SW_CONF_MAP)
        return sw_conf_error(map, what ? what : "", err, "must be a map");
    for (size_t i = 0; i < map->count; i++) {
        int known = 0;
        for (size_t a = 0; allowed && allowed[a] && !known; a++)
            known = strcmp(allowed[a], map->keys[i]) == 0;
        if (known)
            continue;
        char list[256] = "";
        size_t used = 0;
        for (size_t a = 0; allowed && allowed[a] && used < sizeof(list); a++) {
            int n = snprintf(list + used, sizeof(list) - used, "%s%s", a ? ", " : "", allowed[a]);
            used += n > 0 ? (size_t)n : 0;
        }
        return sw_error_set(err, SW_ERR_PARSE, map->file, map->key_lines[i], map->keys[i],
                            "unknown key in %s (allowed: %s)", what ? what : "section", list);
    }
    return SW_OK;
}

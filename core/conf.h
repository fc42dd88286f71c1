/* A YAML document as a read-only tree that remembers the file and line of every node, so that
 * every consumer (engine, sensor, plugins) can report "file:line: key: what is wrong". */
#ifndef SEAWALL_CONF_H
#define SEAWALL_CONF_H

#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum sw_conf_kind { SW_CONF_SCALAR, SW_CONF_SEQ, SW_CONF_MAP } sw_conf_kind;
typedef struct sw_conf_node sw_conf_node;

/* Parses one YAML document. Caller owns *out; free with sw_conf_free. Anchors/aliases, multiple
 * documents and duplicate map keys are errors naming the line. An empty file is an empty map. */
sw_status sw_conf_load_file(const char *path, sw_conf_node **out, sw_error *err);
sw_status sw_conf_load_string(const char *text, size_t len, const char *name, sw_conf_node **out,
                              sw_error *err);
void sw_conf_free(sw_conf_node *node); /* NULL is a no-op */

sw_conf_kind sw_conf_kind_of(const sw_conf_node *node);
unsigned sw_conf_line(const sw_conf_node *node);
const char *sw_conf_file(const sw_conf_node *node); /* borrowed, lives as long as the tree */
/* Scalar text (borrowed), or NULL for a map or sequence. */
const char *sw_conf_scalar(const sw_conf_node *node);
/* Children of a map or sequence: count, i-th value, and for maps the i-th key. */
size_t sw_conf_count(const sw_conf_node *node);
const sw_conf_node *sw_conf_at(const sw_conf_node *node, size_t i);
const char *sw_conf_key_at(const sw_conf_node *node, size_t i);
/* Line of the i-th key of a map (keys and values may sit on different lines); 0 when absent. */
unsigned sw_conf_key_line_at(const sw_conf_node *node, size_t i);
/* 1 for an unquoted empty, "~" or "null" scalar (YAML's null, e.g. `infra:` with no value). */
int sw_conf_is_null(const sw_conf_node *node);
/* Map lookup; NULL when absent or when node is not a map. */
const sw_conf_node *sw_conf_get(const sw_conf_node *map, const char *key);

/* Typed reads of a map member. Absent: *out keeps its default and SW_OK is returned. Present but
 * wrong type or out of range: SW_ERR_PARSE with file, line, key and the allowed range in err. */
sw_status sw_conf_get_u64(const sw_conf_node *map, const char *key, uint64_t min, uint64_t max,
                          uint64_t *out, sw_error *err);
sw_status sw_conf_get_bool(const sw_conf_node *map, const char *key, int *out, sw_error *err);
sw_status sw_conf_get_str(const sw_conf_node *map, const char *key, const char **out,
                          sw_error *err);
/* Fails with a clear error when the map has a key not in `allowed` (NULL-terminated), so a typo
 * in a config is reported instead of silently ignored. `what` names the section for the text. */
sw_status sw_conf_check_keys(const sw_conf_node *map, const char *const *allowed, const char *what,
                             sw_error *err);
/* Fills err with this node's file and line. */
sw_status sw_conf_error(const sw_conf_node *node, const char *key, sw_error *err, const char *fmt,
                        ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;

#ifdef __cplusplus
}
#endif
#endif

/* Loopback inventory files (see inventory-load.h). */
#include "inventory-load.h"

#include "util-file.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define KEY "loopback-files"

static int is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\r';
}

/* The line's entry without comment and surrounding blanks, in place; "" for none. */
static char *entry_of(char *line)
{
    char *hash = strchr(line, '#');
    if (hash)
        *hash = '\0';
    while (is_space(*line))
        line++;
    size_t n = strlen(line);
    while (n > 0 && is_space(line[n - 1]))
        line[--n] = '\0';
    return line;
}

sw_status sw_inventory_parse(const char *text, size_t len, const char *name, sw_engine_config *ecfg,
                             sw_error *err)
{
    unsigned lineno = 0;
    size_t at = 0;
    while (at < len) {
        const char *nl = memchr(text + at, '\n', len - at);
        size_t n = nl ? (size_t)(nl - (text + at)) : len - at;
        char line[SW_INVENTORY_LINE_MAX + 1];
        lineno++;
        if (n > SW_INVENTORY_LINE_MAX)
            return sw_error_set(err, SW_ERR_PARSE, name, lineno, KEY,
                                "line longer than %d characters; the config was rejected",
                                SW_INVENTORY_LINE_MAX);
        memcpy(line, text + at, n);
        line[n] = '\0';
        at += n + 1;
        char *entry = entry_of(line);
        if (!entry[0])
            continue;
        sw_error local = {{0}, 0, {0}, {0}};
        sw_status st = sw_engine_config_add_net(ecfg, SW_NET_LOOPBACKS, entry, &local);
        if (st != SW_OK)
            return sw_error_set(err, st, name, lineno, KEY, "%s; the config was rejected",
                                local.text);
    }
    return SW_OK;
}

static sw_status load_file(const char *path, sw_engine_config *ecfg, sw_error *err)
{
    char *buf = NULL;
    size_t n = 0;
    sw_status st = sw_file_read_all(path, SW_INVENTORY_FILE_MAX_BYTES, KEY, &buf, &n, err);
    if (st == SW_OK)
        st = sw_inventory_parse(buf, n, path, ecfg, err);
    free(buf);
    return st;
}

sw_status sw_inventory_load_config(const sw_conf_node *root, sw_engine_config *ecfg, sw_error *err)
{
    const sw_conf_node *list = root ? sw_conf_get(root, KEY) : NULL;
    if (!list || sw_conf_is_null(list))
        return SW_OK;
    if (sw_conf_kind_of(list) != SW_CONF_SEQ)
        return sw_conf_error(list, KEY, err, "must be a list of inventory file paths");
    for (size_t i = 0; i < sw_conf_count(list); i++) {
        const char *p = sw_conf_scalar(sw_conf_at(list, i));
        if (!p || !p[0])
            return sw_conf_error(sw_conf_at(list, i), KEY, err, "each entry must be a path");
        char full[2200];
        sw_conf_path_resolve(list, p, full, sizeof(full));
        sw_status st = load_file(full, ecfg, err);
        if (st != SW_OK)
            return st;
    }
    return SW_OK;
}

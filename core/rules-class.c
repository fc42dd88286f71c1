/* classification.config: "config classification: name,description,priority" lines, the format
 * Suricata and Snort read; classtypes give a rule its EVE category. */
#include "rules-int.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const rule_class *rules_find_class(const sw_ruleset *rs, const char *name)
{
    for (size_t i = 0; i < rs->n_classes; i++)
        if (strcmp(rs->classes[i].name, name) == 0)
            return &rs->classes[i];
    return NULL;
}

static sw_status class_line(sw_ruleset *rs, const char *line, const char *name, unsigned lineno,
                            sw_error *err)
{
    static const char prefix[] = "config classification:";
    if (strncmp(line, prefix, sizeof(prefix) - 1) != 0)
        return sw_error_set(err, SW_ERR_PARSE, name, lineno, "classification",
                            "expected 'config classification: name,description,priority'");
    rule_class c = {0};
    char desc[160];
    int used = 0;
    if (sscanf(line + sizeof(prefix) - 1, " %63[^,],%159[^,],%d %n", c.name, desc, &c.priority,
               &used) != 3 ||
        line[sizeof(prefix) - 1 + (size_t)used] != '\0' || c.priority < 1 || c.priority > 255)
        return sw_error_set(err, SW_ERR_PARSE, name, lineno, "classification",
                            "expected name,description,priority (priority 1..255)");
    memcpy(c.desc, desc, sizeof(c.desc));
    if (rules_find_class(rs, c.name))
        return sw_error_set(err, SW_ERR_DUPLICATE, name, lineno, c.name, "classtype defined twice");
    if (rs->n_classes == RULE_MAX_CLASSES)
        return sw_error_set(err, SW_ERR_LIMIT, name, lineno, c.name, "more than %d classtypes",
                            RULE_MAX_CLASSES);
    rs->classes[rs->n_classes++] = c;
    return SW_OK;
}

sw_status sw_ruleset_load_classification_string(sw_ruleset *rs, const char *text, size_t len,
                                                const char *name, sw_error *err)
{
    if (!rs || rs->n_rules || rs->compiled)
        return sw_error_set(err, SW_ERR_INVALID, name, 0, NULL,
                            "classification must be loaded before any rule");
    unsigned lineno = 0;
    for (size_t i = 0; i < len;) {
        size_t start = i;
        while (i < len && text[i] != '\n')
            i++;
        size_t end = i++;
        lineno++;
        while (end > start && (text[end - 1] == '\r' || text[end - 1] == ' '))
            end--;
        while (start < end && (text[start] == ' ' || text[start] == '\t'))
            start++;
        if (start == end || text[start] == '#')
            continue;
        char line[512];
        if (end - start >= sizeof(line) || memchr(text + start, '\0', end - start))
            return sw_error_set(err, SW_ERR_PARSE, name, lineno, "classification",
                                "line too long or holds NUL");
        memcpy(line, text + start, end - start);
        line[end - start] = '\0';
        sw_status st = class_line(rs, line, name, lineno, err);
        if (st != SW_OK)
            return st;
    }
    rs->have_classes = 1;
    return SW_OK;
}

sw_status sw_ruleset_load_classification(sw_ruleset *rs, const char *path, sw_error *err)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return sw_error_set(err, SW_ERR_IO, path, 0, NULL, "cannot open: %s", strerror(errno));
    char buf[65536];
    size_t n = fread(buf, 1, sizeof(buf), f);
    int too_big = !feof(f);
    fclose(f);
    if (too_big)
        return sw_error_set(err, SW_ERR_LIMIT, path, 0, NULL, "larger than 64 KiB");
    return sw_ruleset_load_classification_string(rs, buf, n, path, err);
}

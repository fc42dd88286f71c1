/* Reading IOC list files for core/ioc.c (see ioc-load.h). */
#include "ioc-load.h"

#include <dirent.h>
#include <errno.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static sw_status load_file(const char *path, sw_ioc_set *set, sw_ioc_report_fn report, void *user,
                           sw_ioc_load_stats *stats, sw_error *err)
{
    FILE *f = fopen(path, "rb");
    struct stat sb;
    if (!f || fstat(fileno(f), &sb) != 0) {
        int e = errno;
        if (f)
            fclose(f);
        return sw_error_set(err, SW_ERR_IO, path, 0, "ioc", "%s", strerror(e));
    }
    if ((uint64_t)sb.st_size > SW_IOC_FILE_MAX_BYTES) {
        fclose(f);
        return sw_error_set(err, SW_ERR_LIMIT, path, 0, "ioc", "larger than %u bytes; refused",
                            SW_IOC_FILE_MAX_BYTES);
    }
    uint8_t *buf = malloc((size_t)sb.st_size + 1);
    size_t n = buf ? fread(buf, 1, (size_t)sb.st_size, f) : 0;
    fclose(f);
    if (!buf)
        return sw_error_set(err, SW_ERR_NOMEM, path, 0, "ioc", "out of memory");
    size_t added = 0, bad = 0;
    sw_status st = sw_ioc_set_parse(set, buf, n, path, report, user, &added, &bad);
    free(buf);
    stats->files++;
    stats->indicators += added;
    stats->malformed += bad;
    return st == SW_OK ? SW_OK : sw_error_set(err, st, path, 0, "ioc", "%s", sw_strerror(st));
}

static int by_name(const struct dirent **a, const struct dirent **b)
{
    return strcmp((*a)->d_name, (*b)->d_name);
}

static int visible(const struct dirent *d)
{
    return d->d_name[0] != '.';
}

sw_status sw_ioc_load_path(const char *path, sw_ioc_set *set, sw_ioc_report_fn report, void *user,
                           sw_ioc_load_stats *stats, sw_error *err)
{
    struct stat sb;
    if (stat(path, &sb) != 0)
        return sw_error_set(err, SW_ERR_IO, path, 0, "ioc", "%s", strerror(errno));
    if (!S_ISDIR(sb.st_mode))
        return load_file(path, set, report, user, stats, err);
    struct dirent **names = NULL;
    int n = scandir(path, &names, visible, by_name);
    if (n < 0)
        return sw_error_set(err, SW_ERR_IO, path, 0, "ioc", "%s", strerror(errno));
    sw_status st = SW_OK;
    for (int i = 0; i < n; i++) {
        char full[4096];
        snprintf(full, sizeof(full), "%s/%s", path, names[i]->d_name);
        if (st == SW_OK && stat(full, &sb) == 0 && S_ISREG(sb.st_mode))
            st = load_file(full, set, report, user, stats, err);
        free(names[i]);
    }
    free(names);
    return st;
}

sw_status sw_ioc_load_config(const sw_conf_node *root, sw_ioc_set *set, sw_ioc_report_fn report,
                             void *user, sw_ioc_load_stats *stats, sw_error *err)
{
    const sw_conf_node *list = root ? sw_conf_get(root, "ioc") : NULL;
    if (!list || sw_conf_is_null(list))
        return SW_OK;
    if (sw_conf_kind_of(list) != SW_CONF_SEQ)
        return sw_conf_error(list, "ioc", err, "must be a list of IOC files or directories");
    char base[1024];
    snprintf(base, sizeof(base), "%s", sw_conf_file(list) ? sw_conf_file(list) : ".");
    const char *dir = dirname(base);
    for (size_t i = 0; i < sw_conf_count(list); i++) {
        const char *p = sw_conf_scalar(sw_conf_at(list, i));
        if (!p || !p[0])
            return sw_conf_error(sw_conf_at(list, i), "ioc", err, "each entry must be a path");
        char full[2200];
        snprintf(full, sizeof(full), "%s%s%s", p[0] == '/' ? "" : dir, p[0] == '/' ? "" : "/", p);
        sw_status st = sw_ioc_load_path(full, set, report, user, stats, err);
        if (st != SW_OK)
            return st;
    }
    return SW_OK;
}

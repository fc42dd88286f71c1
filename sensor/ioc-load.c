/* Reading IOC list files for core/ioc.c (see ioc-load.h). */
#include "ioc-load.h"

#include "util-file.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static sw_status load_file(const char *path, sw_ioc_set *set, sw_ioc_report_fn report, void *user,
                           sw_ioc_load_stats *stats, sw_error *err)
{
    char *buf = NULL;
    size_t n = 0;
    sw_status st = sw_file_read_all(path, SW_IOC_FILE_MAX_BYTES, "ioc", &buf, &n, err);
    if (st != SW_OK)
        return st;
    size_t added = 0, bad = 0;
    st = sw_ioc_set_parse(set, (const uint8_t *)buf, n, path, report, user, &added, &bad);
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

/* The shipped lists sit beside the catalog. Returns 1 and the directory when it is there. */
static int find_shipped(const char *catalog_path, sw_ioc_shipped *shipped)
{
    const char *slash = strrchr(catalog_path, '/');
    if (slash)
        snprintf(shipped->dir, sizeof(shipped->dir), "%.*s/ioc", (int)(slash - catalog_path),
                 catalog_path);
    else
        snprintf(shipped->dir, sizeof(shipped->dir), "ioc");
    struct stat sb;
    return stat(shipped->dir, &sb) == 0 && S_ISDIR(sb.st_mode);
}

sw_status sw_ioc_load_or_shipped(const sw_conf_node *const *roots, size_t n,
                                 const char *catalog_path, sw_ioc_set *set, sw_ioc_report_fn report,
                                 void *user, sw_ioc_load_stats *stats, sw_ioc_shipped *shipped,
                                 sw_error *err)
{
    memset(shipped, 0, sizeof(*shipped));
    for (size_t i = 0; i < n; i++)
        if (roots[i] && sw_conf_get(roots[i], "ioc"))
            return sw_ioc_load_config(roots[i], set, report, user, stats, err);
    if (!find_shipped(catalog_path ? catalog_path : "", shipped)) {
        shipped->missing = 1;
        return SW_OK;
    }
    return sw_ioc_load_path(shipped->dir, set, report, user, stats, err);
}

sw_status sw_ioc_load_config(const sw_conf_node *root, sw_ioc_set *set, sw_ioc_report_fn report,
                             void *user, sw_ioc_load_stats *stats, sw_error *err)
{
    const sw_conf_node *list = root ? sw_conf_get(root, "ioc") : NULL;
    if (!list || sw_conf_is_null(list))
        return SW_OK;
    if (sw_conf_kind_of(list) != SW_CONF_SEQ)
        return sw_conf_error(list, "ioc", err, "must be a list of IOC files or directories");
    for (size_t i = 0; i < sw_conf_count(list); i++) {
        const char *p = sw_conf_scalar(sw_conf_at(list, i));
        if (!p || !p[0])
            return sw_conf_error(sw_conf_at(list, i), "ioc", err, "each entry must be a path");
        char full[2200];
        sw_conf_path_resolve(list, p, full, sizeof(full));
        sw_status st = sw_ioc_load_path(full, set, report, user, stats, err);
        if (st != SW_OK)
            return st;
    }
    return SW_OK;
}

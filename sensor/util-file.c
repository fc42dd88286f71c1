/* Whole-file reads and config-relative paths (see util-file.h). */
#include "util-file.h"

#include <errno.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

sw_status sw_file_read_all(const char *path, size_t max_bytes, const char *key, char **out,
                           size_t *len, sw_error *err)
{
    *out = NULL;
    *len = 0;
    FILE *f = fopen(path, "rb");
    struct stat sb;
    if (!f || fstat(fileno(f), &sb) != 0) {
        int e = errno;
        if (f)
            fclose(f);
        return sw_error_set(err, SW_ERR_IO, path, 0, key, "%s", strerror(e));
    }
    if ((uint64_t)sb.st_size > max_bytes) {
        fclose(f);
        return sw_error_set(err, SW_ERR_LIMIT, path, 0, key, "larger than %zu bytes; refused",
                            max_bytes);
    }
    char *buf = malloc((size_t)sb.st_size + 1);
    size_t n = buf ? fread(buf, 1, (size_t)sb.st_size, f) : 0;
    fclose(f);
    if (!buf)
        return sw_error_set(err, SW_ERR_NOMEM, path, 0, key, "out of memory");
    buf[n] = '\0';
    *out = buf;
    *len = n;
    return SW_OK;
}

void sw_conf_path_resolve(const sw_conf_node *node, const char *rel, char *out, size_t cap)
{
    char base[1024];
    snprintf(base, sizeof(base), "%s", sw_conf_file(node) ? sw_conf_file(node) : ".");
    const char *dir = dirname(base);
    if (rel[0] == '/')
        snprintf(out, cap, "%s", rel);
    else
        snprintf(out, cap, "%s/%s", dir, rel);
}

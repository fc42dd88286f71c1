/* Baseline state file I/O (see state-file.h). */
#include "state-file.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

sw_status sw_state_file_config_apply(sw_state_file_config *cfg, const sw_conf_node *root,
                                     sw_error *err)
{
    static const char *const keys[] = {"file", "save-interval", NULL};
    cfg->path[0] = '\0';
    cfg->save_interval = 300;
    const sw_conf_node *node = root ? sw_conf_get(root, "state") : NULL;
    if (!node || sw_conf_is_null(node))
        return SW_OK;
    if (sw_conf_kind_of(node) != SW_CONF_MAP)
        return sw_conf_error(node, "state", err, "expected a map with file and save-interval");
    sw_status st = sw_conf_check_keys(node, keys, "state", err);
    const char *path = NULL;
    if (st == SW_OK)
        st = sw_conf_get_str(node, "file", &path, err);
    if (st == SW_OK)
        st = sw_conf_get_u64(node, "save-interval", 10, 86400, &cfg->save_interval, err);
    if (st != SW_OK)
        return st;
    if (path && strlen(path) >= sizeof(cfg->path))
        return sw_conf_error(sw_conf_get(node, "file"), "state.file", err, "path too long");
    snprintf(cfg->path, sizeof(cfg->path), "%s", path ? path : "");
    return SW_OK;
}

static sw_status read_all(const char *path, char **out, size_t *len, sw_error *err)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return errno == ENOENT
                   ? SW_ERR_NOTFOUND
                   : sw_error_set(err, SW_ERR_IO, path, 0, "state.file", "%s", strerror(errno));
    struct stat sb;
    if (fstat(fileno(f), &sb) != 0 || (uint64_t)sb.st_size > SW_STATE_FILE_MAX_BYTES) {
        fclose(f);
        return sw_error_set(err, SW_ERR_LIMIT, path, 0, "state.file",
                            "larger than %u bytes or unreadable; not loaded",
                            SW_STATE_FILE_MAX_BYTES);
    }
    char *buf = malloc((size_t)sb.st_size + 1);
    size_t n = buf ? fread(buf, 1, (size_t)sb.st_size, f) : 0;
    int failed = !buf || ferror(f);
    fclose(f);
    if (failed) {
        free(buf);
        return sw_error_set(err, SW_ERR_IO, path, 0, "state.file", "read failed");
    }
    *out = buf;
    *len = n;
    return SW_OK;
}

/* Whether a save may replace what is at path: nothing, an empty file, or a regular file that
 * starts like a JSON object, as every baseline does (a damaged one included). Anything else is
 * some other file that state.file names by mistake (the sensor often runs as root) and is never
 * replaced. */
static int replaceable(const char *path)
{
    struct stat sb;
    if (lstat(path, &sb) != 0)
        return errno == ENOENT;
    if (!S_ISREG(sb.st_mode))
        return 0;
    FILE *f = fopen(path, "rb");
    if (!f)
        return 0;
    int c;
    while ((c = fgetc(f)) == ' ' || c == '\t' || c == '\n' || c == '\r')
        ;
    fclose(f);
    return c == EOF || c == '{';
}

/* A file that did not load: a damaged baseline is moved aside (the next save writes a new one
 * and nothing is lost), another kind of file is left alone. The outcome goes into err. */
static void set_rejected_aside(const char *path, sw_status st, const sw_error *why, sw_error *err)
{
    const char *key = why->key[0] ? why->key : "state.file";
    char aside[1100];
    snprintf(aside, sizeof(aside), "%s.rejected", path);
    if (!replaceable(path))
        sw_error_set(err, st, path, why->line, key,
                     "%s; it is not a baseline file and is left as it is, and baselines are not "
                     "saved while it is there",
                     why->text);
    else if (rename(path, aside) == 0)
        sw_error_set(err, st, path, why->line, key, "%s; the file is kept as %s", why->text, aside);
    else
        sw_error_set(err, st, path, why->line, key, "%s; it could not be moved to %s (%s)",
                     why->text, aside, strerror(errno));
}

sw_status sw_state_file_load(const char *path, sw_engine *engine, sw_error *err)
{
    char *text = NULL;
    size_t len = 0;
    sw_error inner = {{0}, 0, {0}, {0}};
    sw_status st = read_all(path, &text, &len, &inner);
    if (st == SW_ERR_NOTFOUND)
        return st;
    if (st == SW_OK) {
        st = sw_engine_state_load(engine, text, len, &inner);
        free(text);
    }
    if (st != SW_OK)
        set_rejected_aside(path, st, &inner, err);
    return st;
}

static sw_status write_fully(int fd, const char *text, size_t len)
{
    while (len > 0) {
        ssize_t n = write(fd, text, len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return SW_ERR_IO;
        text += n;
        len -= (size_t)n;
    }
    return SW_OK;
}

/* The rename is durable only once the directory entry is on disk. */
static void sync_dir_of(const char *path)
{
    char copy[1100];
    snprintf(copy, sizeof(copy), "%s", path);
    int dfd = open(dirname(copy), O_RDONLY | O_DIRECTORY);
    if (dfd >= 0) {
        fsync(dfd);
        close(dfd);
    }
}

sw_status sw_state_file_save(const char *path, const sw_engine *engine, sw_error *err)
{
    size_t len = 0;
    if (!replaceable(path))
        return sw_error_set(err, SW_ERR_IO, path, 0, "state.file",
                            "exists and is not a baseline file: not replaced (move it away or "
                            "name another state.file)");
    char *text = sw_engine_state_save(engine, &len);
    if (!text)
        return sw_error_set(err, SW_ERR_NOMEM, path, 0, "state.file", "out of memory");
    char tmp[1100];
    snprintf(tmp, sizeof(tmp), "%s.tmp.%ld", path, (long)getpid());
    int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0640);
    const char *step = "create";
    sw_status st = fd < 0 ? SW_ERR_IO : SW_OK;
    if (st == SW_OK && (step = "write", write_fully(fd, text, len) != SW_OK))
        st = SW_ERR_IO;
    if (st == SW_OK && (step = "fsync", fsync(fd) != 0))
        st = SW_ERR_IO;
    int saved_errno = errno;
    if (fd >= 0 && close(fd) != 0 && st == SW_OK) {
        st = SW_ERR_IO;
        step = "close";
        saved_errno = errno;
    }
    if (st == SW_OK && (step = "rename", rename(tmp, path) != 0)) {
        st = SW_ERR_IO;
        saved_errno = errno;
    }
    free(text);
    if (st != SW_OK) {
        unlink(tmp);
        return sw_error_set(err, st, path, 0, "state.file",
                            "%s of %s failed: %s; previous file "
                            "kept",
                            step, tmp, strerror(saved_errno));
    }
    sync_dir_of(path);
    return SW_OK;
}

void sw_state_carry(const sw_engine *from, sw_engine *to)
{
    size_t len = 0;
    char *text = sw_engine_state_save(from, &len);
    sw_error err = {0};
    if (text)
        (void)sw_engine_state_load(to, text, len, &err);
    free(text);
}

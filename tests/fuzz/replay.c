/* A plain main for a libFuzzer target, so its inputs replay in every build (release, ASan) and
 * under ctest without clang: each argument is an input file or a folder of them (in name order).
 * Fixed fuzz findings stay under tests/fuzz/regress/<target>/ and run this way
 * (tests/CMakeLists.txt). Each input is copied to an exactly sized buffer, as libFuzzer does. */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
/* Optional in a target, as in libFuzzer. */
int LLVMFuzzerInitialize(int *argc, char ***argv) __attribute__((weak));

#define REPLAY_MAX_INPUT (64u << 20)

static int run_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        perror(path);
        return -1;
    }
    uint8_t *buf = NULL;
    size_t len = 0;
    struct stat st;
    if (fstat(fileno(f), &st) == 0 && st.st_size >= 0 && (uint64_t)st.st_size <= REPLAY_MAX_INPUT)
        buf = malloc(st.st_size ? (size_t)st.st_size : 1);
    if (buf)
        len = fread(buf, 1, (size_t)st.st_size, f);
    int failed = !buf || ferror(f) || len != (size_t)st.st_size;
    fclose(f);
    if (failed) {
        fprintf(stderr, "%s: cannot read (or larger than %u bytes)\n", path, REPLAY_MAX_INPUT);
        free(buf);
        return -1;
    }
    LLVMFuzzerTestOneInput(buf, len);
    free(buf);
    return 0;
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Runs every regular, non-hidden file of a folder; returns how many, or -1. */
static int run_dir(const char *path)
{
    DIR *d = opendir(path);
    if (!d) {
        perror(path);
        return -1;
    }
    char **names = NULL;
    size_t n = 0, cap = 0;
    int rc = 0;
    struct dirent *e;
    while (rc == 0 && (e = readdir(d))) {
        if (e->d_name[0] == '.')
            continue;
        if (n == cap) {
            cap = cap ? cap * 2 : 64;
            char **grown = realloc(names, cap * sizeof(*names));
            if (!grown) {
                rc = -1;
                break;
            }
            names = grown;
        }
        if (!(names[n] = malloc(strlen(path) + strlen(e->d_name) + 2)))
            rc = -1;
        else
            sprintf(names[n++], "%s/%s", path, e->d_name);
    }
    closedir(d);
    if (n)
        qsort(names, n, sizeof(*names), by_name);
    int count = 0;
    for (size_t i = 0; i < n; i++) {
        if (rc == 0 && run_file(names[i]) != 0)
            rc = -1;
        count++;
        free(names[i]);
    }
    free(names);
    return rc ? -1 : count;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: %s INPUT-OR-FOLDER...\n", argv[0]);
        return 2;
    }
    if (LLVMFuzzerInitialize)
        LLVMFuzzerInitialize(&argc, &argv);
    int total = 0;
    for (int i = 1; i < argc; i++) {
        struct stat st;
        int n = stat(argv[i], &st) != 0 ? (perror(argv[i]), -1)
                : S_ISDIR(st.st_mode)   ? run_dir(argv[i])
                                        : (run_file(argv[i]) == 0 ? 1 : -1);
        if (n < 0)
            return 1;
        total += n;
    }
    if (total == 0) {
        fprintf(stderr, "%s: no inputs found: nothing was tested\n", argv[0]);
        return 1;
    }
    printf("%d inputs replayed\n", total);
    return 0;
}

#include "sw-test.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void sw_test_all_prefixes(const uint8_t *data, size_t len, sw_test_prefix_fn fn, void *user)
{
    for (size_t cut = 0; cut < len; cut++) {
        /* malloc(0) may return NULL; one byte keeps the pointer valid without readable data. */
        uint8_t *copy = malloc(cut ? cut : 1);
        ck_assert_ptr_nonnull(copy);
        if (cut)
            memcpy(copy, data, cut);
        fn(copy, cut, user);
        free(copy);
    }
}

static const char *join(const char *dir, const char *rel)
{
    static char path[4096];
    snprintf(path, sizeof(path), "%s/%s", dir, rel);
    return path;
}

const char *sw_test_shared(const char *rel)
{
    return join(SW_SHARED_DIR, rel);
}

const char *sw_test_source(const char *rel)
{
    return join(SW_SOURCE_DIR, rel);
}

int sw_test_run(Suite *s)
{
    SRunner *sr = srunner_create(s);
    srunner_set_fork_status(sr, CK_FORK);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

/* The bounded detection-state table (core/detect-table.h) against a plain model: an entry is
 * found with its value until it is removed or a full bucket gives it up, and an emptied table
 * answers "absent" (it skips its slots then, which must never hide a live entry). */
#include "detect-table.h"
#include "sw-test.h"

#include <stdlib.h>
#include <string.h>

#define KEYS 512

typedef struct model {
    int present[KEYS];
    uint32_t value[KEYS];
} model;

static uint64_t key_of(unsigned i)
{
    return UINT64_C(0x9E3779B97F4A7C15) * (i + 1);
}

static uint32_t next_rand(uint32_t *x)
{
    *x = *x * 1664525u + 1013904223u;
    return *x >> 8;
}

/* Every key the model holds is found with its value; every other key is absent. Entries the
 * table gave up were reported as evictions and taken out of the model, so the model is exact. */
static void check_against(sw_dtable *t, const model *m, sw_time now)
{
    for (unsigned i = 0; i < KEYS; i++) {
        uint32_t *v = sw_dtable_find(t, key_of(i), now);
        ck_assert_msg((v != NULL) == m->present[i], "key %u: table %d, model %d", i, v != NULL,
                      m->present[i]);
        if (v)
            ck_assert_uint_eq(*v, m->value[i]);
    }
}

/* Which model entry the table pushed out: the one present in the model but no longer found. */
static void drop_evicted(sw_dtable *t, model *m, sw_time now)
{
    for (unsigned i = 0; i < KEYS; i++)
        if (m->present[i] && !sw_dtable_find(t, key_of(i), now))
            m->present[i] = 0;
}

START_TEST(random_operations_match_the_model)
{
    sw_dtable *t = sw_dtable_new(64, sizeof(uint32_t)); /* far fewer slots than keys */
    ck_assert_ptr_nonnull(t);
    model m;
    memset(&m, 0, sizeof(m));
    uint32_t x = 99;
    for (unsigned step = 0; step < 20000; step++) {
        sw_time now = {1000 + step, 0};
        unsigned i = next_rand(&x) % KEYS;
        if (next_rand(&x) % 3 == 0) {
            sw_dtable_remove(t, key_of(i));
            m.present[i] = 0;
        } else {
            int evicted = -1;
            uint32_t *v = sw_dtable_upsert(t, key_of(i), now, &evicted);
            ck_assert_ptr_nonnull(v);
            ck_assert_int_ge(evicted, 0);
            if (!m.present[i])
                ck_assert_uint_eq(*v, 0); /* created zeroed */
            *v = step;
            if (evicted)
                drop_evicted(t, &m, now);
            m.present[i] = 1;
            m.value[i] = step;
        }
        if (step % 997 == 0)
            check_against(t, &m, now);
    }
    /* emptied by removals: nothing found, and the next insert evicts nothing */
    for (unsigned i = 0; i < KEYS; i++) {
        sw_dtable_remove(t, key_of(i));
        m.present[i] = 0;
    }
    sw_time later = {100000, 0};
    check_against(t, &m, later);
    int evicted = -1;
    ck_assert_ptr_nonnull(sw_dtable_upsert(t, key_of(7), later, &evicted));
    ck_assert_int_eq(evicted, 0);
    ck_assert_ptr_nonnull(sw_dtable_find(t, key_of(7), later));
    sw_dtable_free(t);
}
END_TEST

/* A full bucket gives up the entry used longest ago, and says so. */
START_TEST(full_bucket_gives_up_the_least_recent)
{
    sw_dtable *t = sw_dtable_new(SW_DTABLE_WAYS, sizeof(uint32_t)); /* one bucket */
    ck_assert_ptr_nonnull(t);
    int evicted = -1;
    for (unsigned i = 0; i < SW_DTABLE_WAYS; i++) {
        ck_assert_ptr_nonnull(sw_dtable_upsert(t, key_of(i), (sw_time){10 + i, 0}, &evicted));
        ck_assert_int_eq(evicted, 0);
    }
    ck_assert_ptr_nonnull(sw_dtable_find(t, key_of(0), (sw_time){50, 0})); /* 1 is oldest now */
    ck_assert_ptr_nonnull(sw_dtable_upsert(t, key_of(100), (sw_time){60, 0}, &evicted));
    ck_assert_int_eq(evicted, 1);
    ck_assert_ptr_null(sw_dtable_find(t, key_of(1), (sw_time){61, 0}));
    ck_assert_ptr_nonnull(sw_dtable_find(t, key_of(0), (sw_time){61, 0}));
    sw_dtable_remove(t, key_of(100));
    ck_assert_ptr_nonnull(sw_dtable_upsert(t, key_of(200), (sw_time){70, 0}, &evicted));
    ck_assert_int_eq(evicted, 0); /* the removed entry's slot was free again */
    ck_assert_ptr_null(sw_dtable_find(NULL, key_of(0), (sw_time){0, 0}));
    sw_dtable_remove(NULL, key_of(0));
    sw_dtable_free(t);
}
END_TEST

static Suite *detect_table_suite(void)
{
    Suite *s = suite_create("detect_table");
    TCase *tc = tcase_create("table");
    tcase_add_test(tc, random_operations_match_the_model);
    tcase_add_test(tc, full_bucket_gives_up_the_least_recent);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return sw_test_run(detect_table_suite());
}

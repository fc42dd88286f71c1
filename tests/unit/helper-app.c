/* Shared checks for the app-layer parser suites. */
#include "helper-app.h"

#include <stdlib.h>
#include <string.h>

struct prefix_check {
    sw_app_parse_fn fn;
    sw_app_event trunc;
};

static void check_one_prefix(const uint8_t *buf, size_t len, void *user)
{
    const struct prefix_check *pc = user;
    sw_app_result r = pc->fn(buf, len);
    ck_assert_msg(r.status == SW_APP_INCOMPLETE, "cut at %zu: status %d", len, (int)r.status);
    ck_assert_msg(r.n_events == 1 && sw_app_event_count(&r, pc->trunc) == 1,
                  "cut at %zu: %u events, want one %s", len, (unsigned)r.n_events,
                  sw_app_event_name(pc->trunc));
    ck_assert_uint_eq(r.consumed, 0);
}

void sw_app_check_prefixes(const uint8_t *msg, size_t len, sw_app_parse_fn fn, sw_app_event trunc)
{
    struct prefix_check pc = {fn, trunc};
    sw_test_all_prefixes(msg, len, check_one_prefix, &pc);
}

uint8_t *sw_app_patched(const uint8_t *msg, size_t len, size_t off, size_t size, uint32_t value)
{
    ck_assert(off + size <= len);
    uint8_t *copy = malloc(len ? len : 1);
    ck_assert_ptr_nonnull(copy);
    memcpy(copy, msg, len);
    for (size_t i = 0; i < size; i++)
        copy[off + i] = (uint8_t)(value >> (8 * (size - 1 - i)));
    return copy;
}

void sw_app_expect_malformed(const uint8_t *msg, size_t len, size_t off, size_t size,
                             const uint32_t *values, size_t n, sw_app_parse_fn fn, sw_app_event ev)
{
    for (size_t i = 0; i < n; i++) {
        uint8_t *copy = sw_app_patched(msg, len, off, size, values[i]);
        sw_app_result r = fn(copy, len);
        free(copy);
        ck_assert_msg(r.status == SW_APP_MALFORMED && sw_app_event_count(&r, ev) >= 1,
                      "field at %zu = %u: status %d, want malformed %s", off, values[i],
                      (int)r.status, sw_app_event_name(ev));
    }
}

static int hex_digit(char ch)
{
    if (ch >= '0' && ch <= '9')
        return ch - '0';
    if (ch >= 'a' && ch <= 'f')
        return ch - 'a' + 10;
    if (ch >= 'A' && ch <= 'F')
        return ch - 'A' + 10;
    return -1;
}

size_t sw_app_unhex(const char *hex, uint8_t *out, size_t cap)
{
    size_t n = 0;
    int hi = -1;
    for (; *hex; hex++) {
        int d = hex_digit(*hex);
        if (d < 0)
            continue;
        if (hi < 0) {
            hi = d;
            continue;
        }
        ck_assert(n < cap);
        out[n++] = (uint8_t)(hi << 4 | d);
        hi = -1;
    }
    ck_assert(hi < 0);
    return n;
}

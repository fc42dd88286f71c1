/* One stats record from N workers: counters add up, uptime is the longest (see workers.h). */
#include "workers.h"

#include <string.h>

#define STATS_MAX_DEPTH 8

static void sum_into(json_t *dst, const json_t *src, int depth)
{
    const char *key;
    json_t *value;
    if (depth > STATS_MAX_DEPTH)
        return;
    json_object_foreach((json_t *)src, key, value)
    {
        json_t *have = json_object_get(dst, key);
        if (!have) {
            json_object_set_new(dst, key, json_deep_copy(value));
        } else if (json_is_integer(have) && json_is_integer(value)) {
            json_int_t a = json_integer_value(have), b = json_integer_value(value);
            json_integer_set(have, strcmp(key, "uptime") == 0 ? (a > b ? a : b) : a + b);
        } else if (json_is_object(have) && json_is_object(value)) {
            sum_into(have, value, depth + 1);
        }
    }
}

void sw_workers_stats_sum(json_t *dst, const json_t *src)
{
    if (json_is_object(dst) && json_is_object(src))
        sum_into(dst, src, 0);
}

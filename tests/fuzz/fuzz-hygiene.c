/* libFuzzer target: arbitrary bytes as a threshold.config (alert hygiene, docs/hygiene.md), then
 * (when it loads) alerts made from the same bytes. Must never crash, leak or read out of bounds;
 * every alert must be accounted for once: emitted, suppressed, thresholded, rate-filtered or
 * folded into an aggregate that is itself emitted once. */
#include "fuzz-shipped.h"
#include "hygiene.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FUZZ_ALERTS 96

static void count_emitted(const sw_alert *alert, void *user)
{
    if (!alert->entry || !alert->flow || alert->n_evidence > SW_ALERT_MAX_EVIDENCE)
        abort();
    for (size_t i = 0; i < alert->n_evidence; i++)
        if (!alert->evidence[i].key || !alert->evidence[i].value)
            abort();
    ++*(uint64_t *)user;
}

/* Alerts whose id, addresses and spacing in time come from the bytes, so the fuzzer steers
 * them into the rules' tracks and windows. */
static uint64_t feed(sw_hygiene *h, const sw_catalog *cat, const uint8_t *data, size_t size,
                     uint64_t *emitted)
{
    sw_time ts = {1700000000, 0};
    uint64_t fed = 0;
    for (size_t i = 0; i < FUZZ_ALERTS && size > 0; i++) {
        uint8_t b = data[i % size], c = data[(i * 7 + 3) % size];
        sw_flow_obs flow;
        memset(&flow, 0, sizeof(flow));
        flow.flow_id = i + 1;
        flow.proto = 6;
        flow.src.family = flow.dst.family = 4;
        flow.src.bytes[0] = 10;
        flow.src.bytes[3] = b & 7;
        flow.dst.bytes[0] = 192;
        flow.dst.bytes[3] = c & 7;
        sw_alert a;
        memset(&a, 0, sizeof(a));
        a.entry = sw_catalog_at(cat, (size_t)(b ^ c) % sw_catalog_count(cat));
        a.severity = a.entry->severity;
        a.ts = ts;
        a.flow = &flow;
        a.evidence[0] = (sw_evidence){"peer", "10.0.0.1"};
        a.n_evidence = 1 + (c & 1);
        a.evidence[1] = (sw_evidence){"file", "x"};
        sw_hygiene_alert(h, &a, count_emitted, emitted);
        fed++;
        ts.sec += (c >> 4) * (b & 0x10 ? 60 : 1);
    }
    return fed;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const sw_catalog *cat = fuzz_shipped_catalog();
    sw_hygiene_rules *rules = NULL;
    sw_error err;
    if (sw_hygiene_rules_load_string((const char *)data, size, "fuzz.config", cat, &rules, &err) !=
        SW_OK) {
        char msg[1024];
        sw_error_format(&err, msg, sizeof(msg));
        if (rules)
            abort(); /* nothing is handed out on error */
        return 0;
    }
    sw_hygiene *h = sw_hygiene_new(rules);
    if (h) {
        uint64_t emitted = 0;
        uint64_t fed = feed(h, cat, data, size, &emitted);
        sw_hygiene_flush(h, count_emitted, &emitted);
        sw_hygiene_stats st;
        sw_hygiene_get_stats(h, &st);
        if (st.suppressed + st.thresholded + st.rate_filtered + st.aggregated + st.passed +
                    st.aggregates_emitted !=
                fed ||
            emitted != st.passed + st.aggregates_emitted)
            abort();
        sw_hygiene_free(h);
    }
    sw_hygiene_rules_free(rules);
    return 0;
}

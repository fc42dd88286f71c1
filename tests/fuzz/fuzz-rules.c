/* libFuzzer target: arbitrary bytes as a rules file, then (when it loads) a few observations
 * built from the same bytes. Must never crash, leak or read out of bounds; counts must add up. */
#include "engine.h"
#include "fuzz-shipped.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void observe_bytes(sw_engine *engine, const uint8_t *data, size_t size)
{
    sw_flow_obs flow;
    memset(&flow, 0, sizeof(flow));
    flow.flow_id = 1;
    flow.proto = 6;
    flow.src.family = flow.dst.family = 4;
    flow.src.bytes[0] = 10;
    flow.dst.bytes[0] = 192;
    sw_observation obs;
    memset(&obs, 0, sizeof(obs));
    obs.type = SW_OBS_PAYLOAD;
    obs.u.payload = (sw_obs_payload){&flow, 1, 0, {data, size}};
    sw_engine_observe(engine, &obs);
    memset(&obs, 0, sizeof(obs));
    obs.type = SW_OBS_HTTP_REQUEST;
    sw_obs_http_request *h = &obs.u.http_request;
    h->flow = &flow;
    h->method = "POST";
    h->uri = h->uri_raw = h->headers = h->cookie = h->body = (sw_bytes){data, size};
    sw_engine_observe(engine, &obs);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    sw_ruleset *rs = sw_ruleset_new();
    sw_error err;
    if (!rs)
        return 0;
    if (sw_ruleset_load_string(rs, (const char *)data, size, "fuzz.rules", &err) != SW_OK ||
        sw_ruleset_compile(rs, &err) != SW_OK) {
        sw_ruleset_free(rs);
        return 0;
    }
    if (sw_ruleset_warning_count(rs) > sw_ruleset_skipped(rs))
        abort(); /* every warning skips a rule */
    sw_engine *engine =
        sw_engine_new(fuzz_shipped_catalog(), fuzz_default_config(), NULL, NULL, NULL);
    if (engine && sw_engine_set_rules(engine, rs, NULL) == SW_OK)
        observe_bytes(engine, data, size);
    sw_engine_free(engine);
    sw_ruleset_free(rs);
    return 0;
}

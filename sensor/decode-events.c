/* Names of decoder anomalies and the decoder's default limits. */
#include "decode.h"

static const char *const event_names[SW_DEV_COUNT] = {
#define SW_DECODE_EVENT_NAME(id, name) [SW_DEV_##id] = name,
    SW_DECODE_EVENTS(SW_DECODE_EVENT_NAME)
#undef SW_DECODE_EVENT_NAME
};

const char *sw_decode_event_name(sw_decode_event ev)
{
    if ((unsigned)ev >= SW_DEV_COUNT)
        return "decoder.unknown";
    return event_names[ev];
}

void sw_decode_config_defaults(sw_decode_config *cfg)
{
    cfg->defrag_memcap = 16u << 20;
    cfg->defrag_trackers = 4096;
    cfg->defrag_timeout_s = 60;
}

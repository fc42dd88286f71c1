// Seawall::Core plugin registration (see Plugin.h).
#include "Plugin.h"

namespace zeek::plugin::Seawall_Core {
Plugin plugin;
}

using namespace zeek::plugin::Seawall_Core;

zeek::plugin::Configuration Plugin::Configure() {
    zeek::plugin::Configuration config;
    config.name = "Seawall::Core";
    config.description = "Seawall detections for attacks on ISP/telecom routers (catalog ST-*)";
    config.version.major = 0;
    config.version.minor = 1;
    config.version.patch = 0;
    return config;
}

void Plugin::Done() {
    SetSession(nullptr);
    zeek::plugin::Plugin::Done();
}

void Plugin::SetSession(sw_zeek_session* s) {
    sw_zeek_session_free(session_);
    session_ = s;
}

unsigned Plugin::Observe(const sw_observation* obs, const std::string& uid) {
    if ( ! session_ )
        return 0;
    AlertSink sink{&uid, 0};
    // The engine calls back synchronously, so the sink on the stack outlives every callback.
    sw_zeek_session_set_sink(session_, seawall_zeek_on_alert, &sink);
    sw_zeek_session_observe(session_, obs);
    sw_zeek_session_set_sink(session_, nullptr, nullptr);
    return sink.raised;
}

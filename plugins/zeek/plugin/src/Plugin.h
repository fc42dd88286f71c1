// Seawall::Core, the Zeek plugin: one Seawall engine per Zeek process, fed by the BiFs of
// seawall.bif, raising Seawall::alert events. Written against Zeek 8.2.2's headers
// (zeek/plugin/Plugin.h); never compiled in Seawall's CI, which has no Zeek.
#pragma once

#include <string>

#include "zeek/plugin/Plugin.h"

extern "C" {
#include "zeek-session.h"
}

namespace zeek::plugin::Seawall_Core
{

class Plugin : public zeek::plugin::Plugin
{
  public:
    // The session, created by seawall_open(); nullptr before.
    sw_zeek_session *Session()
    {
        return session_;
    }
    // Replaces the session (takes ownership); the previous one is freed.
    void SetSession(sw_zeek_session *s);
    // Runs the engine over obs; alerts become Seawall::alert events about `uid`.
    // Returns the number of alerts raised.
    unsigned Observe(const sw_observation *obs, const std::string &uid);

  protected:
    zeek::plugin::Configuration Configure() override;
    void Done() override;

  private:
    sw_zeek_session *session_ = nullptr;
};

extern Plugin plugin;

// alerts.cc: the engine's alert callback; `user` is an AlertSink.
struct AlertSink {
    const std::string *uid;
    unsigned raised;
};
extern "C" void seawall_zeek_on_alert(const sw_alert *alert, void *user);

// conn-args.cc: a Zeek `connection` record as the mapping's plain values. Strings live in
// `storage` (kept alive by the caller for the observe call).
struct ConnStrings {
    std::string uid, orig_h, resp_h, proto, conn_state, history, service;
};
bool ConnFromRecord(zeek::RecordVal *c, const std::string &conn_state, const std::string &service,
                    ConnStrings *storage, sw_zeek_conn *out);

} // namespace zeek::plugin::Seawall_Core

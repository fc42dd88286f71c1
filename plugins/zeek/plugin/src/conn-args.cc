// A Zeek `connection` record as the mapping's plain values (sw_zeek_conn).
#include "Plugin.h"

#include "zeek/IPAddr.h"
#include "zeek/Val.h"

namespace zeek::plugin::Seawall_Core {

namespace {

const char* TransportName(const zeek::PortVal* p) {
    if ( p->IsTCP() )
        return "tcp";
    if ( p->IsUDP() )
        return "udp";
    if ( p->IsICMP() )
        return "icmp";
    return "unknown_transport";
}

// c$orig / c$resp: num_pkts and num_bytes_ip (endpoint record, init-bare.zeek).
void Endpoint(zeek::RecordVal* c, const char* side, uint64_t* pkts, uint64_t* ip_bytes) {
    auto ep = c->GetField<zeek::RecordVal>(side);
    *pkts = ep && ep->HasField("num_pkts") ? ep->GetFieldAs<zeek::CountVal>("num_pkts") : 0;
    *ip_bytes = ep && ep->HasField("num_bytes_ip") ? ep->GetFieldAs<zeek::CountVal>("num_bytes_ip") : 0;
}

} // namespace

bool ConnFromRecord(zeek::RecordVal* c, const std::string& conn_state, const std::string& service,
                    ConnStrings* s, sw_zeek_conn* out) {
    *out = sw_zeek_conn{};
    auto id = c->GetField<zeek::RecordVal>("id");
    if ( ! id )
        return false;
    auto orig_p = id->GetField<zeek::PortVal>("orig_p");
    auto resp_p = id->GetField<zeek::PortVal>("resp_p");
    s->uid = c->GetField<zeek::StringVal>("uid")->ToStdString();
    s->orig_h = id->GetField<zeek::AddrVal>("orig_h")->Get().AsString();
    s->resp_h = id->GetField<zeek::AddrVal>("resp_h")->Get().AsString();
    s->proto = TransportName(orig_p.get());
    s->conn_state = conn_state;
    s->history = c->GetField<zeek::StringVal>("history")->ToStdString();
    s->service = service;
    out->uid = s->uid.c_str();
    out->orig_h = s->orig_h.c_str();
    out->resp_h = s->resp_h.c_str();
    out->orig_p = static_cast<uint16_t>(orig_p->Port());
    out->resp_p = static_cast<uint16_t>(resp_p->Port());
    out->proto = s->proto.c_str();
    out->conn_state = s->conn_state.c_str();
    out->history = s->history.c_str();
    out->service = s->service.c_str();
    out->start = c->GetFieldAs<zeek::TimeVal>("start_time");
    out->duration = c->GetFieldAs<zeek::IntervalVal>("duration");
    Endpoint(c, "orig", &out->orig_pkts, &out->orig_ip_bytes);
    Endpoint(c, "resp", &out->resp_pkts, &out->resp_ip_bytes);
    return true;
}

} // namespace zeek::plugin::Seawall_Core

// Engine alerts as Seawall::alert events. The record type Seawall::Alert and the event are
// declared in scripts/Seawall/main.zeek; they are looked up by name at the first alert, after
// every script has been parsed.
#include "Plugin.h"

#include "zeek/Event.h"
#include "zeek/EventRegistry.h"
#include "zeek/Val.h"
#include "zeek/ZeekString.h"

namespace zeek::plugin::Seawall_Core {

namespace {

zeek::StringValPtr Str(const char* s) { return zeek::make_intrusive<zeek::StringVal>(s ? s : ""); }

void Set(zeek::RecordVal* rec, const zeek::RecordTypePtr& type, const char* field, zeek::ValPtr v) {
    int off = type->FieldOffset(field);
    if ( off >= 0 )
        rec->Assign(off, std::move(v));
}

zeek::ValPtr AddrOf(const sw_ip* ip) {
    char text[64];
    sw_ip_format(ip, text, sizeof(text));
    return zeek::make_intrusive<zeek::AddrVal>(text);
}

zeek::RecordValPtr AlertRecord(const sw_alert* a) {
    static auto type = zeek::id::find_type<zeek::RecordType>("Seawall::Alert");
    static auto table_type = zeek::id::find_type<zeek::TableType>("table_string_of_string");
    auto rec = zeek::make_intrusive<zeek::RecordVal>(type);
    const sw_catalog_entry* e = a->entry;
    Set(rec.get(), type, "id", Str(e->id));
    Set(rec.get(), type, "gid", zeek::val_mgr->Count(e->gid));
    Set(rec.get(), type, "sid", zeek::val_mgr->Count(e->sid));
    Set(rec.get(), type, "rev", zeek::val_mgr->Count(e->rev));
    Set(rec.get(), type, "signature", Str(e->signature));
    Set(rec.get(), type, "category", Str(e->category));
    Set(rec.get(), type, "severity", zeek::val_mgr->Count(a->severity));
    Set(rec.get(), type, "severity_name", Str(sw_severity_name(a->severity)));
    auto attack = zeek::make_intrusive<zeek::VectorVal>(zeek::id::string_vec);
    for ( int i = 0; i < SW_CATALOG_MAX_ATTACK && e->attack[i]; i++ )
        attack->Append(Str(e->attack[i]));
    Set(rec.get(), type, "attack", std::move(attack));
    auto evidence = zeek::make_intrusive<zeek::TableVal>(table_type);
    for ( size_t i = 0; i < a->n_evidence; i++ )
        evidence->Assign(Str(a->evidence[i].key), Str(a->evidence[i].value));
    Set(rec.get(), type, "evidence", std::move(evidence));
    if ( a->flow ) {
        Set(rec.get(), type, "src", AddrOf(&a->flow->src));
        Set(rec.get(), type, "dst", AddrOf(&a->flow->dst));
        Set(rec.get(), type, "sport", zeek::val_mgr->Count(a->flow->sp));
        Set(rec.get(), type, "dport", zeek::val_mgr->Count(a->flow->dp));
        Set(rec.get(), type, "proto", zeek::val_mgr->Count(a->flow->proto));
    }
    Set(rec.get(), type, "ts", zeek::make_intrusive<zeek::TimeVal>(a->ts.sec + a->ts.usec / 1e6));
    return rec;
}

} // namespace

extern "C" void seawall_zeek_on_alert(const sw_alert* alert, void* user) {
    auto* sink = static_cast<AlertSink*>(user);
    static zeek::EventHandlerPtr handler = zeek::event_registry->Lookup("Seawall::alert");
    sink->raised++;
    if ( handler )
        zeek::event_mgr.Enqueue(handler, Str(sink->uid->c_str()), AlertRecord(alert));
}

} // namespace zeek::plugin::Seawall_Core

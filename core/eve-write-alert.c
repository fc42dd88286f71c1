/* EVE alert records as text: the bytes sw_json_append() writes for sw_eve_alert()'s tree, and,
 * with a describe function, for that tree after the sensor's enrichment has added "src" and
 * "dest" to the extension object (geo/geo.c, sw_geo_enrich). */
#include "eve-text.h"
#include "eve-write.h"

/* A key the tree builder would have set with json_object_set_new: escaped as jansson escapes
 * it, and invalid UTF-8 fails the record as jansson's refusal does. */
static void key(eve_text *w, const char *k)
{
    if (w->failed)
        return;
    if (sw_json_append_string(w->b, k, strlen(k)) != 0)
        w->failed = 1;
    else
        LIT(w, ":");
}

static void string_list(eve_text *w, const char *const *items, size_t max)
{
    LIT(w, "[");
    for (size_t i = 0; i < max && items[i]; i++) {
        if (i)
            LIT(w, ",");
        sw_eve_text_string(w, items[i]);
    }
    LIT(w, "]");
}

static void alert_object(eve_text *w, const sw_alert *alert)
{
    const sw_catalog_entry *e = alert->entry;
    LIT(w, ",\"alert\":{\"action\":\"allowed\",\"gid\":");
    integer(w, e->gid);
    LIT(w, ",\"signature_id\":");
    integer(w, e->sid);
    LIT(w, ",\"rev\":");
    integer(w, e->rev);
    LIT(w, ",\"signature\":");
    sw_eve_text_string(w, e->signature);
    LIT(w, ",\"category\":");
    sw_eve_text_string(w, e->category);
    LIT(w, ",\"severity\":");
    integer(w, alert->severity);
    LIT(w, ",\"metadata\":{\"seawall_id\":[");
    sw_eve_text_string(w, e->id);
    LIT(w, "]");
    if (e->attack[0]) {
        LIT(w, ",\"mitre_technique_id\":");
        string_list(w, e->attack, SW_CATALOG_MAX_ATTACK);
    }
    LIT(w, ",\"signature_severity\":[\"");
    raw_str(w, sw_eve_signature_severity_text(alert->severity));
    LIT(w, "\"]}}");
}

static int evidence_usable(const sw_evidence *ev)
{
    return ev->key && ev->value;
}

/* A tree keeps one member per key: where the key first came, with the value it was given last. */
static void evidence(eve_text *w, const sw_alert *alert)
{
    size_t n =
        alert->n_evidence < SW_ALERT_MAX_EVIDENCE ? alert->n_evidence : SW_ALERT_MAX_EVIDENCE;
    const sw_evidence *ev = alert->evidence;
    int first = 1;
    LIT(w, ",\"evidence\":{");
    for (size_t i = 0; i < n; i++) {
        if (!evidence_usable(&ev[i]))
            continue;
        int repeated = 0;
        for (size_t j = 0; j < i && !repeated; j++)
            repeated = evidence_usable(&ev[j]) && strcmp(ev[j].key, ev[i].key) == 0;
        if (repeated)
            continue;
        const char *value = ev[i].value;
        for (size_t j = i + 1; j < n; j++)
            if (evidence_usable(&ev[j]) && strcmp(ev[j].key, ev[i].key) == 0)
                value = ev[j].value;
        if (!first)
            LIT(w, ",");
        first = 0;
        key(w, ev[i].key);
        sw_eve_text_string(w, value);
    }
    LIT(w, "}");
}

/* As sw_geo_enrich: the address is the record's own text read back, and a describe that
 * returns nothing leaves the member out. */
static void describe_end(eve_text *w, const char *member_json, const sw_ip *addr,
                         sw_eve_describe_fn describe, void *user)
{
    char text[SW_EVE_IP_LEN + 1];
    size_t n = sw_eve_ip_text(addr, text);
    text[n] = '\0';
    sw_ip parsed;
    if (w->failed || sw_ip_parse(&parsed, text) != SW_OK)
        return;
    json_t *obj = describe(&parsed, user);
    if (!obj)
        return;
    raw_str(w, member_json);
    if (!w->failed && sw_json_append(w->b, obj) != 0)
        w->failed = 1;
    json_decref(obj);
}

static void extension(eve_text *w, const sw_alert *alert, sw_eve_describe_fn describe, void *user)
{
    LIT(w, ",\"" SW_EVE_EXTENSION "\":{");
    if (sw_eve_text_tunneled(alert->flow)) {
        sw_eve_text_tunnel_kind(w, alert->flow);
        LIT(w, ",");
    }
    LIT(w, "\"id\":");
    sw_eve_text_string(w, alert->entry->id);
    LIT(w, ",\"severity\":\"");
    raw_str(w, sw_eve_severity_text(alert->severity));
    LIT(w, "\"");
    evidence(w, alert);
    if (describe && alert->flow) {
        describe_end(w, ",\"src\":", &alert->flow->src, describe, user);
        describe_end(w, ",\"dest\":", &alert->flow->dst, describe, user);
    }
    LIT(w, "}");
}

int sw_eve_alert_write(sw_jbuf *b, const sw_alert *alert, const sw_eve_options *opt,
                       sw_eve_describe_fn describe, void *user)
{
    if (!alert || !alert->entry)
        return -1;
    const sw_flow_obs *flow = alert->flow;
    eve_text w = {b, 0, {0}};
    size_t start = b->len;
    sw_eve_text_header(&w, alert->ts, flow, alert->pcap_cnt, "\"alert\"", opt);
    if (flow) {
        sw_eve_text_flow_fields(&w, flow, opt, 1);
        sw_eve_text_tunnel(&w, flow);
        sw_eve_text_community_id(&w, flow, opt);
    } else {
        LIT(&w, ",\"pkt_src\":");
        sw_eve_text_string(&w, sw_eve_pkt_src(opt));
    }
    alert_object(&w, alert);
    if (flow) {
        LIT(&w, ",\"flow\":{");
        sw_eve_text_flow_counters(&w, flow);
        LIT(&w, ",");
        sw_eve_text_endpoints(&w, flow);
        LIT(&w, "}");
    }
    extension(&w, alert, describe, user);
    return sw_eve_text_finish(&w, start);
}

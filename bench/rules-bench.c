/* rules-bench: content-rule throughput with 10, 100 and 1000 generated rules over the TCP/UDP
 * payloads of a capture (the mixed benchmark capture from seawall-gen --mixed). Payloads are
 * decoded once into memory, so the figures are the rule engine's cost alone.
 * Usage: rules-bench CAPTURE [MAX_PAYLOADS] */
#include "decode.h"
#include "engine.h"

#include <pcap/pcap.h>
#include "prefilter.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef struct payloads {
    uint8_t *arena;
    size_t used, cap;
    size_t n, max;
    size_t *off, *len;
    uint8_t *proto;
} payloads;

static int keep(payloads *pl, const sw_ip_layer *l)
{
    if (pl->used + l->payload_len > pl->cap)
        return 0;
    memcpy(pl->arena + pl->used, l->payload, l->payload_len); /* bench setup, not a parser */
    pl->off[pl->n] = pl->used;
    pl->len[pl->n] = l->payload_len;
    pl->proto[pl->n++] = l->proto;
    pl->used += l->payload_len;
    return 1;
}

static int read_payloads(const char *path, payloads *pl)
{
    char errbuf[PCAP_ERRBUF_SIZE];
    pcap_t *pc = pcap_open_offline(path, errbuf);
    if (!pc) {
        fprintf(stderr, "rules-bench: %s\n", errbuf);
        return -1;
    }
    sw_decode_config dcfg;
    sw_decode_config_defaults(&dcfg);
    sw_decoder *dec = sw_decoder_new(&dcfg);
    struct pcap_pkthdr *h;
    const u_char *data;
    while (pl->n < pl->max && pcap_next_ex(pc, &h, &data) == 1) {
        sw_packet p;
        memset(&p, 0, sizeof(p));
        p.linktype = pcap_datalink(pc);
        p.data = data;
        p.caplen = h->caplen;
        p.wirelen = h->len;
        if (sw_decode_packet(dec, &p) == 0)
            continue;
        const sw_ip_layer *l = &p.ip[p.n_ip - 1];
        if ((l->proto == 6 || l->proto == 17) && l->payload_len > 0 && !keep(pl, l))
            break;
    }
    sw_decoder_free(dec);
    pcap_close(pc);
    return 0;
}

/* Rule i: two 6-byte lower-case contents (a short-distance pair) and, for every tenth, a pcre;
 * letters come from a fixed LCG so every run uses the same rules. */
static char *make_rules(unsigned n)
{
    size_t cap = (size_t)n * 200 + 1;
    char *text = malloc(cap), *w = text;
    uint32_t s = 42;
    for (unsigned i = 0; i < n; i++) {
        char a[7], b[7];
        for (int j = 0; j < 6; j++) {
            s = s * 1103515245u + 12345u;
            a[j] = (char)('a' + (s >> 16) % 26);
            s = s * 1103515245u + 12345u;
            b[j] = (char)('a' + (s >> 16) % 26);
        }
        a[6] = b[6] = '\0';
        w += sprintf(w,
                     "alert tcp any any -> any any (msg:\"bench %u\"; content:\"%s\"; nocase; "
                     "content:\"%s\"; distance:0; within:64;%s sid:%u;)\n",
                     i, a, b, i % 10 == 0 ? " pcre:\"/[0-9]{4}/R\";" : "", 1000000 + i);
    }
    return text;
}

static void on_alert(const sw_alert *a, void *user)
{
    (void)a;
    (*(uint64_t *)user)++;
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static int run(const payloads *pl, sw_catalog *cat, unsigned n_rules)
{
    char *text = make_rules(n_rules);
    sw_ruleset *rs = sw_ruleset_new();
    sw_error err;
    if (sw_ruleset_load_string(rs, text, strlen(text), "bench.rules", &err) != SW_OK ||
        sw_ruleset_compile(rs, &err) != SW_OK || sw_ruleset_skipped(rs)) {
        fprintf(stderr, "rules-bench: rules did not load\n");
        return -1;
    }
    sw_engine_config *cfg = sw_engine_config_new();
    uint64_t alerts = 0;
    sw_engine *engine = sw_engine_new(cat, cfg, on_alert, &alerts, &err);
    sw_engine_set_rules(engine, rs, NULL);
    sw_flow_obs flow;
    memset(&flow, 0, sizeof(flow));
    flow.flow_id = 1;
    sw_observation obs;
    memset(&obs, 0, sizeof(obs));
    obs.type = SW_OBS_PAYLOAD;
    double t0 = now_s();
    for (size_t i = 0; i < pl->n; i++) {
        flow.proto = pl->proto[i];
        obs.u.payload = (sw_obs_payload){&flow, 1, 0, {pl->arena + pl->off[i], pl->len[i]}};
        sw_engine_observe(engine, &obs);
    }
    double dt = now_s() - t0;
    sw_rule_stats st;
    sw_engine_get_rule_stats(engine, &st);
    sw_ruleset_info info;
    sw_ruleset_get_info(rs, &info);
    printf("%5u rules: %8.1f MB/s  %9.0f payloads/s  %6.1f ns/byte  candidates/payload %.3f  "
           "alerts %llu  prefilter states %zu\n",
           n_rules, pl->used / dt / 1e6, pl->n / dt, dt * 1e9 / (double)pl->used,
           (double)st.candidates / (double)pl->n, (unsigned long long)alerts,
           info.prefilter_states);
    sw_engine_free(engine);
    sw_engine_config_free(cfg);
    sw_ruleset_free(rs);
    free(text);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: rules-bench CAPTURE [MAX_PAYLOADS]\n");
        return 2;
    }
    payloads pl = {.cap = 512u << 20, .max = argc > 2 ? strtoul(argv[2], NULL, 10) : 2000000};
    pl.arena = malloc(pl.cap);
    pl.off = malloc(pl.max * sizeof(size_t));
    pl.len = malloc(pl.max * sizeof(size_t));
    pl.proto = malloc(pl.max);
    sw_catalog *cat = NULL;
    if (!pl.arena || !pl.off || !pl.len || !pl.proto || read_payloads(argv[1], &pl) != 0 ||
        sw_catalog_load_file(SEAWALL_SOURCE_DIR "/signatures/catalog.yaml", &cat, NULL) != SW_OK)
        return 1;
    printf("%zu payloads, %.1f MB from %s\n", pl.n, pl.used / 1e6, argv[1]);
    /* Each backend in the same run, chosen as an operator would (SEAWALL_PREFILTER, read when a
     * ruleset is compiled); one that cannot run here is said so, not measured. */
    static const unsigned counts[] = {10, 100, 1000};
    static const sw_prefilter_backend backends[] = {SW_PF_AHO_CORASICK, SW_PF_HYPERSCAN};
    for (size_t b = 0; b < sizeof(backends) / sizeof(backends[0]); b++) {
        const char *name = sw_prefilter_backend_name(backends[b]);
        if (!sw_prefilter_available(backends[b])) {
            printf("backend %s: not available on this build or CPU, skipped\n", name);
            continue;
        }
        setenv("SEAWALL_PREFILTER", name, 1);
        printf("backend %s:\n", name);
        for (size_t i = 0; i < 3; i++)
            if (run(&pl, cat, counts[i]) != 0)
                return 1;
    }
    sw_catalog_free(cat);
    free(pl.arena);
    free(pl.off);
    free(pl.len);
    free(pl.proto);
    return 0;
}

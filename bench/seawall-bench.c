/* Throughput benchmark: the same capture read three ways in one run, so the ratios compare like
 * with like on whatever machine runs it:
 *   (a) a bare libpcap read loop (the ceiling),
 *   (b) seawall decode + flow table,
 *   (c) the full sensor pipeline (decode, flows, detections, EVE records rendered to memory).
 * Each mode runs in a child process so its peak RSS is its own. */
#include "decode.h"
#include "eve-write.h"
#include "flow.h"
#include "output.h"
#include "pipeline.h"

#include <pcap/pcap.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

typedef struct result {
    uint64_t packets, bytes;
    double seconds;
    long peak_rss_kb;
} result;

typedef struct mode_ctx {
    sw_decoder *decoder;
    sw_flow_table *flows;
    sw_pipeline *pipeline;
    sw_output *out;
    sw_jbuf alert_text;
    const sw_eve_options *eve;
    uint64_t packets, bytes, sink;
} mode_ctx;

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static void no_obs(const sw_observation *obs, void *user)
{
    ((mode_ctx *)user)->sink += obs->type;
}

/* Records go through the real file sink, as the sensor writes them, into /dev/null. */
static void write_record(json_t *rec, void *user)
{
    mode_ctx *ctx = user;
    ctx->sink += sw_output_write(ctx->out, rec) == SW_OK;
}

static void write_text(const char *json, size_t len, void *user)
{
    mode_ctx *ctx = user;
    ctx->sink += sw_output_write_text(ctx->out, json, len) == SW_OK;
}

/* Alerts as the sensor writes them, less its geo/zone enrichment (not configured here). */
static int write_alert(const sw_alert *alert, void *user)
{
    mode_ctx *ctx = user;
    ctx->alert_text.len = 0;
    int rc = sw_eve_alert_write(&ctx->alert_text, alert, ctx->eve, NULL, NULL);
    if (rc == 0)
        write_text(ctx->alert_text.data, ctx->alert_text.len, ctx);
    return rc;
}

/* Only the input fields: sw_decode_packet sets every output field itself, and clearing the whole
 * struct (some 480 bytes) per packet would be measurable work the sensor does not need. */
static void fill_packet(sw_packet *p, const struct pcap_pkthdr *h, const u_char *data, int link,
                        uint64_t n)
{
    p->ts.sec = h->ts.tv_sec;
    p->ts.usec = (int32_t)h->ts.tv_usec;
    p->pcap_cnt = n;
    p->linktype = link;
    p->data = data;
    p->caplen = h->caplen;
    p->wirelen = h->len;
}

static int run_mode(char mode, const char *file, const char *config, result *out)
{
    char errbuf[PCAP_ERRBUF_SIZE];
    pcap_t *h = pcap_open_offline(file, errbuf);
    if (!h) {
        fprintf(stderr, "seawall-bench: %s: %s\n", file, errbuf);
        return 1;
    }
    mode_ctx ctx = {0};
    sw_catalog *cat = NULL;
    sw_engine_config *ecfg = sw_engine_config_new();
    sw_conf_node *conf = NULL;
    sw_sensor_config scfg;
    sw_error err = {0};
    sw_sensor_config_defaults(&scfg);
    scfg.log_flows = 1;
    if (mode == 'b') {
        ctx.decoder = sw_decoder_new(&scfg.decode);
        ctx.flows = sw_flow_table_new(&scfg.flow, no_obs, &ctx);
    } else if (mode == 'c') {
        sw_output_options oo = {SW_OUTPUT_FILE, "/dev/null", scfg.outputs[0].buffer_size};
        if (sw_output_new(&oo, &ctx.out, &err) ||
            sw_catalog_load_file(SEAWALL_SOURCE_DIR "/signatures/catalog.yaml", &cat, &err) ||
            sw_conf_load_file(config, &conf, &err) ||
            sw_engine_config_apply(ecfg, conf, cat, &err) ||
            !(ctx.pipeline = sw_pipeline_new(cat, ecfg, &scfg, write_record, NULL, &ctx, &err))) {
            char text[1200];
            sw_error_format(&err, text, sizeof(text));
            fprintf(stderr, "seawall-bench: %s\n", text);
            return 1;
        }
        sw_pipeline_set_text_output(ctx.pipeline, write_text);
        sw_jbuf_init(&ctx.alert_text, SW_OUTPUT_MAX_RECORD);
        ctx.eve = &scfg.eve;
        sw_pipeline_set_alert_output(ctx.pipeline, write_alert);
    }
    int link = pcap_datalink(h);
    struct pcap_pkthdr *hdr;
    const u_char *data;
    double t0 = now_s();
    while (pcap_next_ex(h, &hdr, &data) == 1) {
        sw_packet p;
        ctx.packets++;
        ctx.bytes += hdr->len;
        if (mode == 'a') {
            ctx.sink += data[0];
            continue;
        }
        fill_packet(&p, hdr, data, link, ctx.packets);
        if (mode == 'b') {
            int layers = sw_decode_packet(ctx.decoder, &p);
            for (int i = 0; i < layers; i++)
                sw_flow_table_packet(ctx.flows, &p, (unsigned)i);
        } else {
            sw_pipeline_packet(ctx.pipeline, &p);
        }
    }
    if (ctx.pipeline)
        sw_pipeline_finish(ctx.pipeline);
    sw_output_free(ctx.out);
    sw_jbuf_free(&ctx.alert_text);
    out->seconds = now_s() - t0;
    out->packets = ctx.packets;
    out->bytes = ctx.bytes;
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    out->peak_rss_kb = ru.ru_maxrss;
    if (ctx.sink == 42) /* keeps the work observable so it is not optimised away */
        fputc(' ', stderr);
    pcap_close(h);
    return 0;
}

static int run_in_child(char mode, const char *file, const char *config, result *out)
{
    int fds[2];
    if (pipe(fds) != 0)
        return 1;
    pid_t pid = fork();
    if (pid == 0) {
        close(fds[0]);
        result r = {0};
        int rc = run_mode(mode, file, config, &r);
        if (write(fds[1], &r, sizeof(r)) != (ssize_t)sizeof(r))
            rc = 1;
        _exit(rc);
    }
    close(fds[1]);
    ssize_t got = read(fds[0], out, sizeof(*out));
    close(fds[0]);
    int status = 0;
    waitpid(pid, &status, 0);
    return got == (ssize_t)sizeof(*out) && WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : 1;
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: seawall-bench CAPTURE CONFIG [REPEATS | a | b | c]\n"
                        "  a single letter runs only that mode, in-process (for profilers)\n");
        return 2;
    }
    if (argc > 3 && strlen(argv[3]) == 1 && argv[3][0] >= 'a' && argv[3][0] <= 'c') {
        result r = {0};
        int rc = run_mode(argv[3][0], argv[1], argv[2], &r);
        printf("mode %s: %.0f pkt/s\n", argv[3], r.packets / r.seconds);
        return rc;
    }
    int repeats = argc > 3 ? atoi(argv[3]) : 3;
    static const struct {
        char mode;
        const char *name;
    } modes[] = {{'a', "(a) libpcap read loop"},
                 {'b', "(b) seawall decode + flow"},
                 {'c', "(c) seawall full pipeline"}};
    result best[3] = {{0}};
    /* Interleave the modes and keep each one's best run, so a noisy moment hurts all alike. */
    for (int r = 0; r < repeats; r++)
        for (int m = 0; m < 3; m++) {
            result res;
            if (run_in_child(modes[m].mode, argv[1], argv[2], &res) != 0)
                return 1;
            if (best[m].seconds == 0 || res.seconds < best[m].seconds)
                best[m] = res;
        }
    printf("capture: %s: %llu packets, %.2f GB\n", argv[1], (unsigned long long)best[0].packets,
           best[0].bytes / 1e9);
    for (int m = 0; m < 3; m++) {
        double pps = best[m].packets / best[m].seconds;
        double gbps = best[m].bytes * 8 / best[m].seconds / 1e9;
        printf("%-28s %10.0f pkt/s %7.2f Gbit/s  ratio %.2f  peak RSS %6.1f MiB\n", modes[m].name,
               pps, gbps, best[0].seconds / best[m].seconds, best[m].peak_rss_kb / 1024.0);
    }
    return 0;
}

/* seawall: the standalone sensor. Command line follows Suricata's where they overlap. */
#include "capture.h"
#include "catalog.h"
#include "engine.h"
#include "geo.h"
#include "ioc-load.h"
#include "output.h"
#include "pipeline.h"
#include "sensor-config.h"
#include "state-file.h"

#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define DEFAULT_CONFIG "/etc/seawall/seawall.yaml"

typedef struct sensor_args {
    const char *config;
    const char *catalog;
    const char *log_dir;
    const char *iface;
    const char **reads;
    size_t n_reads;
    char bpf[1024];
    int test_only;
    int verbose;
    int print_alerts;
} sensor_args;

typedef struct sensor {
    sensor_args args;
    sw_sensor_config cfg;
    sw_engine_config *ecfg;
    sw_catalog *catalog;
    sw_conf_node *conf;
    sw_output *outputs[SW_SENSOR_MAX_OUTPUTS];
    int output_failing[SW_SENSOR_MAX_OUTPUTS];
    size_t n_outputs;
    sw_pipeline *pipeline;
    sw_geo_config geo_cfg;
    sw_geo *geo;
    sw_capture_stats capture;
    uint64_t packets_since_check;
    time_t last_flush;
    sw_state_file_config state; /* baseline persistence (state-file.h) */
    int64_t next_state_save;    /* packet time, seconds; 0 = not yet scheduled */
} sensor;

static volatile sig_atomic_t stop_requested;
static volatile sig_atomic_t reopen_requested;

static void on_signal(int sig)
{
    if (sig == SIGHUP)
        reopen_requested = 1;
    else
        stop_requested = 1;
}

static void say(const char *level, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "seawall: %s: ", level);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
}

static void usage(FILE *out)
{
    fprintf(out,
            "Usage: seawall [options] (-r PATH ... | -i IFACE) [BPF filter]\n"
            "\n"
            "  -r PATH            read a pcap/pcapng file, or every file of a directory in name\n"
            "                     order; may be given several times\n"
            "  -i IFACE           capture live on an interface\n"
            "  -c FILE            configuration (default " DEFAULT_CONFIG " when it exists)\n"
            "  -l DIR             log directory: eve.json is written there\n"
            "  -S FILE            content rules file (not supported by this release: error)\n"
            "  -T                 test the configuration and exit\n"
            "  -v                 more messages (repeat for more)\n"
            "      --catalog FILE detection catalog (default: the installed catalog.yaml)\n"
            "      --snaplen N    bytes captured per packet on an interface (default 262144)\n"
            "      --no-promisc   do not put the interface in promiscuous mode\n"
            "      --print-alerts print one line per alert on standard output\n"
            "  -h, --help         this text\n"
            "  -V, --version      version\n"
            "\n"
            "Exit status: 0 success, 1 runtime error (unreadable capture, write failure),\n"
            "2 usage or configuration error.\n");
}

static int parse_args(int argc, char **argv, sensor_args *a, sw_sensor_config *overrides,
                      int *snaplen_set, int *nopromisc)
{
    enum { OPT_CATALOG = 256, OPT_SNAPLEN, OPT_NOPROMISC, OPT_PRINT };
    static const struct option longopts[] = {{"help", no_argument, NULL, 'h'},
                                             {"version", no_argument, NULL, 'V'},
                                             {"catalog", required_argument, NULL, OPT_CATALOG},
                                             {"snaplen", required_argument, NULL, OPT_SNAPLEN},
                                             {"no-promisc", no_argument, NULL, OPT_NOPROMISC},
                                             {"print-alerts", no_argument, NULL, OPT_PRINT},
                                             {NULL, 0, NULL, 0}};
    static const char *reads[64];
    int c;
    a->reads = reads;
    while ((c = getopt_long(argc, argv, "r:i:c:l:S:TvhV", longopts, NULL)) != -1) {
        switch (c) {
        case 'r':
            if (a->n_reads == sizeof(reads) / sizeof(reads[0])) {
                say("error", "too many -r options (at most 64; use a directory)");
                return 2;
            }
            reads[a->n_reads++] = optarg;
            break;
        case 'i':
            a->iface = optarg;
            break;
        case 'c':
            a->config = optarg;
            break;
        case 'l':
            a->log_dir = optarg;
            break;
        case 'S':
            say("error", "content rules (-S %s) are not supported by this release", optarg);
            return 2;
        case 'T':
            a->test_only = 1;
            break;
        case 'v':
            a->verbose++;
            break;
        case OPT_CATALOG:
            a->catalog = optarg;
            break;
        case OPT_SNAPLEN: {
            char *end = NULL;
            unsigned long v = strtoul(optarg, &end, 10);
            if (*end || v < 64 || v > 262144) {
                say("error", "--snaplen %s: expected a number from 64 to 262144", optarg);
                return 2;
            }
            overrides->snaplen = (uint32_t)v;
            *snaplen_set = 1;
            break;
        }
        case OPT_NOPROMISC:
            *nopromisc = 1;
            break;
        case OPT_PRINT:
            a->print_alerts = 1;
            break;
        case 'h':
            usage(stdout);
            exit(0);
        case 'V':
            printf("seawall %s (core API %d)\n", SEAWALL_VERSION, SW_API_VERSION);
            exit(0);
        default:
            usage(stderr);
            return 2;
        }
    }
    /* Trailing words are a BPF expression, as with tcpdump and Suricata. */
    for (int i = optind; i < argc; i++) {
        size_t used = strlen(a->bpf);
        snprintf(a->bpf + used, sizeof(a->bpf) - used, "%s%s", used ? " " : "", argv[i]);
    }
    if (!a->test_only && !a->iface && a->n_reads == 0) {
        say("error", "nothing to read: give -r PATH or -i IFACE (see --help)");
        return 2;
    }
    if (a->iface && a->n_reads) {
        say("error", "-r and -i cannot be used together");
        return 2;
    }
    return 0;
}

static const char *find_catalog(const char *given)
{
    static const char *const candidates[] = {SEAWALL_DATADIR "/catalog.yaml",
                                             SEAWALL_SOURCE_DIR "/signatures/catalog.yaml"};
    if (given)
        return given;
    const char *env = getenv("SEAWALL_CATALOG");
    if (env && env[0])
        return env;
    for (size_t i = 0; i < sizeof(candidates) / sizeof(candidates[0]); i++)
        if (access(candidates[i], R_OK) == 0)
            return candidates[i];
    return candidates[0];
}

/* Prints err and returns `code`, so callers can `return report_error(...)`. */
static int report_error(const char *what, const sw_error *err, int code)
{
    char text[1200];
    sw_error_format(err, text, sizeof(text));
    say("error", "%s: %s", what, text);
    return code;
}

static void add_zone_net(void *user, const char *cidr, sw_netset_id set)
{
    sensor *s = user;
    sw_error err = {0};
    if (sw_engine_config_add_net(s->ecfg, set, cidr, &err) != SW_OK)
        report_error("zone database network set", &err, 2);
}

/* One source of truth: prefixes whose zone record names a network set (role or sets) join it,
 * in addition to the YAML lists. */
static int add_zone_netsets(sensor *s)
{
    sw_error err = {0};
    if (sw_geo_zone_netsets_mmdb(s->geo_cfg.zone_db, add_zone_net, s, &err) != SW_OK)
        return report_error("geo.zone-db", &err, 2);
    return 0;
}

static void on_geo_report(void *user, int is_error, const char *text)
{
    sensor *s = user;
    if (is_error)
        say("warning", "%s", text);
    else if (s->args.verbose || s->args.test_only)
        say("info", "%s", text);
}

static int open_geo(sensor *s)
{
    sw_error err = {0};
    s->geo = sw_geo_open(&s->geo_cfg, on_geo_report, s, &err);
    if (!s->geo)
        return report_error("geo", &err, 2);
    return 0;
}

/* --- Baselines and IOC lists (state-file.c, ioc-load.c) --- */

static void on_ioc_problem(const sw_error *problem, void *user)
{
    (void)user;
    char text[1024];
    sw_error_format(problem, text, sizeof(text));
    say("warning", "ioc: %s", text);
}

static int load_iocs_and_state_config(sensor *s)
{
    sw_error err = {0};
    if (sw_state_file_config_apply(&s->state, s->conf, &err) != SW_OK)
        return report_error("configuration", &err, 2);
    sw_ioc_set *set = sw_ioc_set_new();
    sw_ioc_load_stats st = {0, 0, 0};
    if (!set || sw_ioc_load_config(s->conf, set, on_ioc_problem, s, &st, &err) != SW_OK) {
        sw_ioc_set_free(set);
        return report_error("ioc", &err, 2);
    }
    if (st.files && s->args.verbose)
        say("info", "ioc: %zu indicators from %zu files (%zu malformed lines skipped)",
            st.indicators, st.files, st.malformed);
    sw_engine_config_set_ioc(s->ecfg, set);
    return 0;
}

static void state_load(sensor *s)
{
    sw_error err = {0};
    if (!s->state.path[0])
        return;
    sw_status st = sw_state_file_load(s->state.path, sw_pipeline_engine(s->pipeline), &err);
    if (st == SW_ERR_NOTFOUND)
        say("info", "state: %s does not exist yet; baselines start learning", s->state.path);
    else if (st != SW_OK) {
        char text[1200];
        sw_error_format(&err, text, sizeof(text));
        say("warning",
            "state: %s (not trusted: baselines start learning and the next save "
            "replaces the file)",
            text);
    }
}

static void state_save(sensor *s)
{
    sw_error err = {0};
    if (s->state.path[0] &&
        sw_state_file_save(s->state.path, sw_pipeline_engine(s->pipeline), &err) != SW_OK)
        report_error("state save", &err, 0);
}

/* Saves every save-interval seconds of packet time, so a replay saves as a live run would. */
static void state_save_if_due(sensor *s, int64_t now)
{
    if (!s->state.path[0])
        return;
    if (s->next_state_save == 0)
        s->next_state_save = now + (int64_t)s->state.save_interval;
    else if (now >= s->next_state_save) {
        s->next_state_save = now + (int64_t)s->state.save_interval;
        state_save(s);
    }
}

static int load_configuration(sensor *s)
{
    sw_error err = {0};
    const char *catalog = find_catalog(s->args.catalog);
    if (sw_catalog_load_file(catalog, &s->catalog, &err) != SW_OK)
        return report_error("detection catalog", &err, 2);
    s->ecfg = sw_engine_config_new();
    if (!s->ecfg)
        return report_error("engine", &err, 2);
    const char *path = s->args.config;
    if (!path && access(DEFAULT_CONFIG, R_OK) == 0)
        path = DEFAULT_CONFIG;
    if (path) {
        if (sw_conf_load_file(path, &s->conf, &err) != SW_OK)
            return report_error("configuration", &err, 2);
        if (sw_engine_config_apply(s->ecfg, s->conf, s->catalog, &err) != SW_OK ||
            sw_sensor_config_apply(&s->cfg, s->conf, &err) != SW_OK ||
            sw_geo_config_apply(&s->geo_cfg, s->conf, &err) != SW_OK)
            return report_error("configuration", &err, 2);
        if (s->geo_cfg.zone_db[0] && add_zone_netsets(s) != 0)
            return 2;
        if (load_iocs_and_state_config(s) != 0)
            return 2;
    } else {
        say("warning", "no configuration file (-c, or " DEFAULT_CONFIG "): running with defaults");
    }
    if (sw_engine_config_is_blank(s->ecfg))
        say("warning", "no network sets configured (networks: infra, noc, aaa, ...): the "
                       "context-aware detections cannot fire until they are");
    if (s->args.verbose)
        say("info", "catalog %s: %zu detections", catalog, sw_catalog_count(s->catalog));
    return 0;
}

static int ensure_dir(const char *dir)
{
    struct stat sb;
    if (stat(dir, &sb) == 0)
        return S_ISDIR(sb.st_mode) ? 0 : -1;
    return mkdir(dir, 0750);
}

static int open_outputs(sensor *s)
{
    for (size_t i = 0; i < s->cfg.n_outputs; i++) {
        const sw_output_spec *spec = &s->cfg.outputs[i];
        sw_output_options opt = {spec->kind, NULL, spec->buffer_size};
        char path[2100];
        if (spec->kind == SW_OUTPUT_FILE) {
            if (spec->path[0] == '/') {
                snprintf(path, sizeof(path), "%s", spec->path);
            } else {
                errno = 0;
                if (ensure_dir(s->cfg.log_dir) != 0) {
                    say("error", "log directory %s: %s (set it with -l or default-log-dir)",
                        s->cfg.log_dir, errno ? strerror(errno) : "not a directory");
                    return 1;
                }
                snprintf(path, sizeof(path), "%s/%s", s->cfg.log_dir, spec->path);
            }
            opt.path = path;
        }
        sw_error err = {0};
        if (sw_output_new(&opt, &s->outputs[s->n_outputs], &err) != SW_OK)
            return report_error("output", &err, 1);
        s->n_outputs++;
    }
    return 0;
}

static void print_alert_line(const json_t *rec)
{
    const json_t *alert = json_object_get(rec, "alert");
    const char *proto = json_string_value(json_object_get(rec, "proto"));
    const char *src = json_string_value(json_object_get(rec, "src_ip"));
    const char *dst = json_string_value(json_object_get(rec, "dest_ip"));
    printf("%s  [**] [%lld:%lld:%lld] %s [**] [Classification: %s] [Priority: %lld] {%s} %s:%lld "
           "-> %s:%lld\n",
           json_string_value(json_object_get(rec, "timestamp")),
           (long long)json_integer_value(json_object_get(alert, "gid")),
           (long long)json_integer_value(json_object_get(alert, "signature_id")),
           (long long)json_integer_value(json_object_get(alert, "rev")),
           json_string_value(json_object_get(alert, "signature")),
           json_string_value(json_object_get(alert, "category")),
           (long long)json_integer_value(json_object_get(alert, "severity")), proto ? proto : "?",
           src ? src : "?", (long long)json_integer_value(json_object_get(rec, "src_port")),
           dst ? dst : "?", (long long)json_integer_value(json_object_get(rec, "dest_port")));
}

static void on_record(json_t *rec, void *user)
{
    sensor *s = user;
    const char *type = json_string_value(json_object_get(rec, "event_type"));
    int is_alert = type && strcmp(type, "alert") == 0;
    if (is_alert)
        sw_geo_enrich(s->geo, rec);
    /* A failed write is counted by the sink (eve.dropped) and its text kept; say it once per
     * change so a full disk is visible without flooding the terminal. */
    for (size_t i = 0; i < s->n_outputs; i++)
        if (sw_output_write(s->outputs[i], rec) != SW_OK && !s->output_failing[i]) {
            s->output_failing[i] = 1;
            say("error", "output: %s (records are being dropped and counted)",
                sw_output_last_error(s->outputs[i]));
        }
    if (s->args.print_alerts && is_alert)
        print_alert_line(rec);
}

static void on_stats(json_t *suricata, json_t *seawall, void *user)
{
    sensor *s = user;
    json_t *capture = json_object();
    json_object_set_new(capture, "kernel_packets",
                        json_integer((json_int_t)s->capture.kernel_packets));
    json_object_set_new(capture, "kernel_drops", json_integer((json_int_t)s->capture.kernel_drops));
    json_object_set_new(suricata, "capture", capture);
    json_object_set_new(seawall, "capture.packets", json_integer((json_int_t)s->capture.packets));
    json_object_set_new(seawall, "capture.files_read",
                        json_integer((json_int_t)s->capture.files_read));
    json_object_set_new(seawall, "capture.files_failed",
                        json_integer((json_int_t)s->capture.files_failed));
    sw_output_stats total = {0};
    for (size_t i = 0; i < s->n_outputs; i++) {
        sw_output_stats one;
        sw_output_get_stats(s->outputs[i], &one);
        total.records += one.records;
        total.bytes += one.bytes;
        total.write_errors += one.write_errors;
        total.dropped += one.dropped;
        total.reopens += one.reopens;
    }
    sw_output_stats_to_json(&total, seawall);
    sw_geo_stats_to_json(sw_geo_get_stats(s->geo), seawall);
}

static void flush_outputs(sensor *s)
{
    for (size_t i = 0; i < s->n_outputs; i++)
        sw_output_flush(s->outputs[i]);
}

/* Buffered records must not wait behind a busy but alert-poor link: on a live interface they are
 * written at least once a second. Checking the clock every 1024 packets keeps it off the hot path.
 */
static void flush_if_due(sensor *s)
{
    if (!s->args.iface || (++s->packets_since_check & 1023) != 0)
        return;
    time_t now = time(NULL);
    if (now != s->last_flush) {
        s->last_flush = now;
        flush_outputs(s);
    }
}

static void on_packet(sw_packet *p, void *user)
{
    sensor *s = user;
    sw_pipeline_packet(s->pipeline, p);
    state_save_if_due(s, p->ts.sec);
    flush_if_due(s);
}

static void on_idle(sw_time now, void *user)
{
    sensor *s = user;
    sw_pipeline_tick(s->pipeline, now);
    state_save_if_due(s, now.sec);
    flush_outputs(s);
}

static int on_poll(void *user)
{
    sensor *s = user;
    if (reopen_requested) {
        reopen_requested = 0;
        sw_error gerr = {0};
        if (sw_geo_reload(s->geo, &gerr) != SW_OK)
            report_error("geo reload (keeping the previous databases)", &gerr, 1);
        for (size_t i = 0; i < s->n_outputs; i++) {
            sw_error err = {0};
            if (sw_output_reopen(s->outputs[i], &err) != SW_OK)
                report_error("output reopen (keeping the old file)", &err, 1);
            else
                s->output_failing[i] = 0;
        }
    }
    return stop_requested != 0;
}

static void on_capture_problem(const char *message, void *user)
{
    (void)user;
    say("error", "%s", message);
}

static void install_signals(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGHUP, &sa, NULL);
}

static int run_capture(sensor *s)
{
    sw_capture_options opt = {s->cfg.snaplen, s->cfg.promisc, s->cfg.bpf, on_packet,
                              on_idle,        on_poll,        s};
    if (s->args.iface) {
        sw_error err = {0};
        if (sw_capture_live(s->args.iface, &opt, &s->capture, &err) != SW_OK)
            return report_error("capture", &err, 1);
        return 0;
    }
    char **files = NULL;
    size_t n = 0;
    sw_error err = {0};
    if (sw_capture_expand(s->args.reads, s->args.n_reads, &files, &n, &err) != SW_OK)
        return report_error("capture", &err, 1);
    if (n == 0)
        say("warning", "no capture files found under the given paths");
    sw_status st = sw_capture_files(files, n, &opt, on_capture_problem, &s->capture);
    sw_capture_free_list(files, n);
    return st == SW_OK ? 0 : 1;
}

static void release(sensor *s)
{
    sw_pipeline_free(s->pipeline);
    for (size_t i = 0; i < s->n_outputs; i++)
        sw_output_free(s->outputs[i]);
    sw_geo_free(s->geo);
    sw_engine_config_free(s->ecfg);
    sw_catalog_free(s->catalog);
    sw_conf_free(s->conf);
}

static void summarize(const sensor *s)
{
    const sw_pipeline_stats *ps = sw_pipeline_get_stats(s->pipeline);
    const sw_decode_stats *ds = sw_pipeline_decode_stats(s->pipeline);
    const sw_flow_stats *fs = sw_pipeline_flow_stats(s->pipeline);
    say("info", "%llu packets (%llu decode problems), %llu flows, %llu alerts",
        (unsigned long long)s->capture.packets, (unsigned long long)ds->invalid,
        (unsigned long long)fs->total, (unsigned long long)ps->alerts);
}

int main(int argc, char **argv)
{
    static sensor s;
    sw_sensor_config overrides;
    int snaplen_set = 0, nopromisc = 0;
    sw_sensor_config_defaults(&s.cfg);
    sw_geo_config_defaults(&s.geo_cfg);
    overrides = s.cfg;
    int rc = parse_args(argc, argv, &s.args, &overrides, &snaplen_set, &nopromisc);
    if (rc == 0)
        rc = load_configuration(&s);
    if (rc != 0) {
        release(&s);
        return rc;
    }
    /* The command line wins over the file. */
    if (s.args.log_dir)
        snprintf(s.cfg.log_dir, sizeof(s.cfg.log_dir), "%s", s.args.log_dir);
    if (snaplen_set)
        s.cfg.snaplen = overrides.snaplen;
    if (nopromisc)
        s.cfg.promisc = 0;
    if (s.args.bpf[0])
        snprintf(s.cfg.bpf, sizeof(s.cfg.bpf), "%s", s.args.bpf);
    rc = open_geo(&s);
    if (rc != 0) {
        release(&s);
        return rc;
    }
    if (s.args.test_only) {
        printf("Configuration provided was successfully loaded. Exiting.\n");
        release(&s);
        return 0;
    }
    sw_error err = {0};
    rc = open_outputs(&s);
    if (rc == 0) {
        s.pipeline = sw_pipeline_new(s.catalog, s.ecfg, &s.cfg, on_record, on_stats, &s, &err);
        if (!s.pipeline)
            rc = report_error("startup", &err, 1);
    }
    if (rc == 0) {
        install_signals();
        state_load(&s);
        rc = run_capture(&s);
        sw_pipeline_finish(s.pipeline);
        state_save(&s);
        summarize(&s);
        fflush(stdout);
    }
    release(&s);
    return rc;
}

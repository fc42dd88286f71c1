/* seawall: the standalone sensor. Command line follows Suricata's where they overlap. */
#include "capture.h"
#include "catalog.h"
#include "correlator.h"
#include "daemon.h"
#include "engine.h"
#include "eve-write.h"
#include "geo.h"
#include "ioc-load.h"
#include "output.h"
#include "pipeline.h"
#include "privs.h"
#include "sd-notify.h"
#include "reload.h"
#include "sensor-config.h"
#include "sensor-rules.h"
#include "state-file.h"
#include "workers-live.h"
#include "workers.h"

#include <errno.h>
#include <getopt.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <syslog.h>
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
    int daemon;
    const char *pidfile;
    const char *user, *group;
    unsigned workers; /* 0: from the config file */
    const char *rule_files[SW_SENSOR_MAX_RULE_FILES];
    size_t n_rule_files;
} sensor_args;

typedef struct sensor sensor;

/* What a pipeline's callbacks get: the sensor and which worker is calling. */
typedef struct worker_ctx {
    sensor *s;
    unsigned index;
} worker_ctx;

struct sensor {
    sensor_args args;
    sw_sensor_config cfg;
    const char *catalog_path;
    const char *config_path;   /* NULL: running on defaults */
    sw_detection_set *set;     /* the detection configuration in use */
    sw_detection_set *retired; /* replaced by a reload; freed once every worker switched */
    _Atomic int sync_failed;   /* a worker kept the old engine at the last reload */
    sw_output *outputs[SW_SENSOR_MAX_OUTPUTS];
    int output_failing[SW_SENSOR_MAX_OUTPUTS];
    size_t n_outputs;
    /* Worker threads call on_record concurrently: outputs, geo and the stats merge are used
     * under this lock, one whole record at a time (records are never interleaved). */
    pthread_mutex_t out_lock;
    sw_jbuf alert_text; /* the alert being written, under out_lock */
    unsigned n_pipelines;
    sw_pipeline *pipelines[SW_WORKERS_MAX];
    worker_ctx ctx[SW_WORKERS_MAX];
    json_t *last_stats[SW_WORKERS_MAX]; /* latest stats record of each worker */
    sw_workers *workers;                /* NULL with one pipeline: no threads at all */
    sw_correlator *corr;                /* with workers: cross-flow detections, hygiene */
    sw_correlator_stats corr_stats;     /* its counters, copied under out_lock for stats */
    /* PACKET_FANOUT instead of the dispatcher: one capture handle per worker thread. */
    sw_live_workers *live;
    sw_capture_handle *handles[SW_WORKERS_MAX];
    unsigned n_handles;
    int finishing;
    /* Worker 0 wrote a periodic stats record: the dispatcher writes the merged one, since it
     * adds the capture counters only the dispatcher thread may read. */
    _Atomic int merged_stats_due;
    sw_geo_config geo_cfg;
    sw_geo *geo;
    sw_capture_stats capture;
    uint64_t packets_since_check;
    time_t last_flush;
    sw_state_file_config state; /* baseline persistence (state-file.h) */
    int privs_dropped;
    int failed; /* a failure after the start (the privilege drop): exit status 1 */
    int daemonized;
    int pidfile_written;
};

static volatile sig_atomic_t stop_requested;
static volatile sig_atomic_t reopen_requested;

static void on_signal(int sig)
{
    if (sig == SIGHUP)
        reopen_requested = 1;
    else
        stop_requested = 1;
}

/* Set once the process has detached: messages then go to syslog (daemon facility). */
static int log_to_syslog;
/* -1 until known: whether stderr is the journal, whose lines take a "<N>" priority prefix. */
static int stderr_is_journal = -1;

static int level_priority(const char *level)
{
    return strcmp(level, "error") == 0     ? LOG_ERR
           : strcmp(level, "warning") == 0 ? LOG_WARNING
                                           : LOG_INFO;
}

static void say(const char *level, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    if (log_to_syslog) {
        char text[1600];
        vsnprintf(text, sizeof(text), fmt, ap);
        syslog(level_priority(level), "%s: %s", level, text);
    } else {
        if (stderr_is_journal < 0)
            stderr_is_journal = sw_sd_stderr_is_journal();
        if (stderr_is_journal) /* the journal's priority prefix is the syslog number */
            fprintf(stderr, "<%d>", level_priority(level));
        fprintf(stderr, "seawall: %s: ", level);
        vfprintf(stderr, fmt, ap);
        fputc('\n', stderr);
    }
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
            "  -S FILE            content rules file (Suricata syntax, docs/rules.md); repeatable\n"
            "  -T                 test the configuration and exit\n"
            "  -v                 more messages (repeat for more)\n"
            "      --catalog FILE detection catalog (default: the installed catalog.yaml)\n"
            "      --snaplen N    bytes captured per packet on an interface (default 262144)\n"
            "      --no-promisc   do not put the interface in promiscuous mode\n"
            "      --print-alerts print one line per alert on standard output\n"
            "  -D                 run as a daemon (detach after the configuration is valid)\n"
            "      --pidfile PATH write the process id there; refuse to start if it is live\n"
            "      --user USER    switch to USER once capture and outputs are open\n"
            "      --group GROUP  with --user: the group (default: the user's)\n"
            "      --workers N    processing threads, 1-64 (default: config `workers`, 1); on an\n"
            "                     interface each captures on its own handle (capture.fanout)\n"
            "  -h, --help         this text\n"
            "  -V, --version      version\n"
            "\n"
            "Exit status: 0 success, 1 runtime error (unreadable capture, write failure,\n"
            "live pid file), 2 usage or configuration error.\n"
            "Signals: SIGHUP reloads networks, detections, thresholds, rules and geo databases\n"
            "(a bad new configuration is reported and the old one kept) and reopens the\n"
            "output files; SIGINT/SIGTERM stop after flushing every flow.\n");
}

static int parse_args(int argc, char **argv, sensor_args *a, sw_sensor_config *overrides,
                      int *snaplen_set, int *nopromisc)
{
    enum {
        OPT_CATALOG = 256,
        OPT_SNAPLEN,
        OPT_NOPROMISC,
        OPT_PRINT,
        OPT_PIDFILE,
        OPT_USER,
        OPT_GROUP,
        OPT_WORKERS
    };
    static const struct option longopts[] = {{"help", no_argument, NULL, 'h'},
                                             {"version", no_argument, NULL, 'V'},
                                             {"catalog", required_argument, NULL, OPT_CATALOG},
                                             {"snaplen", required_argument, NULL, OPT_SNAPLEN},
                                             {"no-promisc", no_argument, NULL, OPT_NOPROMISC},
                                             {"print-alerts", no_argument, NULL, OPT_PRINT},
                                             {"pidfile", required_argument, NULL, OPT_PIDFILE},
                                             {"user", required_argument, NULL, OPT_USER},
                                             {"group", required_argument, NULL, OPT_GROUP},
                                             {"workers", required_argument, NULL, OPT_WORKERS},
                                             {NULL, 0, NULL, 0}};
    static const char *reads[64];
    int c;
    a->reads = reads;
    while ((c = getopt_long(argc, argv, "r:i:c:l:S:TDvhV", longopts, NULL)) != -1) {
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
            if (a->n_rule_files == SW_SENSOR_MAX_RULE_FILES) {
                say("error", "-S given more than %d times", SW_SENSOR_MAX_RULE_FILES);
                return 2;
            }
            a->rule_files[a->n_rule_files++] = optarg;
            break;
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
        case 'D':
            a->daemon = 1;
            break;
        case OPT_PIDFILE:
            a->pidfile = optarg;
            break;
        case OPT_USER:
            a->user = optarg;
            break;
        case OPT_GROUP:
            a->group = optarg;
            break;
        case OPT_WORKERS: {
            char *end = NULL;
            unsigned long v = strtoul(optarg, &end, 10);
            if (*end || v < 1 || v > SW_WORKERS_MAX) {
                say("error", "--workers %s: expected a number from 1 to %d", optarg,
                    SW_WORKERS_MAX);
                return 2;
            }
            a->workers = (unsigned)v;
            break;
        }
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
    if (a->group && !a->user) {
        say("error", "--group needs --user");
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

static void on_rule_warning(const sw_error *w, void *user)
{
    (void)user;
    char text[1200];
    sw_error_format(w, text, sizeof(text));
    say("warning", "rules: %s", text);
}

/* Start and SIGHUP build a detection set the same way: catalog, configuration, thresholds, then
 * the content rules of `rules:` and -S. On error *stage names the step and *out is NULL. */
static sw_status load_detection_set(sensor *s, sw_sensor_config *scfg, sw_geo_config *gcfg,
                                    sw_detection_set **out, const char **stage, sw_error *err)
{
    sw_status st =
        sw_detection_set_load(s->catalog_path, s->config_path, scfg, gcfg, out, stage, err);
    if (st != SW_OK)
        return st;
    *stage = "rules";
    st = sw_detection_set_load_rules(*out, s->args.rule_files, s->args.n_rule_files,
                                     on_rule_warning, s, err);
    if (st != SW_OK) {
        sw_detection_set_free(*out);
        *out = NULL;
        return st;
    }
    if (!(*out)->rules)
        return SW_OK;
    say("info", "rules: %zu loaded, %zu skipped (classification %s)",
        sw_ruleset_loaded((*out)->rules), sw_ruleset_skipped((*out)->rules),
        (*out)->rule_files.classification[0] ? (*out)->rule_files.classification : "none");
    char ids[256];
    size_t superseded = sw_rules_superseded((*out)->rules, (*out)->ecfg, ids, sizeof(ids));
    if (superseded)
        say("info",
            "rules: %zu superseded by the built-in detections of their ids (%s), which raise "
            "those ids themselves, with their allow-lists; matches are counted in "
            "detect.rules.superseded",
            superseded, ids);
    return SW_OK;
}

/* --- Baselines (state-file.c) and IOC lists (loaded with the detection set, reload.c) --- */

static void report_iocs(const sw_detection_set *set, int verbose, const char *when)
{
    if (set->ioc_first_problem[0])
        say("warning", "ioc%s: %zu malformed lines skipped, the first: %s", when,
            set->ioc.malformed, set->ioc_first_problem);
    if (set->ioc_shipped.missing)
        say("warning",
            "ioc%s: no `ioc:` key and no lists shipped beside the catalog (%s): IOC matching "
            "(ST-ACC-006, ST-C2-001) is off",
            when, set->ioc_shipped.dir);
    else if (set->ioc.files && verbose)
        say("info", "ioc%s: %zu indicators from %zu files%s%s", when, set->ioc.indicators,
            set->ioc.files, set->ioc_shipped.dir[0] ? ", the shipped lists in " : "",
            set->ioc_shipped.dir);
}

/* One state file whatever the worker count: the baselines live in the one engine that sees
 * every flow (the pipeline's, or the correlator's with workers). Before the correlator,
 * worker n > 0 kept `<state.file>.<n>` with what it alone had learned; such files are no
 * longer read (state.file holds worker 0's part, a subset) and the operator is told once. */
static void state_report_old_files(const sensor *s)
{
    char old[1100];
    snprintf(old, sizeof(old), "%s.1", s->state.path);
    if (access(old, F_OK) == 0)
        say("info",
            "state: %s and its siblings are per-worker baselines of an older version; they are "
            "no longer read (one state file now) and may be deleted",
            old);
}

/* Live fanout workers have no correlator: each engine runs every detection on its own share
 * of the traffic and keeps its own baselines, worker 0 in state.file, worker n in
 * `<state.file>.<n>`. */
static void state_path_of(const sensor *s, unsigned worker, char *out, size_t len)
{
    if (worker == 0)
        snprintf(out, len, "%s", s->state.path);
    else
        snprintf(out, len, "%s.%u", s->state.path, worker);
}

static void state_report(const char *path, sw_status st, const sw_error *err)
{
    if (st == SW_ERR_NOTFOUND) {
        say("info", "state: %s does not exist yet; baselines start learning", path);
    } else if (st != SW_OK) {
        char text[1200];
        sw_error_format(err, text, sizeof(text));
        say("warning", "state: %s (not trusted: baselines start learning)", text);
    }
}

/* Before the live fanout threads start: one state file per worker. */
static void state_load_live(sensor *s)
{
    for (unsigned i = 0; s->state.path[0] && i < s->n_pipelines; i++) {
        char path[1100];
        sw_error err = {0};
        state_path_of(s, i, path, sizeof(path));
        sw_pipeline_set_state_file(s->pipelines[i], path, s->state.save_interval);
        state_report(path, sw_pipeline_load_state(s->pipelines[i], &err), &err);
    }
}

static void state_load(sensor *s)
{
    const char *path = s->state.path;
    sw_error err = {0};
    if (!path[0])
        return;
    sw_status st;
    if (s->corr) {
        state_report_old_files(s);
        sw_correlator_set_state_file(s->corr, path, s->state.save_interval);
        st = sw_correlator_load_state(s->corr, &err);
    } else {
        sw_pipeline_set_state_file(s->pipelines[0], path, s->state.save_interval);
        st = sw_pipeline_load_state(s->pipelines[0], &err);
    }
    state_report(path, st, &err);
}

/* After the workers finished (no thread touches an engine any more). */
static void state_save_all(sensor *s)
{
    sw_error err = {0};
    if (!s->state.path[0])
        return;
    if (s->live) {
        for (unsigned i = 0; i < s->n_pipelines; i++)
            if (sw_pipeline_save_state(s->pipelines[i], &err) != SW_OK)
                report_error("state save", &err, 0);
        return;
    }
    sw_status st = s->corr ? sw_correlator_save_state(s->corr, &err)
                           : sw_pipeline_save_state(s->pipelines[0], &err);
    if (st != SW_OK)
        report_error("state save", &err, 0);
}

static int load_configuration(sensor *s)
{
    sw_error err = {0};
    s->catalog_path = find_catalog(s->args.catalog);
    s->config_path = s->args.config;
    if (!s->config_path && access(DEFAULT_CONFIG, R_OK) == 0)
        s->config_path = DEFAULT_CONFIG;
    const char *stage = NULL;
    if (load_detection_set(s, &s->cfg, &s->geo_cfg, &s->set, &stage, &err) != SW_OK)
        return report_error(stage, &err, 2);
    if (sw_state_file_config_apply(&s->state, s->set->conf, &err) != SW_OK)
        return report_error("configuration", &err, 2);
    report_iocs(s->set, s->args.verbose, "");
    if (!s->config_path)
        say("warning", "no configuration file (-c, or " DEFAULT_CONFIG "): running with defaults");
    if (sw_engine_config_is_blank(s->set->ecfg))
        say("warning", "no network sets configured (networks: infra, noc, aaa, ...): the "
                       "context-aware detections cannot fire until they are");
    if (s->args.verbose)
        say("info", "catalog %s: %zu detections; %zu threshold rules", s->catalog_path,
            sw_catalog_count(s->set->catalog), sw_hygiene_rules_count(s->set->hygiene));
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
        sw_output_options opt;
        sw_output_net_options net;
        sw_output_spec_options(spec, &opt, &net);
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
        if (sw_output_new_net(&opt, &net, &s->outputs[s->n_outputs], &err) != SW_OK)
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

/* Enriches and writes one record; the caller holds out_lock. */
/* A failed write is counted by the sink (eve.dropped) and its text kept; say it once per
 * change so a full disk is visible without flooding the terminal. */
static void note_write(sensor *s, size_t i, sw_status st)
{
    if (st != SW_OK && !s->output_failing[i]) {
        s->output_failing[i] = 1;
        say("error", "output: %s (records are being dropped and counted)",
            sw_output_last_error(s->outputs[i]));
    }
}

static void write_record(sensor *s, json_t *rec, int is_alert)
{
    if (is_alert)
        sw_geo_enrich(s->geo, rec);
    for (size_t i = 0; i < s->n_outputs; i++)
        note_write(s, i, sw_output_write(s->outputs[i], rec));
    if (s->args.print_alerts && is_alert)
        print_alert_line(rec);
}

static void add_sensor_stats(sensor *s, json_t *suricata, json_t *seawall)
{
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
    json_object_set_new(seawall, "workers", json_integer((json_int_t)s->n_pipelines));
    json_object_set_new(seawall, "capture.handles",
                        json_integer((json_int_t)(s->live ? s->n_handles : s->args.iface != NULL)));
    sw_output_stats total = {0};
    for (size_t i = 0; i < s->n_outputs; i++) {
        sw_output_stats one;
        sw_output_get_stats(s->outputs[i], &one);
        total.records += one.records;
        total.bytes += one.bytes;
        total.write_errors += one.write_errors;
        total.dropped += one.dropped;
        total.reopens += one.reopens;
        sw_output_sink_stats_to_json(s->outputs[i], seawall);
    }
    sw_output_stats_to_json(&total, seawall);
    sw_geo_stats_to_json(sw_geo_get_stats(s->geo), seawall);
}

/* Single pipeline: the pipeline asks for the sensor's counters in each stats record. */
static void on_stats(json_t *suricata, json_t *seawall, void *user)
{
    worker_ctx *wc = user;
    add_sensor_stats(wc->s, suricata, seawall);
}

/* The correlator's part of the merged stats record: it raised or passed on every alert (the
 * workers' engines count none) and alone applies hygiene, so its counters add to the workers'
 * zeros under the same names. */
static void add_correlator_stats(const sw_correlator_stats *cs, uint64_t forward_dropped,
                                 json_t *counters)
{
    const sw_hygiene_stats *hs = &cs->hygiene;
    const struct {
        const char *name;
        uint64_t value;
    } add[] = {{"detect.alerts", cs->engine.alerts},
               {"detect.state_dropped", cs->engine.state_dropped},
               {"detect.learning_clock_reset", cs->engine.learning_clock_reset},
               {"detect.hygiene.passed", hs->passed},
               {"detect.hygiene.suppressed", hs->suppressed},
               {"detect.hygiene.thresholded", hs->thresholded},
               {"detect.hygiene.rate_filtered", hs->rate_filtered},
               {"detect.hygiene.aggregated", hs->aggregated},
               {"detect.hygiene.aggregates_emitted", hs->aggregates_emitted},
               {"detect.hygiene.state_dropped", hs->state_dropped},
               {"detect.hygiene.held_dropped", hs->held_dropped},
               {"detect.rules.alerts", cs->rules.alerts},
               {"detect.rules.thresholded", cs->rules.thresholded},
               {"detect.correlator.records", cs->records},
               {"detect.forward_dropped", forward_dropped},
               {"eve.records_failed", cs->records_failed}};
    json_t *mine = json_object();
    for (size_t i = 0; mine && i < sizeof(add) / sizeof(add[0]); i++)
        json_object_set_new(mine, add[i].name, json_integer((json_int_t)add[i].value));
    sw_workers_stats_sum(counters, mine);
    json_decref(mine);
}

/* How the packets were spread: worker.<n>.packets from each worker's latest record. */
static void add_worker_packets(const sensor *s, json_t *counters)
{
    for (unsigned i = 0; i < s->n_pipelines; i++) {
        json_t *decoder = json_object_get(json_object_get(s->last_stats[i], "stats"), "decoder");
        char key[32];
        snprintf(key, sizeof(key), "worker.%u.packets", i);
        json_object_set_new(counters, key,
                            json_integer(json_integer_value(json_object_get(decoder, "pkts"))));
    }
}

/* Several workers: one stats record whose counters are the sum over every worker's latest
 * record, plus the correlator's and the sensor's own counters once. Caller holds out_lock. */
static void emit_merged_stats(sensor *s)
{
    json_t *merged = NULL;
    for (unsigned i = 0; i < s->n_pipelines; i++) {
        if (!s->last_stats[i])
            continue;
        if (!merged) {
            merged = json_deep_copy(s->last_stats[i]);
            continue;
        }
        sw_workers_stats_sum(json_object_get(merged, "stats"),
                             json_object_get(s->last_stats[i], "stats"));
        sw_workers_stats_sum(
            json_object_get(json_object_get(merged, SW_EVE_EXTENSION), "counters"),
            json_object_get(json_object_get(s->last_stats[i], SW_EVE_EXTENSION), "counters"));
    }
    if (!merged)
        return;
    json_t *stats = json_object_get(merged, "stats");
    json_t *counters = json_object_get(json_object_get(merged, SW_EVE_EXTENSION), "counters");
    if (counters && s->corr && s->workers)
        add_correlator_stats(&s->corr_stats, sw_workers_forward_dropped(s->workers), counters);
    if (stats && counters) {
        add_sensor_stats(s, stats, counters);
        add_worker_packets(s, counters);
    }
    write_record(s, merged, 0);
    json_decref(merged);
}

static void on_record(json_t *rec, void *user)
{
    worker_ctx *wc = user;
    sensor *s = wc->s;
    const char *type = json_string_value(json_object_get(rec, "event_type"));
    int is_alert = type && strcmp(type, "alert") == 0;
    pthread_mutex_lock(&s->out_lock);
    if ((s->workers || s->live) && type && strcmp(type, "stats") == 0) {
        json_decref(s->last_stats[wc->index]);
        s->last_stats[wc->index] = json_incref(rec);
        /* Worker 0 paces the periodic record; the final one is written after every worker
         * has finished. */
        if (wc->index == 0 && !s->finishing)
            atomic_store(&s->merged_stats_due, 1);
    } else {
        write_record(s, rec, is_alert);
    }
    pthread_mutex_unlock(&s->out_lock);
}

/* The correlator writes from the dispatcher thread while workers write flow records. */
static void on_correlator_record(json_t *rec, void *user)
{
    sensor *s = user;
    pthread_mutex_lock(&s->out_lock);
    write_record(s, rec, 1);
    sw_correlator_get_stats(s->corr, &s->corr_stats);
    pthread_mutex_unlock(&s->out_lock);
}

static void on_correlator_forward(const sw_observation *obs, sw_time ts, const sw_alert *alerts,
                                  const int *origins, size_t n, void *user)
{
    sensor *s = user;
    sw_correlator_record(obs, ts, alerts, origins, n, s->corr);
}

static void on_correlator_tick(sw_time now, void *user)
{
    sensor *s = user;
    sw_correlator_tick(now, s->corr);
    pthread_mutex_lock(&s->out_lock);
    sw_correlator_get_stats(s->corr, &s->corr_stats);
    pthread_mutex_unlock(&s->out_lock);
}

static json_t *describe_end(const sw_ip *ip, void *user)
{
    sensor *s = user;
    return sw_geo_describe(s->geo, ip);
}

/* Alerts from workers and the correlator: written as text with the geo/zone enrichment (the
 * same bytes as enriching the tree, core/eve-write.h). The caller holds out_lock, which geo's
 * cache needs too. */
static int write_alert(sensor *s, const sw_alert *alert)
{
    sw_jbuf *b = &s->alert_text;
    b->len = 0;
    int rc = sw_eve_alert_write(b, alert, &s->cfg.eve, describe_end, s);
    if (rc == 0) {
        for (size_t i = 0; i < s->n_outputs; i++)
            note_write(s, i, sw_output_write_text(s->outputs[i], b->data, b->len));
        if (s->args.print_alerts) {
            json_t *rec = json_loadb(b->data, b->len, 0, NULL);
            if (rec)
                print_alert_line(rec);
            json_decref(rec);
        }
    }
    return rc;
}

static int on_alert_record(const sw_alert *alert, void *user)
{
    sensor *s = ((worker_ctx *)user)->s;
    pthread_mutex_lock(&s->out_lock);
    int rc = write_alert(s, alert);
    pthread_mutex_unlock(&s->out_lock);
    return rc;
}

static int on_correlator_alert(const sw_alert *alert, void *user)
{
    sensor *s = user;
    pthread_mutex_lock(&s->out_lock);
    int rc = write_alert(s, alert);
    sw_correlator_get_stats(s->corr, &s->corr_stats);
    pthread_mutex_unlock(&s->out_lock);
    return rc;
}

/* Flow and anomaly records, already text: no enrichment, straight to every sink. */
static void on_record_text(const char *json, size_t len, void *user)
{
    worker_ctx *wc = user;
    sensor *s = wc->s;
    pthread_mutex_lock(&s->out_lock);
    for (size_t i = 0; i < s->n_outputs; i++)
        note_write(s, i, sw_output_write_text(s->outputs[i], json, len));
    pthread_mutex_unlock(&s->out_lock);
}

static void flush_outputs(sensor *s)
{
    pthread_mutex_lock(&s->out_lock);
    for (size_t i = 0; i < s->n_outputs; i++)
        sw_output_flush(s->outputs[i]);
    pthread_mutex_unlock(&s->out_lock);
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

/* Dispatcher thread: the merged stats record worker 0 asked for. */
static void emit_merged_stats_if_due(sensor *s)
{
    if (!atomic_load_explicit(&s->merged_stats_due, memory_order_relaxed) ||
        !atomic_exchange(&s->merged_stats_due, 0))
        return;
    pthread_mutex_lock(&s->out_lock);
    emit_merged_stats(s);
    pthread_mutex_unlock(&s->out_lock);
}

static void on_packet(sw_packet *p, void *user)
{
    sensor *s = user;
    if (s->workers) {
        sw_workers_packet(s->workers, p);
        emit_merged_stats_if_due(s);
    } else {
        sw_pipeline_packet(s->pipelines[0], p);
    }
    flush_if_due(s);
}

static void on_idle(sw_time now, void *user)
{
    sensor *s = user;
    if (s->workers) {
        sw_workers_tick(s->workers, now);
        sw_workers_drain(s->workers);
        emit_merged_stats_if_due(s);
    } else {
        sw_pipeline_tick(s->pipelines[0], now);
    }
    flush_outputs(s);
}

/* Runs in each worker's thread after a reload: the new set is already published in s->set. */
static void on_worker_sync(unsigned index, sw_pipeline *pl, void *user)
{
    sensor *s = user;
    sw_error err = {0};
    if (sw_pipeline_set_engine_rules(pl, s->set->catalog, s->set->ecfg, s->set->hygiene,
                                     s->set->rules, &err) != SW_OK) {
        atomic_store(&s->sync_failed, 1);
        pthread_mutex_lock(&s->out_lock);
        char text[1200];
        sw_error_format(&err, text, sizeof(text));
        say("error", "reload: worker %u keeps the previous configuration: %s", index, text);
        pthread_mutex_unlock(&s->out_lock);
    }
}

/* The old set may be freed only once no engine points into it: every worker switched, the
 * correlator got every record made before the switch (they point at the old catalog entries),
 * and the correlator switched too (its held aggregates may point there). Live fanout workers
 * have no correlator: their switch is enough. */
static void retire_if_done(sensor *s)
{
    if (!s->retired || atomic_load(&s->sync_failed) ||
        (s->live && !sw_live_workers_synced(s->live)) ||
        (s->workers && !sw_workers_synced_and_drained(s->workers)))
        return;
    if (s->corr) {
        sw_error err = {0};
        if (sw_correlator_set_engine(s->corr, s->set->catalog, s->set->ecfg, s->set->hygiene,
                                     s->set->rules, &err) != SW_OK) {
            report_error("reload: the correlator keeps the previous configuration for now", &err,
                         1);
            return; /* tried again at the next poll */
        }
        if (s->args.verbose)
            say("info", "reload: the correlator switched too; the previous configuration is "
                        "released");
    }
    sw_detection_set_free(s->retired);
    s->retired = NULL;
}

static void reload_detection(sensor *s)
{
    if (s->retired) {
        say("error", "reload: the previous reload is still being applied; try again");
        return;
    }
    sw_sensor_config scfg;
    sw_sensor_config_defaults(&scfg);
    sw_geo_config gcfg;
    sw_geo_config_defaults(&gcfg);
    sw_detection_set *next = NULL;
    const char *stage = NULL;
    sw_error err = {0};
    if (load_detection_set(s, &scfg, &gcfg, &next, &stage, &err) != SW_OK) {
        char text[1200];
        sw_error_format(&err, text, sizeof(text));
        say("error", "reload: %s: %s (keeping the previous configuration)", stage, text);
        return;
    }
    /* Rule files that now yield no rule at all (every rule skipped) are treated as broken. */
    if (next->rule_files.n_files && sw_ruleset_loaded(next->rules) == 0) {
        say("error",
            "reload: rules: no rule loaded; keeping the previous configuration (%zu "
            "rules)",
            sw_ruleset_loaded(s->set->rules));
        sw_detection_set_free(next);
        return;
    }
    report_iocs(next, s->args.verbose, " (reload)");
    if (!s->workers && !s->live) {
        if (sw_pipeline_set_engine_rules(s->pipelines[0], next->catalog, next->ecfg, next->hygiene,
                                         next->rules, &err) != SW_OK) {
            report_error("reload (keeping the previous configuration)", &err, 1);
            sw_detection_set_free(next);
            return;
        }
        sw_detection_set_free(s->set);
        s->set = next;
    } else {
        atomic_store(&s->sync_failed, 0);
        s->retired = s->set;
        s->set = next;
        if (s->live)
            sw_live_workers_sync(s->live);
        else
            sw_workers_sync(s->workers);
    }
    say("info", "reload: configuration %s applied (%zu threshold rules, %zu content rules)",
        s->config_path ? s->config_path : "(defaults)", sw_hygiene_rules_count(next->hygiene),
        sw_ruleset_loaded(next->rules));
}

static void reload_all(sensor *s)
{
    reload_detection(s);
    pthread_mutex_lock(&s->out_lock);
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
    pthread_mutex_unlock(&s->out_lock);
}

/* The capture handle is open when the capture loop first polls: the moment to drop root and
 * every capability, and to tell systemd (Type=notify) that the sensor is up. */
static int drop_privileges(sensor *s)
{
    s->privs_dropped = 1;
    sw_error err = {0};
    sw_status st =
        s->args.user ? sw_privs_drop(s->args.user, s->args.group, &err) : sw_privs_drop_caps(&err);
    if (st != SW_OK) {
        report_error("privilege drop", &err, 1);
        return 1;
    }
    if (s->args.verbose)
        say("info", "running as uid %ld, effective capabilities %#llx", (long)getuid(),
            sw_privs_effective());
    return 0;
}

static void notify_ready(const sensor *s)
{
    char state[600];
    if (s->args.iface)
        snprintf(state, sizeof(state), "READY=1\nSTATUS=capturing on %s", s->args.iface);
    else
        snprintf(state, sizeof(state), "READY=1\nSTATUS=reading capture files");
    if (sw_sd_notify(state) < 0)
        say("warning", "cannot notify systemd (NOTIFY_SOCKET): %s", strerror(errno));
}

static int on_poll(void *user)
{
    sensor *s = user;
    if (!s->privs_dropped) {
        if (drop_privileges(s) != 0) {
            s->failed = 1;
            stop_requested = 1;
        } else
            notify_ready(s);
    }
    if (s->workers)
        sw_workers_drain(s->workers); /* alerts keep flowing while the capture is quiet */
    retire_if_done(s);
    if (reopen_requested) {
        reopen_requested = 0;
        reload_all(s);
    }
    if (stop_requested)
        sw_sd_notify("STOPPING=1");
    return stop_requested != 0;
}

static void on_capture_problem(const char *message, void *user)
{
    (void)user;
    say("error", "%s", message);
}

static void on_capture_notice(const char *message, void *user)
{
    (void)user;
    say("warning", "%s", message);
}

static void install_signals(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_signal;
    /* Restart reads from files and pipes: a SIGHUP must not end a capture read from a FIFO. */
    sa.sa_flags = SA_RESTART;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGHUP, &sa, NULL);
}

/* Fanout: the capture threads run on their own; this thread applies reloads, flushes the
 * outputs and waits for a stop signal or a failed capture, then collects the threads. */
static int supervise_live(sensor *s)
{
    while (!stop_requested && sw_live_workers_running(s->live) == s->n_handles) {
        struct timespec tick = {0, 100 * 1000 * 1000};
        nanosleep(&tick, NULL);
        retire_if_done(s);
        if (reopen_requested) {
            reopen_requested = 0;
            reload_all(s);
        }
        emit_merged_stats_if_due(s); /* worker 0 paces it, as with the dispatcher */
        flush_outputs(s);
    }
    sw_sd_notify("STOPPING=1");
    pthread_mutex_lock(&s->out_lock);
    s->finishing = 1;
    pthread_mutex_unlock(&s->out_lock);
    sw_error err = {0};
    if (sw_live_workers_finish(s->live, &s->capture, &err) != SW_OK)
        return report_error("capture", &err, 1);
    return 0;
}

static int run_capture(sensor *s)
{
    sw_capture_options opt = {s->cfg.snaplen, s->cfg.promisc, s->cfg.bpf, on_packet,
                              on_idle,        on_poll,        s,          on_capture_notice};
    if (s->live)
        return supervise_live(s);
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

static void close_handles(sensor *s)
{
    for (unsigned i = 0; i < s->n_handles; i++)
        sw_capture_close_live(s->handles[i], &s->capture);
    s->n_handles = 0;
}

/* One capture handle per worker in one PACKET_FANOUT group. Returns 0 when they are ready, 1
 * when the interface cannot be captured at all (reported), -1 when fanout itself failed: that
 * is reported and the caller falls back to the software dispatcher. */
static int open_fanout(sensor *s)
{
    sw_capture_options opt = {s->cfg.snaplen, s->cfg.promisc, s->cfg.bpf, NULL,
                              NULL,           NULL,           s,          on_capture_notice};
    sw_error err = {0};
    unsigned group = 0;
    for (s->n_handles = 0; s->n_handles < s->n_pipelines; s->n_handles++) {
        /* Every handle is on the one interface: its link type is worth one warning, not N. */
        opt.notice = s->n_handles == 0 ? on_capture_notice : NULL;
        if (sw_capture_open_live(s->args.iface, &opt, &s->handles[s->n_handles], &err) != SW_OK) {
            close_handles(s);
            return report_error("capture", &err, 1);
        }
    }
    if (sw_fanout_join(s->handles, s->n_handles, s->cfg.fanout, s->args.iface, &group, &err) !=
        SW_OK) {
        char text[1200];
        sw_error_format(&err, text, sizeof(text));
        say("warning",
            "%s; falling back to one capture handle and the software dispatcher (set "
            "capture.fanout: none to choose that without this warning)",
            text);
        close_handles(s);
        s->capture = (sw_capture_stats){0};
        return -1;
    }
    /* Until every handle had joined, each one received every packet: drop those copies so
     * that no flow starts twice. */
    uint64_t dropped = 0;
    for (unsigned i = 0; i < s->n_handles; i++)
        dropped += sw_capture_drain(s->handles[i]);
    say("info",
        "capture: %u handles on %s in PACKET_FANOUT group %u (%s); %llu packets received "
        "while the group formed were discarded",
        s->n_handles, s->args.iface, group, sw_fanout_mode_name(s->cfg.fanout),
        (unsigned long long)dropped);
    return 0;
}

/* Fanout when it is asked for and works: every handle is open before root is dropped, and
 * the threads start without it. */
static int start_live_workers(sensor *s)
{
    int rc = open_fanout(s);
    if (rc != 0)
        return rc;
    state_load_live(s);
    if (drop_privileges(s) != 0)
        return 1;
    sw_error err = {0};
    s->live = sw_live_workers_new(s->pipelines, s->handles, s->n_handles, on_worker_sync, s, &err);
    if (!s->live)
        return report_error("startup", &err, 1);
    notify_ready(s); /* every handle is open: systemd's start may return */
    return 0;
}

/* One pipeline per worker; with one there are no threads at all (the classic loop). */
static int start_pipelines(sensor *s)
{
    sw_error err = {0};
    s->n_pipelines = s->args.workers ? s->args.workers : s->cfg.workers;
    if (s->n_pipelines < 1)
        s->n_pipelines = 1;
    for (unsigned i = 0; i < s->n_pipelines; i++) {
        s->ctx[i] = (worker_ctx){s, i};
        /* The engine is built once, with its thresholds and rules (content rules compile their
         * prefilter per engine: a second build would double the start time). */
        s->pipelines[i] = sw_pipeline_new_rules(
            s->set->catalog, s->set->ecfg, s->set->hygiene, s->set->rules, &s->cfg, on_record,
            s->n_pipelines == 1 ? on_stats : NULL, &s->ctx[i], &err);
        if (!s->pipelines[i])
            return report_error("startup", &err, 1);
        sw_pipeline_set_text_output(s->pipelines[i], on_record_text);
        sw_pipeline_set_alert_output(s->pipelines[i], on_alert_record);
    }
    if (s->n_pipelines > 1 && s->args.iface && s->cfg.fanout != SW_FANOUT_NONE) {
        int rc = start_live_workers(s);
        if (rc >= 0)
            return rc;
    }
    if (s->n_pipelines > 1) {
        s->corr = sw_correlator_new(s->set->catalog, s->set->ecfg, s->set->hygiene, s->set->rules,
                                    &s->cfg, on_correlator_record, s, &err);
        if (!s->corr)
            return report_error("startup: correlator", &err, 1);
        sw_correlator_set_alert_output(s->corr, on_correlator_alert);
    }
    state_load(s);
    if (s->n_pipelines > 1) {
        const sw_workers_correlator corr = {on_correlator_forward, on_correlator_tick, s};
        s->workers = sw_workers_new(s->pipelines, s->n_pipelines, on_worker_sync, s, &corr, &err);
        if (!s->workers)
            return report_error("startup", &err, 1);
    }
    return 0;
}

static void finish_pipelines(sensor *s)
{
    if (s->live) { /* the threads finished their pipelines in supervise_live */
        pthread_mutex_lock(&s->out_lock);
        emit_merged_stats(s);
        pthread_mutex_unlock(&s->out_lock);
        return;
    }
    if (!s->workers) {
        sw_pipeline_finish(s->pipelines[0]);
        return;
    }
    pthread_mutex_lock(&s->out_lock);
    s->finishing = 1;
    pthread_mutex_unlock(&s->out_lock);
    sw_workers_finish(s->workers); /* the correlator has been handed everything */
    sw_correlator_finish(s->corr);
    pthread_mutex_lock(&s->out_lock);
    sw_correlator_get_stats(s->corr, &s->corr_stats);
    emit_merged_stats(s);
    pthread_mutex_unlock(&s->out_lock);
}

static void release(sensor *s)
{
    sw_workers_free(s->workers);
    sw_correlator_free(s->corr);
    sw_live_workers_free(s->live);
    if (!s->live)
        close_handles(s);
    for (unsigned i = 0; i < s->n_pipelines; i++) {
        sw_pipeline_free(s->pipelines[i]);
        json_decref(s->last_stats[i]);
    }
    for (size_t i = 0; i < s->n_outputs; i++)
        sw_output_free(s->outputs[i]);
    sw_geo_free(s->geo);
    sw_jbuf_free(&s->alert_text);
    sw_detection_set_free(s->retired);
    sw_detection_set_free(s->set);
    if (s->pidfile_written)
        sw_pidfile_remove(s->args.pidfile, getpid());
}

static void summarize(const sensor *s)
{
    uint64_t invalid = 0, flows = 0, alerts = 0;
    for (unsigned i = 0; i < s->n_pipelines; i++) {
        invalid += sw_pipeline_decode_stats(s->pipelines[i])->invalid;
        flows += sw_pipeline_flow_stats(s->pipelines[i])->total;
        alerts += sw_pipeline_get_stats(s->pipelines[i])->alerts;
    }
    alerts += s->corr_stats.alerts;
    say("info", "%llu packets (%llu decode problems), %llu flows, %llu alerts",
        (unsigned long long)s->capture.packets, (unsigned long long)invalid,
        (unsigned long long)flows, (unsigned long long)alerts);
}

/* The last flush, then what each output lost over the run: records that were never written are
 * an error the exit status tells a script or systemd about, not only a counter in a stats
 * record that may itself have been lost. 1 when any output dropped records. */
static int report_lost_records(sensor *s)
{
    int lost = 0;
    for (size_t i = 0; i < s->n_outputs; i++) {
        (void)sw_output_flush(s->outputs[i]);
        sw_output_stats st;
        sw_output_get_stats(s->outputs[i], &st);
        if (st.dropped == 0)
            continue;
        const char *why = sw_output_last_error(s->outputs[i]);
        say("error", "output %zu: %llu records were not written (%s)", i + 1,
            (unsigned long long)st.dropped, why && *why ? why : "see eve.dropped");
        lost = 1;
    }
    return lost;
}

/* Pid file and detaching happen after the configuration is known to be valid, so errors
 * still reach the terminal. */
static int become_service(sensor *s)
{
    sw_error err = {0};
    if (s->args.pidfile && sw_pidfile_check(s->args.pidfile, &err) != SW_OK)
        return report_error("pid file", &err, 1);
    if (s->args.daemon) {
        if (sw_daemonize(&err) != SW_OK)
            return report_error("daemon", &err, 1);
        openlog("seawall", LOG_PID, LOG_DAEMON);
        log_to_syslog = 1;
        s->daemonized = 1;
    }
    if (s->args.pidfile) {
        if (sw_pidfile_write(s->args.pidfile, getpid(), &err) != SW_OK)
            return report_error("pid file", &err, 1);
        s->pidfile_written = 1;
    }
    return 0;
}

static void apply_overrides(sensor *s, const sw_sensor_config *overrides, int snaplen_set,
                            int nopromisc)
{
    /* The command line wins over the file. */
    if (s->args.log_dir)
        snprintf(s->cfg.log_dir, sizeof(s->cfg.log_dir), "%s", s->args.log_dir);
    if (snaplen_set)
        s->cfg.snaplen = overrides->snaplen;
    if (nopromisc)
        s->cfg.promisc = 0;
    if (s->args.bpf[0])
        snprintf(s->cfg.bpf, sizeof(s->cfg.bpf), "%s", s->args.bpf);
}

int main(int argc, char **argv)
{
    static sensor s;
    sw_sensor_config overrides;
    int snaplen_set = 0, nopromisc = 0;
    pthread_mutex_init(&s.out_lock, NULL);
    sw_jbuf_init(&s.alert_text, SW_OUTPUT_MAX_RECORD);
    sw_sensor_config_defaults(&s.cfg);
    sw_geo_config_defaults(&s.geo_cfg);
    overrides = s.cfg;
    int rc = parse_args(argc, argv, &s.args, &overrides, &snaplen_set, &nopromisc);
    if (rc == 0)
        rc = load_configuration(&s);
    if (rc == 0) {
        apply_overrides(&s, &overrides, snaplen_set, nopromisc);
        rc = open_geo(&s);
    }
    if (rc == 0 && s.args.user) {
        sw_error err = {0};
        if (sw_privs_check(s.args.user, s.args.group, &err) != SW_OK)
            rc = report_error("privilege drop", &err, 2);
    }
    if (rc == 0 && s.args.test_only) {
        printf("Configuration provided was successfully loaded. Exiting.\n");
        release(&s);
        return 0;
    }
    if (rc == 0)
        rc = become_service(&s);
    /* From here a SIGHUP (logrotate) or SIGTERM only sets a flag that the capture loop reads:
     * opening the capture handles can take a while, and the default action would kill us. */
    if (rc == 0)
        install_signals();
    if (rc == 0)
        rc = open_outputs(&s);
    if (rc == 0)
        rc = start_pipelines(&s);
    if (rc == 0) {
        rc = run_capture(&s);
        if (s.failed && rc == 0)
            rc = 1;
        finish_pipelines(&s);
        state_save_all(&s);
        summarize(&s);
        if (report_lost_records(&s) && rc == 0)
            rc = 1;
        fflush(stdout);
    }
    release(&s);
    return rc;
}

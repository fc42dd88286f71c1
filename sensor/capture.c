/* libpcap front: files and interfaces become sw_packet values with a running pcap_cnt. */
#include "capture.h"

#include <dirent.h>
#include <pcap/pcap.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

static int compare_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static sw_status push_path(char ***list, size_t *n, size_t *cap, const char *path)
{
    if (*n == *cap) {
        size_t ncap = *cap ? *cap * 2 : 16;
        char **grown = realloc(*list, ncap * sizeof(*grown));
        if (!grown)
            return SW_ERR_NOMEM;
        *list = grown;
        *cap = ncap;
    }
    char *copy = strdup(path);
    if (!copy)
        return SW_ERR_NOMEM;
    (*list)[(*n)++] = copy;
    return SW_OK;
}

static sw_status expand_dir(const char *dir, char ***list, size_t *n, size_t *cap, sw_error *err)
{
    DIR *d = opendir(dir);
    if (!d)
        return sw_error_set(err, SW_ERR_IO, dir, 0, NULL, "cannot read directory: %m");
    size_t first = *n;
    sw_status st = SW_OK;
    struct dirent *e;
    char path[4096];
    while (st == SW_OK && (e = readdir(d)) != NULL) {
        struct stat sb;
        if (e->d_name[0] == '.')
            continue;
        snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
        if (stat(path, &sb) == 0 && S_ISREG(sb.st_mode))
            st = push_path(list, n, cap, path);
    }
    closedir(d);
    if (st != SW_OK)
        return sw_error_set(err, st, dir, 0, NULL, "out of memory listing the directory");
    if (*n > first) /* qsort's array may not be NULL, even for no element */
        qsort(*list + first, *n - first, sizeof(char *), compare_names);
    return SW_OK;
}

sw_status sw_capture_expand(const char *const *paths, size_t n, char ***out, size_t *out_n,
                            sw_error *err)
{
    char **list = NULL;
    size_t count = 0, cap = 0;
    sw_status st = SW_OK;
    for (size_t i = 0; st == SW_OK && i < n; i++) {
        struct stat sb;
        if (stat(paths[i], &sb) != 0)
            st = sw_error_set(err, SW_ERR_IO, paths[i], 0, NULL, "cannot read: %m");
        else if (S_ISDIR(sb.st_mode))
            st = expand_dir(paths[i], &list, &count, &cap, err);
        else if ((st = push_path(&list, &count, &cap, paths[i])) != SW_OK)
            sw_error_set(err, st, paths[i], 0, NULL, "out of memory");
    }
    if (st != SW_OK) {
        sw_capture_free_list(list, count);
        return st;
    }
    *out = list;
    *out_n = count;
    return SW_OK;
}

void sw_capture_free_list(char **list, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(list[i]);
    free(list);
}

typedef struct loop_ctx {
    const sw_capture_options *opt;
    sw_capture_stats *stats;
    int linktype;
    pcap_t *handle;
    int from_file;
} loop_ctx;

/* A pcap file stores seconds as an unsigned 32-bit number (good until 2106), but libpcap 1.10
 * hands them over sign-extended, so a packet from 2038-01-19 on would arrive before 1970. */
static int64_t packet_seconds(const loop_ctx *ctx, const struct pcap_pkthdr *h)
{
    int64_t sec = h->ts.tv_sec;
    if (ctx->from_file && sec < 0 && sec >= INT32_MIN)
        sec += (int64_t)1 << 32;
    return sec;
}

static void deliver(u_char *user, const struct pcap_pkthdr *h, const u_char *bytes)
{
    loop_ctx *ctx = (loop_ctx *)user;
    sw_packet p; /* input fields only: the decoder sets every output field */
    p.ts.sec = packet_seconds(ctx, h);
    p.ts.usec = (int32_t)h->ts.tv_usec;
    p.pcap_cnt = ++ctx->stats->packets;
    p.linktype = ctx->linktype;
    p.data = bytes;
    p.caplen = h->caplen;
    p.wirelen = h->len;
    ctx->opt->on_packet(&p, ctx->opt->user);
    if (ctx->opt->poll && ctx->opt->poll(ctx->opt->user)) {
        ctx->stats->stopped = 1;
        pcap_breakloop(ctx->handle);
    }
}

static sw_status apply_bpf(pcap_t *h, const char *bpf, const char *what, sw_error *err)
{
    struct bpf_program prog;
    if (!bpf || !bpf[0])
        return SW_OK;
    if (pcap_compile(h, &prog, bpf, 1, PCAP_NETMASK_UNKNOWN) != 0)
        return sw_error_set(err, SW_ERR_INVALID, what, 0, "bpf", "invalid BPF filter '%s': %s", bpf,
                            pcap_geterr(h));
    int rc = pcap_setfilter(h, &prog);
    pcap_freecode(&prog);
    if (rc != 0)
        return sw_error_set(err, SW_ERR_INVALID, what, 0, "bpf", "cannot apply BPF filter: %s",
                            pcap_geterr(h));
    return SW_OK;
}

static void note_linktype(const sw_capture_options *opt, const char *what, pcap_t *h)
{
    int dlt = pcap_datalink(h);
    if (!opt->notice || sw_decode_linktype_supported(dlt))
        return;
    const char *name = pcap_datalink_val_to_name(dlt);
    char msg[1200];
    snprintf(msg, sizeof(msg),
             "%s: link type %d (%s) is not one Seawall decodes: its packets make no flows and "
             "each counts as a decoder.unsupported_linktype anomaly",
             what, dlt, name ? name : "unknown");
    opt->notice(msg, opt->user);
}

static void read_one_file(const char *file, const sw_capture_options *opt,
                          sw_capture_report_cb report, sw_capture_stats *stats)
{
    char errbuf[PCAP_ERRBUF_SIZE] = "";
    char msg[PCAP_ERRBUF_SIZE + 4400];
    sw_error err;
    pcap_t *h = pcap_open_offline(file, errbuf);
    if (!h) {
        stats->files_failed++;
        snprintf(msg, sizeof(msg), "%s: cannot open capture: %s", file, errbuf);
        report(msg, opt->user);
        return;
    }
    if (apply_bpf(h, opt->bpf, file, &err) != SW_OK) {
        stats->files_failed++;
        sw_error_format(&err, msg, sizeof(msg));
        report(msg, opt->user);
        pcap_close(h);
        return;
    }
    note_linktype(opt, file, h);
    loop_ctx ctx = {opt, stats, pcap_datalink(h), h, 1};
    uint64_t before = stats->packets;
    int rc = pcap_loop(h, -1, deliver, (u_char *)&ctx);
    if (rc == PCAP_ERROR) {
        /* A capture cut short (truncated file) still delivered what it had. */
        stats->files_failed++;
        snprintf(msg, sizeof(msg), "%s: read error after %llu packets: %s", file,
                 (unsigned long long)(stats->packets - before), pcap_geterr(h));
        report(msg, opt->user);
    } else {
        stats->files_read++;
    }
    pcap_close(h);
}

sw_status sw_capture_files(char *const *files, size_t n, const sw_capture_options *opt,
                           sw_capture_report_cb report, sw_capture_stats *stats)
{
    for (size_t i = 0; i < n && !stats->stopped; i++)
        read_one_file(files[i], opt, report, stats);
    return stats->files_failed ? SW_ERR_IO : SW_OK;
}

struct sw_capture_handle {
    pcap_t *pcap;
    char iface[64];
};

static sw_status activate(const char *iface, const sw_capture_options *opt, pcap_t **out,
                          sw_error *err)
{
    char errbuf[PCAP_ERRBUF_SIZE] = "";
    pcap_t *h = pcap_create(iface, errbuf);
    if (!h)
        return sw_error_set(err, SW_ERR_IO, iface, 0, NULL, "cannot open interface: %s", errbuf);
    pcap_set_snaplen(h, (int)opt->snaplen);
    pcap_set_promisc(h, opt->promisc);
    pcap_set_timeout(h, 100);
    /* An IDS wants each packet now, not when a TPACKET_V3 block fills: on a quiet link the
     * block could hold an alert's packets for the whole timeout or longer. */
    pcap_set_immediate_mode(h, 1);
    pcap_set_buffer_size(h, 64 << 20);
    int rc = pcap_activate(h);
    if (rc < 0) {
        sw_error_set(err, SW_ERR_IO, iface, 0, NULL, "cannot start capture: %s%s",
                     pcap_statustostr(rc),
                     rc == PCAP_ERROR_PERM_DENIED ? " (needs root or CAP_NET_RAW)" : "");
        pcap_close(h);
        return SW_ERR_IO;
    }
    sw_status st = apply_bpf(h, opt->bpf, iface, err);
    /* We wait in poll() ourselves and read without blocking after it: a blocking pcap_dispatch
     * retries on EINTR and can sleep through signals, and stop/reopen requests must be seen
     * within the 100 ms tick even on a silent link. */
    if (st == SW_OK && (pcap_get_selectable_fd(h) < 0 || pcap_setnonblock(h, 1, errbuf) != 0))
        st = sw_error_set(err, SW_ERR_IO, iface, 0, NULL,
                          "cannot wait on the capture handle (no selectable descriptor)");
    if (st != SW_OK) {
        pcap_close(h);
        return st;
    }
    note_linktype(opt, iface, h);
    *out = h;
    return SW_OK;
}

sw_status sw_capture_open_live(const char *iface, const sw_capture_options *opt,
                               sw_capture_handle **out, sw_error *err)
{
    sw_capture_handle *h = calloc(1, sizeof(*h));
    if (!h)
        return sw_error_set(err, SW_ERR_NOMEM, iface, 0, NULL, "out of memory");
    snprintf(h->iface, sizeof(h->iface), "%s", iface);
    sw_status st = activate(iface, opt, &h->pcap, err);
    if (st != SW_OK) {
        free(h);
        return st;
    }
    *out = h;
    return SW_OK;
}

int sw_capture_handle_fd(const sw_capture_handle *h)
{
    return pcap_fileno(h->pcap);
}

static void discard(u_char *user, const struct pcap_pkthdr *h, const u_char *bytes)
{
    (void)h;
    (void)bytes;
    ++*(uint64_t *)(void *)user;
}

uint64_t sw_capture_drain(sw_capture_handle *h)
{
    uint64_t n = 0;
    /* One bounded pass: on a busy link "until empty" might never come. */
    pcap_dispatch(h->pcap, 100000, discard, (u_char *)&n);
    return n;
}

static sw_time wall_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    sw_time t = {ts.tv_sec, (int32_t)(ts.tv_nsec / 1000)};
    return t;
}

sw_status sw_capture_run_live(sw_capture_handle *h, const sw_capture_options *opt,
                              sw_capture_stats *stats, sw_error *err)
{
    sw_status st = SW_OK;
    loop_ctx ctx = {opt, stats, pcap_datalink(h->pcap), h->pcap, 0};
    int fd = pcap_get_selectable_fd(h->pcap);
    while (!stats->stopped) {
        struct pollfd pfd = {fd, POLLIN, 0};
        int rc = poll(&pfd, 1, 100) > 0 ? pcap_dispatch(h->pcap, -1, deliver, (u_char *)&ctx) : 0;
        if (rc == PCAP_ERROR) {
            st = sw_error_set(err, SW_ERR_IO, h->iface, 0, NULL, "capture failed: %s",
                              pcap_geterr(h->pcap));
            break;
        }
        if (rc <= 0 && opt->on_idle)
            opt->on_idle(wall_now(), opt->user);
        if (opt->poll && opt->poll(opt->user))
            stats->stopped = 1;
    }
    return st;
}

void sw_capture_close_live(sw_capture_handle *h, sw_capture_stats *stats)
{
    if (!h)
        return;
    struct pcap_stat ps;
    if (pcap_stats(h->pcap, &ps) == 0) {
        stats->kernel_packets += ps.ps_recv;
        stats->kernel_drops += (uint64_t)ps.ps_drop + ps.ps_ifdrop;
    }
    pcap_close(h->pcap);
    free(h);
}

sw_status sw_capture_live(const char *iface, const sw_capture_options *opt, sw_capture_stats *stats,
                          sw_error *err)
{
    sw_capture_handle *h = NULL;
    sw_status st = sw_capture_open_live(iface, opt, &h, err);
    if (st != SW_OK)
        return st;
    st = sw_capture_run_live(h, opt, stats, err);
    sw_capture_close_live(h, stats);
    return st;
}

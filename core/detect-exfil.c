/* Exfiltration from infrastructure over cleartext file transfers: TFTP requests to servers
 * outside file_servers (ST-EXF-001), FTP STOR/RETR of capture or configuration files to them
 * (ST-EXF-002), capture files by their magic number (ST-EXF-003) and Cisco configurations by
 * their markers (ST-EXF-004), whatever the file is called. */
#include "detect-table.h"
#include "detect.h"
#include "util-cursor.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Case-insensitive: does text contain needle? Both are NUL-terminated parser copies. */
static int contains_nocase(const char *text, const char *needle)
{
    size_t n = strlen(needle);
    for (const char *p = text; *p; p++)
        if (strncasecmp(p, needle, n) == 0)
            return 1;
    return 0;
}

/* The catalog's ST-EXF-001 pattern, without a regex engine:
 *   (?i)(mycap|tac|\d+)\.pcap|running-config|startup-config|\.cfg|\.conf
 * Unanchored, so "(mycap|tac|\d+)\.pcap" holds exactly when some ".pcap" is preceded by
 * "mycap", "tac" or a digit (one digit suffices for \d+); the other branches are substrings. */
int sw_exfil_name_is_critical(const char *name)
{
    static const char *const parts[] = {"mycap.pcap",     "tac.pcap", "running-config",
                                        "startup-config", ".cfg",     ".conf"};
    for (size_t i = 0; i < sizeof(parts) / sizeof(parts[0]); i++)
        if (contains_nocase(name, parts[i]))
            return 1;
    for (size_t i = 0; name[i]; i++) /* never reads past the NUL, also for "" */
        if (i > 0 && strncasecmp(name + i, ".pcap", 5) == 0 && isdigit((unsigned char)name[i - 1]))
            return 1;
    return 0;
}

/* ST-EXF-002's names: any capture file (*.pcap, *.pcapng, and so tac/mycap/1.pcap) or a name
 * the ST-EXF-001 pattern calls a configuration. */
int sw_exfil_name_is_capture_or_config(const char *name)
{
    return contains_nocase(name, ".pcap") || sw_exfil_name_is_critical(name);
}

#define CHUNK     1024
#define TAIL_MAX  32 /* > longest marker - 1, so a marker split across two chunks is found */
#define MAGIC_LEN 4

/* Markers ET 2024481 and the catalog name: the banner IOS writes at the top of a saved config
 * and lines only a real config holds. The lines' secrets are never copied into the alert. */
static const char *const config_markers[] = {
    "NVRAM config last update", "! Last configuration change", "enable secret",
    "tacacs-server key",        "snmp-server community",
};

typedef struct transfer_scan {
    uint64_t scanned;
    size_t tail_len;
    uint8_t tail[TAIL_MAX];
} transfer_scan;

typedef struct exfil_state {
    sw_dtable
        *transfers; /* data flow id -> bytes scanned and the last bytes of the previous chunk */
    uint64_t scan_bytes;
} exfil_state;

static void *exfil_new(const sw_detect_ctx *ctx)
{
    exfil_state *s = calloc(1, sizeof(*s));
    if (!s)
        return NULL;
    s->scan_bytes = sw_detect_param(ctx, "ST-EXF-004", "scan-bytes");
    s->transfers =
        sw_dtable_new(sw_detect_param(ctx, "ST-EXF-004", "max-transfers"), sizeof(transfer_scan));
    if (!s->transfers) {
        free(s);
        return NULL;
    }
    return s;
}

static void exfil_free(void *state)
{
    exfil_state *s = state;
    sw_dtable_free(s->transfers);
    free(s);
}

/* The host the bytes come from and the one they go to. */
static void transfer_ends(const sw_obs_file *f, const sw_ip **sender, const sw_ip **receiver)
{
    *sender = f->upload ? &f->requester : &f->server;
    *receiver = f->upload ? &f->server : &f->requester;
}

static void raise_request(sw_detect_ctx *ctx, sw_detection det, const sw_observation *obs,
                          const sw_ip *requester, const sw_ip *server, const char *command,
                          const char *filename, sw_severity escalate)
{
    char a[SW_DETECT_TEXT_LEN], b[SW_DETECT_TEXT_LEN];
    const sw_evidence ev[] = {
        {"infra", sw_detect_ip_text(requester, a)},
        {"server", sw_detect_ip_text(server, b)},
        {"command", command},
        {"filename", filename},
    };
    sw_detect_alert(ctx, det, obs, escalate, ev, 4);
}

/* ST-EXF-001 (TFTP, any file; critical for the catalog's names) and ST-EXF-002 (FTP, capture
 * or config names only). The requester is the device; the server is who receives or serves. */
static void check_request(sw_detect_ctx *ctx, const sw_observation *obs)
{
    const sw_obs_file *f = &obs->u.file;
    if (!sw_detect_in(ctx, SW_NET_INFRA, &f->requester) ||
        sw_detect_in(ctx, SW_NET_FILE_SERVERS, &f->server))
        return;
    if (f->protocol == SW_APP_TFTP) {
        sw_severity esc = sw_exfil_name_is_critical(f->filename) ? SW_SEV_CRITICAL : 0;
        raise_request(ctx, SW_DET_EXF_001, obs, &f->requester, &f->server, f->command, f->filename,
                      esc);
    } else if (f->protocol == SW_APP_FTP && sw_exfil_name_is_capture_or_config(f->filename)) {
        raise_request(ctx, SW_DET_EXF_002, obs, &f->requester, &f->server, f->command, f->filename,
                      0);
    }
}

/* The same FTP check from the control command alone, for front ends that report the command
 * but not (yet) the transfer: the control flow's client is the requester. */
static void check_ftp_command(sw_detect_ctx *ctx, const sw_observation *obs)
{
    const sw_obs_ftp *c = &obs->u.ftp;
    if (strcmp(c->command, "STOR") != 0 && strcmp(c->command, "RETR") != 0 &&
        strcmp(c->command, "APPE") != 0 && strcmp(c->command, "STOU") != 0)
        return;
    if (!sw_detect_in(ctx, SW_NET_INFRA, &c->flow->src) ||
        sw_detect_in(ctx, SW_NET_FILE_SERVERS, &c->flow->dst) ||
        !sw_exfil_name_is_capture_or_config(c->argument))
        return;
    raise_request(ctx, SW_DET_EXF_002, obs, &c->flow->src, &c->flow->dst, c->command, c->argument,
                  0);
}

/* libpcap file header magic (tcpdump.org pcap file format / draft-ietf-opsawg-pcap section 4)
 * as the bytes appear on the wire, and the pcapng Section Header Block type (draft-ietf-opsawg-
 * pcapng section 4.1), which is byte-order independent. */
static const struct {
    uint8_t magic[MAGIC_LEN];
    const char *format;
} capture_magics[] = {
    {{0xd4, 0xc3, 0xb2, 0xa1}, "pcap"},    {{0xa1, 0xb2, 0xc3, 0xd4}, "pcap"},
    {{0x4d, 0x3c, 0xb2, 0xa1}, "pcap-ns"}, {{0xa1, 0xb2, 0x3c, 0x4d}, "pcap-ns"},
    {{0x0a, 0x0d, 0x0d, 0x0a}, "pcapng"},
};

static void check_magic(sw_detect_ctx *ctx, const sw_observation *obs, const sw_ip *sender,
                        const sw_ip *receiver)
{
    const sw_obs_file *f = &obs->u.file;
    sw_cursor cur = sw_cur_init(f->data.data, f->data.len);
    uint8_t head[MAGIC_LEN];
    if (f->offset != 0 || !sw_cur_bytes(&cur, head, MAGIC_LEN))
        return;
    for (size_t i = 0; i < sizeof(capture_magics) / sizeof(capture_magics[0]); i++) {
        if (memcmp(head, capture_magics[i].magic, MAGIC_LEN) != 0)
            continue;
        char a[SW_DETECT_TEXT_LEN], b[SW_DETECT_TEXT_LEN], hex[2 * MAGIC_LEN + 1];
        static const char digits[] = "0123456789abcdef";
        for (int k = 0; k < MAGIC_LEN; k++) {
            hex[2 * k] = digits[head[k] >> 4];
            hex[2 * k + 1] = digits[head[k] & 0xf];
        }
        hex[2 * MAGIC_LEN] = '\0';
        const sw_evidence ev[] = {
            {"infra", sw_detect_ip_text(sender, a)},
            {"receiver", sw_detect_ip_text(receiver, b)},
            {"magic", hex},
            {"format", capture_magics[i].format},
            {"filename", f->filename},
            {"protocol", sw_app_proto_name(f->protocol)},
        };
        sw_detect_alert(ctx, SW_DET_EXF_003, obs, 0, ev, 6);
        return;
    }
}

/* First marker found in buf[0..len), or NULL. buf is a local copy, never packet memory. */
static const char *find_marker(const uint8_t *buf, size_t len)
{
    for (size_t m = 0; m < sizeof(config_markers) / sizeof(config_markers[0]); m++) {
        size_t n = strlen(config_markers[m]);
        for (size_t i = 0; i + n <= len; i++)
            if (buf[i] == (uint8_t)config_markers[m][0] &&
                memcmp(buf + i, config_markers[m], n) == 0)
                return config_markers[m];
    }
    return NULL;
}

/* Scans the chunk after the previous chunk's tail, up to scan_bytes per transfer. */
static const char *scan_config(exfil_state *s, transfer_scan *t, sw_bytes data)
{
    sw_cursor cur = sw_cur_init(data.data, data.len);
    uint8_t buf[TAIL_MAX + CHUNK];
    while (sw_cur_left(&cur) > 0 && t->scanned < s->scan_bytes) {
        size_t n = sw_cur_left(&cur) < CHUNK ? sw_cur_left(&cur) : CHUNK;
        if (n > s->scan_bytes - t->scanned)
            n = (size_t)(s->scan_bytes - t->scanned);
        memcpy(buf, t->tail, t->tail_len);
        if (!sw_cur_bytes(&cur, buf + t->tail_len, n))
            return NULL;
        size_t len = t->tail_len + n;
        t->scanned += n;
        const char *marker = find_marker(buf, len);
        if (marker)
            return marker;
        t->tail_len = len < TAIL_MAX ? len : TAIL_MAX;
        memcpy(t->tail, buf + len - t->tail_len, t->tail_len);
    }
    return NULL;
}

static void check_config(sw_detect_ctx *ctx, const sw_observation *obs, const sw_ip *sender,
                         const sw_ip *receiver)
{
    const sw_obs_file *f = &obs->u.file;
    if (sw_detect_in(ctx, SW_NET_FILE_SERVERS, receiver))
        return;
    exfil_state *s = sw_detect_state(ctx, &sw_detector_exfil);
    transfer_scan local;
    memset(&local, 0, sizeof(local));
    transfer_scan *t = &local;
    uint64_t flow_id = f->flow->flow_id;
    if (flow_id != 0) {
        int evicted = 0;
        t = sw_dtable_upsert(s->transfers, flow_id, obs->ts, &evicted);
        if (evicted)
            sw_detect_count_dropped(ctx);
    }
    const char *marker = scan_config(s, t, f->data);
    if (!marker)
        return;
    t->scanned = s->scan_bytes; /* found: the rest of this transfer need not be searched */
    char a[SW_DETECT_TEXT_LEN], b[SW_DETECT_TEXT_LEN];
    const sw_evidence ev[] = {
        {"infra", sw_detect_ip_text(sender, a)},
        {"receiver", sw_detect_ip_text(receiver, b)},
        {"marker", marker},
        {"filename", f->filename},
        {"protocol", sw_app_proto_name(f->protocol)},
    };
    sw_detect_alert(ctx, SW_DET_EXF_004, obs, 0, ev, 5);
}

static void observe_exfil(sw_detect_ctx *ctx, const sw_observation *obs)
{
    if (obs->type == SW_OBS_FILE_REQUEST) {
        check_request(ctx, obs);
    } else if (obs->type == SW_OBS_FTP_COMMAND) {
        check_ftp_command(ctx, obs);
    } else if (obs->type == SW_OBS_FILE_DATA) {
        const sw_ip *sender, *receiver;
        transfer_ends(&obs->u.file, &sender, &receiver);
        if (!sw_detect_in(ctx, SW_NET_INFRA, sender))
            return;
        if (sw_detect_enabled(ctx, SW_DET_EXF_003))
            check_magic(ctx, obs, sender, receiver);
        if (sw_detect_enabled(ctx, SW_DET_EXF_004))
            check_config(ctx, obs, sender, receiver);
    } else if (obs->type == SW_OBS_FLOW_END && obs->u.flow.flow_id != 0) {
        exfil_state *s = sw_detect_state(ctx, &sw_detector_exfil);
        sw_dtable_remove(s->transfers, obs->u.flow.flow_id); /* the transfer is over */
    }
}

const sw_detector sw_detector_exfil = {
    .name = "exfil",
    .ids = {SW_DET_EXF_001, SW_DET_EXF_002, SW_DET_EXF_003, SW_DET_EXF_004},
    .n_ids = 4,
    .observe = observe_exfil,
    .obs_mask = SW_OBS_BIT(SW_OBS_FILE_REQUEST) | SW_OBS_BIT(SW_OBS_FILE_DATA) |
                SW_OBS_BIT(SW_OBS_FTP_COMMAND) | SW_OBS_BIT(SW_OBS_FLOW_END),
    .state_new = exfil_new,
    .state_free = exfil_free,
};

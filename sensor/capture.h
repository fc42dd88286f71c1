/* Packet sources: pcap/pcapng files (one, several, or a directory read in name order) and live
 * interfaces through libpcap. Each packet reaches a callback as an undecoded sw_packet. */
#ifndef SEAWALL_SENSOR_CAPTURE_H
#define SEAWALL_SENSOR_CAPTURE_H

#include <signal.h>

#include "decode.h"

typedef void (*sw_capture_packet_cb)(sw_packet *p, void *user);
/* Called about every 100 ms of wall time on a live interface, with the estimated packet time. */
typedef void (*sw_capture_idle_cb)(sw_time now, void *user);
/* Called between packets when the owner asked for it (signal flags); returns nonzero to stop. */
typedef int (*sw_capture_poll_cb)(void *user);

typedef struct sw_capture_options {
    uint32_t snaplen;
    int promisc;
    const char *bpf; /* NULL or "" for none */
    sw_capture_packet_cb on_packet;
    sw_capture_idle_cb on_idle;
    sw_capture_poll_cb poll;
    void *user;
    /* Told, once per file or interface, of a link type the decoder does not know (every packet
     * would only be an anomaly). NULL: not told. */
    void (*notice)(const char *message, void *user);
} sw_capture_options;

typedef struct sw_capture_stats {
    uint64_t packets; /* delivered to on_packet */
    uint64_t files_read;
    uint64_t files_failed;   /* could not be opened or ended with a read error */
    uint64_t kernel_packets; /* live: as reported by pcap_stats */
    uint64_t kernel_drops;   /* live: ps_drop + ps_ifdrop */
    int stopped;             /* poll asked to stop */
} sw_capture_stats;

/* Expands each path (a file, or a directory whose regular, non-hidden files are read in name
 * order) into a list. Caller frees with sw_capture_free_list. SW_ERR_IO names the path. */
sw_status sw_capture_expand(const char *const *paths, size_t n, char ***out, size_t *out_n,
                            sw_error *err);
void sw_capture_free_list(char **list, size_t n);

/* Reads the files in order. A file that cannot be read is reported through `report` (one line,
 * with the file name and libpcap's reason) and counted; the others are still read. */
typedef void (*sw_capture_report_cb)(const char *message, void *user);
sw_status sw_capture_files(char *const *files, size_t n, const sw_capture_options *opt,
                           sw_capture_report_cb report, sw_capture_stats *stats);

/* Captures on a live interface until poll asks to stop. Errors (no such device, no permission,
 * bad BPF) fill err with libpcap's text. */
sw_status sw_capture_live(const char *iface, const sw_capture_options *opt, sw_capture_stats *stats,
                          sw_error *err);

/* The same in steps, for several handles on one interface (capture-fanout.h): open (activated,
 * BPF applied), run until poll asks to stop, close (the handle's kernel counters are added to
 * stats). A handle is used by one thread at a time. */
typedef struct sw_capture_handle sw_capture_handle;
sw_status sw_capture_open_live(const char *iface, const sw_capture_options *opt,
                               sw_capture_handle **out, sw_error *err);
int sw_capture_handle_fd(const sw_capture_handle *h); /* the packet socket */
/* Reads and discards what is queued now (at most 100000 packets); returns how many. */
uint64_t sw_capture_drain(sw_capture_handle *h);
sw_status sw_capture_run_live(sw_capture_handle *h, const sw_capture_options *opt,
                              sw_capture_stats *stats, sw_error *err);
void sw_capture_close_live(sw_capture_handle *h, sw_capture_stats *stats); /* NULL: no-op */

#endif

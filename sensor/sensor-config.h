/* The sensor's own configuration sections (capture, defrag, flow, eve, outputs) read from the
 * same YAML file as the engine's networks and detections, with defaults for everything. */
#ifndef SEAWALL_SENSOR_CONFIG_H
#define SEAWALL_SENSOR_CONFIG_H

#include "capture-fanout.h"
#include "conf.h"
#include "decode.h"
#include "eve.h"
#include "flow.h"
#include "output.h"
#include "stream-tcp.h"

#define SW_SENSOR_MAX_OUTPUTS 8

/* One `outputs:` entry: `- type: file|stdout`, `path:` (file; relative paths are under the log
 * directory), `buffer-size:` (bytes held before one write; 0 = write each record at once). */
typedef struct sw_output_spec {
    sw_output_kind kind;
    char path[1024];
    size_t buffer_size;
    /* Network sinks (docs/outputs.md): `address`, `port`, `protocol` udp|tcp|local, `facility`,
     * `mode` list|channel|stream, `key`, `topic`, `brokers`, `key-by` flow|sensor, `queue-size`,
     * `flush-deadline` (milliseconds). The strings of `net` point into the arrays below. */
    char address[256];
    char key[256];
    char topic[256];
    char brokers[1024];
    sw_output_net_options net;
} sw_output_spec;

typedef struct sw_sensor_config {
    char log_dir[1024];
    /* capture */
    uint32_t snaplen;
    int promisc;
    char bpf[1024];
    /* `capture.fanout:` with several workers on an interface (default ip-pair) */
    sw_fanout_mode fanout;
    /* stages */
    sw_decode_config decode;
    sw_flow_config flow;
    /* EVE */
    sw_eve_options eve;
    int log_flows;
    int log_anomalies;
    uint32_t stats_interval_s; /* packet-time seconds between stats records; 0 = only at exit */
    size_t n_outputs;
    sw_output_spec outputs[SW_SENSOR_MAX_OUTPUTS];
    /* Added by ops: `thresholds: PATH` (threshold.config subset, core/hygiene.h; "" = none) and
     * `workers: N` (processing threads, 1..64; 1 = no threads, the classic single loop). */
    char thresholds[1024];
    uint32_t workers;
    /* stream (added for the application layer): `stream: {depth: 64kb, memcap: 64mb}` */
    sw_stream_config stream;
} sw_sensor_config;

void sw_sensor_config_defaults(sw_sensor_config *cfg);

/* Reads the sensor sections of a config tree over the defaults. Unknown top-level keys are
 * errors (a typo must not silently disable something); errors name file, line and key. */
sw_status sw_sensor_config_apply(sw_sensor_config *cfg, const sw_conf_node *root, sw_error *err);

/* "64mb", "16 MiB", "1g", "4096" -> bytes; SW_ERR_INVALID on anything else or on overflow. */
sw_status sw_parse_size(const char *text, uint64_t *out);

/* The options to open one output from its spec: opt->path is spec->path as written (the caller
 * resolves a relative file path against the log directory); net points into spec. */
void sw_output_spec_options(const sw_output_spec *spec, sw_output_options *opt,
                            sw_output_net_options *net);

#endif

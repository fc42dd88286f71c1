/* The plugin's options, read from its eve-log node in suricata.yaml:
 *
 *   - eve-log:
 *       filetype: seawall
 *       sink: file | unix_stream | unix_dgram   (default file)
 *       filename: /var/log/suricata/seawall.json (file path or socket path)
 *       queue-size: 4194304                      (bytes a socket sink may hold back)
 *       catalog: /usr/local/share/seawall/catalog.yaml
 *       config: /etc/seawall/seawall.yaml        (the sensor's file: networks, detections)
 *       networks: {infra: [...], ...}            (the same keys, inline; added after config)
 *       detections: {...}
 *       geo: {databases: [...], zone-db: ..., ...} (the sensor's geo keys; inline wins)
 *       community-id: yes                        (Suricata's own key, honoured for our alerts)
 */
#ifndef SEAWALL_SURICATA_OPTIONS_H
#define SEAWALL_SURICATA_OPTIONS_H

#include "host.h"
#include "sink.h"

#include "common.h"
#include "conf.h"

#define SW_SURI_DEFAULT_FILENAME   "seawall.json"
#define SW_SURI_DEFAULT_QUEUE_SIZE (4u << 20)
#define SW_SURI_MAX_QUEUE_SIZE     (1u << 30)

typedef struct sw_suri_options {
    sw_sink_kind sink;
    char filename[1024];
    size_t queue_size;
    char catalog[1024];
    char config[1024];           /* empty when absent */
    sw_conf_node *inline_config; /* networks/detections given inline; NULL when none */
    int community_id;
} sw_suri_options;

/* Fills opt from the eve-log node (NULL reads defaults). On error opt holds nothing to free and
 * err says which key and why. On success release with sw_suri_options_clear. */
sw_status sw_suri_options_read(const sw_host_node *node, sw_suri_options *opt, sw_error *err);
void sw_suri_options_clear(sw_suri_options *opt);

#endif

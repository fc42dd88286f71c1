/* PACKET_FANOUT (packet(7)): several capture handles on one interface joined to one fanout group,
 * so the kernel spreads the packets over them and each worker thread reads its own handle with
 * no dispatcher in between. */
#ifndef SEAWALL_SENSOR_CAPTURE_FANOUT_H
#define SEAWALL_SENSOR_CAPTURE_FANOUT_H

#include "capture.h"

/* `capture.fanout:` in seawall.yaml. */
typedef enum sw_fanout_mode {
    SW_FANOUT_NONE = 0, /* one handle, the software dispatcher (workers.h) */
    SW_FANOUT_PAIR,     /* our BPF program: the software dispatcher's address-pair hash */
    SW_FANOUT_HASH,     /* kernel symmetric flow hash, IP fragments reassembled first */
    SW_FANOUT_CPU       /* the CPU that received the packet (RSS spreads flows) */
} sw_fanout_mode;

/* "ip-pair", "hash", "cpu", "none"; SW_ERR_INVALID otherwise. */
sw_status sw_fanout_mode_parse(const char *text, sw_fanout_mode *out);
const char *sw_fanout_mode_name(sw_fanout_mode mode);

/* Joins every handle (open, on the interface `iface`) to one new fanout group of `mode` and
 * stores its id in *group. Errors name the kernel's reason; the caller then closes the handles
 * (closing a packet socket leaves its group). */
sw_status sw_fanout_join(sw_capture_handle *const *handles, unsigned n, sw_fanout_mode mode,
                         const char *iface, unsigned *group, sw_error *err);

#endif

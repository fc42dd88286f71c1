/* seawall-gen: where finished frames go: a pcap file (DLT_EN10MB, snap length 65535) or, only
 * when the operator asked for it with --inject, a lab interface through libnet LIBNET_LINK. */
#ifndef SEAWALL_GEN_WRITER_H
#define SEAWALL_GEN_WRITER_H

#include "common.h"

#include <stddef.h>
#include <stdint.h>

typedef struct gen_writer gen_writer;

/* Opens path for writing (truncating it). On failure returns NULL with a message in err. Caller
 * owns the writer; close it with gen_writer_close. */
gen_writer *gen_writer_open_file(const char *path, char *err, size_t errlen);
/* Opens iface for raw link-layer injection (needs CAP_NET_RAW). NULL with a message on error. */
gen_writer *gen_writer_open_inject(const char *iface, char *err, size_t errlen);

/* Writes one Ethernet frame stamped ts. Returns 0, or -1 with a message in err. */
int gen_writer_write(gen_writer *w, const uint8_t *frame, size_t len, sw_time ts, char *err,
                     size_t errlen);

/* Bytes the output holds so far: pcap file header, record headers and frames. */
uint64_t gen_writer_bytes(const gen_writer *w);

/* Flushes and frees w (NULL is a no-op). Returns 0, or -1 when buffered data could not be written
 * (disk full), with a message in err. */
int gen_writer_close(gen_writer *w, char *err, size_t errlen);

#endif

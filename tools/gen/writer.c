/* seawall-gen: pcap file or live injection output (see writer.h). */
#include "writer.h"

#include <libnet.h>
#include <pcap/pcap.h>
#include <stdio.h>
#include <stdlib.h>

#define GEN_SNAPLEN        65535
#define PCAP_FILE_HDR_SIZE 24 /* pcap global header */
#define PCAP_REC_HDR_SIZE  16 /* per-record header */

struct gen_writer {
    pcap_t *dead;          /* file mode: pcap_open_dead handle that carries the link type */
    pcap_dumper_t *dumper; /* file mode */
    libnet_t *link;        /* inject mode */
    uint64_t bytes;
};

gen_writer *gen_writer_open_file(const char *path, char *err, size_t errlen)
{
    gen_writer *w = calloc(1, sizeof(*w));
    if (!w) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    w->dead = pcap_open_dead(DLT_EN10MB, GEN_SNAPLEN);
    if (!w->dead) {
        snprintf(err, errlen, "pcap_open_dead failed");
        free(w);
        return NULL;
    }
    w->dumper = pcap_dump_open(w->dead, path);
    if (!w->dumper) {
        snprintf(err, errlen, "cannot write '%s': %s", path, pcap_geterr(w->dead));
        pcap_close(w->dead);
        free(w);
        return NULL;
    }
    w->bytes = PCAP_FILE_HDR_SIZE;
    return w;
}

gen_writer *gen_writer_open_inject(const char *iface, char *err, size_t errlen)
{
    char lerr[LIBNET_ERRBUF_SIZE] = "";
    gen_writer *w = calloc(1, sizeof(*w));
    if (!w) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    w->link = libnet_init(LIBNET_LINK, iface, lerr);
    if (!w->link) {
        snprintf(err, errlen, "cannot inject on '%s': %s", iface, lerr);
        free(w);
        return NULL;
    }
    return w;
}

int gen_writer_write(gen_writer *w, const uint8_t *frame, size_t len, sw_time ts, char *err,
                     size_t errlen)
{
    if (len > GEN_SNAPLEN) {
        snprintf(err, errlen, "frame of %zu bytes exceeds the snap length %d", len, GEN_SNAPLEN);
        return -1;
    }
    if (w->link) {
        if (libnet_write_link(w->link, frame, (uint32_t)len) < 0) {
            snprintf(err, errlen, "injection failed: %s", libnet_geterror(w->link));
            return -1;
        }
    } else {
        struct pcap_pkthdr hdr;
        hdr.ts.tv_sec = (time_t)ts.sec;
        hdr.ts.tv_usec = (suseconds_t)ts.usec;
        hdr.caplen = (bpf_u_int32)len;
        hdr.len = (bpf_u_int32)len;
        pcap_dump((u_char *)w->dumper, &hdr, frame);
    }
    w->bytes += PCAP_REC_HDR_SIZE + len;
    return 0;
}

uint64_t gen_writer_bytes(const gen_writer *w)
{
    return w->bytes;
}

int gen_writer_close(gen_writer *w, char *err, size_t errlen)
{
    int rc = 0;
    if (!w)
        return 0;
    if (w->dumper) {
        /* pcap_dump does not report write errors; the stdio stream keeps them. */
        FILE *f = pcap_dump_file(w->dumper);
        if (pcap_dump_flush(w->dumper) != 0 || ferror(f)) {
            snprintf(err, errlen, "writing the capture failed (disk full?)");
            rc = -1;
        }
        pcap_dump_close(w->dumper);
    }
    if (w->dead)
        pcap_close(w->dead);
    if (w->link)
        libnet_destroy(w->link);
    free(w);
    return rc;
}

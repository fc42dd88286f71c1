/* Socket helpers shared by the unix and syslog sinks (writer thread only). */
#ifndef SEAWALL_SENSOR_OUTPUT_SOCK_H
#define SEAWALL_SENSOR_OUTPUT_SOCK_H

#include "output-int.h"

/* A send that waits longer than this is a broken peer: the writer reconnects. */
#define SW_SOCK_SEND_TIMEOUT_MS 2000

/* Connected socket of `type` (SOCK_DGRAM or SOCK_STREAM) to a unix path or to a numeric
 * address:port; -1 with errbuf filled on failure. */
int sw_sock_unix(const char *path, int type, char *errbuf, size_t errlen);
int sw_sock_inet(const char *address, uint16_t port, int type, char *errbuf, size_t errlen);

/* Stream: writes all of each line (a prefix count of whole lines in *accepted).
 * Datagram: one send per line; EMSGSIZE returns SW_ERR_LIMIT at that line. */
sw_status sw_sock_send_lines(int fd, int datagram, const sw_line *lines, size_t n, size_t *accepted,
                             char *errbuf, size_t errlen);

/* Frees the int state of a socket sink (closing the fd). */
void sw_sock_disconnect(sw_net_sink *s);
void sw_sock_destroy(sw_net_sink *s);

/* Copies json plus a trailing newline (stream) or as is (datagram) into out. */
sw_status sw_line_copy(const char *json, size_t len, int newline, sw_line *out);

#endif

/* Unix socket sinks for a local collector: datagram (one record per datagram, no newline, so the
 * reader needs no framing) and stream (newline-delimited records, like the EVE file). */
#include "output-sock.h"

#include <stdlib.h>
#include <sys/socket.h>

/* Largest datagram frame accepted; a bigger record is dropped and counted. The kernel limit
 * depends on SO_SNDBUF and is reported by send() as EMSGSIZE, which is counted too. */
#define UNIX_DGRAM_MAX (208u * 1024u)

static sw_status unix_connect(sw_net_sink *s, int type, char *errbuf, size_t errlen)
{
    if (!s->state && !(s->state = calloc(1, sizeof(int))))
        return SW_ERR_NOMEM;
    int *fd = s->state;
    *fd = sw_sock_unix(s->path, type, errbuf, errlen);
    return *fd >= 0 ? SW_OK : SW_ERR_IO;
}

static sw_status dgram_connect(sw_net_sink *s, char *errbuf, size_t errlen)
{
    return unix_connect(s, SOCK_DGRAM, errbuf, errlen);
}

static sw_status stream_connect(sw_net_sink *s, char *errbuf, size_t errlen)
{
    return unix_connect(s, SOCK_STREAM, errbuf, errlen);
}

static sw_status dgram_frame(sw_net_sink *s, const json_t *record, const char *json, size_t len,
                             sw_line *out)
{
    (void)s;
    (void)record;
    if (len > UNIX_DGRAM_MAX)
        return SW_ERR_LIMIT;
    return sw_line_copy(json, len, 0, out);
}

static sw_status stream_frame(sw_net_sink *s, const json_t *record, const char *json, size_t len,
                              sw_line *out)
{
    (void)s;
    (void)record;
    return sw_line_copy(json, len, 1, out);
}

static sw_status dgram_send(sw_net_sink *s, const sw_line *lines, size_t n, size_t *accepted,
                            char *errbuf, size_t errlen)
{
    return sw_sock_send_lines(*(int *)s->state, 1, lines, n, accepted, errbuf, errlen);
}

static sw_status stream_send(sw_net_sink *s, const sw_line *lines, size_t n, size_t *accepted,
                             char *errbuf, size_t errlen)
{
    return sw_sock_send_lines(*(int *)s->state, 0, lines, n, accepted, errbuf, errlen);
}

const sw_net_ops sw_net_unix_dgram_ops = {
    "unix_dgram", dgram_frame, dgram_connect, dgram_send, sw_sock_disconnect, sw_sock_destroy,
};

const sw_net_ops sw_net_unix_stream_ops = {
    "unix_stream", stream_frame, stream_connect, stream_send, sw_sock_disconnect, sw_sock_destroy,
};

/* Plain sockets for the unix and syslog sinks: connect with a send timeout, send whole lines. */
#include "output-sock.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

static void set_send_timeout(int fd)
{
    struct timeval tv = {SW_SOCK_SEND_TIMEOUT_MS / 1000, (SW_SOCK_SEND_TIMEOUT_MS % 1000) * 1000};
    (void)setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
}

static int connect_or_fail(int fd, const struct sockaddr *sa, socklen_t salen, const char *what,
                           char *errbuf, size_t errlen)
{
    if (fd < 0) {
        snprintf(errbuf, errlen, "socket: %s", strerror(errno));
        return -1;
    }
    set_send_timeout(fd);
    if (connect(fd, sa, salen) != 0) {
        snprintf(errbuf, errlen, "connect %s: %s", what, strerror(errno));
        close(fd);
        return -1;
    }
    return fd;
}

int sw_sock_unix(const char *path, int type, char *errbuf, size_t errlen)
{
    struct sockaddr_un sun;
    memset(&sun, 0, sizeof(sun));
    sun.sun_family = AF_UNIX;
    if (!path || strlen(path) >= sizeof(sun.sun_path)) {
        snprintf(errbuf, errlen, "unix socket path missing or too long");
        return -1;
    }
    memcpy(sun.sun_path, path, strlen(path));
    int fd = socket(AF_UNIX, type | SOCK_CLOEXEC, 0);
    return connect_or_fail(fd, (const struct sockaddr *)&sun, sizeof(sun), path, errbuf, errlen);
}

int sw_sock_inet(const char *address, uint16_t port, int type, char *errbuf, size_t errlen)
{
    char what[300];
    snprintf(what, sizeof(what), "%s port %u", address, port);
    struct sockaddr_in v4;
    struct sockaddr_in6 v6;
    memset(&v4, 0, sizeof(v4));
    memset(&v6, 0, sizeof(v6));
    if (inet_pton(AF_INET, address, &v4.sin_addr) == 1) {
        v4.sin_family = AF_INET;
        v4.sin_port = htons(port);
        int fd = socket(AF_INET, type | SOCK_CLOEXEC, 0);
        return connect_or_fail(fd, (const struct sockaddr *)&v4, sizeof(v4), what, errbuf, errlen);
    }
    if (inet_pton(AF_INET6, address, &v6.sin6_addr) == 1) {
        v6.sin6_family = AF_INET6;
        v6.sin6_port = htons(port);
        int fd = socket(AF_INET6, type | SOCK_CLOEXEC, 0);
        return connect_or_fail(fd, (const struct sockaddr *)&v6, sizeof(v6), what, errbuf, errlen);
    }
    snprintf(errbuf, errlen, "'%s' is not a numeric IPv4 or IPv6 address", address);
    return -1;
}

static int send_whole(int fd, const char *data, size_t len)
{
    while (len > 0) {
        ssize_t n = send(fd, data, len, MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return n < 0 ? errno : EIO;
        data += n;
        len -= (size_t)n;
    }
    return 0;
}

sw_status sw_sock_send_lines(int fd, int datagram, const sw_line *lines, size_t n, size_t *accepted,
                             char *errbuf, size_t errlen)
{
    *accepted = 0;
    for (size_t i = 0; i < n; i++) {
        int errnum = 0;
        if (datagram) {
            ssize_t sent;
            do
                sent = send(fd, lines[i].data, lines[i].len, MSG_NOSIGNAL);
            while (sent < 0 && errno == EINTR);
            errnum = sent < 0 ? errno : 0;
        } else {
            errnum = send_whole(fd, lines[i].data, lines[i].len);
        }
        if (errnum) {
            snprintf(errbuf, errlen, "send: %s", strerror(errnum));
            return errnum == EMSGSIZE ? SW_ERR_LIMIT : SW_ERR_IO;
        }
        (*accepted)++;
    }
    return SW_OK;
}

void sw_sock_disconnect(sw_net_sink *s)
{
    int *fd = s->state;
    if (fd && *fd >= 0) {
        close(*fd);
        *fd = -1;
    }
}

void sw_sock_destroy(sw_net_sink *s)
{
    sw_sock_disconnect(s);
    free(s->state);
    s->state = NULL;
}

sw_status sw_line_copy(const char *json, size_t len, int newline, sw_line *out)
{
    out->data = malloc(len + 1);
    if (!out->data)
        return SW_ERR_NOMEM;
    memcpy(out->data, json, len);
    if (newline)
        out->data[len++] = '\n';
    out->len = len;
    return SW_OK;
}

/* The syslog sink: each record is one RFC 5424 message whose MSG is the EVE JSON, sent to a local
 * datagram socket (/dev/log), over UDP (RFC 5426) or over TCP with octet counting (RFC 6587). */
#include "output-sock.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

/* RFC 5426 section 3.2: a message must fit one UDP datagram; 65507 is the IPv4 payload limit. */
#define SYSLOG_UDP_MAX 65507u
#define SYSLOG_NIL     "-" /* RFC 5424 section 6: NILVALUE */

/* RFC 5424 section 6.2.1 severities. */
enum { SEV_CRITICAL = 2, SEV_ERROR = 3, SEV_WARNING = 4, SEV_INFO = 6 };

/* Alerts map their EVE severity (1 high .. 3 low) to critical/error/warning; other records are
 * informational. */
static int record_severity(const json_t *record)
{
    const char *type = json_string_value(json_object_get(record, "event_type"));
    if (!type || strcmp(type, "alert") != 0)
        return SEV_INFO;
    json_int_t sev =
        json_integer_value(json_object_get(json_object_get(record, "alert"), "severity"));
    if (sev == 1)
        return SEV_CRITICAL;
    return sev == 2 ? SEV_ERROR : SEV_WARNING;
}

/* EVE "2019-12-09T06:33:58.827155+0000" -> RFC 5424 section 6.2.3
 * "2019-12-09T06:33:58.827155+00:00" (TIME-NUMOFFSET has a colon; at most 6 fraction digits).
 * Anything else becomes NILVALUE. */
static void syslog_timestamp(const json_t *record, char *out, size_t len)
{
    const char *ts = json_string_value(json_object_get(record, "timestamp"));
    static const char shape[] = "dddd-dd-ddTdd:dd:dd.dddddd+dddd";
    size_t n = sizeof(shape) - 1;
    int ok = ts && strlen(ts) == n;
    for (size_t i = 0; ok && i < n; i++) {
        if (shape[i] == 'd')
            ok = isdigit((unsigned char)ts[i]);
        else if (shape[i] == '+')
            ok = ts[i] == '+' || ts[i] == '-';
        else
            ok = ts[i] == shape[i];
    }
    if (!ok || len < n + 2) {
        snprintf(out, len, "%s", SYSLOG_NIL);
        return;
    }
    snprintf(out, len, "%.29s:%.2s", ts, ts + 29);
}

/* RFC 5424 section 6: PRINTUSASCII (33..126) and a length cap; NILVALUE when empty. */
static void printable_field(const char *in, size_t max, char *out, size_t len)
{
    size_t j = 0;
    for (size_t i = 0; in && in[i] && j < max && j + 1 < len; i++)
        if (in[i] >= 33 && in[i] <= 126)
            out[j++] = in[i];
    out[j] = '\0';
    if (j == 0)
        snprintf(out, len, "%s", SYSLOG_NIL);
}

sw_status sw_syslog_frame(const sw_output_net_options *opt, const char *hostname, long pid,
                          const json_t *record, const char *json, size_t len, sw_line *out)
{
    char ts[40], host[256], msgid[33];
    syslog_timestamp(record, ts, sizeof(ts));
    printable_field(hostname, 255, host, sizeof(host));
    printable_field(json_string_value(json_object_get(record, "event_type")), 32, msgid,
                    sizeof(msgid));
    int prival = opt->facility * 8 + record_severity(record);
    char header[400];
    /* HEADER SP STRUCTURED-DATA SP MSG; VERSION is 1, APP-NAME seawall, no structured data. */
    int hlen = snprintf(header, sizeof(header), "<%d>1 %s %s seawall %ld %s - ", prival, ts, host,
                        pid, msgid);
    size_t msg_len = (size_t)hlen + len;
    char prefix[24] = "";
    int plen = 0;
    if (opt->protocol == SW_SYSLOG_TCP) /* RFC 6587 section 3.4.1: MSG-LEN SP SYSLOG-MSG */
        plen = snprintf(prefix, sizeof(prefix), "%zu ", msg_len);
    else if (opt->protocol == SW_SYSLOG_UDP && msg_len > SYSLOG_UDP_MAX)
        return SW_ERR_LIMIT;
    out->data = malloc((size_t)plen + msg_len);
    if (!out->data)
        return SW_ERR_NOMEM;
    memcpy(out->data, prefix, (size_t)plen);
    memcpy(out->data + plen, header, (size_t)hlen);
    memcpy(out->data + plen + hlen, json, len);
    out->len = (size_t)plen + msg_len;
    return SW_OK;
}

static sw_status syslog_frame(sw_net_sink *s, const json_t *record, const char *json, size_t len,
                              sw_line *out)
{
    return sw_syslog_frame(&s->opt, s->hostname, (long)getpid(), record, json, len, out);
}

static sw_status syslog_connect(sw_net_sink *s, char *errbuf, size_t errlen)
{
    if (!s->state && !(s->state = calloc(1, sizeof(int))))
        return SW_ERR_NOMEM;
    int *fd = s->state;
    if (s->opt.protocol == SW_SYSLOG_LOCAL)
        *fd = sw_sock_unix(s->path, SOCK_DGRAM, errbuf, errlen);
    else
        *fd = sw_sock_inet(s->address, s->opt.port,
                           s->opt.protocol == SW_SYSLOG_TCP ? SOCK_STREAM : SOCK_DGRAM, errbuf,
                           errlen);
    return *fd >= 0 ? SW_OK : SW_ERR_IO;
}

static sw_status syslog_send(sw_net_sink *s, const sw_line *lines, size_t n, size_t *accepted,
                             char *errbuf, size_t errlen)
{
    return sw_sock_send_lines(*(int *)s->state, s->opt.protocol != SW_SYSLOG_TCP, lines, n,
                              accepted, errbuf, errlen);
}

const sw_net_ops sw_net_syslog_ops = {
    "syslog", syslog_frame, syslog_connect, syslog_send, sw_sock_disconnect, sw_sock_destroy,
};

/* Status texts, error positions, addresses and time: the small vocabulary every module shares. */
#include "common.h"

#include <arpa/inet.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

const char *sw_strerror(sw_status status)
{
    switch (status) {
    case SW_OK:
        return "success";
    case SW_ERR_NOMEM:
        return "out of memory";
    case SW_ERR_INVALID:
        return "invalid value";
    case SW_ERR_PARSE:
        return "malformed input";
    case SW_ERR_IO:
        return "input/output error";
    case SW_ERR_NOTFOUND:
        return "not found";
    case SW_ERR_DUPLICATE:
        return "duplicate entry";
    case SW_ERR_LIMIT:
        return "limit reached";
    case SW_ERR_UNSUPPORTED:
        return "not supported";
    }
    return "unknown error";
}

static void copy_text(char *dst, size_t len, const char *src)
{
    snprintf(dst, len, "%s", src ? src : "");
}

sw_status sw_error_set(sw_error *err, sw_status status, const char *file, unsigned line,
                       const char *key, const char *fmt, ...)
{
    if (!err)
        return status;
    copy_text(err->file, sizeof(err->file), file);
    err->line = line;
    copy_text(err->key, sizeof(err->key), key);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->text, sizeof(err->text), fmt, ap);
    va_end(ap);
    return status;
}

void sw_error_format(const sw_error *err, char *buf, size_t len)
{
    if (!buf || len == 0)
        return;
    buf[0] = '\0';
    if (!err)
        return;
    size_t used = 0;
    int n = 0;
    if (err->file[0] && err->line)
        n = snprintf(buf, len, "%s:%u: ", err->file, err->line);
    else if (err->file[0])
        n = snprintf(buf, len, "%s: ", err->file);
    if (n > 0)
        used = (size_t)n < len ? (size_t)n : len - 1;
    if (err->key[0]) {
        n = snprintf(buf + used, len - used, "%s: ", err->key);
        if (n > 0)
            used += (size_t)n < len - used ? (size_t)n : len - used - 1;
    }
    snprintf(buf + used, len - used, "%s", err->text);
}

void sw_ip_from_v4(sw_ip *ip, const uint8_t v4[4])
{
    memset(ip, 0, sizeof(*ip));
    ip->family = 4;
    memcpy(ip->bytes, v4, 4);
}

void sw_ip_from_v6(sw_ip *ip, const uint8_t v6[16])
{
    memset(ip, 0, sizeof(*ip));
    ip->family = 6;
    memcpy(ip->bytes, v6, 16);
}

sw_status sw_ip_parse(sw_ip *ip, const char *text)
{
    uint8_t buf[16];
    if (!text)
        return SW_ERR_INVALID;
    if (inet_pton(AF_INET, text, buf) == 1) {
        sw_ip_from_v4(ip, buf);
        return SW_OK;
    }
    if (inet_pton(AF_INET6, text, buf) == 1) {
        sw_ip_from_v6(ip, buf);
        return SW_OK;
    }
    return SW_ERR_INVALID;
}

char *sw_ip_format(const sw_ip *ip, char *buf, size_t len)
{
    if (!buf || len == 0)
        return buf;
    if (!ip || !inet_ntop(ip->family == 6 ? AF_INET6 : AF_INET, ip->bytes, buf, (socklen_t)len))
        snprintf(buf, len, "%s", "");
    if (ip && ip->family != 4 && ip->family != 6)
        snprintf(buf, len, "%s", "");
    return buf;
}

int sw_ip_equal(const sw_ip *a, const sw_ip *b)
{
    return a->family == b->family && memcmp(a->bytes, b->bytes, 16) == 0;
}

int sw_ip_compare(const sw_ip *a, const sw_ip *b)
{
    if (a->family != b->family)
        return a->family < b->family ? -1 : 1;
    return memcmp(a->bytes, b->bytes, 16);
}

int64_t sw_time_diff_us(sw_time a, sw_time b)
{
    return (b.sec - a.sec) * 1000000 + (int64_t)(b.usec - a.usec);
}

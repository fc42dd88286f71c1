/* EVE timestamps exactly as Suricata writes them: "2019-12-09T06:33:58.827155+0000" (UTC,
 * microseconds, an offset without a colon; Suricata's CreateIsoTimeString). */
#include "eve.h"

#include <stdio.h>
#include <time.h>

/* Largest second that still has a four-digit year (9999-12-31T23:59:59Z): the EVE schema's
 * timestamp pattern demands exactly four year digits. */
#define EVE_MAX_SEC 253402300799LL

char *sw_eve_timestamp(sw_time ts, char *buf, size_t len)
{
    if (!buf || len == 0)
        return buf;
    int64_t sec = ts.sec;
    int64_t usec = ts.usec;
    /* Carry an out-of-range microsecond field into the seconds, so "x.-1" never prints. */
    sec += usec / 1000000;
    usec %= 1000000;
    if (usec < 0) {
        usec += 1000000;
        sec -= 1;
    }
    if (sec < 0) {
        sec = 0;
        usec = 0;
    } else if (sec > EVE_MAX_SEC) {
        sec = EVE_MAX_SEC;
        usec = 999999;
    }

    time_t t = (time_t)sec;
    struct tm tm;
    if (!gmtime_r(&t, &tm)) {
        snprintf(buf, len, "1970-01-01T00:00:00.000000+0000");
        return buf;
    }
    char date[32];
    if (strftime(date, sizeof(date), "%Y-%m-%dT%H:%M:%S", &tm) == 0)
        date[0] = '\0';
    snprintf(buf, len, "%s.%06d+0000", date, (int)usec);
    return buf;
}

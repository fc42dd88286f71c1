/* EVE timestamps exactly as Suricata writes them: "2019-12-09T06:33:58.827155+0000" (UTC,
 * microseconds, an offset without a colon; Suricata's CreateIsoTimeString). */
#include "eve.h"
#include "eve-int.h"

#include <string.h>

/* Largest second that still has a four-digit year (9999-12-31T23:59:59Z): the EVE schema's
 * timestamp pattern demands exactly four year digits. */
#define EVE_MAX_SEC 253402300799LL

/* Days since 1970-01-01 to a proleptic Gregorian date (H. Hinnant's civil_from_days), for
 * days >= 0. */
static void civil_from_days(int64_t z, unsigned *y, unsigned *m, unsigned *d)
{
    z += 719468;
    int64_t era = z / 146097;
    unsigned doe = (unsigned)(z - era * 146097);
    unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    unsigned mp = (5 * doy + 2) / 153;
    *d = doy - (153 * mp + 2) / 5 + 1;
    *m = mp < 10 ? mp + 3 : mp - 9;
    *y = (unsigned)(yoe + era * 400) + (*m <= 2);
}

/* Two digits at a time: most fields are two digits wide. */
static void put_two(char *out, unsigned v)
{
    out[0] = (char)('0' + v / 10);
    out[1] = (char)('0' + v % 10);
}

/* "HH:MM:SS" after the date. */
static void put_time_of_day(char *out, unsigned rem)
{
    put_two(out + 11, rem / 3600);
    out[13] = ':';
    put_two(out + 14, rem / 60 % 60);
    out[16] = ':';
    put_two(out + 17, rem % 60);
}

/* ".uuuuuu+0000" after the 19 characters of date and time of day. */
static void put_fraction(char *out, unsigned us)
{
    out[19] = '.';
    put_two(out + 20, us / 10000);
    put_two(out + 22, us / 100 % 100);
    put_two(out + 24, us % 100);
    memcpy(out + 26, "+0000", 5);
}

void sw_eve_timestamp_text(sw_time ts, char out[SW_EVE_TS_TEXT])
{
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

    /* Written by hand rather than through gmtime_r/strftime/snprintf: every EVE record carries
     * one to three timestamps, and this was a tenth of the sensor's time per flow record. */
    int64_t days = sec / 86400;
    unsigned rem = (unsigned)(sec % 86400);
    unsigned y, m, d, us = (unsigned)usec;
    civil_from_days(days, &y, &m, &d);
    put_two(out, y / 100);
    put_two(out + 2, y % 100);
    out[4] = '-';
    put_two(out + 5, m);
    out[7] = '-';
    put_two(out + 8, d);
    out[10] = 'T';
    put_time_of_day(out, rem);
    put_fraction(out, us);
}

void sw_eve_timestamp_text_cached(sw_eve_ts_cache *cache, sw_time ts, char out[SW_EVE_TS_TEXT])
{
    /* Only a time already in range takes the short path: the others need the carry and clamp. */
    int plain = ts.usec >= 0 && ts.usec < 1000000 && ts.sec >= 0 && ts.sec <= EVE_MAX_SEC;
    if (plain && cache->valid && cache->sec / 86400 == ts.sec / 86400) {
        memcpy(out, cache->prefix, sizeof(cache->prefix));
        if (cache->sec != ts.sec) { /* the same day: only the time of day changes */
            put_time_of_day(out, (unsigned)(ts.sec % 86400));
            cache->sec = ts.sec;
            memcpy(cache->prefix, out, sizeof(cache->prefix));
        }
        put_fraction(out, (unsigned)ts.usec);
        return;
    }
    sw_eve_timestamp_text(ts, out);
    if (plain) {
        cache->valid = 1;
        cache->sec = ts.sec;
        memcpy(cache->prefix, out, sizeof(cache->prefix));
    }
}

char *sw_eve_timestamp(sw_time ts, char *buf, size_t len)
{
    if (!buf || len == 0)
        return buf;
    char out[SW_EVE_TS_TEXT];
    sw_eve_timestamp_text(ts, out);
    size_t n = len - 1 < SW_EVE_TS_TEXT ? len - 1 : SW_EVE_TS_TEXT; /* cut as snprintf would */
    memcpy(buf, out, n);
    buf[n] = '\0';
    return buf;
}

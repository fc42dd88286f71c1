/* geo-bench: lookups/s with and without the LRU, and the cost of enriching one alert (both
 * ends, JSON included). A program, not a test: numbers are for a person to review.
 * Usage: geo-bench <dir with GeoIP2-City-Test.mmdb and GeoLite2-ASN-Test.mmdb> [iterations] */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "geo.h"

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* A working set of public addresses that hit the test databases, repeated as alerts would. */
static const char *const addrs[] = {"81.2.69.160",   "89.160.20.128", "2001:480:10::1",
                                    "1.128.0.1",     "216.160.83.56", "175.16.199.1",
                                    "2a02:d040::1",  "67.43.156.1",   "2600:7000::1",
                                    "202.196.224.1", "10.0.0.1",      "::ffff:81.2.69.142"};
#define N_ADDRS (sizeof(addrs) / sizeof(addrs[0]))

static sw_geo *open_geo(const char *dir, uint32_t cache)
{
    sw_geo_config cfg;
    char path[SW_GEO_PATH_MAX];
    sw_error err = {0};
    sw_geo_config_defaults(&cfg);
    cfg.no_discovery = 1;
    cfg.cache_size = cache;
    snprintf(path, sizeof(path), "%s/GeoIP2-City-Test.mmdb", dir);
    sw_geo_config_add_database(&cfg, path, &err);
    snprintf(path, sizeof(path), "%s/GeoLite2-ASN-Test.mmdb", dir);
    sw_geo_config_add_database(&cfg, path, &err);
    sw_geo *geo = sw_geo_open(&cfg, NULL, NULL, &err);
    if (!geo)
        fprintf(stderr, "geo-bench: %s: %s\n", err.file, err.text);
    return geo;
}

static double bench_lookups(sw_geo *geo, const sw_ip *ips, long iters)
{
    double start = now_s();
    for (long i = 0; i < iters; i++)
        json_decref(sw_geo_describe(geo, &ips[i % N_ADDRS]));
    return (double)iters / (now_s() - start);
}

static double bench_alerts(sw_geo *geo, long iters)
{
    double total = 0;
    for (long i = 0; i < iters; i++) {
        json_t *rec = json_pack("{s:s,s:s,s:s}", "event_type", "alert", "src_ip",
                                addrs[i % N_ADDRS], "dest_ip", addrs[(i + 5) % N_ADDRS]);
        double start = now_s();
        sw_geo_enrich(geo, rec);
        total += now_s() - start;
        json_decref(rec);
    }
    return total / (double)iters * 1e9;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: geo-bench <mmdb test-data dir> [iterations]\n");
        return 2;
    }
    long iters = argc > 2 ? atol(argv[2]) : 200000;
    sw_ip ips[N_ADDRS];
    for (size_t i = 0; i < N_ADDRS; i++)
        sw_ip_parse(&ips[i], addrs[i]);
    sw_geo *cached = open_geo(argv[1], SW_GEO_DEFAULT_CACHE), *plain = open_geo(argv[1], 0);
    if (!cached || !plain)
        return 1;
    printf("geo.lookups_per_s.cached     %.0f\n", bench_lookups(cached, ips, iters));
    printf("geo.lookups_per_s.uncached   %.0f\n", bench_lookups(plain, ips, iters));
    printf("geo.enrich_ns_per_alert.cached   %.0f\n", bench_alerts(cached, iters / 4));
    printf("geo.enrich_ns_per_alert.uncached %.0f\n", bench_alerts(plain, iters / 4));
    sw_geo_free(cached);
    sw_geo_free(plain);
    return 0;
}

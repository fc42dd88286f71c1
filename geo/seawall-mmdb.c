/* seawall-mmdb: builds the operator zone database (MaxMind DB format) from a CSV, and lists the
 * detection network sets a zone CSV or database defines. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "geo.h"

static void usage(FILE *out)
{
    fputs("usage: seawall-mmdb build <zones.csv> <zones.mmdb>\n"
          "       seawall-mmdb netsets <zones.csv | zones.mmdb>\n"
          "       seawall-mmdb lookup <db.mmdb>[,<db.mmdb>...] <ip>...  (EVE src/dest object)\n"
          "CSV lines: prefix,zone,site,role,owner[,sets]  (see docs/geo.md)\n",
          out);
}

static void print_pair(void *user, const char *cidr, sw_netset_id set)
{
    (void)user;
    printf("%s %s\n", sw_netset_name(set), cidr);
}

static int ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcmp(s + n - m, suffix) == 0;
}

static int report(sw_status st, const sw_error *err)
{
    char text[1024];
    if (st == SW_OK)
        return 0;
    sw_error_format(err, text, sizeof(text));
    fprintf(stderr, "seawall-mmdb: %s\n", text);
    return 1;
}

/* Prints the enrichment object for each address, as the sensor would add it to an alert. */
static int lookup(char *dbs, char **ips, int n)
{
    sw_geo_config cfg;
    sw_error err = {0};
    sw_geo_config_defaults(&cfg);
    cfg.no_discovery = 1;
    char *save = NULL;
    for (char *p = strtok_r(dbs, ",", &save); p; p = strtok_r(NULL, ",", &save))
        if (sw_geo_config_add_database(&cfg, p, &err) != SW_OK)
            return report(SW_ERR_LIMIT, &err);
    sw_geo *geo = sw_geo_open(&cfg, NULL, NULL, &err);
    if (!geo)
        return report(SW_ERR_INVALID, &err);
    int rc = 0;
    for (int i = 0; i < n; i++) {
        sw_ip ip;
        json_t *obj = sw_ip_parse(&ip, ips[i]) == SW_OK ? sw_geo_describe(geo, &ip) : NULL;
        char *text = obj ? json_dumps(obj, JSON_COMPACT) : NULL;
        if (text)
            printf("%s\n", text);
        else
            rc = 1;
        free(text);
        json_decref(obj);
    }
    sw_geo_free(geo);
    return rc;
}

int main(int argc, char **argv)
{
    sw_error err = {0};
    if (argc == 4 && strcmp(argv[1], "build") == 0)
        return report(sw_geo_mmdb_build(argv[2], argv[3], &err), &err);
    if (argc == 3 && strcmp(argv[1], "netsets") == 0) {
        sw_status st = ends_with(argv[2], ".csv")
                           ? sw_geo_zone_netsets_csv(argv[2], print_pair, NULL, &err)
                           : sw_geo_zone_netsets_mmdb(argv[2], print_pair, NULL, &err);
        return report(st, &err);
    }
    if (argc >= 4 && strcmp(argv[1], "lookup") == 0)
        return lookup(argv[2], argv + 3, argc - 3);
    if (argc == 2 && (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0)) {
        usage(stdout);
        return 0;
    }
    usage(stderr);
    return 2;
}

/* seawall-mmdb: builds the operator zone database (MaxMind DB format) from a CSV, and lists the
 * detection network sets a zone CSV or database defines. */
#include <stdio.h>
#include <string.h>

#include "geo.h"

static void usage(FILE *out)
{
    fputs("usage: seawall-mmdb build <zones.csv> <zones.mmdb>\n"
          "       seawall-mmdb netsets <zones.csv | zones.mmdb>\n"
          "CSV lines: prefix,zone,site,role,owner[,sets]  (see docs/geo.md)\n",
          out);
}

static void print_pair(void *user, const char *cidr, sw_netset_id set)
{
    static const char *const names[] = {
        "infra",        "noc",    "aaa",          "nms",
        "file_servers", "syslog", "tunnel_peers", "erspan_collectors",
        "edge_apps",    "own"};
    (void)user;
    printf("%s %s\n", names[set], cidr);
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
    if (argc == 2 && (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0)) {
        usage(stdout);
        return 0;
    }
    usage(stderr);
    return 2;
}

/* seawall-gen: command line. Writes catalog scenarios or mixed benchmark traffic to a pcap file,
 * or, only with an explicit --inject IFACE, onto a lab interface. Exit codes: 0 ok, 1 runtime
 * error, 2 usage error. Documented in docs/seawall-gen.md. */
#include "mixed.h"
#include "scenario.h"
#include "writer.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define EXIT_USAGE        2
#define MAX_SELECTED      256
#define SCENARIO_PAUSE_US 1000000 /* one second between scenarios in one capture */

typedef struct cli_opts {
    int list, mixed, help;
    const char *out_path;
    const char *iface;
    uint64_t seed;
    uint64_t flows;
    uint64_t bytes;
    int flows_set, bytes_set;
    const gen_scenario *selected[MAX_SELECTED];
    size_t nselected;
} cli_opts;

static void usage(FILE *f)
{
    fputs("usage: seawall-gen --list\n"
          "       seawall-gen -w OUT.pcap [--seed N] SCENARIO...\n"
          "       seawall-gen --inject IFACE [--seed N] SCENARIO...\n"
          "       seawall-gen --mixed [--flows N] [--bytes SIZE[K|M|G]] [--seed N] -w OUT.pcap\n"
          "\n"
          "SCENARIO is a name from --list, or 'all', 'positive' (scenarios with a catalog id)\n"
          "or 'benign' (their twins). Several scenarios go into one capture in order, one second\n"
          "apart. The same seed (default 1) gives a byte-identical capture.\n"
          "\n"
          "  --list            print name, catalog id (or 'benign') and description\n"
          "  -w, --write FILE  write a pcap (Ethernet, snap length 65535)\n"
          "  --inject IFACE    send on a lab interface instead (needs CAP_NET_RAW)\n"
          "  --seed N          seed of every random choice (0-18446744073709551615)\n"
          "  --mixed           benchmark traffic instead of scenarios\n"
          "  --flows N         mixed: at least N distinct flows (default 1000000)\n"
          "  --bytes SIZE      mixed: about SIZE bytes of capture (default 1G; K/M/G = 2^10..)\n"
          "  -h, --help        this text\n"
          "Exit codes: 0 ok, 1 runtime error, 2 usage error.\n",
          f);
}

/* Decimal without sign or garbage; an optional K/M/G suffix (binary) when allow_suffix. */
static int parse_u64(const char *text, int allow_suffix, uint64_t *out)
{
    char *end = NULL;
    if (!text || *text < '0' || *text > '9')
        return -1;
    errno = 0;
    unsigned long long v = strtoull(text, &end, 10);
    if (errno == ERANGE)
        return -1;
    unsigned shift = 0;
    if (allow_suffix && *end) {
        const char *units = "KMG";
        const char *u = strchr(units, *end);
        if (!u || end[1] != '\0')
            return -1;
        shift = 10u * (unsigned)(u - units + 1);
        end++;
        if (v > (UINT64_MAX >> shift))
            return -1;
    }
    if (*end != '\0')
        return -1;
    *out = (uint64_t)v << shift;
    return 0;
}

/* Adds one scenario name or group; -1 (after a message) when unknown or too many. */
static int select_scenarios(cli_opts *o, const char *name)
{
    size_t count;
    const gen_scenario *table = gen_scenario_table(&count);
    int group_all = strcmp(name, "all") == 0, group_pos = strcmp(name, "positive") == 0,
        group_ben = strcmp(name, "benign") == 0;
    if (!group_all && !group_pos && !group_ben) {
        const gen_scenario *s = gen_scenario_find(name);
        if (!s) {
            fprintf(stderr, "seawall-gen: unknown scenario '%s' (see seawall-gen --list)\n", name);
            return -1;
        }
        table = s;
        count = 1;
        group_all = 1;
    }
    for (size_t i = 0; i < count; i++) {
        int positive = table[i].catalog_id != NULL;
        if (!group_all && positive != group_pos)
            continue;
        if (o->nselected == MAX_SELECTED) {
            fprintf(stderr, "seawall-gen: more than %d scenarios in one run\n", MAX_SELECTED);
            return -1;
        }
        o->selected[o->nselected++] = &table[i];
    }
    return 0;
}

static int bad_number(const char *opt, const char *value, const char *allowed)
{
    fprintf(stderr, "seawall-gen: %s: '%s' is not %s\n", opt, value, allowed);
    return -1;
}

enum { OPT_LIST = 256, OPT_SEED, OPT_INJECT, OPT_MIXED, OPT_FLOWS, OPT_BYTES };

static int parse_option(cli_opts *o, int c, const char *arg)
{
    switch (c) {
    case 'h':
        o->help = 1;
        return 0;
    case 'w':
        o->out_path = arg;
        return 0;
    case OPT_LIST:
        o->list = 1;
        return 0;
    case OPT_INJECT:
        o->iface = arg;
        return 0;
    case OPT_MIXED:
        o->mixed = 1;
        return 0;
    case OPT_SEED:
        return parse_u64(arg, 0, &o->seed) < 0 ? bad_number("--seed", arg, "a decimal number") : 0;
    case OPT_FLOWS:
        o->flows_set = 1;
        if (parse_u64(arg, 0, &o->flows) < 0 || o->flows == 0 || o->flows > GEN_MIXED_MAX_FLOWS) {
            fprintf(stderr,
                    "seawall-gen: --flows: '%s' is not a decimal number from 1 to %llu (no more "
                    "flows than that can be kept distinct)\n",
                    arg, (unsigned long long)GEN_MIXED_MAX_FLOWS);
            return -1;
        }
        return 0;
    case OPT_BYTES:
        o->bytes_set = 1;
        if (parse_u64(arg, 1, &o->bytes) < 0 || o->bytes == 0)
            return bad_number("--bytes", arg, "a positive size like 500M or 1G");
        return 0;
    default:
        return -1;
    }
}

/* Checks the combination of options; prints why it is refused. */
static int check_combination(const cli_opts *o, int nargs)
{
    const char *why = NULL;
    if (o->list)
        why = (o->out_path || o->iface || o->mixed || nargs) ? "--list takes no other arguments"
                                                             : NULL;
    else if (o->out_path && o->iface)
        why = "choose either -w FILE or --inject IFACE, not both";
    else if (!o->out_path && !o->iface)
        why = "say where packets go: -w FILE (or --inject IFACE on a lab network)";
    else if (o->mixed && (nargs || o->iface))
        why = "--mixed writes benchmark traffic to a file (-w) and takes no scenario names";
    else if (!o->mixed && (o->flows_set || o->bytes_set))
        why = "--flows and --bytes only apply with --mixed";
    else if (!o->mixed && nargs == 0)
        why = "no scenario given (names from --list, or all, positive, benign)";
    if (why)
        fprintf(stderr, "seawall-gen: %s\n", why);
    return why ? -1 : 0;
}

static int parse_args(cli_opts *o, int argc, char **argv)
{
    static const struct option longopts[] = {
        {"help", no_argument, NULL, 'h'},
        {"write", required_argument, NULL, 'w'},
        {"list", no_argument, NULL, OPT_LIST},
        {"seed", required_argument, NULL, OPT_SEED},
        {"inject", required_argument, NULL, OPT_INJECT},
        {"mixed", no_argument, NULL, OPT_MIXED},
        {"flows", required_argument, NULL, OPT_FLOWS},
        {"bytes", required_argument, NULL, OPT_BYTES},
        {NULL, 0, NULL, 0},
    };
    int c;
    memset(o, 0, sizeof(*o));
    o->seed = 1;
    o->flows = 1000000;
    o->bytes = 1ULL << 30;
    opterr = 1;
    while ((c = getopt_long(argc, argv, "hw:", longopts, NULL)) != -1)
        if (parse_option(o, c, optarg) < 0)
            return -1;
    if (o->help)
        return 0;
    if (check_combination(o, argc - optind) < 0)
        return -1;
    for (int i = optind; i < argc; i++)
        if (select_scenarios(o, argv[i]) < 0)
            return -1;
    return 0;
}

static void list_scenarios(void)
{
    size_t count;
    const gen_scenario *table = gen_scenario_table(&count);
    for (size_t i = 0; i < count; i++) {
        /* Second column: the id, or id+also+also when the scenario must raise a set (no spaces,
         * so the description still starts at the third field). */
        char ids[128];
        const char *also = table[i].also_raises;
        snprintf(ids, sizeof(ids), "%s%s%s", table[i].catalog_id ? table[i].catalog_id : "benign",
                 also ? " " : "", also ? also : "");
        for (char *p = ids; *p; p++)
            if (*p == ' ')
                *p = '+';
        printf("%-24s %-11s %s\n", table[i].name, ids, table[i].description);
    }
}

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int run_scenarios(gen_ctx *g, const cli_opts *o)
{
    for (size_t i = 0; i < o->nselected; i++) {
        if (i > 0)
            gen_advance(g, SCENARIO_PAUSE_US);
        if (o->selected[i]->run(g) < 0) {
            fprintf(stderr, "seawall-gen: scenario %s failed: %s\n", o->selected[i]->name, g->err);
            return -1;
        }
    }
    return 0;
}

static int run_mixed(gen_ctx *g, const cli_opts *o)
{
    gen_mixed_opts mo = {o->flows, o->bytes};
    uint64_t flows = 0;
    double start = now_seconds();
    if (gen_mixed_run(g, &mo, &flows) < 0) {
        fprintf(stderr, "seawall-gen: mixed traffic failed: %s\n", g->err);
        return -1;
    }
    double secs = now_seconds() - start;
    fprintf(stderr,
            "seawall-gen: %llu flows, %llu packets, %llu bytes in %.2f s (%.0f packets/s)\n",
            (unsigned long long)flows, (unsigned long long)g->packets,
            (unsigned long long)gen_writer_bytes(g->out), secs,
            secs > 0 ? (double)g->packets / secs : 0.0);
    return 0;
}

static int generate(const cli_opts *o)
{
    char err[256] = "";
    gen_ctx *g = malloc(sizeof(*g));
    if (!g) {
        fprintf(stderr, "seawall-gen: out of memory\n");
        return EXIT_FAILURE;
    }
    if (o->iface)
        fprintf(stderr,
                "seawall-gen: WARNING: injecting %zu scenario(s) as live traffic on "
                "interface '%s'; use only on an isolated lab network\n",
                o->nselected, o->iface);
    gen_writer *w = o->iface ? gen_writer_open_inject(o->iface, err, sizeof(err))
                             : gen_writer_open_file(o->out_path, err, sizeof(err));
    if (!w) {
        fprintf(stderr, "seawall-gen: %s\n", err);
        free(g);
        return EXIT_FAILURE;
    }
    int rc = gen_ctx_init(g, w, o->seed);
    if (rc < 0)
        fprintf(stderr, "seawall-gen: %s\n", g->err);
    else
        rc = o->mixed ? run_mixed(g, o) : run_scenarios(g, o);
    uint64_t packets = g->packets;
    gen_ctx_free(g);
    free(g);
    if (gen_writer_close(w, err, sizeof(err)) < 0) {
        fprintf(stderr, "seawall-gen: %s\n", err);
        rc = -1;
    }
    if (rc < 0 && o->out_path) {
        remove(o->out_path); /* never leave a half capture that looks complete */
        return EXIT_FAILURE;
    }
    if (rc == 0 && !o->mixed)
        fprintf(stderr, "seawall-gen: %llu packets from %zu scenario(s) to %s\n",
                (unsigned long long)packets, o->nselected, o->iface ? o->iface : o->out_path);
    return rc < 0 ? EXIT_FAILURE : EXIT_SUCCESS;
}

int main(int argc, char **argv)
{
    cli_opts *o = malloc(sizeof(*o));
    if (!o) {
        fprintf(stderr, "seawall-gen: out of memory\n");
        return EXIT_FAILURE;
    }
    int rc;
    if (parse_args(o, argc, argv) < 0) {
        fprintf(stderr, "Try 'seawall-gen --help'.\n");
        rc = EXIT_USAGE;
    } else if (o->help) {
        usage(stdout);
        rc = EXIT_SUCCESS;
    } else if (o->list) {
        list_scenarios();
        rc = EXIT_SUCCESS;
    } else {
        rc = generate(o);
    }
    free(o);
    return rc;
}

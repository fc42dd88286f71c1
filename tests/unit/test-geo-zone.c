/* Zone CSV parser, the MMDB writer read back by libmaxminddb (an independent reader), and the
 * (prefix, set) pairs for the engine. Expected networks are worked out by hand below. */
#include "helper-geo.h"

#include <maxminddb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "geo-zone.h"

static const char edge_csv[] =
    "# edge prefixes\n"
    "prefix,zone,site,role,owner,sets\n"
    "0.0.0.0/0,v4-internet,,,\n"
    "::/0,v6-internet,,,\n"
    "10.0.0.0/8,corp,hq,own,netops\n"
    "10.1.0.0/16,core,hq,infra,netops,own\n"                 /* nested in 10/8 */
    "10.1.2.3/32,rtr1,hq,infra,\"Ops, \"\"A\"\"\",own noc\n" /* host route, quoting */
    "10.2.0.0/16,adjacent-a,dc1,aaa,netops\n"                /* adjacent pair */
    "10.3.0.0/16,adjacent-b,dc2,nms,netops\n"
    "2001:db8::/32,v6corp,hq,own,netops\n"
    "2001:db8::1/128,v6host,hq,syslog,netops\r\n";

static char dir[] = "/tmp/seawall-geo-zone-XXXXXX";

static void build(const char *csv, char *mmdb_out, size_t len)
{
    char csv_path[256];
    ck_assert_ptr_nonnull(mkdtemp(dir));
    snprintf(csv_path, sizeof(csv_path), "%s/z.csv", dir);
    snprintf(mmdb_out, len, "%s/z.mmdb", dir);
    geo_test_write(csv_path, csv);
    sw_error err = {0};
    ck_assert_msg(sw_geo_mmdb_build(csv_path, mmdb_out, &err) == SW_OK, "%s:%u: %s", err.file,
                  err.line, err.text);
}

/* zone name and prefix length libmaxminddb reports for ip */
static void expect_zone(MMDB_s *db, const char *ip, const char *zone, int netmask)
{
    int gai = 0, mmerr = 0;
    MMDB_lookup_result_s r = MMDB_lookup_string(db, ip, &gai, &mmerr);
    ck_assert_int_eq(gai, 0);
    ck_assert_int_eq(mmerr, MMDB_SUCCESS);
    ck_assert_msg(r.found_entry, "%s not found", ip);
    MMDB_entry_data_s ed;
    ck_assert_int_eq(MMDB_get_value(&r.entry, &ed, "zone", NULL), MMDB_SUCCESS);
    ck_assert_int_eq((int)ed.data_size, (int)strlen(zone));
    ck_assert_msg(memcmp(ed.utf8_string, zone, ed.data_size) == 0, "%s: wrong zone", ip);
    ck_assert_int_eq(r.netmask, netmask);
}

START_TEST(writer_read_by_libmaxminddb)
{
    char path[256];
    build(edge_csv, path, sizeof(path));
    MMDB_s db;
    ck_assert_int_eq(MMDB_open(path, MMDB_MODE_MMAP, &db), MMDB_SUCCESS);
    ck_assert_str_eq(db.metadata.database_type, "Seawall-Zones");
    ck_assert_int_eq(db.metadata.ip_version, 6);
    /* libmaxminddb reports IPv4 netmasks in the IPv6 tree (96 + n) for an IPv6 database. */
    expect_zone(&db, "10.1.2.3", "rtr1", 128);
    expect_zone(&db, "10.1.2.4", "core", 126);     /* 10.1.2.4/30 is the piece next to the /32 */
    expect_zone(&db, "10.1.255.255", "core", 113); /* 10.1.128.0/17 */
    expect_zone(&db, "10.9.0.1", "corp", 109);     /* 10.8.0.0/13 */
    expect_zone(&db, "10.2.255.1", "adjacent-a", 112);
    expect_zone(&db, "10.3.0.0", "adjacent-b", 112);
    expect_zone(&db, "192.0.2.1", "v4-internet", 97); /* 128.0.0.0/1 */
    expect_zone(&db, "::ffff:10.1.2.3", "rtr1", 128);
    expect_zone(&db, "2001:db8::1", "v6host", 128);
    expect_zone(&db, "2001:db8::2", "v6corp", 127);
    expect_zone(&db, "2001:db9::", "v6-internet", 32);
    expect_zone(&db, "ffff::1", "v6-internet", 1);
    MMDB_entry_data_s ed;
    int gai, mmerr;
    MMDB_lookup_result_s r = MMDB_lookup_string(&db, "10.1.2.3", &gai, &mmerr);
    ck_assert_int_eq(MMDB_get_value(&r.entry, &ed, "owner", NULL), MMDB_SUCCESS);
    ck_assert_int_eq(memcmp(ed.utf8_string, "Ops, \"A\"", ed.data_size), 0);
    ck_assert_int_eq(MMDB_get_value(&r.entry, &ed, "sets", "2", NULL), MMDB_SUCCESS);
    ck_assert_int_eq(memcmp(ed.utf8_string, "own", 3), 0); /* infra, noc, own (set order) */
    MMDB_close(&db);
}
END_TEST

typedef struct pairs {
    char text[64][64];
    int n;
} pairs;

static void collect(void *user, const char *cidr, sw_netset_id set)
{
    pairs *p = user;
    ck_assert_int_lt(p->n, 64);
    snprintf(p->text[p->n++], 64, "%d %s", (int)set, cidr);
}

START_TEST(netsets_csv_and_mmdb_agree)
{
    static const char csv[] = "10.0.0.0/8,corp,hq,own,x\n"
                              "10.128.0.0/9,core,hq,infra,x,own\n"
                              "2001:db8::/32,v6,hq,aaa,x\n";
    char path[256], csv_path[256];
    build(csv, path, sizeof(path));
    snprintf(csv_path, sizeof(csv_path), "%s/z.csv", dir);
    pairs a = {0}, b = {0};
    ck_assert_int_eq(sw_geo_zone_netsets_csv(csv_path, collect, &a, NULL), SW_OK);
    ck_assert_int_eq(sw_geo_zone_netsets_mmdb(path, collect, &b, NULL), SW_OK);
    /* 10/8 minus 10.128/9 is 10.0/9; SW_NET_INFRA=0, SW_NET_AAA=2, SW_NET_OWN=9 */
    static const char *const want[] = {"9 10.0.0.0/9", "0 10.128.0.0/9", "9 10.128.0.0/9",
                                       "2 2001:db8::/32"};
    ck_assert_int_eq(a.n, 4);
    ck_assert_int_eq(b.n, 4);
    for (int i = 0; i < 4; i++) {
        ck_assert_str_eq(a.text[i], want[i]);
        ck_assert_str_eq(b.text[i], want[i]);
    }
    sw_error err = {0};
    ck_assert_int_eq(sw_geo_zone_netsets_mmdb(sw_test_shared("testdata/mmdb/GeoIP2-City-Test.mmdb"),
                                              collect, &b, &err),
                     SW_ERR_UNSUPPORTED);
}
END_TEST

START_TEST(enrich_with_zone_db)
{
    char path[256];
    build(edge_csv, path, sizeof(path));
    sw_geo *geo = geo_test_open(NULL, path, 0, 8);
    json_t *o = geo_test_describe(geo, "10.1.2.3"); /* private: zone lookup still done */
    ck_assert_str_eq(geo_test_str(o, "ip_class", NULL), "private");
    ck_assert_str_eq(geo_test_str(o, "zone", "zone"), "rtr1");
    ck_assert_str_eq(geo_test_str(o, "zone", "role"), "infra");
    json_t *sets = json_object_get(json_object_get(o, "zone"), "sets");
    ck_assert_int_eq(json_array_size(sets), 3);
    ck_assert_str_eq(json_string_value(json_array_get(sets, 1)), "noc");
    json_decref(o);
    sw_geo_free(geo);
}
END_TEST

static sw_status parse(const char *text, sw_error *err, geo_zone_list *list)
{
    memset(list, 0, sizeof(*list));
    return geo_zone_csv_parse((const uint8_t *)text, strlen(text), "t.csv", list, err);
}

START_TEST(csv_errors_name_line)
{
    static const struct {
        const char *csv;
        unsigned line;
        const char *needle;
    } cases[] = {
        {"10.0.0.1/8,a,b,c,d\n", 1, "host bits"},
        {"# c\n10.0.0.0/33,a,b,c,d\n", 2, "0..32"},
        {"2001:db8::/129,a,b,c,d\n", 1, "0..128"},
        {"10.0.0.0/8,a,b,c,d,bogus\n", 1, "unknown network set"},
        {"::ffff:10.0.0.0/104,a,b,c,d\n", 1, "write it as IPv4"},
        {"10.0.0.0/8,a,b,c,d,own,x\n", 1, "more than 6 fields"},
        {"10.0.0.0/8,\"a,b,c,d\n", 1, "unterminated"},
        {"10.0.0.0/8,a\xff,b,c,d\n", 1, "UTF-8"},
        {"10.0.0.0/8,a,b\n", 1, "expected prefix"},
        {"10.0.0.0,a,b,c,d\nx.y,a,b,c,d\n", 2, "not an IPv4"},
        {"10.0.0.0/8,a,b,c,d\n\n10.0.0.0/8,e,f,g,h\n", 3, "same prefix as line 1"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        sw_error err = {0};
        geo_zone_list list;
        geo_trie trie = {0};
        sw_status st = parse(cases[i].csv, &err, &list);
        if (st == SW_OK)
            st = geo_trie_build(&list, "t.csv", &trie, &err);
        ck_assert_msg(st != SW_OK, "case %zu accepted", i);
        ck_assert_str_eq(err.file, "t.csv");
        ck_assert_uint_eq(err.line, cases[i].line);
        ck_assert_msg(strstr(err.text, cases[i].needle), "case %zu: '%s'", i, err.text);
        geo_trie_free(&trie);
        geo_zone_list_free(&list);
    }
}
END_TEST

START_TEST(csv_long_line_capped)
{
    char *text = malloc(GEO_ZONE_LINE_MAX + 64);
    memset(text, 'a', GEO_ZONE_LINE_MAX + 63);
    text[GEO_ZONE_LINE_MAX + 63] = '\0';
    sw_error err = {0};
    geo_zone_list list;
    ck_assert_int_eq(parse(text, &err, &list), SW_ERR_PARSE);
    geo_zone_list_free(&list);
    free(text);
}
END_TEST

static void parse_prefix(const uint8_t *buf, size_t len, void *user)
{
    geo_zone_list list = {0};
    (void)user;
    geo_zone_csv_parse(buf, len, "cut", &list, NULL);
    ck_assert_uint_le(list.n, 9);
    geo_zone_list_free(&list);
}

START_TEST(csv_every_truncation)
{
    sw_test_all_prefixes((const uint8_t *)edge_csv, sizeof(edge_csv) - 1, parse_prefix, NULL);
    geo_zone_list list;
    ck_assert_int_eq(parse(edge_csv, NULL, &list), SW_OK);
    ck_assert_uint_eq(list.n, 9);
    ck_assert_str_eq(list.rows[4].owner, "Ops, \"A\"");
    ck_assert_uint_eq(list.rows[0].len, 96);       /* 0.0.0.0/0 in the IPv6 tree */
    ck_assert_str_eq(list.rows[8].role, "syslog"); /* CRLF line end stripped */
    geo_zone_list_free(&list);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("geo-zone");
    TCase *tc = tcase_create("zone");
    tcase_add_test(tc, writer_read_by_libmaxminddb);
    tcase_add_test(tc, netsets_csv_and_mmdb_agree);
    tcase_add_test(tc, enrich_with_zone_db);
    tcase_add_test(tc, csv_errors_name_line);
    tcase_add_test(tc, csv_long_line_capped);
    tcase_add_test(tc, csv_every_truncation);
    suite_add_tcase(s, tc);
    return sw_test_run(s);
}

/* EVE enrichment, special ranges, cache, reload and counters. Special ranges are checked against
 * the IANA special-purpose registries (RFC 6890 and the RFCs cited in geo-ipclass.c). */
#include "eve-write.h"
#include "helper-geo.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

START_TEST(ip_classes)
{
    static const struct {
        const char *ip, *cls;
    } cases[] = {
        {"10.255.255.255", "private"},
        {"172.31.0.1", "private"},
        {"172.32.0.1", "public"},
        {"192.168.0.1", "private"},
        {"100.64.0.1", "cgnat"},
        {"100.128.0.1", "public"},
        {"127.0.0.1", "loopback"},
        {"169.254.1.1", "link_local"},
        {"192.0.2.7", "documentation"},
        {"198.51.100.1", "documentation"},
        {"203.0.113.9", "documentation"},
        {"224.0.0.5", "multicast"},
        {"239.255.255.255", "multicast"},
        {"255.255.255.255", "broadcast"},
        {"240.0.0.1", "reserved"},
        {"0.1.2.3", "unspecified"},
        {"8.8.8.8", "public"},
        {"::", "unspecified"},
        {"::1", "loopback"},
        {"fe80::1", "link_local"},
        {"fd00::1", "private"},
        {"ff02::1", "multicast"},
        {"2001:db8::1", "documentation"},
        {"3fff::1", "documentation"},
        {"2001:4860::8888", "public"},
        {"::ffff:10.0.0.1", "private"},
        {"::ffff:8.8.8.8", "public"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        sw_ip ip;
        ck_assert_int_eq(sw_ip_parse(&ip, cases[i].ip), SW_OK);
        ck_assert_msg(strcmp(sw_geo_ip_class_name(sw_geo_ip_class(&ip)), cases[i].cls) == 0,
                      "%s: got %s", cases[i].ip, sw_geo_ip_class_name(sw_geo_ip_class(&ip)));
    }
    ck_assert_ptr_null(sw_geo_ip_class_name(SW_IP_CLASS_COUNT));
}
END_TEST

static const char *const city_asn[] = {"testdata/mmdb/GeoIP2-City-Test.mmdb",
                                       "testdata/mmdb/GeoLite2-ASN-Test.mmdb", NULL};

START_TEST(enrich_record_keeps_keys)
{
    sw_geo *geo = geo_test_open(city_asn, NULL, 0, 16);
    json_t *rec = json_pack("{s:s,s:s,s:s,s:{s:i}}", "event_type", "alert", "src_ip", "81.2.69.160",
                            "dest_ip", "192.168.1.1", "seawall", "rule", 7);
    ck_assert_int_eq(sw_geo_enrich(geo, rec), SW_OK);
    json_t *ext = json_object_get(rec, "seawall");
    ck_assert_int_eq(json_integer_value(json_object_get(ext, "rule")), 7);
    ck_assert_str_eq(geo_test_str(json_object_get(ext, "src"), "geo", "city"), "London");
    ck_assert_str_eq(geo_test_str(json_object_get(ext, "dest"), "ip_class", NULL), "private");
    ck_assert_str_eq(json_string_value(json_object_get(rec, "event_type")), "alert");
    json_decref(rec);
    /* no "seawall" yet: created; a bad address is counted, the other end still enriched */
    rec = json_pack("{s:s,s:s}", "src_ip", "not-an-ip", "dest_ip", "2001:480:10::1");
    ck_assert_int_eq(sw_geo_enrich(geo, rec), SW_ERR_INVALID);
    ext = json_object_get(rec, "seawall");
    ck_assert_ptr_null(json_object_get(ext, "src"));
    ck_assert_str_eq(geo_test_str(json_object_get(ext, "dest"), "geo", "city"), "San Diego");
    ck_assert_uint_eq(sw_geo_get_stats(geo)->invalid_ip, 1);
    json_decref(rec);
    rec = json_pack("{s:s,s:i}", "src_ip", "1.1.1.1", "seawall", 3); /* never clobbered */
    ck_assert_int_eq(sw_geo_enrich(geo, rec), SW_ERR_INVALID);
    ck_assert_int_eq(json_integer_value(json_object_get(rec, "seawall")), 3);
    json_decref(rec);
    sw_geo_free(geo);
}
END_TEST

static json_t *describe_with(const sw_ip *ip, void *user)
{
    return sw_geo_describe(user, ip);
}

/* The sensor writes alerts as text with sw_geo_describe (core/eve-write.h); the bytes must be
 * those of the tree enriched by sw_geo_enrich, with real City/ASN answers, locations, special
 * ranges and v4-mapped addresses, on both ends. */
START_TEST(text_alert_equals_enriched_tree)
{
    static const char *const ips[] = {"81.2.69.160",        "192.168.1.1", "2001:480:10::1",
                                      "::ffff:81.2.69.160", "8.8.8.8",     "1.128.0.1"};
    sw_geo *geo = geo_test_open(city_asn, NULL, 1, 16);
    sw_catalog_entry entry = {"ST-ACC-005", 1,           9100205,         1,  "SEAWALL test",
                              "Test",       SW_SEV_HIGH, {"T1133", NULL}, "d"};
    sw_jbuf text, tree;
    sw_jbuf_init(&text, 1 << 16);
    sw_jbuf_init(&tree, 1 << 16);
    for (size_t i = 0; i < 6; i++) {
        sw_flow_obs f;
        memset(&f, 0, sizeof(f));
        ck_assert_int_eq(sw_ip_parse(&f.src, ips[i]), SW_OK);
        ck_assert_int_eq(sw_ip_parse(&f.dst, ips[(i + 1) % 6]), SW_OK);
        f.proto = 6;
        f.sp = 40000;
        f.dp = 22;
        f.flow_id = 1234 + i;
        sw_alert a = {&entry, SW_SEV_HIGH, {1700000000, 5}, 9, &f, 1, {{"source", ips[i]}}};
        sw_eve_options opt = {1, 0, NULL, NULL};
        json_t *rec = sw_eve_alert(&a, &opt);
        ck_assert_int_eq(sw_geo_enrich(geo, rec), SW_OK);
        tree.len = text.len = 0;
        ck_assert_int_eq(sw_json_append(&tree, rec), 0);
        json_decref(rec);
        ck_assert_int_eq(sw_eve_alert_write(&text, &a, &opt, describe_with, geo), 0);
        ck_assert_msg(text.len == tree.len && memcmp(text.data, tree.data, tree.len) == 0,
                      "%s:\n tree %.*s\n text %.*s", ips[i], (int)tree.len, tree.data,
                      (int)text.len, text.data);
        ck_assert_ptr_nonnull(strstr(text.data, "\"src\":{"));
        if (i == 0) /* the City database answered */
            ck_assert_ptr_nonnull(strstr(text.data, "\"city\":\"London\""));
    }
    sw_jbuf_free(&text);
    sw_jbuf_free(&tree);
    sw_geo_free(geo);
}
END_TEST

START_TEST(cache_hits_and_evictions)
{
    sw_geo *geo = geo_test_open(city_asn, NULL, 0, 2);
    const char *seq[] = {"81.2.69.160", "89.160.20.128", "81.2.69.160", "1.128.0.1",
                         "89.160.20.128"};
    for (size_t i = 0; i < 5; i++)
        json_decref(geo_test_describe(geo, seq[i]));
    const sw_geo_stats *st = sw_geo_get_stats(geo);
    /* capacity 2: A B A(hit) C(evicts B, the least recent) B(miss, evicts A) */
    ck_assert_uint_eq(st->lookups, 5);
    ck_assert_uint_eq(st->cache_hits, 1);
    ck_assert_uint_eq(st->cache_misses, 4);
    ck_assert_uint_eq(st->cache_evictions, 2);
    sw_geo_free(geo);
}
END_TEST

START_TEST(no_cache_same_answers)
{
    sw_geo *geo = geo_test_open(city_asn, NULL, 0, 0);
    for (int i = 0; i < 2; i++) {
        json_t *o = geo_test_describe(geo, "81.2.69.160");
        ck_assert_str_eq(geo_test_str(o, "geo", "city"), "London");
        json_decref(o);
    }
    ck_assert_uint_eq(sw_geo_get_stats(geo)->cache_hits, 0);
    sw_geo_free(geo);
}
END_TEST

static void copy_file(const char *from, const char *to)
{
    FILE *in = fopen(from, "rb"), *out = fopen(to, "wb");
    ck_assert(in && out);
    char buf[65536];
    size_t n;
    while ((n = fread(buf, 1, sizeof(buf), in)) > 0)
        ck_assert_uint_eq(fwrite(buf, 1, n, out), n);
    fclose(in);
    fclose(out);
}

START_TEST(reload_keeps_old_on_failure)
{
    char dir[] = "/tmp/seawall-geo-reload-XXXXXX", path[256];
    ck_assert_ptr_nonnull(mkdtemp(dir));
    snprintf(path, sizeof(path), "%s/asn.mmdb", dir);
    copy_file(sw_test_shared("testdata/mmdb/GeoLite2-ASN-Test.mmdb"), path);
    sw_geo_config cfg;
    sw_error err = {0};
    sw_geo_config_defaults(&cfg);
    cfg.no_discovery = 1;
    sw_geo_config_add_database(&cfg, path, &err);
    sw_geo *geo = sw_geo_open(&cfg, NULL, NULL, &err);
    ck_assert_ptr_nonnull(geo);
    /* replaced by garbage (via rename, as geoipupdate does): reload fails, old data answers */
    char tmp[300];
    snprintf(tmp, sizeof(tmp), "%s.new", path);
    geo_test_write(tmp, "not a database");
    ck_assert_int_eq(rename(tmp, path), 0);
    ck_assert_int_ne(sw_geo_reload(geo, &err), SW_OK);
    ck_assert_str_eq(err.file, path);
    json_t *o = geo_test_describe(geo, "1.128.0.1");
    ck_assert_int_eq(json_integer_value(json_object_get(json_object_get(o, "as"), "number")), 1221);
    json_decref(o);
    /* replaced by the ISP database: reload succeeds, the cache is emptied, new data answers */
    copy_file(sw_test_shared("testdata/mmdb/GeoIP2-ISP-Test.mmdb"), tmp);
    ck_assert_int_eq(rename(tmp, path), 0);
    ck_assert_int_eq(sw_geo_reload(geo, &err), SW_OK);
    o = geo_test_describe(geo, "1.128.0.1");
    ck_assert_str_eq(geo_test_str(o, "isp", NULL), "Telstra Internet");
    json_decref(o);
    const sw_geo_stats *st = sw_geo_get_stats(geo);
    ck_assert_uint_eq(st->reloads, 2);
    ck_assert_uint_eq(st->reload_errors, 1);
    ck_assert_uint_eq(st->cache_hits, 0);
    sw_geo_free(geo);
    unlink(path);
    rmdir(dir);
}
END_TEST

START_TEST(stats_names_pinned)
{
    sw_geo_stats st = {.lookups = 3, .errors = 1};
    json_t *obj = json_object();
    sw_geo_stats_to_json(&st, obj);
    static const char *const names[] = {"geo.lookups",         "geo.cache_hits", "geo.cache_misses",
                                        "geo.cache_evictions", "geo.special",    "geo.not_found",
                                        "geo.invalid_ip",      "geo.errors",     "geo.reloads",
                                        "geo.reload_errors",   "geo.databases"};
    ck_assert_uint_eq(json_object_size(obj), sizeof(names) / sizeof(names[0]));
    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
        ck_assert_ptr_nonnull(json_object_get(obj, names[i]));
    ck_assert_int_eq(json_integer_value(json_object_get(obj, "geo.lookups")), 3);
    ck_assert_int_eq(json_integer_value(json_object_get(obj, "geo.errors")), 1);
    json_decref(obj);
}
END_TEST

START_TEST(config_defaults_and_limits)
{
    sw_geo_config cfg;
    sw_error err = {0};
    sw_geo_config_defaults(&cfg);
    ck_assert_int_eq(cfg.include_location, 0);
    ck_assert_int_eq(cfg.on_error, SW_GEO_ON_ERROR_STOP);
    ck_assert_uint_eq(cfg.cache_size, SW_GEO_DEFAULT_CACHE);
    for (int i = 0; i < SW_GEO_MAX_DATABASES; i++)
        ck_assert_int_eq(sw_geo_config_add_database(&cfg, "/x.mmdb", &err), SW_OK);
    ck_assert_int_eq(sw_geo_config_add_database(&cfg, "/y.mmdb", &err), SW_ERR_LIMIT);
    ck_assert_str_eq(err.key, "geo.databases");
    sw_geo_config_defaults(&cfg);
    cfg.no_discovery = 1;
    cfg.cache_size = SW_GEO_MAX_CACHE + 1;
    ck_assert_ptr_null(sw_geo_open(&cfg, NULL, NULL, &err));
    ck_assert_str_eq(err.key, "geo.cache-size");
}
END_TEST

#ifdef SW_GEO_HAVE_CONF
START_TEST(config_yaml)
{
    static const char yaml[] = "geo:\n  databases: [/a.mmdb, /b.mmdb]\n  zone-db: /z.mmdb\n"
                               "  location: true\n  on-error: continue\n  cache-size: 99\n";
    sw_conf_node *root = NULL;
    sw_error err = {0};
    ck_assert_int_eq(sw_conf_load_string(yaml, strlen(yaml), "t.yaml", &root, &err), SW_OK);
    sw_geo_config cfg;
    sw_geo_config_defaults(&cfg);
    ck_assert_int_eq(sw_geo_config_apply(&cfg, root, &err), SW_OK);
    ck_assert_uint_eq(cfg.n_databases, 2);
    ck_assert_str_eq(cfg.databases[1], "/b.mmdb");
    ck_assert_str_eq(cfg.zone_db, "/z.mmdb");
    ck_assert_int_eq(cfg.include_location, 1);
    ck_assert_int_eq(cfg.on_error, SW_GEO_ON_ERROR_CONTINUE);
    ck_assert_uint_eq(cfg.cache_size, 99);
    sw_conf_free(root);
    static const char bad[] = "geo:\n  on-error: maybe\n";
    ck_assert_int_eq(sw_conf_load_string(bad, strlen(bad), "t.yaml", &root, &err), SW_OK);
    ck_assert_int_ne(sw_geo_config_apply(&cfg, root, &err), SW_OK);
    ck_assert_uint_eq(err.line, 2);
    sw_conf_free(root);
}
END_TEST
#endif

int main(void)
{
    Suite *s = suite_create("geo-enrich");
    TCase *tc = tcase_create("enrich");
    tcase_add_test(tc, ip_classes);
    tcase_add_test(tc, enrich_record_keeps_keys);
    tcase_add_test(tc, text_alert_equals_enriched_tree);
    tcase_add_test(tc, cache_hits_and_evictions);
    tcase_add_test(tc, no_cache_same_answers);
    tcase_add_test(tc, reload_keeps_old_on_failure);
    tcase_add_test(tc, stats_names_pinned);
    tcase_add_test(tc, config_defaults_and_limits);
#ifdef SW_GEO_HAVE_CONF
    tcase_add_test(tc, config_yaml);
#endif
    suite_add_tcase(s, tc);
    return sw_test_run(s);
}

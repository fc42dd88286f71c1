/* geo lookups against MaxMind's test databases. Expected values are from RANGES.md and from
 * `mmdblookup` (libmaxminddb's own reader), never from this module. */
#include "helper-geo.h"

#include <string.h>

static const char *const city_asn[] = {"testdata/mmdb/GeoIP2-City-Test.mmdb",
                                       "testdata/mmdb/GeoLite2-ASN-Test.mmdb", NULL};

START_TEST(city_ipv4_hit)
{
    sw_geo *geo = geo_test_open(city_asn, NULL, 0, 16);
    /* RANGES.md: 89.160.20.128/25 SE / Linköping; mmdblookup: Sweden, Östergötland County */
    json_t *o = geo_test_describe(geo, "89.160.20.128");
    ck_assert_str_eq(geo_test_str(o, "ip_class", NULL), "public");
    ck_assert_str_eq(geo_test_str(o, "geo", "country_iso"), "SE");
    ck_assert_str_eq(geo_test_str(o, "geo", "country"), "Sweden");
    ck_assert_str_eq(geo_test_str(o, "geo", "city"), "Link\xc3\xb6ping");
    ck_assert_str_eq(geo_test_str(o, "geo", "subdivision"), "\xc3\x96sterg\xc3\xb6tland County");
    ck_assert_ptr_null(json_object_get(json_object_get(o, "geo"), "location")); /* off by default */
    json_decref(o);
    sw_geo_free(geo);
}
END_TEST

START_TEST(city_ipv6_hit)
{
    sw_geo *geo = geo_test_open(city_asn, NULL, 0, 16);
    /* RANGES.md: 2001:480:10::/48 US / San Diego; mmdblookup: subdivision California */
    json_t *o = geo_test_describe(geo, "2001:480:10::1");
    ck_assert_str_eq(geo_test_str(o, "geo", "country_iso"), "US");
    ck_assert_str_eq(geo_test_str(o, "geo", "city"), "San Diego");
    ck_assert_str_eq(geo_test_str(o, "geo", "subdivision"), "California");
    json_decref(o);
    sw_geo_free(geo);
}
END_TEST

START_TEST(city_mapped_ipv4_hit)
{
    sw_geo *geo = geo_test_open(city_asn, NULL, 0, 16);
    /* RANGES.md: 81.2.69.160/27 GB / London, asked as IPv4-mapped IPv6 */
    json_t *o = geo_test_describe(geo, "::ffff:81.2.69.160");
    ck_assert_str_eq(geo_test_str(o, "geo", "country_iso"), "GB");
    ck_assert_str_eq(geo_test_str(o, "geo", "city"), "London");
    json_decref(o);
    sw_geo_free(geo);
}
END_TEST

START_TEST(misses_have_no_geo)
{
    sw_geo *geo = geo_test_open(city_asn, NULL, 0, 16);
    const char *misses[] = {"1.1.1.1", "2c0f:ff00::1", "::ffff:1.1.1.1"};
    for (size_t i = 0; i < 3; i++) {
        json_t *o = geo_test_describe(geo, misses[i]);
        ck_assert_str_eq(geo_test_str(o, "ip_class", NULL), "public");
        ck_assert_ptr_null(json_object_get(o, "geo"));
        json_decref(o);
    }
    /* 2c0f:ff00::/26 is in the ASN database (RANGES.md: AS237) but not in City; mmdblookup
     * finds 1.1.1.1 in neither, and ::ffff:1.1.1.1 is the same key, answered by the cache. */
    ck_assert_uint_eq(sw_geo_get_stats(geo)->not_found, 1);
    ck_assert_uint_eq(sw_geo_get_stats(geo)->cache_hits, 1);
    sw_geo_free(geo);
}
END_TEST

START_TEST(asn_hits)
{
    sw_geo *geo = geo_test_open(city_asn, NULL, 0, 16);
    /* mmdblookup GeoLite2-ASN-Test: 1.128.0.1 -> 1221 Telstra; 2600:7000::1 -> 6939 HE */
    json_t *o = geo_test_describe(geo, "1.128.0.1");
    ck_assert_int_eq(json_integer_value(json_object_get(json_object_get(o, "as"), "number")), 1221);
    ck_assert_str_eq(geo_test_str(o, "as", "organization"), "Telstra Pty Ltd");
    json_decref(o);
    o = geo_test_describe(geo, "2600:7000::1");
    ck_assert_int_eq(json_integer_value(json_object_get(json_object_get(o, "as"), "number")), 6939);
    ck_assert_str_eq(geo_test_str(o, "as", "organization"), "Hurricane Electric, Inc.");
    json_decref(o);
    sw_geo_free(geo);
}
END_TEST

START_TEST(isp_connection_country)
{
    static const char *const dbs[] = {"testdata/mmdb/GeoIP2-Country-Test.mmdb",
                                      "testdata/mmdb/GeoIP2-ISP-Test.mmdb",
                                      "testdata/mmdb/GeoIP2-Connection-Type-Test.mmdb", NULL};
    sw_geo *geo = geo_test_open(dbs, NULL, 0, 16);
    json_t *o = geo_test_describe(geo, "1.128.0.1"); /* mmdblookup: isp Telstra Internet */
    ck_assert_str_eq(geo_test_str(o, "isp", NULL), "Telstra Internet");
    json_decref(o);
    o = geo_test_describe(geo, "1.0.1.1"); /* RANGES.md: 1.0.1.0/24 Cellular */
    ck_assert_str_eq(geo_test_str(o, "connection_type", NULL), "Cellular");
    json_decref(o);
    /* RANGES.md: 2001:220::/128 is SE, 2001:220::1/128 is KR (adjacent host routes) */
    o = geo_test_describe(geo, "2001:220::");
    ck_assert_str_eq(geo_test_str(o, "geo", "country_iso"), "SE");
    json_decref(o);
    o = geo_test_describe(geo, "2001:220::1");
    ck_assert_str_eq(geo_test_str(o, "geo", "country_iso"), "KR");
    json_decref(o);
    sw_geo_free(geo);
}
END_TEST

START_TEST(location_option)
{
    sw_geo *geo = geo_test_open(city_asn, NULL, 1, 16);
    json_t *o = geo_test_describe(geo, "89.160.20.128"); /* mmdblookup: 58.4167, 15.6167 */
    json_t *loc = json_object_get(json_object_get(o, "geo"), "location");
    ck_assert_double_eq_tol(json_real_value(json_object_get(loc, "lat")), 58.4167, 1e-9);
    ck_assert_double_eq_tol(json_real_value(json_object_get(loc, "lon")), 15.6167, 1e-9);
    json_decref(o);
    sw_geo_free(geo);
}
END_TEST

START_TEST(private_is_not_looked_up)
{
    sw_geo *geo = geo_test_open(city_asn, NULL, 0, 16);
    json_t *o = geo_test_describe(geo, "10.1.2.3");
    ck_assert_str_eq(geo_test_str(o, "ip_class", NULL), "private");
    ck_assert_int_eq(json_object_size(o), 1);
    json_decref(o);
    ck_assert_uint_eq(sw_geo_get_stats(geo)->special, 1);
    ck_assert_uint_eq(sw_geo_get_stats(geo)->not_found, 0);
    sw_geo_free(geo);
}
END_TEST

START_TEST(ipv4_only_database)
{
    static const char *const dbs[] = {"testdata/mmdb/MaxMind-DB-test-ipv4-24.mmdb", NULL};
    sw_error err = {0};
    sw_geo_config cfg;
    sw_geo_config_defaults(&cfg);
    cfg.no_discovery = 1;
    sw_geo_config_add_database(&cfg, sw_test_shared(dbs[0]), &err);
    /* database_type "Test" is none of the kinds Seawall reads: a wrong-type error */
    ck_assert_ptr_null(sw_geo_open(&cfg, NULL, NULL, &err));
    ck_assert_ptr_nonnull(strstr(err.text, "wrong database type 'Test'"));
    ck_assert_str_eq(err.file, sw_test_shared(dbs[0]));
}
END_TEST

int main(void)
{
    Suite *s = suite_create("geo-lookup");
    TCase *tc = tcase_create("maxmind-test-dbs");
    tcase_add_test(tc, city_ipv4_hit);
    tcase_add_test(tc, city_ipv6_hit);
    tcase_add_test(tc, city_mapped_ipv4_hit);
    tcase_add_test(tc, misses_have_no_geo);
    tcase_add_test(tc, asn_hits);
    tcase_add_test(tc, isp_connection_country);
    tcase_add_test(tc, location_option);
    tcase_add_test(tc, private_is_not_looked_up);
    tcase_add_test(tc, ipv4_only_database);
    suite_add_tcase(s, tc);
    return sw_test_run(s);
}

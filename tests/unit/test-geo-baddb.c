/* Corrupt, truncated and wrong-type databases: a clear error naming the file, never a crash.
 * Which files are broken comes from MaxMind's bad-data README and from `mmdblookup`, which
 * fails to open or to read each of the files listed as rejected here. */
#include "helper-geo.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *const rejected[] = {
    "testdata/mmdb/bad-data/libmaxminddb__libmaxminddb-deep-array-nesting.mmdb",
    "testdata/mmdb/bad-data/libmaxminddb__libmaxminddb-metadata-marker-only.mmdb",
    "testdata/mmdb/bad-data/libmaxminddb__libmaxminddb-oversized-array.mmdb",
    "testdata/mmdb/bad-data/libmaxminddb__libmaxminddb-oversized-map.mmdb",
    "testdata/mmdb/bad-data/libmaxminddb__libmaxminddb-separator-record-max-left.mmdb",
    "testdata/mmdb/bad-data/libmaxminddb__libmaxminddb-separator-record-min-left.mmdb",
    "testdata/mmdb/bad-data/maxminddb-golang__invalid-bytes-length.mmdb",
    "testdata/mmdb/bad-data/maxminddb-golang__invalid-data-record-offset.mmdb",
    "testdata/mmdb/bad-data/maxminddb-golang__invalid-map-key-length.mmdb",
    "testdata/mmdb/bad-data/maxminddb-golang__metadata-is-an-uint128.mmdb",
    "testdata/mmdb/bad-data/maxminddb-golang__unexpected-bytes.mmdb",
    "testdata/mmdb/bad-data/maxminddb-python__bad-unicode-in-map-key.mmdb",
    "testdata/mmdb/GeoIP2-City-Test-Broken-Double-Format.mmdb",
    "testdata/mmdb/GeoIP2-City-Test-Invalid-Node-Count.mmdb",
    "testdata/mmdb/MaxMind-DB-test-broken-pointers-24.mmdb",
    "testdata/mmdb/MaxMind-DB-test-broken-search-tree-24.mmdb",
};

/* mmdblookup reads these without error: Seawall may accept or reject them (they are not City,
 * ASN, ... databases), but must not crash and must name the file if it rejects. */
static const char *const readable[] = {
    "testdata/mmdb/bad-data/libmaxminddb__libmaxminddb-empty-array-last-in-metadata.mmdb",
    "testdata/mmdb/bad-data/libmaxminddb__libmaxminddb-empty-map-last-in-metadata.mmdb",
    "testdata/mmdb/bad-data/libmaxminddb__libmaxminddb-separator-record-min-right.mmdb",
    "testdata/mmdb/bad-data/libmaxminddb__libmaxminddb-uint64-max-epoch.mmdb",
};

static sw_geo *open_one(const char *path, sw_geo_on_error policy, sw_error *err, int *reports)
{
    sw_geo_config cfg;
    sw_geo_config_defaults(&cfg);
    cfg.no_discovery = 1;
    cfg.on_error = policy;
    ck_assert_int_eq(sw_geo_config_add_database(&cfg, path, err), SW_OK);
    return sw_geo_open(&cfg, NULL, reports, err);
}

START_TEST(rejected_with_file_name)
{
    const char *path = sw_test_shared(rejected[_i]);
    char copy[4096];
    snprintf(copy, sizeof(copy), "%s", path);
    sw_error err = {0};
    sw_geo *geo = open_one(copy, SW_GEO_ON_ERROR_STOP, &err, NULL);
    ck_assert_msg(geo == NULL, "%s was accepted", rejected[_i]);
    ck_assert_str_eq(err.file, copy);
    ck_assert_msg(strlen(err.text) > 10, "vague message: '%s'", err.text);
}
END_TEST

static void count_errors(void *user, int is_error, const char *text)
{
    (void)text;
    *(int *)user += is_error;
}

START_TEST(continue_leaves_it_out)
{
    sw_geo_config cfg;
    sw_error err = {0};
    int errors = 0;
    sw_geo_config_defaults(&cfg);
    cfg.no_discovery = 1;
    cfg.on_error = SW_GEO_ON_ERROR_CONTINUE;
    sw_geo_config_add_database(&cfg, sw_test_shared(rejected[_i]), &err);
    sw_geo_config_add_database(&cfg, sw_test_shared("testdata/mmdb/GeoLite2-ASN-Test.mmdb"), &err);
    sw_geo *geo = sw_geo_open(&cfg, count_errors, &errors, &err);
    ck_assert_ptr_nonnull(geo);
    ck_assert_int_eq(errors, 1);
    ck_assert_uint_eq(sw_geo_get_stats(geo)->databases, 1);
    json_t *o = geo_test_describe(geo, "1.128.0.1"); /* the good database still answers */
    ck_assert_int_eq(json_integer_value(json_object_get(json_object_get(o, "as"), "number")), 1221);
    json_decref(o);
    sw_geo_free(geo);
}
END_TEST

START_TEST(readable_never_crash)
{
    sw_error err = {0};
    sw_geo *geo = open_one(sw_test_shared(readable[_i]), SW_GEO_ON_ERROR_STOP, &err, NULL);
    if (!geo) {
        ck_assert_str_eq(err.file, sw_test_shared(readable[_i]));
        return;
    }
    json_t *o = geo_test_describe(geo, "1.1.1.1");
    json_decref(o);
    sw_geo_free(geo);
}
END_TEST

/* Every 1/16th cut of a good database: each prefix must be refused with the file named. */
START_TEST(truncated_database)
{
    const char *src = sw_test_shared("testdata/mmdb/GeoLite2-ASN-Test.mmdb");
    FILE *in = fopen(src, "rb");
    ck_assert_ptr_nonnull(in);
    static uint8_t data[1 << 22];
    size_t len = fread(data, 1, sizeof(data), in);
    fclose(in);
    char path[] = "/tmp/seawall-geo-trunc-XXXXXX";
    int fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    for (size_t cut = 0; cut < 16; cut++) {
        FILE *out = fopen(path, "wb");
        fwrite(data, 1, len * cut / 16, out);
        fclose(out);
        sw_error err = {0};
        ck_assert_ptr_null(open_one(path, SW_GEO_ON_ERROR_STOP, &err, NULL));
        ck_assert_str_eq(err.file, path);
    }
    unlink(path);
}
END_TEST

START_TEST(wrong_type_and_missing)
{
    sw_error err = {0};
    /* GeoIP2-Anonymous-IP: a real MaxMind type Seawall does not read */
    ck_assert_ptr_null(open_one(sw_test_shared("testdata/mmdb/GeoIP2-Anonymous-IP-Test.mmdb"),
                                SW_GEO_ON_ERROR_STOP, &err, NULL));
    ck_assert_ptr_nonnull(strstr(err.text, "wrong database type 'GeoIP2-Anonymous-IP'"));
    /* a City database given as zone-db */
    sw_geo_config cfg;
    sw_geo_config_defaults(&cfg);
    cfg.no_discovery = 1;
    snprintf(cfg.zone_db, sizeof(cfg.zone_db), "%s",
             sw_test_shared("testdata/mmdb/GeoIP2-City-Test.mmdb"));
    ck_assert_ptr_null(sw_geo_open(&cfg, NULL, NULL, &err));
    ck_assert_ptr_nonnull(strstr(err.text, "for zone-db"));
    ck_assert_ptr_null(
        open_one("/nonexistent/GeoLite2-City.mmdb", SW_GEO_ON_ERROR_STOP, &err, NULL));
    ck_assert_int_eq(err.line, 0);
    ck_assert_str_eq(err.file, "/nonexistent/GeoLite2-City.mmdb");
    ck_assert_ptr_nonnull(strstr(err.text, "cannot open"));
}
END_TEST

int main(void)
{
    Suite *s = suite_create("geo-baddb");
    TCase *tc = tcase_create("bad-databases");
    size_t n_rejected = sizeof(rejected) / sizeof(rejected[0]);
    tcase_add_loop_test(tc, rejected_with_file_name, 0, (int)n_rejected);
    tcase_add_loop_test(tc, continue_leaves_it_out, 0, (int)n_rejected);
    tcase_add_loop_test(tc, readable_never_crash, 0, sizeof(readable) / sizeof(readable[0]));
    tcase_add_test(tc, truncated_database);
    tcase_add_test(tc, wrong_type_and_missing);
    suite_add_tcase(s, tc);
    return sw_test_run(s);
}

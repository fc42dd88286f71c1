/* Unit tests for core/catalog.c: the shipped catalog against docs/detections.md section 5 and the
 * sid scheme of the brief, and every malformed-catalog error with its file:line: key. */
#include "catalog.h"
#include "sw-test.h"

#include <stdio.h>
#include <string.h>

/* Section 5 of docs/detections.md: id, sid by the family-base scheme, default severity. */
static const struct {
    const char *id;
    uint32_t sid;
    sw_severity sev;
} expected[] = {
    {"ST-EXP-001", 9100101, SW_SEV_HIGH},     {"ST-EXP-002", 9100102, SW_SEV_HIGH},
    {"ST-EXP-003", 9100103, SW_SEV_MEDIUM},   {"ST-EXP-004", 9100104, SW_SEV_CRITICAL},
    {"ST-EXP-005", 9100105, SW_SEV_MEDIUM},   {"ST-EXP-006", 9100106, SW_SEV_HIGH},
    {"ST-EXP-007", 9100107, SW_SEV_CRITICAL}, {"ST-EXP-008", 9100108, SW_SEV_MEDIUM},
    {"ST-EXP-009", 9100109, SW_SEV_CRITICAL}, {"ST-EXP-010", 9100110, SW_SEV_MEDIUM},
    {"ST-EXP-011", 9100111, SW_SEV_HIGH},     {"ST-EXP-012", 9100112, SW_SEV_HIGH},
    {"ST-EXP-013", 9100113, SW_SEV_HIGH},     {"ST-ACC-001", 9100201, SW_SEV_HIGH},
    {"ST-ACC-002", 9100202, SW_SEV_HIGH},     {"ST-ACC-003", 9100203, SW_SEV_MEDIUM},
    {"ST-ACC-004", 9100204, SW_SEV_MEDIUM},   {"ST-ACC-005", 9100205, SW_SEV_HIGH},
    {"ST-ACC-006", 9100206, SW_SEV_MEDIUM},   {"ST-LAT-001", 9100301, SW_SEV_HIGH},
    {"ST-LAT-002", 9100302, SW_SEV_HIGH},     {"ST-LAT-003", 9100303, SW_SEV_MEDIUM},
    {"ST-LAT-004", 9100304, SW_SEV_MEDIUM},   {"ST-TUN-001", 9100401, SW_SEV_HIGH},
    {"ST-TUN-002", 9100402, SW_SEV_HIGH},     {"ST-TUN-003", 9100403, SW_SEV_CRITICAL},
    {"ST-TUN-004", 9100404, SW_SEV_MEDIUM},   {"ST-AAA-001", 9100501, SW_SEV_CRITICAL},
    {"ST-AAA-002", 9100502, SW_SEV_HIGH},     {"ST-AAA-003", 9100503, SW_SEV_MEDIUM},
    {"ST-AAA-004", 9100504, SW_SEV_CRITICAL}, {"ST-SNMP-001", 9100601, SW_SEV_HIGH},
    {"ST-SNMP-002", 9100602, SW_SEV_HIGH},    {"ST-SNMP-003", 9100603, SW_SEV_MEDIUM},
    {"ST-SNMP-004", 9100604, SW_SEV_LOW},     {"ST-EXF-001", 9100701, SW_SEV_HIGH},
    {"ST-EXF-002", 9100702, SW_SEV_CRITICAL}, {"ST-EXF-003", 9100703, SW_SEV_HIGH},
    {"ST-EXF-004", 9100704, SW_SEV_HIGH},     {"ST-EVA-001", 9100801, SW_SEV_MEDIUM},
    {"ST-EVA-002", 9100802, SW_SEV_MEDIUM},   {"ST-CON-001", 9100901, SW_SEV_HIGH},
    {"ST-C2-001", 9101001, SW_SEV_HIGH},      {"ST-SCAN-001", 9101101, SW_SEV_MEDIUM},
};
#define N_EXPECTED (sizeof(expected) / sizeof(expected[0]))

static sw_catalog *load_shipped(void)
{
    sw_catalog *cat = NULL;
    sw_error err;
    memset(&err, 0, sizeof(err));
    sw_status st = sw_catalog_load_file(sw_test_source("signatures/catalog.yaml"), &cat, &err);
    char msg[1024];
    sw_error_format(&err, msg, sizeof(msg));
    ck_assert_msg(st == SW_OK, "shipped catalog: %s", msg);
    return cat;
}

START_TEST(test_shipped_catalog_has_every_section5_id)
{
    sw_catalog *cat = load_shipped();
    ck_assert_uint_eq(sw_catalog_count(cat), N_EXPECTED);
    for (size_t i = 0; i < N_EXPECTED; i++) {
        const sw_catalog_entry *e = sw_catalog_find(cat, expected[i].id);
        ck_assert_msg(e != NULL, "%s missing", expected[i].id);
        ck_assert_uint_eq(e->gid, 1);
        ck_assert_uint_eq(e->sid, expected[i].sid);
        ck_assert_uint_eq(e->rev, 1);
        ck_assert_int_eq(e->severity, expected[i].sev);
        ck_assert_ptr_eq(sw_catalog_find_sid(cat, expected[i].sid), e);
        char prefix[64];
        snprintf(prefix, sizeof(prefix), "SEAWALL %s ", expected[i].id);
        ck_assert_msg(strncmp(e->signature, prefix, strlen(prefix)) == 0, "%s", e->signature);
        ck_assert_ptr_nonnull(e->attack[0]);
        ck_assert_str_ne(e->category, "");
        ck_assert_str_ne(e->description, "");
    }
    sw_catalog_free(cat);
}
END_TEST

START_TEST(test_shipped_entries_match_the_table)
{
    sw_catalog *cat = load_shipped();
    const sw_catalog_entry *tun1 = sw_catalog_find(cat, "ST-TUN-001");
    ck_assert_str_eq(tun1->signature,
                     "SEAWALL ST-TUN-001 GRE tunnel from infrastructure to unapproved peer");
    ck_assert_str_eq(tun1->attack[0], "T1572");
    ck_assert_str_eq(tun1->attack[1], "T1095");
    ck_assert_ptr_null(tun1->attack[2]);
    const sw_catalog_entry *snmp1 = sw_catalog_find(cat, "ST-SNMP-001");
    ck_assert_str_eq(snmp1->attack[0], "T1602.001");
    ck_assert_ptr_null(sw_catalog_find(cat, "ST-TUN-999"));
    ck_assert_ptr_null(sw_catalog_find_sid(cat, 9100400));
    ck_assert_ptr_null(sw_catalog_at(cat, N_EXPECTED));
    sw_catalog_free(cat);
}
END_TEST

START_TEST(test_severity_names)
{
    sw_severity s;
    ck_assert_int_eq(sw_severity_parse("Critical", &s), SW_OK);
    ck_assert_int_eq(s, SW_SEV_CRITICAL);
    ck_assert_int_eq(sw_severity_parse("LOW", &s), SW_OK);
    ck_assert_int_eq(s, SW_SEV_LOW);
    ck_assert_int_eq(sw_severity_parse("severe", &s), SW_ERR_INVALID);
    ck_assert_str_eq(sw_severity_name(SW_SEV_MEDIUM), "medium");
    ck_assert_str_eq(sw_severity_name((sw_severity)9), "unknown");
}
END_TEST

/* A valid entry is lines 2-8; each case below edits it. Line numbers count from the first line
 * "detections:" (line 1). */
#define ENTRY_A                                 \
    "  - id: ST-TUN-001\n"                      \
    "    sid: 9100401\n"                        \
    "    rev: 1\n"                              \
    "    signature: \"SEAWALL ST-TUN-001 x\"\n" \
    "    category: \"Misc activity\"\n"         \
    "    severity: high\n"                      \
    "    attack: [T1572]\n"

static const struct {
    const char *name;
    const char *text;
    const char *expect; /* full formatted message prefix */
} bad_catalogs[] = {
    {"unknown key", "detections:\n" ENTRY_A "    colour: red\n",
     "c.yaml:9: colour: unknown key in catalog entry"},
    {"missing sid",
     "detections:\n  - id: ST-TUN-001\n    rev: 1\n    signature: s\n    category: c\n"
     "    severity: high\n    attack: [T1572]\n",
     "c.yaml:2: sid: required key is missing"},
    {"missing attack",
     "detections:\n  - id: ST-TUN-001\n    sid: 1\n    rev: 1\n    signature: s\n"
     "    category: c\n    severity: high\n",
     "c.yaml:2: attack: required key is missing"},
    {"bad id", "detections:\n  - id: TUN-1\n    sid: 1\n", "c.yaml:2: id: 'TUN-1' is not an id"},
    {"bad id digits", "detections:\n  - id: ST-TUN-01\n", "c.yaml:2: id: 'ST-TUN-01' is not"},
    {"duplicate id",
     "detections:\n" ENTRY_A "  - id: ST-TUN-001\n    sid: 9100402\n    rev: 1\n"
     "    signature: s\n    category: c\n    severity: high\n    attack: [T1572]\n",
     "c.yaml:9: id: duplicate id ST-TUN-001"},
    {"duplicate sid",
     "detections:\n" ENTRY_A "  - id: ST-TUN-002\n    sid: 9100401\n    rev: 1\n"
     "    signature: s\n    category: c\n    severity: high\n    attack: [T1572]\n",
     "c.yaml:10: sid: duplicate sid 9100401 (also ST-TUN-001)"},
    {"bad severity",
     "detections:\n  - id: ST-TUN-001\n    sid: 1\n    rev: 1\n    signature: s\n"
     "    category: c\n    severity: severe\n    attack: [T1572]\n",
     "c.yaml:7: severity: 'severe' is not critical, high, medium or low"},
    {"empty attack",
     "detections:\n  - id: ST-TUN-001\n    sid: 1\n    rev: 1\n    signature: s\n"
     "    category: c\n    severity: high\n    attack: []\n",
     "c.yaml:8: attack: must name at least one ATT&CK technique"},
    {"bad attack id",
     "detections:\n  - id: ST-TUN-001\n    sid: 1\n    rev: 1\n    signature: s\n"
     "    category: c\n    severity: high\n    attack: [T15]\n",
     "c.yaml:8: attack: 'T15' is not an ATT&CK technique id"},
    {"sid zero", "detections:\n  - id: ST-TUN-001\n    sid: 0\n    rev: 1\n",
     "c.yaml:3: sid: expected an integer from 1 to 4294967295, got '0'"},
    {"sid not a number", "detections:\n  - id: ST-TUN-001\n    sid: abc\n    rev: 1\n",
     "c.yaml:3: sid: expected an integer"},
    {"unknown top key", "detections: []\nrules: []\n", "c.yaml:2: rules: unknown key in catalog"},
    {"empty file", "", "c.yaml:1: detections: required key is missing"},
    {"no detections", "version: 1\n", "c.yaml:1: version: unknown key in catalog"},
    {"detections not a list", "detections: {a: 1}\n",
     "c.yaml:1: detections: must be a list of entries"},
    {"entry not a map", "detections:\n  - just text\n",
     "c.yaml:2: detections: each entry must be a map"},
    {"empty signature",
     "detections:\n  - id: ST-TUN-001\n    sid: 1\n    rev: 1\n    signature: ''\n",
     "c.yaml:5: signature: must not be empty"},
    {"yaml error", "detections:\n  - id: [\n", "c.yaml:3: "},
};

START_TEST(test_bad_catalog)
{
    sw_catalog *cat = NULL;
    sw_error err;
    memset(&err, 0, sizeof(err));
    const char *text = bad_catalogs[_i].text;
    sw_status st = sw_catalog_load_string(text, strlen(text), "c.yaml", &cat, &err);
    ck_assert_msg(st != SW_OK, "%s: accepted", bad_catalogs[_i].name);
    ck_assert_ptr_null(cat);
    char msg[1024];
    sw_error_format(&err, msg, sizeof(msg));
    const char *want = bad_catalogs[_i].expect;
    ck_assert_msg(strncmp(msg, want, strlen(want)) == 0, "%s: got '%s', want '%s'",
                  bad_catalogs[_i].name, msg, want);
}
END_TEST

START_TEST(test_minimal_catalog_loads)
{
    const char *text = "detections:\n" ENTRY_A;
    sw_catalog *cat = NULL;
    ck_assert_int_eq(sw_catalog_load_string(text, strlen(text), "c.yaml", &cat, NULL), SW_OK);
    ck_assert_uint_eq(sw_catalog_count(cat), 1);
    const sw_catalog_entry *e = sw_catalog_at(cat, 0);
    ck_assert_uint_eq(e->gid, 1); /* default */
    ck_assert_str_eq(e->description, "");
    sw_catalog_free(cat);
    sw_catalog_free(NULL);
}
END_TEST

static Suite *catalog_suite(void)
{
    Suite *s = suite_create("catalog");
    TCase *shipped = tcase_create("shipped");
    tcase_add_test(shipped, test_shipped_catalog_has_every_section5_id);
    tcase_add_test(shipped, test_shipped_entries_match_the_table);
    tcase_add_test(shipped, test_severity_names);
    suite_add_tcase(s, shipped);
    TCase *errors = tcase_create("errors");
    tcase_add_test(errors, test_minimal_catalog_loads);
    tcase_add_loop_test(errors, test_bad_catalog, 0,
                        (int)(sizeof(bad_catalogs) / sizeof(bad_catalogs[0])));
    suite_add_tcase(s, errors);
    return s;
}

int main(void)
{
    return sw_test_run(catalog_suite());
}

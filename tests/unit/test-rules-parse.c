/* Rule parser: every supported keyword loads; every error path skips only the bad rule with a
 * warning "file:line: keyword: why"; classification.config errors; duplicate sids. Expected
 * accept/reject verdicts follow the Suricata user guide's keyword descriptions. */
#include "rules.h"
#include "sw-test.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static sw_ruleset *load(const char *text)
{
    sw_ruleset *rs = sw_ruleset_new();
    sw_error err;
    static const char cls[] = "config classification: attempted-admin,Attempted Admin,1\n";
    ck_assert_int_eq(sw_ruleset_load_classification_string(rs, cls, strlen(cls), "c.config", &err),
                     SW_OK);
    ck_assert_int_eq(sw_ruleset_load_string(rs, text, strlen(text), "t.rules", &err), SW_OK);
    return rs;
}

static const char *const good_rules[] = {
    "alert http any any -> any any (msg:\"m\"; flow:established,to_server; http.method; "
    "content:\"POST\"; http.uri; content:\"/a\"; nocase; depth:10; offset:1; http.uri.raw; "
    "content:\"%25\"; fast_pattern; http.header; content:\"X\"; http.header.raw; content:\"Y\"; "
    "http.cookie; content:\"c\"; startswith; http.host; content:\"h\"; endswith; "
    "http.user_agent; content:\"u\"; http.request_body; content:\"b\"; content:\"d\"; "
    "distance:0; within:5; isdataat:1,relative; sid:1; rev:2; gid:1;)",
    "alert http any any -> any any (flow:to_client; http.stat_code; content:\"200\"; "
    "http.response_body; content:\"ok\"; sid:2; priority:1; classtype:attempted-admin; "
    "reference:cve,2023-20198; metadata:seawall_id ST-EXP-001, created_at 2025;)",
    "alert tls any any -> any any (tls.sni; content:\"evil\"; sid:3;)",
    "alert ssh any any -> any any (ssh.proto; content:\"2.0\"; ssh.software; content:\"Go\"; "
    "sid:4;)",
    "alert dns any any -> any any (dns.query; content:\"example\"; pcre:\"/ex.mple/i\"; sid:5;)",
    "alert tcp [10.0.0.0/8,!10.1.0.0/16] [1:1024,!80] -> $HOME_NET $HTTP_PORTS (content:\"|00 "
    "01|A\\;\"; dsize:<100; byte_test:2,>,0,0; byte_test:1,=,65,2,string,dec; isdataat:!200; "
    "sid:6;)",
    "pass udp any any <> ![192.0.2.1,198.51.100.0/24] any (dsize:10<>20; sid:7;)",
    "alert ip any any -> $SW_INFRA any (flowbits:set,a; flowbits:isset,b; flowbits:isnotset,c; "
    "flowbits:noalert; threshold:type limit, track by_src, count 1, seconds 60; sid:8;)",
    "alert tcp any any -> any any (content:\"x\"; detection_filter:track by_dst, count 5, "
    "seconds 10; sid:9;)",
    "alert http any any -> any any (pcre:\"/a/U\"; pcre:\"/b/IHDMCPVW\"; sid:10;)",
    "alert http any any -> any any (pcre:\"/a/Q\"; pcre:\"/b/S\"; sid:11;)",
    "alert tcp any any -> any any (content:\"a\"; content:!\"b\"; distance:-1; within:3; \\\n"
    " pcre:\"/c/R\"; sid:12;)",
};

START_TEST(test_every_keyword_loads)
{
    sw_ruleset *rs = load(good_rules[_i]);
    if (sw_ruleset_skipped(rs)) {
        char msg[1024];
        sw_error_format(sw_ruleset_warning(rs, 0), msg, sizeof(msg));
        ck_abort_msg("%s", msg);
    }
    ck_assert_uint_eq(sw_ruleset_loaded(rs), 1);
    ck_assert_int_eq(sw_ruleset_compile(rs, NULL), SW_OK);
    sw_ruleset_free(rs);
}
END_TEST

/* Each bad rule sits on line 2 after a good one; the warning names the offending keyword. */
static const struct {
    const char *rule, *key;
} bad_rules[] = {
    {"alert tcp any any -> any any (content:\"a\"; rawbytes; sid:20;)", "rawbytes"},
    {"alert tcp any any -> any any (byte_jump:1,0; sid:20;)", "byte_jump"},
    {"drop tcp any any -> any any (sid:20;)", "drop"},
    {"alert smb any any -> any any (sid:20;)", "smb"},
    {"alert tcp any any => any any (sid:20;)", "=>"},
    {"alert tcp any any -> any (sid:20;)", "header"},
    {"alert tcp any any -> any any sid:20;", "syntax"},
    {"alert tcp any any -> any any (content:\"a\";)", "sid"},
    {"alert tcp any any -> any any (sid:1;)", "sid"}, /* duplicate of line 1 */
    {"alert tcp any any -> any any (sid:0;)", "sid"},
    {"alert tcp any any -> any any (content:\"|4|\"; sid:20;)", "content"},
    {"alert tcp any any -> any any (content:\"a\"b\"; sid:20;)", "content"},
    {"alert tcp any any -> any any (content:noquotes; sid:20;)", "content"},
    {"alert tcp any any -> any any (nocase; sid:20;)", "nocase"},
    {"alert tcp any any -> any any (content:\"abc\"; depth:2; sid:20;)", "depth"},
    {"alert tcp any any -> any any (content:\"a\"; depth:5; distance:1; sid:20;)", "distance"},
    {"alert tcp any any -> any any (pcre:\"/(/\"; sid:20;)", "pcre"},
    {"alert tcp any any -> any any (pcre:\"/a/Z\"; sid:20;)", "pcre"},
    {"alert http any any -> any any (http.uri; pcre:\"/a/U\"; sid:20;)", "pcre"},
    {"alert http any any -> any any (http.uri; content:\"a\"; http.stat_code; content:\"200\"; "
     "sid:20;)",
     "buffers"},
    {"alert tcp any any -> any any (content:\"a\"; http.uri; content:\"b\"; sid:20;)", "buffers"},
    {"alert tcp any any -> $NOPE any (sid:20;)", "destination"},
    {"alert tcp 10.0.0.0/33 any -> any any (sid:20;)", "source"},
    {"alert tcp any 70000 -> any any (sid:20;)", "sport"},
    {"alert tcp any [1:2 -> any any (sid:20;)", "header"},
    {"alert tcp any any -> any any (flow:to_server,to_client; sid:20;)", "flow"},
    {"alert tcp any any -> any any (flow:only_stream; sid:20;)", "flow"},
    {"alert tcp any any -> any any (flowbits:frob,x; sid:20;)", "flowbits"},
    {"alert tcp any any -> any any (threshold:type limit, count 1, seconds 1; sid:20;)",
     "threshold"},
    {"alert tcp any any -> any any (dsize:5<>2; sid:20;)", "dsize"},
    {"alert http any any -> any any (http.uri; content:\"a\"; dsize:3; sid:20;)", "dsize"},
    {"alert tcp any any -> any any (byte_test:2,~,1,0; sid:20;)", "byte_test"},
    {"alert tcp any any -> any any (isdataat:5,absolute; sid:20;)", "isdataat"},
    {"alert tcp any any -> any any (classtype:nosuch; sid:20;)", "classtype"},
    {"alert tcp any any -> any any (msg:unquoted; sid:20;)", "msg"},
    {"alert tcp any any -> any any (http.uri:x; sid:20;)", "http.uri"},
};

START_TEST(test_bad_rule_warns_and_skips)
{
    char text[1024];
    snprintf(text, sizeof(text), "alert tcp any any -> any any (content:\"ok\"; sid:1;)\n%s\n",
             bad_rules[_i].rule);
    sw_ruleset *rs = load(text);
    ck_assert_uint_eq(sw_ruleset_loaded(rs), 1);
    ck_assert_uint_eq(sw_ruleset_skipped(rs), 1);
    ck_assert_uint_eq(sw_ruleset_warning_count(rs), 1);
    const sw_error *w = sw_ruleset_warning(rs, 0);
    ck_assert_str_eq(w->file, "t.rules");
    ck_assert_uint_eq(w->line, 2);
    ck_assert_msg(strcmp(w->key, bad_rules[_i].key) == 0, "rule '%s': key '%s' (%s), want '%s'",
                  bad_rules[_i].rule, w->key, w->text, bad_rules[_i].key);
    sw_ruleset_free(rs);
}
END_TEST

START_TEST(test_comments_continuations_and_counts)
{
    const char *text = "# comment\n\n"
                       "alert tcp any any -> any any (content:\"a\"; \\\n"
                       "  sid:1;)\n"
                       "   # indented comment\n"
                       "alert tcp any any -> any any (frob; sid:2;)\r\n"
                       "alert tcp any any -> any any (content:\"b\"; sid:3;)";
    sw_ruleset *rs = load(text);
    ck_assert_uint_eq(sw_ruleset_loaded(rs), 2);
    ck_assert_uint_eq(sw_ruleset_skipped(rs), 1);
    ck_assert_uint_eq(sw_ruleset_warning(rs, 0)->line, 6);
    ck_assert_str_eq(sw_ruleset_warning(rs, 0)->key, "frob");
    ck_assert(sw_ruleset_has_sid(rs, 1, 1) && sw_ruleset_has_sid(rs, 1, 3));
    ck_assert(!sw_ruleset_has_sid(rs, 1, 2));
    ck_assert_int_eq(sw_ruleset_compile(rs, NULL), SW_OK);
    sw_ruleset_info info;
    sw_ruleset_get_info(rs, &info);
    ck_assert_uint_eq(info.prefilter_patterns, 2);
    /* compiled: read-only */
    ck_assert_int_eq(sw_ruleset_load_string(rs, "x", 1, "late", NULL), SW_ERR_INVALID);
    sw_ruleset_free(rs);
}
END_TEST

START_TEST(test_file_errors)
{
    sw_ruleset *rs = sw_ruleset_new();
    sw_error err;
    ck_assert_int_eq(sw_ruleset_load_file(rs, "/nonexistent/x.rules", &err), SW_ERR_IO);
    ck_assert_str_eq(err.file, "/nonexistent/x.rules");
    ck_assert_int_eq(sw_ruleset_load_file(rs, "", &err), SW_ERR_IO);
    ck_assert_ptr_nonnull(strstr(err.text, "empty rule file name"));
    /* A device would be read until memory ran out; a file past the cap is refused unread (a
     * sparse one here, so the test writes nothing). */
    ck_assert_int_eq(sw_ruleset_load_file(rs, "/dev/zero", &err), SW_ERR_LIMIT);
    ck_assert_ptr_nonnull(strstr(err.text, "not a regular file"));
    char big[] = "/tmp/seawall-rules-XXXXXX";
    int fd = mkstemp(big);
    ck_assert_int_ge(fd, 0);
    ck_assert_int_eq(ftruncate(fd, (off_t)SW_RULES_MAX_FILE_BYTES + 1), 0);
    close(fd);
    ck_assert_int_eq(sw_ruleset_load_file(rs, big, &err), SW_ERR_LIMIT);
    ck_assert_ptr_nonnull(strstr(err.text, "256 MiB"));
    unlink(big);
    ck_assert_uint_eq(sw_ruleset_loaded(rs), 0);
    static const char *const bad_cls[] = {
        "config classification: a,b\n",
        "config classification: a,b,0\n",
        "classification: a,b,1\n",
        "config classification: a,b,1\nconfig classification: a,c,2\n",
    };
    for (size_t i = 0; i < 4; i++) {
        sw_ruleset *r2 = sw_ruleset_new();
        ck_assert_int_ne(
            sw_ruleset_load_classification_string(r2, bad_cls[i], strlen(bad_cls[i]), "c", &err),
            SW_OK);
        ck_assert_uint_ge(err.line, 1);
        sw_ruleset_free(r2);
    }
    sw_ruleset_free(rs);
    sw_ruleset_free(NULL);
}
END_TEST

static Suite *rules_parse_suite(void)
{
    Suite *s = suite_create("rules-parse");
    TCase *tc = tcase_create("parse");
    tcase_add_loop_test(tc, test_every_keyword_loads, 0,
                        (int)(sizeof(good_rules) / sizeof(good_rules[0])));
    tcase_add_loop_test(tc, test_bad_rule_warns_and_skips, 0,
                        (int)(sizeof(bad_rules) / sizeof(bad_rules[0])));
    tcase_add_test(tc, test_comments_continuations_and_counts);
    tcase_add_test(tc, test_file_errors);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return sw_test_run(rules_parse_suite());
}

/* URI normalisation (sensor/http-uri.c). Expected values are worked by hand from RFC 3986
 * section 2.1 (percent-encoding), section 5.2.4 (remove_dot_segments, including its two worked
 * examples) and the libhtp behaviour behind Suricata's http.uri that docs/http.md describes:
 * the path is decoded once, the query is kept as sent. */
#include "http-uri.h"
#include "sw-test.h"

#include <string.h>

typedef struct uri_case {
    const char *raw;
    const char *want;
    size_t want_len; /* 0: strlen(want) (for results holding a NUL byte) */
    unsigned flags;
} uri_case;

static const uri_case cases[] = {
    /* CVE-2023-20198: %25 decodes to '%', so "%2577" becomes "%77" and stays there (once). */
    {"/%2577ebui_wsma_Http", "/%77ebui_wsma_Http", 0, 0},
    {"/%2577eb%2575i_%2577sma_Http", "/%77eb%75i_%77sma_Http", 0, 0},
    {"/%77eb%75i_%77sma_Http", "/webui_wsma_Http", 0, 0},
    /* CVE-2023-46805: literal and encoded dot segments both leave the path. */
    {"/api/v1/totp/user-backup-code/../../system/system-information",
     "/api/v1/system/system-information", 0, 0},
    {"/api/v1/totp/user-backup-code/%2E%2E/%2E%2E/system/maintenance/archiving/"
     "cloud-server-test-connection",
     "/api/v1/system/maintenance/archiving/cloud-server-test-connection", 0, 0},
    {"/api/v1/totp/user-backup-code/../../license/keys-status/%3b%69%64%3b%0a",
     "/api/v1/license/keys-status/;id;\n", 0, 0},
    /* RFC 3986 5.2.4, the section's own examples. */
    {"/a/b/c/./../../g", "/a/g", 0, 0},
    {"mid/content=5/../6", "mid/6", 0, 0},
    /* Steps B, C and D at the end of the input. */
    {"/a/./b/", "/a/b/", 0, 0},
    {"/a/b/.", "/a/b/", 0, 0},
    {"/a/b/..", "/a/", 0, 0},
    {"/../x", "/x", 0, 0},
    {"..", "", 0, 0},
    {"/a/.../b", "/a/.../b", 0, 0}, /* "..." is an ordinary segment */
    /* Separators: runs collapse, %2f decodes to one. */
    {"//a///b", "/a/b", 0, 0},
    {"/a%2fb%2F%2Fc", "/a/b/c", 0, 0},
    /* Query kept exactly as sent (libhtp copies it undecoded). */
    {"/x?q=%2e%2e/../y", "/x?q=%2e%2e/../y", 0, 0},
    {"/a/../b?c=%41", "/b?c=%41", 0, 0},
    /* Case is kept; invalid escapes stay as sent and are flagged. */
    {"/WebUI/%41", "/WebUI/A", 0, 0},
    {"/bad%zz%4", "/bad%zz%4", 0, SW_HTTP_URI_BAD_PERCENT},
    {"/%", "/%", 0, SW_HTTP_URI_BAD_PERCENT},
    /* RFC 9112 3.2.2 absolute-form: scheme and authority removed, empty path is "/". */
    {"http://host:8080/a/../b?c", "/b?c", 0, SW_HTTP_URI_ABSOLUTE},
    {"http://host", "/", 0, SW_HTTP_URI_ABSOLUTE},
    {"HTTP://h?q", "/?q", 0, SW_HTTP_URI_ABSOLUTE},
    /* %00 decodes to a NUL byte and is flagged. */
    {"/%00x", "/\0x", 3, SW_HTTP_URI_NUL},
    /* asterisk-form (OPTIONS, RFC 9112 3.2.4) and the legacy IOS exec URI are unchanged. */
    {"*", "*", 0, 0},
    {"/level/15/exec/-/show/version", "/level/15/exec/-/show/version", 0, 0},
    {"", "", 0, 0},
};

START_TEST(normalise_table)
{
    const uri_case *tc = &cases[_i];
    uint8_t out[256];
    unsigned flags = 99;
    size_t n =
        sw_http_uri_normalize((const uint8_t *)tc->raw, strlen(tc->raw), out, sizeof(out), &flags);
    size_t want_len = tc->want_len ? tc->want_len : strlen(tc->want);
    ck_assert_msg(n == want_len && memcmp(out, tc->want, n) == 0, "%s -> %.*s (want %s)", tc->raw,
                  (int)n, (const char *)out, tc->want);
    ck_assert_msg(flags == tc->flags, "%s: flags %u, want %u", tc->raw, flags, tc->flags);
}
END_TEST

START_TEST(output_is_capped)
{
    uint8_t out[8];
    unsigned flags = 0;
    const char *raw = "/abcdefghijkl?xyz";
    size_t n = sw_http_uri_normalize((const uint8_t *)raw, strlen(raw), out, sizeof(out), &flags);
    ck_assert_uint_eq(n, 8);
    ck_assert(memcmp(out, "/abcdefg", 8) == 0);
    ck_assert(flags & SW_HTTP_URI_TRUNCATED);
    n = sw_http_uri_normalize((const uint8_t *)raw, strlen(raw), out, 0, &flags);
    ck_assert_uint_eq(n, 0);
}
END_TEST

static void prefix_no_overread(const uint8_t *buf, size_t len, void *user)
{
    (void)user;
    uint8_t out[256];
    unsigned flags;
    ck_assert_uint_le(sw_http_uri_normalize(buf, len, out, sizeof(out), &flags), len + 1);
}

START_TEST(every_prefix)
{
    const char *raw = "http://h/a/%2e%2e/b%2/./../c%4?q=%zz";
    sw_test_all_prefixes((const uint8_t *)raw, strlen(raw), prefix_no_overread, NULL);
}
END_TEST

START_TEST(dot_segments_in_place)
{
    uint8_t buf[32];
    memcpy(buf, "/a/b/../../../c/./d/..", 22);
    size_t n = sw_http_remove_dot_segments(buf, 22);
    /* By hand: "/a" "/b", three "/../" pop both and the empty output, "/c", "/./", "/d",
     * final "/.." pops "/d" and leaves "/". */
    ck_assert_uint_eq(n, 3);
    ck_assert(memcmp(buf, "/c/", 3) == 0);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("http-uri");
    TCase *tc = tcase_create("normalise");
    tcase_add_loop_test(tc, normalise_table, 0, (int)(sizeof(cases) / sizeof(cases[0])));
    tcase_add_test(tc, output_is_capped);
    tcase_add_test(tc, every_prefix);
    tcase_add_test(tc, dot_segments_in_place);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return sw_test_run(suite());
}

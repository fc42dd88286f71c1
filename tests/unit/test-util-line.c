/* The capped line scanner and the printable text copy. */
#include "sw-test.h"
#include "util-line.h"

#include <string.h>

static sw_cursor cur_of(const char *s)
{
    return sw_cur_init((const uint8_t *)s, strlen(s));
}

START_TEST(crlf_and_bare_lf_lines)
{
    sw_cursor c = cur_of("USER bob\r\nPASS x\nrest");
    sw_cursor line;
    char text[32];
    ck_assert_int_eq(sw_line_next(&c, 64, &line), SW_LINE_OK);
    ck_assert_uint_eq(line.len, 8);
    sw_text_copy(&line, line.len, text, sizeof(text));
    ck_assert_str_eq(text, "USER bob");
    ck_assert_int_eq(sw_line_next(&c, 64, &line), SW_LINE_OK);
    sw_text_copy(&line, line.len, text, sizeof(text));
    ck_assert_str_eq(text, "PASS x");
    /* "rest" has no line end: nothing moves. */
    ck_assert_int_eq(sw_line_next(&c, 64, &line), SW_LINE_NEED_MORE);
    ck_assert_uint_eq(sw_cur_left(&c), 4);
}
END_TEST

START_TEST(cap_counts_the_line_feed)
{
    sw_cursor c = cur_of("abcd\n");
    sw_cursor line;
    ck_assert_int_eq(sw_line_next(&c, 4, &line), SW_LINE_TOO_LONG);
    ck_assert_uint_eq(c.off, 0);
    ck_assert_int_eq(sw_line_next(&c, 5, &line), SW_LINE_OK);
    ck_assert_uint_eq(line.len, 4);
    sw_cursor partial = cur_of("abcd");
    ck_assert_int_eq(sw_line_next(&partial, 4, &line), SW_LINE_TOO_LONG);
    ck_assert_int_eq(sw_line_next(&partial, 5, &line), SW_LINE_NEED_MORE);
}
END_TEST

START_TEST(text_copy_sanitises_and_bounds)
{
    const uint8_t raw[] = {'a', 0x00, 0x1b, 'b', 0xff, 'c'};
    sw_cursor c = sw_cur_init(raw, sizeof(raw));
    char text[4];
    ck_assert_uint_eq(sw_text_copy(&c, 6, text, sizeof(text)), 3);
    ck_assert_str_eq(text, "a..");
    ck_assert_uint_eq(sw_cur_left(&c), 0);
    /* Asking for more than is left copies nothing and flags the cursor. */
    sw_cursor d = sw_cur_init(raw, 2);
    ck_assert_uint_eq(sw_text_copy(&d, 3, text, sizeof(text)), 0);
    ck_assert_str_eq(text, "");
    ck_assert_int_eq(d.err, 1);
}
END_TEST

START_TEST(find_respects_limit)
{
    sw_cursor c = cur_of("ab\0cd");
    c.len = 5;
    ck_assert_uint_eq(sw_line_find(&c, 0, 5), 2);
    ck_assert_uint_eq(sw_line_find(&c, 0, 2), SW_LINE_NOT_FOUND);
    ck_assert_uint_eq(sw_line_find(&c, 'z', 100), SW_LINE_NOT_FOUND);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("util-line");
    TCase *tc = tcase_create("lines");
    tcase_add_test(tc, crlf_and_bare_lf_lines);
    tcase_add_test(tc, cap_counts_the_line_feed);
    tcase_add_test(tc, text_copy_sanitises_and_bounds);
    tcase_add_test(tc, find_respects_limit);
    suite_add_tcase(s, tc);
    return sw_test_run(s);
}

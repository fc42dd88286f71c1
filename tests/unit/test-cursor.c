/* The bounded reader every parser uses: reads past the end set the sticky flag and move nothing;
 * empty and NULL buffers are valid inputs (an observation may carry no bytes). */
#include "sw-test.h"
#include "util-cursor.h"

START_TEST(reads_in_bounds_and_sticky_error_past_end)
{
    const uint8_t data[] = {0x12, 0x34, 0x56, 0x78, 0x9a};
    sw_cursor c = sw_cur_init(data, sizeof(data));
    ck_assert_uint_eq(sw_cur_be16(&c), 0x1234);
    ck_assert_uint_eq(sw_cur_le16(&c), 0x7856);
    ck_assert_uint_eq(sw_cur_left(&c), 1);
    ck_assert_uint_eq(sw_cur_be32(&c), 0); /* 4 wanted, 1 left */
    ck_assert_int_eq(c.err, 1);
    ck_assert_uint_eq(sw_cur_left(&c), 1); /* nothing consumed by the failed read */
    ck_assert_uint_eq(sw_cur_u8(&c), 0);   /* sticky: even a read that would fit fails now */
}
END_TEST

START_TEST(sub_cursor_limits_and_advances_parent)
{
    const uint8_t data[] = {1, 2, 3, 4, 5, 6};
    sw_cursor c = sw_cur_init(data, sizeof(data));
    sw_cur_skip(&c, 1);
    sw_cursor sub = sw_cur_sub(&c, 3);
    ck_assert_uint_eq(sw_cur_left(&sub), 3);
    ck_assert_uint_eq(sw_cur_u8(&sub), 2);
    ck_assert_uint_eq(sw_cur_u8(&c), 5); /* parent moved past the 3 bytes */
    sw_cursor too_long = sw_cur_sub(&c, 5);
    ck_assert_int_eq(too_long.err, 1);
    ck_assert_int_eq(c.err, 1);
}
END_TEST

START_TEST(null_and_empty_buffers_are_safe)
{
    uint8_t out[4] = {9, 9, 9, 9};
    sw_cursor c = sw_cur_init(NULL, 0);
    ck_assert_int_eq(sw_cur_bytes(&c, out, 0), 1); /* an empty read succeeds, copies nothing */
    ck_assert_int_eq(out[0], 9);
    ck_assert_ptr_null(sw_cur_ptr(&c));
    sw_cursor sub = sw_cur_sub(&c, 0);
    ck_assert_int_eq(sub.err, 0);
    ck_assert_uint_eq(sw_cur_left(&sub), 0);
    ck_assert_int_eq(sw_cur_bytes(&c, out, 1), 0);
    ck_assert_int_eq(c.err, 1);
    sw_cursor ignored_len = sw_cur_init(NULL, 10); /* a NULL buffer has no bytes, whatever len */
    ck_assert_uint_eq(sw_cur_left(&ignored_len), 0);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("cursor");
    TCase *tc = tcase_create("reads");
    tcase_add_test(tc, reads_in_bounds_and_sticky_error_past_end);
    tcase_add_test(tc, sub_cursor_limits_and_advances_parent);
    tcase_add_test(tc, null_and_empty_buffers_are_safe);
    suite_add_tcase(s, tc);
    return sw_test_run(s);
}

/* The expectation table of the app layer (sensor/app-layer-expect.c): data connections and TFTP
 * transfers announced on one flow and recognised on another. The port filter in front of the
 * table must never hide an entry the table would find. */
#include "app-layer-int.h"
#include "sw-test.h"

#include <stdlib.h>

static sw_ip v4(uint8_t a, uint8_t b, uint8_t c, uint8_t d)
{
    const uint8_t bytes[4] = {a, b, c, d};
    sw_ip ip;
    sw_ip_from_v4(&ip, bytes);
    return ip;
}

/* The data flow the listener's peer opens to the announced port. */
static sw_flow_obs data_flow(const sw_ip *listener, uint16_t port, const sw_ip *peer)
{
    sw_flow_obs f;
    memset(&f, 0, sizeof(f));
    f.src = *peer;
    f.sp = 20;
    f.dst = *listener;
    f.dp = port;
    f.proto = 6;
    return f;
}

static sw_app_layer *layer_at(int64_t sec)
{
    sw_app_layer *al = calloc(1, sizeof(*al));
    ck_assert_ptr_nonnull(al);
    al->ts.sec = sec;
    return al;
}

START_TEST(announced_ports_are_found_and_others_not)
{
    sw_app_layer *al = layer_at(1000);
    sw_ip client = v4(10, 0, 0, 1), server = v4(192, 0, 2, 7), other = v4(192, 0, 2, 8);
    /* 2000 and 3024 share a filter bit (1024 apart); 5000 is never announced */
    static const uint16_t ports[] = {2000, 3024, 40000, 65535, 1};
    for (size_t i = 0; i < sizeof(ports) / sizeof(ports[0]); i++)
        ck_assert_ptr_nonnull(app_expect_add(al, &client, ports[i], &server, NULL));
    for (size_t i = 0; i < sizeof(ports) / sizeof(ports[0]); i++) {
        sw_flow_obs f = data_flow(&client, ports[i], &server);
        app_expect *e = app_expect_match(al, &f);
        ck_assert_ptr_nonnull(e);
        ck_assert_uint_eq(e->port, ports[i]);
        /* seen from the other side (the first packet came from the listener) */
        sw_flow_obs back = f;
        back.src = f.dst;
        back.sp = f.dp;
        back.dst = f.src;
        back.dp = f.sp;
        ck_assert_ptr_eq(app_expect_match(al, &back), e);
    }
    sw_flow_obs unknown = data_flow(&client, 5000, &server);
    ck_assert_ptr_null(app_expect_match(al, &unknown));
    sw_flow_obs wrong_peer = data_flow(&client, 2000, &other);
    ck_assert_ptr_null(app_expect_match(al, &wrong_peer));
    free(al);
}
END_TEST

/* More announcements than slots: the oldest give way, and every entry still in the table is
 * found, whatever the filter went through while entries were replaced. */
START_TEST(replaced_entries_and_full_table)
{
    sw_app_layer *al = layer_at(1000);
    sw_ip client = v4(10, 0, 0, 1), server = v4(192, 0, 2, 7);
    for (unsigned i = 0; i < 3 * APP_EXPECT_SLOTS; i++) {
        al->ts.sec = 1000 + i;
        app_expect_add(al, &client, (uint16_t)(1024 + 37 * i), &server, NULL);
    }
    unsigned found = 0;
    for (unsigned i = 0; i < 3 * APP_EXPECT_SLOTS; i++) {
        sw_flow_obs f = data_flow(&client, (uint16_t)(1024 + 37 * i), &server);
        int in_table = 0;
        for (unsigned s = 0; s < APP_EXPECT_SLOTS; s++)
            in_table |= al->expect[s].used && al->expect[s].port == f.dp;
        app_expect *e = app_expect_match(al, &f);
        ck_assert_msg((e != NULL) == in_table, "port %u: table %d, match %p", f.dp, in_table,
                      (void *)e);
        found += e != NULL;
    }
    ck_assert_uint_eq(found, APP_EXPECT_SLOTS);
    free(al);
}
END_TEST

/* An entry past its time is not matched; packet time stepping back makes it current again. */
START_TEST(expiry_and_time_stepping_back)
{
    sw_app_layer *al = layer_at(1000);
    sw_ip client = v4(10, 0, 0, 1), server = v4(192, 0, 2, 7);
    app_expect_add(al, &client, 1111, &server, NULL);
    app_expect_add(al, &client, 2121, &server, NULL);
    sw_flow_obs f = data_flow(&client, 2121, &server);
    al->ts.sec = 1000 + APP_EXPECT_TTL_S + 1;
    ck_assert_ptr_null(app_expect_match(al, &f));
    /* takes 1111's slot and rebuilds the filter while 2121 is stale but still in the table */
    app_expect_add(al, &client, 3131, &server, NULL);
    al->ts.sec = 1000;
    ck_assert_ptr_nonnull(app_expect_match(al, &f));
    free(al);
}
END_TEST

START_TEST(owner_forgotten_at_its_end)
{
    sw_app_layer *al = layer_at(1000);
    sw_ip client = v4(10, 0, 0, 1), server = v4(192, 0, 2, 7);
    int control_a, control_b;
    app_expect_add(al, &client, 2000, &server, &control_a);
    app_expect_add(al, &client, 2001, &server, &control_b);
    ck_assert_uint_eq(app_expect_latest(al, &control_a)->port, 2000);
    app_expect_forget_owner(al, &control_a);
    ck_assert_ptr_null(app_expect_latest(al, &control_a));
    ck_assert_uint_eq(app_expect_latest(al, &control_b)->port, 2001);
    sw_flow_obs f = data_flow(&client, 2000, &server); /* the data flow may still come */
    ck_assert_ptr_nonnull(app_expect_match(al, &f));
    free(al);
}
END_TEST

static Suite *app_expect_suite(void)
{
    Suite *s = suite_create("app_expect");
    TCase *tc = tcase_create("table");
    tcase_add_test(tc, announced_ports_are_found_and_others_not);
    tcase_add_test(tc, replaced_entries_and_full_table);
    tcase_add_test(tc, expiry_and_time_stepping_back);
    tcase_add_test(tc, owner_forgotten_at_its_end);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return sw_test_run(app_expect_suite());
}

/* Unix socket sinks with a local reader: one datagram per record (no newline) and
 * newline-delimited records on a stream; a missing reader is retried, never fatal. */
#include "output.h"
#include "sw-test.h"

#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

static char sock_path[108];

static int bound_socket(int type)
{
    snprintf(sock_path, sizeof(sock_path), "/tmp/sw-test-unix-%d.sock", (int)getpid());
    unlink(sock_path);
    int fd = socket(AF_UNIX, type, 0);
    ck_assert_int_ge(fd, 0);
    struct sockaddr_un sun;
    memset(&sun, 0, sizeof(sun));
    sun.sun_family = AF_UNIX;
    snprintf(sun.sun_path, sizeof(sun.sun_path), "%s", sock_path);
    ck_assert_int_eq(bind(fd, (struct sockaddr *)&sun, sizeof(sun)), 0);
    if (type == SOCK_STREAM)
        ck_assert_int_eq(listen(fd, 1), 0);
    return fd;
}

/* Waits (at most 10 s) for fd to be readable; the bound keeps a broken sink from hanging. */
static void wait_readable(int fd)
{
    struct pollfd p = {fd, POLLIN, 0};
    ck_assert_int_eq(poll(&p, 1, 10000), 1);
}

static sw_output *open_unix(sw_output_kind kind)
{
    sw_output_options opt = {kind, sock_path, 0};
    sw_output *o = NULL;
    sw_error err;
    ck_assert_int_eq(sw_output_new(&opt, &o, &err), SW_OK);
    return o;
}

static void write_records(sw_output *o, int n)
{
    for (int i = 0; i < n; i++) {
        json_t *rec = json_pack("{s:s, s:i}", "event_type", "flow", "flow_id", i);
        ck_assert_int_eq(sw_output_write(o, rec), SW_OK);
        json_decref(rec);
    }
}

START_TEST(datagram_per_record)
{
    int fd = bound_socket(SOCK_DGRAM);
    sw_output *o = open_unix(SW_OUTPUT_UNIX_DGRAM);
    write_records(o, 3);
    for (int i = 0; i < 3; i++) {
        char buf[256], want[64];
        wait_readable(fd);
        ssize_t n = recv(fd, buf, sizeof(buf) - 1, 0);
        ck_assert_int_gt(n, 0);
        buf[n] = '\0';
        snprintf(want, sizeof(want), "{\"event_type\":\"flow\",\"flow_id\":%d}", i);
        ck_assert_str_eq(buf, want);
    }
    sw_output_free(o);
    close(fd);
    unlink(sock_path);
}
END_TEST

START_TEST(stream_newline_delimited)
{
    int lfd = bound_socket(SOCK_STREAM);
    sw_output *o = open_unix(SW_OUTPUT_UNIX_STREAM);
    write_records(o, 3);
    wait_readable(lfd);
    int fd = accept(lfd, NULL, NULL);
    ck_assert_int_ge(fd, 0);
    char buf[1024] = "";
    size_t got = 0;
    while (got < sizeof(buf) - 1) {
        int newlines = 0;
        for (size_t i = 0; i < got; i++)
            newlines += buf[i] == '\n';
        if (newlines == 3)
            break;
        wait_readable(fd);
        ssize_t n = recv(fd, buf + got, sizeof(buf) - 1 - got, 0);
        ck_assert_int_gt(n, 0);
        got += (size_t)n;
    }
    buf[got] = '\0';
    ck_assert_str_eq(buf, "{\"event_type\":\"flow\",\"flow_id\":0}\n"
                          "{\"event_type\":\"flow\",\"flow_id\":1}\n"
                          "{\"event_type\":\"flow\",\"flow_id\":2}\n");
    sw_output_free(o);
    close(fd);
    close(lfd);
    unlink(sock_path);
}
END_TEST

START_TEST(no_reader_is_counted_not_fatal)
{
    snprintf(sock_path, sizeof(sock_path), "/tmp/sw-test-unix-none-%d.sock", (int)getpid());
    unlink(sock_path);
    sw_output *o = open_unix(SW_OUTPUT_UNIX_DGRAM); /* opening succeeds: connects lazily */
    write_records(o, 5);
    sw_output_free(o); /* default 2 s deadline, then the 5 records are dropped and counted */
}
END_TEST

START_TEST(unix_needs_path)
{
    sw_output_options opt = {SW_OUTPUT_UNIX_STREAM, NULL, 0};
    sw_output *o = NULL;
    sw_error err = {0};
    ck_assert_int_eq(sw_output_new(&opt, &o, &err), SW_ERR_INVALID);
    ck_assert_str_eq(err.key, "path");
}
END_TEST

int main(void)
{
    Suite *s = suite_create("output-unix");
    TCase *tc = tcase_create("unix");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, datagram_per_record);
    tcase_add_test(tc, stream_newline_delimited);
    tcase_add_test(tc, no_reader_is_counted_not_fatal);
    tcase_add_test(tc, unix_needs_path);
    suite_add_tcase(s, tc);
    return sw_test_run(s);
}

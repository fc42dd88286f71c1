/* sd_notify by hand: the datagram reaches a path socket and an abstract one ('@' name) exactly
 * as sent, nothing is sent outside systemd, and a malformed $NOTIFY_SOCKET is refused.
 * $JOURNAL_STREAM counts only when it names the file on descriptor 2 (systemd.exec(5)). */
#include "sd-notify.h"
#include "sw-test.h"

#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

static char tmpdir[64];
static char sock_path[128];

static void setup(void)
{
    snprintf(tmpdir, sizeof(tmpdir), "/tmp/seawall-notify-XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(tmpdir));
    snprintf(sock_path, sizeof(sock_path), "%s/notify", tmpdir);
}

static void teardown(void)
{
    unlink(sock_path);
    rmdir(tmpdir);
    unsetenv("NOTIFY_SOCKET");
}

/* A datagram socket bound to `name` ('@' first: abstract), as systemd's manager listens. */
static int listener(const char *name)
{
    int fd = socket(AF_UNIX, SOCK_DGRAM, 0);
    ck_assert_int_ge(fd, 0);
    struct sockaddr_un sa;
    memset(&sa, 0, sizeof(sa));
    sa.sun_family = AF_UNIX;
    size_t len = strlen(name);
    memcpy(sa.sun_path, name, len);
    if (name[0] == '@')
        sa.sun_path[0] = '\0';
    socklen_t salen = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + len);
    ck_assert_int_eq(bind(fd, (struct sockaddr *)&sa, salen), 0);
    return fd;
}

static void expect_datagram(int fd, const char *want)
{
    char buf[256];
    ssize_t n = recv(fd, buf, sizeof(buf) - 1, MSG_DONTWAIT);
    ck_assert_int_eq(n, (ssize_t)strlen(want));
    buf[n] = '\0';
    ck_assert_str_eq(buf, want);
}

/* The manager listens on `name`; $NOTIFY_SOCKET names it; `state` must arrive unchanged. */
static void round_trip(const char *name, const char *state)
{
    int fd = listener(name);
    setenv("NOTIFY_SOCKET", name, 1);
    ck_assert_int_eq(sw_sd_notify(state), 1);
    expect_datagram(fd, state);
    close(fd);
}

START_TEST(path_socket_receives_the_state)
{
    round_trip(sock_path, "READY=1\nSTATUS=capturing on eth1");
}
END_TEST

START_TEST(abstract_socket_receives_the_state)
{
    char name[64];
    snprintf(name, sizeof(name), "@seawall-notify-test-%ld", (long)getpid());
    round_trip(name, "STOPPING=1");
}
END_TEST

START_TEST(outside_systemd_nothing_is_sent)
{
    unsetenv("NOTIFY_SOCKET");
    ck_assert_int_eq(sw_sd_notify("READY=1"), 0);
    setenv("NOTIFY_SOCKET", "", 1);
    ck_assert_int_eq(sw_sd_notify("READY=1"), 0);
}
END_TEST

START_TEST(malformed_or_absent_socket_is_an_error)
{
    setenv("NOTIFY_SOCKET", "relative/path", 1);
    errno = 0;
    ck_assert_int_eq(sw_sd_notify("READY=1"), -1);
    ck_assert_int_eq(errno, EINVAL);
    char longname[200];
    memset(longname, 'a', sizeof(longname) - 1);
    longname[0] = '/';
    longname[sizeof(longname) - 1] = '\0';
    setenv("NOTIFY_SOCKET", longname, 1);
    ck_assert_int_eq(sw_sd_notify("READY=1"), -1);
    setenv("NOTIFY_SOCKET", sock_path, 1); /* nobody listens there */
    ck_assert_int_eq(sw_sd_notify("READY=1"), -1);
}
END_TEST

static void set_journal_stream(unsigned long long dev, unsigned long long ino)
{
    char text[64];
    snprintf(text, sizeof(text), "%llu:%llu", dev, ino);
    setenv("JOURNAL_STREAM", text, 1);
}

START_TEST(journal_stream_must_name_stderr)
{
    struct stat st;
    ck_assert_int_eq(fstat(2, &st), 0);
    unsetenv("JOURNAL_STREAM");
    ck_assert_int_eq(sw_sd_stderr_is_journal(), 0);
    set_journal_stream((unsigned long long)st.st_dev, (unsigned long long)st.st_ino);
    ck_assert_int_eq(sw_sd_stderr_is_journal(), 1);
    /* Inherited from a parent whose stderr was the journal, while ours is something else. */
    set_journal_stream((unsigned long long)st.st_dev, (unsigned long long)st.st_ino + 1);
    ck_assert_int_eq(sw_sd_stderr_is_journal(), 0);
    setenv("JOURNAL_STREAM", "not-a-stream", 1);
    ck_assert_int_eq(sw_sd_stderr_is_journal(), 0);
    unsetenv("JOURNAL_STREAM");
}
END_TEST

int main(void)
{
    Suite *s = suite_create("sd-notify");
    TCase *tc = tcase_create("protocol");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, path_socket_receives_the_state);
    tcase_add_test(tc, abstract_socket_receives_the_state);
    tcase_add_test(tc, outside_systemd_nothing_is_sent);
    tcase_add_test(tc, malformed_or_absent_socket_is_an_error);
    tcase_add_test(tc, journal_stream_must_name_stderr);
    suite_add_tcase(s, tc);
    return sw_test_run(s);
}

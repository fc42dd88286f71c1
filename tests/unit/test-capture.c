/* Capture sources: directory expansion order, per-file failures counted, packets numbered. */
#include "capture.h"
#include "sw-test.h"

#include <pcap/pcap.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char tmpdir[256];

static void write_pcap_at(const char *path, int dlt, int packets, time_t first)
{
    pcap_t *dead = pcap_open_dead(dlt, 65535);
    pcap_dumper_t *d = pcap_dump_open(dead, path);
    ck_assert_ptr_nonnull(d);
    uint8_t frame[60] = {0};
    for (int i = 0; i < packets; i++) {
        struct pcap_pkthdr h = {{first + i, 0}, sizeof(frame), sizeof(frame)};
        pcap_dump((u_char *)d, &h, frame);
    }
    pcap_dump_close(d);
    pcap_close(dead);
}

static void write_pcap_dlt(const char *path, int dlt, int packets)
{
    write_pcap_at(path, dlt, packets, 1700000000);
}

static void write_pcap(const char *path, int packets)
{
    write_pcap_dlt(path, DLT_EN10MB, packets);
}

static void setup(void)
{
    snprintf(tmpdir, sizeof(tmpdir), "/tmp/seawall-capture-XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(tmpdir));
}

static const char *in_tmp(const char *name);

static void teardown(void)
{
    const char *names[] = {"a.pcap",      "b.pcap",     "c.pcap",  ".hidden.pcap",
                           "broken.pcap", "radio.pcap", "cut.pcap"};
    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
        unlink(in_tmp(names[i]));
    rmdir(tmpdir);
}

static const char *in_tmp(const char *name)
{
    static char path[512];
    snprintf(path, sizeof(path), "%s/%s", tmpdir, name);
    return path;
}

typedef struct seen {
    uint64_t count;
    uint64_t last_cnt;
    int ordered;
    int messages;
    char last_message[1200];
    int64_t last_sec;
} seen;

static void count_packet(sw_packet *p, void *user)
{
    seen *s = user;
    s->count++;
    if (p->pcap_cnt != s->last_cnt + 1)
        s->ordered = 0;
    s->last_cnt = p->pcap_cnt;
    s->last_sec = p->ts.sec;
}

static void count_message(const char *msg, void *user)
{
    seen *s = user;
    ck_assert_ptr_nonnull(strstr(msg, "broken.pcap"));
    s->messages++;
}

START_TEST(directory_expands_in_name_order_skipping_hidden)
{
    write_pcap(in_tmp("b.pcap"), 1);
    write_pcap(in_tmp("a.pcap"), 1);
    write_pcap(in_tmp(".hidden.pcap"), 1);
    const char *paths[] = {tmpdir};
    char **list = NULL;
    size_t n = 0;
    sw_error err = {0};
    ck_assert_int_eq(sw_capture_expand(paths, 1, &list, &n, &err), SW_OK);
    ck_assert_uint_eq(n, 2);
    ck_assert_ptr_nonnull(strstr(list[0], "/a.pcap"));
    ck_assert_ptr_nonnull(strstr(list[1], "/b.pcap"));
    sw_capture_free_list(list, n);
}
END_TEST

START_TEST(missing_path_is_an_error_naming_it)
{
    const char *paths[] = {"/nonexistent/seawall.pcap"};
    char **list = NULL;
    size_t n = 0;
    sw_error err = {0};
    ck_assert_int_eq(sw_capture_expand(paths, 1, &list, &n, &err), SW_ERR_IO);
    ck_assert_str_eq(err.file, "/nonexistent/seawall.pcap");
}
END_TEST

START_TEST(bad_file_is_counted_and_others_still_read)
{
    write_pcap(in_tmp("a.pcap"), 3);
    FILE *f = fopen(in_tmp("broken.pcap"), "wb");
    fputs("definitely not a pcap", f);
    fclose(f);
    write_pcap(in_tmp("c.pcap"), 2);
    char a[512], b[512], c[512];
    snprintf(a, sizeof(a), "%s", in_tmp("a.pcap"));
    snprintf(b, sizeof(b), "%s", in_tmp("broken.pcap"));
    snprintf(c, sizeof(c), "%s", in_tmp("c.pcap"));
    char *files[] = {a, b, c};
    seen s = {0, 0, 1, 0, "", 0};
    sw_capture_options opt = {65535, 0, NULL, count_packet, NULL, NULL, &s, NULL};
    sw_capture_stats st = {0};
    ck_assert_int_eq(sw_capture_files(files, 3, &opt, count_message, &st), SW_ERR_IO);
    ck_assert_uint_eq(s.count, 5);
    ck_assert_int_eq(s.ordered, 1);
    ck_assert_int_eq(s.messages, 1);
    ck_assert_uint_eq(st.files_read, 2);
    ck_assert_uint_eq(st.files_failed, 1);
    ck_assert_uint_eq(st.packets, 5);
}
END_TEST

START_TEST(bpf_filter_applies_to_files)
{
    write_pcap(in_tmp("a.pcap"), 3);
    char a[512];
    snprintf(a, sizeof(a), "%s", in_tmp("a.pcap"));
    char *files[] = {a};
    seen s = {0, 0, 1, 0, "", 0};
    sw_capture_options opt = {65535, 0, "tcp", count_packet, NULL, NULL, &s, NULL};
    sw_capture_stats st = {0};
    /* The zeroed frames are ethertype 0: not TCP, so the filter passes none of them. */
    ck_assert_int_eq(sw_capture_files(files, 1, &opt, count_message, &st), SW_OK);
    ck_assert_uint_eq(s.count, 0);
}
END_TEST

static void keep_message(const char *msg, void *user)
{
    seen *s = user;
    s->messages++;
    snprintf(s->last_message, sizeof(s->last_message), "%s", msg);
}

/* Reads the named files of the temporary directory, in order, into s. */
static sw_status read_files(const char *const *names, size_t n, seen *s,
                            sw_capture_report_cb notice, sw_capture_report_cb report,
                            sw_capture_stats *st)
{
    char paths[4][512];
    char *files[4];
    ck_assert_uint_le(n, 4);
    for (size_t i = 0; i < n; i++) {
        snprintf(paths[i], sizeof(paths[i]), "%s", in_tmp(names[i]));
        files[i] = paths[i];
    }
    sw_capture_options opt = {65535, 0, NULL, count_packet, NULL, NULL, s, notice};
    return sw_capture_files(files, n, &opt, report, st);
}

/* A link type the decoder does not know is said once per file, before its packets (which
 * would otherwise only be anomalies); a known one is not. */
START_TEST(unknown_link_type_is_said_once)
{
    write_pcap(in_tmp("a.pcap"), 2);
    write_pcap_dlt(in_tmp("radio.pcap"), DLT_IEEE802_11_RADIO, 3);
    const char *names[] = {"a.pcap", "radio.pcap"};
    seen s = {0, 0, 1, 0, "", 0};
    sw_capture_stats st = {0};
    ck_assert_int_eq(read_files(names, 2, &s, keep_message, count_message, &st), SW_OK);
    ck_assert_int_eq(s.messages, 1);
    ck_assert_ptr_nonnull(strstr(s.last_message, "radio.pcap"));
    ck_assert_ptr_nonnull(strstr(s.last_message, "link type 127"));
    ck_assert_uint_eq(s.count, 5); /* still delivered: the decoder counts them */
}
END_TEST

/* A file cut inside its last record: the error counts that file's packets, not the run's. */
START_TEST(read_error_counts_the_files_own_packets)
{
    write_pcap(in_tmp("a.pcap"), 3);
    write_pcap(in_tmp("cut.pcap"), 2);
    FILE *f = fopen(in_tmp("cut.pcap"), "ab");
    ck_assert_ptr_nonnull(f);
    static const uint8_t half_header[8] = {0};
    fwrite(half_header, 1, sizeof(half_header), f);
    fclose(f);
    const char *names[] = {"a.pcap", "cut.pcap"};
    seen s = {0, 0, 1, 0, "", 0};
    sw_capture_stats st = {0};
    ck_assert_int_eq(read_files(names, 2, &s, NULL, keep_message, &st), SW_ERR_IO);
    ck_assert_uint_eq(s.count, 5);
    ck_assert_ptr_nonnull(strstr(s.last_message, "cut.pcap: read error after 2 packets"));
}
END_TEST

/* pcap's seconds are unsigned 32-bit: 2038-01-19 and later read as such, not as 1901/1970. */
START_TEST(seconds_past_2038_stay_there)
{
    write_pcap_at(in_tmp("a.pcap"), DLT_EN10MB, 1, (time_t)0x80000100);
    write_pcap_at(in_tmp("b.pcap"), DLT_EN10MB, 1, (time_t)0xfffffff0);
    const char *names[] = {"a.pcap", "b.pcap"};
    seen s = {0, 0, 1, 0, "", 0};
    sw_capture_stats st = {0};
    ck_assert_int_eq(read_files(names, 1, &s, NULL, count_message, &st), SW_OK);
    ck_assert_int_eq(s.last_sec, (int64_t)0x80000100);
    ck_assert_int_eq(read_files(names + 1, 1, &s, NULL, count_message, &st), SW_OK);
    ck_assert_int_eq(s.last_sec, (int64_t)0xfffffff0);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("capture");
    TCase *tc = tcase_create("files");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, directory_expands_in_name_order_skipping_hidden);
    tcase_add_test(tc, missing_path_is_an_error_naming_it);
    tcase_add_test(tc, bad_file_is_counted_and_others_still_read);
    tcase_add_test(tc, bpf_filter_applies_to_files);
    tcase_add_test(tc, unknown_link_type_is_said_once);
    tcase_add_test(tc, read_error_counts_the_files_own_packets);
    tcase_add_test(tc, seconds_past_2038_stay_there);
    suite_add_tcase(s, tc);
    return sw_test_run(s);
}

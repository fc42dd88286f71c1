/* EVE sinks: one compact line per record, append, logrotate reopen, counted write errors. */
#include "output.h"
#include "sw-test.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char dir[64];

static void make_dir(void)
{
    snprintf(dir, sizeof(dir), "/tmp/sw-test-output-XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(dir));
}

static void remove_dir(void)
{
    char cmd[128];
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
    ck_assert_int_eq(system(cmd), 0);
}

static const char *in_dir(const char *name, char *buf, size_t len)
{
    snprintf(buf, len, "%s/%s", dir, name);
    return buf;
}

/* Whole file as a NUL-terminated string (caller frees). */
static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    ck_assert_ptr_nonnull(f);
    char *text = calloc(1, 65536);
    ck_assert_ptr_nonnull(text);
    size_t n = fread(text, 1, 65535, f);
    text[n] = '\0';
    fclose(f);
    return text;
}

static json_t *record(int n)
{
    return json_pack("{s:s, s:s, s:i, s:{s:s}}", "timestamp", "2019-12-09T06:33:58.827155+0000",
                     "event_type", "flow", "flow_id", n, "seawall", "note", "a b");
}

static sw_output *open_file(const char *path, size_t buffer_size)
{
    sw_output_options opt = {SW_OUTPUT_FILE, path, buffer_size};
    sw_output *o = NULL;
    sw_error err;
    ck_assert_int_eq(sw_output_new(&opt, &o, &err), SW_OK);
    return o;
}

static void write_record(sw_output *o, int n, sw_status expect)
{
    json_t *rec = record(n);
    ck_assert_int_eq(sw_output_write(o, rec), expect);
    json_decref(rec);
}

START_TEST(file_appends_compact_lines)
{
    char path[128];
    make_dir();
    in_dir("eve.json", path, sizeof(path));
    FILE *f = fopen(path, "w");
    fputs("{\"earlier\":1}\n", f);
    fclose(f);

    sw_output *o = open_file(path, 0);
    write_record(o, 1, SW_OK);
    write_record(o, 2, SW_OK);
    sw_output_free(o);

    char *text = slurp(path);
    /* Key order is insertion order; no space after ':' or ',' even inside strings' neighbours. */
    ck_assert_str_eq(text, "{\"earlier\":1}\n"
                           "{\"timestamp\":\"2019-12-09T06:33:58.827155+0000\",\"event_type\":"
                           "\"flow\",\"flow_id\":1,\"seawall\":{\"note\":\"a b\"}}\n"
                           "{\"timestamp\":\"2019-12-09T06:33:58.827155+0000\",\"event_type\":"
                           "\"flow\",\"flow_id\":2,\"seawall\":{\"note\":\"a b\"}}\n");
    free(text);
    remove_dir();
}
END_TEST

START_TEST(file_created_0640)
{
    char path[128];
    make_dir();
    umask(022);
    sw_output *o = open_file(in_dir("eve.json", path, sizeof(path)), 0);
    sw_output_free(o);
    struct stat st;
    ck_assert_int_eq(stat(path, &st), 0);
    ck_assert_int_eq(st.st_mode & 0777, 0640);
    remove_dir();
}
END_TEST

START_TEST(reopen_after_rename_writes_new_file)
{
    char path[128], rotated[128];
    make_dir();
    in_dir("eve.json", path, sizeof(path));
    in_dir("eve.json.1", rotated, sizeof(rotated));
    sw_output *o = open_file(path, 0);
    write_record(o, 1, SW_OK);
    ck_assert_int_eq(rename(path, rotated), 0); /* what logrotate does before its SIGHUP */
    write_record(o, 2, SW_OK);                  /* still the old, renamed file */
    sw_error err;
    ck_assert_int_eq(sw_output_reopen(o, &err), SW_OK);
    write_record(o, 3, SW_OK);
    sw_output_stats st;
    sw_output_get_stats(o, &st);
    sw_output_free(o);

    char *old_text = slurp(rotated), *new_text = slurp(path);
    ck_assert_ptr_nonnull(strstr(old_text, "\"flow_id\":1,"));
    ck_assert_ptr_nonnull(strstr(old_text, "\"flow_id\":2,"));
    ck_assert_ptr_null(strstr(old_text, "\"flow_id\":3,"));
    ck_assert_ptr_nonnull(strstr(new_text, "\"flow_id\":3,"));
    ck_assert_ptr_null(strchr(strchr(new_text, '\n') + 1, '\n')); /* exactly one line */
    ck_assert_uint_eq(st.reopens, 1);
    ck_assert_uint_eq(st.records, 3);
    free(old_text);
    free(new_text);
    remove_dir();
}
END_TEST

START_TEST(reopen_failure_keeps_old_file)
{
    char path[256], sub[128];
    make_dir();
    in_dir("sub", sub, sizeof(sub));
    ck_assert_int_eq(mkdir(sub, 0700), 0);
    snprintf(path, sizeof(path), "%s/eve.json", sub);
    sw_output *o = open_file(path, 0);
    ck_assert_int_eq(unlink(path), 0);
    ck_assert_int_eq(rmdir(sub), 0); /* the path can no longer be created */
    sw_error err;
    ck_assert_int_eq(sw_output_reopen(o, &err), SW_ERR_IO);
    ck_assert_str_eq(err.file, path);
    write_record(o, 1, SW_OK); /* into the still-open, unlinked file */
    sw_output_free(o);
    remove_dir();
}
END_TEST

START_TEST(write_errors_counted_dev_full)
{
    sw_output *o = open_file("/dev/full", 0);
    write_record(o, 1, SW_ERR_IO);
    write_record(o, 2, SW_ERR_IO);
    sw_output_stats st;
    sw_output_get_stats(o, &st);
    ck_assert_uint_eq(st.write_errors, 2);
    ck_assert_uint_eq(st.dropped, 2);
    ck_assert_uint_eq(st.records, 0);
    ck_assert_ptr_nonnull(strstr(sw_output_last_error(o), "/dev/full: No space left"));

    json_t *counters = json_object();
    sw_output_stats_to_json(&st, counters);
    ck_assert_int_eq(json_integer_value(json_object_get(counters, "eve.write_errors")), 2);
    ck_assert_int_eq(json_integer_value(json_object_get(counters, "eve.dropped")), 2);
    ck_assert_ptr_nonnull(json_object_get(counters, "eve.records"));
    json_decref(counters);
    sw_output_free(o);
}
END_TEST

START_TEST(buffered_lines_flushed_on_close)
{
    char path[128];
    make_dir();
    in_dir("eve.json", path, sizeof(path));
    sw_output *o = open_file(path, 65536);
    write_record(o, 1, SW_OK);
    write_record(o, 2, SW_OK);
    char *text = slurp(path);
    ck_assert_str_eq(text, ""); /* held in the buffer */
    free(text);
    sw_output_free(o);
    text = slurp(path);
    ck_assert_ptr_nonnull(strstr(text, "\"flow_id\":1,"));
    ck_assert_ptr_nonnull(strstr(text, "\"flow_id\":2,"));
    free(text);
    remove_dir();
}
END_TEST

START_TEST(buffered_write_error_drops_held_records)
{
    sw_output *o = open_file("/dev/full", 65536);
    write_record(o, 1, SW_OK);
    write_record(o, 2, SW_OK);
    ck_assert_int_eq(sw_output_flush(o), SW_ERR_IO);
    sw_output_stats st;
    sw_output_get_stats(o, &st);
    ck_assert_uint_eq(st.write_errors, 1);
    ck_assert_uint_eq(st.dropped, 2);
    sw_output_free(o);
}
END_TEST

START_TEST(oversized_record_dropped)
{
    char path[128];
    make_dir();
    sw_output *o = open_file(in_dir("eve.json", path, sizeof(path)), 0);
    size_t n = SW_OUTPUT_MAX_RECORD + 10;
    char *big = malloc(n + 1);
    memset(big, 'x', n);
    big[n] = '\0';
    json_t *rec = json_pack("{s:s}", "event_type", big);
    ck_assert_int_eq(sw_output_write(o, rec), SW_ERR_LIMIT);
    json_decref(rec);
    free(big);
    write_record(o, 7, SW_OK); /* the sink still works */
    sw_output_stats st;
    sw_output_get_stats(o, &st);
    ck_assert_uint_eq(st.dropped, 1);
    ck_assert_uint_eq(st.records, 1);
    sw_output_free(o);
    char *text = slurp(path);
    ck_assert_str_eq(text, "{\"timestamp\":\"2019-12-09T06:33:58.827155+0000\",\"event_type\":"
                           "\"flow\",\"flow_id\":7,\"seawall\":{\"note\":\"a b\"}}\n");
    free(text);
    remove_dir();
}
END_TEST

START_TEST(stdout_sink_writes_fd1)
{
    char path[128];
    make_dir();
    in_dir("stdout.json", path, sizeof(path));
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    ck_assert_int_ge(fd, 0);
    ck_assert_int_eq(dup2(fd, STDOUT_FILENO), STDOUT_FILENO);
    close(fd);
    sw_output_options opt = {SW_OUTPUT_STDOUT, NULL, 0};
    sw_output *o = NULL;
    ck_assert_int_eq(sw_output_new(&opt, &o, NULL), SW_OK);
    write_record(o, 5, SW_OK);
    ck_assert_int_eq(sw_output_reopen(o, NULL), SW_OK);
    sw_output_free(o);
    ck_assert_int_ne(fcntl(STDOUT_FILENO, F_GETFD), -1); /* fd 1 left open */
    char *text = slurp(path);
    ck_assert_ptr_nonnull(strstr(text, "\"flow_id\":5,"));
    free(text);
    remove_dir();
}
END_TEST

START_TEST(bad_options_rejected)
{
    sw_output *o = (sw_output *)1;
    sw_error err;
    sw_output_options no_path = {SW_OUTPUT_FILE, NULL, 0};
    ck_assert_int_eq(sw_output_new(&no_path, &o, &err), SW_ERR_INVALID);
    ck_assert_ptr_null(o);
    sw_output_options bad_kind = {(sw_output_kind)99, "/tmp/x", 0};
    ck_assert_int_eq(sw_output_new(&bad_kind, &o, &err), SW_ERR_INVALID);
    sw_output_options missing_dir = {SW_OUTPUT_FILE, "/nonexistent-dir/eve.json", 0};
    ck_assert_int_eq(sw_output_new(&missing_dir, &o, &err), SW_ERR_IO);
    ck_assert_str_eq(err.file, "/nonexistent-dir/eve.json");
    ck_assert_ptr_nonnull(strstr(err.text, "No such file"));
    sw_output_free(NULL);
}
END_TEST

static Suite *output_suite(void)
{
    Suite *s = suite_create("output");
    TCase *file = tcase_create("file");
    tcase_add_test(file, file_appends_compact_lines);
    tcase_add_test(file, file_created_0640);
    tcase_add_test(file, reopen_after_rename_writes_new_file);
    tcase_add_test(file, reopen_failure_keeps_old_file);
    tcase_add_test(file, buffered_lines_flushed_on_close);
    tcase_add_test(file, oversized_record_dropped);
    suite_add_tcase(s, file);
    TCase *errors = tcase_create("errors");
    tcase_add_test(errors, write_errors_counted_dev_full);
    tcase_add_test(errors, buffered_write_error_drops_held_records);
    tcase_add_test(errors, bad_options_rejected);
    suite_add_tcase(s, errors);
    TCase *out = tcase_create("stdout");
    tcase_add_test(out, stdout_sink_writes_fd1);
    suite_add_tcase(s, out);
    return s;
}

int main(void)
{
    return sw_test_run(output_suite());
}

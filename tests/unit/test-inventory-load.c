/* The loopback inventory files of ST-LAT-001 (sensor/inventory-load.c): what a line may hold,
 * the file:line of a bad one, and paths taken from the configuration file's directory. */
#include "inventory-load.h"
#include "netset.h"
#include "sw-test.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int in_loopbacks(const sw_engine_config *cfg, const char *addr)
{
    sw_ip ip;
    ck_assert_int_eq(sw_ip_parse(&ip, addr), SW_OK);
    return sw_netset_contains(sw_engine_config_net(cfg, SW_NET_LOOPBACKS), &ip);
}

START_TEST(lines_comments_and_blanks)
{
    const char text[] = "# core routers\n"
                        "10.255.0.1\n"
                        "\n"
                        "  10.255.0.2/32   # pe2, CR LF from Windows\r\n"
                        "2001:db8:ff::1\n"
                        "10.255.1.0/30"; /* no final newline */
    sw_engine_config *cfg = sw_engine_config_new();
    sw_error err;
    ck_assert_int_eq(sw_inventory_parse(text, strlen(text), "lo.txt", cfg, &err), SW_OK);
    ck_assert(in_loopbacks(cfg, "10.255.0.1"));
    ck_assert(in_loopbacks(cfg, "10.255.0.2"));
    ck_assert(in_loopbacks(cfg, "2001:db8:ff::1"));
    ck_assert(in_loopbacks(cfg, "10.255.1.3"));
    ck_assert(!in_loopbacks(cfg, "10.255.0.3"));
    ck_assert(!in_loopbacks(cfg, "10.255.1.4"));
    sw_engine_config_free(cfg);
}
END_TEST

START_TEST(bad_line_names_file_and_line)
{
    static const struct {
        const char *text;
        unsigned line;
        const char *value;
    } bad[] = {
        {"10.255.0.1\n# ok\n10.255.0.300\n", 3, "10.255.0.300"},
        {"10.255.0.1/8\n", 1, "10.255.0.1/8"}, /* host bits set: a typo, not a /8 */
        {"\n\nrouter1\n", 3, "router1"},
        {"10.255.0.1 10.255.0.2\n", 1, "10.255.0.1 10.255.0.2"},
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        sw_engine_config *cfg = sw_engine_config_new();
        sw_error err;
        memset(&err, 0, sizeof(err));
        sw_status st = sw_inventory_parse(bad[i].text, strlen(bad[i].text), "lo.txt", cfg, &err);
        ck_assert_int_ne(st, SW_OK);
        ck_assert_str_eq(err.file, "lo.txt");
        ck_assert_uint_eq(err.line, bad[i].line);
        ck_assert_str_eq(err.key, "loopback-files");
        ck_assert_msg(strstr(err.text, bad[i].value) != NULL, "%s", err.text);
        sw_engine_config_free(cfg);
    }
    char longline[SW_INVENTORY_LINE_MAX + 8];
    memset(longline, ' ', sizeof(longline));
    sw_engine_config *cfg = sw_engine_config_new();
    sw_error err;
    ck_assert_int_ne(sw_inventory_parse(longline, sizeof(longline), "lo.txt", cfg, &err), SW_OK);
    ck_assert_uint_eq(err.line, 1);
    sw_engine_config_free(cfg);
}
END_TEST

static void write_text(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    fputs(text, f);
    fclose(f);
}

/* Writes yaml to conf_path and loads its loopback-files into a new config; the status. */
static sw_status load_with(const char *conf_path, const char *yaml, sw_engine_config **cfg,
                           sw_error *err)
{
    sw_conf_node *root = NULL;
    write_text(conf_path, yaml);
    ck_assert_int_eq(sw_conf_load_file(conf_path, &root, err), SW_OK);
    *cfg = sw_engine_config_new();
    sw_status st = sw_inventory_load_config(root, *cfg, err);
    sw_conf_free(root);
    return st;
}

START_TEST(paths_from_the_config_directory)
{
    char dir[] = "/tmp/seawall-inv-XXXXXX";
    ck_assert_ptr_nonnull(mkdtemp(dir));
    char conf_path[128], list_path[128];
    snprintf(conf_path, sizeof(conf_path), "%s/seawall.yaml", dir);
    snprintf(list_path, sizeof(list_path), "%s/lo.txt", dir);
    write_text(list_path, "10.255.0.7\n");
    sw_engine_config *cfg = NULL;
    sw_error err;
    ck_assert_int_eq(load_with(conf_path, "loopback-files: [lo.txt]\n", &cfg, &err), SW_OK);
    ck_assert(in_loopbacks(cfg, "10.255.0.7"));
    sw_engine_config_free(cfg);
    /* A missing file is an error naming it, not an empty inventory. */
    ck_assert_int_ne(load_with(conf_path, "loopback-files: [missing.txt]\n", &cfg, &err), SW_OK);
    ck_assert(strstr(err.file, "missing.txt") != NULL);
    sw_engine_config_free(cfg);
    ck_assert_int_ne(load_with(conf_path, "loopback-files: lo.txt\n", &cfg, &err), SW_OK);
    ck_assert_uint_eq(err.line, 1); /* not a list */
    sw_engine_config_free(cfg);
    unlink(list_path);
    unlink(conf_path);
    rmdir(dir);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("inventory-load");
    TCase *tc = tcase_create("inventory");
    tcase_add_test(tc, lines_comments_and_blanks);
    tcase_add_test(tc, bad_line_names_file_and_line);
    tcase_add_test(tc, paths_from_the_config_directory);
    suite_add_tcase(s, tc);
    return sw_test_run(s);
}

/* Unit tests for core/conf.c: the YAML tree, typed reads and every error path with its position.
 * Expected lines are counted by hand in the YAML below; libyaml problem texts are the strings in
 * libyaml's scanner.c/parser.c, and their lines agree with PyYAML's marks for the same files. */
#include "conf.h"
#include "sw-test.h"

#include <stdio.h>
#include <string.h>

static sw_conf_node *load(const char *text)
{
    sw_conf_node *root = NULL;
    sw_error err;
    memset(&err, 0, sizeof(err));
    sw_status st = sw_conf_load_string(text, strlen(text), "t.yaml", &root, &err);
    ck_assert_msg(st == SW_OK, "load failed: %s", err.text);
    return root;
}

/* Loads text expecting failure; returns the formatted message in a static buffer. */
static const char *load_error(const char *text, sw_status *status)
{
    static char msg[1024];
    sw_conf_node *root = NULL;
    sw_error err;
    memset(&err, 0, sizeof(err));
    *status = sw_conf_load_string(text, strlen(text), "t.yaml", &root, &err);
    ck_assert_ptr_null(root);
    sw_error_format(&err, msg, sizeof(msg));
    return msg;
}

START_TEST(test_scalars_maps_sequences_with_lines)
{
    const char *text = "# comment\n"
                       "name: seawall\n"
                       "networks:\n"
                       "  infra:\n"
                       "    - 10.0.0.0/8\n"
                       "    - \"2001:db8::/32\"\n"
                       "empty: []\n";
    sw_conf_node *root = load(text);
    ck_assert_int_eq(sw_conf_kind_of(root), SW_CONF_MAP);
    ck_assert_uint_eq(sw_conf_count(root), 3);
    ck_assert_str_eq(sw_conf_key_at(root, 0), "name");
    ck_assert_str_eq(sw_conf_scalar(sw_conf_get(root, "name")), "seawall");
    ck_assert_uint_eq(sw_conf_line(sw_conf_get(root, "name")), 2);
    ck_assert_uint_eq(sw_conf_key_line_at(root, 1), 3);
    const sw_conf_node *infra = sw_conf_get(sw_conf_get(root, "networks"), "infra");
    ck_assert_int_eq(sw_conf_kind_of(infra), SW_CONF_SEQ);
    ck_assert_uint_eq(sw_conf_count(infra), 2);
    ck_assert_str_eq(sw_conf_scalar(sw_conf_at(infra, 1)), "2001:db8::/32");
    ck_assert_uint_eq(sw_conf_line(sw_conf_at(infra, 0)), 5);
    ck_assert_uint_eq(sw_conf_line(sw_conf_at(infra, 1)), 6);
    ck_assert_str_eq(sw_conf_file(sw_conf_at(infra, 1)), "t.yaml");
    ck_assert_uint_eq(sw_conf_count(sw_conf_get(root, "empty")), 0);
    ck_assert_ptr_null(sw_conf_get(root, "absent"));
    ck_assert_ptr_null(sw_conf_scalar(infra));
    ck_assert_ptr_null(sw_conf_at(infra, 2));
    sw_conf_free(root);
}
END_TEST

START_TEST(test_empty_inputs_are_empty_maps)
{
    static const char *const texts[] = {"", "# only a comment\n", "---\n", "~\n"};
    for (size_t i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
        sw_conf_node *root = load(texts[i]);
        ck_assert_int_eq(sw_conf_kind_of(root), SW_CONF_MAP);
        ck_assert_uint_eq(sw_conf_count(root), 0);
        sw_conf_free(root);
    }
}
END_TEST

START_TEST(test_null_scalar_versus_quoted_empty)
{
    sw_conf_node *root = load("a:\nb: ''\nc: null\n");
    ck_assert_int_eq(sw_conf_is_null(sw_conf_get(root, "a")), 1);
    ck_assert_int_eq(sw_conf_is_null(sw_conf_get(root, "b")), 0);
    ck_assert_int_eq(sw_conf_is_null(sw_conf_get(root, "c")), 1);
    sw_conf_free(root);
}
END_TEST

START_TEST(test_get_u64_range_and_errors)
{
    sw_conf_node *root = load("ok: 42\nbig: 99999999999999999999999\nneg: -1\nlist: [1]\n");
    sw_error err;
    uint64_t v = 7;
    ck_assert_int_eq(sw_conf_get_u64(root, "absent", 0, 10, &v, &err), SW_OK);
    ck_assert_uint_eq(v, 7);
    ck_assert_int_eq(sw_conf_get_u64(root, "ok", 0, 100, &v, &err), SW_OK);
    ck_assert_uint_eq(v, 42);
    ck_assert_int_eq(sw_conf_get_u64(root, "ok", 0, 41, &v, &err), SW_ERR_PARSE);
    ck_assert_uint_eq(err.line, 1);
    ck_assert_str_eq(err.key, "ok");
    ck_assert_ptr_nonnull(strstr(err.text, "from 0 to 41"));
    ck_assert_int_eq(sw_conf_get_u64(root, "big", 0, UINT64_MAX, &v, &err), SW_ERR_PARSE);
    ck_assert_uint_eq(err.line, 2);
    ck_assert_int_eq(sw_conf_get_u64(root, "neg", 0, 10, &v, &err), SW_ERR_PARSE);
    ck_assert_uint_eq(err.line, 3);
    ck_assert_int_eq(sw_conf_get_u64(root, "list", 0, 10, &v, &err), SW_ERR_PARSE);
    ck_assert_uint_eq(err.line, 4);
    ck_assert_str_eq(err.key, "list");
    sw_conf_free(root);
}
END_TEST

START_TEST(test_get_bool_and_str)
{
    sw_conf_node *root = load("on: yes\noff: false\nbad: maybe\nmap: {x: 1}\n");
    sw_error err;
    int b = -1;
    ck_assert_int_eq(sw_conf_get_bool(root, "on", &b, &err), SW_OK);
    ck_assert_int_eq(b, 1);
    ck_assert_int_eq(sw_conf_get_bool(root, "off", &b, &err), SW_OK);
    ck_assert_int_eq(b, 0);
    ck_assert_int_eq(sw_conf_get_bool(root, "bad", &b, &err), SW_ERR_PARSE);
    char msg[1024];
    sw_error_format(&err, msg, sizeof(msg));
    ck_assert_str_eq(msg, "t.yaml:3: bad: expected true or false, got 'maybe'");
    const char *s = "default";
    ck_assert_int_eq(sw_conf_get_str(root, "map", &s, &err), SW_ERR_PARSE);
    ck_assert_str_eq(s, "default");
    ck_assert_uint_eq(err.line, 4);
    sw_conf_free(root);
}
END_TEST

START_TEST(test_check_keys_names_the_unknown_key)
{
    sw_conf_node *root = load("alpha: 1\nbeta: 2\ngamma: 3\n");
    static const char *const allowed[] = {"alpha", "gamma", NULL};
    sw_error err;
    ck_assert_int_eq(sw_conf_check_keys(root, allowed, "test section", &err), SW_ERR_PARSE);
    char msg[1024];
    sw_error_format(&err, msg, sizeof(msg));
    ck_assert_str_eq(msg, "t.yaml:2: beta: unknown key in test section (allowed: alpha, gamma)");
    static const char *const all[] = {"alpha", "beta", "gamma", NULL};
    ck_assert_int_eq(sw_conf_check_keys(root, all, "x", &err), SW_OK);
    sw_conf_free(root);
}
END_TEST

START_TEST(test_conf_error_uses_node_position)
{
    sw_conf_node *root = load("a:\n  b: 5\n");
    sw_error err;
    const sw_conf_node *b = sw_conf_get(sw_conf_get(root, "a"), "b");
    ck_assert_int_eq(sw_conf_error(b, "a.b", &err, "too big: %d", 5), SW_ERR_PARSE);
    char msg[1024];
    sw_error_format(&err, msg, sizeof(msg));
    ck_assert_str_eq(msg, "t.yaml:2: a.b: too big: 5");
    sw_conf_free(root);
}
END_TEST

START_TEST(test_inline_errors_exact)
{
    sw_status st;
    ck_assert_str_eq(load_error("x: 1\ny: 2\nx: 3\n", &st),
                     "t.yaml:3: x: duplicate key (first defined at line 1)");
    ck_assert_int_eq(st, SW_ERR_DUPLICATE);
    ck_assert_str_eq(load_error("a: 1\nb: &anchor 2\n", &st),
                     "t.yaml:2: b: anchors and aliases are not supported");
    ck_assert_int_eq(st, SW_ERR_UNSUPPORTED);
    ck_assert_str_eq(load_error("a: 1\n---\na: 2\n", &st),
                     "t.yaml:2: more than one YAML document in the file");
    ck_assert_int_eq(st, SW_ERR_PARSE);
}
END_TEST

START_TEST(test_caps_on_map_keys_and_nodes)
{
    static char text[600000];
    size_t used = 0;
    for (int i = 0; i < 1025; i++)
        used += (size_t)snprintf(text + used, sizeof(text) - used, "k%d: 1\n", i);
    sw_status st;
    ck_assert_str_eq(load_error(text, &st), "t.yaml:1025: more than 1024 keys in one map");
    ck_assert_int_eq(st, SW_ERR_LIMIT);
    /* 1 sequence + 200000 scalars = 200001 nodes, one over the cap. */
    used = (size_t)snprintf(text, sizeof(text), "[");
    for (int i = 0; i < 200000; i++)
        used += (size_t)snprintf(text + used, sizeof(text) - used, "0,");
    snprintf(text + used, sizeof(text) - used, "]");
    ck_assert_str_eq(load_error(text, &st), "t.yaml:1: more than 200000 nodes");
    ck_assert_int_eq(st, SW_ERR_LIMIT);
}
END_TEST

START_TEST(test_load_file_missing)
{
    sw_conf_node *root = NULL;
    sw_error err;
    ck_assert_int_eq(sw_conf_load_file("/nonexistent/seawall.yaml", &root, &err), SW_ERR_IO);
    ck_assert_ptr_null(root);
    ck_assert_str_eq(err.file, "/nonexistent/seawall.yaml");
}
END_TEST

/* The malformed corpus: each file with the message part the operator must see. */
static const struct {
    const char *file;
    const char *expect; /* "<file>:<line>: [<key>: ]<text>" as a substring */
} bad_cases[] = {
    {"duplicate-key.yaml", "duplicate-key.yaml:3: infra: duplicate key (first defined at line 2)"},
    {"anchor.yaml", "anchor.yaml:1: base: anchors and aliases are not supported"},
    {"alias.yaml", "alias.yaml:2: b: anchors and aliases are not supported"},
    {"two-documents.yaml", "two-documents.yaml:2: more than one YAML document"},
    {"tab-indent.yaml", "tab-indent.yaml:2: found character that cannot start any token"},
    {"unclosed-flow.yaml", "unclosed-flow.yaml:2: did not find expected ',' or ']'"},
    {"unclosed-quote.yaml", "unclosed-quote.yaml:2: found unexpected end of stream"},
    {"bad-indent.yaml", "bad-indent.yaml:3: did not find expected key"},
    {"non-scalar-key.yaml", "non-scalar-key.yaml:1: map keys must be plain text"},
    {"deep-nesting.yaml", "deep-nesting.yaml:1: deep: nesting deeper than 64 levels"},
    {"mapping-in-scalar.yaml", "mapping-in-scalar.yaml:1: mapping values are not allowed"},
};

START_TEST(test_bad_corpus)
{
    char rel[256];
    snprintf(rel, sizeof(rel), "tests/data/conf-bad/%s", bad_cases[_i].file);
    sw_conf_node *root = NULL;
    sw_error err;
    memset(&err, 0, sizeof(err));
    sw_status st = sw_conf_load_file(sw_test_source(rel), &root, &err);
    ck_assert_int_ne(st, SW_OK);
    ck_assert_ptr_null(root);
    char msg[1024];
    sw_error_format(&err, msg, sizeof(msg));
    ck_assert_msg(strstr(msg, bad_cases[_i].expect) != NULL, "%s: got '%s', want '%s'",
                  bad_cases[_i].file, msg, bad_cases[_i].expect);
}
END_TEST

static Suite *conf_suite(void)
{
    Suite *s = suite_create("conf");
    TCase *tree = tcase_create("tree");
    tcase_add_test(tree, test_scalars_maps_sequences_with_lines);
    tcase_add_test(tree, test_empty_inputs_are_empty_maps);
    tcase_add_test(tree, test_null_scalar_versus_quoted_empty);
    suite_add_tcase(s, tree);
    TCase *typed = tcase_create("typed");
    tcase_add_test(typed, test_get_u64_range_and_errors);
    tcase_add_test(typed, test_get_bool_and_str);
    tcase_add_test(typed, test_check_keys_names_the_unknown_key);
    tcase_add_test(typed, test_conf_error_uses_node_position);
    suite_add_tcase(s, typed);
    TCase *errors = tcase_create("errors");
    tcase_add_test(errors, test_inline_errors_exact);
    tcase_add_test(errors, test_caps_on_map_keys_and_nodes);
    tcase_add_test(errors, test_load_file_missing);
    tcase_add_loop_test(errors, test_bad_corpus, 0,
                        (int)(sizeof(bad_cases) / sizeof(bad_cases[0])));
    suite_add_tcase(s, errors);
    return s;
}

int main(void)
{
    return sw_test_run(conf_suite());
}

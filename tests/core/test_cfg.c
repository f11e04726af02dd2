/*
 * test_cfg.c - the YAML tree: marks, typed reads, errors, every Vale rule
 * file shipped in ../shared, and allocation-failure injection.
 */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "core/cfg.h"

static rl_cfg *
parse_ok(rl_arena *a, const char *text)
{
	rl_cfg *root = NULL;
	rl_diag d;

	memset(&d, 0, sizeof d);
	if (rl__cfg_parse(text, strlen(text), "t.yml", a, &root, &d) != RL_OK)
		fail_msg("parse failed: %s:%u:%u: %s", d.file, d.line, d.column,
		    d.message);
	return root;
}

static void
test_marks_and_kinds(void **state)
{
	static const char text[] = "extends: substitution\n"
	                           "message: \"Use '%s' instead of '%s'.\"\n"
	                           "level: warning\n"
	                           "swap:\n"
	                           "  are not: aren't\n"
	                           "  'it''s(?=\\.)': it is\n"
	                           "tokens:\n"
	                           "  - one\n"
	                           "  -   two\n"
	                           "description: |\n"
	                           "  line one\n"
	                           "  line two\n"
	                           "empty:\n";
	rl_arena         *a      = rl__arena_new(0);
	rl_cfg           *root   = parse_ok(a, text), *n, *c;

	assert_int_equal(root->kind, RL_CFG_MAP);
	assert_int_equal(root->n_children, 7);
	n = rl__cfg_get(root, "extends");
	assert_non_null(n);
	assert_int_equal(n->kind, RL_CFG_SCALAR);
	assert_string_equal(n->value, "substitution");
	assert_int_equal(n->key_line, 1);
	assert_int_equal(n->key_column, 1);
	assert_int_equal(n->line, 1);
	assert_int_equal(n->column, 10);
	assert_false(n->quoted);

	n = rl__cfg_get(root, "message");
	assert_string_equal(n->value, "Use '%s' instead of '%s'.");
	assert_true(n->quoted);
	assert_int_equal(n->line, 2);
	assert_int_equal(n->column, 10);

	n = rl__cfg_get(root, "swap");
	assert_int_equal(n->kind, RL_CFG_MAP);
	assert_int_equal(n->line, 5);
	assert_int_equal(n->key_line, 4);
	assert_int_equal(n->n_children, 2);
	c = n->child;
	assert_string_equal(c->key, "are not");
	assert_string_equal(c->value, "aren't");
	assert_int_equal(c->key_line, 5);
	assert_int_equal(c->key_column, 3);
	assert_int_equal(c->column, 12);
	c = c->next;
	assert_string_equal(c->key, "it's(?=\\.)");
	assert_string_equal(c->value, "it is");
	assert_int_equal(c->key_line, 6);
	assert_int_equal(c->key_column, 3);
	assert_int_equal(c->line, 6);
	assert_int_equal(c->column, 18);
	assert_null(c->next);

	n = rl__cfg_get(root, "tokens");
	assert_int_equal(n->kind, RL_CFG_SEQ);
	assert_int_equal(n->n_children, 2);
	assert_string_equal(n->child->value, "one");
	assert_int_equal(n->child->line, 8);
	assert_int_equal(n->child->column, 5);
	assert_null(n->child->key);
	assert_string_equal(n->child->next->value, "two");
	assert_int_equal(n->child->next->column, 7);

	n = rl__cfg_get(root, "description");
	assert_string_equal(n->value, "line one\nline two\n");
	assert_int_equal(n->len, 18);

	n = rl__cfg_get(root, "empty");
	assert_int_equal(n->kind, RL_CFG_SCALAR);
	assert_string_equal(n->value, "");
	assert_int_equal(n->len, 0);
	assert_null(rl__cfg_get(root, "absent"));
	rl__arena_free(a);
}

static void
test_typed_reads(void **state)
{
	static const char text[] = "name: prfaq\n"
	                           "on: yes\n"
	                           "off: False\n"
	                           "points: 5\n"
	                           "big: 500\n"
	                           "weight: 1.5\n"
	                           "words: [a, b, 'c d']\n"
	                           "one: single\n"
	                           "none:\n"
	                           "map: {x: 1}\n"
	                           "extra: 1\n";
	rl_arena         *a      = rl__arena_new(0);
	rl_cfg           *root   = parse_ok(a, text);
	const char       *s      = NULL;
	const char      **list   = NULL;
	size_t            n      = 99;
	bool              b      = false;
	long long         i      = 0;
	double            x      = 0;
	rl_diag           d;

	assert_int_equal(rl__cfg_str(root, "name", "t.yml", &s, &d), RL_OK);
	assert_string_equal(s, "prfaq");
	assert_int_equal(rl__cfg_str(root, "nope", "t.yml", &s, &d), RL_ENOENT);
	assert_string_equal(s, "prfaq");
	assert_int_equal(rl__cfg_bool(root, "on", "t.yml", &b, &d), RL_OK);
	assert_true(b);
	assert_int_equal(rl__cfg_bool(root, "off", "t.yml", &b, &d), RL_OK);
	assert_false(b);
	assert_int_equal(
	    rl__cfg_int(root, "points", "t.yml", 0, 100, &i, &d), RL_OK);
	assert_int_equal(i, 5);
	assert_int_equal(
	    rl__cfg_int(root, "big", "t.yml", 0, 100, &i, &d), RL_EPACK);
	assert_int_equal(i, 5);
	assert_string_equal(d.file, "t.yml");
	assert_int_equal(d.line, 5);
	assert_int_equal(d.column, 6);
	assert_non_null(strstr(d.message, "'big'"));
	assert_int_equal(
	    rl__cfg_double(root, "weight", "t.yml", &x, &d), RL_OK);
	assert_true(x == 1.5);
	assert_int_equal(
	    rl__cfg_double(root, "name", "t.yml", &x, &d), RL_EPACK);
	assert_int_equal(
	    rl__cfg_strlist(root, "words", "t.yml", a, &list, &n, &d), RL_OK);
	assert_int_equal(n, 3);
	assert_string_equal(list[2], "c d");
	assert_null(list[3]);
	assert_int_equal(
	    rl__cfg_strlist(root, "one", "t.yml", a, &list, &n, &d), RL_OK);
	assert_int_equal(n, 1);
	assert_string_equal(list[0], "single");
	assert_int_equal(
	    rl__cfg_strlist(root, "none", "t.yml", a, &list, &n, &d), RL_OK);
	assert_int_equal(n, 0);
	assert_int_equal(
	    rl__cfg_strlist(root, "map", "t.yml", a, &list, &n, &d), RL_EPACK);
	assert_int_equal(d.line, 10);
	assert_int_equal(d.column, 6);
	assert_int_equal(rl__cfg_str(root, "map", "t.yml", &s, &d), RL_EPACK);
	assert_non_null(strstr(d.message, "must be a string"));

	/* Everything but `extra` has been read. */
	assert_int_equal(rl__cfg_check_unused(root, "t.yml", &d), RL_EPACK);
	assert_string_equal(d.message, "unknown field 'extra'");
	assert_int_equal(d.line, 11);
	assert_int_equal(d.column, 1);
	assert_non_null(rl__cfg_get(root, "extra"));
	assert_int_equal(rl__cfg_check_unused(root, "t.yml", &d), RL_OK);

	assert_int_equal(
	    rl__cfg_error(root->child, "f.yml", &d, "why %d", 1), RL_EPACK);
	assert_string_equal(d.message, "why 1");
	assert_int_equal(d.line, 1);
	assert_int_equal(d.column, 7);
	rl__arena_free(a);
}

static void
expect_error(const char *text, rl_err want, uint32_t line, uint32_t col,
    const char *part)
{
	rl_arena *a    = rl__arena_new(0);
	rl_cfg   *root = NULL;
	rl_diag   d;

	memset(&d, 0, sizeof d);
	assert_int_equal(
	    rl__cfg_parse(text, strlen(text), "bad.yml", a, &root, &d), want);
	assert_null(root);
	assert_string_equal(d.file, "bad.yml");
	assert_int_equal(d.line, line);
	assert_int_equal(d.column, col);
	if (!strstr(d.message, part))
		fail_msg("message '%s' lacks '%s'", d.message, part);
	rl__arena_free(a);
}

static void
test_errors(void **state)
{
	expect_error("a: 1\nb: [1, 2\nc: 3\n", RL_EPARSE, 3, 2,
	    "did not find expected ',' or ']'");
	expect_error("key: \"unterminated\n", RL_EPARSE, 2, 1,
	    "found unexpected end of stream");
	expect_error("a: 1\n  b: 2\n", RL_EPARSE, 2, 4,
	    "mapping values are not allowed");
	expect_error("a: 1\nb: 2\na: 3\n", RL_EPARSE, 3, 1,
	    "duplicate key 'a' (first at line 1)");
	expect_error("base: &x 1\nother: *x\n", RL_EPARSE, 2, 8,
	    "aliases (*x) are not supported");
	expect_error("? [a, b]\n: 1\n", RL_EPARSE, 1, 3, "map key");
	expect_error("a: 1\n---\nb: 2\n", RL_EPARSE, 2, 1,
	    "more than one YAML document");
	expect_error("a: \x01\n", RL_EPARSE, 1, 4, "control characters");
}

static void
test_duplicates_in_large_map(void **state)
{
	rl_buf    b;
	int       i;
	rl_arena *a = rl__arena_new(0);
	rl_cfg   *root;
	rl_diag   d;

	rl__buf_init(&b);
	rl__buf_puts(&b, "swap:\n");
	for (i = 0; i < 500; i++)
		rl__buf_printf(&b, "  word%d: other%d\n", i, i);
	assert_int_equal(
	    rl__cfg_parse(b.data, b.len, "s.yml", a, &root, &d), RL_OK);
	assert_int_equal(rl__cfg_get(root, "swap")->n_children, 500);
	rl__buf_puts(&b, "  word17: again\n");
	assert_int_equal(
	    rl__cfg_parse(b.data, b.len, "s.yml", a, &root, &d), RL_EPARSE);
	assert_int_equal(d.line, 502);
	assert_int_equal(d.column, 3);
	assert_string_equal(
	    d.message, "duplicate key 'word17' (first at line 19)");
	rl__buf_free(&b);
	rl__arena_free(a);
}

static void
test_empty_and_scalar_documents(void **state)
{
	rl_arena *a = rl__arena_new(0);
	rl_cfg   *root;

	root = parse_ok(a, "");
	assert_int_equal(root->kind, RL_CFG_NULL);
	root = parse_ok(a, "# only a comment\n");
	assert_int_equal(root->kind, RL_CFG_NULL);
	root = parse_ok(a, "---\n");
	assert_int_equal(root->kind, RL_CFG_NULL);
	root = parse_ok(a, "just text");
	assert_int_equal(root->kind, RL_CFG_SCALAR);
	assert_string_equal(root->value, "just text");
	/* An anchor alone is harmless. */
	root = parse_ok(a, "a: &x 1\n");
	assert_string_equal(rl__cfg_get(root, "a")->value, "1");
	rl__arena_free(a);
}

/* Every rule file of the Vale styles in ../shared must parse unchanged. */
static void
test_vale_styles(void **state)
{
	const char    *top = "../shared/vale-styles";
	DIR           *dt, *ds;
	struct dirent *st, *fe;
	char           path[1024];
	int            files = 0;

	dt = opendir(top);
	if (!dt)
		skip();
	while ((st = readdir(dt))) {
		if (st->d_name[0] == '.')
			continue;
		snprintf(path, sizeof path, "%s/%s", top, st->d_name);
		if (!(ds = opendir(path)))
			continue;
		while ((fe = readdir(ds))) {
			size_t    n = strlen(fe->d_name);
			char     *data;
			size_t    len;
			rl_arena *a;
			rl_cfg   *root;
			rl_diag   d;

			if (n < 5 || strcmp(fe->d_name + n - 4, ".yml") != 0)
				continue;
			snprintf(path, sizeof path, "%s/%s/%s", top, st->d_name,
			    fe->d_name);
			assert_int_equal(
			    rl__read_file(path, 0, &data, &len, &d), RL_OK);
			a = rl__arena_new(0);
			if (rl__cfg_parse(data, len, path, a, &root, &d))
				fail_msg("%s:%u:%u: %s", d.file, d.line,
				    d.column, d.message);
			assert_int_equal(root->kind, RL_CFG_MAP);
			assert_non_null(rl__cfg_get(root, "extends"));
			rl__arena_free(a);
			rl__free(data);
			files++;
		}
		closedir(ds);
	}
	closedir(dt);
	assert_true(files >= 100);
}

/* Allocation failure at every point gives RL_ENOMEM (or success) and no
 * leak (the sanitizer build checks the latter). */
static void
test_allocation_failures(void **state)
{
	rl_buf b;
	long   n;
	int    i;
	rl_err err = RL_ENOMEM;

	rl__buf_init(&b);
	rl__buf_puts(&b, "extends: existence\nmessage: 'x %s'\ntokens:\n");
	for (i = 0; i < 40; i++)
		rl__buf_printf(&b, "  - 'token number %d with some text'\n", i);
	rl__buf_puts(&b, "swap:\n");
	for (i = 0; i < 40; i++)
		rl__buf_printf(&b, "  key%d: value%d\n", i, i);
	for (n = 0; n < 10000; n++) {
		rl_arena *a;
		rl_cfg   *root = NULL;
		rl_diag   d;

		rl__alloc_fail_after(n);
		a = rl__arena_new(256);
		if (!a) {
			rl__alloc_fail_after(-1);
			continue;
		}
		err = rl__cfg_parse(b.data, b.len, "f.yml", a, &root, &d);
		rl__alloc_fail_after(-1);
		rl__arena_free(a);
		if (err == RL_OK) {
			assert_non_null(root);
			break;
		}
		assert_int_equal(err, RL_ENOMEM);
		assert_null(root);
	}
	assert_int_equal(err, RL_OK);
	assert_true(n > 3);
	rl__buf_free(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_marks_and_kinds),
		cmocka_unit_test(test_typed_reads),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_duplicates_in_large_map),
		cmocka_unit_test(test_empty_and_scalar_documents),
		cmocka_unit_test(test_vale_styles),
		cmocka_unit_test(test_allocation_failures),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

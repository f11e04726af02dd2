/*
 * test_engine.c - the engine object: built-in registrations, format
 * choice, the pack search path, duplicate names, allocation failures.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/engine.h"

static bool
ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && strcmp(s + n - m, suffix) == 0;
}

static void
test_builtins(void **state)
{
	rl_engine *e = NULL;

	assert_int_equal(rl_engine_new(&e), RL_OK);
	assert_non_null(e);
	assert_ptr_equal(rl__format_find(e, "markdown"), &rl__format_markdown);
	assert_ptr_equal(rl__format_find(e, "text"), &rl__format_text);
	assert_null(rl__format_find(e, "html"));
	assert_non_null(rl__kind_find(e, "existence"));
	assert_non_null(rl__kind_find(e, "substitution"));
	assert_null(rl__kind_find(e, "no-such-kind"));
	assert_non_null(rl__output_find(e, "json"));
	assert_non_null(rl__output_find(e, "text"));
	assert_null(rl__output_find(e, "no-such-output"));
	rl_engine_free(e);
	rl_engine_free(NULL);
	assert_int_equal(rl_engine_new(NULL), RL_EINVAL);
}

static void
test_format_choice(void **state)
{
	static const char md[]   = "# Title\n\nSome [link](x) and **bold**.\n";
	static const char text[] = "Just a plain note.\nNothing else.\n";
	rl_engine        *e      = NULL;

	assert_int_equal(rl_engine_new(&e), RL_OK);
	/* By extension first, whatever the content. */
	assert_ptr_equal(rl__format_for(e, "doc.md", text, strlen(text)),
	    &rl__format_markdown);
	assert_ptr_equal(
	    rl__format_for(e, "dir.x/DOC.MARKDOWN", text, strlen(text)),
	    &rl__format_markdown);
	assert_ptr_equal(
	    rl__format_for(e, "notes.txt", md, strlen(md)), &rl__format_text);
	/* Then by content; text is the fallback. */
	assert_ptr_equal(
	    rl__format_for(e, "-", md, strlen(md)), &rl__format_markdown);
	assert_ptr_equal(
	    rl__format_for(e, "README", md, strlen(md)), &rl__format_markdown);
	assert_ptr_equal(
	    rl__format_for(e, "-", text, strlen(text)), &rl__format_text);
	assert_ptr_equal(
	    rl__format_for(e, "a.md.d/file", "", 0), &rl__format_text);
	assert_ptr_equal(rl__format_for(e, NULL, NULL, 0), &rl__format_text);

	assert_true(rl__format_is_reviewable(e, "a/b.md"));
	assert_true(rl__format_is_reviewable(e, "b.markdown"));
	assert_true(rl__format_is_reviewable(e, "c.TXT"));
	assert_false(rl__format_is_reviewable(e, "c.c"));
	assert_false(rl__format_is_reviewable(e, "md"));
	assert_false(rl__format_is_reviewable(e, "x.md/README"));
	assert_false(rl__format_is_reviewable(e, ".md"));
	assert_false(rl__format_is_reviewable(e, "trailing."));
	rl_engine_free(e);
}

static int
sniff_html(const char *src, size_t len)
{
	return len >= 5 && memcmp(src, "<html", 5) == 0 ? 100 : 0;
}

static rl_err
parse_none(rl_doc_builder *b, void *arg)
{
	return RL_OK;
}

static void
test_registration(void **state)
{
	static const char *const exts[] = { "html", "htm", NULL };
	static const rl_format   html   = { .name = "html",
		    .extensions                   = exts,
		    .sniff                        = sniff_html,
		    .parse                        = parse_none };
	static const rl_format   clash  = { .name = "markdown",
		   .parse                         = parse_none };
	static const rl_format   noname = { .parse = parse_none };
	rl_engine               *e      = NULL;
	rl_diag                  d;
	const rl_kind           *k;
	const rl_output         *o;

	assert_int_equal(rl_engine_new(&e), RL_OK);
	assert_int_equal(rl__engine_add_format(e, &html, &d), RL_OK);
	assert_ptr_equal(rl__format_for(e, "page.HTM", "", 0), &html);
	assert_ptr_equal(rl__format_for(e, "-", "<html><p>x", 10), &html);
	assert_true(rl__format_is_reviewable(e, "p.html"));
	assert_int_equal(rl__engine_add_format(e, &clash, &d), RL_EINVAL);
	assert_string_equal(
	    d.message, "document format 'markdown' is already registered");
	assert_int_equal(rl__engine_add_format(e, &noname, &d), RL_EINVAL);
	assert_int_equal(rl__engine_add_format(e, &html, NULL), RL_EINVAL);

	/* A plugin may not replace a built-in kind or output. */
	k = rl__kind_find(e, "existence");
	assert_int_equal(rl__engine_add_kind(e, k, &d), RL_EINVAL);
	assert_string_equal(
	    d.message, "rule kind 'existence' is already registered");
	o = rl__output_find(e, "json");
	assert_int_equal(rl__engine_add_output(e, o, &d), RL_EINVAL);
	assert_string_equal(
	    d.message, "output format 'json' is already registered");
	rl_engine_free(e);
}

static void
test_packs_path(void **state)
{
	rl_engine *e = NULL;
	size_t     n;

	setenv("REDLINE_PACKS_PATH", "/env/a:/env/b::/env/c:", 1);
	assert_int_equal(rl_engine_new(&e), RL_OK);
	unsetenv("REDLINE_PACKS_PATH");
	n = e->n_packs_path;
	assert_int_equal(n, 5);
	assert_int_equal(e->n_user_paths, 0);
	assert_string_equal(e->packs_path[0], "/env/a");
	assert_string_equal(e->packs_path[1], "/env/b");
	assert_string_equal(e->packs_path[2], "/env/c");
	assert_true(ends_with(e->packs_path[3], "/rules"));
	assert_true(ends_with(e->packs_path[4], "/share/redline/rules"));

	/* User folders first, in the order added. */
	assert_int_equal(rl_engine_add_packs_path(e, "/user/one"), RL_OK);
	assert_int_equal(rl_engine_add_packs_path(e, "/user/two/"), RL_OK);
	assert_int_equal(rl_engine_add_packs_path(e, "/user/one"), RL_OK);
	assert_int_equal(e->n_user_paths, 2);
	assert_int_equal(e->n_packs_path, 7);
	assert_string_equal(e->packs_path[0], "/user/one");
	assert_string_equal(e->packs_path[1], "/user/two");
	assert_string_equal(e->packs_path[2], "/env/a");
	/* A default folder named by the user moves up among the user's. */
	assert_int_equal(rl_engine_add_packs_path(e, "/env/c"), RL_OK);
	assert_int_equal(e->n_user_paths, 3);
	assert_int_equal(e->n_packs_path, 7);
	assert_string_equal(e->packs_path[2], "/env/c");
	assert_string_equal(e->packs_path[3], "/env/a");
	assert_string_equal(e->packs_path[4], "/env/b");
	assert_int_equal(rl_engine_add_packs_path(e, ""), RL_EINVAL);
	assert_int_equal(rl_engine_add_packs_path(e, NULL), RL_EINVAL);
	assert_int_equal(rl_engine_add_packs_path(NULL, "/x"), RL_EINVAL);
	rl_engine_free(e);
}

static void
test_allocation_failures(void **state)
{
	long   n;
	rl_err err = RL_ENOMEM;

	setenv("REDLINE_PACKS_PATH", "/p/one:/p/two", 1);
	for (n = 0; n < 10000; n++) {
		rl_engine *e = NULL;

		rl__alloc_fail_after(n);
		err = rl_engine_new(&e);
		if (err == RL_OK)
			err = rl_engine_add_packs_path(e, "/user");
		rl__alloc_fail_after(-1);
		rl_engine_free(e);
		if (err == RL_OK)
			break;
		assert_int_equal(err, RL_ENOMEM);
	}
	unsetenv("REDLINE_PACKS_PATH");
	assert_int_equal(err, RL_OK);
	assert_true(n > 5);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_builtins),
		cmocka_unit_test(test_format_choice),
		cmocka_unit_test(test_registration),
		cmocka_unit_test(test_packs_path),
		cmocka_unit_test(test_allocation_failures),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

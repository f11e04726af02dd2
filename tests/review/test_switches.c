/*
 * test_switches.c - in-document switches read from HTML comments, in
 * Redline's and Vale's words: global off/on, one rule NO/YES, a whole
 * pack, re-enabling, unrelated comments, unterminated regions.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "review/review.h"

#define MAX_COMMENTS 16

/* A document with only what switches need: the text and its comments,
 * found the way a format would record them. */
typedef struct fixture {
	rl_doc  doc;
	rl_span spans[MAX_COMMENTS];
} fixture;

static void
make_doc(fixture *f, const char *text)
{
	const char *p = text, *open, *close;

	memset(f, 0, sizeof *f);
	f->doc.src = f->doc.raw = f->doc.prose = text;
	f->doc.len                             = strlen(text);
	f->doc.comments                        = f->spans;
	while ((open = strstr(p, "<!--")) && (close = strstr(open, "-->"))) {
		assert_true(f->doc.n_comments < MAX_COMMENTS);
		f->spans[f->doc.n_comments].off = (uint32_t)(open - text);
		f->spans[f->doc.n_comments].end = (uint32_t)(close + 3 - text);
		f->doc.n_comments++;
		p = close + 3;
	}
}

/* off_at returns the offset of the n-th (0-based) occurrence of word. */
static uint32_t
off_at(const char *text, const char *word, int n)
{
	const char *p = strstr(text, word);

	while (p && n-- > 0)
		p = strstr(p + 1, word);
	assert_non_null(p);
	return (uint32_t)(p - text);
}

static void
test_global_off_on(void **state)
{
	static const char text[] =
	    "bad one\n\n<!-- redline off -->\n\nbad two\n"
	    "\n<!-- redline on -->\n\nbad three\n";
	fixture          f;
	rl_arena        *a = rl__arena_new(0);
	rl_switch_range *r;
	size_t           n;

	make_doc(&f, text);
	assert_int_equal(rl__switches_parse(&f.doc, a, &r, &n), RL_OK);
	assert_int_equal(n, 1);
	assert_null(r[0].rule);
	assert_int_equal(r[0].off, off_at(text, "<!-- redline off", 0));
	assert_int_equal(r[0].end, off_at(text, "<!-- redline on", 0));
	assert_false(rl__switches_off(r, n, "p.a", off_at(text, "bad", 0)));
	assert_true(rl__switches_off(r, n, "p.a", off_at(text, "bad", 1)));
	assert_true(rl__switches_off(r, n, "q.b", off_at(text, "bad", 1)));
	assert_false(rl__switches_off(r, n, "p.a", off_at(text, "bad", 2)));
	rl__arena_free(a);
}

static void
test_vale_forms(void **state)
{
	static const char text[] =
	    "bad 0\n<!-- vale off -->\nbad 1\n<!-- vale on -->\nbad 2\n"
	    "<!-- vale Style.Rule = NO -->\nbad 3\n"
	    "<!--vale Style.Rule = YES-->\nbad 4\n";
	fixture          f;
	rl_arena        *a = rl__arena_new(0);
	rl_switch_range *r;
	size_t           n;

	make_doc(&f, text);
	assert_int_equal(rl__switches_parse(&f.doc, a, &r, &n), RL_OK);
	assert_int_equal(n, 2);
	assert_true(
	    rl__switches_off(r, n, "Style.Rule", off_at(text, "bad", 1)));
	assert_false(
	    rl__switches_off(r, n, "Style.Rule", off_at(text, "bad", 2)));
	assert_true(
	    rl__switches_off(r, n, "Style.Rule", off_at(text, "bad", 3)));
	assert_false(
	    rl__switches_off(r, n, "Style.Other", off_at(text, "bad", 3)));
	assert_false(
	    rl__switches_off(r, n, "Style.Rule", off_at(text, "bad", 4)));
	assert_false(
	    rl__switches_off(r, n, "Style.Rule", off_at(text, "bad", 0)));
	rl__arena_free(a);
}

static void
test_rule_and_pack_switches(void **state)
{
	static const char text[] =
	    "<!-- redline prfaq.buzzwords = NO -->\nbad 0\n"
	    "<!-- redline prfaq.buzzwords = NO -->\nbad 1\n"
	    "<!-- redline prfaq.buzzwords = YES -->\nbad 2\n"
	    "<!-- redline prfaq = NO -->\nbad 3\n";
	fixture          f;
	rl_arena        *a = rl__arena_new(0);
	rl_switch_range *r;
	size_t           n;

	make_doc(&f, text);
	assert_int_equal(rl__switches_parse(&f.doc, a, &r, &n), RL_OK);
	/* A second NO inside an open region changes nothing. */
	assert_int_equal(n, 2);
	assert_string_equal(r[0].rule, "prfaq.buzzwords");
	assert_true(
	    rl__switches_off(r, n, "prfaq.buzzwords", off_at(text, "bad", 0)));
	assert_true(
	    rl__switches_off(r, n, "prfaq.buzzwords", off_at(text, "bad", 1)));
	assert_false(
	    rl__switches_off(r, n, "prfaq.hedges", off_at(text, "bad", 1)));
	assert_false(
	    rl__switches_off(r, n, "prfaq.buzzwords", off_at(text, "bad", 2)));
	/* A name without a dot covers the pack, and only that pack. */
	assert_true(
	    rl__switches_off(r, n, "prfaq.hedges", off_at(text, "bad", 3)));
	assert_true(
	    rl__switches_off(r, n, "prfaq.buzzwords", off_at(text, "bad", 3)));
	assert_false(
	    rl__switches_off(r, n, "prfaqx.hedges", off_at(text, "bad", 3)));
	assert_false(
	    rl__switches_off(r, n, "plain.hedges", off_at(text, "bad", 3)));
	/* Open to the end of the document, end offset included. */
	assert_true(rl__switches_off(r, n, "prfaq.x", (uint32_t)f.doc.len));
	rl__arena_free(a);
}

static void
test_ignored_comments(void **state)
{
	static const char text[] =
	    "<!-- a note -->\n<!-- redline -->\n<!-- redline maybe -->\n"
	    "<!-- redline x.y = MAYBE -->\n<!-- valeoff -->\n"
	    "<!-- redline on -->\n<!-- redline x.y = YES -->\n"
	    "<!-- redline = NO -->\n<!-- redline a b = NO -->\nbad\n";
	fixture          f;
	rl_arena        *a = rl__arena_new(0);
	rl_switch_range *r;
	size_t           n;

	make_doc(&f, text);
	assert_int_equal(rl__switches_parse(&f.doc, a, &r, &n), RL_OK);
	assert_int_equal(n, 0);
	assert_false(rl__switches_off(r, n, "x.y", off_at(text, "bad", 0)));
	rl__arena_free(a);
}

static void
test_no_comments_and_lowercase(void **state)
{
	static const char text[] = "<!--   redline   x.y=no   -->\nbad\n"
	                           "<!-- redline\toff\n-->\nbad\n";
	fixture           f;
	rl_arena         *a = rl__arena_new(0);
	rl_switch_range  *r;
	size_t            n;

	make_doc(&f, "plain text");
	assert_int_equal(rl__switches_parse(&f.doc, a, &r, &n), RL_OK);
	assert_int_equal(n, 0);
	make_doc(&f, text);
	assert_int_equal(rl__switches_parse(&f.doc, a, &r, &n), RL_OK);
	assert_int_equal(n, 2);
	assert_true(rl__switches_off(r, n, "x.y", off_at(text, "bad", 0)));
	assert_false(rl__switches_off(r, n, "x.z", off_at(text, "bad", 0)));
	assert_true(rl__switches_off(r, n, "x.z", off_at(text, "bad", 1)));
	rl__arena_free(a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_global_off_on),
		cmocka_unit_test(test_vale_forms),
		cmocka_unit_test(test_rule_and_pack_switches),
		cmocka_unit_test(test_ignored_comments),
		cmocka_unit_test(test_no_comments_and_lowercase),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

/*
 * test_literal.c - the literals a pattern's matches must contain, which
 * the prefilter relies on: what is found, what is refused.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "rules/literal.h"

/* lits renders the analysis as "w'foo'@0 'bar'@-1 ...", "A " first when
 * anchored, "-" when there is none. */
static const char *
lits(const char *pattern, bool caseless)
{
	static char out[1024];
	rl_lits     l;
	size_t      i, n = 0;

	assert_int_equal(rl__lits_analyze(pattern, caseless, &l), RL_OK);
	out[0] = '\0';
	if (l.n == 0)
		snprintf(out, sizeof out, "-");
	if (l.anchored)
		n += (size_t)snprintf(out + n, sizeof out - n, "A");
	for (i = 0; i < l.n && n < sizeof out; i++)
		n += (size_t)snprintf(out + n, sizeof out - n, " %s'%.*s'@%d",
		    l.v[i].word ? "w" : "", l.v[i].len, l.v[i].s, l.v[i].at);
	rl__lits_free(&l);
	return out;
}

static void
test_words_and_phrases(void **state)
{
	assert_string_equal(
	    lits("(?m)\\b(?:foo|Bar)\\b", false), "A w'foo'@0 w'bar'@0");
	assert_string_equal(
	    lits("(?i)(?m)\\b(?:in order to|as a means to)\\b", true),
	    "A 'in order to'@0 'as a means to'@0");
	/* a group choice multiplies out */
	assert_string_equal(lits("\\bapp(?:lication)? file\\b", false),
	    "A 'app file'@0 'application file'@0");
	/* I as a whole word, after a line start or a space */
	assert_string_equal(
	    lits("(?:^|\\s)I(?=\\s)", false), "A w'i'@0 w'i'@1");
}

static void
test_offsets(void **state)
{
	assert_string_equal(
	    lits("\\b\\d{1,2}/\\d{1,2}/\\d{4}\\b", false), "A '/'@1 '/'@2");
	assert_string_equal(
	    lits("[a-z][.?!] {2,}[A-Z]", false), "A '.  '@1 '?  '@1 '!  '@1");
	/* after a run of unknown length the offset is lost: the first
	 * literal is used */
	assert_string_equal(lits("foo.*barbaz", false), "A 'foo'@0");
	assert_string_equal(lits("[^\\s,]+, \\w+ and\\b", false), " w'and'@-1");
}

static void
test_none(void **state)
{
	assert_string_equal(lits("\\b[A-Z]{3,5}\\b", false), "-");
	assert_string_equal(lits("(\\w+) \\1", false), "-");   /* backref */
	assert_string_equal(lits("(?x) foo bar", false), "-"); /* extended */
	assert_string_equal(lits("a|b", false), "-");          /* too short */
	assert_string_equal(lits("(?:foo)?bar?", false), "-");
	/* a letter pair inside words is everywhere: not worth anchoring */
	assert_string_equal(lits("\\d{1,2}am", false), "-");
	assert_string_equal(lits("(?(1)a|b)", false), "-");
}

static void
test_case(void **state)
{
	/* non-ASCII letters have case variants: cut from caseless literals */
	assert_string_equal(lits("café au lait", true), "A 'caf'@0");
	assert_string_equal(lits("café au lait", false), "A 'café au lait'@0");
	/* punctuation has none */
	assert_string_equal(lits("(?i)\\s—\\s", true), "A '—'@1");
	/* inline (?-i) and classes of a few members */
	assert_string_equal(
	    lits("(?i)colou?r", true), "A 'color'@0 'colour'@0");
}

static void
test_merge(void **state)
{
	rl_lits a, b;

	assert_int_equal(rl__lits_analyze("\\bfoo\\b", false, &a), RL_OK);
	assert_int_equal(rl__lits_analyze("barbaz", false, &b), RL_OK);
	assert_true(a.anchored);
	assert_int_equal(rl__lits_merge(&a, &b), RL_OK);
	assert_int_equal(a.n, 2);
	assert_false(a.anchored); /* two patterns: not anchored to either */
	rl__lits_free(&b);
	assert_int_equal(rl__lits_analyze("[a-z]+", false, &b), RL_OK);
	assert_int_equal(b.n, 0);
	assert_int_equal(rl__lits_merge(&a, &b), RL_OK);
	assert_int_equal(a.n, 0); /* with "anything" the union is anything */
	rl__lits_free(&a);
	rl__lits_free(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_words_and_phrases),
		cmocka_unit_test(test_offsets),
		cmocka_unit_test(test_none),
		cmocka_unit_test(test_case),
		cmocka_unit_test(test_merge),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

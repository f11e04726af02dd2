/*
 * test_regex.c - the PCRE2 wrapper: errors, matching, the byte-loop
 * matchers for word tokens, anchored tries, and Vale's variable-length
 * lookbehinds.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "rules/regex.h"

static rl_regex *
compile(const char *p, uint32_t flags)
{
	rl_regex *re = NULL;
	rl_diag   d;

	memset(&d, 0, sizeof d);
	assert_int_equal(rl__regex_compile(p, flags, &re, &d), RL_OK);
	return re;
}

/* all lists the matches of re in s as "[a,z) [a,z)". */
static const char *
all(const rl_regex *re, const char *s, pcre2_match_data *md)
{
	static char out[512];
	size_t      at = 0, a, z, n = 0, len = strlen(s);

	out[0] = '\0';
	while (rl__regex_match(re, s, len, at, md, &a, &z) == 1) {
		n += (size_t)snprintf(
		    out + n, sizeof out - n, "%s[%zu,%zu)", n ? " " : "", a, z);
		at = rl__regex_next(s, len, z, a);
	}
	return out;
}

static void
test_errors(void **state)
{
	rl_regex *re = NULL;
	rl_diag   d;

	memset(&d, 0, sizeof d);
	assert_int_equal(rl__regex_compile("a(b", 0, &re, &d), RL_EPACK);
	assert_null(re);
	assert_string_equal(d.message,
	    "bad regular expression 'a(b': "
	    "missing closing parenthesis at offset 3");
}

static void
test_match_and_groups(void **state)
{
	pcre2_match_data *md = rl__match_data_new();
	rl_regex         *re = compile("(?:(foo)|(bar))", RL_RE_CASELESS);
	size_t            a, z;

	assert_string_equal(all(re, "a FOO and bar", md), "[2,5) [10,13)");
	assert_int_equal(rl__regex_match(re, "xbar", 4, 0, md, &a, &z), 1);
	assert_false(rl__regex_group(md, 1, &a, &z));
	assert_true(rl__regex_group(md, 2, &a, &z));
	assert_int_equal(a, 1);
	assert_int_equal(rl__regex_groups(re), 2);
	/* anchored: only a match starting exactly there */
	assert_int_equal(rl__regex_match_at(re, "xbar", 4, 0, md, &a, &z), 0);
	assert_int_equal(rl__regex_match_at(re, "xbar", 4, 1, md, &a, &z), 1);
	/* empty matches step over whole characters */
	rl__regex_free(re);
	re = compile("x*", 0);
	assert_string_equal(all(re, "é", md), "[0,0) [2,2)");
	rl__regex_free(re);
	pcre2_match_data_free(md);
}

static void
test_native_words(void **state)
{
	/* word tokens counted by a byte loop find what PCRE2 finds */
	pcre2_match_data *md   = rl__match_data_new();
	const char       *text = "It's a test_case, café 42x. (done)";
	rl_regex         *fast = compile("\\b(\\w+)\\b", RL_RE_NATIVE);
	rl_regex         *slow = compile("\\b(\\w+)\\b", 0);
	rl_regex         *sp   = compile("[^\\s]+", RL_RE_NATIVE);
	rl_regex         *sps  = compile("[^\\s]+", 0);
	char              expect[512];
	size_t            a, z;

	snprintf(expect, sizeof expect, "%s", all(slow, text, md));
	assert_string_equal(all(fast, text, md), expect);
	snprintf(expect, sizeof expect, "%s", all(sps, text, md));
	assert_string_equal(all(sp, text, md), expect);
	assert_int_equal(
	    rl__regex_count(fast, text, strlen(text), md, 0, &a, &z),
	    7); /* It s a test_case caf 42x done */
	assert_int_equal(a, 0);
	assert_int_equal(z, 2);
	/* stop: a count above it only says "more than stop" */
	assert_true(
	    rl__regex_count(fast, text, strlen(text), md, 2, &a, &z) > 2);
	assert_int_equal(
	    rl__regex_count(slow, text, strlen(text), md, 2, &a, &z), 3);
	rl__regex_free(fast);
	rl__regex_free(slow);
	rl__regex_free(sp);
	rl__regex_free(sps);
	pcre2_match_data_free(md);
}

static void
test_variable_lookbehind(void **state)
{
	/* Google's Colons: (?<!:[^ ]+?) is beyond PCRE2 10.42; it is
	 * checked apart, with the same matches */
	pcre2_match_data *md = rl__match_data_new();
	rl_regex         *re = compile("(?m)(?:(?<!:[^ ]+?):\\s[A-Z])", 0);
	size_t            a, z;

	assert_string_equal(
	    all(re, "Note: Words. http://x: Y and a: B", md), "[4,7) [30,33)");
	assert_int_equal(rl__regex_match_at(re, "x: Y", 4, 1, md, &a, &z), 1);
	assert_int_equal(rl__regex_match_at(re, "a:b: Y", 6, 3, md, &a, &z), 0);
	rl__regex_free(re);
	re = compile("(?<=\\d+)px", 0);
	assert_string_equal(all(re, "10px and px", md), "[2,4)");
	rl__regex_free(re);
	pcre2_match_data_free(md);
}

static void
test_match_limit(void **state)
{
	/* catastrophic backtracking stops with an error, not a hang */
	pcre2_match_data *md = rl__match_data_new();
	rl_regex         *re = compile("(a+)+$", 0);
	char              text[64];
	size_t            a, z;

	memset(text, 'a', 40);
	text[40] = 'b';
	text[41] = '\0';
	assert_int_equal(rl__regex_match(re, text, 41, 0, md, &a, &z) < 0 ||
	        rl__regex_match(re, text, 41, 0, md, &a, &z) == 0,
	    1);
	rl__regex_free(re);
	pcre2_match_data_free(md);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_match_and_groups),
		cmocka_unit_test(test_native_words),
		cmocka_unit_test(test_variable_lookbehind),
		cmocka_unit_test(test_match_limit),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

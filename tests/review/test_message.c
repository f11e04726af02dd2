/*
 * test_message.c - Vale's message formatting: %s takes the next argument,
 * a missing argument is empty, extra ones are ignored, %% is a percent.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "review/review.h"

static const char *
fmt(rl_arena *a, const char *msg, const char *a0, const char *a1)
{
	const char *args[2] = { a0, a1 };

	return rl__message_format(a, msg, args, 2);
}

static void
test_substitution(void **state)
{
	rl_arena *a = rl__arena_new(0);

	assert_string_equal(fmt(a, "Use '%s' instead of '%s'.", "x", "y"),
	    "Use 'x' instead of 'y'.");
	assert_string_equal(fmt(a, "%s%s", "ab", "cd"), "abcd");
	assert_string_equal(
	    fmt(a, "no placeholders", "x", "y"), "no placeholders");
	assert_string_equal(
	    fmt(a, "%v works like %s", "v", "s"), "v works like s");
	rl__arena_free(a);
}

static void
test_missing_and_extra(void **state)
{
	rl_arena   *a      = rl__arena_new(0);
	const char *one[1] = { "word" };

	/* Missing arguments (NULL or beyond nargs) are empty. */
	assert_string_equal(fmt(a, "'%s' or '%s'", "x", NULL), "'x' or ''");
	assert_string_equal(
	    rl__message_format(a, "%s, %s, %s", one, 1), "word, , ");
	assert_string_equal(rl__message_format(a, "a %s b", NULL, 0), "a  b");
	/* Extra arguments are ignored. */
	assert_string_equal(fmt(a, "only %s", "x", "y"), "only x");
	rl__arena_free(a);
}

static void
test_percent(void **state)
{
	rl_arena *a = rl__arena_new(0);

	assert_string_equal(
	    fmt(a, "100%% sure about '%s'", "x", NULL), "100% sure about 'x'");
	assert_string_equal(
	    fmt(a, "%%s is literal", "x", NULL), "%s is literal");
	/* Other verbs and a trailing percent stay as written. */
	assert_string_equal(fmt(a, "%d%% and %q", "x", NULL), "%d% and %q");
	assert_string_equal(fmt(a, "50%", "x", NULL), "50%");
	assert_string_equal(fmt(a, NULL, "x", NULL), "");
	assert_string_equal(fmt(a, "", "x", NULL), "");
	rl__arena_free(a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_substitution),
		cmocka_unit_test(test_missing_and_extra),
		cmocka_unit_test(test_percent),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

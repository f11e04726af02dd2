/*
 * test_arena.c - arena alignment, large requests, reset, strings.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/core.h"

static void
test_alignment_and_contents(void **state)
{
	rl_arena *a = rl__arena_new(256);
	char     *p[100];
	size_t    i, want = 0;

	assert_non_null(a);
	for (i = 0; i < 100; i++) {
		p[i] = rl__arena_alloc(a, i + 1);
		assert_non_null(p[i]);
		assert_int_equal((uintptr_t)p[i] % 16, 0);
		memset(p[i], (int)i, i + 1);
		want += i + 1;
	}
	/* Nothing overlapped: each block still holds its own byte. */
	for (i = 0; i < 100; i++) {
		assert_int_equal((unsigned char)p[i][0], i);
		assert_int_equal((unsigned char)p[i][i], i);
	}
	assert_int_equal(rl__arena_used(a), want);
	rl__arena_free(a);
}

static void
test_large_requests(void **state)
{
	rl_arena *a = rl__arena_new(1024);
	char     *small1, *big, *small2;

	assert_non_null(a);
	small1 = rl__arena_alloc(a, 10);
	big    = rl__arena_alloc(a, 1 << 20);
	small2 = rl__arena_alloc(a, 10);
	assert_non_null(small1);
	assert_non_null(big);
	assert_non_null(small2);
	assert_int_equal((uintptr_t)big % 16, 0);
	memset(big, 0xAB, 1 << 20);
	/* The big block has its own chunk: the small ones stay together. */
	assert_int_equal(small2 - small1, 16);
	assert_int_equal((unsigned char)big[(1 << 20) - 1], 0xAB);
	assert_null(rl__arena_alloc(a, SIZE_MAX - 4));
	assert_null(rl__arena_calloc(a, SIZE_MAX / 2, 4));
	rl__arena_free(a);
}

static void
test_reset(void **state)
{
	rl_arena *a = rl__arena_new(512);
	char     *first, *again;
	int       i;

	assert_non_null(a);
	first = rl__arena_alloc(a, 32);
	for (i = 0; i < 1000; i++)
		assert_non_null(rl__arena_alloc(a, 100));
	assert_true(rl__arena_used(a) >= 100032);
	rl__arena_reset(a);
	assert_int_equal(rl__arena_used(a), 0);
	again = rl__arena_alloc(a, 32);
	/* The first chunk is kept and reused from its start. */
	assert_ptr_equal(first, again);
	rl__arena_free(a);
	rl__arena_free(NULL);
}

static void
test_strings(void **state)
{
	rl_arena *a = rl__arena_new(0);
	char     *s;
	int      *z;

	assert_non_null(a);
	assert_string_equal(rl__arena_strdup(a, "hello"), "hello");
	assert_string_equal(rl__arena_strndup(a, "hello", 3), "hel");
	assert_string_equal(rl__arena_strndup(a, "hi\0there", 8), "hi");
	s = rl__arena_printf(a, "%s-%d-%05.1f", "x", 42, 3.14159);
	assert_string_equal(s, "x-42-003.1");
	z = rl__arena_calloc(a, 64, sizeof *z);
	assert_non_null(z);
	assert_int_equal(z[0], 0);
	assert_int_equal(z[63], 0);
	rl__arena_free(a);
}

static void
test_vec_reserve(void **state)
{
	int   *v   = NULL;
	size_t cap = 0, i;

	for (i = 0; i < 1000; i++) {
		assert_int_equal(
		    rl__vec_reserve((void **)&v, &cap, i + 1, sizeof *v),
		    RL_OK);
		v[i] = (int)i;
	}
	assert_true(cap >= 1000);
	assert_int_equal(v[999], 999);
	assert_int_equal(
	    rl__vec_reserve((void **)&v, &cap, SIZE_MAX / 2, sizeof *v),
	    RL_ENOMEM);
	assert_int_equal(v[999], 999);
	rl__free(v);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_alignment_and_contents),
		cmocka_unit_test(test_large_requests),
		cmocka_unit_test(test_reset),
		cmocka_unit_test(test_strings),
		cmocka_unit_test(test_vec_reserve),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

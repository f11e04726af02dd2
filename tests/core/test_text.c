/*
 * test_text.c - string builder, JSON escaping, UTF-8, SHA-256, diagnostics
 * and the level/verdict names.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/core.h"

static void
test_buf(void **state)
{
	rl_buf b;
	int    i;

	rl__buf_init(&b);
	rl__buf_puts(&b, "abc");
	rl__buf_putc(&b, '-');
	rl__buf_printf(&b, "%d/%s", 7, "x");
	assert_false(b.failed);
	assert_int_equal(b.len, 7);
	assert_string_equal(b.data, "abc-7/x");
	rl__buf_reset(&b);
	assert_int_equal(b.len, 0);
	assert_string_equal(b.data, "");
	for (i = 0; i < 10000; i++)
		rl__buf_printf(&b, "%04d", i);
	assert_int_equal(b.len, 40000);
	assert_memory_equal(b.data + 39996, "9999", 4);
	assert_int_equal(b.data[40000], '\0');
	rl__buf_free(&b);
	assert_null(b.data);
}

static void
test_buf_failure_sticks(void **state)
{
	rl_buf b;

	rl__buf_init(&b);
	rl__alloc_fail_after(0);
	rl__buf_puts(&b, "hello");
	rl__alloc_fail_after(-1);
	assert_true(b.failed);
	rl__buf_puts(&b, "more");
	assert_true(b.failed);
	assert_int_equal(b.len, 0);
	rl__buf_free(&b);
}

static void
json(const char *in, size_t len, const char *want)
{
	rl_buf b;

	rl__buf_init(&b);
	rl__buf_json_str(&b, in, len);
	assert_false(b.failed);
	assert_string_equal(b.data, want);
	rl__buf_free(&b);
}

static void
test_json_escaping(void **state)
{
	json("", 0, "\"\"");
	json("plain", 5, "\"plain\"");
	json("a\"b\\c", 5, "\"a\\\"b\\\\c\"");
	json("l1\nl2\r\t\b\f", 9, "\"l1\\nl2\\r\\t\\b\\f\"");
	json("\x01\x1f\x7f", 3, "\"\\u0001\\u001f\x7f\"");
	json("nul\0x", 5, "\"nul\\u0000x\"");
	/* Valid UTF-8 passes through; U+FFFD itself too. */
	json("caf\xC3\xA9 \xE2\x80\x94 \xF0\x9F\x98\x80", 14,
	    "\"caf\xC3\xA9 \xE2\x80\x94 \xF0\x9F\x98\x80\"");
	json("\xEF\xBF\xBD", 3, "\"\xEF\xBF\xBD\"");
	/* Invalid bytes become U+FFFD, one per byte. */
	json("a\xFF"
	     "b\xC3",
	    4,
	    "\"a\xEF\xBF\xBD"
	    "b\xEF\xBF\xBD\"");
	json("\xE2\x80", 2, "\"\xEF\xBF\xBD\xEF\xBF\xBD\"");
	json("\xC0\xAF", 2, "\"\xEF\xBF\xBD\xEF\xBF\xBD\"");
}

static void
test_utf8(void **state)
{
	size_t adv;

	assert_int_equal(rl__utf8_decode("A", 1, &adv), 'A');
	assert_int_equal(adv, 1);
	assert_int_equal(rl__utf8_decode("\xC3\xA9", 2, &adv), 0xE9);
	assert_int_equal(adv, 2);
	assert_int_equal(rl__utf8_decode("\xE4\xB8\xAD", 3, &adv), 0x4E2D);
	assert_int_equal(adv, 3);
	assert_int_equal(rl__utf8_decode("\xF0\x9F\x98\x80", 4, &adv), 0x1F600);
	assert_int_equal(adv, 4);
	/* Truncated, overlong, surrogate, beyond U+10FFFF, lone trail. */
	assert_int_equal(rl__utf8_decode("\xE4\xB8", 2, &adv), 0xFFFD);
	assert_int_equal(adv, 1);
	assert_int_equal(rl__utf8_decode("\xC0\x80", 2, &adv), 0xFFFD);
	assert_int_equal(adv, 1);
	assert_int_equal(rl__utf8_decode("\xE0\x80\xAF", 3, &adv), 0xFFFD);
	assert_int_equal(rl__utf8_decode("\xED\xA0\x80", 3, &adv), 0xFFFD);
	assert_int_equal(adv, 1);
	assert_int_equal(rl__utf8_decode("\xF4\x90\x80\x80", 4, &adv), 0xFFFD);
	assert_int_equal(rl__utf8_decode("\x80", 1, &adv), 0xFFFD);
	assert_int_equal(adv, 1);

	assert_true(rl__utf8_valid("", 0));
	assert_true(rl__utf8_valid("h\xC3\xA9llo \xF0\x9F\x98\x80", 11));
	assert_true(rl__utf8_valid("\xEF\xBF\xBD", 3));
	assert_false(rl__utf8_valid("abc\xFF", 4));
	assert_false(rl__utf8_valid("\xF0\x9F\x98", 3));
	assert_false(rl__utf8_valid("\xED\xBF\xBF", 3));

	assert_int_equal(rl__utf8_count("", 0), 0);
	assert_int_equal(rl__utf8_count("h\xC3\xA9llo", 6), 5);
	assert_int_equal(rl__utf8_count("\xE4\xB8\xAD\xE6\x96\x87", 6), 2);
	assert_int_equal(rl__utf8_count("\xF0\x9F\x98\x80!", 5), 2);
	/* Each byte of an invalid sequence counts as one. */
	assert_int_equal(rl__utf8_count("a\xE4\xB8z", 4), 4);
	assert_int_equal(rl__utf8_count("\xFF\xFE", 2), 2);
}

static void
test_sha256_vectors(void **state)
{
	char      hex[65];
	rl_sha256 c;
	uint8_t   d[32];
	char      block[1000];
	int       i;

	assert_int_equal(rl__sha256_hex("", 0, hex), RL_OK);
	assert_string_equal(hex,
	    "e3b0c44298fc1c149afbf4c8996fb924"
	    "27ae41e4649b934ca495991b7852b855");
	rl__sha256_hex("abc", 3, hex);
	assert_string_equal(hex,
	    "ba7816bf8f01cfea414140de5dae2223"
	    "b00361a396177a9cb410ff61f20015ad");
	rl__sha256_hex(
	    "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", 56,
	    hex);
	assert_string_equal(hex,
	    "248d6a61d20638b8e5c026930c3e6039"
	    "a33ce45964ff2167f6ecedd419db06c1");
	/* A million 'a', fed in uneven pieces to cross block edges. */
	memset(block, 'a', sizeof block);
	assert_int_equal(rl__sha256_init(&c), RL_OK);
	for (i = 0; i < 1000; i++) {
		rl__sha256_update(&c, block, 7);
		rl__sha256_update(&c, block, 993);
	}
	assert_int_equal(rl__sha256_final(&c, d), RL_OK);
	rl__hex(d, 32, hex);
	assert_string_equal(hex,
	    "cdc76e5c9914fb9281a1c7e284d73e67"
	    "f1809a48a497200e046d39ccc7112cd0");
	/* A digest given up half-way is freed; finishing it then fails. */
	assert_int_equal(rl__sha256_init(&c), RL_OK);
	rl__sha256_update(&c, "abc", 3);
	rl__sha256_discard(&c);
	assert_int_equal(rl__sha256_final(&c, d), RL_ENOMEM);
}

static void
test_diag(void **state)
{
	rl_diag d;
	char    out[64];

	memset(&d, 0, sizeof d);
	assert_int_equal(
	    rl__diag_set(&d, RL_EPACK, "p/r.yml", 3, 7, "bad %s", "thing"),
	    RL_EPACK);
	assert_string_equal(
	    rl_diag_format(&d, out, sizeof out), "p/r.yml:3:7: bad thing");
	d.column = 0;
	assert_string_equal(
	    rl_diag_format(&d, out, sizeof out), "p/r.yml:3: bad thing");
	d.line = 0;
	assert_string_equal(
	    rl_diag_format(&d, out, sizeof out), "p/r.yml: bad thing");
	rl__diag_set(&d, RL_EIO, NULL, 0, 0, "just this");
	assert_string_equal(rl_diag_format(&d, out, sizeof out), "just this");
	rl__diag_set(&d, RL_EIO, "f", 1, 2, "%s",
	    "a message much longer than the buffer it is formatted into");
	assert_string_equal(rl_diag_format(&d, out, 12), "f:1:2: a me");
	assert_int_equal(
	    rl__diag_set(NULL, RL_ENOENT, "x", 1, 1, "y"), RL_ENOENT);
}

static void
test_names(void **state)
{
	rl_level l = RL_LEVEL_SUGGESTION;

	assert_string_equal(rl_strerror(RL_OK), "no error");
	assert_string_equal(rl_strerror(RL_ENOMEM), "out of memory");
	assert_string_equal(rl_strerror(RL_EINTERNAL), "internal error");
	assert_string_equal(rl_strerror(RL_ERR_COUNT), "unknown error");
	assert_string_equal(rl_level_name(RL_LEVEL_ERROR), "error");
	assert_string_equal(rl_level_name(RL_LEVEL_WARNING), "warning");
	assert_string_equal(rl_level_name(RL_LEVEL_SUGGESTION), "suggestion");
	assert_int_equal(rl_level_parse("warning", &l), RL_OK);
	assert_int_equal(l, RL_LEVEL_WARNING);
	assert_int_equal(rl_level_parse("Error", &l), RL_OK);
	assert_int_equal(l, RL_LEVEL_ERROR);
	assert_int_equal(rl_level_parse("suggestion", &l), RL_OK);
	assert_int_equal(l, RL_LEVEL_SUGGESTION);
	assert_int_equal(rl_level_parse("fatal", &l), RL_EINVAL);
	assert_int_equal(l, RL_LEVEL_SUGGESTION);
	assert_string_equal(rl_verdict_name(RL_VERDICT_PASS), "pass");
	assert_string_equal(rl_verdict_name(RL_VERDICT_WARN), "warn");
	assert_string_equal(rl_verdict_name(RL_VERDICT_FAIL), "fail");
}

static void
test_read_file(void **state)
{
	char   *data = NULL;
	size_t  len  = 0;
	rl_diag d;

	assert_int_equal(
	    rl__read_file("engine/core/core.h", 0, &data, &len, &d), RL_OK);
	assert_true(len > 100);
	assert_int_equal(data[len], '\0');
	assert_non_null(strstr(data, "rl__read_file"));
	rl__free(data);
	assert_int_equal(
	    rl__read_file("engine/core/core.h", 10, &data, &len, &d),
	    RL_ETOOBIG);
	assert_int_equal(
	    rl__read_file("no/such/file", 0, &data, &len, &d), RL_ENOENT);
	assert_string_equal(d.file, "no/such/file");
	assert_int_equal(rl__read_file("engine", 0, &data, &len, &d), RL_EIO);
	assert_true(rl__now_ns() > 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_buf),
		cmocka_unit_test(test_buf_failure_sticks),
		cmocka_unit_test(test_json_escaping),
		cmocka_unit_test(test_utf8),
		cmocka_unit_test(test_sha256_vectors),
		cmocka_unit_test(test_diag),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_read_file),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

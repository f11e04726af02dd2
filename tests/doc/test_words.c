/*
 * test_words.c - counting words sixteen bytes at a time (what blocks'
 * n_words come from) agrees with walking them one by one (what
 * rl__doc_words hands to a callback), at every offset and length, across
 * ASCII runs, multi-byte letters and punctuation, joiners and the edges
 * of the vector steps; the prose and line starts built in the same pass
 * keep every line break.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "doc/doc.h"

static void
count_one(void *arg, uint32_t off, uint32_t end)
{
	(void)off;
	(void)end;
	(*(size_t *)arg)++;
}

/* pieces glued at random into a text that crosses 16-byte steps often */
static const char *const pieces[] = { "word", " ", "don't", "-", "re-use", "'",
	"x", "\xE2\x80\x99", "caf\xC3\xA9", "\xE2\x80\x94", "12", ".",
	"\xE2\x80\x90", "a", "  ", "\xC3\xA9t\xC3\xA9", "--", "b'c", "\n",
	"\xF0\x9F\x98\x80", "\xE2\x80\x91", "long-winded", ",", "\r\n",
	"\xD0\x96\xD0\xB8", "_", "\xC2\xA0", "e.g." };

static void
test_count_agrees_with_walk(void **state)
{
	char      text[4096];
	rl_arena *a = rl__arena_new(1 << 16);
	size_t    round, len, off, end, walked;
	uint32_t  seed = 12345;

	assert_non_null(a);
	for (round = 0; round < 40; round++) {
		rl_doc *d;

		len = 0;
		while (len < 3000) {
			const char *p;

			seed = seed * 1103515245u + 12345u;
			p    = pieces[(seed >> 16) %
                            (sizeof pieces / sizeof pieces[0])];
			memcpy(text + len, p, strlen(p));
			len += strlen(p);
		}
		rl__arena_reset(a);
		assert_int_equal(
		    rl__doc_parse(&rl__format_text, text, len, a, &d), RL_OK);
		for (off = 0; off < 200; off += 7)
			for (end = off; end < len; end += 53) {
				size_t n;

				walked = 0;
				n      = rl__doc_words(d, (uint32_t)off,
				         (uint32_t)end, count_one, &walked);
				assert_int_equal(n, walked);
				assert_int_equal(rl__doc_words(d, (uint32_t)off,
				                     (uint32_t)end, NULL, NULL),
				    walked);
			}
		for (off = 0; off < d->len; off++) {
			char want = text[off] == '\n' || text[off] == '\r'
			    ? text[off]
			    : (char)0;

			if (want)
				assert_int_equal(d->prose[off], want);
		}
		for (off = 1; off < d->n_lines; off++)
			assert_int_equal(text[d->line_starts[off] - 1], '\n');
	}
	rl__arena_free(a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_count_agrees_with_walk),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

/*
 * test_corpus.c - every Markdown file of the shared corpus parses, and the
 * model's invariants hold on each: prose as long as the source with line
 * breaks in place, blocks ordered and in range, sentences inside their
 * blocks, sections nested, the cursor agreeing with direct mapping.
 * Skipped when ../shared/corpus is absent.
 */
#define _XOPEN_SOURCE 700
#include <ftw.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "doc/doc.h"

#define CORPUS "../shared/corpus"

static rl_arena *arena;
static size_t    n_files, n_bytes, n_sentences;

static void
check_doc(const char *path, const rl_doc *d)
{
	uint32_t     i, s, line, col, l2, c2;
	rl_poscursor cur;

	assert_int_equal(strlen(d->prose) <= d->len, 1);
	for (i = 0; i < d->len; i++)
		if ((d->src[i] == '\n') != (d->prose[i] == '\n'))
			fail_msg("%s: line break moved at %u", path, i);
	assert_int_equal(d->prose[d->len], '\0');
	assert_int_equal(d->n_sections >= 1, 1);
	assert_int_equal(d->sections[0].end, d->len);
	for (i = 0; i < d->n_blocks; i++) {
		const rl_block *b = &d->blocks[i];

		if (b->off > b->end || b->end > d->len)
			fail_msg("%s: block %u out of range", path, i);
		if (i && b->off < d->blocks[i - 1].off)
			fail_msg("%s: block %u out of order", path, i);
		if (b->section >= d->n_sections)
			fail_msg("%s: block %u bad section", path, i);
		for (s = b->sent_first; s < b->sent_first + b->sent_count;
		     s++) {
			if (d->sentences[s].off < b->off ||
			    d->sentences[s].end > b->end ||
			    d->sentences[s].off >= d->sentences[s].end)
				fail_msg("%s: sentence %u outside block %u",
				    path, s, i);
		}
	}
	for (i = 1; i < d->n_sections; i++) {
		const rl_section *sec = &d->sections[i], *p;

		p = &d->sections[sec->parent];
		if (sec->parent >= i || p->level >= sec->level ||
		    sec->off < p->off || sec->end > p->end ||
		    sec->body > sec->end || sec->level < 1 || sec->level > 6)
			fail_msg("%s: section %u badly nested", path, i);
	}
	/* The cursor over every sentence start agrees with direct mapping. */
	rl__poscursor_init(&cur, d);
	for (s = 0; s < d->n_sentences; s++) {
		rl__poscursor_seek(&cur, d->sentences[s].off, &line, &col);
		rl__doc_line_col(d, d->sentences[s].off, &l2, &c2);
		if (line != l2 || col != c2)
			fail_msg("%s: cursor %u:%u, direct %u:%u", path, line,
			    col, l2, c2);
	}
	n_sentences += d->n_sentences;
}

static int
visit(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
	size_t  n = strlen(path), len;
	char   *data;
	rl_doc *d = NULL;
	rl_diag diag;

	if (type != FTW_F || n < 3 || strcmp(path + n - 3, ".md") != 0)
		return 0;
	if (rl__read_file(path, 0, &data, &len, &diag) != RL_OK)
		fail_msg("%s: %s", path, diag.message);
	rl__arena_reset(arena);
	if (rl__doc_parse(&rl__format_markdown, data, len, arena, &d) != RL_OK)
		fail_msg("%s: does not parse", path);
	check_doc(path, d);
	rl__free(data);
	n_files++;
	n_bytes += len;
	return 0;
}

static void
test_corpus(void **state)
{
	struct stat st;
	uint64_t    t0;

	if (stat(CORPUS, &st) != 0)
		skip();
	arena = rl__arena_new(1 << 20);
	assert_non_null(arena);
	t0 = rl__now_ns();
	assert_int_equal(nftw(CORPUS, visit, 16, FTW_PHYS), 0);
	print_message("%zu files, %zu bytes, %zu sentences in %.2f s\n",
	    n_files, n_bytes, n_sentences, (double)(rl__now_ns() - t0) / 1e9);
	assert_true(n_files > 0);
	rl__arena_free(arena);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_corpus),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

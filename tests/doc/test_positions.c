/*
 * test_positions.c - byte offsets to line and column through the document
 * model: multibyte UTF-8, CRLF, tabs, inline markup, lists, tables,
 * repeated words, invalid UTF-8, and the forward cursor.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "doc/doc.h"

typedef struct fixture {
	rl_arena *arena;
	rl_doc   *doc;
} fixture;

static rl_doc *
parse(fixture *f, const rl_format *fmt, const char *src, size_t len)
{
	if (!f->arena)
		f->arena = rl__arena_new(0);
	else
		rl__arena_reset(f->arena);
	assert_non_null(f->arena);
	f->doc = NULL;
	assert_int_equal(
	    rl__doc_parse(fmt, src, len, f->arena, &f->doc), RL_OK);
	assert_non_null(f->doc);
	return f->doc;
}

static rl_doc *
md(fixture *f, const char *src)
{
	return parse(f, &rl__format_markdown, src, strlen(src));
}

/* find_prose returns the offset of the nth occurrence of needle in the
 * prose buffer (so only where a rule could match). */
static size_t
find_prose(const rl_doc *d, const char *needle, int nth)
{
	const char *p = d->prose - 1;
	int         i;

	for (i = 0; i <= nth; i++) {
		p = strstr(p + 1, needle);
		if (!p)
			fail_msg("'%s' #%d not in prose", needle, nth);
	}
	return (size_t)(p - d->prose);
}

/* expect: the nth prose occurrence of needle is at byte off of the
 * source, which holds needle, at line:col by both mapping paths. */
static void
expect(const rl_doc *d, const char *needle, int nth, size_t off, uint32_t line,
    uint32_t col)
{
	size_t       got = find_prose(d, needle, nth);
	uint32_t     l = 0, c = 0;
	rl_poscursor cur;

	assert_int_equal(got, off);
	assert_memory_equal(d->src + off, needle, strlen(needle));
	assert_memory_equal(d->raw + off, needle, strlen(needle));
	rl__doc_line_col(d, off, &l, &c);
	assert_int_equal(l, line);
	assert_int_equal(c, col);
	rl__poscursor_init(&cur, d);
	rl__poscursor_seek(&cur, off, &l, &c);
	assert_int_equal(l, line);
	assert_int_equal(c, col);
}

static int
setup(void **state)
{
	*state = calloc(1, sizeof(fixture));
	return *state ? 0 : -1;
}

static int
teardown(void **state)
{
	fixture *f = *state;

	rl__arena_free(f->arena);
	free(f);
	return 0;
}

static void
test_multibyte_before_match(void **state)
{
	fixture *f = *state;
	rl_doc  *d;

	/* Accents, an em dash, CJK and an emoji before the match. */
	d = md(f,
	    "H\xC3\xA9llo w\xC3\xB6rld \xE2\x80\x94 \xE4\xB8\xAD\xE6\x96"
	    "\x87 \xF0\x9F\x98\x80 target here\n");
	assert_true(d->utf8_valid);
	expect(d, "target", 0, 30, 1, 20);
	d = md(f,
	    "# T\xC3\xAFtle\n\nCaf\xC3\xA9 na\xC3\xAFve \xE6\x97\xA5"
	    "\xE6\x9C\xAC\xE8\xAA\x9E \xF0\x9F\x8E\x89\xF0\x9F\x8E\x89 "
	    "target.\n");
	expect(d, "target", 0, 42, 3, 19);
	expect(d, "T\xC3\xAFtle", 0, 2, 1, 3);
}

static void
test_crlf_and_tabs(void **state)
{
	fixture *f = *state;
	rl_doc  *d;

	d = md(f, "line one\r\nline two target\r\n\r\nthird para target\r\n");
	assert_int_equal(d->n_lines, 5);
	assert_int_equal(d->line_starts[1], 10);
	expect(d, "target", 0, 19, 2, 10);
	expect(d, "target", 1, 40, 4, 12);
	assert_int_equal(d->n_blocks, 2);
	assert_int_equal(d->blocks[1].off, 29);
	assert_int_equal(d->blocks[1].end, 46);
	/* A tab is one column. */
	d = md(f, "a\tb\ttarget\n");
	expect(d, "target", 0, 4, 1, 5);
	/* Plain text too. */
	d = parse(f, &rl__format_text, "x\r\n\ty target\r\n", 14);
	expect(d, "target", 0, 6, 2, 4);
}

static void
test_inline_markup(void **state)
{
	fixture *f = *state;
	rl_doc  *d;

	d = md(f,
	    "Some **bold target** here, **\xC3\xBCn\xC3\xAF"
	    "code "
	    "target**\n");
	expect(d, "target", 0, 12, 1, 13);
	expect(d, "target", 1, 39, 1, 38);
	/* The markup itself is not prose. */
	assert_int_equal(d->prose[5], ' ');
	assert_int_equal(d->prose[6], ' ');

	/* Link text is prose, the URL is not. */
	d = md(f, "See [the target](http://x.com/target) now.\n");
	expect(d, "target", 0, 9, 1, 10);
	assert_null(strstr(d->prose, "http"));
	assert_null(strstr(d->prose + 16, "target"));
	assert_non_null(strstr(d->prose, " now."));
}

static void
test_lists_and_tables(void **state)
{
	fixture *f = *state;
	rl_doc  *d;

	d = md(f,
	    "- first\n- second \xE2\x9C\x93 target\n  - nested "
	    "target\n");
	expect(d, "target", 0, 21, 2, 12);
	expect(d, "target", 1, 39, 3, 12);
	assert_int_equal(d->n_blocks, 3);
	assert_int_equal(d->blocks[1].kind, RL_BLOCK_LIST_ITEM);
	assert_int_equal(d->blocks[1].level, 1);
	assert_int_equal(d->blocks[1].off, 10);
	assert_int_equal(d->blocks[1].end, 27);
	assert_int_equal(d->blocks[2].level, 2);
	assert_true(d->blocks[2].flags & RL_BF_IN_LIST);

	d = md(f, "| a | b |\n|---|---|\n| x | the \xC3\xA9 target |\n");
	expect(d, "target", 0, 33, 3, 13);
	assert_int_equal(d->n_blocks, 4);
	assert_int_equal(d->blocks[0].kind, RL_BLOCK_TABLE_HEADER);
	assert_int_equal(d->blocks[1].kind, RL_BLOCK_TABLE_HEADER);
	assert_int_equal(d->blocks[2].kind, RL_BLOCK_TABLE_CELL);
	assert_int_equal(d->blocks[3].kind, RL_BLOCK_TABLE_CELL);
	assert_int_equal(d->blocks[3].off, 26);
	assert_int_equal(d->blocks[3].end, 39);
	assert_true(d->blocks[3].flags & RL_BF_IN_TABLE);
}

static void
test_repeated_word_cursor(void **state)
{
	fixture     *f = *state;
	rl_doc      *d = md(f, "go go go go\nand \xC3\xA9go go\n");
	rl_poscursor cur;
	uint32_t     line, col;
	static const struct {
		size_t   off;
		uint32_t line, col;
	} want[] = { { 0, 1, 1 }, { 3, 1, 4 }, { 6, 1, 7 }, { 9, 1, 10 },
		{ 18, 2, 6 }, { 21, 2, 9 } };
	size_t i;

	rl__poscursor_init(&cur, d);
	for (i = 0; i < 6; i++) {
		assert_memory_equal(d->src + want[i].off, "go", 2);
		rl__poscursor_seek(&cur, want[i].off, &line, &col);
		assert_int_equal(line, want[i].line);
		assert_int_equal(col, want[i].col);
		/* The same offset twice is fine. */
		rl__poscursor_seek(&cur, want[i].off, &line, &col);
		assert_int_equal(col, want[i].col);
	}
	/* The end of the document maps to the last (empty) line. */
	rl__poscursor_seek(&cur, d->len, &line, &col);
	assert_int_equal(line, 3);
	assert_int_equal(col, 1);
	/* Going backwards is answered correctly, not by walking. */
	rl__poscursor_seek(&cur, 3, &line, &col);
	assert_int_equal(line, 1);
	assert_int_equal(col, 4);
	rl__poscursor_seek(&cur, 21, &line, &col);
	assert_int_equal(line, 2);
	assert_int_equal(col, 9);
}

static void
test_invalid_utf8(void **state)
{
	fixture          *f     = *state;
	static const char src[] = "bad \xFF\xFE byte \xE4\xB8 \xC3\xA9 target\n"
	                          "\xC0\xAF tail \xF0\x9F\x98 target\n";
	rl_doc           *d     = md(f, src);

	assert_false(d->utf8_valid);
	assert_int_equal(d->len, sizeof src - 1);
	assert_ptr_equal(d->src, src);
	/* Each byte of an invalid sequence is one '?' in raw and prose. */
	assert_memory_equal(d->raw, "bad ?? byte ?? \xC3\xA9 target\n", 25);
	assert_memory_equal(d->prose, "bad ?? byte ?? \xC3\xA9 target\n", 25);
	assert_memory_equal(d->raw + 25, "?? tail ??? target\n", 19);
	assert_int_equal(d->raw[d->len], '\0');
	expect(d, "target", 0, 18, 1, 18);
	expect(d, "target", 1, 37, 2, 13);
	/* The source itself is untouched. */
	assert_int_equal((unsigned char)d->src[4], 0xFF);
	/* Lone bytes everywhere: still no crash, still byte-exact. */
	d = md(f, "\x80\x81\x82\n\xFF");
	assert_int_equal(d->n_lines, 2);
	assert_string_equal(d->raw, "???\n?");
}

static void
test_bom_and_edges(void **state)
{
	fixture *f = *state;
	rl_doc  *d;
	uint32_t line, col;

	/* A BOM is not a character of line 1. */
	d = md(f, "\xEF\xBB\xBFHello target\n");
	expect(d, "target", 0, 9, 1, 7);
	assert_int_equal(d->prose[0], ' ');
	rl__doc_line_col(d, 0, &line, &col);
	assert_int_equal(line, 1);
	assert_int_equal(col, 1);

	d = md(f, "");
	assert_int_equal(d->n_lines, 1);
	assert_int_equal(d->n_blocks, 0);
	assert_int_equal(d->n_sections, 1);
	assert_string_equal(d->prose, "");
	rl__doc_line_col(d, 0, &line, &col);
	assert_int_equal(line, 1);
	assert_int_equal(col, 1);
	/* Offsets past the end are clamped. */
	d = md(f, "ab\ncd");
	rl__doc_line_col(d, 100, &line, &col);
	assert_int_equal(line, 2);
	assert_int_equal(col, 3);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_multibyte_before_match),
		cmocka_unit_test(test_crlf_and_tabs),
		cmocka_unit_test(test_inline_markup),
		cmocka_unit_test(test_lists_and_tables),
		cmocka_unit_test(test_repeated_word_cursor),
		cmocka_unit_test(test_invalid_utf8),
		cmocka_unit_test(test_bom_and_edges),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}

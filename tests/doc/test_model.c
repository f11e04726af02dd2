/*
 * test_model.c - the document model: front matter, sections, sentences,
 * words, what is and is not prose, HTML comments, plain text, the builder
 * used directly, and allocation-failure injection.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "doc/doc.h"

static rl_arena *arena;

static rl_doc *
parse(const rl_format *fmt, const char *src)
{
	rl_doc *d = NULL;

	rl__arena_reset(arena);
	assert_int_equal(
	    rl__doc_parse(fmt, src, strlen(src), arena, &d), RL_OK);
	assert_non_null(d);
	return d;
}

static rl_doc *
md(const char *src)
{
	return parse(&rl__format_markdown, src);
}

/* span_is: the span's text in prose is want. */
static void
span_is(const rl_doc *d, uint32_t off, uint32_t end, const char *want)
{
	if (end - off != strlen(want) ||
	    memcmp(d->prose + off, want, end - off) != 0)
		fail_msg("span [%u,%u) is '%.*s', want '%s'", off, end,
		    (int)(end - off), d->prose + off, want);
}

static void
test_front_matter(void **state)
{
	static const char src[] = "---\n"
	                          "title: \"My Doc\"\n"
	                          "authors:\n"
	                          "  - Ann\n"
	                          "  - Bob\n"
	                          "status: draft\n"
	                          "---\n"
	                          "# Heading\n\nBody text.\n";
	rl_doc           *d     = md(src);
	const rl_meta    *m;

	assert_non_null(d->meta);
	assert_int_equal(d->meta->kind, RL_META_MAP);
	assert_int_equal(d->meta_span.off, 0);
	assert_int_equal(d->meta_span.end, 62);
	m = rl__doc_meta_get(d, "title");
	assert_non_null(m);
	assert_string_equal(m->value, "My Doc");
	assert_int_equal(m->off, 11);
	assert_memory_equal(src + m->off, "\"My Doc\"", 8);
	m = rl__doc_meta_get(d, "authors");
	assert_int_equal(m->kind, RL_META_SEQ);
	assert_string_equal(m->child->value, "Ann");
	assert_int_equal(m->child->off, 33);
	assert_string_equal(m->child->next->value, "Bob");
	assert_null(m->child->next->next);
	m = rl__doc_meta_get(d, "status");
	assert_string_equal(m->value, "draft");
	assert_int_equal(m->off, 53);
	assert_null(rl__doc_meta_get(d, "missing"));
	/* None of it is prose; the heading after it is. */
	assert_null(strstr(d->prose, "draft"));
	assert_null(strstr(d->prose, "title"));
	assert_int_equal(d->n_blocks, 2);
	assert_int_equal(d->blocks[0].kind, RL_BLOCK_HEADING);
	assert_int_equal(d->blocks[0].off, 65);
	assert_string_equal(d->sections[1].title, "Heading");

	/* `...` closes too; a BOM before the fence is fine. */
	d = md("\xEF\xBB\xBF---\nkey: v\n...\nText.\n");
	assert_string_equal(rl__doc_meta_get(d, "key")->value, "v");
	assert_int_equal(d->meta_span.off, 3);
	assert_int_equal(d->meta_span.end, 17);
	assert_int_equal(d->blocks[0].off, 18);

	/* Malformed YAML: no meta, still not prose. */
	d = md("---\nkey: [unclosed\n---\nText here.\n");
	assert_null(d->meta);
	assert_int_equal(d->meta_span.end, 22);
	assert_null(strstr(d->prose, "unclosed"));
	assert_non_null(strstr(d->prose, "Text here."));

	/* No closing fence: not front matter. */
	d = md("---\nJust text after a rule.\n");
	assert_null(d->meta);
	assert_non_null(strstr(d->prose, "Just text"));

	/* Plain text recognises front matter the same way. */
	d = parse(&rl__format_text, "---\nid: 7\n---\nBody.\n");
	assert_string_equal(rl__doc_meta_get(d, "id")->value, "7");
	assert_int_equal(d->n_blocks, 1);
	assert_int_equal(d->blocks[0].off, 14);
}

static void
test_sections(void **state)
{
	static const char src[] = "Intro text here.\n\n"
	                          "# Alpha One\n\n"
	                          "Alpha body words.\n\n"
	                          "## Beta\n\n"
	                          "Beta has four words.\n\n"
	                          "### Gamma\n\n"
	                          "Deep.\n\n"
	                          "## Delta   *Emph*  `code`\n\n"
	                          "Delta text.\n\n"
	                          "Epsilon\n"
	                          "=======\n\n"
	                          "Last words here now.\n";
	static const struct {
		const char *title;
		uint8_t     level;
		uint32_t    parent, heading, off, body, end, first, last, words;
	} want[] = {
		{ "", 0, 0, UINT32_MAX, 0, 0, 177, 0, 11, 24 },
		{ "Alpha One", 1, 0, 1, 18, 30, 139, 1, 9, 14 },
		{ "Beta", 2, 1, 3, 50, 58, 99, 3, 7, 6 },
		{ "Gamma", 3, 2, 5, 81, 91, 99, 5, 7, 1 },
		{ "Delta Emph", 2, 1, 7, 99, 125, 139, 7, 9, 2 },
		{ "Epsilon", 1, 0, 9, 139, 155, 177, 9, 11, 4 },
	};
	rl_doc *d = md(src);
	size_t  i;

	assert_int_equal(d->n_sections, 6);
	for (i = 0; i < 6; i++) {
		const rl_section *s = &d->sections[i];

		assert_string_equal(s->title, want[i].title);
		assert_int_equal(s->level, want[i].level);
		assert_int_equal(s->parent, want[i].parent);
		assert_int_equal(s->heading, want[i].heading);
		assert_int_equal(s->off, want[i].off);
		assert_int_equal(s->body, want[i].body);
		assert_int_equal(s->end, want[i].end);
		assert_int_equal(s->block_first, want[i].first);
		assert_int_equal(s->block_end, want[i].last);
		assert_int_equal(s->n_words, want[i].words);
	}
	assert_int_equal(d->blocks[0].section, 0);
	assert_int_equal(d->blocks[4].section, 2);
	assert_int_equal(d->blocks[6].section, 3);
	assert_int_equal(d->blocks[8].section, 4);
	assert_int_equal(rl__doc_section_at(d, 5), 0);
	assert_int_equal(rl__doc_section_at(d, 18), 1);
	assert_int_equal(rl__doc_section_at(d, 92), 3);
	assert_int_equal(rl__doc_section_at(d, 98), 3);
	assert_int_equal(rl__doc_section_at(d, 99), 4);
	assert_int_equal(rl__doc_section_at(d, 176), 5);

	/* A deeper heading closing back out to its grandparent's level. */
	d = md("### Deep first\n\n# Top\n\n#### Four\n\n## Two\n");
	assert_int_equal(d->n_sections, 5);
	assert_int_equal(d->sections[1].parent, 0);
	assert_int_equal(d->sections[1].end, 16);
	assert_int_equal(d->sections[3].parent, 2);
	assert_int_equal(d->sections[3].end, 34);
	assert_int_equal(d->sections[4].parent, 2);
	assert_int_equal(rl__doc_section_at(d, 30), 3);
	assert_int_equal(rl__doc_section_at(d, 34), 4);

	/* An empty heading still starts a section, at its own line. */
	d = md("Text.\n\n##\n\nMore.\n");
	assert_int_equal(d->n_sections, 2);
	assert_string_equal(d->sections[1].title, "");
	assert_int_equal(d->sections[1].off, 7);
	assert_int_equal(d->sections[1].body, 10);
	assert_int_equal(d->blocks[2].section, 1);
}

static void
test_sentences(void **state)
{
	static const char *const want[] = {
		"Ask Dr. Smith.",
		"Use e.g. Python here.",
		"J. R. R. Tolkien wrote it.",
		"He said \"Stop!\"",
		"Then left.",
		"Wait?!",
		"No way.",
		"Version 2.5 is out.",
		"It works\xE2\x80\xA6",
		"Great.",
		"See example.com for more.",
		"(This is quoted.)",
		"Next one.",
		"Go to https://x.com/a?b=1.",
		"Next.",
		"The U.S. Army and the i.e. Case stay whole.",
		"Apples, pears, etc. The end",
	};
	rl_doc *d = md("Ask Dr. Smith. Use e.g. Python here. J. R. R. "
	               "Tolkien wrote it. He said \"Stop!\" Then left. "
	               "Wait?! No way. Version 2.5 is out. It works\xE2\x80"
	               "\xA6  Great. See example.com for more. (This is "
	               "quoted.) Next one. Go to https://x.com/a?b=1.\n"
	               "Next.   The U.S. Army and the i.e. Case stay whole. "
	               "Apples, pears, etc. The end  \n");
	size_t  i;

	assert_int_equal(d->n_blocks, 1);
	assert_int_equal(d->blocks[0].sent_first, 0);
	assert_int_equal(d->blocks[0].sent_count, 17);
	assert_int_equal(d->n_sentences, 17);
	for (i = 0; i < 17; i++)
		span_is(d, d->sentences[i].off, d->sentences[i].end, want[i]);

	/* Every block boundary ends a sentence; markup around it is
	 * trimmed. */
	d = md("# No period heading\n\n- item one\n- **item two**\n\n"
	       "Para without end\n");
	assert_int_equal(d->n_sentences, 4);
	span_is(
	    d, d->sentences[0].off, d->sentences[0].end, "No period heading");
	span_is(d, d->sentences[1].off, d->sentences[1].end, "item one");
	span_is(d, d->sentences[2].off, d->sentences[2].end, "item two");
	assert_int_equal(d->sentences[2].off, 36);
	span_is(
	    d, d->sentences[3].off, d->sentences[3].end, "Para without end");
	assert_int_equal(d->blocks[2].sent_first, 2);
	assert_int_equal(d->blocks[2].sent_count, 1);
}

static void
collect(void *arg, uint32_t off, uint32_t end)
{
	rl_span **p = arg;

	(*p)->off = off;
	(*p)->end = end;
	(*p)++;
}

static void
test_words(void **state)
{
	static const char *const want[] = { "Don't", "re-use", "na\xC3\xAFve",
		"\xE6\x97\xA5\xE6\x9C\xAC", "well\xE2\x80\x99s", "end", "3",
		"14", "dash", "quoted", "a", "b", "x" };
	rl_doc                  *d      = parse(&rl__format_text,
	                          "Don't re-use na\xC3\xAFve \xE6\x97\xA5\xE6\x9C\xAC \xE2\x80\x94 "
	                                                "well\xE2\x80\x99s end, 3.14 -dash- 'quoted' a\xC2\xA0"
	                                                "b "
	                                                "\xE2\x80\x9Cx\xE2\x80\x9D\n");
	rl_span                  spans[20], *p = spans;
	size_t                   i, n;

	n = rl__doc_words(d, 0, (uint32_t)d->len, collect, &p);
	assert_int_equal(n, 13);
	assert_int_equal(p - spans, 13);
	for (i = 0; i < n; i++)
		span_is(d, spans[i].off, spans[i].end, want[i]);
	assert_int_equal(d->blocks[0].n_words, 13);
	assert_int_equal(rl__doc_words(d, 0, 5, NULL, NULL), 1);
	assert_int_equal(rl__doc_words(d, 2, 5, NULL, NULL), 1);
}

static void
test_not_prose(void **state)
{
	static const char src[] =
	    "Run `rm -rf` now &amp; then ![alt words](pic.png) "
	    "<span class=\"x\">inner</span> <https://auto.example/x>.\n"
	    "\n"
	    "```sh\n"
	    "secret code\n"
	    "```\n"
	    "\n"
	    "    indented code\n"
	    "\n"
	    "<div>\nhtml block\n</div>\n";
	rl_doc  *d = md(src);
	uint32_t i, code = 0;

	assert_null(strstr(d->prose, "rm"));
	assert_null(strstr(d->prose, "amp"));
	assert_null(strstr(d->prose, "alt"));
	assert_null(strstr(d->prose, "pic"));
	assert_null(strstr(d->prose, "span"));
	assert_null(strstr(d->prose, "auto"));
	assert_null(strstr(d->prose, "secret"));
	assert_null(strstr(d->prose, "indented"));
	assert_null(strstr(d->prose, "html"));
	assert_non_null(strstr(d->prose, "Run "));
	assert_non_null(strstr(d->prose, " now "));
	assert_non_null(strstr(d->prose, "inner"));
	/* Same length, line breaks kept. */
	assert_int_equal(strlen(d->prose), strlen(src));
	for (i = 0; i < d->len; i++)
		assert_true((src[i] == '\n') == (d->prose[i] == '\n'));
	for (i = 0; i < d->n_blocks; i++) {
		if (d->blocks[i].kind != RL_BLOCK_CODE)
			continue;
		assert_int_equal(d->blocks[i].sent_count, 0);
		assert_int_equal(d->blocks[i].n_words, 0);
		code++;
	}
	assert_int_equal(code, 2);
	assert_int_equal(d->blocks[1].kind, RL_BLOCK_CODE);
	assert_int_equal(d->blocks[1].off, 112);
	assert_int_equal(d->blocks[1].end, 123);
	assert_memory_equal(src + 112, "secret code", 11);
}

static void
test_comments(void **state)
{
	static const char src[] = "<!-- redline off -->\n"
	                          "\n"
	                          "Text <!-- vale X = NO --> more.\n"
	                          "\n"
	                          "<!--\nmulti\nline\n-->\n"
	                          "\n"
	                          "Code `<!-- not one -->` here.\n"
	                          "\n"
	                          "<!-- redline on -->\n";
	rl_doc           *d     = md(src);

	assert_int_equal(d->n_comments, 4);
	assert_int_equal(d->comments[0].off, 0);
	assert_int_equal(d->comments[0].end, 20);
	assert_int_equal(d->comments[1].off, 27);
	assert_int_equal(d->comments[1].end, 47);
	assert_memory_equal(src + 27, "<!-- vale X = NO -->", 20);
	assert_int_equal(d->comments[2].off, 55);
	assert_int_equal(d->comments[2].end, 74);
	assert_int_equal(d->comments[3].off, 107);
	assert_int_equal(d->comments[3].end, 126);
	assert_memory_equal(src + 107, "<!-- redline on -->", 19);
	/* Comments are not prose; the text around them is. */
	assert_null(strstr(d->prose, "vale"));
	assert_non_null(strstr(d->prose, "Text "));
	assert_non_null(strstr(d->prose, " more."));
}

static void
test_blocks_and_flags(void **state)
{
	rl_doc *d = md("> quoted para. Two.\n"
	               ">\n"
	               "> - quoted item\n"
	               "\n"
	               "1. loose one\n"
	               "\n"
	               "   second para\n"
	               "\n"
	               "   > deep quote\n"
	               "2. two\n");

	assert_int_equal(d->n_blocks, 6);
	assert_int_equal(d->blocks[0].kind, RL_BLOCK_PARAGRAPH);
	assert_int_equal(d->blocks[0].flags, RL_BF_IN_QUOTE);
	assert_int_equal(d->blocks[0].sent_count, 2);
	assert_int_equal(d->blocks[1].kind, RL_BLOCK_LIST_ITEM);
	assert_int_equal(d->blocks[1].flags, RL_BF_IN_QUOTE | RL_BF_IN_LIST);
	assert_int_equal(d->blocks[2].kind, RL_BLOCK_LIST_ITEM);
	assert_int_equal(d->blocks[2].flags, RL_BF_IN_LIST);
	assert_int_equal(d->blocks[2].level, 1);
	assert_int_equal(d->blocks[3].kind, RL_BLOCK_LIST_ITEM);
	span_is(d, d->blocks[3].off, d->blocks[3].end, "second para");
	assert_int_equal(d->blocks[4].kind, RL_BLOCK_PARAGRAPH);
	assert_int_equal(d->blocks[4].flags, RL_BF_IN_QUOTE | RL_BF_IN_LIST);
	/* "2. two" is an item of the same (loose) list. */
	assert_int_equal(d->blocks[5].kind, RL_BLOCK_LIST_ITEM);
	span_is(d, d->blocks[5].off, d->blocks[5].end, "two");
	d = md("- a\n  - b\n- c\n");
	assert_int_equal(d->n_blocks, 3);
	span_is(d, d->blocks[0].off, d->blocks[0].end, "a");
	span_is(d, d->blocks[1].off, d->blocks[1].end, "b");
	assert_int_equal(d->blocks[1].level, 2);
	span_is(d, d->blocks[2].off, d->blocks[2].end, "c");
	assert_int_equal(d->blocks[2].level, 1);
}

static void
test_plain_text(void **state)
{
	rl_doc *d = parse(&rl__format_text,
	    "# not a heading\nsecond line.\n\n  \t \nNext para. Two "
	    "sentences.\n\n\nLast");

	assert_int_equal(d->n_blocks, 3);
	assert_int_equal(d->n_sections, 1);
	assert_int_equal(d->blocks[0].kind, RL_BLOCK_PARAGRAPH);
	span_is(d, d->blocks[0].off, d->blocks[0].end,
	    "# not a heading\nsecond line.");
	span_is(
	    d, d->blocks[1].off, d->blocks[1].end, "Next para. Two sentences.");
	assert_int_equal(d->blocks[1].sent_count, 2);
	span_is(d, d->blocks[2].off, d->blocks[2].end, "Last");
	assert_string_equal(d->format, "text");
	assert_string_equal(rl__format_text.extensions[0], "txt");
}

static void
test_builder_direct(void **state)
{
	static const char src[] = "alpha beta. gamma\ndelta";
	rl_doc_builder   *b;
	rl_doc           *d;
	size_t            len;

	rl__arena_reset(arena);
	assert_int_equal(
	    rl__doc_builder_new(src, strlen(src), "custom", arena, &b), RL_OK);
	assert_string_equal(rl__doc_builder_src(b, &len), src);
	assert_int_equal(len, strlen(src));
	/* Text with no block open, or out of range, is refused. */
	assert_int_equal(rl__doc_text(b, 0, 5), RL_EINVAL);
	assert_int_equal(rl__doc_block_end(b), RL_EINVAL);
	/* Blocks given out of order come out sorted. */
	assert_int_equal(
	    rl__doc_block_begin(b, RL_BLOCK_PARAGRAPH, 0, 0), RL_OK);
	assert_int_equal(rl__doc_text(b, 18, 5), RL_OK);
	assert_int_equal(rl__doc_text(b, 18, 50), RL_EINVAL);
	assert_int_equal(rl__doc_block_end(b), RL_OK);
	assert_int_equal(rl__doc_block_begin(b, RL_BLOCK_HEADING, 2, 0), RL_OK);
	assert_int_equal(rl__doc_text(b, 6, 4), RL_OK);
	assert_int_equal(rl__doc_text(b, 0, 5), RL_OK);
	assert_int_equal(rl__doc_block_end(b), RL_OK);
	assert_int_equal(
	    rl__doc_block_begin(b, RL_BLOCK_PARAGRAPH, 0, 0), RL_OK);
	assert_int_equal(rl__doc_block_end(b), RL_OK); /* empty: dropped */
	assert_int_equal(rl__doc_comment(b, 0, 100), RL_EINVAL);
	assert_int_equal(rl__doc_builder_finish(b, &d), RL_OK);
	assert_string_equal(d->format, "custom");
	assert_int_equal(d->n_blocks, 2);
	assert_int_equal(d->blocks[0].off, 0);
	assert_int_equal(d->blocks[0].end, 10);
	assert_int_equal(d->blocks[1].off, 18);
	assert_string_equal(d->prose, "alpha beta       \ndelta");
	assert_int_equal(d->n_sections, 2);
	assert_string_equal(d->sections[1].title, "alpha beta");
	assert_int_equal(d->sections[1].level, 2);
}

/* Blocks sharing one line (HTML written on one line): sections start at
 * the heading itself, not at the line. */
static void
test_sections_on_one_line(void **state)
{
	static const char     src[]   = "<h1>A</h1><p>x</p><h2>B</h2><p>y</p>";
	static const uint32_t at[][3] = { { RL_BLOCK_HEADING, 4, 1 },
		{ RL_BLOCK_PARAGRAPH, 13, 0 }, { RL_BLOCK_HEADING, 22, 2 },
		{ RL_BLOCK_PARAGRAPH, 31, 0 } };
	rl_doc_builder       *b;
	rl_doc               *d;
	size_t                i;

	rl__arena_reset(arena);
	assert_int_equal(
	    rl__doc_builder_new(src, strlen(src), "html", arena, &b), RL_OK);
	for (i = 0; i < 4; i++) {
		assert_int_equal(rl__doc_block_begin(b, (rl_block_kind)at[i][0],
		                     (uint8_t)at[i][2], 0),
		    RL_OK);
		assert_int_equal(rl__doc_text(b, at[i][1], 1), RL_OK);
		assert_int_equal(rl__doc_block_end(b), RL_OK);
	}
	assert_int_equal(rl__doc_builder_finish(b, &d), RL_OK);
	assert_int_equal(d->n_sections, 3);
	assert_int_equal(d->sections[1].off, 0);
	assert_int_equal(d->sections[1].body, 5);
	assert_int_equal(d->sections[1].end, (uint32_t)strlen(src));
	assert_int_equal(d->sections[2].off, 22);
	assert_int_equal(d->sections[2].body, 23);
	assert_int_equal(d->sections[2].parent, 1);
	assert_string_equal(d->sections[2].title, "B");
	assert_int_equal(rl__doc_section_at(d, 13), 1);
	assert_int_equal(rl__doc_section_at(d, 31), 2);
	assert_int_equal(d->blocks[1].section, 1);
	assert_int_equal(d->blocks[3].section, 2);
}

static void
test_text_subst(void **state)
{
	static const char src[] = "AT&amp;T caf&eacute; x&#10;\ny";
	rl_doc_builder   *b;
	rl_doc           *d;

	rl__arena_reset(arena);
	assert_int_equal(
	    rl__doc_builder_new(src, strlen(src), "html", arena, &b), RL_OK);
	assert_int_equal(
	    rl__doc_block_begin(b, RL_BLOCK_PARAGRAPH, 0, 0), RL_OK);
	assert_int_equal(rl__doc_text(b, 0, 2), RL_OK);
	assert_int_equal(rl__doc_text_subst(b, 2, 5, "&", 1), RL_OK);
	assert_int_equal(rl__doc_text(b, 7, 5), RL_OK);
	assert_int_equal(rl__doc_text_subst(b, 12, 8, "\xC3\xA9", 2), RL_OK);
	assert_int_equal(rl__doc_text(b, 20, 2), RL_OK);
	/* Longer than the range: refused. */
	assert_int_equal(rl__doc_text_subst(b, 22, 5, "123456", 6), RL_EINVAL);
	/* Invalid UTF-8 in the text becomes '?'; the line break stays. */
	assert_int_equal(rl__doc_text_subst(b, 22, 6, "\xFFz", 2), RL_OK);
	assert_int_equal(rl__doc_text(b, 28, 1), RL_OK);
	assert_int_equal(rl__doc_builder_finish(b, &d), RL_OK);
	assert_string_equal(d->prose, "AT&    T caf\xC3\xA9       x?z   \ny");
	assert_int_equal(strlen(d->prose), strlen(src));
	assert_int_equal(d->blocks[0].off, 0);
	assert_int_equal(d->blocks[0].end, 29);
	assert_int_equal(d->blocks[0].n_words, 6);
}

/* Deep nesting, unclosed constructs and random markup-heavy bytes: every
 * input parses, and prose keeps the source's length and line breaks. */
static void
test_hostile_input(void **state)
{
	static const char alphabet[] = "#>*_-+`~[]()!<>|\\&;:.?\n\n \t\r"
	                               "abcXYZ019\xC3\xA9\xFF\x80\xE2\x80"
	                               "\xA6-=\"'";
	char              buf[2048];
	uint32_t          seed = 12345, i, j;
	rl_buf            deep;
	rl_doc           *d;

	rl__buf_init(&deep);
	for (i = 0; i < 300; i++)
		rl__buf_puts(&deep, i % 2 ? "> " : "- ");
	rl__buf_puts(&deep, "deep text. More.\n");
	d = md(deep.data);
	assert_int_equal(d->n_blocks, 1);
	assert_int_equal(d->blocks[0].sent_count, 2);
	rl__buf_free(&deep);

	d = md("<!-- never closed\n\n# Not a heading\n");
	assert_int_equal(d->n_comments, 1);
	assert_int_equal(d->comments[0].end, d->len);
	assert_int_equal(d->n_blocks, 0);
	d = md("```\nunclosed fence\n");
	assert_int_equal(d->n_blocks, 1);
	assert_int_equal(d->blocks[0].kind, RL_BLOCK_CODE);
	d = md("---\n---\n");
	assert_null(d->meta);
	assert_int_equal(d->n_blocks, 0);
	/* NUL bytes are not prose (md4c reports them apart). */
	rl__arena_reset(arena);
	assert_int_equal(
	    rl__doc_parse(&rl__format_markdown, "a\0b c\0", 6, arena, &d),
	    RL_OK);
	assert_int_equal(d->len, 6);
	assert_memory_equal(d->prose, "a b c ", 6);

	for (i = 0; i < 400; i++) {
		size_t n = 1 + (i * 37) % (sizeof buf - 1);

		for (j = 0; j < n; j++) {
			seed   = seed * 1103515245u + 12345u;
			buf[j] = alphabet[(seed >> 16) % (sizeof alphabet - 1)];
		}
		buf[n] = '\0';
		for (j = 0; j < 2; j++) {
			rl_doc  *r = NULL;
			uint32_t k;

			rl__arena_reset(arena);
			assert_int_equal(rl__doc_parse(j ? &rl__format_text
			                                 : &rl__format_markdown,
			                     buf, n, arena, &r),
			    RL_OK);
			for (k = 0; k < n; k++)
				assert_true(
				    (buf[k] == '\n') == (r->prose[k] == '\n'));
			for (k = 0; k < r->n_sentences; k++)
				assert_true(
				    r->sentences[k].off < r->sentences[k].end);
		}
	}
}

static void
test_allocation_failures(void **state)
{
	static const char src[] =
	    "---\ntitle: T\nlist: [a, b]\n---\n"
	    "# Title\n\nSome text. Another sentence! <!-- c -->\n\n"
	    "- one\n- two\n  - three\n\n| a | b |\n|---|---|\n| c | d |\n\n"
	    "## Sub\n\n```\ncode\n```\n\nEnd \xFF.\n";
	long   n;
	rl_err err = RL_ENOMEM;

	for (n = 0; n < 100000; n++) {
		rl_arena *a;
		rl_doc   *d = NULL;

		rl__alloc_fail_after(n);
		a = rl__arena_new(128);
		if (a)
			err = rl__doc_parse(
			    &rl__format_markdown, src, sizeof src - 1, a, &d);
		rl__alloc_fail_after(-1);
		rl__arena_free(a);
		if (a && err == RL_OK)
			break;
		if (a)
			assert_int_equal(err, RL_ENOMEM);
		assert_null(d);
	}
	assert_int_equal(err, RL_OK);
	assert_true(n > 10);
}

static int
setup(void **state)
{
	arena = rl__arena_new(0);
	return arena ? 0 : -1;
}

static int
teardown(void **state)
{
	rl__arena_free(arena);
	return 0;
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_front_matter),
		cmocka_unit_test(test_sections),
		cmocka_unit_test(test_sentences),
		cmocka_unit_test(test_words),
		cmocka_unit_test(test_not_prose),
		cmocka_unit_test(test_comments),
		cmocka_unit_test(test_blocks_and_flags),
		cmocka_unit_test(test_plain_text),
		cmocka_unit_test(test_builder_direct),
		cmocka_unit_test(test_sections_on_one_line),
		cmocka_unit_test(test_text_subst),
		cmocka_unit_test(test_hostile_input),
		cmocka_unit_test(test_allocation_failures),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}

/*
 * test_html.c - the html plugin, loaded through the public ABI: the same
 * PR/FAQ as Markdown, as a MediaWiki page and in Confluence storage
 * format gives the same rule hits, each at the right place in its own
 * source; how elements map to blocks; how character references map to
 * prose; in-document switches; hostile input.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cmocka.h>

#include "core/engine.h"
#include "doc/doc.h"
#include "redline/redline.h"

#define DATA "tests/plugin/data/"

typedef struct fixture {
	rl_engine  *e;
	rl_packset *ps;
	rl_scanner *sc;
} fixture;

static int
setup(void **state)
{
	fixture    *f       = calloc(1, sizeof *f);
	const char *specs[] = { DATA "packs/twin" };
	rl_diag     diag;

	assert_non_null(f);
	memset(&diag, 0, sizeof diag);
	assert_int_equal(rl_engine_new(&f->e), RL_OK);
	/* pack.yaml names both plugins: html and readability. */
	if (rl_packset_load(f->e, specs, 1, &f->ps, &diag) != RL_OK)
		fail_msg("%s:%u: %s", diag.file, diag.line, diag.message);
	assert_int_equal(rl_scanner_new(f->e, &f->sc), RL_OK);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	fixture *f = *state;

	rl_scanner_free(f->sc);
	rl_packset_unref(f->ps);
	rl_engine_free(f->e);
	free(f);
	return 0;
}

static char *
slurp(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	char *buf;
	long  n;

	assert_non_null(fp);
	assert_int_equal(fseek(fp, 0, SEEK_END), 0);
	n = ftell(fp);
	assert_true(n >= 0);
	rewind(fp);
	buf = malloc((size_t)n + 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)n, fp), (size_t)n);
	buf[n] = '\0';
	fclose(fp);
	*len = (size_t)n;
	return buf;
}

static rl_result *
review(fixture *f, const char *path, const char *src, size_t len)
{
	rl_result *res = NULL;
	rl_diag    diag;

	memset(&diag, 0, sizeof diag);
	if (rl_review(f->sc, f->ps, path, src, len, NULL, &res, &diag) != RL_OK)
		fail_msg("%s: %s", path, diag.message);
	assert_int_equal(res->n_rule_errors, 0);
	return res;
}

/* line_col counts the 1-based line and column (code points) of off in
 * src, independently of the engine. */
static void
line_col(const char *src, size_t off, uint32_t *line, uint32_t *col)
{
	*line = 1;
	*col  = 1;
	for (size_t i = 0; i < off; i++) {
		if (src[i] == '\n') {
			(*line)++;
			*col = 1;
		} else if (((unsigned char)src[i] & 0xc0) != 0x80) {
			(*col)++;
		}
	}
}

/* ------------------------------------------------------------------------
 * The twins
 * ------------------------------------------------------------------------ */

static void
check_positions(const rl_result *res, const char *src)
{
	for (size_t i = 0; i < res->n_findings; i++) {
		const rl_finding *x = &res->findings[i];
		uint32_t          line, col;

		line_col(src, x->offset, &line, &col);
		if (line != x->line || col != x->column)
			fail_msg("%s %s: at %u:%u, the offset says %u:%u",
			    res->path, x->rule, x->line, x->column, line, col);
		/* The match is the source there: positions are right when
		 * the matches agree across twins (checked by the caller). */
		assert_memory_equal(src + x->offset, x->match, x->length);
	}
}

static void
same_review(const rl_result *md, const rl_result *html)
{
	if (md->n_findings != html->n_findings)
		fail_msg("%s: %zu findings, %s: %zu", md->path, md->n_findings,
		    html->path, html->n_findings);
	for (size_t i = 0; i < md->n_findings; i++) {
		const rl_finding *a = &md->findings[i], *b = &html->findings[i];

		assert_string_equal(a->rule, b->rule);
		assert_string_equal(a->message, b->message);
		assert_int_equal(a->level, b->level);
		assert_string_equal(a->section, b->section);
		assert_string_equal(a->category, b->category);
		if (strcasecmp(a->match, b->match) != 0)
			fail_msg("%s: '%s' in %s, '%s' in %s", a->rule,
			    a->match, md->path, b->match, html->path);
	}
	assert_int_equal(md->score, html->score);
	assert_int_equal(md->verdict, html->verdict);
}

static void
twins_get_the_same_review(void **state)
{
	fixture   *f = *state;
	size_t     n_md, n_mw, n_cf;
	char      *md  = slurp(DATA "twin/prfaq.md", &n_md);
	char      *mw  = slurp(DATA "twin/prfaq.html", &n_mw);
	char      *cf  = slurp(DATA "twin/prfaq-confluence.html", &n_cf);
	rl_result *rmd = review(f, "prfaq.md", md, n_md);
	rl_result *rmw = review(f, "prfaq.html", mw, n_mw);
	rl_result *rcf = review(f, "prfaq-confluence.html", cf, n_cf);
	static const char *const rules[] = { "twin.Length", "twin.Hype",
		"twin.Utilize", "twin.Weasel", "twin.Hype", "twin.QuoteWord",
		"twin.Hype", "twin.FaqHeading", "twin.Utilize", "twin.ListTbd",
		"twin.CellTodo", "twin.Hype" };

	(void)state;
	assert_string_equal(rmd->format, "markdown");
	assert_string_equal(rmw->format, "html");
	assert_string_equal(rcf->format, "html");
	assert_int_equal(rmd->n_findings, sizeof rules / sizeof rules[0]);
	for (size_t i = 0; i < rmd->n_findings; i++)
		assert_string_equal(rmd->findings[i].rule, rules[i]);
	check_positions(rmd, md);
	check_positions(rmw, mw);
	check_positions(rcf, cf);
	same_review(rmd, rmw);
	same_review(rmd, rcf);

	/* Spot checks in the MediaWiki source: "leverage" right after the
	 * reference &#8220; on line 25, "utilize" on line 22. */
	assert_string_equal(rmw->findings[4].match, "leverage");
	assert_int_equal(rmw->findings[4].line, 25);
	assert_int_equal(rmw->findings[4].column, 14);
	assert_string_equal(rmw->findings[4].section, "Press Release");
	assert_string_equal(rmw->findings[2].match, "utilize");
	assert_int_equal(rmw->findings[2].line, 22);
	assert_int_equal(rmw->findings[2].column, 9);
	assert_string_equal(
	    rmw->findings[7].match, "Frequently Asked Questions");

	rl_result_free(rmd);
	rl_result_free(rmw);
	rl_result_free(rcf);
	free(md);
	free(mw);
	free(cf);
}

static void
html_switches_and_sniffing(void **state)
{
	fixture   *f      = *state;
	const char page[] = "<!doctype html><p>synergy</p>\n"
	                    "<!-- redline off -->\n<p>synergy</p>\n"
	                    "<!-- redline on -->\n<p>synergy</p>\n";
	rl_result *res    = review(f, "-", page, sizeof page - 1);

	/* No extension: the doctype picks html. */
	assert_string_equal(res->format, "html");
	assert_int_equal(res->n_findings, 2);
	assert_int_equal(res->findings[0].line, 1);
	assert_int_equal(res->findings[0].column, 19);
	assert_int_equal(res->findings[1].line, 5);
	assert_int_equal(res->findings[1].column, 4);
	rl_result_free(res);
}

/* ------------------------------------------------------------------------
 * The model the plugin builds, read through the engine's internals
 * ------------------------------------------------------------------------ */

static rl_doc *
parse(fixture *f, const char *src, rl_arena **arena)
{
	const rl_format *fmt = rl__format_find(f->e, "html");
	rl_doc          *doc = NULL;

	assert_non_null(fmt);
	*arena = rl__arena_new(4096);
	assert_non_null(*arena);
	assert_int_equal(
	    rl__doc_parse(fmt, src, strlen(src), *arena, &doc), RL_OK);
	return doc;
}

static void
elements_become_blocks(void **state)
{
	fixture   *f = *state;
	rl_arena  *a;
	const char src[] =
	    "<h2>Title <span class=\"mw-editsection\">[edit]</span></h2>"
	    "<ul><li>one<ul><li>two</li></ul></li></ul>"
	    "<table><tr><th>head</th><td><p>cell</p></td></tr></table>"
	    "<blockquote><p>quoted</p></blockquote>"
	    "<div>loose text</div><pre>some code</pre>"
	    "<script>var x = 1;</script><p>a <code>b</code> c</p>";
	rl_doc *d = parse(f, src, &a);
	static const struct {
		int         kind;
		unsigned    level, flags;
		const char *text;
	} want[] = {
		{ RL_BLOCK_HEADING, 2, 0, "Title" },
		{ RL_BLOCK_LIST_ITEM, 1, RL_BF_IN_LIST, "one" },
		{ RL_BLOCK_LIST_ITEM, 2, RL_BF_IN_LIST, "two" },
		{ RL_BLOCK_TABLE_HEADER, 0, RL_BF_IN_TABLE, "head" },
		{ RL_BLOCK_TABLE_CELL, 0, RL_BF_IN_TABLE, "cell" },
		{ RL_BLOCK_PARAGRAPH, 0, RL_BF_IN_QUOTE, "quoted" },
		{ RL_BLOCK_PARAGRAPH, 0, 0, "loose text" },
		{ RL_BLOCK_CODE, 0, 0, NULL },
		{ RL_BLOCK_PARAGRAPH, 0, 0, "a                c" },
	};

	(void)state;
	assert_int_equal(d->n_blocks, sizeof want / sizeof want[0]);
	for (size_t i = 0; i < d->n_blocks; i++) {
		const rl_block *b = &d->blocks[i];
		assert_int_equal(b->kind, want[i].kind);
		assert_int_equal(b->level, want[i].level);
		assert_int_equal(b->flags, want[i].flags);
		if (want[i].text == NULL) {
			/* Placed at its source, never prose. */
			assert_memory_equal(d->src + b->off, "some code", 9);
			assert_memory_equal(d->prose + b->off, "         ", 9);
			continue;
		}
		assert_int_equal(b->end - b->off, strlen(want[i].text));
		assert_memory_equal(
		    d->prose + b->off, want[i].text, b->end - b->off);
	}
	assert_int_equal(d->n_sections, 2);
	assert_string_equal(d->sections[1].title, "Title");
	/* Nothing outside the blocks is prose: markup reads as spaces. */
	assert_memory_equal(d->prose, "    Title", 9);
	rl__arena_free(a);
}

/* at: the prose at the first occurrence of needle in the source. */
static const char *
at(const rl_doc *d, const char *needle)
{
	const char *p = strstr(d->src, needle);

	assert_non_null(p);
	return d->prose + (p - d->src);
}

static void
references_decode_in_place(void **state)
{
	fixture   *f = *state;
	rl_arena  *a;
	const char src[] = "<p>R&amp;D &amp;&amp; x&nbsp;y &copy2024 &notit; "
	                   "&#x1F600; &#128; &#0; &bogus; &AMP\r\nz &amp</p>";
	rl_doc    *d     = parse(f, src, &a);

	(void)state;
	assert_int_equal(strlen(d->prose), sizeof src - 1);
	assert_memory_equal(at(d, "R&amp;D"), "R&    D", 7);
	assert_memory_equal(at(d, "&amp;&amp;"), "&    &    ", 10);
	assert_memory_equal(at(d, "&nbsp;"), "\xc2\xa0    ", 6);
	/* Legacy names need no ';' and match by prefix. */
	assert_memory_equal(at(d, "&copy2024"), "\xc2\xa9   2024", 9);
	assert_memory_equal(at(d, "&notit;"), "\xc2\xac  it;", 7);
	assert_memory_equal(at(d, "&#x1F600;"), "\xf0\x9f\x98\x80     ", 9);
	/* 0x80 is the euro in Windows-1252; 0 is U+FFFD. */
	assert_memory_equal(at(d, "&#128;"), "\xe2\x82\xac   ", 6);
	assert_memory_equal(at(d, "&#0;"), "\xef\xbf\xbd ", 4);
	assert_memory_equal(at(d, "&bogus;"), "&bogus;", 7);
	/* A CR LF before a reference does not throw the mapping off. */
	assert_memory_equal(at(d, "&AMP\r\n"), "&   \r\nz &   ", 12);
	rl__arena_free(a);
}

static void
hostile_input_does_not_crash(void **state)
{
	fixture   *f     = *state;
	size_t     depth = 100000, n = 0;
	char      *deep = malloc(depth * 5 + 64);
	char       junk[4096];
	rl_result *res = NULL;
	rl_diag    diag;

	(void)state;
	assert_non_null(deep);
	/* Nesting gumbo handles in time is reviewed... */
	for (size_t i = 0; i < 3000; i++)
		n += (size_t)sprintf(deep + n, "<div>");
	n += (size_t)sprintf(deep + n, "synergy");
	res = review(f, "deep.html", deep, n);
	assert_int_equal(res->n_findings, 1);
	assert_int_equal(res->findings[0].offset, 3000 * 5);
	rl_result_free(res);
	/* ...deeper is refused at once (gumbo would take minutes). */
	n = 0;
	for (size_t i = 0; i < depth; i++)
		n += (size_t)sprintf(deep + n, "<div>");
	res = NULL;
	memset(&diag, 0, sizeof diag);
	assert_int_equal(
	    rl_review(f->sc, f->ps, "deep.html", deep, n, NULL, &res, &diag),
	    RL_ETOOBIG);
	assert_null(res);
	/* Closed elements, void ones and unclosed paragraphs do not count. */
	n = 0;
	for (size_t i = 0; i < 10000; i++)
		n += (size_t)sprintf(deep + n, "<p>a<br><b>b</b>");
	res = review(f, "flat.html", deep, n);
	rl_result_free(res);

	srand(7);
	for (int round = 0; round < 20; round++) {
		for (size_t i = 0; i < sizeof junk; i++) {
			static const char pick[] = "<>/&;#x!-=\"' \n\r\0ap";
			junk[i] = rand() % 3 ? pick[rand() % (sizeof pick - 1)]
			                     : (char)(rand() % 256);
		}
		res = review(f, "junk.html", junk, sizeof junk);
		rl_result_free(res);
	}
	res = review(f, "empty.html", "", 0);
	assert_int_equal(res->n_findings, 0);
	rl_result_free(res);
	free(deep);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(twins_get_the_same_review),
		cmocka_unit_test(html_switches_and_sniffing),
		cmocka_unit_test(elements_become_blocks),
		cmocka_unit_test(references_decode_in_place),
		cmocka_unit_test(hostile_input_does_not_crash),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}

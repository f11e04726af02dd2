/*
 * test_scope.c - Vale's scope names and the ranges of a document each
 * scope gives a rule.
 */
#include <stdio.h>
#include <string.h>

#include "helpers.h"
#include "review/review.h"

static void
test_parse(void **state)
{
	const char *ok[]  = { "heading.h2", "~blockquote", "table.cell.md" };
	const char *bad[] = { "text", "footer" };
	const char *raw[] = { "raw", "heading" };
	rl_scope    s;
	char        why[64];

	assert_int_equal(rl__scope_parse(ok, 3, &s, why, sizeof why), RL_OK);
	assert_int_equal(
	    s.include, (RL_SCOPE_HEADING_H1 << 1) | RL_SCOPE_TABLE_CELL);
	assert_int_equal(s.exclude, RL_SCOPE_BLOCKQUOTE);
	assert_int_equal(
	    rl__scope_parse(bad, 2, &s, why, sizeof why), RL_EINVAL);
	assert_string_equal(why, "footer");
	assert_int_equal(
	    rl__scope_parse(raw, 2, &s, why, sizeof why), RL_EINVAL);
	/* only exclusions: the text minus them */
	assert_int_equal(
	    rl__scope_parse(ok + 1, 1, &s, why, sizeof why), RL_OK);
	assert_int_equal(s.include, RL_SCOPE_TEXT);
}

typedef struct collected {
	char text[2048];
	int  n;
} collected;

static rl_err
gather(void *arg, const char *text, uint32_t off, uint32_t end)
{
	collected *c    = arg;
	size_t     used = strlen(c->text);

	snprintf(c->text + used, sizeof c->text - used, "%s[%.*s]",
	    c->n++ ? " " : "", (int)(end - off), text + off);
	return RL_OK;
}

static const char *const doc =
    "# Title one\n\n"
    "First paragraph. It has two sentences.\n\n"
    "## Part two\n\n"
    "- item one\n- item two\n\n"
    "> quoted words\n\n"
    "| head | more |\n|------|------|\n| cell | data |\n\n"
    "```\ncode here\n```\n\n"
    "Last paragraph.\n";

/* ranges lists the ranges a rule with the given scope sees. */
static const char *
ranges(rl_engine *e, const char *scope, const char *section)
{
	static collected c;
	rl_scanner      *sc;
	rl_doc          *d;
	rl_rule          r;
	rl_scan          s;
	rl_scan_state    st;
	char             why[64];
	const char      *names[] = { scope };

	memset(&c, 0, sizeof c);
	memset(&r, 0, sizeof r);
	assert_int_equal(rl_scanner_new(e, &sc), RL_OK);
	assert_int_equal(rl__doc_parse(&rl__format_markdown, doc, strlen(doc),
	                     sc->scratch, &d),
	    RL_OK);
	assert_int_equal(
	    rl__scope_parse(names, 1, &r.scope, why, sizeof why), RL_OK);
	if (section)
		assert_int_equal(
		    rl__regex_compile(section, 0, &r.section, NULL), RL_OK);
	memset(&s, 0, sizeof s);
	memset(&st, 0, sizeof st);
	st.scanner = sc;
	s.doc      = d;
	s.scanner  = sc;
	s.arena    = sc->scratch;
	s.priv     = &st;
	assert_int_equal(rl__scan_ranges(&s, &r, gather, &c), RL_OK);
	rl__regex_free(r.section);
	rl_scanner_free(sc);
	return c.text;
}

static void
test_ranges(void **state)
{
	rl_engine *e;

	assert_int_equal(rl_engine_new(&e), RL_OK);
	assert_string_equal(ranges(e, "text", NULL),
	    "[Title one] [First paragraph. It has two sentences.] [Part two] "
	    "[item one] [item two] [quoted words] [head] [more] [cell] [data] "
	    "[Last paragraph.]");
	assert_string_equal(
	    ranges(e, "heading", NULL), "[Title one] [Part two]");
	assert_string_equal(ranges(e, "heading.h2", NULL), "[Part two]");
	assert_string_equal(ranges(e, "paragraph", NULL),
	    "[First paragraph. It has two sentences.] [quoted words] "
	    "[Last paragraph.]");
	assert_string_equal(ranges(e, "sentence", NULL),
	    "[Title one] [First paragraph.] [It has two sentences.] "
	    "[Part two] [item one] [item two] [quoted words] [head] [more] "
	    "[cell] [data] [Last paragraph.]");
	assert_string_equal(ranges(e, "list", NULL), "[item one] [item two]");
	assert_string_equal(ranges(e, "blockquote", NULL), "[quoted words]");
	assert_string_equal(ranges(e, "table.header", NULL), "[head] [more]");
	assert_string_equal(ranges(e, "table.cell", NULL), "[cell] [data]");
	assert_string_equal(ranges(e, "summary", NULL),
	    "[First paragraph. It has two sentences.]");
	assert_string_equal(ranges(e, "~heading", NULL),
	    "[First paragraph. It has two sentences.] [item one] [item two] "
	    "[quoted words] [head] [more] [cell] [data] [Last paragraph.]");
	/* sections: the content after the matching heading */
	assert_string_equal(
	    ranges(e, "paragraph", "two"), "[quoted words] [Last paragraph.]");
	/* raw: the source itself, here the body of "Title one" */
	assert_memory_equal(ranges(e, "raw", "one"), "[First paragraph.", 17);
	rl_engine_free(e);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse),
		cmocka_unit_test(test_ranges),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

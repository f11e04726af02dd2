/*
 * test_prefilter.c - the shortcuts the review takes give exactly the
 * findings of a review without them: the prefilter's word lookups (by a
 * literal's inner word, literals that differ only in their word-boundary
 * proof), the offset limit on unanchored searches, and the scanner's memo
 * of heading judgements across documents and packset reloads.
 */
#include <stdio.h>
#include <string.h>

#include "helpers.h"
#include "redline/redline.h"
#include "rules/rule.h"

/* render lists a result's findings, one line each. */
static char *
render(const rl_result *r)
{
	rl_buf b;
	size_t i;

	rl__buf_init(&b);
	rl__buf_puts(&b, "");
	for (i = 0; i < r->n_findings; i++)
		rl__buf_printf(&b, "%s %llu+%llu %u:%u-%u:%u %s\n",
		    r->findings[i].rule,
		    (unsigned long long)r->findings[i].offset,
		    (unsigned long long)r->findings[i].length,
		    r->findings[i].line, r->findings[i].column,
		    r->findings[i].end_line, r->findings[i].end_column,
		    r->findings[i].message);
	assert_false(b.failed);
	return b.data;
}

/* same_without_prefilter reviews text with the packset as loaded and
 * again with every rule's prefilter off, checks both agree, and returns
 * the first rendering (heap). */
static char *
same_without_prefilter(rl_engine *e, rl_packset *ps, const char *text)
{
	rl_result *r;
	char      *with, *without;
	size_t     i, filtered = 0;

	r    = th_review(e, ps, text);
	with = render(r);
	rl_result_free(r);
	for (i = 0; i < ps->n_rules; i++) {
		filtered += ps->rules[i]->prefilter != NULL;
		((rl_rule *)ps->rules[i])->prefilter = NULL;
	}
	assert_true(filtered > 0);
	r       = th_review(e, ps, text);
	without = render(r);
	rl_result_free(r);
	assert_string_equal(with, without);
	rl__free(without);
	return with;
}

/* Two rules need the same bytes, one at a word's start (\b) and one
 * anywhere (nonword): each keeps its own literal, so the second still
 * finds the phrase inside a longer word, whichever rule loads first. */
static void
test_same_bytes_other_boundary(void **state)
{
	char       *root = th_tmpdir(), *dir, *out;
	rl_engine  *e;
	rl_packset *ps;

	dir = th_pack(root, "T", "Word.yml",
	    "extends: existence\nmessage: \"word '%s'\"\n"
	    "tokens:\n  - so many things\n",
	    "Any.yml",
	    "extends: existence\nmessage: \"any '%s'\"\nnonword: true\n"
	    "tokens:\n  - so many things\n",
	    "AWord.yml",
	    "extends: existence\nmessage: \"word '%s'\"\n"
	    "tokens:\n  - an awful lot\n",
	    "ZAny.yml",
	    "extends: existence\nmessage: \"any '%s'\"\nnonword: true\n"
	    "tokens:\n  - an awful lot\n",
	    NULL);
	assert_int_equal(rl_engine_new(&e), RL_OK);
	ps  = th_load(e, dir);
	out = same_without_prefilter(e, ps,
	    "Well, xso many things. And so many things, again.\n\n"
	    "It is xan awful lot. And an awful lot.\n");
	assert_non_null(strstr(out, "T.Any 7+14"));
	assert_null(strstr(out, "T.Word 7+14"));
	assert_non_null(strstr(out, "T.Word 27+14"));
	assert_non_null(strstr(out, "T.Any 27+14"));
	assert_non_null(strstr(out, "T.ZAny 58+12"));
	assert_null(strstr(out, "T.AWord 58+12"));
	assert_non_null(strstr(out, "T.AWord 76+12"));
	rl__free(out);
	rl_packset_unref(ps);
	rl_engine_free(e);
	free(dir);
	th_rmtree(root);
}

/* Phrases are looked up by their longest inner word; the phrase must
 * still start where a word starts, and may sit at a block's edges. */
static void
test_inner_word(void **state)
{
	char       *root = th_tmpdir(), *dir, *out;
	rl_engine  *e;
	rl_packset *ps;

	dir = th_pack(root, "T", "Phrase.yml",
	    "extends: substitution\nmessage: \"'%s', not '%s'\"\n"
	    "ignorecase: true\nswap:\n  in order to: to\n"
	    "  a large number of: many\n",
	    NULL);
	assert_int_equal(rl_engine_new(&e), RL_OK);
	ps  = th_load(e, dir);
	out = same_without_prefilter(e, ps,
	    "In order to start, skip within order to go.\n\n"
	    "A large number of\n\n"
	    "- item: a  large number of\n"
	    "- in order to\n");
	assert_non_null(strstr(out, "T.Phrase 0+11"));
	assert_non_null(strstr(out, "T.Phrase 45+17"));
	assert_null(strstr(out, "within"));
	rl__free(out);
	rl_packset_unref(ps);
	rl_engine_free(e);
	free(dir);
	th_rmtree(root);
}

/* An unanchored pattern is searched only up to the last place its
 * literal starts in the range: matches before it, at it and across
 * several sentences are all found, as without the limit. */
static void
test_unanchored_limit(void **state)
{
	char       *root = th_tmpdir(), *dir, *out;
	rl_engine  *e;
	rl_packset *ps;

	dir = th_pack(root, "T", "Oxford.yml",
	    "extends: existence\nmessage: \"comma in '%s'\"\n"
	    "scope: sentence\nnonword: true\n"
	    "tokens:\n  - '(?:[^\\s,]+,){1,} \\w+ (?:and|or) \\w+[.?!]'\n",
	    "Ly.yml",
	    "extends: existence\nmessage: \"'%s'\"\nnonword: true\n"
	    "tokens:\n  - '\\b[^\\s-]+ly-\\w+'\n",
	    NULL);
	assert_int_equal(rl_engine_new(&e), RL_OK);
	ps  = th_load(e, dir);
	out = same_without_prefilter(e, ps,
	    "We need apples, pears and plums. Then bread, milk or tea! "
	    "Nothing and nobody here.\n\n"
	    "A poorly-made plan, then a highly-rated one or neatly-kept "
	    "notes.\n\n"
	    "Red, green and blue and more words or nothing at all.\n");
	assert_int_equal(strlen(out) > 0, true);
	assert_non_null(strstr(out, "T.Oxford 8+"));
	assert_non_null(strstr(out, "T.Ly"));
	rl__free(out);
	rl_packset_unref(ps);
	rl_engine_free(e);
	free(dir);
	th_rmtree(root);
}

/* A heading's judgement is kept by the scanner: the same heading in the
 * next document, and after the rules are reloaded, gets the same
 * answer as a fresh scanner gives. */
static void
test_memo(void **state)
{
	static const char *const docs[] = {
		"# Getting Started With Things\n\nText.\n\n# Summary\n",
		"# Summary\n\nMore.\n\n# Getting Started With Things\n",
		"# getting started with things\n",
	};
	char       *root = th_tmpdir(), *dir, *fresh, *kept;
	rl_engine  *e;
	rl_packset *ps;
	rl_scanner *s, *one;
	rl_result  *r;
	size_t      round, i;

	dir = th_pack(root, "T", "Head.yml",
	    "extends: capitalization\nmessage: \"'%s' should be '%s'\"\n"
	    "scope: heading\nmatch: $sentence\n"
	    "exceptions:\n  - Things\n",
	    NULL);
	assert_int_equal(rl_engine_new(&e), RL_OK);
	assert_int_equal(rl_scanner_new(e, &s), RL_OK);
	for (round = 0; round < 2; round++) {
		/* round 1: a new packset (another generation) */
		ps = th_load(e, dir);
		for (i = 0; i < 3; i++) {
			size_t k;

			for (k = 0; k < 2; k++) { /* k = 1: from the memo */
				assert_int_equal(
				    rl_review(s, ps, "d.md", docs[i],
				        strlen(docs[i]), NULL, &r, NULL),
				    RL_OK);
				kept = render(r);
				rl_result_free(r);
				assert_int_equal(
				    rl_scanner_new(e, &one), RL_OK);
				assert_int_equal(
				    rl_review(one, ps, "d.md", docs[i],
				        strlen(docs[i]), NULL, &r, NULL),
				    RL_OK);
				fresh = render(r);
				rl_result_free(r);
				rl_scanner_free(one);
				assert_string_equal(kept, fresh);
				if (i == 0)
					assert_non_null(strstr(kept,
					    "'Getting started with Things'"));
				rl__free(kept);
				rl__free(fresh);
			}
		}
		rl_packset_unref(ps);
	}
	rl_scanner_free(s);
	rl_engine_free(e);
	free(dir);
	th_rmtree(root);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_same_bytes_other_boundary),
		cmocka_unit_test(test_inner_word),
		cmocka_unit_test(test_unanchored_limit),
		cmocka_unit_test(test_memo),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

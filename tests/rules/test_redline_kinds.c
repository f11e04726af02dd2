/*
 * test_redline_kinds.c - Redline's own kinds: sections, metadata, length,
 * on small documents.
 */
#include <stdio.h>
#include <string.h>

#include "helpers.h"

typedef struct fixture {
	rl_engine *e;
	char      *root;
} fixture;

static int
setup(void **state)
{
	fixture *f = calloc(1, sizeof *f);

	if (!f || rl_engine_new(&f->e) != RL_OK)
		return -1;
	f->root = th_tmpdir();
	*state  = f;
	return 0;
}

static int
teardown(void **state)
{
	fixture *f = *state;

	rl_engine_free(f->e);
	th_rmtree(f->root);
	free(f);
	return 0;
}

static rl_result *
run(fixture *f, const char *rule_yml, const char *text)
{
	char       *dir = th_pack(f->root, "T", "R.yml", rule_yml, NULL);
	rl_packset *ps  = th_load(f->e, dir);
	rl_result  *r   = th_review(f->e, ps, text);

	if (getenv("TH_DUMP"))
		th_dump(r);
	assert_int_equal(r->n_rule_errors, 0);
	rl_packset_unref(ps);
	free(dir);
	return r;
}

static const rl_finding *
one(const rl_result *r, size_t n)
{
	const rl_finding *f = th_nth(r, "T.R", n);

	assert_non_null(f);
	return f;
}

static const char *const sections_rule =
    "extends: sections\n"
    "message: \"Add a '%s' section.\"\n"
    "level: error\n"
    "order: true\n"
    "sections:\n"
    "  - name: Summary\n"
    "    level: 2\n"
    "    must_contain: ['\\bcustomer\\b']\n"
    "  - name: FAQ\n"
    "    title: '(?i)^(faq|questions)$'\n"
    "    must_not_contain: ['\\bTBD\\b']\n"
    "    sections:\n"
    "      - Customer FAQ\n"
    "      - name: Internal FAQ\n"
    "        required: false\n"
    "  - name: Appendix\n"
    "    message: \"An '%s' would help.\"\n";

static void
test_sections_complete(void **state)
{
	rl_result *r = run(*state, sections_rule,
	    "# Doc\n\n## Summary\n\nFor the customer.\n\n## Questions\n\n"
	    "### Customer FAQ\n\nYes.\n\n## Appendix\n\nMore.\n");

	assert_int_equal(th_count(r, "T.R"), 0);
	rl_result_free(r);
}

static void
test_sections_missing(void **state)
{
	rl_result *r = run(*state, sections_rule,
	    "# Doc\n\n## FAQ\n\nTBD, all of it.\n\n## Summary\n\n"
	    "Nothing here.\n\nThe end.\n");

	/* Summary lacks the customer; FAQ is out of order, has TBD, lacks
	 * its Customer FAQ; Appendix is missing (line 1) */
	assert_int_equal(th_count(r, "T.R"), 5);
	assert_string_equal(one(r, 0)->message, "An 'Appendix' would help.");
	assert_int_equal(one(r, 0)->line, 1);
	assert_int_equal(one(r, 0)->length, 0);
	/* FAQ comes before Summary: reported at its heading */
	assert_string_equal(
	    one(r, 1)->message, "'FAQ' should come after 'Summary'.");
	assert_int_equal(one(r, 1)->line, 3);
	assert_string_equal(
	    one(r, 2)->message, "'TBD' does not belong in section 'FAQ'.");
	assert_int_equal(one(r, 2)->line, 5);
	/* missing sub-section: at the end of the section that should hold
	 * it */
	assert_string_equal(
	    one(r, 3)->message, "Add a 'Customer FAQ' section.");
	assert_int_equal(one(r, 3)->line, 5);
	assert_int_equal(one(r, 3)->column, 15);
	assert_string_equal(one(r, 4)->message,
	    "Section 'Summary' should include text matching "
	    "'\\bcustomer\\b'.");
	assert_int_equal(one(r, 4)->level, RL_LEVEL_ERROR);
	rl_result_free(r);
}

static void
test_metadata(void **state)
{
	const char *rule = "extends: metadata\n"
	                   "message: \"Add '%s' to the front matter.\"\n"
	                   "fields:\n"
	                   "  - title\n"
	                   "  - name: status\n"
	                   "    pattern: '^(draft|accepted)$'\n"
	                   "  - name: owner.email\n"
	                   "    pattern: '@'\n"
	                   "  - name: tags\n"
	                   "    pattern: '^[a-z]+$'\n"
	                   "  - name: reviewers\n"
	                   "    required: false\n";
	rl_result  *r    = run(*state, rule,
	        "---\ntitle: A plan\nstatus: final\nowner:\n  email: nobody\n"
	            "tags: [good, Bad]\n---\n\n# Plan\n\nText.\n");

	assert_int_equal(th_count(r, "T.R"), 3);
	assert_string_equal(one(r, 0)->message,
	    "Front-matter field 'status' is 'final', which does not match "
	    "'^(draft|accepted)$'.");
	assert_int_equal(one(r, 0)->line, 3);
	assert_string_equal(one(r, 0)->match, "final");
	assert_int_equal(one(r, 1)->line, 5);
	assert_string_equal(one(r, 2)->match, "Bad");
	rl_result_free(r);

	r = run(*state, rule, "# No front matter\n\nText.\n");
	assert_int_equal(th_count(r, "T.R"), 4);
	assert_string_equal(
	    one(r, 0)->message, "Add 'title' to the front matter.");
	assert_int_equal(one(r, 0)->line, 1);
	rl_result_free(r);
}

static void
test_length(void **state)
{
	const char *doc = "# Doc\n\n## Summary\n\nOne two three four five six. "
	                  "Seven eight.\n\n## Details\n\nA b.\n\nC d.\n\n"
	                  "E f.\n";
	rl_result  *r;

	r = run(*state,
	    "extends: length\nmessage: \"%s words; at most %s.\"\n"
	    "unit: words\nper: section\nmax: 5\nsection: '^Summary$'\n",
	    doc);
	assert_int_equal(th_count(r, "T.R"), 1);
	assert_string_equal(one(r, 0)->message, "8 words; at most 5.");
	assert_string_equal(one(r, 0)->match, "Summary");
	rl_result_free(r);

	r = run(*state,
	    "extends: length\nmessage: \"%s paragraphs (max %s).\"\n"
	    "unit: paragraphs\nper: section\nmax: 2\n",
	    doc);
	assert_int_equal(th_count(r, "T.R"), 2); /* Doc and Details */
	assert_string_equal(one(r, 0)->message, "4 paragraphs (max 2).");
	assert_string_equal(one(r, 1)->match, "Details");
	rl_result_free(r);

	r = run(*state,
	    "extends: length\nmessage: \"%s words in a sentence.\"\n"
	    "unit: words\nscope: sentence\nmax: 4\n",
	    doc);
	assert_int_equal(th_count(r, "T.R"), 1);
	assert_string_equal(one(r, 0)->match, "One two three four five six.");
	rl_result_free(r);

	r = run(*state,
	    "extends: length\nmessage: \"%s sentences, need %s.\"\n"
	    "unit: sentences\nper: document\nmin: 10\n",
	    doc);
	assert_int_equal(th_count(r, "T.R"), 1);
	/* headings are sentences of the text too */
	assert_string_equal(one(r, 0)->message, "8 sentences, need 10.");
	assert_int_equal(one(r, 0)->line, 1);
	rl_result_free(r);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sections_complete),
		cmocka_unit_test(test_sections_missing),
		cmocka_unit_test(test_metadata),
		cmocka_unit_test(test_length),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}

/*
 * test_vale_kinds.c - the Vale kinds on small documents: which rule
 * fires, where, with what message and suggestions.
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

/* run loads a one-rule pack and reviews text. */
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

/* ------------------------------------------------------------------------
 * existence
 * ------------------------------------------------------------------------ */

static void
test_existence_tokens(void **state)
{
	rl_result *r = run(*state,
	    "extends: existence\n"
	    "message: \"Avoid '%s'.\"\n"
	    "level: warning\n"
	    "ignorecase: true\n"
	    "tokens:\n  - world-class\n  - best of breed\n",
	    "# Plan\n\nOur World-Class service. Best of breed, truly.\n"
	    "Not a classworld-classy word.\n");

	assert_int_equal(th_count(r, "T.R"), 2);
	assert_int_equal(one(r, 0)->offset, 12);
	assert_int_equal(one(r, 0)->length, 11);
	assert_string_equal(one(r, 0)->message, "Avoid 'World-Class'.");
	assert_int_equal(one(r, 0)->level, RL_LEVEL_WARNING);
	assert_string_equal(one(r, 1)->match, "Best of breed");
	assert_int_equal(one(r, 1)->n_suggestions, 0);
	rl_result_free(r);
}

static void
test_existence_case_and_words(void **state)
{
	/* Without ignorecase the case must agree; tokens are whole words
	 * unless nonword is set. */
	rl_result *r = run(*state,
	    "extends: existence\nmessage: \"'%s'\"\n"
	    "tokens: [API]\n",
	    "An API, an api, APIs and the API.\n");

	assert_int_equal(th_count(r, "T.R"), 2);
	assert_int_equal(one(r, 0)->offset, 3);
	assert_int_equal(one(r, 1)->offset, 29);
	rl_result_free(r);
	r = run(*state,
	    "extends: existence\nmessage: \"'%s'\"\nnonword: true\n"
	    "tokens: [API]\n",
	    "An API, APIs.\n");
	assert_int_equal(th_count(r, "T.R"), 2);
	rl_result_free(r);
}

static void
test_existence_raw_append(void **state)
{
	/* raw goes before the token group, or after it with append */
	rl_result *r = run(*state,
	    "extends: existence\nmessage: \"'%s'\"\n"
	    "raw:\n  - '\\d+ '\n"
	    "tokens: [apples, pears]\n",
	    "We ate 3 apples and 12 pears, not apples.\n");

	assert_int_equal(th_count(r, "T.R"), 2);
	assert_string_equal(one(r, 0)->match, "3 apples");
	assert_string_equal(one(r, 1)->match, "12 pears");
	rl_result_free(r);
	r = run(*state,
	    "extends: existence\nmessage: \"'%s'\"\nappend: true\n"
	    "raw:\n  - ' \\d+'\n"
	    "tokens: [page]\n",
	    "See page 4 and the page.\n");
	assert_int_equal(th_count(r, "T.R"), 1);
	assert_string_equal(one(r, 0)->match, "page 4");
	rl_result_free(r);
}

static void
test_existence_exceptions(void **state)
{
	/* A match containing an exception (a whole word, case-sensitive)
	 * is not reported. */
	rl_result *r = run(*state,
	    "extends: existence\nmessage: \"Define '%s'.\"\n"
	    "tokens: ['[A-Z]{3,5}']\n"
	    "exceptions: [HTTP, API]\n",
	    "The HTTP API uses TLS and JSON.\n");

	assert_int_equal(th_count(r, "T.R"), 2);
	assert_string_equal(one(r, 0)->message, "Define 'TLS'.");
	assert_string_equal(one(r, 1)->match, "JSON");
	rl_result_free(r);
}

static void
test_existence_actions(void **state)
{
	rl_result *r = run(*state,
	    "extends: existence\nmessage: \"Remove '%s'.\"\n"
	    "action:\n  name: remove\n"
	    "tokens: [really]\n",
	    "It is really fast.\n");

	assert_int_equal(one(r, 0)->n_suggestions, 1);
	assert_string_equal(one(r, 0)->suggestions[0], "");
	assert_string_equal(one(r, 0)->message, "Remove 'really'.");
	rl_result_free(r);

	/* edit: trim_right on a heading's end punctuation */
	r = run(*state,
	    "extends: existence\nmessage: \"No period in '%s'.\"\n"
	    "nonword: true\nscope: heading\n"
	    "action:\n  name: edit\n  params: [trim_right, '.?!']\n"
	    "tokens: ['[a-z][.?!]$']\n",
	    "# Introduction.\n\nA sentence ends here.\n");
	assert_int_equal(th_count(r, "T.R"), 1);
	assert_string_equal(one(r, 0)->match, "n.");
	assert_string_equal(one(r, 0)->suggestions[0], "n");
	rl_result_free(r);

	/* replace: the params are the suggestions; %s #2 lists them */
	r = run(*state,
	    "extends: existence\n"
	    "message: \"Use %s instead of '%s'.\"\n"
	    "action:\n  name: replace\n  params: [use, employ]\n"
	    "tokens: [utilize]\n",
	    "We utilize it.\n");
	assert_int_equal(one(r, 0)->n_suggestions, 2);
	assert_string_equal(one(r, 0)->suggestions[1], "employ");
	assert_string_equal(
	    one(r, 0)->message, "Use utilize instead of ''use' or 'employ''.");
	rl_result_free(r);

	/* edit regex: Go-style replacement with groups */
	r = run(*state,
	    "extends: existence\nmessage: \"'%s'\"\nnonword: true\n"
	    "action:\n  name: edit\n  params: [regex, '(\\d+)-(\\d+)', '$1 to "
	    "$2']\n"
	    "tokens: ['\\d+-\\d+']\n",
	    "Pages 3-5.\n");
	assert_string_equal(one(r, 0)->suggestions[0], "3 to 5");
	rl_result_free(r);
}

/* ------------------------------------------------------------------------
 * substitution
 * ------------------------------------------------------------------------ */

static void
test_substitution(void **state)
{
	rl_result *r = run(*state,
	    "extends: substitution\n"
	    "message: \"Use '%s' instead of '%s'.\"\n"
	    "ignorecase: true\n"
	    "swap:\n"
	    "  utilize: use\n"
	    "  (?:in order to|so as to): to\n"
	    "  e-mail: email\n",
	    "Utilize it in order to send e-mail, or email.\n");

	assert_int_equal(th_count(r, "T.R"), 3);
	assert_string_equal(one(r, 0)->match, "Utilize");
	assert_string_equal(
	    one(r, 0)->message, "Use 'use' instead of 'Utilize'.");
	assert_string_equal(
	    one(r, 1)->message, "Use 'to' instead of 'in order to'.");
	assert_int_equal(one(r, 2)->offset, 28);
	assert_int_equal(one(r, 2)->length, 6);
	rl_result_free(r);
}

static void
test_substitution_replace_action(void **state)
{
	/* With `action: replace` and no params, the value's alternatives
	 * become suggestions and the message lists them (quotes around the
	 * first %s dropped, as Vale does). */
	rl_result *r = run(*state,
	    "extends: substitution\n"
	    "message: \"Use '%s' instead of '%s'.\"\n"
	    "action:\n  name: replace\n"
	    "swap:\n  leverage: use|apply\n  whilst: while\n",
	    "We leverage it whilst waiting.\n");

	assert_int_equal(th_count(r, "T.R"), 2);
	assert_string_equal(
	    one(r, 0)->message, "Use 'use' or 'apply' instead of 'leverage'.");
	assert_int_equal(one(r, 0)->n_suggestions, 2);
	assert_string_equal(one(r, 0)->suggestions[0], "use");
	assert_string_equal(one(r, 0)->suggestions[1], "apply");
	assert_string_equal(
	    one(r, 1)->message, "Use 'while' instead of 'whilst'.");
	rl_result_free(r);
}

static void
test_substitution_same_is_fine(void **state)
{
	/* Nothing is reported when the observed text is the expected one
	 * (a value that is a pattern is matched as one); groups in keys are
	 * the key's own ($1 in the value). */
	rl_result *r = run(*state,
	    "extends: substitution\nmessage: \"'%s', not '%s'\"\n"
	    "ignorecase: true\n"
	    "swap:\n"
	    "  '[Gg]it[Hh]ub': GitHub\n"
	    "  'java[- ]?script': '[Jj]ava[Ss]cript'\n"
	    "  '(\\w+)ise': $1ize\n",
	    "GitHub, Github, JavaScript, java script, organise.\n");

	assert_int_equal(th_count(r, "T.R"), 3);
	assert_string_equal(one(r, 0)->message, "'GitHub', not 'Github'");
	assert_string_equal(one(r, 1)->match, "java script");
	assert_string_equal(one(r, 2)->message, "'organize', not 'organise'");
	rl_result_free(r);
}

/* ------------------------------------------------------------------------
 * occurrence, repetition, consistency, conditional
 * ------------------------------------------------------------------------ */

static void
test_occurrence(void **state)
{
	rl_result *r = run(*state,
	    "extends: occurrence\nmessage: Too long.\nscope: sentence\n"
	    "max: 5\ntoken: '\\b(\\w+)\\b'\n",
	    "One two three four five. One two three four five six seven.\n");

	assert_int_equal(th_count(r, "T.R"), 1);
	assert_int_equal(one(r, 0)->offset, 25);
	assert_string_equal(one(r, 0)->match, "One");
	assert_string_equal(one(r, 0)->message, "Too long.");
	rl_result_free(r);

	/* min: fewer than min per unit; none at all is at the unit start */
	r = run(*state,
	    "extends: occurrence\nmessage: Say why.\nscope: paragraph\n"
	    "min: 1\ntoken: because\n",
	    "We do it because.\n\nWe just do it.\n");
	assert_int_equal(th_count(r, "T.R"), 1);
	assert_int_equal(one(r, 0)->offset, 19);
	assert_int_equal(one(r, 0)->length, 0);
	rl_result_free(r);
}

static void
test_repetition(void **state)
{
	rl_result *r = run(*state,
	    "extends: repetition\nmessage: \"'%s' is repeated!\"\n"
	    "alpha: true\n"
	    "action:\n  name: edit\n  params: [truncate, ' ']\n"
	    "tokens: ['[^\\s]+']\n",
	    "This is is fine. Then then. Not 42 42 though. End. End.\n");

	assert_int_equal(th_count(r, "T.R"), 1);
	assert_string_equal(one(r, 0)->match, "is is");
	assert_string_equal(one(r, 0)->message, "'is' is repeated!");
	assert_string_equal(one(r, 0)->suggestions[0], "is");
	rl_result_free(r);

	r = run(*state,
	    "extends: repetition\nmessage: \"'%s' again\"\nignorecase: true\n"
	    "tokens: ['\\w+']\n",
	    "The the end.\n");
	assert_int_equal(th_count(r, "T.R"), 1);
	assert_string_equal(one(r, 0)->match, "The the");
	rl_result_free(r);
}

static void
test_consistency(void **state)
{
	rl_result *r = run(*state,
	    "extends: consistency\nmessage: \"Inconsistent '%s'.\"\n"
	    "ignorecase: true\n"
	    "either:\n  colour: color\n  organise: organize\n",
	    "The colour is red.\n\nWe organise it.\n\n"
	    "The color is blue.\n\nA colour again.\n");

	assert_int_equal(th_count(r, "T.R"), 2);
	assert_string_equal(one(r, 0)->message, "Inconsistent 'color'.");
	assert_int_equal(one(r, 0)->line, 5);
	assert_string_equal(one(r, 1)->match, "colour");
	assert_int_equal(one(r, 1)->line, 7);
	rl_result_free(r);
}

static void
test_conditional(void **state)
{
	/* second with a group: acronyms must be defined first (or in the
	 * same block) */
	rl_result *r = run(*state,
	    "extends: conditional\nmessage: \"'%s' has no definition.\"\n"
	    "first: '\\b([A-Z]{3,5})\\b'\n"
	    "second: '(?:\\b[A-Z][a-z]+ )+\\(([A-Z]{3,5})\\)'\n"
	    "exceptions: [API]\n",
	    "The World Health Organization (WHO) and the WHO.\n\n"
	    "The API and NASA.\n");

	assert_int_equal(th_count(r, "T.R"), 1);
	assert_string_equal(one(r, 0)->message, "'NASA' has no definition.");
	rl_result_free(r);

	/* second without a group: a unit holding it is fine */
	r = run(*state,
	    "extends: conditional\nmessage: \"'%s' needs a date.\"\n"
	    "first: '\\bdeadline\\b'\nsecond: '\\d{4}-\\d{2}-\\d{2}'\n",
	    "The deadline is 2024-01-01.\n\nThe deadline moved.\n");
	assert_int_equal(th_count(r, "T.R"), 1);
	assert_int_equal(one(r, 0)->line, 3);
	rl_result_free(r);
}

/* ------------------------------------------------------------------------
 * capitalization
 * ------------------------------------------------------------------------ */

static void
test_capitalization_sentence(void **state)
{
	rl_result *r = run(*state,
	    "extends: capitalization\n"
	    "message: \"'%s' should use sentence-style capitalization.\"\n"
	    "scope: heading\nmatch: $sentence\n"
	    "indicators: [':']\nexceptions: [GitHub, API]\n"
	    "action:\n  name: replace\n",
	    "# Getting started with GitHub\n\n"
	    "## Getting Started With The API\n\n"
	    "## Step one: Install it\n\n"
	    "## overview of things\n");

	assert_int_equal(th_count(r, "T.R"), 2);
	assert_string_equal(one(r, 0)->match, "Getting Started With The API");
	assert_string_equal(
	    one(r, 0)->suggestions[0], "Getting started with the API");
	assert_string_equal(one(r, 1)->match, "overview of things");
	rl_result_free(r);
}

static void
test_capitalization_other(void **state)
{
	rl_result *r = run(*state,
	    "extends: capitalization\nmessage: \"'%s' -> '%s'\"\n"
	    "scope: heading\nmatch: $title\n",
	    "# The Art of War\n\n## the art of war\n");

	assert_int_equal(th_count(r, "T.R"), 1);
	assert_string_equal(
	    one(r, 0)->message, "'the art of war' -> 'The Art of War'");
	rl_result_free(r);
	r = run(*state,
	    "extends: capitalization\nmessage: \"'%s'\"\n"
	    "scope: heading\nmatch: $lower\n",
	    "# all lower\n\n## Not Lower\n");
	assert_int_equal(th_count(r, "T.R"), 1);
	assert_int_equal(one(r, 0)->line, 3);
	rl_result_free(r);
	r = run(*state,
	    "extends: capitalization\nmessage: \"'%s'\"\n"
	    "scope: heading\nmatch: '^[A-Z]'\n",
	    "# Starts well\n\n## starts badly\n");
	assert_int_equal(th_count(r, "T.R"), 1);
	assert_string_equal(one(r, 0)->match, "starts badly");
	rl_result_free(r);
}

/* ------------------------------------------------------------------------
 * common fields: scope, limit, level, section
 * ------------------------------------------------------------------------ */

static void
test_scopes_and_limit(void **state)
{
	const char *doc = "# Foo title\n\nFoo in text.\n\n- foo in a list\n\n"
	                  "> foo quoted\n\n| foo | bar |\n|-----|-----|\n"
	                  "| foo | x |\n\n```\nfoo in code\n```\n";
	rl_result  *r;

	r = run(*state,
	    "extends: existence\nmessage: x\nignorecase: true\n"
	    "tokens: [foo]\n",
	    doc);
	assert_int_equal(th_count(r, "T.R"), 6); /* not in code */
	rl_result_free(r);
	r = run(*state,
	    "extends: existence\nmessage: x\nignorecase: true\n"
	    "scope: [text, ~heading, ~blockquote]\ntokens: [foo]\n",
	    doc);
	assert_int_equal(th_count(r, "T.R"), 4);
	rl_result_free(r);
	r = run(*state,
	    "extends: existence\nmessage: x\nignorecase: true\n"
	    "scope: list\ntokens: [foo]\n",
	    doc);
	assert_int_equal(th_count(r, "T.R"), 1);
	assert_int_equal(th_nth(r, "T.R", 0)->line, 5);
	rl_result_free(r);
	r = run(*state,
	    "extends: existence\nmessage: x\nignorecase: true\n"
	    "scope: table.header\ntokens: [foo]\n",
	    doc);
	assert_int_equal(th_count(r, "T.R"), 1);
	assert_int_equal(th_nth(r, "T.R", 0)->line, 9);
	rl_result_free(r);
	r = run(*state,
	    "extends: existence\nmessage: x\nignorecase: true\n"
	    "scope: raw\ntokens: [foo]\n",
	    doc);
	assert_int_equal(th_count(r, "T.R"), 7); /* code too */
	rl_result_free(r);
	r = run(*state,
	    "extends: existence\nmessage: x\nignorecase: true\nlimit: 2\n"
	    "tokens: [foo]\n",
	    doc);
	assert_int_equal(th_count(r, "T.R"), 2);
	rl_result_free(r);
}

static void
test_section_selector(void **state)
{
	rl_result *r = run(*state,
	    "extends: existence\nmessage: x\nsection: '^FAQ$'\n"
	    "tokens: [maybe]\n",
	    "# Press\n\nmaybe here.\n\n## FAQ\n\nmaybe there.\n\n"
	    "### Deeper\n\nmaybe deeper.\n\n## Other\n\nmaybe not.\n");

	assert_int_equal(th_count(r, "T.R"), 2);
	assert_int_equal(one(r, 0)->line, 7);
	assert_int_equal(one(r, 1)->line, 11);
	rl_result_free(r);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_existence_tokens),
		cmocka_unit_test(test_existence_case_and_words),
		cmocka_unit_test(test_existence_raw_append),
		cmocka_unit_test(test_existence_exceptions),
		cmocka_unit_test(test_existence_actions),
		cmocka_unit_test(test_substitution),
		cmocka_unit_test(test_substitution_replace_action),
		cmocka_unit_test(test_substitution_same_is_fine),
		cmocka_unit_test(test_occurrence),
		cmocka_unit_test(test_repetition),
		cmocka_unit_test(test_consistency),
		cmocka_unit_test(test_conditional),
		cmocka_unit_test(test_capitalization_sentence),
		cmocka_unit_test(test_capitalization_other),
		cmocka_unit_test(test_scopes_and_limit),
		cmocka_unit_test(test_section_selector),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}

/*
 * test_readability.c - the readability plugin loaded through the public
 * ABI (pack.yaml `plugins: [readability]`): Vale's readability kind and the
 * metric kind on documents whose figures were worked out by hand, and
 * their field errors at file:line.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "redline/redline.h"

#define PACK "tests/plugin/data/packs/readable"

typedef struct fixture {
	rl_engine  *e;
	rl_packset *ps;
	rl_scanner *sc;
} fixture;

static int
setup(void **state)
{
	fixture    *f       = calloc(1, sizeof *f);
	const char *specs[] = { PACK };
	rl_diag     diag;

	assert_non_null(f);
	memset(&diag, 0, sizeof diag);
	assert_int_equal(rl_engine_new(&f->e), RL_OK);
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

static rl_result *
review(fixture *f, const char *doc)
{
	rl_result *res = NULL;
	rl_diag    diag;

	memset(&diag, 0, sizeof diag);
	assert_int_equal(rl_review(f->sc, f->ps, "doc.md", doc, strlen(doc),
	                     NULL, &res, &diag),
	    RL_OK);
	assert_int_equal(res->n_rule_errors, 0);
	return res;
}

static void
hard_text_breaks_every_limit(void **state)
{
	fixture   *f   = *state;
	rl_result *res = review(f,
	    "# Plan\n\n"
	    "Organizational communication necessitates comprehensive "
	    "documentation.\n");
	/* 5 words, 1 sentence, 24 syllables, 65 letters, 5 complex and
	 * polysyllabic words: FK 43.00, Fog 42.00, SMOG 15.90, CL 54.72,
	 * ARI 42.30 (mean 39.58), reading ease -204.32. */
	static const char *const want[][2] = {
		{ "readable.AllGrades", "Mean grade (39.58) above 10." },
		{ "readable.Ease", "Reading ease (-204.32) below 60." },
		{ "readable.Grade", "Grade level (43.00) too high." },
		{ "readable.SentenceLength", "Sentences average 5.00 words." },
		{ "readable.ValeFK",
		    "Try to keep the Flesch-Kincaid grade level "
		    "(43.00) below 8." },
	};

	assert_int_equal(res->n_findings, 5);
	for (size_t i = 0; i < 5; i++) {
		const rl_finding *x = &res->findings[i];
		assert_string_equal(x->rule, want[i][0]);
		assert_string_equal(x->message, want[i][1]);
		/* Whole-document findings sit at the start of the text
		 * (Vale: line 1), "Plan" here. */
		assert_int_equal(x->line, 1);
		assert_int_equal(x->column, 3);
		assert_int_equal(x->offset, 2);
		assert_int_equal(x->length, 0);
		assert_string_equal(x->section, "Plan");
	}
	assert_int_equal(res->findings[2].level, RL_LEVEL_WARNING);
	rl_result_free(res);
}

static void
easy_text_counts_structure(void **state)
{
	fixture   *f   = *state;
	rl_result *res = review(f,
	    "# One\n\n"
	    "The cat sat on the mat. The dog ran after the cat.\n\n"
	    "## Two\n\n- item one\n- item two\n\n## Three\n");

	/* The summary is the paragraph and the two items: 16 words, 4
	 * sentences, 19 syllables: FK -0.02, ease 102.31, 4 words a
	 * sentence.  Only the structure rules fire. */
	assert_int_equal(res->n_findings, 2);
	assert_string_equal(res->findings[0].rule, "readable.Counts");
	assert_string_equal(
	    res->findings[0].message, "1 list, 2 items, 1 paragraph: 121.00.");
	assert_string_equal(res->findings[1].rule, "readable.Structure");
	assert_string_equal(
	    res->findings[1].message, "3.00 headings for one list.");
	rl_result_free(res);
}

static void
no_words_no_findings(void **state)
{
	fixture   *f   = *state;
	rl_result *res = review(f, "# Only a heading\n\n```\ncode here\n```\n");

	assert_int_equal(res->n_findings, 0);
	rl_result_free(res);
	res = review(f, "");
	assert_int_equal(res->n_findings, 0);
	rl_result_free(res);
}

/* ------------------------------------------------------------------------
 * Field errors, in packs written to a temporary folder
 * ------------------------------------------------------------------------ */

static void
write_file(const char *dir, const char *name, const char *text)
{
	char  path[512];
	FILE *fp;

	assert_true(
	    snprintf(path, sizeof path, "%s/%s", dir, name) < (int)sizeof path);
	fp = fopen(path, "w");
	assert_non_null(fp);
	assert_int_equal(fputs(text, fp) >= 0, 1);
	assert_int_equal(fclose(fp), 0);
}

/* load_rule loads a pack holding one rule Rule.yml; returns the error and
 * fills diag. */
static rl_err
load_rule(const char *rule, rl_diag *diag)
{
	char        dir[] = "/tmp/rl-readability-XXXXXX";
	char        pack[600], path[700];
	const char *specs[1];
	rl_engine  *e  = NULL;
	rl_packset *ps = NULL;
	rl_err      err;

	assert_non_null(mkdtemp(dir));
	snprintf(pack, sizeof pack, "%s/bad", dir);
	assert_int_equal(mkdir(pack, 0700), 0);
	write_file(pack, "pack.yaml",
	    "name: bad\nversion: 1.0.0\nplugins: [readability]\n");
	write_file(pack, "Rule.yml", rule);
	specs[0] = pack;
	memset(diag, 0, sizeof *diag);
	assert_int_equal(rl_engine_new(&e), RL_OK);
	err = rl_packset_load(e, specs, 1, &ps, diag);
	if (ps != NULL)
		rl_packset_unref(ps);
	rl_engine_free(e);
	snprintf(path, sizeof path, "%s/Rule.yml", pack);
	unlink(path);
	snprintf(path, sizeof path, "%s/pack.yaml", pack);
	unlink(path);
	rmdir(pack);
	rmdir(dir);
	return err;
}

static void
field_errors_name_file_and_line(void **state)
{
	static const struct {
		const char *rule;
		uint32_t    line;
		const char *why;
	} bad[] = {
		{ "extends: readability\nmessage: x\ngrade: 8\nmetrics:\n"
		  "  - Flesch-Kincaid\n  - Flesch\n",
		    6, "unknown readability metric 'Flesch'" },
		{ "extends: readability\nmessage: x\nmetrics: [SMOG]\n", 1,
		    "needs 'grade'" },
		{ "extends: readability\nmessage: x\ngrade: 8\n", 1,
		    "needs 'metrics'" },
		{ "extends: readability\nmessage: x\ngrade: high\nmetrics: "
		  "SMOG\n",
		    3, "grade" },
		{ "extends: readability\nmessage: x\nmetrics: [Flesch Reading "
		  "Ease]\n",
		    3, "'ease'" },
		{ "extends: readability\nmessage: x\ngrade: 8\nmetrics: [SMOG, "
		  "smog]\n",
		    4, "listed twice" },
		{ "extends: metric\nmessage: x\nformula: words / sentense\n"
		  "condition: \"> 1\"\n",
		    3, "unknown variable 'sentense'" },
		{ "extends: metric\nmessage: x\nformula: words\ncondition: "
		  "\"8\"\n",
		    4, "'condition' must start with" },
		{ "extends: metric\nmessage: x\nformula: words\ncondition: \"> "
		  "\"\n",
		    4, "bad condition" },
		{ "extends: metric\nmessage: x\nformula: words\n", 1,
		    "needs 'condition'" },
		{ "extends: metric\nmessage: x\nformula: words\ncondition: \"> "
		  "1\"\n"
		  "grade: 3\n",
		    5, "grade" },
	};
	rl_diag diag;

	(void)state;
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		rl_err err = load_rule(bad[i].rule, &diag);
		if (err != RL_EPACK || diag.line != bad[i].line ||
		    strstr(diag.message, bad[i].why) == NULL ||
		    strstr(diag.file, "Rule.yml") == NULL)
			fail_msg("case %zu: %s %s:%u: %s", i, rl_strerror(err),
			    diag.file, diag.line, diag.message);
	}
	/* A good one loads. */
	assert_int_equal(
	    load_rule("extends: metric\nmessage: x\n"
	              "formula: math.sqrt(words)\ncondition: \">= 2\"\n",
	        &diag),
	    RL_OK);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(
		    hard_text_breaks_every_limit, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    easy_text_counts_structure, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    no_words_no_findings, setup, teardown),
		cmocka_unit_test(field_errors_name_file_and_line),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

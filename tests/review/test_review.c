/*
 * test_review.c - rl_review end to end with hand-built rules of a test
 * kind (registered with rl__engine_add_kind): sort order, positions and
 * sections, in-document switches, min_level, rule errors, limits and the
 * result's independence from the scanner.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "review/review.h"

/* What a test rule does: report every occurrence of word (in reverse
 * order if asked), then the explicit hits, then fail if asked. */
typedef struct spec {
	const char *word;
	bool        reverse;
	rl_hit      hits[4];
	size_t      n_hits;
	rl_err      fail;
	const char *reason;
} spec;

static rl_err
test_check(const rl_rule *rule, rl_scan *scan)
{
	const spec *sp = rule->state;
	const char *p, *hits[64];
	size_t      n = 0, i;
	rl_err      err;

	for (p = sp->word ? strstr(scan->doc->raw, sp->word) : NULL;
	     p && n < 64; p = strstr(p + 1, sp->word))
		hits[n++] = p;
	for (i = 0; i < n; i++) {
		const char *at = hits[sp->reverse ? n - 1 - i : i];
		rl_hit      h;

		memset(&h, 0, sizeof h);
		h.off     = (uint32_t)(at - scan->doc->raw);
		h.len     = (uint32_t)strlen(sp->word);
		h.level   = -1;
		h.args[0] = sp->word;
		if ((err = rl__scan_report(scan, rule, &h)))
			return err;
	}
	for (i = 0; i < sp->n_hits; i++)
		if ((err = rl__scan_report(scan, rule, &sp->hits[i])))
			return err;
	if (sp->fail && sp->reason)
		rl__scan_rule_error(scan, "%s", sp->reason);
	return sp->fail;
}

static const rl_kind test_kind = {
	.name  = "test",
	.check = test_check,
};

#define MAX_RULES 8

typedef struct fixture {
	rl_engine     *e;
	rl_scanner    *s;
	rl_rule        rules[MAX_RULES];
	spec           specs[MAX_RULES];
	const rl_rule *list[MAX_RULES];
	rl_pack_ref    ref;
	rl_packset     ps;
} fixture;

static int
setup(void **state)
{
	fixture *fx = test_calloc(1, sizeof *fx);

	assert_int_equal(rl_engine_new(&fx->e), RL_OK);
	assert_int_equal(rl__engine_add_kind(fx->e, &test_kind, NULL), RL_OK);
	assert_int_equal(rl_scanner_new(fx->e, &fx->s), RL_OK);
	fx->ref                  = (rl_pack_ref) { "t", "1.2.3", "abc123" };
	fx->ps.engine            = fx->e;
	fx->ps.rules             = fx->list;
	fx->ps.refs_out          = &fx->ref;
	fx->ps.n_refs_out        = 1;
	fx->ps.scoring.points[0] = 1;
	fx->ps.scoring.points[1] = 5;
	fx->ps.scoring.points[2] = 20;
	fx->ps.scoring.cap       = 25;
	fx->ps.scoring.pass      = 80;
	fx->ps.scoring.fail      = 60;
	*state                   = fx;
	return 0;
}

static int
teardown(void **state)
{
	fixture *fx = *state;

	rl_scanner_free(fx->s);
	rl_engine_free(fx->e);
	test_free(fx);
	return 0;
}

/* rule adds a rule of the test kind and returns its spec. */
static spec *
rule(fixture *fx, const char *id, rl_level level, const char *word)
{
	size_t   i = fx->ps.n_rules++;
	rl_rule *r = &fx->rules[i];

	assert_true(i < MAX_RULES);
	r->id             = id;
	r->kind           = &test_kind;
	r->state          = &fx->specs[i];
	r->level          = level;
	r->enabled        = true;
	r->message        = "Avoid '%s'.";
	r->category       = "clarity";
	r->points         = -1;
	r->cap            = -1;
	fx->specs[i].word = word;
	fx->list[i]       = r;
	return &fx->specs[i];
}

static rl_result *
review(fixture *fx, const char *path, const char *text, rl_level min)
{
	rl_review_opts o   = { NULL, min, 0, 0 };
	rl_result     *res = NULL;
	rl_diag        d;

	memset(&d, 0, sizeof d);
	assert_int_equal(
	    rl_review(fx->s, &fx->ps, path, text, strlen(text), &o, &res, &d),
	    RL_OK);
	assert_non_null(res);
	return res;
}

static uint32_t
off_of(const char *text, const char *word, int n)
{
	const char *p = strstr(text, word);

	while (p && n-- > 0)
		p = strstr(p + 1, word);
	assert_non_null(p);
	return (uint32_t)(p - text);
}

static void
check_finding(const rl_finding *f, const char *rule_id, uint32_t line,
    uint32_t col, uint32_t end_line, uint32_t end_col, const char *match,
    const char *section)
{
	assert_string_equal(f->rule, rule_id);
	assert_int_equal(f->line, line);
	assert_int_equal(f->column, col);
	assert_int_equal(f->end_line, end_line);
	assert_int_equal(f->end_column, end_col);
	assert_string_equal(f->match, match);
	assert_string_equal(f->section, section);
}

static const char doc1[] = "# Title\n"
                           "\n"
                           "Caf\xc3\xa9 bad x bad\n"
                           "\n"
                           "## Sub\n"
                           "\n"
                           "bad end\n";

static void
test_sort_positions_sections(void **state)
{
	fixture   *fx = *state;
	rl_result *res;

	rule(fx, "t.b", RL_LEVEL_WARNING, "bad");
	rule(fx, "t.a", RL_LEVEL_WARNING, "bad")->reverse = true;
	rule(fx, "t.cafe", RL_LEVEL_SUGGESTION, "Caf\xc3\xa9");
	res = review(fx, "doc.md", doc1, RL_LEVEL_SUGGESTION);
	assert_string_equal(res->format, "markdown");
	assert_int_equal(res->n_findings, 7);
	check_finding(
	    &res->findings[0], "t.cafe", 3, 1, 3, 4, "Caf\xc3\xa9", "Title");
	assert_int_equal(res->findings[0].offset, 9);
	assert_int_equal(res->findings[0].length, 5);
	assert_int_equal(res->findings[0].level, RL_LEVEL_SUGGESTION);
	check_finding(&res->findings[1], "t.a", 3, 6, 3, 8, "bad", "Title");
	check_finding(&res->findings[2], "t.b", 3, 6, 3, 8, "bad", "Title");
	check_finding(&res->findings[3], "t.a", 3, 12, 3, 14, "bad", "Title");
	check_finding(&res->findings[4], "t.b", 3, 12, 3, 14, "bad", "Title");
	check_finding(&res->findings[5], "t.a", 7, 1, 7, 3, "bad", "Sub");
	check_finding(&res->findings[6], "t.b", 7, 1, 7, 3, "bad", "Sub");
	assert_int_equal(res->findings[6].offset, off_of(doc1, "bad end", 0));
	assert_string_equal(res->findings[6].message, "Avoid 'bad'.");
	assert_string_equal(res->findings[6].category, "clarity");
	assert_int_equal(res->findings[6].n_suggestions, 0);
	rl_result_free(res);
}

static void
test_end_positions_and_stability(void **state)
{
	fixture           *fx = *state;
	rl_result         *res;
	spec              *sp;
	static const char *sugg[] = { "fine", "good" };
	uint32_t           x      = off_of(doc1, "x", 0);
	uint32_t           sub    = off_of(doc1, "Sub", 0);

	sp         = rule(fx, "t.span", RL_LEVEL_WARNING, NULL);
	sp->n_hits = 4;
	/* Across lines, ending on the 'b' of "Sub". */
	sp->hits[0] = (rl_hit) {
		.off = x, .len = sub + 3 - x, .level = -1, .message = "r0"
	};
	/* Zero length: end = start. */
	sp->hits[1] = (rl_hit) { .off = x,
		.len                  = 0,
		.level                = RL_LEVEL_ERROR,
		.message              = "r1",
		.suggestions          = sugg,
		.n_suggestions        = 2 };
	/* Just the two-byte character. */
	sp->hits[2] = (rl_hit) { .off = 12, .len = 2, .level = -1 };
	/* Same offset and rule as hits[0]: report order is kept. */
	sp->hits[3] =
	    (rl_hit) { .off = x, .len = 1, .level = -1, .message = "r3" };
	res = review(fx, "doc.md", doc1, RL_LEVEL_SUGGESTION);
	assert_int_equal(res->n_findings, 4);
	check_finding(
	    &res->findings[0], "t.span", 3, 4, 3, 4, "\xc3\xa9", "Title");
	assert_string_equal(res->findings[0].message, "Avoid ''.");
	check_finding(&res->findings[1], "t.span", 3, 10, 5, 6,
	    "x bad\n\n## Sub", "Title");
	assert_string_equal(res->findings[1].message, "r0");
	check_finding(&res->findings[2], "t.span", 3, 10, 3, 10, "", "Title");
	assert_string_equal(res->findings[2].message, "r1");
	assert_int_equal(res->findings[2].level, RL_LEVEL_ERROR);
	assert_int_equal(res->findings[2].n_suggestions, 2);
	assert_string_equal(res->findings[2].suggestions[1], "good");
	check_finding(&res->findings[3], "t.span", 3, 10, 3, 10, "x", "Title");
	assert_string_equal(res->findings[3].message, "r3");
	assert_int_equal(res->verdict, RL_VERDICT_FAIL);
	rl_result_free(res);
}

static void
test_switches_in_review(void **state)
{
	fixture          *fx = *state;
	rl_result        *res;
	static const char text[] =
	    "bad one\n\n<!-- redline off -->\n\nbad two\n"
	    "\n<!-- redline on -->\n\nbad three\n\n"
	    "<!-- vale t.a = NO -->\n\nbad four\n\n"
	    "<!-- vale t.a = YES -->\n\nbad five\n";

	rule(fx, "t.a", RL_LEVEL_WARNING, "bad");
	rule(fx, "t.b", RL_LEVEL_WARNING, "bad");
	res = review(fx, "s.md", text, RL_LEVEL_SUGGESTION);
	assert_int_equal(res->n_findings, 7);
	assert_string_equal(res->findings[0].rule, "t.a");
	assert_int_equal(res->findings[0].line, 1);
	assert_string_equal(res->findings[1].rule, "t.b");
	assert_int_equal(res->findings[1].line, 1);
	assert_string_equal(res->findings[2].rule, "t.a");
	assert_int_equal(res->findings[2].line, 9);
	assert_string_equal(res->findings[3].rule, "t.b");
	assert_int_equal(res->findings[3].line, 9);
	assert_string_equal(res->findings[4].rule, "t.b"); /* bad four */
	assert_int_equal(res->findings[4].line, 13);
	assert_string_equal(res->findings[5].rule, "t.a");
	assert_int_equal(res->findings[5].line, 17);
	assert_string_equal(res->findings[6].rule, "t.b");
	assert_int_equal(res->findings[6].line, 17);
	rl_result_free(res);
}

static void
test_min_level_keeps_score(void **state)
{
	fixture   *fx = *state;
	rl_result *all, *some;

	rule(fx, "t.s", RL_LEVEL_SUGGESTION, "bad");
	rule(fx, "t.w", RL_LEVEL_WARNING, "x");
	all  = review(fx, "doc.md", doc1, RL_LEVEL_SUGGESTION);
	some = review(fx, "doc.md", doc1, RL_LEVEL_WARNING);
	assert_int_equal(all->n_findings, 4);
	assert_int_equal(some->n_findings, 1);
	assert_string_equal(some->findings[0].rule, "t.w");
	assert_int_equal(some->findings[0].line, 3);
	assert_int_equal(some->findings[0].column, 10);
	/* 3 suggestions (3) + 1 warning (5): clarity 92, in both. */
	assert_int_equal(all->score, 92);
	assert_int_equal(some->score, 92);
	assert_int_equal(some->n_categories, 1);
	assert_int_equal(some->categories[0].n_deductions, 2);
	assert_string_equal(some->categories[0].deductions[0].rule, "t.s");
	assert_int_equal(some->categories[0].deductions[0].count, 3);
	rl_result_free(all);
	rl_result_free(some);
}

static void
test_rule_errors(void **state)
{
	fixture   *fx = *state;
	rl_result *res;
	spec      *sp;
	char       want[128];

	sp         = rule(fx, "t.fail", RL_LEVEL_ERROR, "bad");
	sp->fail   = RL_ERULE;
	sp->reason = "boom at fail.lua:3";
	rule(fx, "t.ok", RL_LEVEL_WARNING, "x");
	rule(fx, "t.fail2", RL_LEVEL_WARNING, NULL)->fail = RL_EBUDGET;
	sp          = rule(fx, "t.oob", RL_LEVEL_WARNING, NULL);
	sp->n_hits  = 1;
	sp->hits[0] = (rl_hit) { .off = 3, .len = 1000, .level = -1 };
	sp          = rule(fx, "t.lvl", RL_LEVEL_WARNING, NULL);
	sp->n_hits  = 1;
	sp->hits[0] = (rl_hit) { .off = 3, .len = 1, .level = 7 };
	res         = review(fx, "doc.md", doc1, RL_LEVEL_SUGGESTION);
	/* The failed rules' hits are gone; the others' stay. */
	assert_int_equal(res->n_findings, 1);
	assert_string_equal(res->findings[0].rule, "t.ok");
	assert_int_equal(res->n_rule_errors, 4);
	assert_string_equal(res->rule_errors[0].rule, "t.fail");
	assert_string_equal(res->rule_errors[0].message, "boom at fail.lua:3");
	assert_string_equal(res->rule_errors[1].rule, "t.fail2");
	assert_string_equal(
	    res->rule_errors[1].message, rl_strerror(RL_EBUDGET));
	assert_string_equal(res->rule_errors[2].rule, "t.oob");
	snprintf(want, sizeof want,
	    "reported a hit at bytes 3+1000 outside the document (%zu bytes)",
	    strlen(doc1));
	assert_string_equal(res->rule_errors[2].message, want);
	assert_string_equal(res->rule_errors[3].rule, "t.lvl");
	assert_string_equal(res->rule_errors[3].message, "reported level 7");
	/* The error-level rule failed, so nothing is at error level. */
	assert_int_equal(res->verdict, RL_VERDICT_PASS);
	rl_result_free(res);
}

static void
test_disabled_rule_and_header(void **state)
{
	fixture    *fx = *state;
	rl_result  *res;
	rl_scanner *s2;

	rule(fx, "t.off", RL_LEVEL_ERROR, "bad");
	fx->rules[0].enabled = false;
	assert_int_equal(
	    rl_review(fx->s, &fx->ps, NULL, NULL, 0, NULL, &res, NULL), RL_OK);
	assert_string_equal(res->path, "-");
	assert_string_equal(res->format, "text");
	assert_string_equal(res->sha256,
	    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
	assert_int_equal(res->n_findings, 0);
	assert_int_equal(res->score, 100);
	assert_int_equal(res->n_packs, 1);
	assert_string_equal(res->packs[0].name, "t");
	assert_string_equal(res->packs[0].version, "1.2.3");
	assert_string_equal(res->packs[0].digest, "abc123");
	assert_true(res->packs[0].name != fx->ref.name);
	rl_result_free(res);

	/* The result outlives the scanner that made it. */
	fx->rules[0].enabled = true;
	assert_int_equal(rl_scanner_new(fx->e, &s2), RL_OK);
	assert_int_equal(rl_review(s2, &fx->ps, "a.txt", doc1, strlen(doc1),
	                     NULL, &res, NULL),
	    RL_OK);
	rl_scanner_free(s2);
	assert_string_equal(res->format, "text");
	assert_int_equal(res->n_findings, 3);
	assert_string_equal(res->findings[2].match, "bad");
	assert_string_equal(res->findings[2].message, "Avoid 'bad'.");
	assert_int_equal(res->verdict, RL_VERDICT_FAIL);
	rl_result_free(res);
}

static void
test_limits_and_bad_arguments(void **state)
{
	fixture       *fx  = *state;
	rl_result     *res = NULL;
	rl_review_opts o   = { NULL, RL_LEVEL_SUGGESTION, 10, 0 };
	rl_diag        d;

	memset(&d, 0, sizeof d);
	assert_int_equal(rl_review(fx->s, &fx->ps, "big.md", doc1, strlen(doc1),
	                     &o, &res, &d),
	    RL_ETOOBIG);
	assert_null(res);
	assert_string_equal(d.file, "big.md");
	assert_non_null(strstr(d.message, "limit of 10"));
	o.max_bytes = strlen(doc1);
	assert_int_equal(rl_review(fx->s, &fx->ps, "ok.md", doc1, strlen(doc1),
	                     &o, &res, &d),
	    RL_OK);
	rl_result_free(res);
	res      = NULL;
	o.format = "nope";
	assert_int_equal(
	    rl_review(fx->s, &fx->ps, "x.md", doc1, strlen(doc1), &o, &res, &d),
	    RL_EINVAL);
	assert_non_null(strstr(d.message, "'nope'"));
	assert_null(res);
	o.format = "text";
	assert_int_equal(
	    rl_review(fx->s, &fx->ps, "x.md", doc1, strlen(doc1), &o, &res, &d),
	    RL_OK);
	assert_string_equal(res->format, "text");
	rl_result_free(res);
	res = NULL;
	assert_int_equal(
	    rl_review(fx->s, &fx->ps, "x", NULL, 3, NULL, &res, &d), RL_EINVAL);
	assert_int_equal(
	    rl_review(fx->s, NULL, "x", "a", 1, NULL, &res, &d), RL_EINVAL);
	assert_null(res);
}

/* The front matter's top-level scalar fields come with the result. */
static void
test_front_matter(void **state)
{
	fixture   *fx     = *state;
	const char text[] = "---\nteam: payments\ndate: 2019-03-04\n"
	                    "tags: [a, b]\nowner: {name: ana}\n---\n"
	                    "# Title\n\nBody.\n";
	rl_result *res;

	res = review(fx, "fm.md", text, RL_LEVEL_SUGGESTION);
	assert_int_equal(res->n_meta, 2); /* lists and maps are left out */
	assert_string_equal(rl_result_meta(res, "team"), "payments");
	assert_string_equal(rl_result_meta(res, "date"), "2019-03-04");
	assert_null(rl_result_meta(res, "tags"));
	assert_null(rl_result_meta(res, "owner"));
	assert_null(rl_result_meta(res, "missing"));
	assert_null(rl_result_meta(NULL, "team"));
	rl_result_free(res);

	res = review(fx, "plain.md", "# Title\n\nNo front matter.\n",
	    RL_LEVEL_SUGGESTION);
	assert_int_equal(res->n_meta, 0);
	assert_null(rl_result_meta(res, "team"));
	rl_result_free(res);
}

static void
test_rule_timing(void **state)
{
	fixture   *fx    = *state;
	uint64_t   ns[3] = { 0, 0, 0 };
	rl_result *res;

	rule(fx, "t.a", RL_LEVEL_WARNING, "bad");
	rule(fx, "t.off", RL_LEVEL_WARNING, "bad");
	rule(fx, "t.b", RL_LEVEL_WARNING, "x");
	fx->rules[1].enabled = false;
	fx->s->rule_ns       = ns;
	res                  = review(fx, "doc.md", doc1, RL_LEVEL_SUGGESTION);
	fx->s->rule_ns       = NULL;
	assert_int_equal(res->n_findings, 4);
	assert_true(ns[0] > 0);
	assert_int_equal(ns[1], 0);
	assert_true(ns[2] > 0);
	rl_result_free(res);
}

static void
test_allocation_failures(void **state)
{
	fixture          *fx  = *state;
	rl_result        *res = NULL;
	rl_err            err;
	long              n;
	static const char text[] = "# T\n\nbad <!-- redline off --> bad\n";

	rule(fx, "t.a", RL_LEVEL_WARNING, "bad");
	rule(fx, "t.f", RL_LEVEL_WARNING, "bad")->fail = RL_ERULE;
	for (n = 0; n < 10000; n++) {
		rl__alloc_fail_after(n);
		err = rl_review(fx->s, &fx->ps, "a.md", text, strlen(text),
		    NULL, &res, NULL);
		rl__alloc_fail_after(-1);
		if (err == RL_OK)
			break;
		assert_int_equal(err, RL_ENOMEM);
		assert_null(res);
	}
	assert_true(n > 0);
	assert_non_null(res);
	assert_int_equal(res->n_findings, 1);
	assert_int_equal(res->n_rule_errors, 1);
	rl_result_free(res);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(
		    test_sort_positions_sections, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_end_positions_and_stability, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_switches_in_review, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_min_level_keeps_score, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_rule_errors, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_disabled_rule_and_header, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_limits_and_bad_arguments, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_front_matter, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_rule_timing, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_allocation_failures, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

/*
 * test_score.c - scoring arithmetic on synthetic findings: points by
 * level, a rule's own points, caps, floors, weights, category order and
 * omission, rounding, thresholds and verdicts.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "review/review.h"

enum { R_CLARITY, R_STRUCT, R_NOCAT, R_HEAVY, R_OFF, N_RULES };

typedef struct fixture {
	rl_rule         rules[N_RULES];
	const rl_rule  *list[N_RULES];
	rl_category_cfg cats[3];
	rl_packset      ps;
	rl_raw_finding  f[64];
	size_t          n;
} fixture;

static void
make_rule(rl_rule *r, const char *id, const char *category, rl_level level)
{
	memset(r, 0, sizeof *r);
	r->id       = id;
	r->category = category;
	r->level    = level;
	r->enabled  = true;
	r->points   = -1;
	r->cap      = -1;
}

static int
setup(void **state)
{
	fixture *fx = test_calloc(1, sizeof *fx);
	size_t   i;

	make_rule(&fx->rules[R_CLARITY], "p.hype", "clarity", RL_LEVEL_WARNING);
	make_rule(&fx->rules[R_STRUCT], "p.date", "structure", RL_LEVEL_ERROR);
	make_rule(&fx->rules[R_NOCAT], "p.hedge", NULL, RL_LEVEL_SUGGESTION);
	make_rule(&fx->rules[R_HEAVY], "p.heavy", "evidence", RL_LEVEL_WARNING);
	make_rule(&fx->rules[R_OFF], "p.off", "ignored", RL_LEVEL_WARNING);
	fx->rules[R_OFF].enabled = false;
	for (i = 0; i < N_RULES; i++)
		fx->list[i] = &fx->rules[i];
	fx->cats[0]                 = (rl_category_cfg) { "clarity", 2.0 };
	fx->cats[1]                 = (rl_category_cfg) { "structure", 1.0 };
	fx->cats[2]                 = (rl_category_cfg) { "unused", 1.0 };
	fx->ps.rules                = fx->list;
	fx->ps.n_rules              = N_RULES;
	fx->ps.scoring.points[0]    = 1;
	fx->ps.scoring.points[1]    = 5;
	fx->ps.scoring.points[2]    = 20;
	fx->ps.scoring.cap          = 25;
	fx->ps.scoring.pass         = 80;
	fx->ps.scoring.fail         = 60;
	fx->ps.scoring.categories   = fx->cats;
	fx->ps.scoring.n_categories = 3;
	fx->ps.scoring.default_category = "style";
	*state                          = fx;
	return 0;
}

static int
teardown(void **state)
{
	test_free(*state);
	return 0;
}

static void
add(fixture *fx, int rule, rl_level level, size_t times)
{
	while (times--) {
		rl_raw_finding *f = &fx->f[fx->n];

		assert_true(fx->n < 64);
		memset(f, 0, sizeof *f);
		f->rule  = &fx->rules[rule];
		f->level = level;
		f->off   = (uint32_t)fx->n;
		f->seq   = (uint32_t)fx->n;
		fx->n++;
	}
}

static const rl_category *
cat(const rl_result *r, const char *name)
{
	size_t i;

	for (i = 0; i < r->n_categories; i++)
		if (strcmp(r->categories[i].name, name) == 0)
			return &r->categories[i];
	return NULL;
}

static rl_result *
score(fixture *fx)
{
	rl_result *res;

	assert_int_equal(rl__result_new(&res), RL_OK);
	assert_int_equal(rl__score(&fx->ps, fx->f, fx->n, res), RL_OK);
	return res;
}

static void
test_no_findings(void **state)
{
	fixture   *fx  = *state;
	rl_result *res = score(fx);
	size_t     i;

	assert_int_equal(res->score, 100);
	assert_int_equal(res->verdict, RL_VERDICT_PASS);
	/* Declared first (in order), then used by enabled rules in rule
	 * order; the disabled rule's category is left out. */
	assert_int_equal(res->n_categories, 5);
	assert_string_equal(res->categories[0].name, "clarity");
	assert_string_equal(res->categories[1].name, "structure");
	assert_string_equal(res->categories[2].name, "unused");
	assert_string_equal(res->categories[3].name, "style");
	assert_string_equal(res->categories[4].name, "evidence");
	assert_null(cat(res, "ignored"));
	for (i = 0; i < res->n_categories; i++) {
		assert_int_equal(res->categories[i].score, 100);
		assert_int_equal(res->categories[i].n_deductions, 0);
	}
	rl_result_free(res);
}

static void
test_cap_weights_rounding(void **state)
{
	fixture   *fx = *state;
	rl_result *res;

	add(fx, R_CLARITY, RL_LEVEL_WARNING, 6);  /* 30, capped at 25 */
	add(fx, R_NOCAT, RL_LEVEL_SUGGESTION, 2); /* 2 */
	res = score(fx);
	assert_int_equal(cat(res, "clarity")->score, 75);
	assert_int_equal(cat(res, "clarity")->n_deductions, 1);
	assert_string_equal(cat(res, "clarity")->deductions[0].rule, "p.hype");
	assert_int_equal(cat(res, "clarity")->deductions[0].count, 6);
	assert_int_equal(cat(res, "clarity")->deductions[0].points, 25);
	assert_int_equal(cat(res, "style")->score, 98);
	assert_int_equal(cat(res, "style")->deductions[0].count, 2);
	assert_int_equal(cat(res, "style")->deductions[0].points, 2);
	/* (2*75 + 100 + 100 + 98 + 100) / 6 = 548 / 6 = 91.33 -> 91 */
	assert_int_equal(res->score, 91);
	assert_int_equal(res->verdict, RL_VERDICT_PASS);
	rl_result_free(res);
}

static void
test_half_rounds_up(void **state)
{
	fixture   *fx = *state;
	rl_result *res;

	/* Two categories of weight 1 only: 100 and 99 -> 99.5 -> 100. */
	fx->ps.scoring.n_categories     = 0;
	fx->ps.n_rules                  = 1; /* p.hype: clarity */
	fx->ps.scoring.default_category = NULL;
	fx->rules[R_NOCAT].category     = NULL;
	add(fx, R_NOCAT, RL_LEVEL_SUGGESTION, 1);
	res = score(fx);
	assert_int_equal(res->n_categories, 2);
	assert_string_equal(res->categories[0].name, "clarity");
	assert_string_equal(res->categories[1].name, RL_DEFAULT_CATEGORY);
	assert_int_equal(res->categories[1].score, 99);
	assert_int_equal(res->score, 100);
	rl_result_free(res);
}

static void
test_rule_points_floor_and_weights(void **state)
{
	fixture   *fx = *state;
	rl_result *res;

	fx->rules[R_HEAVY].points = 40;        /* overrides the level's 5 */
	fx->rules[R_HEAVY].cap    = 500;       /* own cap above the default */
	add(fx, R_HEAVY, RL_LEVEL_WARNING, 3); /* 120 -> category 0 */
	res = score(fx);
	assert_int_equal(cat(res, "evidence")->score, 0);
	assert_int_equal(cat(res, "evidence")->deductions[0].points, 120);
	/* weights: clarity 2, structure 1, unused 1, style 1, evidence 1:
	 * (200 + 100 + 100 + 100 + 0) / 6 = 83.33 -> 83 */
	assert_int_equal(res->score, 83);
	assert_int_equal(res->verdict, RL_VERDICT_PASS);
	rl_result_free(res);

	/* A weight of 0 keeps the category listed but out of the mean. */
	fx->cats[2].weight = 0;
	fx->cats[0].weight = 1;
	res                = score(fx);
	assert_non_null(cat(res, "unused"));
	/* (100 + 100 + 100 + 0) / 4 = 75 -> warn */
	assert_int_equal(res->score, 75);
	assert_int_equal(res->verdict, RL_VERDICT_WARN);
	rl_result_free(res);
}

static void
test_thresholds(void **state)
{
	fixture   *fx = *state;
	rl_result *res;

	/* Only clarity (weight 1) counts: score = 100 - points. */
	fx->ps.scoring.n_categories = 0;
	fx->ps.n_rules              = 1;
	fx->rules[R_CLARITY].cap    = 100;
	add(fx, R_CLARITY, RL_LEVEL_WARNING, 4); /* 80: pass (>= 80) */
	res = score(fx);
	assert_int_equal(res->score, 80);
	assert_int_equal(res->verdict, RL_VERDICT_PASS);
	rl_result_free(res);
	add(fx, R_CLARITY, RL_LEVEL_SUGGESTION, 1); /* 79: warn */
	res = score(fx);
	assert_int_equal(res->score, 79);
	assert_int_equal(res->verdict, RL_VERDICT_WARN);
	rl_result_free(res);
	add(fx, R_CLARITY, RL_LEVEL_SUGGESTION, 19); /* 60: warn */
	res = score(fx);
	assert_int_equal(res->score, 60);
	assert_int_equal(res->verdict, RL_VERDICT_WARN);
	rl_result_free(res);
	add(fx, R_CLARITY, RL_LEVEL_SUGGESTION, 1); /* 59: fail */
	res = score(fx);
	assert_int_equal(res->score, 59);
	assert_int_equal(res->verdict, RL_VERDICT_FAIL);
	assert_int_equal(res->categories[0].deductions[0].count, 25);
	rl_result_free(res);
}

static void
test_error_fails_whatever_the_score(void **state)
{
	fixture   *fx = *state;
	rl_result *res;

	fx->rules[R_STRUCT].points = 0;
	add(fx, R_STRUCT, RL_LEVEL_ERROR, 1);
	res = score(fx);
	assert_int_equal(res->score, 100);
	assert_int_equal(res->verdict, RL_VERDICT_FAIL);
	assert_int_equal(cat(res, "structure")->deductions[0].points, 0);
	rl_result_free(res);
}

static void
test_deductions_sorted_and_levels_mixed(void **state)
{
	fixture           *fx = *state;
	rl_result         *res;
	const rl_category *c;

	/* Two rules in one category, reported interleaved. */
	fx->rules[R_HEAVY].category = "clarity";
	add(fx, R_HEAVY, RL_LEVEL_SUGGESTION, 1); /* 1 */
	add(fx, R_CLARITY, RL_LEVEL_ERROR, 1);    /* 20 */
	add(fx, R_HEAVY, RL_LEVEL_ERROR, 1);      /* 20 */
	add(fx, R_CLARITY, RL_LEVEL_WARNING, 1);  /* 5 */
	res = score(fx);
	c   = cat(res, "clarity");
	assert_int_equal(c->n_deductions, 2);
	assert_string_equal(c->deductions[0].rule, "p.heavy");
	assert_int_equal(c->deductions[0].count, 2);
	assert_int_equal(c->deductions[0].points, 21);
	assert_string_equal(c->deductions[1].rule, "p.hype");
	assert_int_equal(c->deductions[1].points, 25);
	assert_int_equal(c->score, 54);
	assert_null(cat(res, "evidence"));
	assert_int_equal(res->verdict, RL_VERDICT_FAIL);
	rl_result_free(res);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(
		    test_no_findings, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_cap_weights_rounding, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_half_rounds_up, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_rule_points_floor_and_weights, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_thresholds, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_error_fails_whatever_the_score, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_deductions_sorted_and_levels_mixed, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

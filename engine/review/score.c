/*
 * score.c - points, categories, the overall score and the verdict.
 *
 * Every rule belongs to a category.  Each finding costs points by its
 * level (the packset's scoring.points, or the rule's own `points`); a
 * rule's points in one document are capped (its `cap`, else scoring.cap)
 * so one repeated word cannot sink a document.  A category scores 100
 * minus its rules' points, floored at 0; the document's score is the mean
 * of the category scores weighted by the declared weights (default 1),
 * rounded to the nearest integer.  Categories appear in declaration order,
 * then in the order rules first use them; a category nobody declared and
 * no rule uses does not appear.  The result lists each category's
 * deductions (rule, count, points) so anyone can recompute the score.
 *
 * Verdict: fail if any finding is at error level or the score is below
 * scoring.fail; warn if below scoring.pass; else pass.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "review/review.h"

/* A category while scoring. */
typedef struct cat_acc {
	const char *name; /* borrowed from the packset */
	double      weight;
	uint64_t    points;
	size_t      n_ded;
} cat_acc;

/* One rule's findings while scoring. */
typedef struct rule_acc {
	const rl_rule *rule;
	size_t         cat;
	uint64_t       count;
	uint64_t       points; /* after the cap */
} rule_acc;

typedef struct score_ctx {
	cat_acc *cats;
	size_t   n_cats, cap_cats;
} score_ctx;

const char *
rl__rule_category(const rl_packset *ps, const rl_rule *r)
{
	if (r && r->category && *r->category)
		return r->category;
	if (ps && ps->scoring.default_category && *ps->scoring.default_category)
		return ps->scoring.default_category;
	return RL_DEFAULT_CATEGORY;
}

/* cat_index finds name among the categories, adding it (weight 1) when
 * add is set.  Returns n_cats when absent and not added; SIZE_MAX when
 * out of memory. */
static size_t
cat_index(score_ctx *c, const char *name, double weight, bool add)
{
	size_t i;

	for (i = 0; i < c->n_cats; i++)
		if (strcmp(c->cats[i].name, name) == 0)
			return i;
	if (!add)
		return c->n_cats;
	if (rl__vec_reserve((void **)&c->cats, &c->cap_cats, c->n_cats + 1,
	        sizeof *c->cats))
		return SIZE_MAX;
	memset(&c->cats[c->n_cats], 0, sizeof *c->cats);
	c->cats[c->n_cats].name   = name;
	c->cats[c->n_cats].weight = weight;
	return c->n_cats++;
}

static int
by_cat_then_id(const void *a, const void *b)
{
	const rule_acc *x = a, *y = b;

	if (x->cat != y->cat)
		return x->cat < y->cat ? -1 : 1;
	return strcmp(
	    x->rule->id ? x->rule->id : "", y->rule->id ? y->rule->id : "");
}

/* finding_points is what one finding costs before the rule's cap. */
static uint64_t
finding_points(const rl_scoring *sc, const rl_raw_finding *f)
{
	int p;

	if (f->rule->points >= 0)
		p = f->rule->points;
	else if (f->level >= RL_LEVEL_SUGGESTION && f->level <= RL_LEVEL_ERROR)
		p = sc->points[f->level];
	else
		p = 0;
	return p > 0 ? (uint64_t)p : 0;
}

/* rule_slot finds r's accumulator in the open-addressing table (size a
 * power of two, more than twice the rules it holds), adding it; slot[]
 * holds index + 1 into accs, 0 when free. */
static rule_acc *
rule_slot(
    uint32_t *slot, size_t mask, rule_acc *accs, size_t *k, const rl_rule *r)
{
	size_t h = (size_t)(((uintptr_t)r >> 4) * 0x9E3779B97F4A7C15u) & mask;

	for (; slot[h]; h = (h + 1) & mask)
		if (accs[slot[h] - 1].rule == r)
			return &accs[slot[h] - 1];
	memset(&accs[*k], 0, sizeof accs[*k]);
	accs[*k].rule = r;
	slot[h]       = (uint32_t)++ * k;
	return &accs[*k - 1];
}

static int
by_rule_ptr(const void *a, const void *b)
{
	uintptr_t x = (uintptr_t)((const rule_acc *)a)->rule;
	uintptr_t y = (uintptr_t)((const rule_acc *)b)->rule;

	return x < y ? -1 : x > y;
}

/* group_rules sums each rule's findings into accs (sorted by category,
 * then rule id); *n_accs is the number of rules with findings.  Rules
 * meet their categories in the order of their addresses, as they always
 * have (a category only a finding names is added then). */
static rl_err
group_rules(const rl_packset *ps, score_ctx *c, const rl_raw_finding *f,
    size_t n, rule_acc *accs, size_t *n_accs)
{
	uint32_t *slot;
	size_t    i, k = 0, size = 16;
	int       cap;

	while (size < 2 * n)
		size *= 2;
	slot = rl__calloc(size, sizeof *slot);
	if (!slot)
		return RL_ENOMEM;
	for (i = 0; i < n; i++) {
		rule_acc *acc = rule_slot(slot, size - 1, accs, &k, f[i].rule);

		acc->count++;
		acc->points += finding_points(&ps->scoring, &f[i]);
	}
	rl__free(slot);
	qsort(accs, k, sizeof *accs, by_rule_ptr);
	for (i = 0; i < k; i++) {
		accs[i].cat = cat_index(
		    c, rl__rule_category(ps, accs[i].rule), 1.0, true);
		if (accs[i].cat == SIZE_MAX)
			return RL_ENOMEM;
		cap = accs[i].rule->cap >= 0 ? accs[i].rule->cap
		                             : ps->scoring.cap;
		if (cap >= 0 && accs[i].points > (uint64_t)cap)
			accs[i].points = (uint64_t)cap;
		c->cats[accs[i].cat].points += accs[i].points;
		c->cats[accs[i].cat].n_ded++;
	}
	qsort(accs, k, sizeof *accs, by_cat_then_id);
	*n_accs = k;
	return RL_OK;
}

/* collect_categories lists the declared categories, then those the
 * packset's rules use. */
static rl_err
collect_categories(const rl_packset *ps, score_ctx *c)
{
	size_t i;

	for (i = 0; i < ps->scoring.n_categories; i++) {
		const rl_category_cfg *cc = &ps->scoring.categories[i];

		if (!cc->name)
			continue;
		if (cat_index(c, cc->name, cc->weight >= 0 ? cc->weight : 0,
		        true) == SIZE_MAX)
			return RL_ENOMEM;
	}
	for (i = 0; i < ps->n_rules; i++) {
		if (!ps->rules[i] || !ps->rules[i]->enabled)
			continue;
		if (cat_index(c, rl__rule_category(ps, ps->rules[i]), 1.0,
		        true) == SIZE_MAX)
			return RL_ENOMEM;
	}
	return RL_OK;
}

/* emit copies the categories and deductions into res's arena and sets
 * the score. */
static rl_err
emit(score_ctx *c, const rule_acc *accs, size_t n_accs, rl_result *res)
{
	rl_arena     *a = res->arena;
	rl_category  *cats;
	rl_deduction *ded;
	double        wsum = 0, sum = 0;
	size_t        i, j          = 0;

	res->categories   = NULL;
	res->n_categories = 0;
	res->score        = 100;
	if (c->n_cats == 0)
		return RL_OK;
	cats = rl__arena_calloc(a, c->n_cats, sizeof *cats);
	if (!cats)
		return RL_ENOMEM;
	for (i = 0; i < c->n_cats; i++) {
		cat_acc *ca = &c->cats[i];

		cats[i].name  = rl__arena_strdup(a, ca->name);
		cats[i].score = ca->points >= 100 ? 0 : 100 - (int)ca->points;
		if (!cats[i].name)
			return RL_ENOMEM;
		if (ca->n_ded) {
			ded = rl__arena_calloc(a, ca->n_ded, sizeof *ded);
			if (!ded)
				return RL_ENOMEM;
			cats[i].deductions   = ded;
			cats[i].n_deductions = ca->n_ded;
			for (; j < n_accs && accs[j].cat == i; j++, ded++) {
				ded->rule = rl__arena_strdup(a,
				    accs[j].rule->id ? accs[j].rule->id : "");
				if (!ded->rule)
					return RL_ENOMEM;
				ded->count  = accs[j].count > UINT32_MAX
				     ? UINT32_MAX
				     : (uint32_t)accs[j].count;
				ded->points = accs[j].points > UINT32_MAX
				    ? UINT32_MAX
				    : (uint32_t)accs[j].points;
			}
		}
		if (ca->weight > 0) {
			wsum += ca->weight;
			sum += ca->weight * cats[i].score;
		}
	}
	res->categories   = cats;
	res->n_categories = c->n_cats;
	if (wsum > 0)
		res->score = (int)floor(sum / wsum + 0.5 + 1e-9);
	if (res->score > 100)
		res->score = 100;
	if (res->score < 0)
		res->score = 0;
	return RL_OK;
}

rl_err
rl__score(
    const rl_packset *ps, const rl_raw_finding *f, size_t n, rl_result *res)
{
	score_ctx c         = { NULL, 0, 0 };
	rule_acc *accs      = NULL;
	size_t    n_accs    = 0, i;
	bool      any_error = false;
	rl_err    err;

	if ((err = collect_categories(ps, &c)))
		goto done;
	if (n) {
		accs = rl__alloc(n * sizeof *accs);
		if (!accs) {
			err = RL_ENOMEM;
			goto done;
		}
		if ((err = group_rules(ps, &c, f, n, accs, &n_accs)))
			goto done;
	}
	if ((err = emit(&c, accs, n_accs, res)))
		goto done;
	for (i = 0; i < n; i++)
		if (f[i].level == RL_LEVEL_ERROR)
			any_error = true;
	if (any_error || res->score < ps->scoring.fail)
		res->verdict = RL_VERDICT_FAIL;
	else if (res->score < ps->scoring.pass)
		res->verdict = RL_VERDICT_WARN;
	else
		res->verdict = RL_VERDICT_PASS;
done:
	rl__free(accs);
	rl__free(c.cats);
	return err;
}

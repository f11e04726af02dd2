/*
 * kind_metric.c - the `metric` rule kind, as Vale's: a formula over the
 * document's counts and a condition on its value.
 *
 *     extends: metric
 *     message: "Try to keep the Flesch-Kincaid grade level (%s) below 8."
 *     formula: |
 *       (0.39 * (words / sentences)) + (11.8 * (syllables / words)) - 15.59
 *     condition: "> 8"
 *
 * Variables: words, sentences, syllables, characters, complex_words,
 * long_words, polysyllabic_words (over the summary text), paragraphs,
 * list / list_items, lists, blockquote, pre / code_blocks, headings,
 * heading_h1 .. heading_h6 (or heading.h1), table_cells.  A document
 * without words, or a formula that divides by zero, gives no finding.
 */
#include <math.h>
#include <stdlib.h>

#include "expr.h"
#include "rdy.h"

typedef struct rule {
	rdy_expr *formula;
	rdy_cmp   cmp;
	rdy_expr *limit;
} rule;

static void
mt_free(void *state, void *arg)
{
	rule *r = state;

	(void)arg;
	rdy_expr_free(r->formula);
	rdy_expr_free(r->limit);
	free(r);
}

/* compile_field compiles the expression in node's scalar from byte skip
 * on; errors at node. */
static rl_err
compile_field(rl_plugin_compile *cc, const rl_plugin_node *node,
    const char *field, size_t skip, rdy_expr **out)
{
	char        why[256];
	size_t      len, at = 0;
	const char *src = rdy_api->cfg_scalar(node, &len);

	if (src == NULL)
		return rdy_api->cfg_error(cc, node, "'%s' must be text", field);
	*out = rdy_expr_compile(src + skip, len - skip, rdy_var_names,
	    RDY_N_VARS, why, sizeof why, &at);
	if (*out == NULL)
		return rdy_api->cfg_error(cc, node,
		    "bad %s: %s (at byte %zu "
		    "of \"%.*s\")",
		    field, why, skip + at + 1, (int)(len > 80 ? 80 : len), src);
	return RL_OK;
}

static rl_err
mt_compile(
    rl_plugin_compile *cc, const rl_plugin_node *spec, void **state, void *arg)
{
	const rl_plugin_node *formula = rdy_api->cfg_get(spec, "formula");
	const rl_plugin_node *cond    = rdy_api->cfg_get(spec, "condition");
	rule                 *r;
	const char           *text;
	size_t                len, used;
	rl_err                err;

	(void)arg;
	if (formula == NULL)
		return rdy_api->cfg_error(cc, NULL,
		    "a metric rule needs "
		    "'formula' (for example: words / sentences)");
	if (cond == NULL)
		return rdy_api->cfg_error(cc, NULL,
		    "a metric rule needs "
		    "'condition' (for example: \"> 20\")");
	r = calloc(1, sizeof *r);
	if (r == NULL)
		return RL_ENOMEM;
	*state = r; /* the host frees it with mt_free on failure */
	err    = compile_field(cc, formula, "formula", 0, &r->formula);
	if (err != RL_OK)
		return err;
	text = rdy_api->cfg_scalar(cond, &len);
	if (text == NULL || rdy_cond_parse(text, len, &r->cmp, &used) != 0)
		return rdy_api->cfg_error(cc, cond,
		    "'condition' must start "
		    "with one of > >= < <= == != (for example \"> 8\")");
	return compile_field(cc, cond, "condition", used, &r->limit);
}

static rl_err
mt_check(rl_plugin_scan *scan, const void *state, void *arg)
{
	const rule *r = state;
	double      v[RDY_N_VARS], value, limit;

	(void)arg;
	rdy_doc_counts(rdy_api->scan_doc(scan), v);
	if (v[RDY_WORDS] == 0)
		return RL_OK;
	value = rdy_expr_eval(r->formula, v);
	limit = rdy_expr_eval(r->limit, v);
	if (!isfinite(value) || !isfinite(limit))
		return RL_OK;
	if (rdy_cmp_eval(r->cmp, value, limit))
		return rdy_report(scan, value);
	return RL_OK;
}

const rl_plugin_kind rdy_kind_metric = {
	.size    = sizeof(rl_plugin_kind),
	.name    = "metric",
	.flags   = RL_PLUGIN_KIND_PER_DOCUMENT,
	.compile = mt_compile,
	.check   = mt_check,
	.free    = mt_free,
};

/*
 * kind_readability.c - the `readability` rule kind, as Vale's: the mean
 * of the chosen grade-level metrics over the document's summary text is
 * compared with `grade`, and a finding (at the start of the text) carries
 * the mean, formatted "%.2f", as the message's %s.
 *
 *     extends: readability
 *     message: "Grade level (%s) too high!"
 *     grade: 8
 *     metrics: [Flesch-Kincaid, Gunning Fog]
 *
 * Metrics: Flesch-Kincaid, Gunning Fog, SMOG, Coleman-Liau, Automated
 * Readability (grades), and Flesch Reading Ease, a 0-100 score where
 * higher is easier: it is not averaged with grades but compared with
 * `ease`, the lowest acceptable score.  Names match case-insensitively.
 */
#include <math.h>
#include <strings.h>

#include "rdy.h"

enum {
	M_FK = 0, /* Flesch-Kincaid grade */
	M_FOG,    /* Gunning fog */
	M_SMOG,
	M_CL,   /* Coleman-Liau */
	M_ARI,  /* automated readability index */
	M_EASE, /* Flesch reading ease (a score, not a grade) */
	M_COUNT
};

static const char *const metric_names[M_COUNT] = { "Flesch-Kincaid",
	"Gunning Fog", "SMOG", "Coleman-Liau", "Automated Readability",
	"Flesch Reading Ease" };

typedef struct rule {
	unsigned metrics; /* bit per M_* */
	int      n_grades;
	double   grade;
	bool     has_ease;
	double   ease;
} rule;

/* metric computes metric m from counts v (words > 0, sentences > 0). */
static double
metric(int m, const double *v)
{
	double w = v[RDY_WORDS], s = v[RDY_SENTENCES];

	switch (m) {
	case M_FK:
		return 0.39 * (w / s) + 11.8 * (v[RDY_SYLLABLES] / w) - 15.59;
	case M_FOG:
		return 0.4 * ((w / s) + 100.0 * (v[RDY_COMPLEX_WORDS] / w));
	case M_SMOG:
		return 1.0430 * sqrt(v[RDY_POLYSYLLABIC_WORDS] * 30.0 / s) +
		    3.1291;
	case M_CL:
		return 0.0588 * (v[RDY_CHARACTERS] / w * 100.0) -
		    0.296 * (s / w * 100.0) - 15.8;
	case M_ARI:
		return 4.71 * (v[RDY_CHARACTERS] / w) + 0.5 * (w / s) - 21.43;
	default:
		return 206.835 - 1.015 * (w / s) -
		    84.6 * (v[RDY_SYLLABLES] / w);
	}
}

static rl_err
add_metric(rl_plugin_compile *cc, const rl_plugin_node *item, rule *r)
{
	const char *name = rdy_api->cfg_scalar(item, NULL);

	if (name == NULL)
		return rdy_api->cfg_error(
		    cc, item, "'metrics' items must be metric names");
	for (int m = 0; m < M_COUNT; m++)
		if (strcasecmp(name, metric_names[m]) == 0) {
			if (r->metrics & (1u << m))
				return rdy_api->cfg_error(cc, item,
				    "metric '%s' is listed twice", name);
			r->metrics |= 1u << m;
			if (m != M_EASE)
				r->n_grades++;
			return RL_OK;
		}
	return rdy_api->cfg_error(cc, item,
	    "unknown readability metric "
	    "'%s' (known: Flesch-Kincaid, Gunning Fog, SMOG, Coleman-Liau, "
	    "Automated Readability, Flesch Reading Ease)",
	    name);
}

static rl_err
rd_compile(
    rl_plugin_compile *cc, const rl_plugin_node *spec, void **state, void *arg)
{
	const rl_plugin_node *metrics = rdy_api->cfg_get(spec, "metrics");
	rule                 *r;
	rl_err                err;

	(void)arg;
	r = rdy_api->compile_alloc(cc, sizeof *r);
	if (r == NULL)
		return RL_ENOMEM;
	if (metrics == NULL)
		return rdy_api->cfg_error(cc, NULL,
		    "a readability rule needs "
		    "'metrics' (for example [Flesch-Kincaid, Gunning Fog])");
	if (rdy_api->cfg_type(metrics) == RL_PLUGIN_CFG_SCALAR) {
		err = add_metric(cc, metrics, r);
	} else if (rdy_api->cfg_type(metrics) == RL_PLUGIN_CFG_SEQ &&
	    rdy_api->cfg_count(metrics) > 0) {
		err = RL_OK;
		for (const rl_plugin_node *it = rdy_api->cfg_child(metrics);
		     it != NULL && err == RL_OK; it = rdy_api->cfg_next(it))
			err = add_metric(cc, it, r);
	} else {
		err = rdy_api->cfg_error(cc, metrics,
		    "'metrics' must be a metric name or a list of them");
	}
	if (err != RL_OK)
		return err;

	err = rdy_api->cfg_double(cc, spec, "grade", &r->grade);
	if (err == RL_ENOENT && r->n_grades > 0)
		return rdy_api->cfg_error(cc, NULL,
		    "a readability rule with "
		    "grade-level metrics needs 'grade' (the highest grade "
		    "allowed)");
	if (err != RL_OK && err != RL_ENOENT)
		return err;
	err = rdy_api->cfg_double(cc, spec, "ease", &r->ease);
	if (err == RL_OK) {
		r->has_ease = true;
	} else if (err != RL_ENOENT) {
		return err;
	} else if (r->metrics & (1u << M_EASE)) {
		return rdy_api->cfg_error(cc, metrics,
		    "Flesch Reading Ease is "
		    "a score, not a grade: give the lowest acceptable score "
		    "in 'ease' (for example 60)");
	}
	if (r->has_ease && !(r->metrics & (1u << M_EASE)))
		return rdy_api->cfg_error(cc, rdy_api->cfg_get(spec, "ease"),
		    "'ease' needs Flesch Reading Ease in 'metrics'");
	*state = r;
	return RL_OK;
}

static rl_err
rd_check(rl_plugin_scan *scan, const void *state, void *arg)
{
	const rule *r = state;
	double      v[RDY_N_VARS], sum = 0;

	(void)arg;
	rdy_doc_counts(rdy_api->scan_doc(scan), v);
	if (v[RDY_WORDS] == 0 || v[RDY_SENTENCES] == 0)
		return RL_OK;
	for (int m = 0; m < M_EASE; m++)
		if (r->metrics & (1u << m))
			sum += metric(m, v);
	if (r->n_grades > 0 && sum / r->n_grades > r->grade)
		return rdy_report(scan, sum / r->n_grades);
	if (r->has_ease && metric(M_EASE, v) < r->ease)
		return rdy_report(scan, metric(M_EASE, v));
	return RL_OK;
}

const rl_plugin_kind rdy_kind_readability = {
	.size    = sizeof(rl_plugin_kind),
	.name    = "readability",
	.flags   = RL_PLUGIN_KIND_PER_DOCUMENT,
	.compile = rd_compile,
	.check   = rd_check,
	.free    = NULL, /* state lives in the pack's arena */
};

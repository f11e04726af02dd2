/*
 * junit.c - the `junit` format: JUnit XML for CI dashboards.
 *
 * One <testsuite> per document (name = path, with score, verdict and
 * digest as properties); in it one <testcase> per rule that has findings
 * (by rule id), failing with a <failure> that lists them compiler-style,
 * one per rule that failed to run (with an <error>), and a `score`
 * testcase that fails when the document's verdict is `fail`.  The totals
 * on <testsuites> are known only at the end, so the report is assembled
 * in memory and written at close.
 */
#include <stdlib.h>
#include <string.h>

#include "output/output.h"

typedef struct junit_state {
	FILE          *out;
	rl_writer_opts opts;
	rl_buf         body;
	size_t         tests, failures, errors;
} junit_state;

static rl_err
junit_begin(void **state, FILE *out, const rl_writer_opts *o, void *arg)
{
	junit_state *st = rl__calloc(1, sizeof *st);

	if (!st)
		return RL_ENOMEM;
	st->out = out;
	rl__out_opts(&st->opts, o);
	rl__buf_init(&st->body);
	*state = st;
	return RL_OK;
}

/* Shown findings ordered by rule id, then position. */
static int
by_rule(const void *a, const void *b)
{
	const rl_finding *x = *(const rl_finding *const *)a;
	const rl_finding *y = *(const rl_finding *const *)b;
	int c = strcmp(rl__out_str(x->rule), rl__out_str(y->rule));

	if (c)
		return c;
	return x < y ? -1 : x > y;
}

/* put_rule writes the testcase of the n findings of one rule. */
static void
put_rule(rl_buf *b, const rl_result *r, const rl_finding *const *f, size_t n)
{
	rl_level worst = RL_LEVEL_SUGGESTION;
	size_t   i;

	for (i = 0; i < n; i++)
		if (f[i]->level > worst && f[i]->level <= RL_LEVEL_ERROR)
			worst = f[i]->level;
	rl__buf_puts(b, "    <testcase name=\"");
	rl__out_xml(b, f[0]->rule);
	rl__buf_puts(b, "\" classname=\"");
	rl__out_xml(b, r->path);
	rl__buf_printf(b, "\">\n      <failure type=\"%s\" message=\"%zu %s\">",
	    rl_level_name(worst), n, n == 1 ? "finding" : "findings");
	for (i = 0; i < n; i++) {
		if (i)
			rl__buf_putc(b, '\n');
		rl__out_xml(b, r->path);
		rl__buf_printf(b, ":%u:%u: %s: ", f[i]->line, f[i]->column,
		    rl_level_name(f[i]->level));
		rl__out_xml(b, f[i]->message);
	}
	rl__buf_puts(b, "</failure>\n    </testcase>\n");
}

static void
put_rule_error(rl_buf *b, const rl_result *r, const rl_rule_error *e)
{
	rl__buf_puts(b, "    <testcase name=\"");
	rl__out_xml(b, e->rule);
	rl__buf_puts(b, "\" classname=\"");
	rl__out_xml(b, r->path);
	rl__buf_puts(b, "\">\n      <error type=\"rule-error\" message=\"");
	rl__out_xml(b, e->message);
	rl__buf_puts(b, "\"/>\n    </testcase>\n");
}

static void
put_score(rl_buf *b, const rl_result *r)
{
	rl__buf_puts(b, "    <testcase name=\"score\" classname=\"");
	rl__out_xml(b, r->path);
	if (r->verdict == RL_VERDICT_FAIL)
		rl__buf_printf(b,
		    "\">\n      <failure type=\"verdict\" message=\"score %d, "
		    "verdict fail\"/>\n    </testcase>\n",
		    r->score);
	else
		rl__buf_puts(b, "\"/>\n");
}

static rl_err
junit_document(void *state, const rl_result *r, const void *src, size_t len)
{
	junit_state       *st = state;
	rl_buf            *b  = &st->body;
	const rl_finding **v  = NULL;
	size_t             i, j, n = 0, rules = 0, tests, failures;

	if (r->n_findings) {
		v = rl__alloc(r->n_findings * sizeof *v);
		if (!v)
			return RL_ENOMEM;
	}
	for (i = 0; i < r->n_findings; i++)
		if (rl__out_shown(&st->opts, &r->findings[i]))
			v[n++] = &r->findings[i];
	if (n)
		qsort(v, n, sizeof *v, by_rule);
	for (i = 0; i < n; i = j) {
		for (j = i + 1; j < n &&
		     strcmp(rl__out_str(v[i]->rule), rl__out_str(v[j]->rule)) ==
		         0;
		     j++)
			;
		rules++;
	}
	tests    = rules + r->n_rule_errors + 1;
	failures = rules + (r->verdict == RL_VERDICT_FAIL);
	rl__buf_puts(b, "  <testsuite name=\"");
	rl__out_xml(b, r->path);
	rl__buf_printf(b,
	    "\" tests=\"%zu\" failures=\"%zu\" errors=\"%zu\" skipped=\"0\">\n"
	    "    <properties>\n"
	    "      <property name=\"score\" value=\"%d\"/>\n"
	    "      <property name=\"verdict\" value=\"%s\"/>\n"
	    "      <property name=\"sha256\" value=\"",
	    tests, failures, r->n_rule_errors, r->score,
	    rl_verdict_name(r->verdict));
	rl__out_xml(b, r->sha256);
	rl__buf_puts(b, "\"/>\n    </properties>\n");
	for (i = 0; i < n; i = j) {
		for (j = i + 1; j < n &&
		     strcmp(rl__out_str(v[i]->rule), rl__out_str(v[j]->rule)) ==
		         0;
		     j++)
			;
		put_rule(b, r, v + i, j - i);
	}
	for (i = 0; i < r->n_rule_errors; i++)
		put_rule_error(b, r, &r->rule_errors[i]);
	put_score(b, r);
	rl__buf_puts(b, "  </testsuite>\n");
	rl__free(v);
	st->tests += tests;
	st->failures += failures;
	st->errors += r->n_rule_errors;
	return b->failed ? RL_ENOMEM : RL_OK;
}

static rl_err
junit_end(void *state)
{
	junit_state *st = state;
	rl_buf       b;
	rl_err       err;

	rl__buf_init(&b);
	rl__buf_printf(&b,
	    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	    "<testsuites name=\"redline\" tests=\"%zu\" failures=\"%zu\" "
	    "errors=\"%zu\">\n",
	    st->tests, st->failures, st->errors);
	rl__buf_append(&b, st->body.data, st->body.len);
	rl__buf_puts(&b, "</testsuites>\n");
	if (st->body.failed)
		b.failed = true;
	err = rl__out_flush(st->out, &b);
	if (!err && fflush(st->out) != 0)
		err = RL_EIO;
	rl__buf_free(&b);
	rl__buf_free(&st->body);
	rl__free(st);
	return err;
}

const rl_output rl__output_junit = {
	.name     = "junit",
	.begin    = junit_begin,
	.document = junit_document,
	.end      = junit_end,
	.arg      = NULL,
};

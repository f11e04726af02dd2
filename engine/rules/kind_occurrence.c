/*
 * kind_occurrence.c - Vale's `occurrence`: count the matches of `token`
 * in each scope unit (each sentence for scope: sentence) and report when
 * there are more than `max` or fewer than `min`.
 *
 * As in Vale, the message is used as written (no %s arguments) and the
 * finding sits on the first match, or at the start of the unit when there
 * is none.  A token that only counts words (\w+, \b(\w+)\b) is counted by
 * a byte loop with the same result.
 */
#include <string.h>

#include "rules/kind.h"

typedef struct occurrence {
	rl_regex *re;
	long long max, min;
} occurrence;

static void
occurrence_free(rl_rule *r)
{
	occurrence *x = r->state;

	if (x)
		rl__regex_free(x->re);
	r->state = NULL;
}

static rl_err
occurrence_compile(rl_rule *r, rl_cfg *spec, rl_kind_ctx *ctx)
{
	occurrence *x;
	const char *token, *pattern;
	rl_err      err;

	x = rl__arena_calloc(ctx->arena, 1, sizeof *x);
	if (!x)
		return rl__diag_set(
		    ctx->diag, RL_ENOMEM, ctx->file, 0, 0, "out of memory");
	r->state = x;
	err      = rl__cfg_str(spec, "token", ctx->file, &token, ctx->diag);
	if (err == RL_ENOENT)
		return rl__diag_set(ctx->diag, RL_EPACK, ctx->file, r->line, 1,
		    "occurrence needs a 'token'");
	if (err)
		return err;
	err = rl__cfg_int(
	    spec, "max", ctx->file, 0, 100000000, &x->max, ctx->diag);
	if (err != RL_OK && err != RL_ENOENT)
		return err;
	err = rl__cfg_int(
	    spec, "min", ctx->file, 0, 100000000, &x->min, ctx->diag);
	if (err != RL_OK && err != RL_ENOENT)
		return err;
	if (x->max == 0 && x->min == 0)
		return rl__diag_set(ctx->diag, RL_EPACK, ctx->file, r->line, 1,
		    "occurrence needs 'max' or 'min' above 0");
	pattern = rl__arena_printf(ctx->arena, "(?:%s)", token);
	if (!pattern)
		return rl__diag_set(
		    ctx->diag, RL_ENOMEM, ctx->file, 0, 0, "out of memory");
	err = rl__kind_regex(ctx, rl__cfg_get(spec, "token"), "token", pattern,
	    rl__vale_flags(r) | RL_RE_NATIVE, &x->re);
	if (err)
		return err;
	/* With a minimum, a unit without any match is a finding: every
	 * unit must be seen. */
	return x->min ? RL_OK : rl__rule_trigger(r, x->re);
}

typedef struct run {
	rl_scan          *scan;
	const rl_rule    *rule;
	const occurrence *x;
	rl_emit           emit;
	bool              failed;
} run;

static rl_err
occurrence_range(void *arg, const char *text, uint32_t off, uint32_t end)
{
	run       *c = arg;
	size_t     a, z, fa = 0, fz = 0;
	long long  n = 0, stop = c->x->min ? 0 : c->x->max;
	rl_matcher m;
	int        rc = 0;

	if (!c->rule->prefilter) {
		/* no places to try: count in one call (word tokens are
		 * counted by a byte loop) */
		long k = rl__regex_count(c->x->re, text + off, end - off,
		    rl__scan_match_data(c->scan), (size_t)stop, &fa, &fz);

		rc = k < 0 ? -1 : 0;
		n  = k < 0 ? 0 : k;
	} else {
		rl__matcher_init(
		    &m, c->scan, c->rule, c->x->re, text, off, end);
		while ((rc = rl__matcher_next(&m, &a, &z)) == 1) {
			if (n++ == 0) {
				fa = a;
				fz = z;
			}
			/* past the maximum with no minimum to check: enough */
			if (stop && n > stop)
				break;
		}
	}
	if (rc < 0) {
		c->failed = true;
		return RL_ERULE;
	}
	if (!((c->x->max && n > c->x->max) || (c->x->min && n < c->x->min)))
		return RL_OK;
	if (n == 0)
		return rl__emit(&c->emit, off, 0, NULL, NULL, NULL, 0);
	return rl__emit(&c->emit, off + (uint32_t)fa, (uint32_t)(fz - fa), NULL,
	    NULL, NULL, 0);
}

static rl_err
occurrence_check(const rl_rule *r, rl_scan *s)
{
	run    c;
	rl_err err;

	memset(&c, 0, sizeof c);
	c.scan = s;
	c.rule = r;
	c.x    = r->state;
	rl__emit_init(&c.emit, s, r);
	err = rl__scan_ranges(s, r, occurrence_range, &c);
	if (c.failed)
		rl__scan_rule_error(s, "the token hit PCRE2's match limit");
	return err;
}

const rl_kind rl__kind_occurrence = {
	.name    = "occurrence",
	.compile = occurrence_compile,
	.check   = occurrence_check,
	.free    = occurrence_free,
};

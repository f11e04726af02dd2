/*
 * kind_existence.c - Vale's `existence`: report every match of the
 * rule's tokens.
 *
 * The pattern is built as Vale builds it: the tokens joined with '|' in a
 * word-bounded non-capturing group ((?m)\b(?:...)\b), or without the
 * boundaries when `nonword` is set or there are no tokens; the `raw`
 * strings concatenated and put before that group, or after it when
 * `append` is set; (?i) for `ignorecase`.  A match containing one of the
 * `exceptions` is not reported.  With an `action`, the message's second
 * %s is the suggestion.
 */
#include <string.h>

#include "rules/kind.h"

typedef struct existence {
	rl_regex *re;
	rl_except ex;
} existence;

static void
existence_free(rl_rule *r)
{
	existence *x = r->state;

	if (!x)
		return;
	rl__regex_free(x->re);
	rl__except_free(&x->ex);
	r->state = NULL;
}

static rl_err
existence_compile(rl_rule *r, rl_cfg *spec, rl_kind_ctx *ctx)
{
	const char **tokens, **raw, **kept;
	size_t       n_tokens, n_raw, n = 0, i;
	bool         append = false, word;
	rl_buf       before, after, alts;
	const char  *merged[1];
	existence   *x;
	rl_err       err;

	if ((err = rl__kind_strlist(ctx, spec, "tokens", &tokens, &n_tokens)) ||
	    (err = rl__kind_strlist(ctx, spec, "raw", &raw, &n_raw)))
		return err;
	err = rl__cfg_bool(spec, "append", ctx->file, &append, ctx->diag);
	if (err != RL_OK && err != RL_ENOENT)
		return err;
	kept = rl__arena_calloc(ctx->arena, n_tokens + 1, sizeof *kept);
	x    = rl__arena_calloc(ctx->arena, 1, sizeof *x);
	if (!kept || !x)
		return rl__diag_set(
		    ctx->diag, RL_ENOMEM, ctx->file, 0, 0, "out of memory");
	for (i = 0; i < n_tokens; i++) {
		const char *t = tokens[i];

		while (rl__is_space(*t))
			t++;
		if (*t)
			kept[n++] = tokens[i];
	}
	if (n == 0 && n_raw == 0)
		return rl__diag_set(ctx->diag, RL_EPACK, ctx->file, r->line, 1,
		    "existence needs 'tokens' or 'raw'");
	r->state = x;
	if ((err = rl__except_compile(ctx, spec, &x->ex)))
		return err;
	word = !r->nonword && n > 0;
	rl__buf_init(&before);
	rl__buf_init(&after);
	for (i = 0; !append && i < n_raw; i++)
		rl__buf_puts(&before, raw[i]);
	rl__buf_puts(&before, word ? "(?m)\\b(?:" : "(?m)(?:");
	rl__buf_puts(&after, word ? ")\\b" : ")");
	for (i = 0; append && i < n_raw; i++)
		rl__buf_puts(&after, raw[i]);
	/* the tokens as one alternation, plain words merged into a tree */
	rl__buf_init(&alts);
	rl__alternation(&alts, kept, n, r->ignorecase);
	merged[0] = alts.data ? alts.data : "";
	if (before.failed || after.failed || alts.failed)
		err = rl__diag_set(
		    ctx->diag, RL_ENOMEM, ctx->file, 0, 0, "out of memory");
	else
		err = rl__kind_regex_join(ctx, NULL, "tokens", before.data,
		    merged, 1, "|", after.data, rl__vale_flags(r), &x->re);
	rl__buf_free(&alts);
	if (err == RL_EPACK) /* name the token or raw part at fault */
		err = rl__kind_regex_join(ctx,
		    rl__cfg_get(spec, n ? "tokens" : "raw"),
		    n ? "tokens" : "raw", before.data, kept, n, "|", after.data,
		    rl__vale_flags(r), &x->re);
	rl__buf_free(&before);
	rl__buf_free(&after);
	if (err)
		return err;
	return rl__rule_trigger(r, x->re);
}

typedef struct run {
	rl_scan         *scan;
	const rl_rule   *rule;
	const existence *x;
	rl_emit          emit;
	bool             failed;
} run;

static rl_err
existence_range(void *arg, const char *text, uint32_t off, uint32_t end)
{
	run              *c   = arg;
	pcre2_match_data *md  = rl__scan_match_data(c->scan);
	const char       *s   = text + off;
	size_t            len = end - off, a, z;
	uint32_t          o, e;
	rl_matcher        m;
	int               rc;
	rl_err            err;

	rl__matcher_init(&m, c->scan, c->rule, c->x->re, text, off, end);
	while ((rc = rl__matcher_next(&m, &a, &z)) == 1) {
		o = off + (uint32_t)a;
		e = off + (uint32_t)z;
		rl__trim(text, &o, &e);
		if (rl__except_hit(
		        &c->x->ex, md, text + o, e - o, s, len, a, z))
			continue;
		if ((err = rl__emit_match(
		         &c->emit, text, off + (uint32_t)a, off + (uint32_t)z)))
			return err;
	}
	if (rc < 0) {
		c->failed = true;
		return RL_ERULE;
	}
	return RL_OK;
}

static rl_err
existence_check(const rl_rule *r, rl_scan *s)
{
	run    c;
	rl_err err;

	memset(&c, 0, sizeof c);
	c.scan = s;
	c.rule = r;
	c.x    = r->state;
	rl__emit_init(&c.emit, s, r);
	err = rl__scan_ranges(s, r, existence_range, &c);
	if (c.failed)
		rl__scan_rule_error(s,
		    "the pattern hit PCRE2's match limit "
		    "(catastrophic backtracking?)");
	return err;
}

const rl_kind rl__kind_existence = {
	.name    = "existence",
	.compile = existence_compile,
	.check   = existence_check,
	.free    = existence_free,
};

/*
 * kind_repetition.c - Vale's `repetition`: report a token repeated more
 * than `max` times in a row ("the the").
 *
 * As in Vale: the tokens form one group; two consecutive matches with
 * equal text (ignoring case with `ignorecase`; letters only with `alpha`)
 * are a repeat; past `max` repeats, the span from the previous match to
 * this one is reported unless it crosses a sentence end or holds an
 * exception, and the count starts again.  The message's %s is the token.
 */
#include <string.h>
#include <strings.h>

#include "rules/kind.h"

typedef struct repetition {
	rl_regex *re;
	long long max;
	bool      alpha;
	bool      ignorecase;
	rl_except ex;
} repetition;

static void
repetition_free(rl_rule *r)
{
	repetition *x = r->state;

	if (!x)
		return;
	rl__regex_free(x->re);
	rl__except_free(&x->ex);
	r->state = NULL;
}

static rl_err
repetition_compile(rl_rule *r, rl_cfg *spec, rl_kind_ctx *ctx)
{
	repetition  *x;
	const char **tokens;
	size_t       n;
	rl_err       err;

	x = rl__arena_calloc(ctx->arena, 1, sizeof *x);
	if (!x)
		return rl__diag_set(
		    ctx->diag, RL_ENOMEM, ctx->file, 0, 0, "out of memory");
	r->state      = x;
	x->ignorecase = r->ignorecase;
	if ((err = rl__kind_strlist(ctx, spec, "tokens", &tokens, &n)))
		return err;
	if (n == 0)
		return rl__diag_set(ctx->diag, RL_EPACK, ctx->file, r->line, 1,
		    "repetition needs 'tokens'");
	err =
	    rl__cfg_int(spec, "max", ctx->file, 0, 1000000, &x->max, ctx->diag);
	if (err != RL_OK && err != RL_ENOENT)
		return err;
	err = rl__cfg_bool(spec, "alpha", ctx->file, &x->alpha, ctx->diag);
	if (err != RL_OK && err != RL_ENOENT)
		return err;
	if ((err = rl__except_compile(ctx, spec, &x->ex)))
		return err;
	err = rl__kind_regex_join(ctx, rl__cfg_get(spec, "tokens"), "tokens",
	    "(", tokens, n, "|", ")", rl__vale_flags(r) | RL_RE_NATIVE, &x->re);
	if (err)
		return err;
	return rl__rule_trigger(r, x->re);
}

/* is_letters: every character a letter (bytes past ASCII count as
 * letters), as Vale's IsLetter. */
static bool
is_letters(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (!(c >= 0x80 || (c >= 'a' && c <= 'z') ||
		        (c >= 'A' && c <= 'Z')))
			return false;
	}
	return true;
}

/* one_sentence: no sentence end (. ! ? then white space) inside. */
static bool
one_sentence(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i + 1 < n; i++)
		if ((s[i] == '.' || s[i] == '!' || s[i] == '?') &&
		    rl__is_space(s[i + 1]))
			return false;
	return true;
}

typedef struct run {
	rl_scan          *scan;
	const rl_rule    *rule;
	const repetition *x;
	rl_emit           emit;
	bool              failed;
} run;

#define MAX_SUGG 4

static rl_err
repetition_range(void *arg, const char *text, uint32_t off, uint32_t end)
{
	run              *c   = arg;
	pcre2_match_data *md  = rl__scan_match_data(c->scan);
	const char       *s   = text + off;
	size_t            len = end - off, a, z, n_sugg;
	rl_matcher        m;
	uint32_t          po = 0, pe = 0, co, ce;
	bool              have_prev = false, hit;
	long long         count     = 0;
	char              cbuf[256], sbuf[256];
	const char       *curr, *sugg[MAX_SUGG];
	int               rc;
	rl_err            err;

	rl__matcher_init(&m, c->scan, c->rule, c->x->re, text, off, end);
	while ((rc = rl__matcher_next(&m, &a, &z)) == 1) {
		co = off + (uint32_t)a;
		ce = off + (uint32_t)z;
		rl__trim(text, &co, &ce);
		hit = have_prev && ce > co && ce - co == pe - po &&
		    (c->x->ignorecase
		            ? strncasecmp(text + co, text + po, ce - co) == 0
		            : memcmp(text + co, text + po, ce - co) == 0);
		hit = hit && (!c->x->alpha || is_letters(text + co, ce - co));
		if (hit)
			count++;
		if (hit && count > c->x->max &&
		    one_sentence(text + po, ce - po) &&
		    !rl__except_hit(&c->x->ex, md, text + po, ce - po, s, len,
		        po - off, ce - off)) {
			curr = rl__text_copy(
			    c->scan, cbuf, sizeof cbuf, text + co, ce - co);
			if (!curr)
				return RL_ENOMEM;
			n_sugg = rl__action_suggest(c->rule, md, text + po,
			    ce - po, sbuf, sizeof sbuf, sugg, MAX_SUGG);
			err    = rl__emit(
			       &c->emit, po, ce - po, curr, NULL, sugg, n_sugg);
			if (err)
				return err;
			count = 0;
		}
		po        = co;
		pe        = ce;
		have_prev = true;
	}
	if (rc < 0) {
		c->failed = true;
		return RL_ERULE;
	}
	return RL_OK;
}

static rl_err
repetition_check(const rl_rule *r, rl_scan *s)
{
	run    c;
	rl_err err;

	memset(&c, 0, sizeof c);
	c.scan = s;
	c.rule = r;
	c.x    = r->state;
	rl__emit_init(&c.emit, s, r);
	err = rl__scan_ranges(s, r, repetition_range, &c);
	if (c.failed)
		rl__scan_rule_error(s, "the tokens hit PCRE2's match limit");
	return err;
}

const rl_kind rl__kind_repetition = {
	.name    = "repetition",
	.compile = repetition_compile,
	.check   = repetition_check,
	.free    = repetition_free,
};

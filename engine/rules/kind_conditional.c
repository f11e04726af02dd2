/*
 * kind_conditional.c - Vale's `conditional`: a match of `first` needs a
 * matching `second` ("WHO" needs "World Health Organization (WHO)").
 *
 * As in Vale: when `second` has a capture group, its captures seen so far
 * in the document (this unit included) define the terms, and each match
 * of `first` that is not a defined term, nor an exception, is reported.
 * When `second` has no group, a unit in which `second` matches anywhere
 * is fine, and in any other unit every match of `first` is reported.
 * Both patterns are used as written (Vale applies no `ignorecase` to
 * them).  The message's %s is the match.
 */
#include <string.h>

#include "rules/kind.h"

typedef struct conditional {
	rl_regex *first, *second;
	bool      second_groups;
	rl_except ex;
} conditional;

static void
conditional_free(rl_rule *r)
{
	conditional *x = r->state;

	if (!x)
		return;
	rl__regex_free(x->first);
	rl__regex_free(x->second);
	rl__except_free(&x->ex);
	r->state = NULL;
}

/* has_capture: Vale's test, more "(" than "(?" and "\(" together. */
static bool
has_capture(const char *p)
{
	size_t open = 0, other = 0;

	for (; *p; p++) {
		if (p[0] == '(')
			open++;
		if (p[0] == '(' && p[1] == '?')
			other++;
		if (p[0] == '\\' && p[1] == '(')
			other++;
	}
	return open > other;
}

static rl_err
conditional_compile(rl_rule *r, rl_cfg *spec, rl_kind_ctx *ctx)
{
	conditional *x;
	const char  *first, *second, *in;
	rl_err       err;

	x = rl__arena_calloc(ctx->arena, 1, sizeof *x);
	if (!x)
		return rl__diag_set(
		    ctx->diag, RL_ENOMEM, ctx->file, 0, 0, "out of memory");
	r->state = x;
	err      = rl__cfg_str(spec, "in", ctx->file, &in, ctx->diag);
	if (err == RL_OK)
		return rl__cfg_error(rl__cfg_get(spec, "in"), ctx->file,
		    ctx->diag,
		    "'in' names a Vale View scope; Redline has no "
		    "Views");
	if (err != RL_ENOENT)
		return err;
	if ((err = rl__cfg_str(spec, "first", ctx->file, &first, ctx->diag)) ||
	    (err = rl__cfg_str(spec, "second", ctx->file, &second, ctx->diag)))
		return err == RL_ENOENT
		    ? rl__diag_set(ctx->diag, RL_EPACK, ctx->file, r->line, 1,
		          "conditional needs 'first' and 'second'")
		    : err;
	if ((err = rl__except_compile(ctx, spec, &x->ex)) ||
	    (err = rl__kind_regex(ctx, rl__cfg_get(spec, "first"), "first",
	         first, 0, &x->first)) ||
	    (err = rl__kind_regex(ctx, rl__cfg_get(spec, "second"), "second",
	         second, 0, &x->second)))
		return err;
	x->second_groups = has_capture(second);
	/* A unit matters if it can hold either: terms defined in a unit
	 * without any `first` still count later. */
	if ((err = rl__rule_trigger(r, x->first)))
		return err;
	return rl__rule_trigger(r, x->second);
}

/* Defined terms: an open-addressing set of strings in the scan arena. */
typedef struct term_set {
	const char **v;
	size_t       cap, n;
} term_set;

static uint32_t
hash_str(const char *s, size_t n)
{
	uint32_t h = 2166136261u;
	size_t   i;

	for (i = 0; i < n; i++)
		h = (h ^ (uint8_t)s[i]) * 16777619u;
	return h;
}

static bool
set_has(const term_set *t, const char *s, size_t n)
{
	size_t i;

	if (!t->cap)
		return false;
	for (i = hash_str(s, n) & (t->cap - 1); t->v[i];
	     i = (i + 1) & (t->cap - 1))
		if (strlen(t->v[i]) == n && memcmp(t->v[i], s, n) == 0)
			return true;
	return false;
}

static rl_err
set_add(term_set *t, rl_arena *a, const char *s, size_t n)
{
	size_t i;

	if (set_has(t, s, n))
		return RL_OK;
	if (2 * (t->n + 1) > t->cap) {
		term_set bigger = { NULL, t->cap ? 2 * t->cap : 64, 0 };

		bigger.v = rl__arena_calloc(a, bigger.cap, sizeof *bigger.v);
		if (!bigger.v)
			return RL_ENOMEM;
		for (i = 0; i < t->cap; i++) {
			size_t j;

			if (!t->v[i])
				continue;
			j = hash_str(t->v[i], strlen(t->v[i])) &
			    (bigger.cap - 1);
			while (bigger.v[j])
				j = (j + 1) & (bigger.cap - 1);
			bigger.v[j] = t->v[i];
			bigger.n++;
		}
		*t = bigger;
	}
	i = hash_str(s, n) & (t->cap - 1);
	while (t->v[i])
		i = (i + 1) & (t->cap - 1);
	if (!(t->v[i] = rl__arena_strndup(a, s, n)))
		return RL_ENOMEM;
	t->n++;
	return RL_OK;
}

typedef struct run {
	rl_scan           *scan;
	const conditional *x;
	rl_emit            emit;
	term_set           defs;
	bool               failed;
} run;

/* collect adds the captures of `second` in s[0, len) to the terms;
 * *found tells whether it matched at all. */
static int
collect(run *c, const char *s, size_t len, bool *found)
{
	pcre2_match_data *md = rl__scan_match_data(c->scan);
	size_t            at = 0, a, z, ga, gz;
	uint32_t          g, n = rl__regex_groups(c->x->second);
	int               rc;

	*found = false;
	if (!rl__regex_may_match(c->x->second, s, len))
		return 0; /* lacks a byte every match needs: "(" and ")" */
	while (
	    (rc = rl__regex_match(c->x->second, s, len, at, md, &a, &z)) == 1) {
		*found = true;
		if (!c->x->second_groups)
			return 1;
		at = rl__regex_next(s, len, z, a);
		for (g = 1; g <= n; g++)
			if (rl__regex_group(md, g, &ga, &gz) && gz > ga &&
			    set_add(&c->defs, c->scan->arena, s + ga, gz - ga))
				return -2;
	}
	return rc;
}

static rl_err
conditional_range(void *arg, const char *text, uint32_t off, uint32_t end)
{
	run              *c   = arg;
	pcre2_match_data *md  = rl__scan_match_data(c->scan);
	const char       *s   = text + off;
	size_t            len = end - off, at = 0, a, z;
	bool              found;
	int               rc;
	rl_err            err;

	rc = collect(c, s, len, &found);
	if (rc == -2)
		return RL_ENOMEM;
	if (rc < 0) {
		c->failed = true;
		return RL_ERULE;
	}
	if ((!c->x->second_groups && found) ||
	    !rl__regex_may_match(c->x->first, s, len))
		return RL_OK;
	while (
	    (rc = rl__regex_match(c->x->first, s, len, at, md, &a, &z)) == 1) {
		at = rl__regex_next(s, len, z, a);
		if (c->x->second_groups && set_has(&c->defs, s + a, z - a))
			continue;
		if (rl__except_hit(&c->x->ex, md, s + a, z - a, s, len, a, z))
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
conditional_check(const rl_rule *r, rl_scan *s)
{
	run    c;
	rl_err err;

	memset(&c, 0, sizeof c);
	c.scan = s;
	c.x    = r->state;
	rl__emit_init(&c.emit, s, r);
	err = rl__scan_ranges(s, r, conditional_range, &c);
	if (c.failed)
		rl__scan_rule_error(s, "a pattern hit PCRE2's match limit");
	return err;
}

const rl_kind rl__kind_conditional = {
	.name    = "conditional",
	.compile = conditional_compile,
	.check   = conditional_check,
	.free    = conditional_free,
};

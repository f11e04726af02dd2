/*
 * kind_consistency.c - Vale's `consistency`: of each `either` pair
 * (one: other), a document should use only one spelling.
 *
 * Both spellings of every pair form one pattern (a group each) in the
 * word template.  Reading the rule's units in order, once both spellings
 * of a pair have appeared, each unit that uses either is reported once
 * for that pair, at the first use in it of the spelling its last match
 * had, with that text as the message's %s.  This is Vale's behaviour,
 * where the document's matches accumulate block by block.
 */
#include <string.h>

#include "rules/kind.h"

typedef struct consistency {
	rl_regex *re;
	size_t    n; /* pairs; group 2i+1 and 2i+2 */
} consistency;

static void
consistency_free(rl_rule *r)
{
	consistency *x = r->state;

	if (x)
		rl__regex_free(x->re);
	r->state = NULL;
}

static rl_err
consistency_compile(rl_rule *r, rl_cfg *spec, rl_kind_ctx *ctx)
{
	consistency *x;
	rl_cfg      *either = rl__cfg_get(spec, "either"), *c;
	const char **parts;
	size_t       i = 0;
	rl_err       err;

	if (!either || either->kind != RL_CFG_MAP || !either->n_children)
		return rl__cfg_error(either, ctx->file, ctx->diag,
		    "consistency needs an 'either' map of one: other");
	x = rl__arena_calloc(ctx->arena, 1, sizeof *x);
	parts =
	    rl__arena_calloc(ctx->arena, 2 * either->n_children, sizeof *parts);
	if (!x || !parts)
		return rl__diag_set(
		    ctx->diag, RL_ENOMEM, ctx->file, 0, 0, "out of memory");
	r->state = x;
	for (c = either->child; c; c = c->next) {
		if (c->kind != RL_CFG_SCALAR)
			return rl__cfg_error(c, ctx->file, ctx->diag,
			    "either values must be strings");
		parts[i++] = rl__arena_printf(ctx->arena, "(%s)", c->key);
		parts[i++] = rl__arena_printf(ctx->arena, "(%s)", c->value);
		if (!parts[i - 1] || !parts[i - 2])
			return rl__diag_set(ctx->diag, RL_ENOMEM, ctx->file, 0,
			    0, "out of memory");
	}
	x->n = either->n_children;
	err  = rl__kind_regex_join(ctx, either, "either",
            r->nonword ? "(?m)(?:" : "(?m)\\b(?:", parts, i, "|",
            r->nonword ? ")" : ")\\b", rl__vale_flags(r), &x->re);
	if (err)
		return err;
	if (rl__regex_groups(x->re) != 2 * x->n)
		return rl__cfg_error(either, ctx->file, ctx->diag,
		    "either: use (?:...) for groups inside the spellings");
	return rl__rule_trigger(r, x->re);
}

typedef struct run {
	rl_scan           *scan;
	const rl_rule     *rule;
	const consistency *x;
	rl_emit            emit;
	uint8_t           *seen;  /* per pair: bit 0 one, bit 1 other */
	uint32_t          *first; /* per group: first offset in this unit */
	uint32_t          *firstlen;
	int32_t           *last; /* per pair: group of its last match */
	bool               failed;
} run;

static rl_err
consistency_range(void *arg, const char *text, uint32_t off, uint32_t end)
{
	run              *c  = arg;
	pcre2_match_data *md = rl__scan_match_data(c->scan);
	size_t            a, z, ga, gz, g, p;
	rl_matcher        m;
	uint32_t          o, e;
	char              buf[256];
	const char       *t;
	int               rc;
	rl_err            err;

	for (p = 0; p < c->x->n; p++)
		c->last[p] = -1;
	rl__matcher_init(&m, c->scan, c->rule, c->x->re, text, off, end);
	while ((rc = rl__matcher_next(&m, &a, &z)) == 1) {
		for (g = 0; g < 2 * c->x->n; g++)
			if (rl__regex_group(md, (uint32_t)g + 1, &ga, &gz))
				break;
		if (g == 2 * c->x->n)
			continue;
		p = g / 2;
		c->seen[p] |= (uint8_t)(1u << (g % 2));
		if (c->first[g] == UINT32_MAX) {
			c->first[g]    = off + (uint32_t)ga;
			c->firstlen[g] = (uint32_t)(gz - ga);
		}
		c->last[p] = (int32_t)g;
	}
	if (rc < 0) {
		c->failed = true;
		return RL_ERULE;
	}
	err = RL_OK;
	for (p = 0; p < c->x->n && !err; p++) {
		if (c->last[p] < 0 || c->seen[p] != 3)
			continue;
		g = (size_t)c->last[p];
		o = c->first[g];
		e = o + c->firstlen[g];
		rl__trim(text, &o, &e);
		t   = rl__text_copy(c->scan, buf, sizeof buf, text + o, e - o);
		err = t ? rl__emit(&c->emit, o, e - o, t, NULL, NULL, 0)
		        : RL_ENOMEM;
	}
	for (g = 0; g < 2 * c->x->n; g++)
		c->first[g] = UINT32_MAX;
	return err;
}

static rl_err
consistency_check(const rl_rule *r, rl_scan *s)
{
	run    c;
	size_t g;
	rl_err err;

	memset(&c, 0, sizeof c);
	c.scan     = s;
	c.rule     = r;
	c.x        = r->state;
	c.seen     = rl__arena_calloc(s->arena, c.x->n, sizeof *c.seen);
	c.last     = rl__arena_calloc(s->arena, c.x->n, sizeof *c.last);
	c.first    = rl__arena_calloc(s->arena, 2 * c.x->n, sizeof *c.first);
	c.firstlen = rl__arena_calloc(s->arena, 2 * c.x->n, sizeof *c.firstlen);
	if (!c.seen || !c.last || !c.first || !c.firstlen)
		return RL_ENOMEM;
	for (g = 0; g < 2 * c.x->n; g++)
		c.first[g] = UINT32_MAX;
	rl__emit_init(&c.emit, s, r);
	err = rl__scan_ranges(s, r, consistency_range, &c);
	if (c.failed)
		rl__scan_rule_error(s, "the pattern hit PCRE2's match limit");
	return err;
}

const rl_kind rl__kind_consistency = {
	.name    = "consistency",
	.compile = consistency_compile,
	.check   = consistency_check,
	.free    = consistency_free,
};

/*
 * kind_length.c - Redline's `length`: limits on words, sentences or
 * paragraphs, per scope unit, per section or per document.
 *
 *   extends: length
 *   message: "%s words; keep it under %s."   # %s: the count, the limit
 *   unit: words          # words, sentences or paragraphs
 *   per: section         # scope (default), section or document
 *   max: 250             # and/or min
 *   section: '^Summary$' # optional: only these sections
 *
 * What is counted is the rule's scope (default text: all prose).  Per
 * scope, each unit of the scope (a block, a sentence) is counted alone and
 * reported where it is; per section, each section (with its sub-sections)
 * is reported at its heading; per document, on line 1.  Words are the
 * document model's words; a sentence or paragraph counts where it starts.
 */
#include <stdio.h>
#include <string.h>

#include "rules/kind.h"

enum unit { UNIT_WORDS, UNIT_SENTENCES, UNIT_PARAGRAPHS };
enum per { PER_SCOPE, PER_SECTION, PER_DOCUMENT };

typedef struct length {
	enum unit unit;
	enum per  per;
	long long max, min;
} length;

static rl_err
pick(rl_cfg *spec, const char *key, rl_kind_ctx *ctx, const char *const *names,
    int *out)
{
	const char *v;
	int         i;
	rl_err      err = rl__cfg_str(spec, key, ctx->file, &v, ctx->diag);

	if (err == RL_ENOENT)
		return RL_OK;
	if (err)
		return err;
	for (i = 0; names[i]; i++)
		if (!strcmp(names[i], v)) {
			*out = i;
			return RL_OK;
		}
	return rl__cfg_error(rl__cfg_get(spec, key), ctx->file, ctx->diag,
	    "'%s' must be %s, %s or %s", key, names[0], names[1], names[2]);
}

static rl_err
length_compile(rl_rule *r, rl_cfg *spec, rl_kind_ctx *ctx)
{
	static const char *const units[] = { "words", "sentences", "paragraphs",
		NULL };
	static const char *const pers[]  = { "scope", "section", "document",
		 NULL };
	length                  *x;
	int                      unit = UNIT_WORDS, per = PER_SCOPE;
	rl_err                   err;

	x = rl__arena_calloc(ctx->arena, 1, sizeof *x);
	if (!x)
		return rl__diag_set(
		    ctx->diag, RL_ENOMEM, ctx->file, 0, 0, "out of memory");
	r->state = x;
	if ((err = pick(spec, "unit", ctx, units, &unit)) ||
	    (err = pick(spec, "per", ctx, pers, &per)))
		return err;
	x->unit = (enum unit)unit;
	x->per  = (enum per)per;
	err     = rl__cfg_int(
	        spec, "max", ctx->file, 0, 100000000, &x->max, ctx->diag);
	if (err != RL_OK && err != RL_ENOENT)
		return err;
	err = rl__cfg_int(
	    spec, "min", ctx->file, 0, 100000000, &x->min, ctx->diag);
	if (err != RL_OK && err != RL_ENOENT)
		return err;
	if (!x->max && !x->min)
		return rl__diag_set(ctx->diag, RL_EPACK, ctx->file, r->line, 1,
		    "length needs 'max' or 'min' above 0");
	if (x->max && x->min > x->max)
		return rl__cfg_error(rl__cfg_get(spec, "min"), ctx->file,
		    ctx->diag, "'min' is above 'max'");
	return RL_OK;
}

/* The counted ranges of one document, with running totals. */
typedef struct counted {
	uint32_t *off, *end;
	uint64_t *sum; /* sum[i]: count in ranges [0, i) */
	size_t    n, cap;
} counted;

typedef struct run {
	rl_scan       *scan;
	const rl_rule *rule;
	const length  *x;
	rl_emit        emit;
	counted        cr;
	bool           oom;
} run;

static uint64_t
count_words_raw(const char *s, uint32_t off, uint32_t end)
{
	uint64_t n  = 0;
	bool     in = false;

	for (; off < end; off++) {
		bool w = !rl__is_space(s[off]);

		n += w && !in;
		in = w;
	}
	return n;
}

/* count: the unit in text[off, end). */
static uint64_t
count(run *c, const char *text, uint32_t off, uint32_t end)
{
	const rl_doc *d = c->scan->doc;
	uint64_t      n = 0;
	uint32_t      i;

	switch (c->x->unit) {
	case UNIT_WORDS:
		if (text != d->prose)
			return count_words_raw(text, off, end);
		return rl__doc_words(d, off, end, NULL, NULL);
	case UNIT_SENTENCES: {
		uint32_t lo = 0, hi = d->n_sentences;

		while (lo < hi) { /* sentences are in document order */
			uint32_t mid = lo + (hi - lo) / 2;

			if (d->sentences[mid].off < off)
				lo = mid + 1;
			else
				hi = mid;
		}
		for (i = lo; i < d->n_sentences && d->sentences[i].off < end;
		     i++)
			n++;
		return n;
	}
	default: {
		uint32_t lo = 0, hi = d->n_blocks;

		while (lo < hi) { /* blocks are in document order */
			uint32_t mid = lo + (hi - lo) / 2;

			if (d->blocks[mid].off < off)
				lo = mid + 1;
			else
				hi = mid;
		}
		for (i = lo; i < d->n_blocks && d->blocks[i].off < end; i++)
			n += d->blocks[i].kind == RL_BLOCK_PARAGRAPH;
		return n;
	}
	}
}

static rl_err
over(run *c, uint64_t n, uint32_t off, uint32_t len)
{
	char        cnt[32], lim[32];
	long long   limit;
	const char *args[2] = { cnt, lim };

	if (c->x->max && n > (uint64_t)c->x->max)
		limit = c->x->max;
	else if (c->x->min && n < (uint64_t)c->x->min)
		limit = c->x->min;
	else
		return RL_OK;
	snprintf(cnt, sizeof cnt, "%llu", (unsigned long long)n);
	snprintf(lim, sizeof lim, "%lld", limit);
	return rl__emit_message(&c->emit, off, len, c->rule->message, args, 2);
}

static rl_err
length_range(void *arg, const char *text, uint32_t off, uint32_t end)
{
	run     *c = arg;
	uint64_t n = count(c, text, off, end);

	if (c->x->per == PER_SCOPE)
		return over(c, n, off, end - off);
	if (c->cr.n == c->cr.cap) {
		size_t    cap = c->cr.cap ? 2 * c->cr.cap : 64;
		uint32_t *o = rl__arena_alloc(c->scan->arena, cap * sizeof *o);
		uint32_t *e = rl__arena_alloc(c->scan->arena, cap * sizeof *e);
		uint64_t *s =
		    rl__arena_alloc(c->scan->arena, (cap + 1) * sizeof *s);

		if (!o || !e || !s)
			return RL_ENOMEM;
		if (c->cr.n) {
			memcpy(o, c->cr.off, c->cr.n * sizeof *o);
			memcpy(e, c->cr.end, c->cr.n * sizeof *e);
			memcpy(s, c->cr.sum, (c->cr.n + 1) * sizeof *s);
		} else {
			s[0] = 0;
		}
		c->cr.off = o;
		c->cr.end = e;
		c->cr.sum = s;
		c->cr.cap = cap;
	}
	c->cr.off[c->cr.n]     = off;
	c->cr.end[c->cr.n]     = end;
	c->cr.sum[c->cr.n + 1] = c->cr.sum[c->cr.n] + n;
	c->cr.n++;
	return RL_OK;
}

/* total: the count in the ranges that lie inside [off, end). */
static uint64_t
total(const counted *cr, uint32_t off, uint32_t end)
{
	size_t lo = 0, hi = cr->n, a, b;

	while (lo < hi) { /* first range starting at or after off */
		size_t mid = lo + (hi - lo) / 2;

		if (cr->off[mid] < off)
			lo = mid + 1;
		else
			hi = mid;
	}
	a  = lo;
	hi = cr->n;
	while (lo < hi) { /* first range not ending by end */
		size_t mid = lo + (hi - lo) / 2;

		if (cr->end[mid] <= end)
			lo = mid + 1;
		else
			hi = mid;
	}
	b = lo;
	return b > a ? cr->sum[b] - cr->sum[a] : 0;
}

static rl_err
length_check(const rl_rule *r, rl_scan *s)
{
	const rl_doc *d = s->doc;
	run           c;
	uint32_t      i, o, e;
	size_t        a, z;
	rl_err        err;

	memset(&c, 0, sizeof c);
	c.scan = s;
	c.rule = r;
	c.x    = r->state;
	rl__emit_init(&c.emit, s, r);
	if ((err = rl__scan_ranges(s, r, length_range, &c)))
		return err;
	if (c.x->per == PER_SCOPE)
		return RL_OK;
	if (c.x->per == PER_DOCUMENT)
		return over(&c, c.cr.n ? c.cr.sum[c.cr.n] : 0, 0, 0);
	for (i = 1; i < d->n_sections; i++) {
		const rl_section *sec = &d->sections[i];

		if (r->section &&
		    rl__regex_match(r->section, sec->title, strlen(sec->title),
		        0, rl__scan_match_data(s), &a, &z) != 1)
			continue;
		o = sec->off;
		e = sec->body;
		if (sec->heading < d->n_blocks) {
			o = d->blocks[sec->heading].off;
			e = d->blocks[sec->heading].end;
		}
		rl__trim(d->prose, &o, &e);
		if (c.cr.n == 0 && !c.x->min)
			continue;
		if ((err = over(&c,
		         c.cr.n ? total(&c.cr, sec->body, sec->end) : 0, o,
		         e - o)))
			return err;
	}
	return RL_OK;
}

const rl_kind rl__kind_length = {
	.name         = "length",
	.compile      = length_compile,
	.check        = length_check,
	.per_document = true,
};

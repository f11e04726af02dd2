/*
 * literal_set.c - finite sets of strings and sets of literals for the
 * pattern analysis (see literal.c): unions, products, and the best
 * literal each string of a set guarantees.
 */
#include <string.h>

#include "rules/literal_int.h"

#define FOLD(c) (uint8_t)((c) >= 0x41 && (c) <= 0x5a ? (c) + 0x20 : (c))
#define FOLD4(b) FOLD(b), FOLD(b + 1), FOLD(b + 2), FOLD(b + 3)
#define FOLD16(b) FOLD4(b), FOLD4(b + 4), FOLD4(b + 8), FOLD4(b + 12)
#define FOLD64(b) FOLD16(b), FOLD16(b + 16), FOLD16(b + 32), FOLD16(b + 48)
const uint8_t rl__lit_fold[256] = { FOLD64(0), FOLD64(64), FOLD64(128),
	FOLD64(192) };
#undef FOLD64
#undef FOLD16
#undef FOLD4
#undef FOLD

#define W(c)                                                                   \
	(uint8_t)(((c) >= 0x30 && (c) <= 0x39) ||                              \
	    ((c) >= 0x41 && (c) <= 0x5a) || ((c) >= 0x61 && (c) <= 0x7a) ||    \
	    (c) == 0x5f)
#define W4(b) W(b), W(b + 1), W(b + 2), W(b + 3)
#define W16(b) W4(b), W4(b + 4), W4(b + 8), W4(b + 12)
#define W64(b) W16(b), W16(b + 16), W16(b + 32), W16(b + 48)
const uint8_t rl__lit_word[256] = { W64(0), W64(64), W64(128), W64(192) };
#undef W64
#undef W16
#undef W4
#undef W

/* ------------------------------------------------------------------------
 * Sets
 * ------------------------------------------------------------------------ */

lit_sset *
rl__lset_new(lit_parser *ps, size_t n)
{
	lit_sset *s = rl__arena_alloc(ps->a, sizeof *s);

	if (s)
		s->v = rl__arena_alloc(ps->a, (n ? n : 1) * sizeof *s->v);
	if (!s || !s->v) {
		ps->oom = true;
		return NULL;
	}
	s->n = 0;
	return s;
}

lit_sset *
rl__lset_of(lit_parser *ps, const uint8_t *b, uint32_t len)
{
	lit_sset *s = rl__lset_new(ps, 1);
	uint8_t  *c;

	if (!s)
		return NULL;
	c = rl__arena_alloc(ps->a, len ? len : 1);
	if (!c) {
		ps->oom = true;
		return NULL;
	}
	memcpy(c, b, len);
	s->v[0].b   = c;
	s->v[0].len = len;
	s->n        = 1;
	return s;
}

lit_sset *
rl__lset_marker(lit_parser *ps, uint8_t m)
{
	return rl__lset_of(ps, &m, 1);
}

lit_sset *
rl__lset_empty_string(lit_parser *ps)
{
	return rl__lset_of(ps, (const uint8_t *)"", 0);
}

static bool
str_eq(const lit_str *x, const lit_str *y)
{
	return x->len == y->len && memcmp(x->b, y->b, x->len) == 0;
}

/* sset_union: NULL (unknown) when too large or either side unknown. */
lit_sset *
rl__lset_union(lit_parser *ps, const lit_sset *x, const lit_sset *y)
{
	lit_sset *u;
	size_t    i, j;

	if (!x || !y || x->n + y->n > SET_CAP)
		return NULL;
	if (!(u = rl__lset_new(ps, x->n + y->n)))
		return NULL;
	memcpy(u->v, x->v, x->n * sizeof *x->v);
	u->n = x->n;
	for (i = 0; i < y->n; i++) {
		for (j = 0; j < x->n && !str_eq(&x->v[j], &y->v[i]); j++)
			;
		if (j == x->n)
			u->v[u->n++] = y->v[i];
	}
	return u;
}

/* sset_cross: every x followed by every y; NULL when too large. */
lit_sset *
rl__lset_cross(lit_parser *ps, const lit_sset *x, const lit_sset *y)
{
	lit_sset *c;
	size_t    i, j;
	uint8_t  *b;

	if (!x || !y || x->n * y->n > SET_CAP)
		return NULL;
	for (i = 0; i < x->n; i++)
		for (j = 0; j < y->n; j++)
			if (x->v[i].len + y->v[j].len > STR_CAP)
				return NULL;
	if (!(c = rl__lset_new(ps, x->n * y->n)))
		return NULL;
	for (i = 0; i < x->n; i++) {
		for (j = 0; j < y->n; j++) {
			b = rl__arena_alloc(
			    ps->a, x->v[i].len + y->v[j].len + 1);
			if (!b) {
				ps->oom = true;
				return NULL;
			}
			memcpy(b, x->v[i].b, x->v[i].len);
			memcpy(b + x->v[i].len, y->v[j].b, y->v[j].len);
			c->v[c->n].b     = b;
			c->v[c->n++].len = x->v[i].len + y->v[j].len;
		}
	}
	return c;
}

/* ------------------------------------------------------------------------
 * Markers
 * ------------------------------------------------------------------------ */

bool
rl__lset_is_literal_byte(uint8_t c)
{
	return c > M_LAST;
}

/* width: bytes an item takes, -1 when it varies. */
static int
width(uint8_t c)
{
	if (c > M_LAST || c == M_UNK1 || c == M_NW1)
		return 1;
	if (c == M_NW0 || c == M_B)
		return 0;
	return -1;
}

/* proves_edge: the item proves a non-word character next to a word. */
static bool
proves_edge(uint8_t c)
{
	return c == M_NW0 || c == M_NW1 || c == M_NWP || c == M_B;
}

lit_sset *
rl__lset_repeat(lit_parser *ps, const lit_sset *x, unsigned min)
{
	size_t i;
	bool   zero = true, nonword = true;

	if (!x || x->n == 0)
		return NULL;
	for (i = 0; i < x->n; i++) {
		uint8_t c;

		if (x->v[i].len != 1 || rl__lset_is_literal_byte(x->v[i].b[0]))
			return NULL;
		c       = x->v[i].b[0];
		zero    = zero && (c == M_NW0 || c == M_B);
		nonword = nonword &&
		    (c == M_NW0 || c == M_NW1 || c == M_NWP || c == M_NWV);
	}
	if (zero) /* repeating nothing is still nothing */
		return min ? rl__lset_union(ps, x, x)
		           : rl__lset_union(ps, x, rl__lset_empty_string(ps));
	if (nonword)
		return rl__lset_marker(ps, min ? M_NWP : M_NWV);
	return rl__lset_marker(ps, M_UNKV);
}

/* ------------------------------------------------------------------------
 * Literal sets
 * ------------------------------------------------------------------------ */

static int
lit_score(const rl_lit *l)
{
	return l->word ? l->len + 2 : l->len;
}

static bool
lit_ok(const rl_lit *l, bool anchored)
{
	if (anchored && l->at < 0)
		return false;
	if (l->word)
		return l->len >= 1 && l->len <= RL_LIT_MAX_WORD;
	return l->len >= (anchored ? 1 : RL_LIT_MIN_SUBSTRING);
}

static void
consider(rl_lit *cand, rl_lit *best, int *score, bool anchored)
{
	if (lit_ok(cand, anchored) && lit_score(cand) > *score) {
		*score = lit_score(cand);
		*best  = *cand;
	}
}

/* best_in finds the best literal in one exact string; false if none.
 * anchored: only literals at a known offset from the string's start. */
static bool
best_in(const lit_str *s, rl_lit *out, bool anchored)
{
	uint32_t i     = 0, j, p, q;
	int      score = -1, at = 0, w;
	rl_lit   l;

	while (i < s->len) {
		if (!rl__lset_is_literal_byte(s->b[i])) {
			w  = width(s->b[i]);
			at = (at < 0 || w < 0) ? -1 : at + w;
			i++;
			continue;
		}
		for (j = i; j < s->len && rl__lset_is_literal_byte(s->b[j]);
		     j++)
			;
		l.s    = (const char *)s->b + i;
		l.len  = (uint16_t)(j - i);
		l.word = false;
		l.lb   = !rl__lit_is_word(s->b[i]) ||
		    (i > 0 && proves_edge(s->b[i - 1]));
		l.at = (int16_t)(at >= 0 && at < 0x7fff ? at : -1);
		consider(&l, out, &score, anchored);
		for (p = i; p < j; p = q) {
			bool left, right;

			if (!rl__lit_is_word(s->b[p])) {
				q = p + 1;
				continue;
			}
			for (q = p; q < j && rl__lit_is_word(s->b[q]); q++)
				;
			left  = p > i ? s->b[p - 1] < 0x80
			              : i > 0 && proves_edge(s->b[i - 1]);
			right = q < j ? s->b[q] < 0x80
			              : j < s->len && proves_edge(s->b[j]);
			if (!left || !right)
				continue;
			l.s    = (const char *)s->b + p;
			l.len  = (uint16_t)(q - p);
			l.word = true;
			l.lb   = true;
			l.at   = (int16_t)(at >= 0 && at + (int)(p - i) < 0x7fff
			          ? at + (int)(p - i)
			          : -1);
			consider(&l, out, &score, anchored);
		}
		at = at < 0 ? -1 : at + (int)(j - i);
		i  = j;
	}
	return score >= 0;
}

static bool
lit_eq(const rl_lit *x, const rl_lit *y)
{
	return x->word == y->word && x->len == y->len && x->at == y->at &&
	    x->lb == y->lb && memcmp(x->s, y->s, x->len) == 0;
}

lit_lset *
rl__lset_derive(lit_parser *ps, const lit_sset *x, bool anchored)
{
	lit_lset *l;
	size_t    i, j;
	rl_lit    lit;

	if (!x || x->n == 0)
		return NULL;
	l = rl__arena_alloc(ps->a, sizeof *l);
	if (l)
		l->v = rl__arena_alloc(ps->a, x->n * sizeof *l->v);
	if (!l || !l->v) {
		ps->oom = true;
		return NULL;
	}
	l->n     = 0;
	l->score = 1 << 20;
	for (i = 0; i < x->n; i++) {
		if (!best_in(&x->v[i], &lit, anchored))
			return NULL;
		if (!anchored)
			lit.at = -1; /* offsets matter only when anchored */
		for (j = 0; j < l->n && !lit_eq(&l->v[j], &lit); j++)
			;
		if (j == l->n)
			l->v[l->n++] = lit;
		if (lit_score(&lit) < l->score)
			l->score = lit_score(&lit);
	}
	return l;
}

/* lits_union: every branch of an alternation needs its literal. */
lit_lset *
rl__lset_lits_union(lit_parser *ps, const lit_lset *x, const lit_lset *y)
{
	lit_lset *u;
	size_t    i, j;

	if (!x || !y)
		return NULL;
	u = rl__arena_alloc(ps->a, sizeof *u);
	if (u)
		u->v = rl__arena_alloc(ps->a, (x->n + y->n) * sizeof *u->v);
	if (!u || !u->v) {
		ps->oom = true;
		return NULL;
	}
	memcpy(u->v, x->v, x->n * sizeof *x->v);
	u->n = x->n;
	for (i = 0; i < y->n; i++) {
		for (j = 0; j < x->n && !lit_eq(&x->v[j], &y->v[i]); j++)
			;
		if (j == x->n)
			u->v[u->n++] = y->v[i];
	}
	u->score = x->score < y->score ? x->score : y->score;
	return u;
}

lit_lset *
rl__lset_best(lit_lset *x, lit_lset *y)
{
	if (!x)
		return y;
	if (!y)
		return x;
	if (x->score != y->score)
		return x->score > y->score ? x : y;
	return x->n <= y->n ? x : y;
}

/* info_req: the best literals of one subpattern. */
lit_lset *
rl__lset_info_req(lit_parser *ps, const lit_info *in)
{
	return rl__lset_best(
	    in->exact ? rl__lset_derive(ps, in->exact, false) : NULL, in->req);
}

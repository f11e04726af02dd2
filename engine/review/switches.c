/*
 * switches.c - rules switched off in place by HTML comments.
 *
 * A document may say, in Redline's words or Vale's:
 *     <!-- redline off -->  ...  <!-- redline on -->       every rule
 *     <!-- redline PACK.RULE = NO -->  ...  = YES -->      one rule
 *     <!-- vale off -->, <!-- vale on -->, <!-- vale Style.Rule = NO -->
 * A name without a dot (<!-- redline prfaq = NO -->) covers a whole pack.
 * A region runs from the comment that opens it to the one that closes it,
 * or to the end of the document.  Vale's states are booleans, so a second
 * "off" inside an open region changes nothing; so here.
 */
#include <stdlib.h>
#include <string.h>

#include "review/review.h"

#define OPEN_END UINT32_MAX

typedef enum sw_kind {
	SW_NONE = 0,
	SW_OFF,
	SW_ON,
	SW_RULE_NO,
	SW_RULE_YES,
} sw_kind;

static bool
is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
	    c == '\v';
}

static void
trim(const char **s, size_t *n)
{
	while (*n && is_space(**s)) {
		(*s)++;
		(*n)--;
	}
	while (*n && is_space((*s)[*n - 1]))
		(*n)--;
}

static bool
equals(const char *s, size_t n, const char *word)
{
	return strlen(word) == n && memcmp(s, word, n) == 0;
}

/* parse reads one comment's text; for rule switches (*name, *nlen) is the
 * rule (or pack) named. */
static sw_kind
parse(const char *s, size_t n, const char **name, size_t *nlen)
{
	const char *eq, *val;
	size_t      vlen, i;

	if (n >= 4 && memcmp(s, "<!--", 4) == 0) {
		s += 4;
		n -= 4;
	}
	if (n >= 3 && memcmp(s + n - 3, "-->", 3) == 0)
		n -= 3;
	trim(&s, &n);
	if (n > 8 && memcmp(s, "redline", 7) == 0 && is_space(s[7])) {
		s += 8;
		n -= 8;
	} else if (n > 5 && memcmp(s, "vale", 4) == 0 && is_space(s[4])) {
		s += 5;
		n -= 5;
	} else {
		return SW_NONE;
	}
	trim(&s, &n);
	if (equals(s, n, "off"))
		return SW_OFF;
	if (equals(s, n, "on"))
		return SW_ON;
	eq = memchr(s, '=', n);
	if (!eq)
		return SW_NONE;
	val   = eq + 1;
	vlen  = n - (size_t)(val - s);
	*name = s;
	*nlen = (size_t)(eq - s);
	trim(name, nlen);
	trim(&val, &vlen);
	if (*nlen == 0)
		return SW_NONE;
	for (i = 0; i < *nlen; i++)
		if (is_space((*name)[i]))
			return SW_NONE;
	if (equals(val, vlen, "NO") || equals(val, vlen, "no"))
		return SW_RULE_NO;
	if (equals(val, vlen, "YES") || equals(val, vlen, "yes"))
		return SW_RULE_YES;
	return SW_NONE;
}

static int
span_cmp(const void *a, const void *b)
{
	const rl_span *x = a, *y = b;

	return x->off < y->off ? -1 : x->off > y->off;
}

/* open_range finds the region of name that is still open, or NULL. */
static rl_switch_range *
open_range(rl_switch_range *r, size_t n, const char *name, size_t nlen)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (r[i].rule && r[i].end == OPEN_END &&
		    equals(name, nlen, r[i].rule))
			return &r[i];
	return NULL;
}

rl_err
rl__switches_parse(
    const rl_doc *d, rl_arena *a, rl_switch_range **out, size_t *n)
{
	rl_span         *spans;
	rl_switch_range *r, *o;
	size_t           nr = 0, i, nlen = 0;
	bool             off       = false;
	uint32_t         off_start = 0;
	const char      *name      = NULL;

	*out = NULL;
	*n   = 0;
	if (d->n_comments == 0)
		return RL_OK;
	spans = rl__arena_alloc(a, d->n_comments * sizeof *spans);
	r     = rl__arena_calloc(a, (size_t)d->n_comments + 1, sizeof *r);
	if (!spans || !r)
		return RL_ENOMEM;
	memcpy(spans, d->comments, d->n_comments * sizeof *spans);
	qsort(spans, d->n_comments, sizeof *spans, span_cmp);

	for (i = 0; i < d->n_comments; i++) {
		rl_span c = spans[i];

		if (c.end < c.off || c.end > d->len)
			continue;
		switch (parse(d->raw + c.off, c.end - c.off, &name, &nlen)) {
		case SW_OFF:
			if (!off) {
				off       = true;
				off_start = c.off;
			}
			break;
		case SW_ON:
			if (off) {
				r[nr].rule  = NULL;
				r[nr].off   = off_start;
				r[nr++].end = c.off;
				off         = false;
			}
			break;
		case SW_RULE_NO:
			if (open_range(r, nr, name, nlen))
				break;
			r[nr].rule = rl__arena_strndup(a, name, nlen);
			if (!r[nr].rule)
				return RL_ENOMEM;
			r[nr].off   = c.off;
			r[nr++].end = OPEN_END;
			break;
		case SW_RULE_YES:
			o = open_range(r, nr, name, nlen);
			if (o)
				o->end = c.off;
			break;
		case SW_NONE:
			break;
		}
	}
	if (off) {
		r[nr].rule  = NULL;
		r[nr].off   = off_start;
		r[nr++].end = OPEN_END;
	}
	*out = r;
	*n   = nr;
	return RL_OK;
}

static bool
names_rule(const char *name, const char *rule_id)
{
	size_t n;

	if (strcmp(name, rule_id) == 0)
		return true;
	if (strchr(name, '.'))
		return false;
	n = strlen(name);
	return strncmp(name, rule_id, n) == 0 && rule_id[n] == '.';
}

bool
rl__switches_off(
    const rl_switch_range *r, size_t n, const char *rule_id, uint32_t off)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (off < r[i].off || off >= r[i].end)
			continue;
		if (!r[i].rule || (rule_id && names_rule(r[i].rule, rule_id)))
			return true;
	}
	return false;
}

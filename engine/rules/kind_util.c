/*
 * kind_util.c - helpers the built-in kinds share (see kind.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rules/kind.h"
#include "rules/literal.h"
#include "rules/prefilter.h"
#include "rules/regex_int.h"

/* ------------------------------------------------------------------------
 * Compiling
 * ------------------------------------------------------------------------ */

rl_err
rl__kind_regex(rl_kind_ctx *ctx, const rl_cfg *node, const char *field,
    const char *pattern, uint32_t flags, rl_regex **out)
{
	rl_diag d;
	rl_err  err;

	memset(&d, 0, sizeof d);
	err = rl__regex_compile(pattern, flags, out, &d);
	if (err == RL_OK)
		return RL_OK;
	if (err == RL_ENOMEM)
		return rl__diag_set(
		    ctx->diag, err, ctx->file, 0, 0, "out of memory");
	return rl__cfg_error(
	    node, ctx->file, ctx->diag, "%s: %s", field, d.message);
}

rl_err
rl__kind_regex_join(rl_kind_ctx *ctx, rl_cfg *list, const char *field,
    const char *before, const char *const *parts, size_t n, const char *sep,
    const char *after, uint32_t flags, rl_regex **out)
{
	rl_buf        b;
	rl_diag       d;
	rl_regex     *one;
	const rl_cfg *at;
	size_t        i;
	rl_err        err;

	rl__buf_init(&b);
	rl__buf_puts(&b, before);
	for (i = 0; i < n; i++) {
		if (i)
			rl__buf_puts(&b, sep);
		rl__buf_puts(&b, parts[i]);
	}
	rl__buf_puts(&b, after);
	if (b.failed) {
		rl__buf_free(&b);
		return rl__diag_set(
		    ctx->diag, RL_ENOMEM, ctx->file, 0, 0, "out of memory");
	}
	memset(&d, 0, sizeof d);
	err = rl__regex_compile(b.data, flags, out, &d);
	rl__buf_free(&b);
	if (err != RL_EPACK)
		return err == RL_OK ? RL_OK
		                    : rl__diag_set(ctx->diag, err, ctx->file, 0,
		                          0, "out of memory");
	/* Find the part at fault so the error points at its line. */
	for (i = 0; i < n; i++) {
		rl_diag d1;

		memset(&d1, 0, sizeof d1);
		if (rl__regex_compile(parts[i], flags, &one, &d1) == RL_OK) {
			rl__regex_free(one);
			continue;
		}
		at = list;
		if (list && list->kind == RL_CFG_SEQ) {
			const rl_cfg *c;

			for (c = list->child; c; c = c->next)
				if (c->value == parts[i])
					at = c;
		} else if (list && list->kind == RL_CFG_MAP) {
			const rl_cfg *c;

			for (c = list->child; c; c = c->next)
				if (c->key == parts[i] || c->value == parts[i])
					at = c;
		}
		return rl__cfg_error(
		    at, ctx->file, ctx->diag, "%s: %s", field, d1.message);
	}
	return rl__cfg_error(
	    list, ctx->file, ctx->diag, "%s: %s", field, d.message);
}

rl_err
rl__rule_trigger(rl_rule *r, const rl_regex *re)
{
	const rl_lits *l = rl__regex_lits(re);

	if (r->trigger_none)
		return RL_OK;
	if (!l || l->n == 0) {
		r->trigger_none = true;
		r->trigger_one  = NULL;
		if (r->trigger)
			rl__lits_free(r->trigger);
		rl__free(r->trigger);
		r->trigger = NULL;
		return RL_OK;
	}
	if (!r->trigger) {
		r->trigger = rl__calloc(1, sizeof *r->trigger);
		if (!r->trigger)
			return RL_ENOMEM;
		r->trigger_one = re;
		return rl__lits_copy(r->trigger, l);
	}
	r->trigger_one = NULL;
	return rl__lits_merge(r->trigger, l);
}

uint32_t
rl__vale_flags(const rl_rule *r)
{
	return r->ignorecase ? RL_RE_CASELESS : 0;
}

rl_err
rl__kind_strlist(rl_kind_ctx *ctx, rl_cfg *spec, const char *key,
    const char ***out, size_t *n)
{
	rl_err err = rl__cfg_strlist(
	    spec, key, ctx->file, ctx->arena, out, n, ctx->diag);

	if (err == RL_ENOENT) {
		*out = NULL;
		*n   = 0;
		return RL_OK;
	}
	return err;
}

/* ------------------------------------------------------------------------
 * Matching
 * ------------------------------------------------------------------------ */

void
rl__matcher_init(rl_matcher *m, rl_scan *s, const rl_rule *r,
    const rl_regex *re, const char *text, uint32_t off, uint32_t end)
{
	const uint32_t *v;
	size_t          n, lo = 0, hi;

	memset(m, 0, sizeof *m);
	m->re    = re;
	m->md    = rl__scan_match_data(s);
	m->s     = text + off;
	m->len   = end - off;
	m->base  = off;
	m->limit = SIZE_MAX;
	if (r->trigger_one != re || !r->trigger ||
	    !rl__prefilter_starts(s, r, &v, &n)) {
		m->none = !rl__regex_may_match(re, m->s, m->len);
		return;
	}
	hi = n;
	while (lo < hi) { /* first start in the range */
		size_t mid = lo + (hi - lo) / 2;

		if (v[mid] < off)
			lo = mid + 1;
		else
			hi = mid;
	}
	m->starts = v + lo;
	for (m->n_starts = 0; lo + m->n_starts < n && v[lo + m->n_starts] < end;
	     m->n_starts++)
		;
	if (r->trigger->anchored) {
		m->anchored = true;
		return;
	}
	/* A match holds a literal, which starts where it does or later. */
	if (m->n_starts == 0) {
		m->none = true;
		return;
	}
	m->limit = m->starts[m->n_starts - 1] - off;
	m->mctx  = rl__scan_match_context(s);
	m->none  = !rl__regex_may_match(re, m->s, m->len);
}

int
rl__matcher_next(rl_matcher *m, size_t *a, size_t *z)
{
	int rc;

	if (m->none)
		return 0;
	if (!m->anchored) {
		rc = m->limit == SIZE_MAX
		    ? rl__regex_match(m->re, m->s, m->len, m->at, m->md, a, z)
		    : rl__regex_match_before(m->re, m->s, m->len, m->at,
		          m->limit, m->md, m->mctx, a, z);
		if (rc == 1)
			m->at = rl__regex_next(m->s, m->len, *z, *a);
		return rc;
	}
	while (m->i < m->n_starts) {
		size_t c = m->starts[m->i++] - m->base;

		/* not before the last match's end, and never inside a
		 * character (an ASCII item before the literal, say) */
		if (c < m->at || ((uint8_t)m->s[c] & 0xc0) == 0x80)
			continue;
		rc = rl__regex_match_at(m->re, m->s, m->len, c, m->md, a, z);
		if (rc == 0)
			continue;
		if (rc == 1)
			m->at = rl__regex_next(m->s, m->len, *z, *a);
		return rc;
	}
	return 0;
}

/* ------------------------------------------------------------------------
 * Exceptions
 * ------------------------------------------------------------------------ */

static int
by_length_desc(const void *a, const void *b)
{
	size_t x = strlen(*(const char *const *)a);
	size_t y = strlen(*(const char *const *)b);

	return x < y ? 1 : x > y ? -1 : 0;
}

/* simple_terms: every term is a plain word (rl__kind_plain) or (?i)
 * before one, so the alternation can be written as a tree. */
static bool
simple_terms(const char *const *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!rl__kind_plain(v[i]) &&
		    !(strncmp(v[i], "(?i)", 4) == 0 &&
		        rl__kind_plain(v[i] + 4)))
			return false;
	return true;
}

rl_err
rl__except_compile(rl_kind_ctx *ctx, rl_cfg *spec, rl_except *out)
{
	const char **terms, **sorted;
	size_t       n, i, n_phrase = 0;
	rl_buf       b, ph;
	rl_cfg      *node = rl__cfg_get(spec, "exceptions");
	rl_err       err;

	out->re     = NULL;
	out->phrase = NULL;
	if ((err = rl__kind_strlist(ctx, spec, "exceptions", &terms, &n)))
		return err;
	if (n == 0)
		return RL_OK;
	sorted = rl__arena_alloc(ctx->arena, n * sizeof *sorted);
	if (!sorted)
		return rl__diag_set(
		    ctx->diag, RL_ENOMEM, ctx->file, 0, 0, "out of memory");
	memcpy(sorted, terms, n * sizeof *sorted);
	/* Longest first, so alternation prefers the longest term. */
	qsort(sorted, n, sizeof *sorted, by_length_desc);
	rl__buf_init(&b);
	rl__buf_init(&ph);
	rl__buf_puts(&b, "(?m)\\b(?:");
	rl__buf_puts(&ph, "\\b(?:");
	if (simple_terms(sorted, n)) {
		/* The same alternation with the plain terms merged into a
		 * prefix tree; a (?i) term in a group of its own, so its
		 * option stays there as the (?-i) before each term did. */
		const char **alt = rl__arena_alloc(ctx->arena, n * sizeof *alt);

		for (i = 0; alt && i < n; i++)
			alt[i] = rl__kind_plain(sorted[i])
			    ? sorted[i]
			    : rl__arena_printf(ctx->arena, "(?:%s)", sorted[i]);
		for (i = 0; alt && i < n && alt[i]; i++)
			;
		if (!alt || i < n)
			b.failed = true;
		else
			rl__alternation(&b, alt, n, false);
	} else {
		for (i = 0; i < n; i++) {
			if (i)
				rl__buf_putc(&b, '|');
			/* (?-i) keeps a term case-sensitive unless it says
			 * (?i). */
			if (strncmp(sorted[i], "(?i)", 4) != 0)
				rl__buf_puts(&b, "(?-i)");
			rl__buf_puts(&b, sorted[i]);
		}
	}
	for (i = 0; i < n; i++)
		if (strpbrk(sorted[i], " \t") || strstr(sorted[i], "\\s")) {
			if (n_phrase++)
				rl__buf_putc(&ph, '|');
			rl__buf_puts(&ph, sorted[i]);
		}
	rl__buf_puts(&b, ")\\b");
	rl__buf_puts(&ph, ")\\b");
	if (b.failed || ph.failed) {
		err = rl__diag_set(
		    ctx->diag, RL_ENOMEM, ctx->file, 0, 0, "out of memory");
		goto done;
	}
	err = rl__kind_regex(ctx, node, "exceptions", b.data, 0, &out->re);
	if (err == RL_EPACK) /* point at the term at fault */
		err = rl__kind_regex_join(ctx, node, "exceptions", "", terms, n,
		    "|", "", 0, &out->re);
	if (err == RL_OK && out->re == NULL)
		err = rl__cfg_error(node, ctx->file, ctx->diag,
		    "exceptions: these terms do not combine into one pattern");
	if (err == RL_OK && n_phrase &&
	    rl__regex_compile(ph.data, RL_RE_CASELESS, &out->phrase, NULL))
		out->phrase = NULL; /* as Vale: a phrase list that does not
		                       compile just goes unused */
done:
	rl__buf_free(&b);
	rl__buf_free(&ph);
	if (err)
		rl__except_free(out);
	return err;
}

void
rl__except_free(rl_except *ex)
{
	rl__regex_free(ex->re);
	rl__regex_free(ex->phrase);
	ex->re     = NULL;
	ex->phrase = NULL;
}

bool
rl__except_hit(const rl_except *ex, pcre2_match_data *md, const char *s,
    size_t len, const char *text, size_t tlen, size_t m_off, size_t m_end)
{
	size_t a, z, at = 0;

	if (ex->re && rl__regex_match(ex->re, s, len, 0, md, &a, &z) == 1)
		return true;
	if (!ex->phrase || !text)
		return false;
	while (at <= tlen &&
	    rl__regex_match(ex->phrase, text, tlen, at, md, &a, &z) == 1) {
		if (a > m_off)
			break;
		if (m_off >= a && m_end <= z)
			return true;
		at = rl__regex_next(text, tlen, z, a);
	}
	return false;
}

/* ------------------------------------------------------------------------
 * Reporting
 * ------------------------------------------------------------------------ */

void
rl__emit_init(rl_emit *e, rl_scan *s, const rl_rule *r)
{
	e->scan  = s;
	e->rule  = r;
	e->count = 0;
}

rl_err
rl__emit(rl_emit *e, uint32_t off, uint32_t len, const char *a0, const char *a1,
    const char *const *sugg, size_t n_sugg)
{
	rl_hit h;
	rl_err err;

	if (e->rule->limit && e->count >= e->rule->limit)
		return RL_OK;
	memset(&h, 0, sizeof h);
	h.off           = off;
	h.len           = len;
	h.args[0]       = a0;
	h.args[1]       = a1;
	h.level         = -1;
	h.suggestions   = sugg;
	h.n_suggestions = n_sugg;
	err             = rl__scan_report(e->scan, e->rule, &h);
	if (err == RL_OK)
		e->count++;
	return err;
}

rl_err
rl__emit_message(rl_emit *e, uint32_t off, uint32_t len, const char *msg,
    const char *const *args, size_t nargs)
{
	char   buf[1024];
	size_t o = 0, next = 0;
	rl_hit h;
	rl_err err;

	if (e->rule->limit && e->count >= e->rule->limit)
		return RL_OK;
	for (const char *p = msg ? msg : ""; *p && o + 1 < sizeof buf; p++) {
		if (p[0] == '%' && (p[1] == 's' || p[1] == 'v')) {
			const char *a = next < nargs ? args[next] : NULL;

			next++;
			for (; a && *a && o + 1 < sizeof buf; a++)
				buf[o++] = *a;
			p++;
		} else if (p[0] == '%' && p[1] == '%') {
			buf[o++] = '%';
			p++;
		} else {
			buf[o++] = *p;
		}
	}
	buf[o] = '\0';
	memset(&h, 0, sizeof h);
	h.off     = off;
	h.len     = len;
	h.message = buf;
	h.level   = -1;
	err       = rl__scan_report(e->scan, e->rule, &h);
	if (err == RL_OK)
		e->count++;
	return err;
}

const char *
rl__to_sentence(const char *const *v, size_t n, char *buf, size_t size)
{
	size_t i, used = 0;
	int    w;

	buf[0] = '\0';
	for (i = 0; i < n && used < size; i++) {
		if (n == 2 && i == 1)
			w = snprintf(buf + used, size - used, " or ");
		else if (i > 0 && i == n - 1)
			w = snprintf(buf + used, size - used, ", or ");
		else if (i > 0)
			w = snprintf(buf + used, size - used, ", ");
		else
			w = 0;
		if (w < 0)
			break;
		used += (size_t)w;
		if (used >= size)
			break;
		w = snprintf(buf + used, size - used, "'%s'", v[i]);
		if (w < 0)
			break;
		used += (size_t)w;
	}
	return buf;
}

static void
trim_set(
    const char *s, size_t *b, size_t *e, const char *set, bool left, bool right)
{
	while (left && *b < *e && strchr(set, s[*b]) && s[*b])
		(*b)++;
	while (right && *e > *b && strchr(set, s[*e - 1]) && s[*e - 1])
		(*e)--;
}

/* put copies s[b, e), trimmed of white space, into buf. */
static const char *
put(const char *s, size_t b, size_t e, char *buf, size_t size)
{
	while (b < e && rl__is_space(s[b]))
		b++;
	while (e > b && rl__is_space(s[e - 1]))
		e--;
	if (e - b >= size)
		e = b + size - 1;
	memcpy(buf, s + b, e - b);
	buf[e - b] = '\0';
	return buf;
}

/* edit applies Vale's `edit` action to m[0, n). */
static const char *
edit(const rl_rule *r, pcre2_match_data *md, const char *m, size_t n, char *buf,
    size_t size)
{
	const char *const *p  = r->action_params;
	const char        *op = r->n_action_params ? p[0] : "";
	size_t             b = 0, e = n, len;

	if (strcmp(op, "regex") == 0 && r->action_regex &&
	    r->n_action_params == 3) {
		char tmp[1024];

		len = sizeof tmp;
		if (!rl__regex_substitute(
		        r->action_regex, m, n, p[2], md, tmp, &len))
			return NULL;
		return put(tmp, 0, len, buf, size);
	}
	if (strcmp(op, "trim_right") == 0) {
		trim_set(m, &b, &e, p[1], false, true);
	} else if (strcmp(op, "trim_left") == 0) {
		trim_set(m, &b, &e, p[1], true, false);
	} else if (strcmp(op, "trim") == 0) {
		trim_set(m, &b, &e, p[1], true, true);
	} else if (strcmp(op, "truncate") == 0) {
		const char *cut = *p[1] ? strstr(m, p[1]) : NULL;

		if (cut && (size_t)(cut - m) < n)
			e = (size_t)(cut - m);
	} else if (strcmp(op, "split") == 0 && r->n_action_params == 3) {
		long        want = strtol(p[2], NULL, 10), k = 0;
		size_t      seplen = strlen(p[1]);
		const char *at     = m, *next;

		if (!seplen)
			return NULL;
		while (k < want) {
			next = strstr(at, p[1]);
			if (!next || (size_t)(next - m) >= n)
				return NULL;
			at = next + seplen;
			k++;
		}
		b    = (size_t)(at - m);
		next = strstr(at, p[1]);
		e    = next && (size_t)(next - m) < n ? (size_t)(next - m) : n;
	}
	/* an operation Vale does not know leaves the match as it is */
	return put(m, b, e, buf, size);
}

size_t
rl__action_suggest(const rl_rule *r, pcre2_match_data *md, const char *m,
    size_t n, char *buf, size_t bufsize, const char **out, size_t max)
{
	size_t i;

	if (!r->action_name || !max)
		return 0;
	if (strcmp(r->action_name, "replace") == 0) {
		for (i = 0; i < r->n_action_params && i < max; i++)
			out[i] = r->action_params[i];
		return i;
	}
	if (strcmp(r->action_name, "remove") == 0) {
		out[0] = "";
		return 1;
	}
	if (strcmp(r->action_name, "edit") == 0) {
		out[0] = edit(r, md, m, n, buf, bufsize);
		return out[0] ? 1 : 0;
	}
	return 0; /* suggest (spellings, scripts) and convert: none */
}

#define MAX_SUGG 16

rl_err
rl__emit_match(rl_emit *e, const char *text, uint32_t off, uint32_t end)
{
	char        mbuf[256], sbuf[256], lbuf[512];
	const char *sugg[MAX_SUGG], *match, *a1 = NULL;
	size_t      n = 0;
	uint32_t    o = off, z = end;

	rl__trim(text, &o, &z);
	if (o == z) {
		o = off;
		z = end;
	}
	match = rl__text_copy(e->scan, mbuf, sizeof mbuf, text + o, z - o);
	if (!match)
		return RL_ENOMEM;
	if (e->rule->action_name && *e->rule->action_name) {
		n = rl__action_suggest(e->rule, rl__scan_match_data(e->scan),
		    match, strlen(match), sbuf, sizeof sbuf, sugg, MAX_SUGG);
		if (n == 1)
			a1 = sugg[0];
		else if (n > 1)
			a1 = rl__to_sentence(sugg, n, lbuf, sizeof lbuf);
		else
			a1 = match;
	}
	return rl__emit(e, o, z - o, match, a1, sugg, n);
}

/* ------------------------------------------------------------------------
 * Text
 * ------------------------------------------------------------------------ */

bool
rl__is_space(char c)
{
	return c == ' ' || (c >= '\t' && c <= '\r');
}

void
rl__trim(const char *text, uint32_t *off, uint32_t *end)
{
	while (*off < *end && rl__is_space(text[*off]))
		(*off)++;
	while (*end > *off && rl__is_space(text[*end - 1]))
		(*end)--;
}

char *
rl__text_copy(rl_scan *s, char *buf, size_t size, const char *p, size_t n)
{
	if (n < size) {
		memcpy(buf, p, n);
		buf[n] = '\0';
		return buf;
	}
	return rl__arena_strndup(s->arena, p, n);
}

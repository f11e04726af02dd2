/*
 * kind_capitalization.c - Vale's `capitalization`: each scope unit
 * (usually a heading) must be in $title, $sentence, $lower or $upper case,
 * or match a pattern.
 *
 * As in Vale: the unit is converted to the expected case (exceptions keep
 * their own spelling, `prefix` is left alone, a word after one of the
 * `indicators` or after a leading "1." starts a new sentence); its words
 * are compared with the expected words; it passes when at least
 * `threshold` (default 0.8) of them agree, are exceptions, or (for $title)
 * are all capitals; for $sentence a first word that is not capitalised
 * fails at once.  $title follows AP style (or Chicago with `style:
 * Chicago`) without a part-of-speech tagger, so "to" is always small.
 * The message's %s are the text and the expected text; a replace action
 * without params suggests the expected text.
 */
#include <string.h>

#include "rules/kind.h"
#include "rules/textcase.h"

enum cap_match { CAP_TITLE, CAP_SENTENCE, CAP_LOWER, CAP_UPPER, CAP_PATTERN };

typedef struct capitalization {
	enum cap_match match;
	bool           chicago;
	double         threshold;
	rl_regex      *custom;    /* CAP_PATTERN */
	rl_regex      *tokens;    /* (exceptions)|word, to compare words */
	rl_regex      *conv;      /* (?i)\b(?:vocab)\b|word, sentence case */
	rl_regex      *split;     /* title case words */
	rl_regex      *number;    /* \d+\. */
	rl_regex      *prefix;    /* or NULL */
	rl_regex     **vocab_re;  /* each exception alone (or NULL) */
	rl_regex      *vocab_any; /* all of them, to rule tokens out fast */
	const char   **vocab;
	size_t         n_vocab;
	const char   **indicators;
	size_t         n_indicators;
	rl_except      ex;
} capitalization;

#define WORD_PATTERN "[\\p{N}\\p{L}*]+[^\\s]*"

static const char *const small_words[]  = { "a", "an", "and", "as", "at", "but",
	 "by", "en", "for", "if", "in", "nor", "of", "on", "or", "per", "the",
	 "to", "vs", "vs.", "via", "v", "v.", NULL };
static const char *const prepositions[] = { "with", "from", "into", "during",
	"including", "until", "against", "among", "throughout", "despite",
	"towards", "upon", "concerning", "about", "over", "through", "before",
	"between", "after", "since", "without", "under", "within", "along",
	"following", "across", "beyond", "around", "down", "near", "above",
	NULL };

static void
cap_free(rl_rule *r)
{
	capitalization *x = r->state;
	size_t          i;

	if (!x)
		return;
	rl__regex_free(x->custom);
	rl__regex_free(x->tokens);
	rl__regex_free(x->conv);
	rl__regex_free(x->split);
	rl__regex_free(x->number);
	rl__regex_free(x->prefix);
	for (i = 0; x->vocab_re && i < x->n_vocab; i++)
		rl__regex_free(x->vocab_re[i]);
	rl__regex_free(x->vocab_any);
	rl__except_free(&x->ex);
	r->state = NULL;
}

static rl_err
nomem(rl_kind_ctx *ctx)
{
	return rl__diag_set(
	    ctx->diag, RL_ENOMEM, ctx->file, 0, 0, "out of memory");
}

static rl_err
read_fields(rl_rule *r, rl_cfg *spec, rl_kind_ctx *ctx, capitalization *x)
{
	const char *m, *style, *prefix;
	rl_err      err;

	err = rl__cfg_str(spec, "match", ctx->file, &m, ctx->diag);
	if (err == RL_ENOENT)
		return rl__diag_set(ctx->diag, RL_EPACK, ctx->file, r->line, 1,
		    "capitalization needs 'match' ($title, $sentence, $lower, "
		    "$upper or a pattern)");
	if (err)
		return err;
	if (!strcmp(m, "$title"))
		x->match = CAP_TITLE;
	else if (!strcmp(m, "$sentence"))
		x->match = CAP_SENTENCE;
	else if (!strcmp(m, "$lower"))
		x->match = CAP_LOWER;
	else if (!strcmp(m, "$upper"))
		x->match = CAP_UPPER;
	else if ((err = rl__kind_regex(ctx, rl__cfg_get(spec, "match"), "match",
	              m, 0, &x->custom)))
		return err;
	else
		x->match = CAP_PATTERN;
	err = rl__cfg_str(spec, "style", ctx->file, &style, ctx->diag);
	if (err == RL_OK) {
		if (strcmp(style, "AP") && strcmp(style, "Chicago"))
			return rl__cfg_error(rl__cfg_get(spec, "style"),
			    ctx->file, ctx->diag,
			    "'style' must be AP or Chicago");
		x->chicago = !strcmp(style, "Chicago");
	} else if (err != RL_ENOENT) {
		return err;
	}
	x->threshold = 0;
	err          = rl__cfg_double(
	             spec, "threshold", ctx->file, &x->threshold, ctx->diag);
	if (err != RL_OK && err != RL_ENOENT)
		return err;
	if (x->threshold <= 0) /* 0 would never pass: Vale's default */
		x->threshold = 0.8;
	err = rl__cfg_str(spec, "prefix", ctx->file, &prefix, ctx->diag);
	if (err == RL_OK)
		err = rl__kind_regex(ctx, rl__cfg_get(spec, "prefix"), "prefix",
		    prefix, 0, &x->prefix);
	if (err != RL_OK && err != RL_ENOENT)
		return err;
	return rl__kind_strlist(
	    ctx, spec, "indicators", &x->indicators, &x->n_indicators);
}

static rl_err
cap_compile(rl_rule *r, rl_cfg *spec, rl_kind_ctx *ctx)
{
	capitalization *x;
	const char     *p, **any;
	rl_buf          b;
	size_t          i, n_any;
	rl_err          err;

	x = rl__arena_calloc(ctx->arena, 1, sizeof *x);
	if (!x)
		return nomem(ctx);
	r->state = x;
	if ((err = read_fields(r, spec, ctx, x)) ||
	    (err = rl__except_compile(ctx, spec, &x->ex)) ||
	    (err = rl__kind_strlist(
	         ctx, spec, "exceptions", &x->vocab, &x->n_vocab)))
		return err;
	x->vocab_re =
	    rl__arena_calloc(ctx->arena, x->n_vocab + 1, sizeof *x->vocab_re);
	if (!x->vocab_re)
		return nomem(ctx);
	/* vocab_any: the exceptions that compile, each in its own group,
	 * plain words merged into a prefix tree (one search, not one per
	 * term). */
	any = rl__arena_calloc(ctx->arena, x->n_vocab + 1, sizeof *any);
	if (!any)
		return nomem(ctx);
	for (i = 0, n_any = 0; i < x->n_vocab; i++) {
		if (rl__regex_compile(x->vocab[i], 0, &x->vocab_re[i], NULL)) {
			x->vocab_re[i] = NULL;
			continue;
		}
		any[n_any++] = rl__kind_plain(x->vocab[i])
		    ? x->vocab[i]
		    : rl__arena_printf(ctx->arena, "(?:%s)", x->vocab[i]);
		if (!any[n_any - 1])
			return nomem(ctx);
	}
	rl__buf_init(&b);
	rl__alternation(&b, any, n_any, false);
	if (b.failed) {
		rl__buf_free(&b);
		return nomem(ctx);
	}
	if (b.len && rl__regex_compile(b.data, 0, &x->vocab_any, NULL))
		x->vocab_any = NULL; /* then each pattern is tried */
	rl__buf_free(&b);
	p = x->ex.re ? rl__arena_printf(ctx->arena, "%s|" WORD_PATTERN,
	                   rl__regex_pattern(x->ex.re))
	             : WORD_PATTERN;
	rl__buf_init(&b);
	rl__buf_puts(&b, "(?i)");
	if (x->n_vocab) {
		rl__buf_puts(&b, "\\b(?:");
		rl__alternation(&b, x->vocab, x->n_vocab, true);
		rl__buf_puts(&b, ")\\b|");
	}
	rl__buf_puts(&b, WORD_PATTERN);
	if (!p || b.failed) {
		rl__buf_free(&b);
		return nomem(ctx);
	}
	err = rl__kind_regex(ctx, rl__cfg_get(spec, "exceptions"), "exceptions",
	    p, 0, &x->tokens);
	if (!err)
		err = rl__kind_regex(ctx, rl__cfg_get(spec, "exceptions"),
		    "exceptions", b.data, 0, &x->conv);
	rl__buf_free(&b);
	if (!err)
		err = rl__kind_regex(ctx, NULL, "match",
		    "[\\p{N}\\p{L}]+[^\\s\\-/]*", 0, &x->split);
	if (!err)
		err = rl__kind_regex(
		    ctx, NULL, "match", "\\d+\\.", 0, &x->number);
	return err;
}

/* ------------------------------------------------------------------------
 * Checking
 * ------------------------------------------------------------------------ */

typedef struct span {
	uint32_t off, len;
} span;

typedef struct spans {
	span  *v;
	size_t n;
} spans;

typedef struct run {
	rl_scan              *scan;
	const rl_rule        *rule;
	const capitalization *x;
	pcre2_match_data     *md;
	rl_emit               emit;
} run;

static bool
search(run *c, const rl_regex *re, const char *s, size_t n)
{
	size_t a, z;

	return re && rl__regex_match(re, s, n, 0, c->md, &a, &z) == 1;
}

/* find_all collects re's matches in s[0, n). */
static rl_err
find_all(run *c, const rl_regex *re, const char *s, size_t n, spans *out)
{
	size_t at = 0, a, z, cap = 16;
	int    rc;

	out->n = 0;
	out->v = rl__arena_alloc(c->scan->arena, cap * sizeof *out->v);
	if (!out->v)
		return RL_ENOMEM;
	while ((rc = rl__regex_match(re, s, n, at, c->md, &a, &z)) == 1) {
		at = rl__regex_next(s, n, z, a);
		if (z == a)
			continue;
		if (out->n == cap) {
			span *v = rl__arena_alloc(
			    c->scan->arena, 2 * cap * sizeof *v);

			if (!v)
				return RL_ENOMEM;
			memcpy(v, out->v, cap * sizeof *v);
			out->v = v;
			cap *= 2;
		}
		out->v[out->n].off   = (uint32_t)a;
		out->v[out->n++].len = (uint32_t)(z - a);
	}
	return rc < 0 ? RL_ERULE : RL_OK;
}

/* in_vocab: Vale's inVocab; the exception spelling, the word itself when
 * an exception pattern matches inside it, or NULL. */
static const char *
in_vocab(run *c, const char *w, size_t n, size_t *len)
{
	size_t i;
	bool   any = !c->x->vocab_any || search(c, c->x->vocab_any, w, n);

	for (i = 0; i < c->x->n_vocab; i++) {
		const char *v = c->x->vocab[i];

		/* case mappings keep lengths: only equal lengths can fold */
		if (strlen(v) == n && rl__case_equal_fold(v, n, w, n)) {
			*len = strlen(v);
			return v;
		}
		/* the combined pattern says whether any one can match */
		if (any && search(c, c->x->vocab_re[i], w, n)) {
			*len = n;
			return w;
		}
	}
	return NULL;
}

static bool
has_suffix(const char *w, size_t n, const char *suffix)
{
	size_t m = strlen(suffix);

	return m <= n && memcmp(w + n - m, suffix, m) == 0;
}

static bool
indicator(run *c, const char *w, size_t n, size_t idx)
{
	size_t i;

	for (i = 0; i < c->x->n_indicators; i++)
		if (has_suffix(w, n, c->x->indicators[i]))
			return true;
	return idx == 0 && search(c, c->x->number, w, n);
}

/* A string being built in the scan arena. */
typedef struct sbuf {
	char  *p;
	size_t n, cap;
	bool   oom;
} sbuf;

static void
sb_put(run *c, sbuf *b, const char *s, size_t n)
{
	if (b->oom)
		return;
	if (b->n + n + 1 > b->cap) {
		size_t cap = 2 * (b->n + n + 1) + 32;
		char  *p   = rl__arena_alloc(c->scan->arena, cap);

		if (!p) {
			b->oom = true;
			return;
		}
		if (b->n)
			memcpy(p, b->p, b->n);
		b->p   = p;
		b->cap = cap;
	}
	memcpy(b->p + b->n, s, n);
	b->n += n;
	b->p[b->n] = '\0';
}

/* sb_case appends s[0, n) converted. */
static void
sb_case(run *c, sbuf *b, const char *s, size_t n, rl_case_mode mode)
{
	sb_put(c, b, s, n);
	if (!b->oom)
		rl__case_map(b->p + b->n - n, n, mode, b->p + b->n - n);
}

/* take_prefix: the `prefix` pattern's first match, if s starts with it. */
static size_t
take_prefix(run *c, const char *s, size_t n)
{
	size_t a, z;

	if (c->x->prefix &&
	    rl__regex_match(c->x->prefix, s, n, 0, c->md, &a, &z) == 1 &&
	    a == 0)
		return z;
	return 0;
}

static rl_err
sentence_convert(run *c, const char *s, size_t n, sbuf *out)
{
	size_t      pre = take_prefix(c, s, n), i, vlen;
	spans       t;
	const char *v;
	rl_err      err;

	sb_put(c, out, s, pre);
	if ((err = find_all(c, c->x->conv, s + pre, n - pre, &t)))
		return err;
	for (i = 0; i < t.n; i++) {
		const char *w = s + pre + t.v[i].off;

		if (i)
			sb_put(c, out, " ", 1);
		if ((v = in_vocab(c, w, t.v[i].len, &vlen)))
			sb_put(c, out, v, vlen);
		else if (i == 0 ||
		    indicator(
		        c, s + pre + t.v[i - 1].off, t.v[i - 1].len, i - 1))
			sb_case(c, out, w, t.v[i].len, RL_CASE_CAP_LOWER);
		else
			sb_case(c, out, w, t.v[i].len, RL_CASE_LOWER);
	}
	return out->oom ? RL_ENOMEM : RL_OK;
}

static bool
in_list(const char *const *list, const char *w, size_t n)
{
	size_t i;

	for (i = 0; list[i]; i++)
		if (strlen(list[i]) == n && memcmp(list[i], w, n) == 0)
			return true;
	return false;
}

static rl_err
title_convert(run *c, const char *s, size_t n, sbuf *out)
{
	size_t      pre = take_prefix(c, s, n), i, at, vlen, pos, end;
	spans       t;
	const char *v, *b = s + pre;
	char        low[128];
	rl_err      err;

	sb_put(c, out, s, pre);
	n -= pre;
	if ((err = find_all(c, c->x->split, b, n, &t)))
		return err;
	for (i = 0, at = 0; i < t.n; i++) {
		const char *w  = b + t.v[i].off;
		size_t      wl = t.v[i].len;
		bool        small;

		pos = t.v[i].off;
		end = pos + wl;
		sb_put(c, out, b + at, pos - at);
		at = end;
		if ((v = in_vocab(c, w, wl, &vlen))) {
			sb_put(c, out, v, vlen);
			continue;
		}
		small = false;
		if (wl < sizeof low) {
			rl__case_map(w, wl, RL_CASE_LOWER, low);
			small = in_list(small_words, low, wl) ||
			    (c->x->chicago && in_list(prepositions, low, wl));
		}
		if (small && pos != 0 && end != n &&
		    (b[pos - 1] == ' ' || b[pos - 1] == '-' ||
		        b[pos - 1] == '/') &&
		    (pos < 2 || (b[pos - 2] != ':' && b[pos - 2] != '-')) &&
		    (end >= n || b[end] != '-' || b[pos - 1] == '-'))
			sb_case(c, out, w, wl, RL_CASE_LOWER);
		else
			sb_case(c, out, w, wl, RL_CASE_CAP);
	}
	sb_put(c, out, b + at, n - at);
	return out->oom ? RL_ENOMEM : RL_OK;
}

/* compare counts how many words of s agree with expected; *fail is set
 * when $sentence's first word is wrong. */
static rl_err
compare(run *c, const char *s, size_t n, const char *e, size_t en, bool title,
    double *ratio, bool *fail)
{
	spans  ts, te;
	size_t i;
	double count = 0, words = 0;
	char   buf[256];
	rl_err err;

	*fail = false;
	if ((err = find_all(c, c->x->tokens, s, n, &ts)) ||
	    (err = find_all(c, c->x->tokens, e, en, &te)))
		return err;
	for (i = 0; i < ts.n; i++) {
		const char *w  = s + ts.v[i].off;
		size_t      wl = ts.v[i].len;

		if (i >= te.n ||
		    (wl == te.v[i].len && !memcmp(w, e + te.v[i].off, wl)) ||
		    (c->x->ex.re && search(c, c->x->ex.re, w, wl))) {
			count++;
		} else if (wl < sizeof buf) {
			rl__case_map(w, wl,
			    title ? RL_CASE_UPPER : RL_CASE_TITLE_RUNS, buf);
			if (title && !memcmp(buf, w, wl)) {
				count++;
			} else if (!title && i == 0 && memcmp(buf, w, wl)) {
				*fail = true;
				return RL_OK;
			}
		}
		words++;
	}
	*ratio = words ? count / words : 1.0;
	return RL_OK;
}

/* judge works out whether s[0, n) (NUL-terminated) passes and, when it
 * does not, the text expected instead (*expected, in the scan arena). */
static rl_err
judge(run *c, const char *s, size_t n, bool *ok, const char **expected)
{
	sbuf   exp = { NULL, 0, 0, false };
	bool   fail;
	double ratio;
	rl_err err;

	switch (c->x->match) {
	case CAP_LOWER:
	case CAP_UPPER:
		sb_case(c, &exp, s, n,
		    c->x->match == CAP_LOWER ? RL_CASE_LOWER : RL_CASE_UPPER);
		if (exp.oom)
			return RL_ENOMEM;
		*ok = !strcmp(exp.p, s) || search(c, c->x->ex.re, s, n);
		break;
	case CAP_PATTERN:
		sb_put(c, &exp, rl__regex_pattern(c->x->custom),
		    strlen(rl__regex_pattern(c->x->custom)));
		*ok = search(c, c->x->custom, s, n) ||
		    search(c, c->x->ex.re, s, n);
		break;
	default:
		err = c->x->match == CAP_TITLE
		    ? title_convert(c, s, n, &exp)
		    : sentence_convert(c, s, n, &exp);
		if (err)
			return err;
		if (!exp.p)
			sb_put(c, &exp, "", 0);
		if ((err = compare(c, s, n, exp.p, exp.n,
		         c->x->match == CAP_TITLE, &ratio, &fail)))
			return err;
		*ok = !fail && ratio >= c->x->threshold;
		break;
	}
	if (!*ok && exp.oom)
		return RL_ENOMEM;
	*expected = exp.p ? exp.p : "";
	return RL_OK;
}

/* cap_range judges one unit.  The answer depends only on the rule and
 * the text, so it is kept in the scanner's memo ("1", or "0" and the
 * expected text): a heading repeated across documents is judged once. */
static rl_err
cap_range(void *arg, const char *text, uint32_t off, uint32_t end)
{
	run        *c = arg;
	const char *s = NULL, *expected, *val, *sugg[1];
	size_t      n = end - off, vlen;
	bool        ok;
	char       *put;
	rl_err      err;

	if (rl__memo_get(c->scan, c->rule, text + off, n, &val, &vlen)) {
		if (val[0] == '1')
			return RL_OK;
		expected = val + 1;
	} else {
		s = rl__arena_strndup(c->scan->arena, text + off, n);
		if (!s)
			return RL_ENOMEM;
		if ((err = judge(c, s, n, &ok, &expected)))
			return err;
		vlen = ok ? 1 : strlen(expected) + 1;
		put  = rl__arena_alloc(c->scan->arena, vlen + 1);
		if (!put)
			return RL_ENOMEM;
		put[0] = ok ? '1' : '0';
		memcpy(put + 1, expected, vlen - 1);
		put[vlen] = '\0';
		rl__memo_put(c->scan, c->rule, text + off, n, put, vlen);
		if (ok)
			return RL_OK;
		expected = put + 1;
	}
	if (!s && !(s = rl__arena_strndup(c->scan->arena, text + off, n)))
		return RL_ENOMEM;
	sugg[0] = expected;
	return rl__emit(&c->emit, off, end - off, s, expected, sugg,
	    c->rule->action_name && !strcmp(c->rule->action_name, "replace") &&
	            c->rule->n_action_params == 0 &&
	            (c->x->match == CAP_TITLE || c->x->match == CAP_SENTENCE)
	        ? 1
	        : 0);
}

static rl_err
cap_check(const rl_rule *r, rl_scan *s)
{
	run    c;
	rl_err err;

	memset(&c, 0, sizeof c);
	c.scan = s;
	c.rule = r;
	c.x    = r->state;
	c.md   = rl__scan_match_data(s);
	rl__emit_init(&c.emit, s, r);
	err = rl__scan_ranges(s, r, cap_range, &c);
	if (err == RL_ERULE)
		rl__scan_rule_error(s, "a pattern hit PCRE2's match limit");
	return err;
}

const rl_kind rl__kind_capitalization = {
	.name    = "capitalization",
	.compile = cap_compile,
	.check   = cap_check,
	.free    = cap_free,
};

/*
 * kind_substitution.c - Vale's `substitution`: report an observed term and
 * suggest the expected one from `swap` (observed: expected).
 *
 * As in Vale: keys are tried longest first; each key becomes one capture
 * group ((key1)|(key2)|..., its own groups made non-capturing) inside the
 * word template, so the group that matched names the replacement.  The
 * expected text is the key's match in the observed text replaced by the
 * value ($1 refers to the key's own groups); `capitalize` capitalises it
 * when the observed text starts with a capital.  Nothing is reported when
 * the observed text already is what is expected: equal, or matching the
 * value as a pattern when the value is not a plain phrase.  With
 * `action: {name: replace}` and no params, the value's '|' alternatives
 * become the suggestions and the message's first %s lists them.
 */
#include <string.h>

#include "rules/kind.h"
#include "rules/regex_int.h"

typedef struct subst {
	rl_regex    *re;
	size_t       n;
	const char **keys; /* sorted, as written */
	const char **repl;
	rl_regex   **key_re;  /* for values with $: the key alone, or NULL */
	rl_regex   **same_re; /* ^(?:value)$ unless a phrase, or NULL */
	rl_regex   **same_cap_re; /* the same for the capitalised value */
	bool         capitalize;
	bool         replace_split; /* action replace without params */
	rl_except    ex;
} subst;

static void
subst_free(rl_rule *r)
{
	subst *x = r->state;
	size_t i;

	if (!x)
		return;
	rl__regex_free(x->re);
	for (i = 0; i < x->n; i++) {
		if (x->key_re)
			rl__regex_free(x->key_re[i]);
		if (x->same_re)
			rl__regex_free(x->same_re[i]);
		if (x->same_cap_re)
			rl__regex_free(x->same_cap_re[i]);
	}
	rl__except_free(&x->ex);
	r->state = NULL;
}

/* is_phrase: letters, digits, spaces and hyphens only (Vale's IsPhrase);
 * bytes past ASCII count as letters. */
static bool
is_phrase(const char *s)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (!(c >= 0x80 || (c >= 'a' && c <= 'z') ||
		        (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		        c == ' ' || c == '-'))
			return false;
	}
	return true;
}

static bool
starts_upper(const char *s)
{
	return *s >= 'A' && *s <= 'Z';
}

/* cap_first copies s with its first letter upper-cased (ASCII). */
static char *
cap_first(rl_arena *a, const char *s)
{
	char *c = rl__arena_strdup(a, s);

	if (c && *c >= 'a' && *c <= 'z')
		*c = (char)(*c - 'a' + 'A');
	return c;
}

/* non_capturing rewrites the key's capture groups "(" as "(?:", as Vale
 * does, so group numbers map to keys. */
static char *
non_capturing(rl_arena *a, const char *key)
{
	size_t n = 0, i, o = 0;
	char  *out;

	for (i = 0; key[i]; i++)
		n += key[i] == '(' ? 3 : 1;
	out = rl__arena_alloc(a, n + 1);
	if (!out)
		return NULL;
	for (i = 0; key[i]; i++) {
		out[o++] = key[i];
		if (key[i] == '(' && (i == 0 || key[i - 1] != '\\') &&
		    key[i + 1] != '?') {
			out[o++] = '?';
			out[o++] = ':';
		}
	}
	out[o] = '\0';
	return out;
}

/* convert_message drops the quotes around the first %s when the message
 * quotes two, since the suggestions come quoted (Vale's convertMessage). */
static const char *
convert_message(rl_arena *a, const char *msg)
{
	static const char *const specs[] = { "'%s'", "\"%s\"" };
	const char              *p, *q;
	size_t                   i, count;
	char                    *out;

	for (i = 0; i < 2; i++) {
		for (count = 0, p = msg; (q = strstr(p, specs[i])); p = q + 4)
			count++;
		if (count != 2)
			continue;
		q   = strstr(msg, specs[i]);
		out = rl__arena_alloc(a, strlen(msg) + 1);
		if (!out)
			return NULL;
		memcpy(out, msg, (size_t)(q - msg));
		strcpy(out + (q - msg), "%s");
		strcpy(out + (q - msg) + 2, q + 4);
		msg = out;
	}
	return msg;
}

static rl_err
read_swap(
    rl_rule *r, rl_cfg *spec, rl_kind_ctx *ctx, subst *x, rl_cfg ***nodes_out)
{
	rl_cfg *swap = rl__cfg_get(spec, "swap"), *c, **nodes;
	size_t  i, j, n;

	if (!swap || swap->kind != RL_CFG_MAP || swap->n_children == 0)
		return rl__cfg_error(swap, ctx->file, ctx->diag,
		    "substitution needs a 'swap' map of observed: expected");
	n       = swap->n_children;
	nodes   = rl__arena_calloc(ctx->arena, n, sizeof *nodes);
	x->keys = rl__arena_calloc(ctx->arena, n, sizeof *x->keys);
	x->repl = rl__arena_calloc(ctx->arena, n, sizeof *x->repl);
	if (!nodes || !x->keys || !x->repl)
		return rl__diag_set(
		    ctx->diag, RL_ENOMEM, ctx->file, 0, 0, "out of memory");
	for (i = 0, c = swap->child; c; c = c->next, i++) {
		if (c->kind != RL_CFG_SCALAR)
			return rl__cfg_error(c, ctx->file, ctx->diag,
			    "swap values must be strings");
		/* insertion sort, longest key first, stable */
		for (j = i; j > 0 && strlen(nodes[j - 1]->key) < strlen(c->key);
		     j--)
			nodes[j] = nodes[j - 1];
		nodes[j] = c;
	}
	for (i = 0; i < n; i++) {
		x->keys[i] = nodes[i]->key;
		x->repl[i] = nodes[i]->value;
	}
	x->n       = n;
	*nodes_out = nodes;
	(void)r;
	return RL_OK;
}

static rl_err
subst_compile(rl_rule *r, rl_cfg *spec, rl_kind_ctx *ctx)
{
	subst       *x;
	rl_cfg     **nodes = NULL;
	const char **parts;
	size_t       i;
	bool         cap = false;
	const char  *pos;
	rl_err       err;

	x = rl__arena_calloc(ctx->arena, 1, sizeof *x);
	if (!x)
		return rl__diag_set(
		    ctx->diag, RL_ENOMEM, ctx->file, 0, 0, "out of memory");
	r->state = x;
	err      = rl__cfg_bool(spec, "capitalize", ctx->file, &cap, ctx->diag);
	if (err != RL_OK && err != RL_ENOENT)
		return err;
	x->capitalize = cap;
	/* `pos` (part-of-speech filters) is deprecated in Vale; accepted and
	 * unused. */
	err = rl__cfg_str(spec, "pos", ctx->file, &pos, ctx->diag);
	if (err != RL_OK && err != RL_ENOENT)
		return err;
	if ((err = rl__except_compile(ctx, spec, &x->ex)) ||
	    (err = read_swap(r, spec, ctx, x, &nodes)))
		return err;
	parts      = rl__arena_calloc(ctx->arena, x->n, sizeof *parts);
	x->key_re  = rl__arena_calloc(ctx->arena, x->n, sizeof *x->key_re);
	x->same_re = rl__arena_calloc(ctx->arena, x->n, sizeof *x->same_re);
	x->same_cap_re =
	    rl__arena_calloc(ctx->arena, x->n, sizeof *x->same_cap_re);
	if (!parts || !x->key_re || !x->same_re || !x->same_cap_re)
		return rl__diag_set(
		    ctx->diag, RL_ENOMEM, ctx->file, 0, 0, "out of memory");
	for (i = 0; i < x->n; i++) {
		char *nc = non_capturing(ctx->arena, x->keys[i]);

		if (!nc)
			return rl__diag_set(ctx->diag, RL_ENOMEM, ctx->file, 0,
			    0, "out of memory");
		parts[i] = rl__arena_printf(ctx->arena, "(%s)", nc);
		if (!parts[i])
			return rl__diag_set(ctx->diag, RL_ENOMEM, ctx->file, 0,
			    0, "out of memory");
	}
	err = rl__kind_regex_join(ctx, rl__cfg_get(spec, "swap"), "swap",
	    r->nonword ? "(?m)(?:" : "(?m)\\b(?:", parts, x->n, "|",
	    r->nonword ? ")" : ")\\b", rl__vale_flags(r), &x->re);
	if (err == RL_EPACK) {
		/* name the key at fault */
		for (i = 0; i < x->n; i++) {
			rl_regex *one;

			if (rl__regex_compile(parts[i], 0, &one, NULL) ==
			    RL_OK) {
				rl__regex_free(one);
				continue;
			}
			{
				rl_cfg at = *nodes[i]; /* the key is at fault */

				at.line   = at.key_line;
				at.column = at.key_column;
				return rl__kind_regex(
				    ctx, &at, "swap", x->keys[i], 0, &one);
			}
		}
	}
	if (err)
		return err;
	for (i = 0; i < x->n; i++) {
		const char *v = x->repl[i];

		if (strchr(v, '$') &&
		    rl__regex_compile(x->keys[i], rl__vale_flags(r),
		        &x->key_re[i], NULL) != RL_OK)
			x->key_re[i] = NULL;
		if (is_phrase(v))
			continue;
		/* a value that does not compile is compared as text */
		if (rl__regex_compile(
		        rl__arena_printf(ctx->arena, "^(?:%s)$", v), 0,
		        &x->same_re[i], NULL) != RL_OK)
			x->same_re[i] = NULL;
		if (x->capitalize &&
		    rl__regex_compile(rl__arena_printf(ctx->arena, "^(?:%s)$",
		                          cap_first(ctx->arena, v)),
		        0, &x->same_cap_re[i], NULL) != RL_OK)
			x->same_cap_re[i] = NULL;
	}
	if (r->action_name && strcmp(r->action_name, "replace") == 0 &&
	    r->n_action_params == 0) {
		x->replace_split = true;
		r->message       = convert_message(ctx->arena, r->message);
		if (!r->message)
			return rl__diag_set(ctx->diag, RL_ENOMEM, ctx->file, 0,
			    0, "out of memory");
	}
	return rl__rule_trigger(r, x->re);
}

/* ------------------------------------------------------------------------
 * Checking
 * ------------------------------------------------------------------------ */

#define MAX_SPLIT 16

typedef struct run {
	rl_scan       *scan;
	const rl_rule *rule;
	const subst   *x;
	rl_emit        emit;
	bool           failed;
} run;

/* report builds the message and suggestions for key k observed at
 * text[o, e). */
static rl_err
report(run *c, size_t k, const char *text, uint32_t o, uint32_t e,
    const char *observed)
{
	pcre2_match_data *md = rl__scan_match_data(c->scan);
	const subst      *x  = c->x;
	char              ebuf[512], sbuf[256], lbuf[512], split[512];
	const char       *expected = x->repl[k], *sugg[MAX_SPLIT];
	const rl_regex   *same     = x->same_re[k];
	size_t            n        = 0, len, a, z;
	bool              up = x->capitalize && starts_upper(observed), eq;

	if (up && *expected >= 'a' && *expected <= 'z') {
		snprintf(ebuf, sizeof ebuf, "%c%s", *expected - 'a' + 'A',
		    expected + 1);
		expected = ebuf;
		same     = x->same_cap_re[k];
	}
	if (x->key_re[k]) {
		len = sizeof sbuf - 1;
		if (rl__regex_substitute(x->key_re[k], observed,
		        strlen(observed), expected, md, sbuf, &len)) {
			sbuf[len] = '\0';
			memcpy(ebuf, sbuf, len + 1);
			expected = ebuf;
			same     = NULL;
		}
	}
	if (is_phrase(expected) || !same)
		eq = strcmp(expected, observed) == 0;
	else
		eq = rl__regex_match(
		         same, observed, strlen(observed), 0, md, &a, &z) == 1;
	if (eq)
		return RL_OK;
	if (!x->replace_split) {
		n = rl__action_suggest(c->rule, md, observed, strlen(observed),
		    sbuf, sizeof sbuf, sugg, MAX_SPLIT);
		return rl__emit(
		    &c->emit, o, e - o, expected, observed, sugg, n);
	}
	/* replace with no params: the value's alternatives */
	snprintf(split, sizeof split, "%s", expected);
	for (char *p = split, *bar; n < MAX_SPLIT; p = bar + 1) {
		bar       = strchr(p, '|');
		sugg[n++] = p;
		if (!bar)
			break;
		*bar = '\0';
	}
	for (size_t i = 0; up && i < n; i++)
		if (*sugg[i] >= 'a' && *sugg[i] <= 'z')
			*(char *)sugg[i] = (char)(*sugg[i] - 'a' + 'A');
	return rl__emit(&c->emit, o, e - o,
	    rl__to_sentence(sugg, n, lbuf, sizeof lbuf), observed, sugg, n);
}

static rl_err
subst_range(void *arg, const char *text, uint32_t off, uint32_t end)
{
	run              *c  = arg;
	pcre2_match_data *md = rl__scan_match_data(c->scan);
	size_t            a, z, ga, gz, k;
	char              obuf[256];
	const char       *observed;
	uint32_t          o, e;
	rl_matcher        m;
	int               rc;
	rl_err            err;

	rl__matcher_init(&m, c->scan, c->rule, c->x->re, text, off, end);
	while ((rc = rl__matcher_next(&m, &a, &z)) == 1) {
		for (k = 0; k < c->x->n; k++)
			if (rl__regex_group(md, (uint32_t)k + 1, &ga, &gz))
				break;
		if (k == c->x->n)
			continue;
		o = off + (uint32_t)ga;
		e = off + (uint32_t)gz;
		rl__trim(text, &o, &e);
		observed =
		    rl__text_copy(c->scan, obuf, sizeof obuf, text + o, e - o);
		if (!observed)
			return RL_ENOMEM;
		if (rl__except_hit(
		        &c->x->ex, md, observed, e - o, NULL, 0, 0, 0))
			continue;
		if ((err = report(c, k, text, o, e, observed)))
			return err;
	}
	if (rc < 0) {
		c->failed = true;
		return RL_ERULE;
	}
	return RL_OK;
}

static rl_err
subst_check(const rl_rule *r, rl_scan *s)
{
	run    c;
	rl_err err;

	memset(&c, 0, sizeof c);
	c.scan = s;
	c.rule = r;
	c.x    = r->state;
	rl__emit_init(&c.emit, s, r);
	err = rl__scan_ranges(s, r, subst_range, &c);
	if (c.failed)
		rl__scan_rule_error(s,
		    "the pattern hit PCRE2's match limit "
		    "(catastrophic backtracking?)");
	return err;
}

const rl_kind rl__kind_substitution = {
	.name    = "substitution",
	.compile = subst_compile,
	.check   = subst_check,
	.free    = subst_free,
};

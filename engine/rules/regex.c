/*
 * regex.c - PCRE2 patterns compiled once at pack load, matched by any
 * thread with that thread's match data.
 *
 * Mode: UTF, JIT, no UCP.  Vale's engine (regexp2) treats \w, \d and \b as
 * Unicode-aware; PCRE2_UCP would do the same, but measured over the
 * rust-rfcs corpus with the Microsoft style it made matching about 1.6
 * times slower (2.4 against 4.0 MB/s for the bare regexes before the
 * prefilter), which would cost the engine its speed target.  Without UCP,
 * \w and \b see only ASCII letters and digits as word characters: a token
 * such as \bcaf\b would also match inside "café".  Prose rules are
 * written for English words, where the two modes agree, so speed wins;
 * a pattern that needs Unicode classes can say so with \p{L} or (*UCP).
 *
 * Each compiled pattern also carries the literals any match must contain
 * (literal.h), which the prefilter uses to skip text, and may carry a
 * native matcher for the two token patterns that are only "runs of word
 * characters" or "runs of non-space characters" when the caller needs no
 * capture groups (RL_RE_NATIVE).
 */
#include <string.h>

#include "rules/regex_int.h"

/* Capture groups a pattern may have: the match data holds this many. */
#define RL_RE_MAX_GROUPS 4000u

/* Backtracking budget per match: a pathological pattern fails the rule
 * (a rule error) instead of hanging the review. */
#define RL_RE_MATCH_LIMIT 5000000u

static void *
pcre_alloc(PCRE2_SIZE size, void *data)
{
	(void)data;
	return rl__alloc(size);
}

static void
pcre_free(void *p, void *data)
{
	(void)data;
	rl__free(p);
}

/* native_kind recognises token patterns a byte loop matches exactly. */
static int
native_kind(const char *p)
{
	static const char *const words[]    = { "\\w+", "(\\w+)", "\\b\\w+\\b",
		   "\\b(\\w+)\\b", "(?:\\b(\\w+)\\b)", "(?:\\w+)", "[\\w]+",
		   "(?:\\b\\w+\\b)", NULL };
	static const char *const nonspace[] = { "\\S+", "[^\\s]+", "([^\\s]+)",
		"(\\S+)", "(?:[^\\s]+)", NULL };
	size_t                   i;

	for (i = 0; words[i]; i++)
		if (strcmp(p, words[i]) == 0)
			return RL_RE_NATIVE_WORDS;
	for (i = 0; nonspace[i]; i++)
		if (strcmp(p, nonspace[i]) == 0)
			return RL_RE_NATIVE_NONSPACE;
	return 0;
}

/* ------------------------------------------------------------------------
 * Variable-length lookbehind.  Vale's engine allows (?<!:[^ ]+?); PCRE2
 * 10.42 does not.  When such an assertion starts every match (it comes
 * first, after inline options and single-branch groups), the pattern is
 * compiled without it and each match is checked apart: the assertion
 * holds at p when (?:X)\z matches, or not, the subject up to p.
 * ------------------------------------------------------------------------ */

/* skip_item moves past one escape, class or character at p[i]. */
static size_t
skip_item(const char *p, size_t i)
{
	if (p[i] == '\\' && p[i + 1])
		return i + 2;
	if (p[i] == '[') {
		i++;
		if (p[i] == '^')
			i++;
		if (p[i] == ']')
			i++;
		while (p[i] && p[i] != ']')
			i += (p[i] == '\\' && p[i + 1]) ? 2 : 1;
		return p[i] ? i + 1 : i;
	}
	return i + 1;
}

/* group_end: index of the ')' closing the group opened at p[open], and
 * whether a '|' sits at its top level. */
static size_t
group_end(const char *p, size_t open, bool *alt)
{
	size_t i     = open + 1;
	int    depth = 0;

	*alt = false;
	while (p[i]) {
		if (p[i] == '(') {
			depth++;
			i++;
		} else if (p[i] == ')') {
			if (depth-- == 0)
				return i;
			i++;
		} else if (p[i] == '|') {
			if (depth == 0)
				*alt = true;
			i++;
		} else {
			i = skip_item(p, i);
		}
	}
	return 0;
}

/* top_level_alt: the pattern has a '|' outside any group. */
static bool
top_level_alt(const char *p)
{
	size_t i     = 0;
	int    depth = 0;

	while (p[i]) {
		if (p[i] == '(') {
			depth++;
			i++;
		} else if (p[i] == ')') {
			depth--;
			i++;
		} else if (p[i] == '|' && depth == 0) {
			return true;
		} else {
			i = skip_item(p, i);
		}
	}
	return false;
}

/* split_lookbehind finds a leading lookbehind: [at, end) is the
 * assertion, [body, end - 1) its body; flags collects inline options
 * seen before it.  False when there is none to hoist. */
static bool
split_lookbehind(const char *p, size_t *at, size_t *end, size_t *body,
    bool *negative, char *flags, size_t flags_size)
{
	size_t i = 0, close, nf = 0;
	bool   alt;

	if (top_level_alt(p))
		return false;
	flags[0] = '\0';
	for (;;) {
		if (p[i] == '(' && p[i + 1] == '?' && p[i + 2] == '<' &&
		    (p[i + 3] == '!' || p[i + 3] == '=')) {
			close = group_end(p, i, &alt);
			if (!close)
				return false;
			*at       = i;
			*end      = close + 1;
			*body     = i + 4;
			*negative = p[i + 3] == '!';
			return true;
		}
		if (p[i] == '(' && p[i + 1] == '?' && p[i + 2] == ':') {
			close = group_end(p, i, &alt);
			if (!close || alt)
				return false;
			i += 3;
			continue;
		}
		if (p[i] == '(' && p[i + 1] == '?') {
			size_t j = i + 2;

			while (p[j] && strchr("imsxnUJ-^", p[j]))
				j++;
			if (p[j] != ')' || j - i + 1 + nf >= flags_size)
				return false;
			memcpy(flags + nf, p + i, j - i + 1);
			nf += j - i + 1;
			flags[nf] = '\0';
			i         = j + 1;
			continue;
		}
		return false;
	}
}

/* hoist_lookbehind compiles pattern without its leading lookbehind into
 * re->code and the check into re->lookbehind; false if not applicable. */
static bool
hoist_lookbehind(
    rl_regex *re, const char *pattern, uint32_t opts, pcre2_compile_context *cc)
{
	char       flags[64], *rest = NULL, *check = NULL;
	size_t     at, end, body, n = strlen(pattern), size;
	bool       negative;
	int        errcode;
	PCRE2_SIZE erroff;

	if (!split_lookbehind(
	        pattern, &at, &end, &body, &negative, flags, sizeof flags))
		return false;
	size  = strlen(flags) + (end - body) + 8;
	rest  = rl__alloc(n + 1);
	check = rl__alloc(size);
	if (!rest || !check)
		goto fail;
	memcpy(rest, pattern, at);
	strcpy(rest + at, pattern + end);
	/* (?:X)\z: the body must end where the match starts */
	snprintf(check, size, "%s(?:%.*s)\\z", flags, (int)(end - 1 - body),
	    pattern + body);
	re->code = pcre2_compile((PCRE2_SPTR)rest, PCRE2_ZERO_TERMINATED, opts,
	    &errcode, &erroff, cc);
	re->lookbehind = pcre2_compile((PCRE2_SPTR)check, PCRE2_ZERO_TERMINATED,
	    opts, &errcode, &erroff, cc);
	if (!re->code || !re->lookbehind)
		goto fail;
	pcre2_jit_compile(re->lookbehind, PCRE2_JIT_COMPLETE);
	re->lb_negative = negative;
	re->stripped    = rest;
	rl__free(check);
	return true;
fail:
	pcre2_code_free(re->code);
	pcre2_code_free(re->lookbehind);
	re->code       = NULL;
	re->lookbehind = NULL;
	rl__free(rest);
	rl__free(check);
	return false;
}

rl_err
rl__regex_compile(
    const char *pattern, uint32_t flags, rl_regex **out, rl_diag *diag)
{
	pcre2_general_context *gc = NULL;
	pcre2_compile_context *cc = NULL;
	rl_regex              *re;
	PCRE2_SIZE             erroff;
	uint32_t               opts = PCRE2_UTF, groups = 0;
	int                    errcode;
	PCRE2_UCHAR            msg[256];
	rl_err                 err;

	if (!pattern || !out)
		return RL_EINVAL;
	re = rl__calloc(1, sizeof *re);
	if (!re)
		return rl__diag_set(
		    diag, RL_ENOMEM, NULL, 0, 0, "out of memory");
	re->flags   = flags;
	re->pattern = rl__strdup(pattern);
	gc          = pcre2_general_context_create(pcre_alloc, pcre_free, NULL);
	cc          = gc ? pcre2_compile_context_create(gc) : NULL;
	re->mctx    = gc ? pcre2_match_context_create(gc) : NULL;
	if (!re->pattern || !cc || !re->mctx) {
		err =
		    rl__diag_set(diag, RL_ENOMEM, NULL, 0, 0, "out of memory");
		goto fail;
	}
	pcre2_set_match_limit(re->mctx, RL_RE_MATCH_LIMIT);
	if (flags & RL_RE_CASELESS)
		opts |= PCRE2_CASELESS;
	if (flags & RL_RE_MULTILINE)
		opts |= PCRE2_MULTILINE;
	re->code = pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED,
	    opts, &errcode, &erroff, cc);
	if (!re->code && errcode == PCRE2_ERROR_LOOKBEHIND_NOT_FIXED_LENGTH &&
	    hoist_lookbehind(re, pattern, opts, cc))
		pattern = re->pattern;
	if (!re->code && errcode == PCRE2_ERROR_LOOKBEHIND_NOT_FIXED_LENGTH)
		hoist_lookbehind(re, pattern, opts, cc);
	if (!re->code && errcode == PCRE2_ERROR_HEAP_FAILED) {
		err =
		    rl__diag_set(diag, RL_ENOMEM, NULL, 0, 0, "out of memory");
		goto fail;
	}
	if (!re->code) {
		pcre2_get_error_message(errcode, msg, sizeof msg);
		err = rl__diag_set(diag, RL_EPACK, NULL, 0, 0,
		    "bad regular expression '%s': %s at offset %zu", pattern,
		    (const char *)msg, (size_t)erroff);
		goto fail;
	}
	pcre2_pattern_info(re->code, PCRE2_INFO_CAPTURECOUNT, &groups);
	if (groups > RL_RE_MAX_GROUPS) {
		err = rl__diag_set(diag, RL_EPACK, NULL, 0, 0,
		    "regular expression has %u capture groups; at most %u "
		    "are supported",
		    groups, RL_RE_MAX_GROUPS);
		goto fail;
	}
	re->n_groups = groups;
	re->jit      = pcre2_jit_compile(re->code, PCRE2_JIT_COMPLETE) == 0;
	if (flags & RL_RE_NATIVE)
		re->native = native_kind(pattern);
	err =
	    rl__lits_analyze(pattern, (flags & RL_RE_CASELESS) != 0, &re->lits);
	if (err) {
		rl__diag_set(diag, err, NULL, 0, 0, "out of memory");
		goto fail;
	}
	/* Searched only up to where its literals say a match may start: a
	 * second compilation takes PCRE2's offset limit. */
	if (re->lits.n && !re->lits.anchored && re->jit && !re->native &&
	    !re->lookbehind) {
		re->limited =
		    pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED,
		        opts | PCRE2_USE_OFFSET_LIMIT, &errcode, &erroff, cc);
		if (re->limited &&
		    pcre2_jit_compile(re->limited, PCRE2_JIT_COMPLETE) != 0) {
			pcre2_code_free(re->limited);
			re->limited = NULL;
		}
	}
	/* Tried only where its literals say a match may start: a second,
	 * anchored compilation keeps those tries on the JIT. */
	if (re->lits.anchored && re->jit && !re->native) {
		re->anchored = pcre2_compile(
		    (PCRE2_SPTR)(re->stripped ? re->stripped : pattern),
		    PCRE2_ZERO_TERMINATED, opts | PCRE2_ANCHORED, &errcode,
		    &erroff, cc);
		if (re->anchored &&
		    pcre2_jit_compile(re->anchored, PCRE2_JIT_COMPLETE) != 0) {
			pcre2_code_free(re->anchored);
			re->anchored = NULL;
		}
	}
	pcre2_compile_context_free(cc);
	pcre2_general_context_free(gc);
	*out = re;
	return RL_OK;
fail:
	pcre2_compile_context_free(cc);
	pcre2_general_context_free(gc);
	rl__regex_free(re);
	return err;
}

void
rl__regex_free(rl_regex *re)
{
	if (!re)
		return;
	pcre2_code_free(re->code);
	pcre2_code_free(re->anchored);
	pcre2_code_free(re->limited);
	pcre2_code_free(re->lookbehind);
	pcre2_match_context_free(re->mctx);
	rl__free(re->stripped);
	rl__lits_free(&re->lits);
	rl__free(re->pattern);
	rl__free(re);
}

/* ------------------------------------------------------------------------
 * Native matchers (RL_RE_NATIVE): the same spans PCRE2 would find for
 * \w+ and [^\s]+ in UTF mode without UCP.
 * ------------------------------------------------------------------------ */

static bool
is_space(uint8_t c)
{
	return c == ' ' || (c >= '\t' && c <= '\r');
}

static int
native_match(const rl_regex *re, const char *s, size_t len, size_t start,
    size_t *m_off, size_t *m_end)
{
	const uint8_t *u = (const uint8_t *)s;
	size_t         i = start, j;

	if (re->native == RL_RE_NATIVE_WORDS) {
		while (i < len && !rl__lit_is_word(u[i]))
			i++;
		for (j = i; j < len && rl__lit_is_word(u[j]); j++)
			;
	} else {
		while (i < len && is_space(u[i]))
			i++;
		for (j = i; j < len && !is_space(u[j]); j++)
			;
	}
	if (i >= len)
		return 0;
	*m_off = i;
	*m_end = j;
	return 1;
}

/* raw_match runs code once; 1, 0 or -1 as rl__regex_match. */
static int
raw_match(const rl_regex *re, const pcre2_code *code, bool jit,
    const char *subject, size_t len, size_t start, uint32_t opts,
    pcre2_match_data *md, size_t *m_off, size_t *m_end)
{
	PCRE2_SIZE *ov;
	int         rc;

	if (jit)
		rc = pcre2_jit_match(code, (PCRE2_SPTR)subject, len, start,
		    PCRE2_NO_UTF_CHECK | opts, md, re->mctx);
	else
		rc = pcre2_match(code, (PCRE2_SPTR)subject, len, start,
		    PCRE2_NO_UTF_CHECK | opts, md, re->mctx);
	if (rc == PCRE2_ERROR_NOMATCH)
		return 0;
	if (rc < 0)
		return -1;
	ov     = pcre2_get_ovector_pointer(md);
	*m_off = ov[0];
	*m_end = ov[1];
	return 1;
}

/* lookbehind_holds checks a hoisted lookbehind at p, then matches again
 * at p so md holds the match's groups. */
static int
lookbehind_holds(const rl_regex *re, const char *s, size_t len, size_t p,
    pcre2_match_data *md, size_t *m_off, size_t *m_end)
{
	int rc = pcre2_match(re->lookbehind, (PCRE2_SPTR)s, p, 0,
	    PCRE2_NO_UTF_CHECK, md, re->mctx);

	if (rc < 0 && rc != PCRE2_ERROR_NOMATCH)
		return -1;
	if ((rc >= 0) == re->lb_negative)
		return 0;
	return raw_match(
	    re, re->code, false, s, len, p, PCRE2_ANCHORED, md, m_off, m_end);
}

int
rl__regex_match(const rl_regex *re, const char *subject, size_t len,
    size_t start, pcre2_match_data *md, size_t *m_off, size_t *m_end)
{
	int rc;

	if (start > len)
		return 0;
	if (re->native)
		return native_match(re, subject, len, start, m_off, m_end);
	for (;;) {
		rc = raw_match(re, re->code, re->jit, subject, len, start, 0,
		    md, m_off, m_end);
		if (rc != 1 || !re->lookbehind)
			return rc;
		rc = lookbehind_holds(
		    re, subject, len, *m_off, md, m_off, m_end);
		if (rc != 0)
			return rc;
		start = rl__regex_next(subject, len, *m_off, *m_off);
		if (start >= len)
			return 0;
	}
}

int
rl__regex_match_before(const rl_regex *re, const char *subject, size_t len,
    size_t start, size_t limit, pcre2_match_data *md, pcre2_match_context *mctx,
    size_t *m_off, size_t *m_end)
{
	PCRE2_SIZE *ov;
	int         rc;

	if (!re->limited || !mctx)
		return rl__regex_match(
		    re, subject, len, start, md, m_off, m_end);
	if (start > len || start > limit)
		return 0;
	pcre2_set_offset_limit(mctx, limit);
	rc = pcre2_jit_match(re->limited, (PCRE2_SPTR)subject, len, start,
	    PCRE2_NO_UTF_CHECK, md, mctx);
	if (rc == PCRE2_ERROR_NOMATCH)
		return 0;
	if (rc < 0)
		return -1;
	ov     = pcre2_get_ovector_pointer(md);
	*m_off = ov[0];
	*m_end = ov[1];
	return 1;
}

int
rl__regex_match_at(const rl_regex *re, const char *subject, size_t len,
    size_t start, pcre2_match_data *md, size_t *m_off, size_t *m_end)
{
	int rc;

	if (start > len)
		return 0;
	if (re->native) {
		rc = native_match(re, subject, len, start, m_off, m_end);
		return rc == 1 && *m_off == start;
	}
	if (re->anchored)
		rc = raw_match(re, re->anchored, true, subject, len, start, 0,
		    md, m_off, m_end);
	else
		rc = raw_match(re, re->code, false, subject, len, start,
		    PCRE2_ANCHORED, md, m_off, m_end);
	if (rc == 1 && re->lookbehind)
		rc =
		    lookbehind_holds(re, subject, len, start, md, m_off, m_end);
	return rc;
}

bool
rl__regex_may_match(const rl_regex *re, const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < re->lits.n_need; i++)
		if (!memchr(s, re->lits.need[i], len))
			return false;
	return true;
}

long
rl__regex_count(const rl_regex *re, const char *s, size_t len,
    pcre2_match_data *md, size_t stop, size_t *f_off, size_t *f_end)
{
	const uint8_t *u = (const uint8_t *)s;
	size_t         n = 0, at = 0, a, z, i;
	int            rc;

	if (!rl__regex_may_match(re, s, len))
		return 0;
	if (re->native == RL_RE_NATIVE_WORDS) {
		/* a word starts wherever a word byte follows a non-word one:
		 * sixteen bytes at a time, then one by one */
		uint32_t prev = 0, cur, starts;

		for (i = 0; i + 16 <= len; i += 16) {
			cur    = rl__lit_word_mask16(u + i);
			starts = cur & ~(cur << 1 | prev);
			prev   = cur >> 15;
			for (; starts; starts &= starts - 1)
				n++;
		}
		for (; i < len; i++) {
			cur = rl__lit_word[u[i]];
			n += cur & (prev ^ 1u);
			prev = cur;
		}
		if (n) {
			for (i = 0; !rl__lit_is_word(u[i]); i++)
				;
			*f_off = i;
			while (i < len && rl__lit_is_word(u[i]))
				i++;
			*f_end = i;
		}
		return (long)n;
	}
	while ((!stop || n <= stop) &&
	    (rc = rl__regex_match(re, s, len, at, md, &a, &z)) == 1) {
		if (n++ == 0) {
			*f_off = a;
			*f_end = z;
		}
		at = rl__regex_next(s, len, z, a);
	}
	return rc < 0 && (!stop || n <= stop) ? -1 : (long)n;
}

bool
rl__regex_group(pcre2_match_data *md, uint32_t i, size_t *off, size_t *end)
{
	PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);

	if (i >= pcre2_get_ovector_count(md))
		return false;
	if (ov[2 * i] == PCRE2_UNSET)
		return false;
	*off = ov[2 * i];
	*end = ov[2 * i + 1];
	return true;
}

const char *
rl__regex_pattern(const rl_regex *re)
{
	return re ? re->pattern : "";
}

uint32_t
rl__regex_groups(const rl_regex *re)
{
	return re ? re->n_groups : 0;
}

const rl_lits *
rl__regex_lits(const rl_regex *re)
{
	return &re->lits;
}

pcre2_match_data *
rl__match_data_new(void)
{
	return pcre2_match_data_create(RL_RE_MAX_GROUPS + 1, NULL);
}

pcre2_match_context *
rl__match_context_new(void)
{
	pcre2_match_context *mctx = pcre2_match_context_create(NULL);

	if (mctx)
		pcre2_set_match_limit(mctx, RL_RE_MATCH_LIMIT);
	return mctx;
}

size_t
rl__regex_next(const char *s, size_t len, size_t m_end, size_t m_off)
{
	/* After an empty match step over one whole character, as PCRE2's
	 * own global loop does, so a match never lands inside one. */
	if (m_end > m_off)
		return m_end;
	if (m_end >= len) /* past the end: the next search finds nothing */
		return len + 1;
	m_end++;
	while (m_end < len && ((uint8_t)s[m_end] & 0xc0) == 0x80)
		m_end++;
	return m_end;
}

bool
rl__regex_substitute(const rl_regex *re, const char *s, size_t n,
    const char *repl, pcre2_match_data *md, char *out, size_t *outlen)
{
	PCRE2_SIZE len = *outlen;
	int        rc;

	rc = pcre2_substitute(re->code, (PCRE2_SPTR)s, n, 0,
	    PCRE2_SUBSTITUTE_GLOBAL | PCRE2_NO_UTF_CHECK, md, re->mctx,
	    (PCRE2_SPTR)repl, PCRE2_ZERO_TERMINATED, (PCRE2_UCHAR *)out, &len);
	if (rc < 0)
		return false;
	*outlen = len;
	return true;
}

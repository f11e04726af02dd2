/*
 * literal.c - required literals of a PCRE2 pattern (see literal.h).
 *
 * A small recursive-descent reader of PCRE2 syntax computes, for each
 * subpattern, two things:
 *  - exact: the finite set of strings it can match, when that set is small
 *    (otherwise unknown).  Strings are over bytes plus three markers: an
 *    unknown character (a class, a dot), a non-word context (\s, ^, $, a
 *    lookahead that proves the next character is not a word character)
 *    and \b.  Markers keep enough context to prove that "me" in \bme\b is
 *    a whole word;
 *  - req: the best set of literals one of which every match contains.
 * A sequence multiplies exact sets while they stay small and keeps the
 * best literal set seen; an alternation unions them; a quantifier that
 * allows zero repetitions drops what its atom required.  Anything the
 * reader does not model (backreferences, recursion, conditionals, verbs,
 * extended mode) aborts the analysis: no literals, the rule always runs.
 *
 * Scoring: a substring literal scores its length (at least 3 bytes to
 * count); a whole-word literal scores its length plus 2.  A set scores its
 * weakest literal; the best set has the highest score.
 */
#include <string.h>

#include "rules/literal_int.h"

/* ------------------------------------------------------------------------
 * Characters
 * ------------------------------------------------------------------------ */

/* no_case_variant: a non-ASCII code point whose caseless match is only
 * itself (punctuation and symbols); others are unknown when caseless. */
static bool
no_case_variant(uint32_t cp)
{
	return (cp >= 0xa0 && cp <= 0xbf && cp != 0xb5) || cp == 0xd7 ||
	    cp == 0xf7 || (cp >= 0x2000 && cp <= 0x206f) ||
	    (cp >= 0x2190 && cp <= 0x22ff) || (cp >= 0x3000 && cp <= 0x303f);
}

static size_t
utf8_put(uint32_t cp, uint8_t *out)
{
	if (cp < 0x80) {
		out[0] = (uint8_t)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (uint8_t)(0xc0 | (cp >> 6));
		out[1] = (uint8_t)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (uint8_t)(0xe0 | (cp >> 12));
		out[1] = (uint8_t)(0x80 | ((cp >> 6) & 0x3f));
		out[2] = (uint8_t)(0x80 | (cp & 0x3f));
		return 3;
	}
	out[0] = (uint8_t)(0xf0 | (cp >> 18));
	out[1] = (uint8_t)(0x80 | ((cp >> 12) & 0x3f));
	out[2] = (uint8_t)(0x80 | ((cp >> 6) & 0x3f));
	out[3] = (uint8_t)(0x80 | (cp & 0x3f));
	return 4;
}

/* char_set: the exact set for one literal code point. */
static lit_sset *
char_set(lit_parser *ps, uint32_t cp)
{
	uint8_t b[4];
	size_t  n;

	if (cp <= M_LAST)
		return rl__lset_marker(ps, M_UNK1);
	if (cp > 0x10ffff)
		return rl__lset_marker(ps, M_UNK);
	if (cp >= 0x80 && ps->caseless && !no_case_variant(cp))
		return rl__lset_marker(ps, M_UNK);
	if (cp < 0x80) {
		b[0] = rl__lit_fold[cp];
		return rl__lset_of(ps, b, 1);
	}
	n = utf8_put(cp, b);
	return rl__lset_of(ps, b, (uint32_t)n);
}

/* next_cp reads one UTF-8 code point of the pattern (valid: PCRE2 has
 * compiled it). */
static uint32_t
next_cp(lit_parser *ps)
{
	size_t   adv;
	uint32_t cp = rl__utf8_decode(ps->p, (size_t)(ps->end - ps->p), &adv);

	ps->p += adv;
	return cp;
}

/* Result of reading an escape: a code point, or a class of characters. */
enum esc_kind {
	ESC_CHAR,   /* *cp */
	ESC_ASCII,  /* one ASCII character (\d, \w without UCP) */
	ESC_UNK,    /* one character */
	ESC_RUN,    /* one or more characters (\R, \X) */
	ESC_SPACE,  /* one ASCII white space (\s without UCP) */
	ESC_HSPACE, /* one white space, maybe not ASCII (\h, \v) */
	ESC_BOUND,  /* \b */
	ESC_EMPTY,  /* zero width, nothing known */
	ESC_EDGE,   /* zero width at the subject's edge */
	ESC_ABORT,
};

/* read_escape reads after a backslash.  in_class: inside [...]. */
static enum esc_kind
read_escape(lit_parser *ps, bool in_class, uint32_t *cp)
{
	char c;
	int  h, n;

	if (ps->p >= ps->end)
		return ESC_ABORT;
	c = *ps->p++;
	switch (c) {
	case 'n':
		*cp = '\n';
		return ESC_CHAR;
	case 't':
		*cp = '\t';
		return ESC_CHAR;
	case 'r':
		*cp = '\r';
		return ESC_CHAR;
	case 'f':
		*cp = '\f';
		return ESC_CHAR;
	case 'e':
		*cp = 0x1b;
		return ESC_CHAR;
	case 'a':
		*cp = 0x07;
		return ESC_CHAR;
	case 'b':
		if (in_class) {
			*cp = 0x08;
			return ESC_CHAR;
		}
		return ESC_BOUND;
	case 'B':
	case 'G':
	case 'K':
		return in_class ? ESC_ABORT : ESC_EMPTY;
	case 'A':
	case 'z':
	case 'Z':
		return in_class ? ESC_ABORT : ESC_EDGE;
	case 's':
		return ESC_SPACE;
	case 'h':
	case 'v':
		return ESC_HSPACE;
	case 'd':
	case 'w':
		return ESC_ASCII;
	case 'R':
	case 'X':
		return in_class ? ESC_ABORT : ESC_RUN;
	case 'D':
	case 'W':
	case 'S':
	case 'H':
	case 'V':
	case 'N':
	case 'C':
		return ESC_UNK;
	case 'p':
	case 'P':
		if (ps->p < ps->end && *ps->p == '{') {
			while (ps->p < ps->end && *ps->p != '}')
				ps->p++;
			if (ps->p >= ps->end)
				return ESC_ABORT;
			ps->p++;
		} else if (ps->p < ps->end) {
			ps->p++;
		}
		return ESC_UNK;
	case 'x':
		*cp = 0;
		if (ps->p < ps->end && *ps->p == '{') {
			ps->p++;
			for (n = 0; ps->p < ps->end &&
			     (h = rl__hex_digit(*ps->p)) >= 0;
			     n++, ps->p++)
				*cp = *cp * 16 + (uint32_t)h;
			if (ps->p >= ps->end || *ps->p != '}' || n == 0 ||
			    n > 6)
				return ESC_ABORT;
			ps->p++;
			return ESC_CHAR;
		}
		for (n = 0; n < 2 && ps->p < ps->end &&
		     (h = rl__hex_digit(*ps->p)) >= 0;
		     n++, ps->p++)
			*cp = *cp * 16 + (uint32_t)h;
		return ESC_CHAR;
	case '0':
		*cp = 0;
		for (n = 0;
		     n < 2 && ps->p < ps->end && *ps->p >= '0' && *ps->p <= '7';
		     n++, ps->p++)
			*cp = *cp * 8 + (uint32_t)(*ps->p - '0');
		return ESC_CHAR;
	case 'c':
		if (ps->p >= ps->end)
			return ESC_ABORT;
		*cp =
		    (uint32_t)(rl__lit_fold[(uint8_t)*ps->p] - 'a' + 1) & 0x7f;
		ps->p++;
		return ESC_CHAR;
	default:
		break;
	}
	if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '1' && c <= '9'))
		return ESC_ABORT; /* backreferences, \g, \k, \o, \Q handled
		                     by the caller, anything else unknown */
	ps->p--;
	*cp = next_cp(ps);
	return ESC_CHAR;
}

/* ------------------------------------------------------------------------
 * Classes
 * ------------------------------------------------------------------------ */

#define CLASS_MAX 8

/* class_range adds lo+1..hi to the members, or marks the class not
 * enumerable; tracks ASCII and non-word. */
static void
class_range(uint32_t lo, uint32_t hi, uint32_t *members, size_t *n,
    bool *enumerable, bool *ascii, bool *nonword)
{
	uint32_t c;

	if (hi >= 0x80)
		*ascii = false;
	for (c = lo + 1; c <= hi && c < 0x80; c++)
		if (rl__lit_is_word((uint8_t)c))
			*nonword = false;
	if (hi >= 0x80)
		*nonword = false;
	if (hi - lo > CLASS_MAX || *n + (hi - lo) > CLASS_MAX) {
		*enumerable = false;
		return;
	}
	for (c = lo + 1; c <= hi; c++)
		members[(*n)++] = c;
}

/* parse_class reads [...] (after '[') into an exact set: the members when
 * there are few, else a marker: M_NW1 when every member is an ASCII
 * non-word character, M_NWP when all are non-word, M_UNK1 when all are
 * ASCII, M_UNK otherwise. */
static lit_sset *
parse_class(lit_parser *ps)
{
	uint32_t  members[CLASS_MAX], cp, lo = 0;
	size_t    n       = 0, i;
	bool      negated = false, enumerable = true, nonword = true;
	bool      ascii = true, first = true, range = false;
	lit_sset *s, *one;

	if (ps->p < ps->end && *ps->p == '^') {
		negated = true;
		ps->p++;
	}
	for (;;) {
		enum esc_kind k = ESC_CHAR;

		if (ps->p >= ps->end) {
			ps->abort = true;
			return NULL;
		}
		if (*ps->p == ']' && !first)
			break;
		first = false;
		if (*ps->p == '[' && ps->p + 1 < ps->end &&
		    (ps->p[1] == ':' || ps->p[1] == '.' || ps->p[1] == '=')) {
			const char *close = ps->p + 2;

			while (close + 1 < ps->end &&
			    !(close[0] == ps->p[1] && close[1] == ']'))
				close++;
			if (close + 1 >= ps->end) {
				ps->abort = true;
				return NULL;
			}
			ps->p      = close + 2; /* POSIX classes are ASCII */
			enumerable = false;
			nonword    = false;
			continue;
		}
		if (*ps->p == '\\') {
			ps->p++;
			if (ps->p < ps->end &&
			    (*ps->p == 'Q' || *ps->p == 'E')) {
				ps->abort = true; /* rare inside classes */
				return NULL;
			}
			k = read_escape(ps, true, &cp);
			if (k == ESC_ABORT) {
				ps->abort = true;
				return NULL;
			}
		} else {
			cp = next_cp(ps);
		}
		if (k != ESC_CHAR) {
			enumerable = false;
			range      = false;
			if (k != ESC_SPACE && k != ESC_HSPACE)
				nonword = false;
			if (k != ESC_SPACE && k != ESC_ASCII)
				ascii = false;
			continue;
		}
		if (range) {
			range = false;
			if (cp < lo) {
				ps->abort = true;
				return NULL;
			}
			class_range(
			    lo, cp, members, &n, &enumerable, &ascii, &nonword);
			continue;
		}
		if (*ps->p == '-' && ps->p + 1 < ps->end && ps->p[1] != ']') {
			ps->p++;
			range = true;
			lo    = cp;
		}
		if (cp >= 0x80) {
			ascii   = false;
			nonword = false;
		} else if (rl__lit_is_word((uint8_t)cp)) {
			nonword = false;
		}
		if (n == CLASS_MAX)
			enumerable = false;
		else
			members[n++] = cp;
	}
	ps->p++; /* ']' */
	if (negated)
		return rl__lset_marker(ps, M_UNK);
	if (!enumerable) {
		if (nonword)
			return rl__lset_marker(ps, ascii ? M_NW1 : M_NWP);
		return rl__lset_marker(ps, ascii ? M_UNK1 : M_UNK);
	}
	s = rl__lset_new(ps, n);
	for (i = 0; s && i < n; i++) {
		one = char_set(ps, members[i]);
		if (!one)
			return NULL;
		s = rl__lset_union(ps, s, one);
	}
	return s;
}

/* ------------------------------------------------------------------------
 * Groups, atoms, sequences, alternations
 * ------------------------------------------------------------------------ */

static lit_info parse_alt(lit_parser *ps);

static lit_info
info_exact(lit_sset *s)
{
	lit_info in = { s, NULL, { 0, 0 } };

	return in;
}

/* first_nonword: every string of x starts (at_end: ends) with a non-word
 * item, so a lookaround over x proves a non-word neighbour. */
static bool
edge_nonword(const lit_sset *x, bool at_end)
{
	size_t  i;
	uint8_t c;

	if (!x || x->n == 0)
		return false;
	for (i = 0; i < x->n; i++) {
		if (x->v[i].len == 0)
			return false;
		c = x->v[i].b[at_end ? x->v[i].len - 1 : 0];
		if (!(c == M_NW0 || c == M_NW1 || c == M_NWP ||
		        (c > M_LAST && c < 0x80 && !rl__lit_is_word(c))))
			return false;
	}
	return true;
}

/* parse_flags reads inline options after "(?"; returns true for "(?i)"
 * style (options for the rest of the group), false for "(?i:" (a group),
 * with *set_caseless telling the new state. */
static bool
parse_flags(lit_parser *ps, bool *caseless, bool *is_group)
{
	bool on = true;

	for (; ps->p < ps->end; ps->p++) {
		char c = *ps->p;

		if (c == ')' || c == ':') {
			*is_group = c == ':';
			ps->p++;
			return true;
		}
		if (c == '-')
			on = false;
		else if (c == '^')
			*caseless = false;
		else if (c == 'i')
			*caseless = on;
		else if (c == 'x' && on)
			return false; /* extended mode: whitespace rules change
			               */
		else if (!strchr("msnUJ", c) && !(c == 'x' && !on))
			return false;
	}
	return false;
}

/* parse_group reads after '('. */
static lit_info
parse_group(lit_parser *ps)
{
	lit_info    in    = { NULL, NULL, { 0, 0 } }, inner;
	bool        saved = ps->caseless, is_group = false;
	int         look = 0; /* 1 ahead, 2 behind; negative: negated */
	const char *body;

	if (ps->p < ps->end && *ps->p == '*') {
		ps->abort = true; /* verbs and (*pla: ...) */
		return in;
	}
	if (ps->p < ps->end && *ps->p == '?') {
		ps->p++;
		if (ps->p >= ps->end) {
			ps->abort = true;
			return in;
		}
		switch (*ps->p) {
		case '#':
			while (ps->p < ps->end && *ps->p != ')')
				ps->p++;
			if (ps->p < ps->end)
				ps->p++;
			return info_exact(rl__lset_empty_string(ps));
		case ':':
		case '|':
		case '>':
			ps->p++;
			break;
		case '=':
			ps->p++;
			look = 1;
			break;
		case '!':
			ps->p++;
			look = -1;
			break;
		case '<':
			if (ps->p + 1 < ps->end && ps->p[1] == '=') {
				ps->p += 2;
				look = 2;
			} else if (ps->p + 1 < ps->end && ps->p[1] == '!') {
				ps->p += 2;
				look = -2;
			} else {
				while (ps->p < ps->end && *ps->p != '>')
					ps->p++;
				ps->p++;
			}
			break;
		case '\'':
			ps->p++;
			while (ps->p < ps->end && *ps->p != '\'')
				ps->p++;
			ps->p++;
			break;
		case 'P':
			if (ps->p + 1 < ps->end && ps->p[1] == '<') {
				while (ps->p < ps->end && *ps->p != '>')
					ps->p++;
				ps->p++;
				break;
			}
			ps->abort = true; /* (?P=name), (?P>name) */
			return in;
		default:
			if (!parse_flags(ps, &ps->caseless, &is_group)) {
				ps->abort = true;
				return in;
			}
			if (!is_group) /* (?i): applies to the rest */
				return info_exact(rl__lset_empty_string(ps));
			break;
		}
	}
	body  = ps->p;
	inner = parse_alt(ps);
	if (ps->abort || ps->oom)
		return in;
	if (ps->p >= ps->end || *ps->p != ')') {
		ps->abort = true;
		return in;
	}
	ps->p++;
	ps->caseless = saved;
	if (look == 0)
		return inner;
	/* Lookarounds match nothing themselves; a positive one still
	 * requires its literals to be in the subject. */
	if (look > 0) {
		in.need[0] = inner.need[0];
		in.need[1] = inner.need[1];
		in.req     = rl__lset_info_req(ps, &inner);
		in.exact   = edge_nonword(inner.exact, look == 2)
		      ? rl__lset_marker(ps, M_NW0)
		      : rl__lset_empty_string(ps);
		return in;
	}
	if ((size_t)(ps->p - body) == 3 && memcmp(body, "\\w)", 3) == 0)
		return info_exact(rl__lset_marker(ps, M_NW0));
	if ((size_t)(ps->p - body) == 5 && memcmp(body, "[\\w])", 5) == 0)
		return info_exact(rl__lset_marker(ps, M_NW0));
	return info_exact(rl__lset_empty_string(ps));
}

/* parse_quote reads \Q...\E as a run of literal characters. */
static lit_info
parse_quote(lit_parser *ps)
{
	lit_sset *acc = rl__lset_empty_string(ps), *one;

	while (acc && ps->p < ps->end) {
		if (ps->end - ps->p >= 2 && ps->p[0] == '\\' &&
		    ps->p[1] == 'E') {
			ps->p += 2;
			break;
		}
		one = char_set(ps, next_cp(ps));
		acc = one ? rl__lset_cross(ps, acc, one) : NULL;
	}
	if (!acc && !ps->oom)
		ps->abort = true;
	return info_exact(acc);
}

/* parse_atom reads one atom; false at the end of a sequence. */
static bool
parse_atom(lit_parser *ps, lit_info *out)
{
	uint32_t      cp;
	enum esc_kind k;
	char          c;

	out->exact   = NULL;
	out->req     = NULL;
	out->need[0] = 0;
	out->need[1] = 0;
	if (ps->p >= ps->end || *ps->p == '|' || *ps->p == ')')
		return false;
	c = *ps->p;
	switch (c) {
	case '(':
		ps->p++;
		*out = parse_group(ps);
		return true;
	case '[':
		ps->p++;
		out->exact = parse_class(ps);
		return true;
	case '.':
		ps->p++;
		out->exact = rl__lset_marker(ps, M_UNK);
		return true;
	case '^':
	case '$':
		ps->p++;
		out->exact = rl__lset_marker(ps, M_NW0);
		return true;
	case '\\':
		ps->p++;
		if (ps->p < ps->end && *ps->p == 'Q') {
			ps->p++;
			*out = parse_quote(ps);
			return true;
		}
		if (ps->p < ps->end && *ps->p == 'E') {
			ps->p++;
			out->exact = rl__lset_empty_string(ps);
			return true;
		}
		k = read_escape(ps, false, &cp);
		switch (k) {
		case ESC_CHAR:
			out->exact = char_set(ps, cp);
			break;
		case ESC_ASCII:
			out->exact = rl__lset_marker(ps, M_UNK1);
			break;
		case ESC_UNK:
			out->exact = rl__lset_marker(ps, M_UNK);
			break;
		case ESC_RUN:
			out->exact = rl__lset_marker(ps, M_UNKV);
			break;
		case ESC_SPACE:
			out->exact = rl__lset_marker(ps, M_NW1);
			break;
		case ESC_HSPACE:
			out->exact = rl__lset_marker(ps, M_NWP);
			break;
		case ESC_EDGE:
			out->exact = rl__lset_marker(ps, M_NW0);
			break;
		case ESC_BOUND:
			out->exact = rl__lset_marker(ps, M_B);
			break;
		case ESC_EMPTY:
			out->exact = rl__lset_empty_string(ps);
			break;
		case ESC_ABORT:
			ps->abort = true;
			break;
		}
		return true;
	default:
		out->exact = char_set(ps, next_cp(ps));
		return true;
	}
}

/* parse_quant reads a quantifier; false if there is none. */
static bool
parse_quant(lit_parser *ps, unsigned *min, unsigned *max)
{
	const char *q = ps->p;
	unsigned    a = 0, b = 0;
	bool        have_b = false, comma = false;

	if (q >= ps->end)
		return false;
	if (*q == '*' || *q == '+' || *q == '?') {
		*min = *q == '+' ? 1 : 0;
		*max = *q == '?' ? 1 : ~0u;
		q++;
	} else if (*q == '{') {
		const char *d = q + 1;

		if (d >= ps->end || *d < '0' || *d > '9')
			return false;
		for (; d < ps->end && *d >= '0' && *d <= '9'; d++)
			a = a * 10 + (unsigned)(*d - '0');
		if (d < ps->end && *d == ',') {
			comma = true;
			for (d++; d < ps->end && *d >= '0' && *d <= '9'; d++) {
				b      = b * 10 + (unsigned)(*d - '0');
				have_b = true;
			}
		}
		if (d >= ps->end || *d != '}')
			return false;
		*min = a;
		*max = comma ? (have_b ? b : ~0u) : a;
		q    = d + 1;
	} else {
		return false;
	}
	if (q < ps->end && (*q == '?' || *q == '+'))
		q++;
	ps->p = q;
	return true;
}

/* tail_marker: the marker for "zero or more further repetitions" of x:
 * non-word when every string of x is one non-word item. */
static uint8_t
tail_marker(const lit_sset *x)
{
	size_t i;

	for (i = 0; i < x->n; i++) {
		uint8_t c;

		if (x->v[i].len != 1)
			return M_UNKV;
		c = x->v[i].b[0];
		if (!(c == M_NW0 || c == M_NW1 || c == M_NWP || c == M_NWV ||
		        (c > M_LAST && c < 0x80 && !rl__lit_is_word(c))))
			return M_UNKV;
	}
	return M_NWV;
}

/* quant_exact: the exact set and literals of atom repeated. */
static lit_info
quant_exact(lit_parser *ps, lit_info atom, unsigned min, unsigned max)
{
	lit_info  out = { NULL, NULL, { 0, 0 } };
	lit_sset *run;
	unsigned  i;

	if (min == max && min <= 4 && atom.exact) { /* a fixed count */
		if (min == 0) {
			out.exact = rl__lset_empty_string(ps);
			return out;
		}
		out.req   = rl__lset_info_req(ps, &atom);
		out.exact = atom.exact;
		for (i = 1; i < min && out.exact; i++)
			out.exact = rl__lset_cross(ps, out.exact, atom.exact);
		return out;
	}
	if (max <= 4 && atom.exact) { /* x{1,2}: x or x x, offsets kept */
		lit_sset *power = min ? atom.exact : rl__lset_empty_string(ps);

		for (i = 1; i < min && power; i++)
			power = rl__lset_cross(ps, power, atom.exact);
		out.exact = power;
		for (i = min; i < max && power; i++) {
			power     = rl__lset_cross(ps, power, atom.exact);
			out.exact = rl__lset_union(ps, out.exact, power);
		}
		if (min >= 1)
			out.req = rl__lset_info_req(ps, &atom);
		return out;
	}
	/* A repeated marker (\s+, [^,]*) is a run marker: literals and word
	 * edges around it still count, offsets after it do not. */
	if ((run = rl__lset_repeat(ps, atom.exact, min))) {
		out.exact = run;
		return out;
	}
	if (min >= 1)
		out.req = rl__lset_info_req(ps, &atom);
	/* x{2,}: x x then a run, so what comes before stays exact */
	if (atom.exact && min <= 4) {
		out.exact = rl__lset_marker(ps, tail_marker(atom.exact));
		for (i = 0; i < min && out.exact; i++)
			out.exact = rl__lset_cross(ps, atom.exact, out.exact);
	}
	return out;
}

/* apply_quant: what atom repeated min..max times requires. */
static lit_info
apply_quant(lit_parser *ps, lit_info atom, unsigned min, unsigned max)
{
	lit_info out = quant_exact(ps, atom, min, max);

	out.need[0] = min ? atom.need[0] : 0;
	out.need[1] = min ? atom.need[1] : 0;
	return out;
}

/* need_of: the byte a one-character atom stands for, when it is an ASCII
 * character other than a letter (those differ by case). */
static void
need_of(lit_info *in)
{
	uint8_t c;

	if (!in->exact || in->exact->n != 1 || in->exact->v[0].len != 1)
		return;
	c = in->exact->v[0].b[0];
	if (c > M_LAST && c < 0x80 && !(c >= 'a' && c <= 'z') &&
	    !(c >= 'A' && c <= 'Z'))
		in->need[c / 64] |= 1ull << (c % 64);
}

/* parse_seq reads atoms up to '|', ')' or the end. */
static lit_info
parse_seq(lit_parser *ps)
{
	lit_info  out         = { NULL, NULL, { 0, 0 } }, atom;
	lit_sset *acc         = rl__lset_empty_string(ps), *next;
	bool      exact_known = true;
	unsigned  min, max;

	while (!ps->abort && !ps->oom && parse_atom(ps, &atom)) {
		if (ps->abort || ps->oom)
			break;
		need_of(&atom);
		if (parse_quant(ps, &min, &max))
			atom = apply_quant(ps, atom, min, max);
		out.need[0] |= atom.need[0];
		out.need[1] |= atom.need[1];
		out.req = rl__lset_best(out.req, atom.req);
		if (atom.exact) {
			next = rl__lset_cross(ps, acc, atom.exact);
			if (!next) {
				out.req = rl__lset_best(
				    out.req, rl__lset_derive(ps, acc, false));
				next        = atom.exact;
				exact_known = false;
			}
			acc = next;
		} else {
			out.req = rl__lset_best(
			    out.req, rl__lset_derive(ps, acc, false));
			acc         = rl__lset_empty_string(ps);
			exact_known = false;
		}
		if (!acc)
			break;
	}
	if (exact_known)
		out.exact = acc;
	else
		out.req =
		    rl__lset_best(out.req, rl__lset_derive(ps, acc, false));
	return out;
}

static lit_info
parse_alt(lit_parser *ps)
{
	lit_info  out = parse_seq(ps), br;
	lit_lset *req;

	if (ps->p >= ps->end || *ps->p != '|')
		return out;
	req = rl__lset_info_req(ps, &out);
	while (!ps->abort && !ps->oom && ps->p < ps->end && *ps->p == '|') {
		ps->p++;
		br        = parse_seq(ps);
		out.exact = rl__lset_union(ps, out.exact, br.exact);
		out.need[0] &= br.need[0];
		out.need[1] &= br.need[1];
		req = rl__lset_lits_union(ps, req, rl__lset_info_req(ps, &br));
	}
	out.req = req;
	return out;
}

/* ------------------------------------------------------------------------
 * Entry points
 * ------------------------------------------------------------------------ */

rl_err
rl__lits_analyze(const char *pattern, bool caseless, rl_lits *out)
{
	lit_parser ps;
	lit_info   top;
	lit_lset  *l = NULL, *anchored = NULL;
	size_t     i, bytes            = 0;
	char      *pool;
	rl_err     err = RL_OK;

	out->v        = NULL;
	out->n        = 0;
	out->anchored = false;
	out->n_need   = 0;
	memset(&ps, 0, sizeof ps);
	ps.p        = pattern;
	ps.end      = pattern + strlen(pattern);
	ps.caseless = caseless;
	ps.a        = rl__arena_new(16384);
	if (!ps.a)
		return RL_ENOMEM;
	top = parse_alt(&ps);
	for (i = 0x21; !ps.abort && ps.p == ps.end && i < 0x80 &&
	     out->n_need < sizeof out->need;
	     i++)
		if (top.need[i / 64] & (1ull << (i % 64)))
			out->need[out->n_need++] = (uint8_t)i;
	if (!ps.abort && !ps.oom && ps.p == ps.end) {
		l = rl__lset_info_req(&ps, &top);
		/* With every match's literal at a known distance from its
		 * start, the pattern need only be tried at those places: the
		 * better use of literals, even short ones. */
		if (top.exact)
			anchored = rl__lset_derive(&ps, top.exact, true);
		/* A letter pair inside words ("am" of "11am") is everywhere:
		 * trying the pattern at each is no better than scanning. */
		for (i = 0; anchored && i < anchored->n; i++)
			if (!anchored->v[i].word && anchored->v[i].len <= 2 &&
			    rl__lit_is_word((uint8_t)anchored->v[i].s[0]))
				anchored = NULL;
		if (anchored) {
			l             = anchored;
			out->anchored = true;
		}
	}
	if (ps.oom) {
		err = RL_ENOMEM;
		goto done;
	}
	if (!l || l->n == 0)
		goto done;
	for (i = 0; i < l->n; i++)
		bytes += l->v[i].len;
	out->v = rl__alloc(l->n * sizeof *out->v + bytes);
	if (!out->v) {
		err = RL_ENOMEM;
		goto done;
	}
	pool = (char *)(out->v + l->n);
	for (i = 0; i < l->n; i++) {
		memcpy(pool, l->v[i].s, l->v[i].len);
		out->v[i].s    = pool;
		out->v[i].len  = l->v[i].len;
		out->v[i].word = l->v[i].word;
		out->v[i].lb   = l->v[i].lb;
		out->v[i].at   = out->anchored ? l->v[i].at : -1;
		pool += l->v[i].len;
	}
	out->n = l->n;
done:
	rl__arena_free(ps.a);
	return err;
}

void
rl__lits_free(rl_lits *l)
{
	if (!l)
		return;
	rl__free(l->v);
	l->v        = NULL;
	l->n        = 0;
	l->anchored = false;
}

/* lits_join sets dst to x[0, nx) followed by y's literals. */
static rl_err
lits_join(rl_lits *dst, const rl_lit *x, size_t nx, const rl_lits *y)
{
	rl_lit *v;
	size_t  i, bytes = 0, n = nx + y->n;
	char   *pool;

	for (i = 0; i < n; i++)
		bytes += i < nx ? x[i].len : y->v[i - nx].len;
	v = rl__alloc((n ? n : 1) * sizeof *v + bytes);
	if (!v)
		return RL_ENOMEM;
	pool = (char *)(v + n);
	for (i = 0; i < n; i++) {
		const rl_lit *l = i < nx ? &x[i] : &y->v[i - nx];

		memcpy(pool, l->s, l->len);
		v[i]   = *l;
		v[i].s = pool;
		pool += l->len;
	}
	rl__free(dst->v);
	dst->v = v;
	dst->n = n;
	return RL_OK;
}

rl_err
rl__lits_copy(rl_lits *dst, const rl_lits *src)
{
	rl_err err;

	dst->v        = NULL;
	dst->n        = 0;
	err           = lits_join(dst, NULL, 0, src);
	dst->anchored = err == RL_OK && src->anchored;
	return err;
}

rl_err
rl__lits_merge(rl_lits *dst, const rl_lits *src)
{
	if (dst->n == 0 || src->n == 0) {
		rl__lits_free(dst);
		return RL_OK;
	}
	/* literals of two patterns: not anchored to either alone */
	dst->anchored = false;
	return lits_join(dst, dst->v, dst->n, src);
}

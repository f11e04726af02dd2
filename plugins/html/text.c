/*
 * text.c - marking an HTML text node as prose, character references
 * decoded, with every byte still at its source offset.
 *
 * gumbo gives a text node twice: the source bytes (original_text) and the
 * decoded text.  Outside character references the two are the same bytes
 * (newlines aside: gumbo turns CR LF into LF), so plain runs are marked
 * verbatim and the decoded text is only read at each '&': which reference
 * gumbo saw there (named ones may lack the ';', and legacy names match by
 * prefix: "&copy2024") is found by lining up the source after it with the
 * decoded text after it.  The decoded characters go at the reference's
 * first bytes, spaces after: "&amp;" reads "&    ".  A reference never
 * decodes to more bytes than it spells, except a few two-character names,
 * which keep their first character.
 */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "html.h"

#define SYNC_MAX 64 /* bytes compared to line a reference up */
#define NAME_MAX_LEN 40

/* Windows-1252 for numeric references to 0x80-0x9F (HTML5 says so). */
static const uint16_t cp1252[32] = { 0x20ac, 0x81, 0x201a, 0x0192, 0x201e,
	0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8d,
	0x017d, 0x8f, 0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013,
	0x2014, 0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0x9d, 0x017e, 0x0178 };

static size_t
utf8_put(uint32_t c, char *out)
{
	if (c < 0x80) {
		out[0] = (char)c;
		return 1;
	}
	if (c < 0x800) {
		out[0] = (char)(0xc0 | (c >> 6));
		out[1] = (char)(0x80 | (c & 0x3f));
		return 2;
	}
	if (c < 0x10000) {
		out[0] = (char)(0xe0 | (c >> 12));
		out[1] = (char)(0x80 | ((c >> 6) & 0x3f));
		out[2] = (char)(0x80 | (c & 0x3f));
		return 3;
	}
	out[0] = (char)(0xf0 | (c >> 18));
	out[1] = (char)(0x80 | ((c >> 12) & 0x3f));
	out[2] = (char)(0x80 | ((c >> 6) & 0x3f));
	out[3] = (char)(0x80 | (c & 0x3f));
	return 4;
}

/* utf8_len: the length of the UTF-8 sequence starting with byte c. */
static size_t
utf8_len(unsigned char c)
{
	return c < 0x80 ? 1 : c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1;
}

static bool
alnum(char c)
{
	return (c >= '0' && c <= '9') ||
	    ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
}

typedef struct span {
	const char *o; /* source of the node */
	size_t      on;
	const char *d; /* decoded text */
	size_t      dn;
} span;

/* in_sync: do the source from oi and the decoded text from dj agree up to
 * the next byte that may differ (another '&', CR, NUL)?  At the end of the
 * node both must end. */
static bool
in_sync(const span *s, size_t oi, size_t dj)
{
	size_t stop = oi, n;

	if (oi > s->on || dj > s->dn)
		return false;
	while (stop < s->on && stop - oi < SYNC_MAX && s->o[stop] != '&' &&
	    s->o[stop] != '\r' && s->o[stop] != '\0')
		stop++;
	n = stop - oi;
	if (n > s->dn - dj || memcmp(s->o + oi, s->d + dj, n) != 0)
		return false;
	return stop < s->on || n == SYNC_MAX || dj + n == s->dn;
}

/* numeric reads "&#123;" / "&#x7b;" at o[i]: the source length and the
 * UTF-8 gumbo produces for it.  False if it is not one. */
static bool
numeric(const span *s, size_t i, size_t *len, char *out, size_t *outlen)
{
	size_t   p   = i + 2;
	uint32_t v   = 0;
	bool     hex = false, digits = false;

	if (p < s->on && (s->o[p] | 0x20) == 'x') {
		hex = true;
		p++;
	}
	for (; p < s->on; p++) {
		char     c = s->o[p];
		uint32_t dv;
		if (c >= '0' && c <= '9')
			dv = (uint32_t)(c - '0');
		else if (hex && (c | 0x20) >= 'a' && (c | 0x20) <= 'f')
			dv = (uint32_t)((c | 0x20) - 'a' + 10);
		else
			break;
		digits = true;
		v      = v > 0x10ffff ? v : v * (hex ? 16 : 10) + dv;
	}
	if (!digits)
		return false;
	if (p < s->on && s->o[p] == ';')
		p++;
	if (v == 0 || v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff))
		v = 0xfffd;
	else if (v >= 0x80 && v <= 0x9f)
		v = cp1252[v - 0x80];
	*len    = p - i;
	*outlen = utf8_put(v, out);
	return true;
}

/* reference finds the reference gumbo decoded at o[i] (an '&') whose text
 * starts at d[j]: its source length *len and decoded length *k.  False if
 * the '&' is a literal one. */
static bool
reference(const span *s, size_t i, size_t j, size_t *len, size_t *k)
{
	char   enc[4];
	size_t elen, m = 0, k1, k2;

	if (j >= s->dn)
		return false;
	if (i + 1 < s->on && s->o[i + 1] == '#') {
		if (!numeric(s, i, len, enc, &elen))
			return false;
		if (elen <= s->dn - j && memcmp(s->d + j, enc, elen) == 0 &&
		    in_sync(s, i + *len, j + elen)) {
			*k = elen;
			return true;
		}
		elen = utf8_len((unsigned char)s->d[j]);
		if (in_sync(s, i + *len, j + elen)) {
			*k = elen;
			return true;
		}
		return false;
	}
	while (i + 1 + m < s->on && m < NAME_MAX_LEN && alnum(s->o[i + 1 + m]))
		m++;
	if (m == 0)
		return false;
	k1 = utf8_len((unsigned char)s->d[j]);
	k2 = j + k1 < s->dn ? k1 + utf8_len((unsigned char)s->d[j + k1]) : k1;
	/* Longest first: "&name;", then "&name", "&nam", ... (legacy names
	 * without ';' match by prefix).  One decoded character first for
	 * every length, two only then: "&copy2024" is "©" and "2024", not
	 * "©2" and "024". */
	for (int pass = 0; pass < 2; pass++) {
		size_t want = pass == 0 ? k1 : k2;

		if (pass == 1 && k2 == k1)
			break;
		for (size_t n = m + 1; n >= 1; n--) {
			size_t l;
			if (n == m + 1) {
				if (i + 1 + m >= s->on ||
				    s->o[i + 1 + m] != ';')
					continue;
				l = m + 2;
			} else {
				l = n + 1;
			}
			if (in_sync(s, i + l, j + want)) {
				*len = l;
				*k   = want;
				return true;
			}
		}
	}
	return false;
}

/* plain_step advances over one source byte outside references: *j moves
 * over what gumbo made of it. */
static void
plain_step(const span *s, size_t *i, size_t *j)
{
	char c = s->o[*i];

	if (c == '\r') {
		*i += *i + 1 < s->on && s->o[*i + 1] == '\n' ? 2 : 1;
		*j += 1;
	} else if (c == '\0') {
		*i += 1;
		if (s->dn - *j >= 3 &&
		    memcmp(s->d + *j, "\xef\xbf\xbd", 3) == 0)
			*j += 3;
	} else {
		*i += 1;
		*j += 1;
	}
}

static bool
ascii_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

/* emit marks the plain source bytes [from, to) of the node, clipped to
 * [lo, hi): the node without its leading and trailing white space, which
 * prose holds as spaces anyway and which should not stretch a block. */
static rl_err
emit(rl_plugin_build *b, uint32_t base, size_t from, size_t to, size_t lo,
    size_t hi)
{
	if (from < lo)
		from = lo;
	if (to > hi)
		to = hi;
	if (from >= to)
		return RL_OK;
	return html_api->build_text(
	    b, base + (uint32_t)from, (uint32_t)(to - from));
}

rl_err
html_text(rl_plugin_build *b, const char *src, size_t len, const GumboText *t)
{
	span     s;
	size_t   i = 0, j = 0, run = 0, lo = 0, hi;
	uint32_t base;
	rl_err   err;

	s.o  = t->original_text.data;
	s.on = t->original_text.length;
	if (s.o == NULL || s.on == 0 || s.o < src || s.on > len ||
	    (size_t)(s.o - src) > len - s.on)
		return RL_OK; /* not source text (inserted by the parser) */
	base = (uint32_t)(s.o - src);
	hi   = s.on;
	while (lo < hi && ascii_space(s.o[lo]))
		lo++;
	while (hi > lo && ascii_space(s.o[hi - 1]))
		hi--;
	if (memchr(s.o + lo, '&', hi - lo) == NULL)
		return emit(b, base, 0, s.on, lo, hi);
	s.d  = t->text != NULL ? t->text : "";
	s.dn = strlen(s.d);

	while (i < s.on) {
		size_t rlen, k;

		if (s.o[i] != '&') {
			plain_step(&s, &i, &j);
			continue;
		}
		if (!reference(&s, i, j, &rlen, &k)) {
			if (j < s.dn && s.d[j] == '&') {
				i++; /* a literal '&' */
				j++;
				continue;
			}
			break; /* lost: the rest goes verbatim */
		}
		if ((err = emit(b, base, run, i, lo, hi)) != RL_OK)
			return err;

		char   text[8];
		size_t tlen = k <= sizeof text ? k : 0;
		if (tlen > rlen)
			tlen = utf8_len((unsigned char)s.d[j]) <= rlen
			    ? utf8_len((unsigned char)s.d[j])
			    : 0;
		memcpy(text, s.d + j, tlen);
		for (size_t x = 0; x < tlen; x++)
			if ((unsigned char)text[x] < 0x20)
				text[x] = ' '; /* "&#10;" is no line break */
		err = html_api->build_text_subst(
		    b, base + (uint32_t)i, (uint32_t)rlen, text, tlen);
		if (err != RL_OK)
			return err;
		i += rlen;
		j += k;
		run = i;
	}
	return emit(b, base, run, s.on, lo, hi);
}

/*
 * textcase.c - simple letter case (see textcase.h).
 */
#include <string.h>

#include "rules/textcase.h"

uint32_t
rl__case_lower(uint32_t c)
{
	if (c >= 'A' && c <= 'Z')
		return c + 32;
	if (c < 0xc0)
		return c;
	if (c <= 0xde && c != 0xd7)
		return c + 32;
	if (c == 0x178)
		return 0xff;
	if ((c >= 0x100 && c <= 0x137) || (c >= 0x14a && c <= 0x177))
		return c | 1u;
	if ((c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17e))
		return (c & 1u) ? c + 1 : c;
	if (c >= 0x391 && c <= 0x3a9 && c != 0x3a2)
		return c + 32;
	if (c >= 0x410 && c <= 0x42f)
		return c + 32;
	if (c >= 0x400 && c <= 0x40f)
		return c + 80;
	return c;
}

uint32_t
rl__case_upper(uint32_t c)
{
	if (c >= 'a' && c <= 'z')
		return c - 32;
	if (c < 0xe0)
		return c;
	if (c <= 0xfe && c != 0xf7)
		return c - 32;
	if (c == 0xff)
		return 0x178;
	if ((c >= 0x100 && c <= 0x137) || (c >= 0x14a && c <= 0x177))
		return c & ~1u;
	if ((c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17e))
		return (c & 1u) ? c : c - 1;
	if (c >= 0x3b1 && c <= 0x3c9 && c != 0x3c2)
		return c - 32;
	if (c >= 0x430 && c <= 0x44f)
		return c - 32;
	if (c >= 0x450 && c <= 0x45f)
		return c - 80;
	return c;
}

bool
rl__case_is_letter(uint32_t c)
{
	if (c < 0x80)
		return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
	/* Past ASCII: a letter if it has a case here, or is not one of the
	 * punctuation and symbol blocks. */
	if (rl__case_lower(c) != c || rl__case_upper(c) != c)
		return true;
	return !(c <= 0xbf || c == 0xd7 || c == 0xf7 ||
	    (c >= 0x2000 && c <= 0x2bff) || (c >= 0x3000 && c <= 0x303f) ||
	    (c >= 0xfe30 && c <= 0xfe4f) || (c >= 0x1f000));
}

/* put writes cp as UTF-8 in the same number of bytes as the original. */
static size_t
put(uint32_t cp, char *o, size_t width)
{
	if (width == 1) {
		o[0] = (char)cp;
	} else if (width == 2) {
		o[0] = (char)(0xc0 | (cp >> 6));
		o[1] = (char)(0x80 | (cp & 0x3f));
	}
	return width;
}

void
rl__case_map(const char *s, size_t n, rl_case_mode mode, char *out)
{
	size_t   i = 0, adv;
	uint32_t cp, m;
	bool     first = true, after_letter = false;

	while (i < n) {
		cp = rl__utf8_decode(s + i, n - i, &adv);
		switch (mode) {
		case RL_CASE_LOWER:
			m = rl__case_lower(cp);
			break;
		case RL_CASE_UPPER:
			m = rl__case_upper(cp);
			break;
		case RL_CASE_TITLE_RUNS:
			m = after_letter ? rl__case_lower(cp)
			                 : rl__case_upper(cp);
			break;
		case RL_CASE_CAP_LOWER:
			m = first && rl__case_is_letter(cp)
			    ? rl__case_upper(cp)
			    : rl__case_lower(cp);
			break;
		default:
			m = first && rl__case_is_letter(cp) ? rl__case_upper(cp)
			                                    : cp;
			break;
		}
		if (rl__case_is_letter(cp))
			first = false;
		after_letter = rl__case_is_letter(cp) ||
		    (cp >= '0' && cp <= '9') || cp == '_' || cp == '\'';
		/* every mapping above keeps the byte length */
		if (adv <= 2 && m != cp && (m < 0x80) == (adv == 1) &&
		    (adv == 1 || m < 0x800))
			put(m, out + i, adv);
		else
			memcpy(out + i, s + i, adv);
		i += adv;
	}
	out[n] = '\0';
}

bool
rl__case_equal_fold(const char *s, size_t n, const char *t, size_t m)
{
	size_t   i = 0, j = 0, a, b;
	uint32_t x, y;

	while (i < n && j < m) {
		x = rl__utf8_decode(s + i, n - i, &a);
		y = rl__utf8_decode(t + j, m - j, &b);
		if (rl__case_lower(x) != rl__case_lower(y))
			return false;
		i += a;
		j += b;
	}
	return i == n && j == m;
}

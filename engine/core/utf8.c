/*
 * utf8.c - strict UTF-8 decoding (no overlongs, no surrogates, nothing
 * above U+10FFFF).  An invalid byte decodes as U+FFFD and advances by one,
 * which is the rule the document model relies on for '?' masking.
 */
#include <string.h>

#include "core/core.h"

uint32_t
rl__utf8_decode(const char *s, size_t len, size_t *adv)
{
	const unsigned char *p = (const unsigned char *)s;
	uint32_t             cp, min;
	size_t               n, i;

	if (len == 0) {
		*adv = 1;
		return 0xFFFD;
	}
	if (p[0] < 0x80) {
		*adv = 1;
		return p[0];
	}
	if (p[0] >= 0xC2 && p[0] <= 0xDF) {
		n   = 2;
		cp  = p[0] & 0x1F;
		min = 0x80;
	} else if (p[0] >= 0xE0 && p[0] <= 0xEF) {
		n   = 3;
		cp  = p[0] & 0x0F;
		min = 0x800;
	} else if (p[0] >= 0xF0 && p[0] <= 0xF4) {
		n   = 4;
		cp  = p[0] & 0x07;
		min = 0x10000;
	} else {
		*adv = 1;
		return 0xFFFD;
	}
	if (len < n) {
		*adv = 1;
		return 0xFFFD;
	}
	for (i = 1; i < n; i++) {
		if ((p[i] & 0xC0) != 0x80) {
			*adv = 1;
			return 0xFFFD;
		}
		cp = (cp << 6) | (p[i] & 0x3F);
	}
	if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
		*adv = 1;
		return 0xFFFD;
	}
	*adv = n;
	return cp;
}

bool
rl__utf8_valid(const char *s, size_t len)
{
	size_t   i = 0, adv;
	uint64_t w;

	while (i < len) {
		/* Sixteen ASCII bytes at a time. */
		if (i + 16 <= len) {
			uint64_t w2;

			memcpy(&w, s + i, 8);
			memcpy(&w2, s + i + 8, 8);
			if (!((w | w2) & 0x8080808080808080u)) {
				i += 16;
				continue;
			}
		}
		if ((unsigned char)s[i] < 0x80) {
			i++;
			continue;
		}
		/* Only an invalid sequence advances by one from a byte
		 * >= 0x80 (U+FFFD itself is three bytes). */
		rl__utf8_decode(s + i, len - i, &adv);
		if (adv == 1)
			return false;
		i += adv;
	}
	return true;
}

size_t
rl__utf8_count(const char *s, size_t len)
{
	size_t i = 0, n = 0, adv;

	while (i < len) {
		if ((unsigned char)s[i] < 0x80)
			adv = 1;
		else
			rl__utf8_decode(s + i, len - i, &adv);
		i += adv;
		n++;
	}
	return n;
}

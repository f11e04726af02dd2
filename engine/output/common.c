/*
 * common.c - what the report writers share: option defaults, the
 * min_level filter, escaping for JSON and XML, display widths, and the
 * buffered write that turns stream errors into RL_EIO.
 */
#include <string.h>

#include "output/output.h"

const char *
rl__out_str(const char *s)
{
	return s ? s : "";
}

bool
rl__out_shown(const rl_writer_opts *o, const rl_finding *f)
{
	return f->level >= o->min_level;
}

void
rl__out_opts(rl_writer_opts *dst, const rl_writer_opts *o)
{
	if (o) {
		*dst = *o;
	} else {
		dst->color     = false;
		dst->min_level = RL_LEVEL_SUGGESTION;
	}
}

rl_err
rl__out_flush(FILE *out, rl_buf *b)
{
	rl_err err = RL_OK;

	if (b->failed)
		err = RL_ENOMEM;
	else if (b->len && fwrite(b->data, 1, b->len, out) != b->len)
		err = RL_EIO;
	else if (ferror(out))
		err = RL_EIO;
	rl__buf_reset(b);
	b->failed = false;
	return err;
}

void
rl__out_json(rl_buf *b, const char *s)
{
	s = rl__out_str(s);
	rl__buf_json_str(b, s, strlen(s));
}

/* xml_allowed: XML 1.0's Char production. */
static bool
xml_allowed(uint32_t cp)
{
	return cp == 0x9 || cp == 0xA || cp == 0xD ||
	    (cp >= 0x20 && cp <= 0xD7FF) || (cp >= 0xE000 && cp <= 0xFFFD) ||
	    (cp >= 0x10000 && cp <= 0x10FFFF);
}

void
rl__out_xml(rl_buf *b, const char *s)
{
	size_t i = 0, run = 0, adv, len;

	s   = rl__out_str(s);
	len = strlen(s);
	while (i < len) {
		unsigned char c = (unsigned char)s[i];
		const char   *rep;
		uint32_t      cp;

		adv = 1;
		if (c >= 0x20 && c < 0x80 && c != '&' && c != '<' && c != '>' &&
		    c != '"' && c != '\'') {
			i++;
			continue;
		}
		if (c >= 0x80) {
			cp = rl__utf8_decode(s + i, len - i, &adv);
			if (adv > 1 && xml_allowed(cp)) {
				i += adv;
				continue;
			}
		}
		switch (c) {
		case '&':
			rep = "&amp;";
			break;
		case '<':
			rep = "&lt;";
			break;
		case '>':
			rep = "&gt;";
			break;
		case '"':
			rep = "&quot;";
			break;
		case '\'':
			rep = "&apos;";
			break;
		case '\t':
			rep = "&#9;";
			break;
		case '\n':
			rep = "&#10;";
			break;
		case '\r':
			rep = "&#13;";
			break;
		default:
			rep = "\xEF\xBF\xBD";
			break;
		}
		rl__buf_append(b, s + run, i - run);
		rl__buf_puts(b, rep);
		i += adv;
		run = i;
	}
	rl__buf_append(b, s + run, i - run);
}

/* Ranges of East Asian wide and fullwidth characters (two columns). */
static const uint32_t wide[][2] = {
	{ 0x1100, 0x115F },
	{ 0x231A, 0x231B },
	{ 0x2329, 0x232A },
	{ 0x23E9, 0x23EC },
	{ 0x23F0, 0x23F0 },
	{ 0x23F3, 0x23F3 },
	{ 0x25FD, 0x25FE },
	{ 0x2614, 0x2615 },
	{ 0x2648, 0x2653 },
	{ 0x267F, 0x267F },
	{ 0x2693, 0x2693 },
	{ 0x26A1, 0x26A1 },
	{ 0x26AA, 0x26AB },
	{ 0x26BD, 0x26BE },
	{ 0x26C4, 0x26C5 },
	{ 0x26CE, 0x26CE },
	{ 0x26D4, 0x26D4 },
	{ 0x26EA, 0x26EA },
	{ 0x26F2, 0x26F3 },
	{ 0x26F5, 0x26F5 },
	{ 0x26FA, 0x26FA },
	{ 0x26FD, 0x26FD },
	{ 0x2705, 0x2705 },
	{ 0x270A, 0x270B },
	{ 0x2728, 0x2728 },
	{ 0x274C, 0x274C },
	{ 0x274E, 0x274E },
	{ 0x2753, 0x2755 },
	{ 0x2757, 0x2757 },
	{ 0x2795, 0x2797 },
	{ 0x27B0, 0x27B0 },
	{ 0x27BF, 0x27BF },
	{ 0x2B1B, 0x2B1C },
	{ 0x2B50, 0x2B50 },
	{ 0x2B55, 0x2B55 },
	{ 0x2E80, 0x303E },
	{ 0x3041, 0x33FF },
	{ 0x3400, 0x4DBF },
	{ 0x4E00, 0x9FFF },
	{ 0xA000, 0xA4CF },
	{ 0xA960, 0xA97F },
	{ 0xAC00, 0xD7A3 },
	{ 0xF900, 0xFAFF },
	{ 0xFE10, 0xFE19 },
	{ 0xFE30, 0xFE6F },
	{ 0xFF00, 0xFF60 },
	{ 0xFFE0, 0xFFE6 },
	{ 0x16FE0, 0x16FE4 },
	{ 0x17000, 0x18AFF },
	{ 0x1B000, 0x1B2FF },
	{ 0x1F004, 0x1F004 },
	{ 0x1F0CF, 0x1F0CF },
	{ 0x1F18E, 0x1F18E },
	{ 0x1F191, 0x1F19A },
	{ 0x1F200, 0x1F251 },
	{ 0x1F300, 0x1F64F },
	{ 0x1F680, 0x1F6FF },
	{ 0x1F7E0, 0x1F7EB },
	{ 0x1F90C, 0x1F9FF },
	{ 0x1FA70, 0x1FAFF },
	{ 0x20000, 0x2FFFD },
	{ 0x30000, 0x3FFFD },
};

/* Combining and zero-width characters (no column of their own). */
static const uint32_t zero[][2] = {
	{ 0x0300, 0x036F },
	{ 0x0483, 0x0489 },
	{ 0x0591, 0x05BD },
	{ 0x0610, 0x061A },
	{ 0x064B, 0x065F },
	{ 0x0E31, 0x0E31 },
	{ 0x0E34, 0x0E3A },
	{ 0x0E47, 0x0E4E },
	{ 0x1AB0, 0x1AFF },
	{ 0x1DC0, 0x1DFF },
	{ 0x200B, 0x200F },
	{ 0x2028, 0x202E },
	{ 0x2060, 0x2064 },
	{ 0x20D0, 0x20FF },
	{ 0xFE00, 0xFE0F },
	{ 0xFE20, 0xFE2F },
	{ 0xFEFF, 0xFEFF },
	{ 0xE0100, 0xE01EF },
};

static bool
in_table(uint32_t cp, const uint32_t (*t)[2], size_t n)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (cp < t[mid][0])
			hi = mid;
		else if (cp > t[mid][1])
			lo = mid + 1;
		else
			return true;
	}
	return false;
}

int
rl__out_char_width(uint32_t cp)
{
	if (cp < 0x300)
		return 1;
	if (in_table(cp, zero, sizeof zero / sizeof zero[0]))
		return 0;
	if (in_table(cp, wide, sizeof wide / sizeof wide[0]))
		return 2;
	return 1;
}

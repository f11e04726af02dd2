/*
 * textstat.c - words, sentences, syllables and characters of English prose.
 *
 * Syllables are estimated, as every readability tool does: vowel groups,
 * less silent endings (-e, -es, -ed, -ely, the e of -ement and kin), plus
 * vowel pairs that are two syllables ("medium", "trivial", "being").  The
 * figures in tests/plugin/test_textstat.c were checked by hand against a
 * dictionary.
 */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "textstat.h"

/* ------------------------------------------------------------------------
 * Characters
 * ------------------------------------------------------------------------ */

/* decode reads the code point at s[i] (n bytes in all); *adv is its
 * length.  An invalid byte reads as U+FFFD with *adv = 1. */
static uint32_t
decode(const char *s, size_t n, size_t i, size_t *adv)
{
	const unsigned char *p    = (const unsigned char *)s + i;
	size_t               left = n - i, len;
	uint32_t             c;

	*adv = 1;
	if (p[0] < 0x80)
		return p[0];
	if (p[0] >= 0xc2 && p[0] <= 0xdf) {
		len = 2;
		c   = p[0] & 0x1fu;
	} else if (p[0] >= 0xe0 && p[0] <= 0xef) {
		len = 3;
		c   = p[0] & 0x0fu;
	} else if (p[0] >= 0xf0 && p[0] <= 0xf4) {
		len = 4;
		c   = p[0] & 0x07u;
	} else {
		return 0xfffd;
	}
	if (left < len)
		return 0xfffd;
	for (size_t k = 1; k < len; k++) {
		if ((p[k] & 0xc0) != 0x80)
			return 0xfffd;
		c = (c << 6) | (p[k] & 0x3fu);
	}
	if ((len == 3 && c < 0x800) ||
	    (len == 4 && (c < 0x10000 || c > 0x10ffff)) ||
	    (c >= 0xd800 && c <= 0xdfff))
		return 0xfffd;
	*adv = len;
	return c;
}

static bool
is_digit(uint32_t c)
{
	return c >= '0' && c <= '9';
}

/* is_letter: ASCII letters, and any other code point outside the
 * punctuation, symbol and space blocks (so accented and non-Latin letters
 * count; U+FFFD, an invalid byte, counts too). */
static bool
is_letter(uint32_t c)
{
	if (c < 0x80)
		return (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
	if (c >= 0xa0 && c <= 0xbf)
		return c == 0xaa || c == 0xb5 || c == 0xba;
	if (c == 0xd7 || c == 0xf7)
		return false;
	if (c >= 0x2000 && c <= 0x2bff)
		return false; /* punctuation, symbols, arrows, math */
	if ((c >= 0x3000 && c <= 0x303f) || (c >= 0xfe30 && c <= 0xfe4f) ||
	    (c >= 0xff00 && c <= 0xff0f) || c == 0xfeff ||
	    (c >= 0x1f000 && c <= 0x1faff))
		return false;
	return true;
}

static bool
is_alnum(uint32_t c)
{
	return is_letter(c) || is_digit(c);
}

static bool
is_space(uint32_t c)
{
	return c == ' ' || (c >= '\t' && c <= '\r') || c == 0xa0 ||
	    (c >= 0x2000 && c <= 0x200b) || c == 0x202f || c == 0x205f ||
	    c == 0x3000;
}

static bool
is_apostrophe(uint32_t c)
{
	return c == '\'' || c == 0x2019 || c == 0x02bc;
}

static bool
is_hyphen(uint32_t c)
{
	return c == '-' || c == 0x2010 || c == 0x2011;
}

/* is_closer: what may follow a sentence's final stop. */
static bool
is_closer(uint32_t c)
{
	return c == '"' || c == '\'' || c == ')' || c == ']' || c == '}' ||
	    c == 0x2019 || c == 0x201d || c == 0xbb || c == 0x203a;
}

static bool
is_stop(uint32_t c)
{
	return c == '.' || c == '!' || c == '?' || c == 0x2026 || c == 0x203c ||
	    c == 0x2047 || c == 0x2048 || c == 0x2049;
}

/* ------------------------------------------------------------------------
 * Words
 * ------------------------------------------------------------------------ */

/* word_end returns the end of the word starting at s[i] (an alnum). */
static size_t
word_end(const char *s, size_t n, size_t i)
{
	uint32_t prev = 0;
	size_t   adv;

	while (i < n) {
		uint32_t c = decode(s, n, i, &adv);
		if (is_alnum(c)) {
			prev = c;
			i += adv;
			continue;
		}
		if (i + adv < n) {
			size_t   adv2;
			uint32_t next = decode(s, n, i + adv, &adv2);
			bool     join = false;

			if (is_apostrophe(c))
				join = is_letter(prev) && is_letter(next);
			else if (is_hyphen(c))
				join = is_alnum(prev) && is_alnum(next);
			else if (c == '.' || c == ',')
				join = is_digit(prev) && is_digit(next);
			if (join) {
				prev = next;
				i += adv + adv2;
				continue;
			}
		}
		break;
	}
	return i;
}

size_t
rdy_words(const char *s, size_t                          n,
    void (*fn)(void *arg, size_t off, size_t end), void *arg)
{
	size_t count = 0, i = 0, adv;

	while (i < n) {
		uint32_t c = decode(s, n, i, &adv);
		if (!is_alnum(c)) {
			i += adv;
			continue;
		}
		size_t end = word_end(s, n, i);
		if (fn != NULL)
			fn(arg, i, end);
		count++;
		i = end;
	}
	return count;
}

/* ------------------------------------------------------------------------
 * Syllables
 * ------------------------------------------------------------------------ */

static bool
vowel(char c)
{
	return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' ||
	    c == 'y';
}

/* vowel_at: is w[i] sounded as a vowel?  'y' is a consonant at the start
 * and before another vowel ("yes", "beyond", "player"). */
static bool
vowel_at(const char *w, size_t n, size_t i)
{
	if (w[i] != 'y')
		return vowel(w[i]);
	if (i == 0)
		return false;
	return !(i + 1 < n && vowel(w[i + 1]) && w[i + 1] != 'y');
}

static bool
ends(const char *w, size_t n, const char *suffix)
{
	size_t k = strlen(suffix);

	return n >= k && memcmp(w + n - k, suffix, k) == 0;
}

/* pair_bonus: extra syllables from vowel pairs inside w[0, n) that are
 * spoken as two (the group counted them as one). */
static int
pair_bonus(const char *w, size_t n)
{
	int bonus = 0;

	for (size_t i = 0; i + 1 < n; i++) {
		char a = w[i], b = w[i + 1];
		char p = i > 0 ? w[i - 1] : '\0';
		char q = i + 2 < n ? w[i + 2] : '\0';

		if (a == 'i' && b == 'a' && !strchr("ctsg", p ? p : 'c'))
			bonus++; /* trivial, media, piano; not special */
		else if (a == 'i' && b == 'o' && p != '\0' &&
		    !strchr("tscgxln", p))
			bonus++; /* radio, period; not nation, region */
		else if (a == 'i' && b == 'u')
			bonus++; /* medium, stadium */
		else if (a == 'e' && b == 'o' && q != 'p' &&
		    !(p == 'g' && i > 1))
			bonus++; /* video, theory, geography; not people */
		else if (a == 'u' && (b == 'a' || b == 'o') && p != 'q' &&
		    p != 'g')
			bonus++; /* actual, usual, duo; not quality */
		else if (a == 'u' && b == 'e' && q == 'n' && p != 'q' &&
		    p != 'g')
			bonus++; /* fluent, influence; not sequence */
		else if (a == 'i' && b == 'e' && (q == 'n' || q == 't') &&
		    p != '\0' &&
		    (!strchr("ctf", p) ||
		        (p == 'c' && i > 1 && w[i - 2] == 's')) &&
		    !(i + 3 < n && q == 'n' && w[i + 3] == 'd'))
			bonus++; /* science, client, quiet; not patient,
			            friend */
		else if (a == 'o' && b == 'e' && (q == 'm' || q == 't'))
			bonus++; /* poem, poet; not does */
		else if (a == 'e' && b == 'u' && q == 'm' && i + 3 == n)
			bonus++; /* museum, petroleum */
	}
	if (n > 3 && ends(w, n, "ea"))
		bonus++; /* idea, area */
	if (n > 4 && (ends(w, n, "ier") || ends(w, n, "iest")))
		bonus++; /* easier, earliest */
	if (n > 3 && ends(w, n, "ing") && strchr("aeiou", w[n - 4]))
		bonus++; /* being, going */
	if (n > 3 && ends(w, n, "ism"))
		bonus++; /* criticism */
	return bonus;
}

/* silent_e: is the 'e' at w[i] silent before the suffix that follows it
 * ("statement", "careful", "lovely"): a vowel, one consonant, then e. */
static bool
silent_e(const char *w, size_t n, size_t i)
{
	static const char *const suffixes[] = { "ment", "ments", "ful", "less",
		"ness", NULL };

	if (i < 2 || vowel(w[i - 1]) || !vowel(w[i - 2]) ||
	    (i + 1 < n && vowel(w[i + 1])))
		return false;
	for (size_t k = 0; suffixes[k] != NULL; k++)
		if (strlen(suffixes[k]) == n - i - 1 &&
		    memcmp(w + i + 1, suffixes[k], n - i - 1) == 0)
			return true;
	return false;
}

/* syllables of one part (no hyphen): lower-case ASCII letters. */
static int
part_syllables(const char *w, size_t n)
{
	int  count    = 0;
	bool in_group = false;

	if (n == 0)
		return 0;
	if (n <= 2)
		return 1;
	for (size_t i = 0; i < n; i++) {
		bool v = vowel_at(w, n, i);
		if (v && !in_group)
			count++;
		in_group = v;
	}
	/* Silent endings: the final e is its own group after a consonant. */
	if (ends(w, n, "es") && n > 3 && !vowel_at(w, n, n - 3)) {
		if (!strchr("sxzcg", w[n - 3]) &&
		    !(w[n - 3] == 'h' && strchr("cs", w[n - 4])))
			count--; /* loves, makes, eyes; not boxes, wishes */
	} else if (ends(w, n, "ed") && n > 3 && !vowel_at(w, n, n - 3)) {
		if (w[n - 3] != 't' && w[n - 3] != 'd')
			count--; /* jumped, played; not wanted */
	} else if (ends(w, n, "ely") && n > 4 && !vowel_at(w, n, n - 4)) {
		count--; /* lovely, namely */
	} else if (w[n - 1] == 'e' && !vowel_at(w, n, n - 2) &&
	    !(w[n - 2] == 'l' && !vowel_at(w, n, n - 3))) {
		count--; /* make, there, eye; not table */
	}
	for (size_t i = 2; i + 2 < n; i++)
		if (w[i] == 'e' && silent_e(w, n, i))
			count--;
	count += pair_bonus(w, n);
	return count > 0 ? count : 1;
}

int
rdy_syllables(const char *s, size_t n)
{
	char   part[64];
	size_t len = 0, i = 0, adv;
	int    total = 0;
	bool   any = false, letters = false;

	/* Lower-case ASCII letters; accented vowels read as 'a', other
	 * letters as 'x'; apostrophes vanish; hyphens split parts. */
	while (i <= n) {
		uint32_t c = i < n ? decode(s, n, i, &adv) : '-';
		if (i == n)
			adv = 1;
		if (is_hyphen(c)) {
			if (len > 0)
				total += part_syllables(part, len);
			len = 0;
		} else if (is_letter(c) && len + 1 < sizeof part) {
			char l = 'x';
			if (c == 0xe4 || c == 0xeb || c == 0xef || c == 0xf6 ||
			    c == 0xfc || c == 0xc4 || c == 0xcb || c == 0xcf ||
			    c == 0xd6 || c == 0xdc)
				part[len++] = '|'; /* a diaeresis: naïve */
			if (c < 0x80)
				l = (char)(c | 0x20);
			else if ((c >= 0xe0 && c <= 0xfd && c != 0xf7 &&
			             c != 0xf0 && c != 0xf1 && c != 0xe7) ||
			    (c >= 0xc0 && c <= 0xdd && c != 0xd7 && c != 0xd0 &&
			        c != 0xd1 && c != 0xc7))
				l = 'a';
			part[len++] = l;
			letters     = true;
		} else if (is_digit(c)) {
			any = true;
		}
		i += adv;
	}
	if (total == 0 && (letters || any))
		total = 1;
	return total;
}

/* ------------------------------------------------------------------------
 * Sentences
 * ------------------------------------------------------------------------ */

/* Words whose full stop does not end a sentence (lower case). */
static const char *const abbrevs[] = { "mr", "mrs", "ms", "dr", "prof", "sr",
	"jr", "st", "vs", "cf", "approx", "dept", "fig", "figs", "inc", "ltd",
	"corp", "al", "viz", "eg", "ie", "vol", "pp", NULL };

static bool
ascii_letter(char c)
{
	return (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
}

/* abbrev_before: does the word ending at s[i] (the '.') read as an
 * abbreviation: an initial, a dotted one ("e.g"), or a listed one? */
static bool
abbrev_before(const char *s, size_t i)
{
	char   low[16];
	size_t start = i, len = 0;
	bool   dotted = false;

	while (start > 0) {
		if (ascii_letter(s[start - 1])) {
			start--;
		} else if (s[start - 1] == '.' && start >= 2 &&
		    ascii_letter(s[start - 2])) {
			dotted = true;
			start--;
		} else {
			break;
		}
	}
	if (start == i)
		return false;
	if (start > 0 &&
	    ((unsigned char)s[start - 1] >= 0x80 ||
	        (s[start - 1] >= '0' && s[start - 1] <= '9')))
		return false; /* part of a longer, non-ASCII word */
	if (dotted)
		return true; /* e.g., i.e., U.S. */
	if (i - start == 1)
		return s[start] >= 'A' && s[start] <= 'Z'; /* J. Smith */
	if (i - start >= sizeof low)
		return false;
	for (size_t k = start; k < i; k++)
		low[len++] = (char)(s[k] | 0x20);
	low[len] = '\0';
	for (size_t k = 0; abbrevs[k] != NULL; k++)
		if (strcmp(low, abbrevs[k]) == 0)
			return true;
	return false;
}

size_t
rdy_sentences(const char *s, size_t                      n,
    void (*fn)(void *arg, size_t off, size_t end), void *arg)
{
	size_t count = 0, i = 0, start = 0, adv, last_word_end = 0;
	bool   words = false;

	while (i < n) {
		uint32_t c = decode(s, n, i, &adv);

		if (is_alnum(c)) {
			if (!words)
				start = i;
			i             = word_end(s, n, i);
			last_word_end = i;
			words         = true;
			continue;
		}
		if (!is_stop(c) || !words) {
			i += adv;
			continue;
		}
		/* A run of stops, then closing quotes and brackets. */
		size_t   j            = i, a2;
		bool     single_point = (c == '.');
		uint32_t d            = 0;

		j += adv;
		while (j < n && is_stop(d = decode(s, n, j, &a2))) {
			single_point = false;
			j += a2;
		}
		while (j < n && is_closer(d = decode(s, n, j, &a2)))
			j += a2;
		if (j < n && !is_space(decode(s, n, j, &a2))) {
			i = j;
			continue; /* "3.5", "example.com", "?!x" */
		}
		if (c == '.' || c == 0x2026) {
			size_t k = j;
			while (k < n && is_space(d = decode(s, n, k, &a2)))
				k += a2;
			if (k < n && d >= 'a' && d <= 'z') {
				i = j;
				continue; /* "e.g. the", "wait... what" */
			}
			if (single_point && abbrev_before(s, i) && k < n) {
				i = j;
				continue; /* "Dr. Smith" */
			}
		}
		if (fn != NULL)
			fn(arg, start, j);
		count++;
		words = false;
		i     = j;
	}
	if (words) {
		if (fn != NULL)
			fn(arg, start, last_word_end);
		count++;
	}
	return count;
}

/* ------------------------------------------------------------------------
 * Counting a block
 * ------------------------------------------------------------------------ */

struct count_ctx {
	rdy_stats  *st;
	const char *s;
};

static void
count_word(void *arg, size_t off, size_t end)
{
	struct count_ctx *cc = arg;
	const char       *w  = cc->s + off;
	size_t            n = end - off, chars = 0, i = 0, adv;
	int               syl, adj;

	while (i < n) {
		uint32_t c = decode(w, n, i, &adv);
		if (is_alnum(c))
			chars++;
		i += adv;
	}
	syl = rdy_syllables(w, n);
	adj = syl;
	if (n > 3 &&
	    (ends(w, n, "es") || ends(w, n, "ed") || ends(w, n, "ing")))
		adj--;
	cc->st->words += 1;
	cc->st->characters += (double)chars;
	cc->st->syllables += syl;
	if (syl >= 3)
		cc->st->polysyllabic_words += 1;
	if (adj >= 3)
		cc->st->complex_words += 1;
	if (chars > 6)
		cc->st->long_words += 1;
}

void
rdy_count(rdy_stats *st, const char *s, size_t n)
{
	struct count_ctx cc = { st, s };

	if (rdy_words(s, n, count_word, &cc) == 0)
		return;
	st->sentences += (double)rdy_sentences(s, n, NULL, NULL);
}

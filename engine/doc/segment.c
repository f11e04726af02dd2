/*
 * segment.c - words and sentences in prose.
 *
 * Both are single forward passes over the prose buffer with no allocation
 * beyond the sentence array.  A sentence ends at '.', '!', '?' or '…'
 * (runs like "?!" and "...", then closing quotes or brackets) followed by
 * whitespace and a plausible sentence start, except after a common
 * abbreviation or an initial; every block boundary ends a sentence.
 */
#include <string.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "doc/doc_int.h"

/* ------------------------------------------------------------------------
 * Character classes
 * ------------------------------------------------------------------------ */

bool
rl__doc_is_word_cp(uint32_t cp)
{
	if (cp < 0x80)
		return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') ||
		    (cp >= '0' && cp <= '9');
	if (cp <= 0xBF) /* Latin-1 punctuation, symbols, NBSP */
		return cp == 0xAA || cp == 0xB5 || cp == 0xBA;
	if (cp == 0xD7 || cp == 0xF7)
		return false;
	if ((cp >= 0x2000 && cp <= 0x2BFF) || /* punctuation, symbols */
	    (cp >= 0x2E00 && cp <= 0x2E7F) || /* more punctuation */
	    (cp >= 0x3000 && cp <= 0x303F) || /* CJK punctuation */
	    (cp >= 0xE000 && cp <= 0xF8FF) || /* private use */
	    (cp >= 0xFE10 && cp <= 0xFE6F) || /* vertical, small forms */
	    (cp >= 0xFF00 && cp <= 0xFF0F) || /* fullwidth punctuation */
	    (cp >= 0xFF1A && cp <= 0xFF20) || (cp >= 0xFF3B && cp <= 0xFF40) ||
	    (cp >= 0xFF5B && cp <= 0xFF65) || cp == 0xFEFF ||
	    (cp >= 0xFFF0 && cp <= 0xFFFF) || /* specials, U+FFFD */
	    (cp >= 0x1F000 && cp <= 0x1FAFF)) /* emoji, pictographs */
		return false;
	return true;
}

/* The classes words are made of.  A joiner (' ’ - ‐ ‑) keeps a word
 * together when a word character follows it. */
enum { CL_OTHER = 0, CL_WORD = 1, CL_JOIN = 2 };

static bool
ascii_word(unsigned char c)
{
	return (unsigned)(c - '0') < 10u || (unsigned)((c | 0x20) - 'a') < 26u;
}

static int
cp_class(uint32_t cp)
{
	if (cp < 0x80)
		return ascii_word((unsigned char)cp) ? CL_WORD
		    : cp == '\'' || cp == '-'        ? CL_JOIN
		                                     : CL_OTHER;
	if (cp == 0x2019 || cp == 0x2010 || cp == 0x2011)
		return CL_JOIN;
	return rl__doc_is_word_cp(cp) ? CL_WORD : CL_OTHER;
}

/* class_at: the class of the code point at p[i] (i < n); *adv its
 * length. */
static int
class_at(const char *p, size_t i, size_t n, size_t *adv)
{
	unsigned char c = (unsigned char)p[i];

	if (c < 0x80) {
		*adv = 1;
		return ascii_word(c)        ? CL_WORD
		    : c == '\'' || c == '-' ? CL_JOIN
		                            : CL_OTHER;
	}
	return cp_class(rl__utf8_decode(p + i, n - i, adv));
}

/* ------------------------------------------------------------------------
 * Words
 *
 * A word is a run of word characters, joined across single joiners.  So a
 * word starts at a word character that follows neither a word character
 * nor a joiner that follows one: a test on the two code points before,
 * which counting does sixteen ASCII bytes at a time.
 * ------------------------------------------------------------------------ */

/* The classes of the two code points before the current one. */
typedef struct word_state {
	unsigned w1, j1, w2; /* word at -1, joiner at -1, word at -2 */
} word_state;

static unsigned
word_step(word_state *st, int cl)
{
	unsigned w = cl == CL_WORD, start = w & !st->w1 & !(st->j1 & st->w2);

	st->w2 = st->w1;
	st->w1 = w;
	st->j1 = cl == CL_JOIN;
	return start;
}

#if defined(__SSE2__)
/* count_ascii16 counts the word starts among the ASCII bytes of v that
 * valid selects (bit i: byte i) and moves st past all sixteen. */
static unsigned
count_ascii16(__m128i v, uint32_t valid, word_state *st)
{
	__m128i digit = _mm_subs_epu8(
	    _mm_sub_epi8(v, _mm_set1_epi8('0')), _mm_set1_epi8(9));
	__m128i alpha =
	    _mm_subs_epu8(_mm_sub_epi8(_mm_or_si128(v, _mm_set1_epi8(0x20)),
	                      _mm_set1_epi8('a')),
	        _mm_set1_epi8(25));
	__m128i zero = _mm_setzero_si128();
	__m128i wv   = _mm_or_si128(
	      _mm_cmpeq_epi8(digit, zero), _mm_cmpeq_epi8(alpha, zero));
	__m128i  jv = _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('\'')),
	     _mm_cmpeq_epi8(v, _mm_set1_epi8('-')));
	uint32_t w  = (uint32_t)_mm_movemask_epi8(wv);
	uint32_t j  = (uint32_t)_mm_movemask_epi8(jv);
	uint32_t w1 = (w << 1) | st->w1;
	uint32_t j1 = (j << 1) | st->j1;
	uint32_t w2 = (w << 2) | (st->w1 << 1) | st->w2;
	uint32_t s  = w & ~w1 & ~(j1 & w2) & valid;
	uint32_t n;

	st->w1 = (w >> 15) & 1u;
	st->j1 = (j >> 15) & 1u;
	st->w2 = (w >> 14) & 1u;
	for (n = 0; s; n++) /* a start every other byte at most */
		s &= s - 1;
	return n;
}
#endif

/* count_words counts the words in p[off, end); p is readable up to
 * p[avail - 1] (avail >= end). */
static size_t
count_words(const char *p, size_t off, size_t end, size_t avail)
{
	word_state st = { 0, 0, 0 };
	size_t     i = off, count = 0, adv, stop;

	while (i < end) {
#if defined(__SSE2__)
		/* Sixteen bytes at a time while they are ASCII; the last
		 * step may read past end (not past avail) and ignores it. */
		while (i + 16 <= avail) {
			__m128i  v = _mm_loadu_si128((const __m128i *)(p + i));
			uint32_t valid =
			    end - i >= 16 ? 0xFFFFu : (1u << (end - i)) - 1u;

			if ((uint32_t)_mm_movemask_epi8(v) & valid)
				break;
			count += count_ascii16(v, valid, &st);
			if (end - i <= 16)
				return count;
			i += 16;
		}
#endif
		/* One code point at a time up to the next 16-byte step. */
		for (stop = i + 16 < end ? i + 16 : end; i < stop; i += adv)
			count += word_step(&st, class_at(p, i, end, &adv));
	}
	return count;
}

size_t
rl__doc_words(const rl_doc *d, uint32_t off, uint32_t end,
    void (*fn)(void *arg, uint32_t off, uint32_t end), void *arg)
{
	const char *p = d->prose;
	size_t      i, n = end, adv, jadv, count = 0, start;
	int         cl;

	if (end > d->len)
		n = end = (uint32_t)d->len;
	if (!fn)
		return off < n ? count_words(p, off, n, d->len + 1) : 0;
	for (i = off; i < n;) {
		if (class_at(p, i, n, &adv) != CL_WORD) {
			i += adv;
			continue;
		}
		start = i;
		i += adv;
		while (i < n) {
			cl = class_at(p, i, n, &adv);
			if (cl == CL_WORD) {
				i += adv;
				continue;
			}
			if (cl != CL_JOIN || i + adv >= n ||
			    class_at(p, i + adv, n, &jadv) != CL_WORD)
				break;
			i += adv + jadv;
		}
		fn(arg, (uint32_t)start, (uint32_t)i);
		count++;
	}
	return count;
}

/* ------------------------------------------------------------------------
 * Sentences
 * ------------------------------------------------------------------------ */

static bool
is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
	    c == '\v';
}

/* terminator_len: length of a sentence terminator at p[i], or 0. */
static size_t
terminator_len(const char *p, size_t i, size_t n)
{
	if (p[i] == '.' || p[i] == '!' || p[i] == '?')
		return 1;
	if (i + 2 < n && memcmp(p + i, "\xE2\x80\xA6", 3) == 0)
		return 3; /* … */
	return 0;
}

/* next_stop: the first place in p[i, end) where a terminator may start
 * ('.', '!', '?' or the first byte of '…'), or end. */
static uint32_t
next_stop(const char *p, uint32_t i, uint32_t end)
{
#if defined(__SSE2__)
	while (i + 16 <= end) {
		__m128i v = _mm_loadu_si128((const __m128i *)(p + i));
		__m128i m = _mm_or_si128(
		    _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('.')),
		        _mm_cmpeq_epi8(v, _mm_set1_epi8('!'))),
		    _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('?')),
		        _mm_cmpeq_epi8(v, _mm_set1_epi8((char)0xE2))));
		int bits = _mm_movemask_epi8(m);

		if (bits)
			return i + (uint32_t)__builtin_ctz((unsigned)bits);
		i += 16;
	}
#endif
	while (i < end && p[i] != '.' && p[i] != '!' && p[i] != '?' &&
	    (unsigned char)p[i] != 0xE2)
		i++;
	return i;
}

/* closer_len: a closing quote or bracket after a terminator, or 0. */
static size_t
closer_len(const char *p, size_t i, size_t n)
{
	if (p[i] && strchr(")]}\"'", p[i]))
		return 1;
	if (i + 2 < n &&
	    (memcmp(p + i, "\xE2\x80\x9D", 3) == 0 ||   /* ” */
	        memcmp(p + i, "\xE2\x80\x99", 3) == 0)) /* ’ */
		return 3;
	if (i + 1 < n && memcmp(p + i, "\xC2\xBB", 2) == 0) /* » */
		return 2;
	return 0;
}

/* plausible_start: what follows could begin a sentence (not lowercase). */
static bool
plausible_start(const char *p, size_t i, size_t n)
{
	unsigned char c = (unsigned char)p[i];
	size_t        adv;
	uint32_t      cp;

	if (c < 0x80)
		return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		    (c && strchr("\"'([{*_`#@$", c));
	cp = rl__utf8_decode(p + i, n - i, &adv);
	/* Latin-1 lowercase letters do not start a sentence. */
	return !(cp >= 0xDF && cp <= 0xFF && cp != 0xF7);
}

/* abbreviation_before: the word ending just before the '.' at p[dot] is a
 * common abbreviation or an initial, so the '.' ends no sentence. */
static bool
abbreviation_before(const char *p, size_t from, size_t dot)
{
	static const char *const words[] = { "etc", "vs", "mr", "mrs", "ms",
		"dr", "prof", "sr", "jr", "st", "cf", "al", "fig", "approx",
		"viz", "eg", "ie", NULL };
	size_t                   s = dot, i, seg = 0, maxseg = 0;
	bool                     dots = false;
	char                     w[8];

	while (s > from &&
	    (((p[s - 1] | 0x20) >= 'a' && (p[s - 1] | 0x20) <= 'z') ||
	        p[s - 1] == '.'))
		s--;
	if (s == dot || p[s] == '.')
		return false;
	/* An initial: one capital letter ("J. R. R. Tolkien"). */
	if (dot - s == 1 && p[s] >= 'A' && p[s] <= 'Z')
		return true;
	/* Dotted short letters: e.g, i.e, U.S, a.m, Ph.D */
	for (i = s; i < dot; i++) {
		if (p[i] == '.') {
			dots   = true;
			maxseg = seg > maxseg ? seg : maxseg;
			seg    = 0;
		} else {
			seg++;
		}
	}
	maxseg = seg > maxseg ? seg : maxseg;
	if (dots)
		return maxseg <= 2;
	if (dot - s >= sizeof w)
		return false;
	/* Only ASCII letters are left: folding them is or-ing 0x20. */
	for (i = s; i < dot; i++)
		w[i - s] = (char)(p[i] | 0x20);
	w[dot - s] = '\0';
	for (i = 0; words[i]; i++)
		if (strcmp(w, words[i]) == 0)
			return true;
	return false;
}

static rl_err
add_sentence(rl_doc_builder *b, const char *p, uint32_t s, uint32_t e)
{
	while (e > s && is_space(p[e - 1]))
		e--;
	if (e <= s)
		return RL_OK;
	if (rl__vec_reserve((void **)&b->sentences, &b->cap_sentences,
	        b->n_sentences + 1, sizeof *b->sentences))
		return RL_ENOMEM;
	b->sentences[b->n_sentences].off   = s;
	b->sentences[b->n_sentences++].end = e;
	return RL_OK;
}

/* split_block appends the sentences of prose[off, end). */
static rl_err
split_block(rl_doc_builder *b, uint32_t off, uint32_t end)
{
	const char *p     = b->prose;
	uint32_t    start = UINT32_MAX, i = off, j, k;
	size_t      t, run;
	rl_err      err;

	while (i < end) {
		if (start == UINT32_MAX) {
			if (is_space(p[i])) {
				i++;
				continue;
			}
			start = i;
		}
		t = terminator_len(p, i, end);
		if (!t) {
			i = next_stop(p, i + 1, end);
			continue;
		}
		/* The run of terminators, then closing quotes/brackets. */
		for (j = i, run = 0; j < end && (t = terminator_len(p, j, end));
		     j += (uint32_t)t)
			run++;
		while (j < end && (t = closer_len(p, j, end)))
			j += (uint32_t)t;
		if (j >= end || !is_space(p[j])) {
			i = j;
			continue;
		}
		for (k = j; k < end && is_space(p[k]); k++)
			;
		if (k >= end || !plausible_start(p, k, end) ||
		    (run == 1 && p[i] == '.' &&
		        abbreviation_before(p, start, i))) {
			i = j;
			continue;
		}
		if ((err = add_sentence(b, p, start, j)) != RL_OK)
			return err;
		start = UINT32_MAX;
		i     = k;
	}
	if (start != UINT32_MAX)
		return add_sentence(b, p, start, end);
	return RL_OK;
}

rl_err
rl__doc_segment(rl_doc_builder *b)
{
	size_t i;
	rl_err err;

	for (i = 0; i < b->n_blocks; i++) {
		rl_block *blk = &b->blocks[i];

		blk->sent_first = (uint32_t)b->n_sentences;
		blk->sent_count = 0;
		blk->n_words    = 0;
		if (blk->kind == RL_BLOCK_CODE)
			continue;
		if ((err = split_block(b, blk->off, blk->end)) != RL_OK)
			return err;
		if (b->n_sentences >= UINT32_MAX)
			return RL_ETOOBIG;
		blk->sent_count = (uint32_t)b->n_sentences - blk->sent_first;
		blk->n_words    = (uint32_t)rl__doc_words(
		       b->doc, blk->off, blk->end, NULL, NULL);
	}
	return RL_OK;
}

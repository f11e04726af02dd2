/*
 * literal.h - the literals any match of a pattern must contain.
 *
 * The prefilter (prefilter.h) skips a rule's regex over a block of text
 * that holds none of the rule's required literals.  rl__lits_analyze reads
 * a PCRE2 pattern and finds a set of literals such that every match
 * contains at least one of them; when it cannot prove such a set (classes,
 * backreferences, syntax it does not model) it returns none, and the rule
 * then always runs.  A literal never claims more than the pattern does, so
 * a prefiltered rule finds exactly what the unfiltered rule finds.
 *
 * Literals are folded to ASCII lower case (the scan folds the text the
 * same way), so case-sensitive patterns get case-insensitive literals: a
 * superset, which is safe.
 */
#ifndef RL_RULES_LITERAL_H
#define RL_RULES_LITERAL_H

#include "core/core.h"
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

/* Shortest useful literals: a substring must have this many bytes; a
 * whole word (bounded by non-word bytes on both sides) may be shorter.
 * A set whose literals all sit at a known distance from the match start
 * (anchored) may use substrings of any length, since it is used to try
 * the pattern at a few places rather than to skip text. */
#define RL_LIT_MIN_SUBSTRING 3
#define RL_LIT_MAX_WORD 32

typedef struct rl_lit {
	const char *s; /* folded bytes (not NUL-terminated) */
	uint16_t    len;
	bool        word; /* must appear as a whole ASCII word */
	bool        lb;   /* starts at a word's start: its first byte is not
	                     a word character, or the pattern proves one
	                     before it */
	int16_t at;       /* bytes from the match's start to the literal,
	                     or -1 when that varies */
} rl_lit;

typedef struct rl_lits {
	rl_lit *v;        /* heap, with the bytes after the array */
	size_t  n;        /* 0: no literal is required (always run) */
	bool    anchored; /* every literal has at >= 0: every match starts
	                     `at` bytes before an occurrence of one, so the
	                     pattern need only be tried there */
	uint8_t need[8];  /* bytes every match contains (ASCII, neither
	                     letters nor white space), whatever n says */
	uint8_t n_need;
} rl_lits;

/* rl__lits_analyze fills out (owned by caller, rl__lits_free) for a
 * pattern that PCRE2 has already compiled.  caseless says the pattern is
 * compiled case-insensitively (inline flags are read too).  A pattern it
 * cannot model gives out->n == 0 and RL_OK; RL_ENOMEM only. */
rl_err rl__lits_analyze(const char *pattern, bool caseless, rl_lits *out);
void   rl__lits_free(rl_lits *l);

/* rl__lits_copy makes dst (empty) a copy of src. */
rl_err rl__lits_copy(rl_lits *dst, const rl_lits *src);

/* rl__lits_merge appends src's literals to dst (union).  If either has
 * none, dst becomes none: a union with "anything may match" is anything. */
rl_err rl__lits_merge(rl_lits *dst, const rl_lits *src);

/* rl__lit_fold is the ASCII lower-case table the scan and the literals
 * share. */
extern const uint8_t rl__lit_fold[256];

/* rl__lit_word: 1 for the ASCII word characters [A-Za-z0-9_]. */
extern const uint8_t rl__lit_word[256];

/* rl__lit_is_word: byte is an ASCII word character. */
static inline bool
rl__lit_is_word(uint8_t c)
{
	return rl__lit_word[c] != 0;
}

/* rl__lit_word_mask16: bit i set when p[i] (i < 16, all readable) is an
 * ASCII word character. */
static inline uint32_t
rl__lit_word_mask16(const uint8_t *p)
{
#if defined(__SSE2__)
	__m128i v     = _mm_loadu_si128((const __m128i *)p);
	__m128i zero  = _mm_setzero_si128();
	__m128i digit = _mm_subs_epu8(
	    _mm_sub_epi8(v, _mm_set1_epi8('0')), _mm_set1_epi8(9));
	__m128i alpha =
	    _mm_subs_epu8(_mm_sub_epi8(_mm_or_si128(v, _mm_set1_epi8(0x20)),
	                      _mm_set1_epi8('a')),
	        _mm_set1_epi8(25));
	__m128i w = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(digit, zero),
	                             _mm_cmpeq_epi8(alpha, zero)),
	    _mm_cmpeq_epi8(v, _mm_set1_epi8('_')));

	return (uint32_t)_mm_movemask_epi8(w);
#else
	uint32_t m = 0, i;

	for (i = 0; i < 16; i++)
		m |= (uint32_t)rl__lit_word[p[i]] << i;
	return m;
#endif
}

#endif /* RL_RULES_LITERAL_H */

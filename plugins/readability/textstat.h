/*
 * textstat.h - counting words, sentences, syllables and characters in
 * English prose, for readability formulas.
 *
 * Self-contained (libc only): the readability plugin links nothing of
 * Redline.  Text is UTF-8; invalid bytes count as letters.  Counting is
 * linear in the text and allocates nothing.
 */
#ifndef RDY_TEXTSTAT_H
#define RDY_TEXTSTAT_H

#include <stddef.h>

/* Counts over some text.  Doubles, because every formula divides. */
typedef struct rdy_stats {
	double words;
	double sentences;
	double syllables;
	double characters;         /* letters and digits in words */
	double complex_words;      /* Gunning: 3+ syllables, not counting a
	                              final -es, -ed or -ing */
	double long_words;         /* more than 6 characters */
	double polysyllabic_words; /* SMOG: 3+ syllables */
} rdy_stats;

/* rdy_count adds the counts of one block of text s[0, n) to st.  A block
 * (a paragraph, a list item) always ends a sentence; a block without
 * words adds nothing. */
void rdy_count(rdy_stats *st, const char *s, size_t n);

/* rdy_syllables estimates the syllables of one word w[0, n) (letters,
 * apostrophes, hyphens; a hyphenated word counts each part).  At least 1
 * for a word with a letter or digit, 0 otherwise. */
int rdy_syllables(const char *w, size_t n);

/* rdy_sentences splits s[0, n) into sentences and calls fn (if not NULL)
 * with each one's [off, end), trailing space excluded; returns the count.
 * A sentence ends at . ! ? or an ellipsis (closing quotes and brackets
 * included) followed by space or the end, unless the full stop ends an
 * abbreviation ("e.g.", "Dr.", an initial) or the next word starts in
 * lower case.  Text after the last stop is a sentence if it has a word. */
size_t rdy_sentences(const char *s, size_t               n,
    void (*fn)(void *arg, size_t off, size_t end), void *arg);

/* rdy_words calls fn (if not NULL) for each word of s[0, n) and returns
 * the count.  A word is a run of letters and digits, joined by an
 * apostrophe or hyphen between letters ("don't", "well-known") or by a
 * point or comma between digits ("3.5", "1,000"). */
size_t rdy_words(const char *s, size_t                   n,
    void (*fn)(void *arg, size_t off, size_t end), void *arg);

#endif /* RDY_TEXTSTAT_H */

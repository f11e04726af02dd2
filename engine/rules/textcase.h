/*
 * textcase.h - letter case for the capitalization kind: simple one-to-one
 * mappings for ASCII, Latin-1, Latin Extended-A, Greek and Cyrillic
 * (which keep their UTF-8 length), and the string conversions Vale's
 * checks use.  Other scripts are left as they are.
 */
#ifndef RL_RULES_TEXTCASE_H
#define RL_RULES_TEXTCASE_H

#include "core/core.h"

uint32_t rl__case_lower(uint32_t cp);
uint32_t rl__case_upper(uint32_t cp);
bool     rl__case_is_letter(uint32_t cp);

typedef enum rl_case_mode {
	RL_CASE_LOWER,      /* every letter lower */
	RL_CASE_UPPER,      /* every letter upper */
	RL_CASE_TITLE_RUNS, /* Go's strings.Title(strings.ToLower(s)):
	                       first letter after a non-letter upper */
	RL_CASE_CAP_LOWER,  /* first letter upper, the rest lower */
	RL_CASE_CAP,        /* first letter upper, the rest as is */
} rl_case_mode;

/* rl__case_map writes s[0, n) converted into out (n + 1 bytes), NUL
 * terminated; the length does not change. */
void rl__case_map(const char *s, size_t n, rl_case_mode mode, char *out);

/* rl__case_equal_fold: s and t are equal ignoring case (same mappings). */
bool rl__case_equal_fold(const char *s, size_t n, const char *t, size_t m);

#endif /* RL_RULES_TEXTCASE_H */

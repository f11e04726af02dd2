/*
 * regex_int.h - the inside of an rl_regex (rules/ only).
 */
#ifndef RL_RULES_REGEX_INT_H
#define RL_RULES_REGEX_INT_H

#include "rules/literal.h"
#include "rules/regex.h"

/* rl_regex.native */
#define RL_RE_NATIVE_WORDS 1    /* \w+ and its spellings */
#define RL_RE_NATIVE_NONSPACE 2 /* [^\s]+ and its spellings */

struct rl_regex {
	pcre2_code *code;
	pcre2_code *anchored;      /* the same, PCRE2_ANCHORED, for
	                              patterns with anchored literals */
	pcre2_code *limited;       /* the same, PCRE2_USE_OFFSET_LIMIT, for
	                              patterns with unanchored literals */
	pcre2_match_context *mctx; /* match limit; read-only once built */
	char                *pattern;
	uint32_t             flags;
	uint32_t             n_groups;
	pcre2_code          *lookbehind; /* a leading lookbehind PCRE2 cannot
	                                    do (variable length), checked
	                                    apart as (?:X)\z; or NULL */
	char   *stripped;                /* the pattern without it */
	bool    lb_negative;
	bool    jit;
	int     native; /* RL_RE_NATIVE_*, 0: PCRE2 */
	rl_lits lits;   /* required literals (may be none) */
};

/* rl__regex_substitute replaces every match of re in s[0, n) with repl
 * ($1, ${name} refer to groups) into out[0, *outlen); on entry *outlen is
 * out's size.  Returns false when it does not fit or fails.  md is
 * overwritten. */
bool rl__regex_substitute(const rl_regex *re, const char *s, size_t n,
    const char *repl, pcre2_match_data *md, char *out, size_t *outlen);

#endif /* RL_RULES_REGEX_INT_H */

/*
 * regex.h - PCRE2 patterns, compiled once at pack load (UTF mode, JIT).
 *
 * Vale writes patterns for Go's regexp2; rl__regex_compile accepts them
 * as PCRE2 understands them.  A compiled rl_regex is immutable and shared
 * by all threads; each thread matches with its own match data.
 */
#ifndef RL_RULES_REGEX_H
#define RL_RULES_REGEX_H

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "core/core.h"

typedef struct rl_regex rl_regex;

#define RL_RE_CASELESS 0x01u
#define RL_RE_MULTILINE 0x02u
/* The caller only needs match spans, never groups: a token pattern that
 * is just runs of word (or non-space) characters may be matched by a byte
 * loop instead of PCRE2, with identical spans. */
#define RL_RE_NATIVE 0x04u

/* rl__regex_compile compiles pattern.  On failure: RL_EPACK, diag message
 * "bad regular expression '...': reason at offset N" (file/line are the
 * caller's to set).  *out owned by caller (rl__regex_free). */
rl_err rl__regex_compile(const char *pattern, uint32_t flags,
    rl_regex **out, rl_diag *diag);
void rl__regex_free(rl_regex *re);

/* rl__regex_match finds the first match in subject[start, len).  Returns
 * 1 with [*m_off, *m_end) set (offsets into subject), 0 for no match, or
 * a negative PCRE2 error (a resource limit) as -1.  md is the thread's. */
int rl__regex_match(const rl_regex *re, const char *subject, size_t len,
    size_t start, pcre2_match_data *md, size_t *m_off, size_t *m_end);

/* rl__regex_match_before is rl__regex_match for a match that starts at
 * or before limit (an offset into subject, >= start): PCRE2 stops trying
 * later places instead of searching the rest of the subject.  mctx is
 * the thread's (rl__match_context_new); its offset limit is overwritten.
 */
int rl__regex_match_before(const rl_regex *re, const char *subject, size_t len,
    size_t start, size_t limit, pcre2_match_data *md, pcre2_match_context *mctx,
    size_t *m_off, size_t *m_end);

/* rl__regex_match_at is rl__regex_match for a match that starts exactly
 * at start (a character boundary). */
int rl__regex_match_at(const rl_regex *re, const char *subject, size_t len,
    size_t start, pcre2_match_data *md, size_t *m_off, size_t *m_end);

/* rl__regex_may_match: false when s[0, len) lacks a byte every match of
 * re contains (a quick test before a search). */
bool rl__regex_may_match(const rl_regex *re, const char *s, size_t len);

/* rl__regex_count counts the matches in s[0, len) as a search loop finds
 * them; it may stop counting once there are more than stop (0: never), so
 * a result above stop means only "more than stop".  The first match's
 * span goes to *f_off, *f_end.  -1 when PCRE2 gives up. */
long rl__regex_count(const rl_regex *re, const char *s, size_t len,
    pcre2_match_data *md, size_t stop, size_t *f_off, size_t *f_end);

/* rl__regex_group returns capture group i of the last match in md, or
 * false if it did not participate. */
bool rl__regex_group(pcre2_match_data *md, uint32_t i, size_t *off,
    size_t *end);

const char *rl__regex_pattern(const rl_regex *re);

/* rl__regex_groups: the number of capture groups. */
uint32_t rl__regex_groups(const rl_regex *re);

/* rl__regex_lits: the literals any match contains (literal.h); n == 0
 * when none is known.  Borrowed from re. */
struct rl_lits;
const struct rl_lits *rl__regex_lits(const rl_regex *re);

/* rl__regex_next: where to search after a match [m_off, m_end) of
 * s[0, len): m_end, or one character further after an empty match (len
 * + 1 after an empty match at the end: searching from there finds
 * nothing). */
size_t rl__regex_next(const char *s, size_t len, size_t m_end,
    size_t m_off);

/* rl__match_data_new makes match data large enough for any pattern. */
pcre2_match_data *rl__match_data_new(void);

/* rl__match_context_new makes a match context with the match limit every
 * pattern uses, for one thread's rl__regex_match_before calls.  Owned by
 * caller (pcre2_match_context_free). */
pcre2_match_context *rl__match_context_new(void);

#endif /* RL_RULES_REGEX_H */

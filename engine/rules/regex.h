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

/* rl__regex_group returns capture group i of the last match in md, or
 * false if it did not participate. */
bool rl__regex_group(pcre2_match_data *md, uint32_t i, size_t *off,
    size_t *end);

const char *rl__regex_pattern(const rl_regex *re);

/* rl__match_data_new makes match data large enough for any pattern. */
pcre2_match_data *rl__match_data_new(void);

#endif /* RL_RULES_REGEX_H */

/*
 * kind.h - what the built-in rule kinds share (rules/ only): compiling
 * patterns with good errors, Vale's exceptions, reporting with actions and
 * limits, and small text helpers.
 */
#ifndef RL_RULES_KIND_H
#define RL_RULES_KIND_H

#include "rules/pack.h"
#include "rules/rule.h"

/* The built-in kinds (one file each). */
extern const rl_kind rl__kind_existence;
extern const rl_kind rl__kind_substitution;
extern const rl_kind rl__kind_occurrence;
extern const rl_kind rl__kind_repetition;
extern const rl_kind rl__kind_consistency;
extern const rl_kind rl__kind_conditional;
extern const rl_kind rl__kind_capitalization;
extern const rl_kind rl__kind_sections;
extern const rl_kind rl__kind_metadata;
extern const rl_kind rl__kind_length;

/* ------------------------------------------------------------------------
 * Compiling
 * ------------------------------------------------------------------------ */

/* rl__kind_regex compiles pattern; a bad one is RL_EPACK with diag at
 * node's file:line:column ("field: bad regular expression ...").  *out is
 * heap: the kind's free releases it (rl__regex_free). */
rl_err rl__kind_regex(rl_kind_ctx *ctx, const rl_cfg *node, const char *field,
    const char *pattern, uint32_t flags, rl_regex **out);

/* rl__kind_regex_list compiles the concatenation of parts (joined by
 * sep) as one pattern; when that fails, each part is compiled alone so
 * the error names the part's own line and column. */
rl_err rl__kind_regex_join(rl_kind_ctx *ctx, rl_cfg *list, const char *field,
    const char *before, const char *const *parts, size_t n, const char *sep,
    const char *after, uint32_t flags, rl_regex **out);

/* rl__alternation writes tokens as "t1|t2|...", with runs of plain words
 * merged into a prefix tree that matches the same text in the same order
 * of preference (alternation.c).  caseless: the pattern ignores case. */
void rl__alternation(
    rl_buf *b, const char *const *tokens, size_t n, bool caseless);

/* rl__kind_plain: s is a non-empty ASCII string with nothing PCRE2 reads
 * specially (what rl__alternation merges). */
bool rl__kind_plain(const char *s);

/* rl__rule_trigger declares that any range r's check must see holds a
 * match of re (see prefilter.h). */
rl_err rl__rule_trigger(rl_rule *r, const rl_regex *re);

/* rl__vale_flags: RL_RE_CASELESS when the rule says ignorecase. */
uint32_t rl__vale_flags(const rl_rule *r);

/* rl__kind_strlist reads an optional list of strings (empty if absent). */
rl_err rl__kind_strlist(rl_kind_ctx *ctx, rl_cfg *spec, const char *key,
    const char ***out, size_t *n);

/* ------------------------------------------------------------------------
 * Matching a rule's pattern over one range: every match, left to right,
 * as PCRE2's global loop finds them.  When the pattern is the rule's only
 * trigger, the prefilter's places narrow the search with the same result:
 * with anchored literals only they are tried; else no match starts after
 * the last of them (every match holds a literal), so the search stops
 * there, and a range without any is not searched.
 * ------------------------------------------------------------------------ */

typedef struct rl_matcher {
	const rl_regex   *re;
	pcre2_match_data *md;
	const char       *s; /* the range: text + off */
	size_t            len;
	size_t            at; /* next place to search, in s */
	uint32_t          base;
	const uint32_t   *starts; /* anchored: where matches may start */
	size_t            n_starts, i;
	bool              anchored;
	bool              none; /* a byte every match needs is missing */
	/* unanchored: no match starts after limit (the last place a
	 * literal of the rule starts); SIZE_MAX when unknown */
	size_t               limit;
	pcre2_match_context *mctx;
} rl_matcher;

void rl__matcher_init(rl_matcher *m, rl_scan *s, const rl_rule *r,
    const rl_regex *re, const char *text, uint32_t off, uint32_t end);
/* rl__matcher_next: 1 with the next match's [*a, *z) (offsets in the
 * range), 0 when there is none, -1 when PCRE2 gave up (match limit). */
int rl__matcher_next(rl_matcher *m, size_t *a, size_t *z);

/* ------------------------------------------------------------------------
 * Vale's exceptions: a match whose text contains an exception (a whole
 * word, case-sensitive unless the term starts with (?i)) is not reported;
 * nor is one inside a multi-word exception found around it.
 * ------------------------------------------------------------------------ */

typedef struct rl_except {
	rl_regex *re;     /* NULL: no exceptions */
	rl_regex *phrase; /* multi-word exceptions, or NULL */
} rl_except;

rl_err rl__except_compile(rl_kind_ctx *ctx, rl_cfg *spec, rl_except *out);
void   rl__except_free(rl_except *ex);
/* rl__except_hit: s[0, len) contains an exception, or [m_off, m_end) of
 * text[0, tlen) lies inside an excepted phrase. */
bool rl__except_hit(const rl_except *ex, pcre2_match_data *md, const char *s,
    size_t len, const char *text, size_t tlen, size_t m_off, size_t m_end);

/* ------------------------------------------------------------------------
 * Reporting
 * ------------------------------------------------------------------------ */

/* An rl_emit counts one rule's findings in one document (Vale `limit`). */
typedef struct rl_emit {
	rl_scan       *scan;
	const rl_rule *rule;
	uint32_t       count;
} rl_emit;

void rl__emit_init(rl_emit *e, rl_scan *s, const rl_rule *r);

/* rl__emit reports [off, off+len) with message arguments a0, a1 (either
 * may be NULL) and the given suggestions.  RL_OK once the limit is
 * reached (further hits are dropped). */
rl_err rl__emit(rl_emit *e, uint32_t off, uint32_t len, const char *a0,
    const char *a1, const char *const *sugg, size_t n_sugg);

/* rl__emit_message reports [off, off+len) with its own message: msg with
 * each %s taking the next of args[0, nargs) (a missing one is empty). */
rl_err rl__emit_message(rl_emit *e, uint32_t off, uint32_t len, const char *msg,
    const char *const *args, size_t nargs);

/* rl__emit_match reports text[off, end) (the buffer the rule scans) the
 * way Vale's existence-like kinds do: surrounding white space trimmed,
 * the action's suggestions attached, and the message arguments the match
 * and, when the rule has an action, the suggestion(s). */
rl_err rl__emit_match(rl_emit *e, const char *text, uint32_t off, uint32_t end);

/* rl__action_suggest computes the rule's action suggestions for the text
 * m[0, n): up to max pointers in out (into params or buf).  Returns the
 * number. */
size_t rl__action_suggest(const rl_rule *r, pcre2_match_data *md, const char *m,
    size_t n, char *buf, size_t bufsize, const char **out, size_t max);

/* rl__to_sentence writes Vale's "'a', 'b', or 'c'" into buf. */
const char *rl__to_sentence(
    const char *const *v, size_t n, char *buf, size_t size);

/* ------------------------------------------------------------------------
 * Text
 * ------------------------------------------------------------------------ */

/* rl__text_copy copies p[0, n) NUL-terminated into buf (size bytes), or
 * into the scan's arena when it does not fit.  NULL when out of memory. */
char *rl__text_copy(
    rl_scan *s, char *buf, size_t size, const char *p, size_t n);

/* rl__trim narrows [*off, *end) of text past white space. */
void rl__trim(const char *text, uint32_t *off, uint32_t *end);

bool rl__is_space(char c);

#endif /* RL_RULES_KIND_H */

/*
 * prefilter.h - one pass over a document finds, for every rule of a
 * packset at once, where its required literals occur; a rule's regex then
 * runs only over the ranges that hold one.
 *
 * Rules declare what they need with rl__rule_trigger (kind.h): the
 * literals of each regex a range must match for the check to find
 * anything there.  rl__prefilter_build (at packset load) indexes the
 * triggers of all rules; rl__prefilter_may_match (while reviewing) answers
 * for one rule and one range, building the document's candidate table on
 * first use and caching it in the scan.  The index is immutable and shared
 * by all threads; the table lives in the scan's arena.
 */
#ifndef RL_RULES_PREFILTER_H
#define RL_RULES_PREFILTER_H

#include "rules/rule.h"

typedef struct rl_prefilter rl_prefilter;

/* rl__prefilter_build indexes the triggers of rules[0..n) and points each
 * rule that takes part at the index (rule->prefilter, prefilter_slot).
 * *out is NULL when no rule takes part; else owned by the caller
 * (rl__prefilter_free, after the rules stop using it). */
rl_err rl__prefilter_build(rl_rule *const *rules, size_t n, rl_prefilter **out);
void   rl__prefilter_free(rl_prefilter *pf);

/* rl__prefilter_starts: when r is filtered in this document, the places
 * its matches may start (offsets into the buffer r scans, ascending and
 * unique; borrowed from the scan) and true.  False: every place may.
 * When r's triggers are one anchored pattern (rule->trigger->anchored),
 * that pattern matches only at these places. */
bool rl__prefilter_starts(
    rl_scan *s, const rl_rule *r, const uint32_t **v, size_t *n);

/* rl__prefilter_may_match: false only when r's triggers cannot match in
 * [off, end) of the buffer r scans (raw for scope raw, else prose). */
bool rl__prefilter_may_match(
    rl_scan *s, const rl_rule *r, uint32_t off, uint32_t end);

#endif /* RL_RULES_PREFILTER_H */

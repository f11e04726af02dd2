/*
 * review.h - running a packset over one document and building the result:
 * the scanner (per-thread state), in-document switches, findings, scoring.
 *
 * Flow of rl_review:
 *   parse (format) -> doc in the scratch arena
 *   -> switches from HTML comments
 *   -> each enabled rule's kind check (hits via rl__scan_report)
 *   -> sort hits, map positions with one forward cursor
 *   -> score (all findings) -> filter by min_level -> rl_result (own arena)
 */
#ifndef RL_REVIEW_REVIEW_H
#define RL_REVIEW_REVIEW_H

#include "core/engine.h"
#include "rules/pack.h"
#include "rules/rule.h"

struct rl_scanner {
	rl_engine        *engine;
	pcre2_match_data *md;
	rl_arena         *scratch; /* per-review document and hits; reset */
	void             *lua;     /* lua/ per-thread states, created lazily */
	void             (*lua_free)(void *lua);
};

/* A recorded hit before positions are mapped. */
typedef struct rl_raw_finding {
	const rl_rule     *rule;
	uint32_t           off, len;
	rl_level           level;
	const char        *message;    /* formatted, scratch arena */
	const char *const *suggestions;
	size_t             n_suggestions;
	uint32_t           seq;        /* report order, for a stable sort */
} rl_raw_finding;

/* A switched-off region: rule == NULL means every rule. */
typedef struct rl_switch_range {
	const char *rule; /* "PACK.RULE", or NULL */
	uint32_t    off, end;
} rl_switch_range;

/* rl__switches_parse reads <!-- redline off/on -->, <!-- redline X = NO/YES
 * -->, and Vale's <!-- vale ... --> from the document's comments. */
rl_err rl__switches_parse(const rl_doc *d, rl_arena *a,
    rl_switch_range **out, size_t *n);
/* rl__switches_off: true if rule_id is switched off at off. */
bool rl__switches_off(const rl_switch_range *r, size_t n,
    const char *rule_id, uint32_t off);

/* rl__message_format expands Vale's %s (and %%) in msg with args. */
const char *rl__message_format(rl_arena *a, const char *msg,
    const char *const *args, size_t nargs);

/* rl__score fills res's score, verdict and categories from its findings
 * (all of them, before the min_level filter). */
rl_err rl__score(const rl_packset *ps, const rl_raw_finding *f, size_t n,
    rl_result *res);

#endif /* RL_REVIEW_REVIEW_H */

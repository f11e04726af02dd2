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
	rl_engine           *engine;
	pcre2_match_data    *md;
	pcre2_match_context *mctx;    /* for rl__regex_match_before's limit */
	rl_arena            *scratch; /* per-review document and hits; reset */
	void                *lua;  /* lua/ per-thread states, created lazily */
	rl_memo             *memo; /* rules/ memo across documents, lazily */
	void (*lua_free)(void *lua);
	/* review/'s own: the hit vector, kept (heap) across reviews so a
	 * review allocates no heap memory per finding. */
	struct rl_raw_finding *hits;
	size_t                 cap_hits;
	/* Per-rule timing for the daemon's Stats (NULL: off, the default).
	 * When set, rl_review adds the nanoseconds each rule's check took
	 * to rule_ns[i], i being the rule's index in the packset's rules;
	 * the owner sizes it to ps->n_rules and zeroes it.  Borrowed. */
	uint64_t *rule_ns;
	/* rl_review calls so far: per-document caches (lua/) tell a new
	 * document from the last one by it. */
	uint64_t reviews;
};

/* A recorded hit before positions are mapped. */
typedef struct rl_raw_finding {
	const rl_rule     *rule;
	uint32_t           off, len;
	rl_level           level;
	const char        *message; /* formatted, scratch arena */
	const char *const *suggestions;
	size_t             n_suggestions;
	uint32_t           seq; /* report order, for a stable sort */
} rl_raw_finding;

/* A switched-off region: rule == NULL means every rule. */
typedef struct rl_switch_range {
	const char *rule; /* "PACK.RULE", or NULL */
	uint32_t    off, end;
} rl_switch_range;

/* rl__switches_parse reads <!-- redline off/on -->, <!-- redline X = NO/YES
 * -->, and Vale's <!-- vale ... --> from the document's comments. */
rl_err rl__switches_parse(
    const rl_doc *d, rl_arena *a, rl_switch_range **out, size_t *n);
/* rl__switches_off: true if rule_id is switched off at off. */
bool rl__switches_off(
    const rl_switch_range *r, size_t n, const char *rule_id, uint32_t off);

/* rl__message_format expands Vale's %s (and %%) in msg with args. */
const char *rl__message_format(
    rl_arena *a, const char *msg, const char *const *args, size_t nargs);

/* The state behind rl_scan.priv during one review (review/ only). */
typedef struct rl_scan_state {
	rl_scanner            *scanner;
	const rl_switch_range *switches;
	size_t                 n_switches;
	size_t                 n_hits; /* into scanner->hits */
	uint32_t               seq;
	const char            *rule_error; /* reason set by the kind */
	bool                   oom;        /* our own allocation failed */
} rl_scan_state;

/* The category of a rule that names none when the packset names no
 * default either. */
#define RL_DEFAULT_CATEGORY "general"

/* rl__rule_category returns r's scoring category: its own, else the
 * packset's default, else RL_DEFAULT_CATEGORY.  Borrowed. */
const char *rl__rule_category(const rl_packset *ps, const rl_rule *r);

/* rl__score fills res's score, verdict and categories from its findings
 * (all of them, before the min_level filter). */
rl_err rl__score(
    const rl_packset *ps, const rl_raw_finding *f, size_t n, rl_result *res);

/* rl__result_new makes an empty result that lives in its own arena
 * (res->arena owns res itself and everything it points to), which is what
 * rl_result_free expects.  Decoders (the daemon codec, the client) build
 * results with it too.  *out owned by caller (rl_result_free). */
rl_err rl__result_new(rl_result **out);

/* rl__result_build turns a finished scan's hits into res (made with
 * rl__result_new; path, format, sha256 and packs already set): sorts the
 * hits in place, scores all of them, keeps those at or above min_level and
 * maps their positions in one forward pass.  scratch holds temporary
 * arrays. */
rl_err rl__result_build(const rl_doc *doc, const rl_packset *ps,
    rl_raw_finding *hits, size_t n, rl_level min_level, rl_arena *scratch,
    rl_result *res);

/* rl__raw_finding_cmp orders hits by offset, then rule id, then report
 * order (qsort comparator over rl_raw_finding). */
int rl__raw_finding_cmp(const void *a, const void *b);

#endif /* RL_REVIEW_REVIEW_H */

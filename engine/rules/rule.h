/*
 * rule.h - rules, rule kinds and the scan that runs them over a document.
 *
 * A rule kind (existence, substitution, ..., required sections, lua, and
 * plugin kinds) is an rl_kind in the engine's registry.  Loading a rule
 * file reads the common fields (below) and hands the YAML map to the
 * kind's compile, which reads its own fields and builds immutable state.
 * Reviewing calls each rule's kind's check with an rl_scan; the kind
 * reports hits with rl__scan_report.  Built-in and plugin kinds go through
 * exactly this path.
 */
#ifndef RL_RULES_RULE_H
#define RL_RULES_RULE_H

#include "core/cfg.h"
#include "core/core.h"
#include "doc/doc.h"
#include "rules/regex.h"

typedef struct rl_rule rl_rule;
typedef struct rl_scan rl_scan;
typedef struct rl_memo rl_memo;

/* ------------------------------------------------------------------------
 * Scopes (Vale's, plus Redline's section selector)
 * ------------------------------------------------------------------------ */

/* Bits of rl_scope.mask.  RL_SCOPE_HEADING_H1 << (n-1) is heading level n. */
#define RL_SCOPE_TEXT 0x0001u
#define RL_SCOPE_HEADING_H1 0x0002u /* .. H6 = 0x0040 */
#define RL_SCOPE_HEADING 0x007eu    /* any heading */
#define RL_SCOPE_PARAGRAPH 0x0080u
#define RL_SCOPE_SENTENCE 0x0100u
#define RL_SCOPE_LIST 0x0200u
#define RL_SCOPE_TABLE_HEADER 0x0400u
#define RL_SCOPE_TABLE_CELL 0x0800u
#define RL_SCOPE_BLOCKQUOTE 0x1000u
#define RL_SCOPE_RAW 0x2000u
#define RL_SCOPE_SUMMARY 0x4000u

typedef struct rl_scope {
	uint32_t include; /* union of the scopes named without '~' */
	uint32_t exclude; /* scopes named with '~' */
} rl_scope;

/* rl__scope_parse reads Vale's scope syntax: one name or a list, with
 * '~' negation ("heading", "~blockquote", [sentence, ~table.cell]). */
rl_err rl__scope_parse(const char *const *names, size_t n, rl_scope *out,
    char *bad, size_t badsize);

/* ------------------------------------------------------------------------
 * Rule kinds
 * ------------------------------------------------------------------------ */

typedef struct rl_kind_ctx {
	rl_arena   *arena;   /* the pack's arena: state lives as long as it */
	const char *file;    /* rule file, for diagnostics */
	const char *pack_dir;
	rl_diag    *diag;
	struct rl_engine *engine;
} rl_kind_ctx;

typedef struct rl_kind {
	const char *name; /* value of `extends:` */
	/* compile reads the kind's own fields from spec (a YAML map; common
	 * fields are already read and marked) and sets rule->state.  Errors
	 * name the field's file:line:col in ctx->diag and return RL_EPACK. */
	rl_err (*compile)(rl_rule *rule, rl_cfg *spec, rl_kind_ctx *ctx);
	/* check runs the rule over scan's document, reporting through
	 * rl__scan_report.  An error other than RL_OK makes the rule a
	 * rule_error (with rl__scan_rule_error's message if set). */
	rl_err (*check)(const rl_rule *rule, rl_scan *scan);
	/* free releases state not in the pack arena; may be NULL. */
	void (*free)(rl_rule *rule);
	/* per_document: true if check must see the whole document once
	 * regardless of scope (structure kinds, lua); informational. */
	bool per_document;
	void *arg; /* the kind's own data (plugins) */
} rl_kind;

/* The registry lives in the engine (see engine.h). */
const rl_kind *rl__kind_find(const struct rl_engine *e, const char *name);

/* ------------------------------------------------------------------------
 * Rules
 * ------------------------------------------------------------------------ */

struct rl_rule {
	const char    *id;        /* "PACK.NAME" */
	const char    *name;      /* "NAME" (file stem) */
	const char    *pack;      /* pack name */
	const char    *file;      /* rule file path */
	uint32_t       line;      /* line of `extends:` in the file */
	const rl_kind *kind;
	void          *state;     /* the kind's compiled state */

	rl_level    level;
	bool        enabled;
	const char *message;      /* Vale message with %s placeholders */
	const char *description;
	const char *link;
	const char *category;     /* scoring category */
	int         points;       /* per finding; -1: the pack's default */
	int         cap;          /* max points per document; -1: default */
	rl_scope    scope;
	bool        scope_set;    /* scope: was given */
	rl_regex   *section;      /* `section:` selector, or NULL */
	bool        ignorecase;
	bool        nonword;
	const char *action_name;  /* Vale action name ("replace", ...) */
	const char *const *action_params;
	size_t      n_action_params;
	uint32_t    limit;        /* Vale `limit`: most findings per
	                             document; 0: no limit */
	rl_regex   *action_regex; /* action edit/regex's pattern, or NULL */

	/* Prefilter (rules/ private, see prefilter.h): the literals every
	 * range the check must see contains one of (kind compile adds them
	 * with rl__rule_trigger), and the packset's index of them. */
	struct rl_lits            *trigger;      /* heap; NULL: none given */
	bool                       trigger_none; /* a trigger had none */
	const rl_regex            *trigger_one;  /* the only trigger, or
	                                             NULL (two or more) */
	const struct rl_prefilter *prefilter;    /* NULL: every range */
	uint32_t                   prefilter_slot;
};

/* Common field names read by the loader before compile (so kinds never
 * need to accept them). */
extern const char *const rl__rule_common_fields[];

/* ------------------------------------------------------------------------
 * Scan: one review of one document with one packset.
 * ------------------------------------------------------------------------ */

typedef struct rl_hit {
	uint32_t           off, len;   /* bytes in the source */
	const char        *args[2];    /* message %s arguments (may be NULL) */
	const char        *message;    /* NULL: rule->message with args */
	int                level;      /* -1: rule->level */
	const char *const *suggestions;
	size_t             n_suggestions;
} rl_hit;

struct rl_scan {
	const rl_doc      *doc;
	struct rl_scanner *scanner; /* per-thread state (match data, lua) */
	rl_arena          *arena;   /* the document's arena */
	const rl_rule     *rule;    /* the rule being checked */
	/* private to review/ */
	void *priv;
	/* private to rules/: per-document caches (the prefilter's table),
	 * in arena; review/ zeroes the scan at the start of each review. */
	void *rules_cache;
	/* The scanner's memo slot (rl__memo_*), kept across documents, or
	 * NULL; generation is the packset's (rl_packset.generation), so a
	 * memo never outlives the rules it speaks for. */
	rl_memo **memo;
	uint64_t  generation;
};

/* rl__scan_report records one finding of the rule being checked.  Copies
 * everything it needs.  Hits in switched-off regions are dropped here. */
rl_err rl__scan_report(rl_scan *s, const rl_rule *r, const rl_hit *hit);

/* Memo: answers a rule worked out for a piece of text, kept by the
 * scanner across documents (memo.c).  For kinds whose answer depends only
 * on the rule and the text.  rl__memo_get: true with the value stored for
 * (r, key[0, n)) (borrowed until the next rl__memo_put; NUL-terminated).
 * rl__memo_put stores a copy, or nothing when memory runs out.
 * rl__memo_free frees a scanner's memo (NULL is a no-op). */
bool rl__memo_get(rl_scan *s, const rl_rule *r, const char *key, size_t n,
    const char **val, size_t *vlen);
void rl__memo_put(rl_scan *s, const rl_rule *r, const char *key, size_t n,
    const char *val, size_t vlen);
void rl__memo_free(rl_memo *m);

/* rl__scan_rule_error sets the reason the current rule failed (copied);
 * the kind then returns an error from check. */
void rl__scan_rule_error(rl_scan *s, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* rl__scan_match_data returns the scanner's PCRE2 match data. */
pcre2_match_data *rl__scan_match_data(rl_scan *s);
/* rl__scan_match_context returns the scanner's PCRE2 match context, for
 * rl__regex_match_before (whose offset limit it overwrites). */
pcre2_match_context *rl__scan_match_context(rl_scan *s);

/* Iterating a rule's text: calls fn once per range of the document the
 * rule's scope (and section selector) covers, in offset order.  text is
 * the whole prose buffer (raw for RL_SCOPE_RAW); the range is
 * text[off, end).  Stops at the first non-OK return. */
typedef rl_err (*rl_range_fn)(
    void *arg, const char *text, uint32_t off, uint32_t end);
rl_err rl__scan_ranges(rl_scan *s, const rl_rule *r, rl_range_fn fn,
    void *arg);

#endif /* RL_RULES_RULE_H */

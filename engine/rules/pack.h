/*
 * pack.h - rule packs and packsets.
 *
 * A pack is a folder: pack.yaml (name, version, description, extends,
 * scoring, overrides) and one rule per *.yml / *.lua.  A folder of Vale
 * rules without a manifest loads as a pack named after the folder.
 * Loading resolves `extends` (depth-first, cycles refused), applies
 * overrides (level changes, rules switched off), compiles every pattern
 * once, and computes a digest over the pack's files.
 *
 * An rl_packset is the immutable, reference-counted set a review uses: the
 * packs named, their effective rules in a flat array, and the merged
 * scoring.  It is never modified after load; a reload builds a new one.
 */
#ifndef RL_RULES_PACK_H
#define RL_RULES_PACK_H

#include <stdatomic.h>

#include "core/core.h"
#include "rules/rule.h"

typedef struct rl_category_cfg {
	const char *name;
	double      weight; /* in the overall weighted mean; default 1 */
} rl_category_cfg;

typedef struct rl_scoring {
	int              points[3];  /* per finding, by rl_level */
	int              cap;        /* default max points per rule */
	int              pass;       /* score >= pass: pass (unless errors) */
	int              fail;       /* score < fail: fail */
	rl_category_cfg *categories; /* declared categories, in order */
	size_t           n_categories;
	const char      *default_category;
} rl_scoring;

typedef struct rl_lua_limits {
	uint64_t instructions; /* per rule per review */
	size_t   memory;       /* bytes per Lua state */
} rl_lua_limits;

typedef struct rl_pack {
	rl_pack_info       info;  /* name, version, description, digest, path */
	rl_rule          **rules; /* owned by the pack (arena) */
	size_t             n_rules;
	rl_scoring         scoring;
	bool               has_scoring; /* pack.yaml had a scoring: section */
	rl_lua_limits      lua;
	struct rl_lua_lib *lua_libs; /* lib/NAME.lua modules (lua/), in arena */
	size_t             n_lua_libs;
	const char       **plugins; /* plugin names/paths from pack.yaml */
	size_t             n_plugins;
	bool               vale; /* loaded as a Vale style (no manifest) */
	rl_arena          *arena;
	struct rl_pack   **extends; /* packs this one extends, loaded first */
	size_t             n_extends;
	/* From pack.yaml, for the packset loader (in arena; NULL if none):
	 * the names in `extends` with their nodes, and `overrides`. */
	const char  *manifest; /* path of pack.yaml, or NULL */
	const char **extends_names;
	rl_cfg     **extends_nodes;
	size_t       n_extends_names;
	rl_cfg      *overrides;
} rl_pack;

struct rl_packset {
	atomic_int           refs;
	rl_engine           *engine;
	rl_pack            **packs; /* named packs, in order (owned) */
	size_t               n_packs;
	rl_pack            **all; /* every pack incl. extended ones (owned) */
	size_t               n_all;
	const rl_rule      **rules; /* effective, enabled rules, deduplicated */
	size_t               n_rules;
	rl_scoring           scoring; /* merged: first pack's thresholds */
	rl_lua_limits        lua;
	rl_pack_ref         *refs_out; /* pack refs for results */
	size_t               n_refs_out;
	rl_arena            *arena;
	uint64_t             generation; /* unique per load, for caches */
	struct rl_prefilter *prefilter;  /* rules/ private (prefilter.h) */
};

/* rl__scoring_defaults fills the scoring used when no pack declares one:
 * points 1/3/10 by level, cap 20 per rule, pass at 80, fail below 60. */
void rl__scoring_defaults(rl_scoring *s);

/* rl__pack_find_dir resolves a pack spec (name or folder) to a folder
 * using the engine's search path.  *dir is heap (rl__free). */
rl_err rl__pack_find_dir(
    const rl_engine *e, const char *spec, char **dir, rl_diag *diag);

/* rl__pack_load loads one pack folder (without resolving extends into a
 * packset).  *out owned by caller (rl__pack_free). */
rl_err rl__pack_load(
    rl_engine *e, const char *dir, rl_pack **out, rl_diag *diag);
void rl__pack_free(rl_pack *p);

/* rl__rule_load loads one YAML rule file into pack p. */
rl_err rl__rule_load(
    rl_engine *e, rl_pack *p, const char *path, rl_rule **out, rl_diag *diag);
/* rl__rule_load_text is rl__rule_load over text[0, len) already read
 * from path (borrowed for the call). */
rl_err rl__rule_load_text(rl_engine *e, rl_pack *p, const char *path,
    const char *text, size_t len, rl_rule **out, rl_diag *diag);
/* rl__rule_release frees what a rule holds outside its pack's arena (the
 * kind's state, compiled patterns); the pack frees its rules with it. */
void rl__rule_release(rl_rule *r);

#endif /* RL_RULES_PACK_H */

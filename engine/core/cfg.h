/*
 * cfg.h - YAML configuration as a small tree with source marks.
 *
 * Pack manifests, rule files, the daemon's config and plugin kinds' fields
 * are all read through this tree, so every error can name file, line and
 * column.  Built with libyaml; everything lives in the arena passed in.
 *
 * Consumers mark the map entries they read (rl__cfg_get does it); after
 * reading, rl__cfg_check_unused reports the first entry nobody read, which
 * is how "unknown field" errors are produced uniformly.
 */
#ifndef RL_CORE_CFG_H
#define RL_CORE_CFG_H

#include "core/core.h"

typedef enum rl_cfg_kind {
	RL_CFG_NULL = 0,
	RL_CFG_SCALAR,
	RL_CFG_SEQ,
	RL_CFG_MAP,
} rl_cfg_kind;

typedef struct rl_cfg {
	rl_cfg_kind    kind;
	const char    *key;    /* map entries: the key; else NULL */
	const char    *value;  /* scalars: text ("" for an empty scalar) */
	size_t         len;    /* scalars: length of value (may hold NULs) */
	bool           quoted; /* scalar was quoted ('' or "") */
	uint32_t       line, column;         /* 1-based mark of the value */
	uint32_t       key_line, key_column; /* 1-based mark of the key */
	bool           used;                 /* set by rl__cfg_get */
	struct rl_cfg *child;                /* first child (seq/map) */
	struct rl_cfg *next;                 /* next sibling */
	size_t         n_children;
} rl_cfg;

/* rl__cfg_parse parses one YAML document from text.  file is used in diag
 * only.  An empty document gives a RL_CFG_NULL root.  RL_EPARSE with file,
 * line, column and libyaml's reason on malformed YAML. */
rl_err rl__cfg_parse(const char *text, size_t len, const char *file,
    rl_arena *arena, rl_cfg **out, rl_diag *diag);

/* rl__cfg_get returns the map entry named key (marking it used) or NULL. */
rl_cfg *rl__cfg_get(rl_cfg *map, const char *key);

/* Typed readers: RL_OK with the value, RL_ENOENT if the key is absent
 * (out untouched), RL_EPACK with diag naming file:line:col if the value has
 * the wrong type.  Strings are borrowed from the tree. */
rl_err rl__cfg_str(rl_cfg *map, const char *key, const char *file,
    const char **out, rl_diag *diag);
rl_err rl__cfg_bool(rl_cfg *map, const char *key, const char *file,
    bool *out, rl_diag *diag);
rl_err rl__cfg_int(rl_cfg *map, const char *key, const char *file,
    long long min, long long max, long long *out, rl_diag *diag);
rl_err rl__cfg_double(rl_cfg *map, const char *key, const char *file,
    double *out, rl_diag *diag);
/* rl__cfg_strlist reads a scalar or a sequence of scalars into an arena
 * array of strings (n = number). */
rl_err rl__cfg_strlist(rl_cfg *map, const char *key, const char *file,
    rl_arena *arena, const char ***out, size_t *n, rl_diag *diag);

/* rl__cfg_check_unused: RL_EPACK naming the first unread key of map
 * ("unknown field 'x'"), or RL_OK. */
rl_err rl__cfg_check_unused(const rl_cfg *map, const char *file,
    rl_diag *diag);

/* rl__cfg_error sets diag at node's mark and returns RL_EPACK. */
rl_err rl__cfg_error(const rl_cfg *node, const char *file, rl_diag *diag,
    const char *fmt, ...) __attribute__((format(printf, 4, 5)));

#endif /* RL_CORE_CFG_H */

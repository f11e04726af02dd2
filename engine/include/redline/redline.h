/*
 * redline.h - the public API of libredline, the Redline review engine.
 *
 * Redline reviews proposals (PR/FAQs, RFCs, design documents) against rule
 * packs and returns findings with exact positions, per-category scores and a
 * verdict.  The embedded CLI, the daemon and any C program use this header.
 *
 * Thread rules, in one place:
 *  - an rl_engine is configured from one thread, then shared read-only;
 *  - an rl_packset is immutable and reference counted: share it freely;
 *  - an rl_scanner belongs to one thread at a time (it holds that thread's
 *    Lua states and scratch memory);
 *  - an rl_result is plain data owned by whoever received it.
 */
#ifndef REDLINE_REDLINE_H
#define REDLINE_REDLINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__GNUC__)
#define RL_API __attribute__((visibility("default")))
#else
#define RL_API
#endif

#define RL_VERSION_MAJOR 0
#define RL_VERSION_MINOR 1
#define RL_VERSION_PATCH 0
#define RL_VERSION_STRING "0.1.0"

/* ------------------------------------------------------------------------
 * Errors
 * ------------------------------------------------------------------------ */

/* One list generates the enum and the strings (see rl_strerror). */
#define RL_ERR_LIST(X)                                                         \
	X(OK, "no error")                                                      \
	X(ENOMEM, "out of memory")                                             \
	X(EINVAL, "invalid argument")                                          \
	X(EIO, "input/output error")                                           \
	X(ENOENT, "not found")                                                 \
	X(EPARSE, "malformed input")                                           \
	X(EPACK, "rule pack does not load")                                    \
	X(ERULE, "rule failed")                                                \
	X(ETOOBIG, "input too large")                                          \
	X(EVERSION, "version mismatch")                                        \
	X(EPLUGIN, "plugin refused")                                           \
	X(ECONNECT, "daemon unreachable")                                      \
	X(ETIMEDOUT, "deadline exceeded")                                      \
	X(EREMOTE, "daemon answered with an error")                            \
	X(EBUDGET, "budget exceeded")                                          \
	X(EINTERNAL, "internal error")

typedef enum rl_err {
#define RL__ERR_ENUM(name, str) RL_##name,
	RL_ERR_LIST(RL__ERR_ENUM)
#undef RL__ERR_ENUM
	    RL_ERR_COUNT
} rl_err;

/* rl_strerror returns a static string describing err; never NULL. */
RL_API const char *rl_strerror(rl_err err);

/*
 * rl_diag carries the human detail of a failure: the file, line and column
 * it is about and why.  The caller owns it and passes it (or NULL) to any
 * call that can fail; the library never prints.  line/column are 1-based,
 * 0 when unknown.
 */
typedef struct rl_diag {
	char     file[512];
	uint32_t line;
	uint32_t column;
	char     message[1024];
} rl_diag;

/* rl_diag_format writes "file:line:column: message" (parts that are unknown
 * left out) into buf, NUL-terminated and truncated to size.  Returns buf. */
RL_API char *rl_diag_format(const rl_diag *d, char *buf, size_t size);

/* ------------------------------------------------------------------------
 * Levels and verdicts
 * ------------------------------------------------------------------------ */

typedef enum rl_level {
	RL_LEVEL_SUGGESTION = 0,
	RL_LEVEL_WARNING    = 1,
	RL_LEVEL_ERROR      = 2,
} rl_level;

typedef enum rl_verdict {
	RL_VERDICT_PASS = 0,
	RL_VERDICT_WARN = 1,
	RL_VERDICT_FAIL = 2,
} rl_verdict;

/* rl_level_name returns "suggestion", "warning" or "error". */
RL_API const char *rl_level_name(rl_level level);
/* rl_level_parse accepts those names (and Vale's); RL_EINVAL otherwise. */
RL_API rl_err rl_level_parse(const char *name, rl_level *out);
/* rl_verdict_name returns "pass", "warn" or "fail". */
RL_API const char *rl_verdict_name(rl_verdict v);

/* ------------------------------------------------------------------------
 * Results: plain data, one per reviewed document
 * ------------------------------------------------------------------------ */

typedef struct rl_finding {
	const char        *rule; /* "PACK.RULE" */
	rl_level           level;
	const char        *message;
	uint32_t           line, column; /* 1-based, columns in code points */
	uint32_t           end_line, end_column; /* inclusive last character */
	uint64_t           offset, length; /* bytes into the reviewed input */
	const char        *match;          /* the matched text, "" if none */
	const char        *section;        /* innermost heading title or "" */
	const char        *category;
	const char *const *suggestions;
	size_t             n_suggestions;
} rl_finding;

typedef struct rl_deduction {
	const char *rule;
	uint32_t    count;  /* findings of this rule in the category */
	uint32_t    points; /* points deducted, after the rule's cap */
} rl_deduction;

typedef struct rl_category {
	const char         *name;
	int                 score; /* 0-100 */
	const rl_deduction *deductions;
	size_t              n_deductions;
} rl_category;

typedef struct rl_pack_ref {
	const char *name;
	const char *version;
	const char *digest; /* hex SHA-256 of the pack's files */
} rl_pack_ref;

typedef struct rl_rule_error {
	const char *rule;
	const char *message; /* reason, with pack file:line when known */
} rl_rule_error;

/* One top-level scalar field of a document's front matter. */
typedef struct rl_meta_field {
	const char *key;
	const char *value; /* the scalar's text */
} rl_meta_field;

typedef struct rl_result {
	const char          *path;
	char                 sha256[65]; /* hex digest of the reviewed bytes */
	const char          *format;     /* "markdown", "text", ... */
	const rl_pack_ref   *packs;
	size_t               n_packs;
	int                  score; /* 0-100 */
	rl_verdict           verdict;
	const rl_category   *categories;
	size_t               n_categories;
	const rl_rule_error *rule_errors;
	size_t               n_rule_errors;
	const rl_finding    *findings; /* sorted by offset, then rule id */
	size_t               n_findings;
	uint64_t             review_ns; /* CPU-side wall time of the review */
	struct rl_arena     *arena;     /* owns everything; private */
	/* The front matter's top-level scalar fields, in document order;
	 * none when it has no (parsable) front matter, and in results that
	 * came from a daemon.  Appended after arena to keep the layout. */
	const rl_meta_field *meta;
	size_t               n_meta;
} rl_result;

/* rl_result_free releases a result and everything it points to.  NULL is a
 * no-op. */
RL_API void rl_result_free(rl_result *res);

/* rl_result_meta returns the text of the top-level scalar front-matter
 * field key of the reviewed document (borrowed from res), or NULL when
 * there is none.  Thread rules: those of res. */
RL_API const char *rl_result_meta(const rl_result *res, const char *key);

/* ------------------------------------------------------------------------
 * Engine: registries (rule kinds, document formats, output formats), the
 * pack search path and limits.  Create once; share read-only afterwards.
 * ------------------------------------------------------------------------ */

typedef struct rl_engine rl_engine;

/* rl_engine_new creates an engine with the built-in kinds, formats and
 * outputs registered and the default pack search path (REDLINE_PACKS_PATH,
 * then the packs shipped with Redline).  *out is owned by the caller. */
RL_API rl_err rl_engine_new(rl_engine **out);
/* rl_engine_free frees the engine; every packset and scanner made from it
 * must be gone first. */
RL_API void rl_engine_free(rl_engine *e);
/* rl_engine_add_packs_path adds a folder to search for packs by name, ahead
 * of the defaults.  The string is copied. */
RL_API rl_err rl_engine_add_packs_path(rl_engine *e, const char *dir);
/* rl_engine_set_lua_limits bounds what packs may ask for their Lua rules
 * (pack.yaml `lua: {instructions, memory}`): instructions per rule per
 * review, bytes per Lua state.  A pack asking for more, or for nothing,
 * gets at most these.  0 leaves a bound at the engine's own maximum.
 * Call while configuring the engine (before loading packs or reviewing).
 */
RL_API rl_err rl_engine_set_lua_limits(
    rl_engine *e, uint64_t max_instructions, size_t max_memory);

/* ------------------------------------------------------------------------
 * Packs
 * ------------------------------------------------------------------------ */

typedef struct rl_packset rl_packset;

typedef struct rl_pack_info {
	const char *name;
	const char *version;
	const char *description;
	const char *digest;
	const char *path; /* folder it was loaded from */
	size_t      n_rules;
} rl_pack_info;

/*
 * rl_packset_load loads packs into one immutable set.  Each spec is a pack
 * name (found on the search path) or a folder path.  On failure *out is
 * untouched and diag names the file, line, column and reason.  On success
 * the caller owns one reference to *out.
 */
RL_API rl_err rl_packset_load(rl_engine *e, const char *const *specs,
    size_t n_specs, rl_packset **out, rl_diag *diag);
/* rl_packset_ref adds a reference and returns ps.  Thread-safe. */
RL_API rl_packset *rl_packset_ref(rl_packset *ps);
/* rl_packset_unref drops a reference; the last one frees.  Thread-safe. */
RL_API void rl_packset_unref(rl_packset *ps);
/* rl_packset_count / rl_packset_info describe the packs in load order
 * (the packs named, not the ones they extend).  The info is borrowed from
 * the set. */
RL_API size_t              rl_packset_count(const rl_packset *ps);
RL_API const rl_pack_info *rl_packset_info(const rl_packset *ps, size_t i);

/*
 * rl_packs_find lists the packs on the search path: calls fn once for each
 * folder that loads as a pack, in path order, names shadowed by an earlier
 * folder skipped.  Packs that do not load are reported through fn with
 * info == NULL and diag set.  Stops early when fn returns false.
 */
typedef bool (*rl_packs_find_fn)(
    void *arg, const rl_pack_info *info, const rl_diag *diag);
RL_API rl_err rl_packs_find(rl_engine *e, rl_packs_find_fn fn, void *arg);

/* ------------------------------------------------------------------------
 * Reviewing
 * ------------------------------------------------------------------------ */

typedef struct rl_scanner rl_scanner;

typedef struct rl_review_opts {
	const char *format;    /* NULL: chosen from the path, then content */
	rl_level    min_level; /* findings below it are left out of the
	                          result (they still count in the score) */
	size_t   max_bytes;    /* 0: no limit; larger input: RL_ETOOBIG */
	uint64_t deadline_ns;  /* 0: none; else a CLOCK_MONOTONIC time in
	                          ns: a review still running then stops
	                          before its next rule with RL_ETIMEDOUT */
} rl_review_opts;

/* rl_scanner_new creates the per-thread review state (scratch memory, Lua
 * states).  Use one scanner per thread; it may serve any packset. */
RL_API rl_err rl_scanner_new(rl_engine *e, rl_scanner **out);
RL_API void   rl_scanner_free(rl_scanner *s);

/*
 * rl_review reviews one document.  data/len are borrowed for the call only;
 * path names the document in findings and may be a display name ("-").
 * opts may be NULL.  On success the caller owns *out (free with
 * rl_result_free).  A rule that fails does not fail the review: it is
 * listed in the result's rule_errors.  Errors: RL_ETOOBIG, RL_ENOMEM,
 * RL_EINVAL (unknown format), RL_ETIMEDOUT (past opts->deadline_ns; a
 * Lua rule is bounded by its instruction budget, so the deadline is
 * checked between rules).
 */
RL_API rl_err rl_review(rl_scanner *s, rl_packset *ps, const char *path,
    const void *data, size_t len, const rl_review_opts *opts, rl_result **out,
    rl_diag *diag);

/* ------------------------------------------------------------------------
 * Output formats (text, json, line, sarif, junit, codequality, plugins')
 * ------------------------------------------------------------------------ */

typedef struct rl_writer rl_writer;

typedef struct rl_writer_opts {
	bool     color;     /* ANSI colour (text format) */
	rl_level min_level; /* hide findings below it */
} rl_writer_opts;

/* rl_writer_open starts a report in the named format on out (borrowed; the
 * caller keeps it open until rl_writer_close).  RL_ENOENT for an unknown
 * format. */
RL_API rl_err rl_writer_open(rl_engine *e, const char *format, FILE *out,
    const rl_writer_opts *opts, rl_writer **w);
/* rl_writer_document adds one document's result.  src/len are the reviewed
 * bytes (borrowed; used to show source lines), may be NULL/0. */
RL_API rl_err rl_writer_document(
    rl_writer *w, const rl_result *res, const void *src, size_t len);
/* rl_writer_close finishes the report and frees w. */
RL_API rl_err rl_writer_close(rl_writer *w);
/* rl_writer_formats calls fn for each known format name. */
RL_API void rl_writer_formats(
    rl_engine *e, void (*fn)(void *arg, const char *name), void *arg);

/* ------------------------------------------------------------------------
 * Native plugins (writing one: redline/plugin.h, docs/plugins.md)
 * ------------------------------------------------------------------------ */

/*
 * rl_engine_load_plugin loads a native plugin into e and registers its rule
 * kinds, document formats and output formats.  spec is a path if it
 * contains '/', else a name looked up as NAME.so (or NAME) in each folder
 * of the plugin search path.  Loading a file that is already loaded is a
 * no-op.  Errors, with diag->file naming the file and diag->message the
 * reason: RL_ENOENT (no such plugin), RL_EVERSION (built for another plugin
 * ABI version; both versions named), RL_EPLUGIN (not loadable, no entry
 * symbol, bad descriptor, init failed, a name clash), RL_ENOMEM.  A plugin
 * that is refused leaves the engine as it was.  Configure-time only: the
 * engine's thread rules apply.
 */
RL_API rl_err rl_engine_load_plugin(
    rl_engine *e, const char *spec, rl_diag *diag);
/* rl_engine_add_plugins_path adds a folder to search for plugins by name,
 * ahead of the defaults (REDLINE_PLUGINS_PATH, colon-separated, then the
 * plugins shipped with Redline).  The string is copied. */
RL_API rl_err rl_engine_add_plugins_path(rl_engine *e, const char *dir);
/* rl_engine_plugins calls fn once per loaded plugin, in load order, with
 * its name, version and file (borrowed for the call). */
typedef void (*rl_plugins_fn)(
    void *arg, const char *name, const char *version, const char *path);
RL_API void rl_engine_plugins(const rl_engine *e, rl_plugins_fn fn, void *arg);
/* rl_engine_reviewable: true if path's extension (compared without case)
 * belongs to one of e's document formats, built-in or a plugin's; what a
 * folder walk should pick up. */
RL_API bool rl_engine_reviewable(const rl_engine *e, const char *path);

#ifdef __cplusplus
}
#endif

#endif /* REDLINE_REDLINE_H */

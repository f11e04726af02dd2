/*
 * plugin.h - the native plugin ABI of Redline.
 *
 * A plugin is a shared object that exports one symbol, rl_plugin_entry,
 * returning a const descriptor.  The descriptor's first fields are the ABI
 * version the plugin was built for, the descriptor's size, the plugin's
 * name and its version; the host refuses a plugin whose ABI version is not
 * its own, naming the file and both versions.
 *
 * The host hands init an API table (rl_plugin_api): every call a plugin
 * makes into Redline goes through it, so a plugin links against nothing of
 * libredline, redline or redlined (build it with -Wl,--no-undefined to be
 * sure).  The table is append-only: a newer host adds members at its end
 * and raises RL_PLUGIN_API_VERSION; members never move or change meaning
 * within one RL_PLUGIN_ABI_VERSION.  A plugin that needs members added
 * after version 1 says so in rl_plugin_desc.api_min.
 *
 * What a plugin can add, each through the same registries as Redline's own
 * (a plugin may not replace a built-in or another plugin's name):
 *  - rule kinds, used from rule YAML as `extends: <kind>`, their fields
 *    read and validated at pack load with errors at file:line:column;
 *  - document formats (by extension and/or content sniffing) that fill the
 *    document model through the builder calls, with exact source offsets;
 *  - output formats for `redline check --format`.
 *
 * Ownership across the boundary: memory a plugin allocates is freed by the
 * plugin (each kind has a free callback; an output's end frees its state),
 * or comes from a host arena through the table (compile_alloc: the pack's,
 * lives as long as the rule; scan_alloc: the review's, dies with it).
 * Strings the host passes in are borrowed for the call; strings a plugin
 * passes to the host are copied unless stated otherwise.
 *
 * Thread rules: init and fini run on the thread that loads the engine's
 * plugins.  compile runs while a pack loads (one thread).  check, sniff,
 * parse and the output callbacks may run on several threads at once, each
 * with its own scan/builder/state; a plugin's own shared data must be
 * read-only after init.
 *
 * The smallest plugin: see docs/plugins.md.
 */
#ifndef REDLINE_PLUGIN_H
#define REDLINE_PLUGIN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "redline/redline.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------------------
 * Versions and the entry symbol
 * ------------------------------------------------------------------------ */

/* RL_PLUGIN_ABI_VERSION changes when a layout or meaning below changes in
 * a way an old plugin cannot survive; the host loads only its own. */
#define RL_PLUGIN_ABI_VERSION 1u
/* RL_PLUGIN_API_VERSION counts the host table's generations (append-only;
 * see rl_plugin_api.version). */
#define RL_PLUGIN_API_VERSION 1u

/* The one symbol a plugin exports, and its type. */
#define RL_PLUGIN_ENTRY_SYMBOL "rl_plugin_entry"

#if defined(__GNUC__)
#define RL_PLUGIN_EXPORT __attribute__((visibility("default")))
#define RL_PLUGIN_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define RL_PLUGIN_EXPORT
#define RL_PLUGIN_PRINTF(f, a)
#endif

typedef struct rl_plugin_desc rl_plugin_desc;
typedef struct rl_plugin_api  rl_plugin_api;

/* rl_plugin_entry returns the plugin's descriptor: static, const, valid
 * until the plugin is unloaded.  Called once per load, before init. */
typedef const rl_plugin_desc *(*rl_plugin_entry_fn)(void);
RL_PLUGIN_EXPORT const rl_plugin_desc *rl_plugin_entry(void);

/* ------------------------------------------------------------------------
 * Opaque handles the host passes to plugins
 * ------------------------------------------------------------------------ */

typedef struct rl_plugin_host    rl_plugin_host;    /* a load, in init */
typedef struct rl_plugin_compile rl_plugin_compile; /* a rule compiling */
typedef struct rl_plugin_node    rl_plugin_node;    /* a YAML node */
typedef struct rl_plugin_scan    rl_plugin_scan;    /* a rule checking */
typedef struct rl_plugin_doc     rl_plugin_doc;     /* a built document */
typedef struct rl_plugin_build   rl_plugin_build;   /* a document building */

/* ------------------------------------------------------------------------
 * The descriptor
 * ------------------------------------------------------------------------ */

struct rl_plugin_desc {
	/* The first four fields never move, in any ABI version. */
	uint32_t    abi_version; /* RL_PLUGIN_ABI_VERSION built against */
	uint32_t    size;        /* sizeof(rl_plugin_desc) built against */
	const char *name;        /* [A-Za-z0-9_-]+, unique in a process */
	const char *version;     /* the plugin's own version, e.g. "1.0.0" */

	const char *description; /* one line, may be NULL */
	uint32_t    api_min;     /* lowest rl_plugin_api.version it needs */
	/* init registers the plugin's kinds, formats and outputs through
	 * api->register_*.  *state (initially NULL) is the plugin's, handed
	 * back to fini.  On failure return an error (after api->host_error
	 * with the reason) and free what was allocated: fini is not called,
	 * and nothing registered is kept.  api is valid until fini returns. */
	rl_err (*init)(
	    const rl_plugin_api *api, rl_plugin_host *host, void **state);
	/* fini releases state; runs when the engine is freed.  May be NULL. */
	void (*fini)(void *state);
};

/* ------------------------------------------------------------------------
 * Rule kinds
 * ------------------------------------------------------------------------ */

/* rl_plugin_kind.flags: RL_PLUGIN_KIND_PER_DOCUMENT says check looks at
 * the whole document, not at scope ranges. */
#define RL_PLUGIN_KIND_PER_DOCUMENT 0x1u

typedef struct rl_plugin_kind {
	uint32_t    size;  /* sizeof(rl_plugin_kind) built against */
	const char *name;  /* the value of `extends:`; borrowed until fini */
	uint32_t    flags; /* RL_PLUGIN_KIND_* */
	/* compile reads the rule's own fields from spec (a YAML map; the
	 * common fields such as message, level and scope are already read)
	 * with api->cfg_*, and sets *state.  Errors: report with
	 * api->cfg_error (file:line:column of the node) and return what it
	 * returns; a *state already set is then released with free.  Fields
	 * compile does not read are refused as unknown. */
	rl_err (*compile)(rl_plugin_compile *cc, const rl_plugin_node *spec,
	    void **state, void *arg);
	/* check runs the rule over one document: api->scan_doc(scan) for the
	 * document, api->report for findings.  Any error makes the rule a
	 * rule_error of the review (api->rule_error gives the reason); other
	 * rules still run.  state is shared by all threads: read-only. */
	rl_err (*check)(rl_plugin_scan *scan, const void *state, void *arg);
	/* free releases state when the pack is freed; may be NULL (state in
	 * the pack arena, or none). */
	void (*free)(void *state, void *arg);
	void *arg; /* handed to each callback */
} rl_plugin_kind;

/* One finding, reported with api->report.  Everything is copied. */
typedef struct rl_plugin_hit {
	uint32_t           off, len; /* bytes in the source document */
	const char        *args[2];  /* the message's %s arguments, or NULL */
	const char        *message;  /* NULL: the rule's message with args */
	int                level; /* -1: the rule's level; else an rl_level */
	const char *const *suggestions; /* may be NULL */
	size_t             n_suggestions;
} rl_plugin_hit;

/* ------------------------------------------------------------------------
 * The document model, read-only (see docs/architecture.md): the source,
 * a prose copy of equal length in which non-prose bytes are spaces, and
 * blocks, sentences and sections as byte ranges into it.
 * ------------------------------------------------------------------------ */

/* Block kinds (rl_plugin_block.kind and api->build_block_begin). */
#define RL_PLUGIN_BLOCK_HEADING 0
#define RL_PLUGIN_BLOCK_PARAGRAPH 1
#define RL_PLUGIN_BLOCK_LIST_ITEM 2
#define RL_PLUGIN_BLOCK_TABLE_HEADER 3
#define RL_PLUGIN_BLOCK_TABLE_CELL 4
#define RL_PLUGIN_BLOCK_CODE 5 /* recorded, kept out of prose */

/* Block flags. */
#define RL_PLUGIN_BF_IN_LIST 0x01u
#define RL_PLUGIN_BF_IN_QUOTE 0x02u
#define RL_PLUGIN_BF_IN_TABLE 0x04u

/* Fixed layout for ABI 1 (filled by the host). */
typedef struct rl_plugin_block {
	int      kind;    /* RL_PLUGIN_BLOCK_* */
	unsigned level;   /* heading level 1-6; list depth for list items */
	unsigned flags;   /* RL_PLUGIN_BF_* */
	uint32_t off;     /* first prose byte */
	uint32_t end;     /* one past the last prose byte */
	uint32_t section; /* innermost section index */
	uint32_t sent_first, sent_count; /* sentence indexes */
	uint32_t n_words;
} rl_plugin_block;

/* Fixed layout for ABI 1 (filled by the host). */
typedef struct rl_plugin_section {
	const char *title;  /* heading text; "" for the root (index 0) */
	unsigned    level;  /* 0 for the root */
	uint32_t    parent; /* index; the root's parent is itself */
	uint32_t    off;    /* start of the heading line */
	uint32_t    body;   /* first byte after the heading */
	uint32_t    end;    /* end of the section */
	uint32_t    n_words;
} rl_plugin_section;

/* Called with [off, end) byte ranges of text (prose, or raw for a raw
 * scope).  Stop early by returning an error. */
typedef rl_err (*rl_plugin_range_fn)(
    void *arg, const char *text, uint32_t off, uint32_t end);
typedef void (*rl_plugin_word_fn)(void *arg, uint32_t off, uint32_t end);

/* ------------------------------------------------------------------------
 * Document formats
 * ------------------------------------------------------------------------ */

typedef struct rl_plugin_format {
	uint32_t           size; /* sizeof(rl_plugin_format) built against */
	const char        *name; /* "html"; borrowed until fini */
	const char *const *extensions; /* NULL-terminated, without dots */
	/* sniff: 0 = not this format, higher = more confident (Markdown
	 * scores about 3 per heading or fence it sees; the html plugin
	 * answers 100 for a doctype).  May be NULL. */
	int (*sniff)(const char *src, size_t len, void *arg);
	/* parse fills the document from src (len bytes, borrowed until the
	 * document is freed; valid UTF-8: an invalid byte of the input reads
	 * as '?', at the same offset) through the api->build_* calls.
	 * Offsets are source offsets: findings point where the builder was
	 * told.  An error fails the review of that document. */
	rl_err (*parse)(
	    rl_plugin_build *b, const char *src, size_t len, void *arg);
	void *arg;
} rl_plugin_format;

/* ------------------------------------------------------------------------
 * Output formats: the same calls the built-in writers implement.  Results
 * (rl_result in redline.h) are plain data, borrowed for the call.
 * ------------------------------------------------------------------------ */

typedef struct rl_plugin_output {
	uint32_t    size; /* sizeof(rl_plugin_output) built against */
	const char *name; /* "--format NAME"; borrowed until fini */
	/* begin makes the writer's state (the plugin's; freed by end). */
	rl_err (*begin)(
	    void **state, FILE *out, const rl_writer_opts *opts, void *arg);
	rl_err (*document)(
	    void *state, const rl_result *res, const void *src, size_t len);
	rl_err (*end)(void *state); /* finishes the report, frees state */
	void *arg;
} rl_plugin_output;

/* ------------------------------------------------------------------------
 * The host API table.  Append-only: members are added at the end only,
 * with RL_PLUGIN_API_VERSION raised; check version (or set api_min) before
 * using a member newer than 1.
 * ------------------------------------------------------------------------ */

/* rl_plugin_api.cfg_type values. */
#define RL_PLUGIN_CFG_NULL 0
#define RL_PLUGIN_CFG_SCALAR 1
#define RL_PLUGIN_CFG_SEQ 2
#define RL_PLUGIN_CFG_MAP 3

struct rl_plugin_api {
	uint32_t version; /* RL_PLUGIN_API_VERSION of the host */
	uint32_t size;    /* sizeof(rl_plugin_api) in the host */

	/* ---- version 1: loading (init only) ---------------------------- */

	/* register_kind / _format / _output add to the engine's registries.
	 * The descriptors are borrowed until fini.  RL_EINVAL (reason in
	 * the load's message) if the name is taken or a field is missing;
	 * init should then return that error. */
	rl_err (*register_kind)(rl_plugin_host *h, const rl_plugin_kind *k);
	rl_err (*register_format)(rl_plugin_host *h, const rl_plugin_format *f);
	rl_err (*register_output)(rl_plugin_host *h, const rl_plugin_output *o);
	/* host_error sets the reason a failing init gives (printf-style). */
	void (*host_error)(rl_plugin_host *h, const char *fmt, ...)
	    RL_PLUGIN_PRINTF(2, 3);

	/* ---- version 1: compiling a rule (kind compile only) ----------- */

	/* rule_id is "PACK.RULE"; rule_file the YAML file.  Borrowed. */
	const char *(*rule_id)(const rl_plugin_compile *cc);
	const char *(*rule_file)(const rl_plugin_compile *cc);
	/* cfg_get returns map's entry named key (marking it read), or NULL.
	 * cfg_type, cfg_scalar (value and length; NULL if not a scalar),
	 * cfg_child / cfg_next (walk a sequence's items or a map's
	 * entries), cfg_key (a map entry's key), cfg_count (children) and
	 * cfg_mark (1-based line and column) read a node.  Nodes live as
	 * long as the compile call. */
	const rl_plugin_node *(*cfg_get)(
	    const rl_plugin_node *map, const char *key);
	int (*cfg_type)(const rl_plugin_node *n);
	const char *(*cfg_scalar)(const rl_plugin_node *n, size_t *len);
	const rl_plugin_node *(*cfg_child)(const rl_plugin_node *n);
	const rl_plugin_node *(*cfg_next)(const rl_plugin_node *n);
	const char *(*cfg_key)(const rl_plugin_node *n);
	size_t (*cfg_count)(const rl_plugin_node *n);
	void (*cfg_mark)(
	    const rl_plugin_node *n, uint32_t *line, uint32_t *column);
	/* Typed readers of map[key]: RL_OK, RL_ENOENT if absent (out
	 * untouched), RL_EPACK with the error recorded at the value's
	 * file:line:column if it has the wrong type or is out of range.
	 * Strings are borrowed for the compile call (copy what you keep). */
	rl_err (*cfg_str)(rl_plugin_compile *cc, const rl_plugin_node *map,
	    const char *key, const char **out);
	rl_err (*cfg_double)(rl_plugin_compile *cc, const rl_plugin_node *map,
	    const char *key, double *out);
	rl_err (*cfg_int)(rl_plugin_compile *cc, const rl_plugin_node *map,
	    const char *key, long long min, long long max, long long *out);
	rl_err (*cfg_bool)(rl_plugin_compile *cc, const rl_plugin_node *map,
	    const char *key, bool *out);
	/* cfg_error records "file:line:col: message" at node (the rule's
	 * map when node is NULL) and returns RL_EPACK. */
	rl_err (*cfg_error)(rl_plugin_compile *cc, const rl_plugin_node *node,
	    const char *fmt, ...) RL_PLUGIN_PRINTF(3, 4);
	/* compile_alloc: zeroed memory from the pack's arena, 16-aligned,
	 * freed with the pack (never by the plugin).  NULL when out of
	 * memory. */
	void *(*compile_alloc)(rl_plugin_compile *cc, size_t size);

	/* ---- version 1: checking a document (kind check only) ---------- */

	const rl_plugin_doc *(*scan_doc)(rl_plugin_scan *s);
	/* scan_rule_id is the id of the rule being checked.  Borrowed. */
	const char *(*scan_rule_id)(rl_plugin_scan *s);
	/* report records one finding (copied).  Findings in regions the
	 * document switches off are dropped here. */
	rl_err (*report)(rl_plugin_scan *s, const rl_plugin_hit *hit);
	/* rule_error sets the reason the rule failed (copied); check then
	 * returns an error. */
	void (*rule_error)(rl_plugin_scan *s, const char *fmt, ...)
	    RL_PLUGIN_PRINTF(2, 3);
	/* scan_alloc: zeroed memory from the review's arena, 16-aligned,
	 * gone when the review ends (never freed by the plugin). */
	void *(*scan_alloc)(rl_plugin_scan *s, size_t size);
	/* scan_ranges calls fn for each range the rule's scope covers, in
	 * offset order. */
	rl_err (*scan_ranges)(
	    rl_plugin_scan *s, rl_plugin_range_fn fn, void *arg);

	/* ---- version 1: reading a document ----------------------------- */

	/* doc_prose / doc_raw: NUL-terminated buffers of *len bytes, the
	 * length of the source (see the model above).  Borrowed. */
	const char *(*doc_prose)(const rl_plugin_doc *d, size_t *len);
	const char *(*doc_raw)(const rl_plugin_doc *d, size_t *len);
	const char *(*doc_format)(const rl_plugin_doc *d);
	uint32_t (*doc_block_count)(const rl_plugin_doc *d);
	bool (*doc_block)(
	    const rl_plugin_doc *d, uint32_t i, rl_plugin_block *out);
	uint32_t (*doc_sentence_count)(const rl_plugin_doc *d);
	bool (*doc_sentence)(
	    const rl_plugin_doc *d, uint32_t i, uint32_t *off, uint32_t *end);
	uint32_t (*doc_section_count)(const rl_plugin_doc *d);
	bool (*doc_section)(
	    const rl_plugin_doc *d, uint32_t i, rl_plugin_section *out);
	/* doc_words calls fn (if not NULL) for each word in prose[off, end)
	 * and returns the count. */
	size_t (*doc_words)(const rl_plugin_doc *d, uint32_t off, uint32_t end,
	    rl_plugin_word_fn fn, void *arg);
	/* doc_line_col maps a byte offset to a 1-based line and column
	 * (code points). */
	void (*doc_line_col)(const rl_plugin_doc *d, size_t off, uint32_t *line,
	    uint32_t *column);

	/* ---- version 1: building a document (format parse only) -------- */

	/* build_block_begin / _end bracket one block (blocks do not nest);
	 * kind is RL_PLUGIN_BLOCK_*, flags RL_PLUGIN_BF_*. */
	rl_err (*build_block_begin)(
	    rl_plugin_build *b, int kind, unsigned level, unsigned flags);
	rl_err (*build_block_end)(rl_plugin_build *b);
	/* build_text marks source bytes [off, off+len) as prose of the
	 * current block. */
	rl_err (*build_text)(rl_plugin_build *b, uint32_t off, uint32_t len);
	/* build_text_subst marks [off, off+len) as prose whose text is
	 * text[0, tlen) (tlen <= len; the rest reads as spaces): for source
	 * that spells a character another way, such as "&amp;". */
	rl_err (*build_text_subst)(rl_plugin_build *b, uint32_t off,
	    uint32_t len, const char *text, size_t tlen);
	/* build_comment records an HTML comment's range (in-document
	 * switches such as <!-- redline off --> are read from these). */
	rl_err (*build_comment)(rl_plugin_build *b, uint32_t off, uint32_t len);
	/* build_front_matter parses YAML metadata at [off, off+len); the
	 * whole block, fences included, is [span_off, span_end). */
	rl_err (*build_front_matter)(rl_plugin_build *b, uint32_t off,
	    uint32_t len, uint32_t span_off, uint32_t span_end);
};

#ifdef __cplusplus
}
#endif

#endif /* REDLINE_PLUGIN_H */

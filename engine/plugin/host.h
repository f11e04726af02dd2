/*
 * host.h - the plugin host: loading native plugins, checking their
 * descriptors, the API table handed to them, and the adapters that make a
 * plugin's kinds, formats and outputs ordinary registry entries.
 *
 * A plugin kind is an rl_kind whose arg is its adapter (rl_plugin_kind_ad);
 * the engine, pack loader and scanner never know it came from a plugin.
 * Internal: rl__ symbols.
 */
#ifndef RL_PLUGIN_HOST_H
#define RL_PLUGIN_HOST_H

#include "core/engine.h"
#include "redline/plugin.h"

typedef struct rl_plugin_rec rl_plugin_rec;

/* Adapters: the registry entry first, then the plugin's descriptor (copied,
 * fields past its size zeroed), then the plugin they belong to. */
typedef struct rl_plugin_kind_ad {
	rl_kind        kind; /* kind.arg points back at this adapter */
	rl_plugin_kind pk;
	rl_plugin_rec *rec;
} rl_plugin_kind_ad;

typedef struct rl_plugin_format_ad {
	rl_format        fmt; /* fmt.arg points back at this adapter */
	rl_plugin_format pf;
	rl_plugin_rec   *rec;
} rl_plugin_format_ad;

typedef struct rl_plugin_output_ad {
	rl_output        out;
	rl_plugin_output po;
	rl_plugin_rec   *rec;
} rl_plugin_output_ad;

/* One loaded (or loading) plugin. */
struct rl_plugin_rec {
	char                 *path;   /* canonical file path (heap) */
	void                 *handle; /* dlopen's */
	const rl_plugin_desc *desc;
	void                 *state; /* init's */
	bool                  live;  /* init succeeded; fini owed */
	rl_plugin_kind_ad   **kinds;
	size_t                n_kinds, cap_kinds;
	rl_plugin_format_ad **formats;
	size_t                n_formats, cap_formats;
	rl_plugin_output_ad **outputs;
	size_t                n_outputs, cap_outputs;
};

/* The engine's plugin state (rl_engine.plugins). */
typedef struct rl_plugin_set {
	rl_plugin_rec **recs; /* load order */
	size_t          n_recs, cap_recs;
	char          **path; /* search folders, in order (heap strings) */
	size_t          n_path, cap_path;
	size_t          n_user_path; /* rl_engine_add_plugins_path ones */
} rl_plugin_set;

/* The handle init gets: registration goes to rec, errors to error. */
struct rl_plugin_host {
	rl_engine     *engine;
	rl_plugin_rec *rec;
	char           error[512]; /* host_error's or a refusal's reason */
};

/* Compiling one rule of a plugin kind. */
struct rl_plugin_compile {
	rl_rule     *rule;
	rl_cfg      *spec;
	rl_kind_ctx *ctx;
	bool         reported; /* an error is already in ctx->diag */
};

/* The table every plugin gets. */
extern const rl_plugin_api rl__plugin_api;

/* rl__plugin_set_get returns e's plugin state, creating it (with the
 * default search path) on first use; NULL when out of memory. */
rl_plugin_set *rl__plugin_set_get(rl_engine *e);

/* rl__plugin_load_spec is declared in core/engine.h (the pack loader
 * calls it). */

/* rl__plugin_commit registers rec's staged adapters with the engine; on
 * failure nothing of rec stays registered. */
rl_err rl__plugin_commit(rl_engine *e, rl_plugin_rec *rec, rl_diag *diag);
/* rl__plugin_uncommit removes rec's adapters from the engine's
 * registries (whichever of them are there). */
void rl__plugin_uncommit(rl_engine *e, rl_plugin_rec *rec);
/* rl__plugin_rec_free frees rec's adapters and rec (not the handle). */
void rl__plugin_rec_free(rl_plugin_rec *rec);

/* Adapter constructors (adapt.c): validate the plugin's descriptor (copy
 * at most its size), build the registry entry.  RL_EINVAL with the reason
 * in h->error; *out owned by caller (rl__free). */
rl_err rl__plugin_kind_adapt(
    rl_plugin_host *h, const rl_plugin_kind *k, rl_plugin_kind_ad **out);
rl_err rl__plugin_format_adapt(
    rl_plugin_host *h, const rl_plugin_format *f, rl_plugin_format_ad **out);
rl_err rl__plugin_output_adapt(
    rl_plugin_host *h, const rl_plugin_output *o, rl_plugin_output_ad **out);

/* The table's scan, document and builder members (api_doc.c); their
 * contracts are rl_plugin_api's. */
const rl_plugin_doc *rl__papi_scan_doc(rl_plugin_scan *s);
const char          *rl__papi_scan_rule_id(rl_plugin_scan *s);
rl_err rl__papi_report(rl_plugin_scan *s, const rl_plugin_hit *hit);
void   rl__papi_rule_error(rl_plugin_scan *s, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void  *rl__papi_scan_alloc(rl_plugin_scan *s, size_t size);
rl_err rl__papi_scan_ranges(
    rl_plugin_scan *s, rl_plugin_range_fn fn, void *arg);
const char *rl__papi_doc_prose(const rl_plugin_doc *d, size_t *len);
const char *rl__papi_doc_raw(const rl_plugin_doc *d, size_t *len);
const char *rl__papi_doc_format(const rl_plugin_doc *d);
uint32_t    rl__papi_doc_block_count(const rl_plugin_doc *d);
bool        rl__papi_doc_block(
           const rl_plugin_doc *d, uint32_t i, rl_plugin_block *out);
uint32_t rl__papi_doc_sentence_count(const rl_plugin_doc *d);
bool     rl__papi_doc_sentence(
        const rl_plugin_doc *d, uint32_t i, uint32_t *off, uint32_t *end);
uint32_t rl__papi_doc_section_count(const rl_plugin_doc *d);
bool     rl__papi_doc_section(
        const rl_plugin_doc *d, uint32_t i, rl_plugin_section *out);
size_t rl__papi_doc_words(const rl_plugin_doc *d, uint32_t off, uint32_t end,
    rl_plugin_word_fn fn, void *arg);
void   rl__papi_doc_line_col(
      const rl_plugin_doc *d, size_t off, uint32_t *line, uint32_t *column);
rl_err rl__papi_build_block_begin(
    rl_plugin_build *b, int kind, unsigned level, unsigned flags);
rl_err rl__papi_build_block_end(rl_plugin_build *b);
rl_err rl__papi_build_text(rl_plugin_build *b, uint32_t off, uint32_t len);
rl_err rl__papi_build_text_subst(rl_plugin_build *b, uint32_t off, uint32_t len,
    const char *text, size_t tlen);
rl_err rl__papi_build_comment(rl_plugin_build *b, uint32_t off, uint32_t len);
rl_err rl__papi_build_front_matter(rl_plugin_build *b, uint32_t off,
    uint32_t len, uint32_t span_off, uint32_t span_end);

#endif /* RL_PLUGIN_HOST_H */

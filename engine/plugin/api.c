/*
 * api.c - the host API table plugins get (rl__plugin_api), part one:
 * registration during init, and the config-node accessors a kind's
 * compile reads its fields with.  The document, scan and builder calls
 * are in api_doc.c.
 *
 * The table is one static const object: immutable, shared by every
 * plugin and engine in the process.  Its members are append-only.
 */
#include <stdarg.h>
#include <string.h>
#include <strings.h>

#include "core/cfg.h"
#include "plugin/host.h"
#include "rules/rule.h"

/* ------------------------------------------------------------------------
 * Registration
 * ------------------------------------------------------------------------ */

/* owner_of names the plugin that registered name in a registry, or NULL
 * (a built-in).  which: 0 kinds, 1 formats, 2 outputs. */
static const char *
owner_of(rl_engine *e, int which, const char *name)
{
	rl_plugin_set *set = e->plugins;

	for (size_t i = 0; set != NULL && i < set->n_recs; i++) {
		rl_plugin_rec *r = set->recs[i];
		for (size_t j = 0; which == 0 && j < r->n_kinds; j++)
			if (strcmp(r->kinds[j]->pk.name, name) == 0)
				return r->desc->name;
		for (size_t j = 0; which == 1 && j < r->n_formats; j++)
			if (strcmp(r->formats[j]->pf.name, name) == 0)
				return r->desc->name;
		for (size_t j = 0; which == 2 && j < r->n_outputs; j++)
			if (strcmp(r->outputs[j]->po.name, name) == 0)
				return r->desc->name;
	}
	return NULL;
}

static rl_err
clash(rl_plugin_host *h, int which, const char *name)
{
	static const char *const what[] = { "rule kind", "document format",
		"output format" };
	const char              *owner  = owner_of(h->engine, which, name);

	if (owner != NULL && h->rec->desc != NULL &&
	    strcmp(owner, h->rec->desc->name) != 0)
		snprintf(h->error, sizeof h->error,
		    "%s '%s' is already registered by plugin '%s'", what[which],
		    name, owner);
	else if (owner != NULL)
		snprintf(h->error, sizeof h->error,
		    "%s '%s' is registered twice", what[which], name);
	else
		snprintf(h->error, sizeof h->error,
		    "%s '%s' clashes with the built-in %s of that name (a "
		    "plugin may not replace a built-in)",
		    what[which], name, what[which]);
	return RL_EINVAL;
}

static rl_err
reg_kind(rl_plugin_host *h, const rl_plugin_kind *k)
{
	rl_plugin_rec     *rec = h->rec;
	rl_plugin_kind_ad *ad  = NULL;
	rl_err             err;

	err = rl__plugin_kind_adapt(h, k, &ad);
	if (err != RL_OK)
		return err;
	if (rl__kind_find(h->engine, ad->pk.name) != NULL ||
	    owner_of(h->engine, 0, ad->pk.name) != NULL) {
		err = clash(h, 0, ad->pk.name);
		goto fail;
	}
	for (size_t i = 0; i < rec->n_kinds; i++)
		if (strcmp(rec->kinds[i]->pk.name, ad->pk.name) == 0) {
			err = clash(h, 0, ad->pk.name);
			goto fail;
		}
	err = rl__vec_reserve((void **)&rec->kinds, &rec->cap_kinds,
	    rec->n_kinds + 1, sizeof *rec->kinds);
	if (err != RL_OK)
		goto fail;
	rec->kinds[rec->n_kinds++] = ad;
	return RL_OK;
fail:
	rl__free(ad);
	return err;
}

/* ext_owner returns the format that claims extension ext, or NULL. */
static const char *
ext_owner(rl_plugin_host *h, const char *ext)
{
	rl_engine     *e   = h->engine;
	rl_plugin_rec *rec = h->rec;

	for (size_t i = 0; i < e->n_formats; i++) {
		const char *const *x = e->formats[i]->extensions;
		for (; x != NULL && *x != NULL; x++)
			if (strcasecmp(*x, ext) == 0)
				return e->formats[i]->name;
	}
	for (size_t i = 0; i < rec->n_formats; i++) {
		const char *const *x = rec->formats[i]->pf.extensions;
		for (; x != NULL && *x != NULL; x++)
			if (strcasecmp(*x, ext) == 0)
				return rec->formats[i]->pf.name;
	}
	return NULL;
}

static rl_err
reg_format(rl_plugin_host *h, const rl_plugin_format *f)
{
	rl_plugin_rec       *rec = h->rec;
	rl_plugin_format_ad *ad  = NULL;
	rl_err               err;

	err = rl__plugin_format_adapt(h, f, &ad);
	if (err != RL_OK)
		return err;
	if (rl__format_find(h->engine, ad->pf.name) != NULL ||
	    owner_of(h->engine, 1, ad->pf.name) != NULL) {
		err = clash(h, 1, ad->pf.name);
		goto fail;
	}
	for (size_t i = 0; i < rec->n_formats; i++)
		if (strcmp(rec->formats[i]->pf.name, ad->pf.name) == 0) {
			err = clash(h, 1, ad->pf.name);
			goto fail;
		}
	for (size_t i = 0;
	     ad->pf.extensions != NULL && ad->pf.extensions[i] != NULL; i++) {
		const char *owner = ext_owner(h, ad->pf.extensions[i]);
		if (owner != NULL) {
			snprintf(h->error, sizeof h->error,
			    "document format '%s': extension '.%s' already "
			    "belongs to format '%s'",
			    ad->pf.name, ad->pf.extensions[i], owner);
			err = RL_EINVAL;
			goto fail;
		}
	}
	err = rl__vec_reserve((void **)&rec->formats, &rec->cap_formats,
	    rec->n_formats + 1, sizeof *rec->formats);
	if (err != RL_OK)
		goto fail;
	rec->formats[rec->n_formats++] = ad;
	return RL_OK;
fail:
	rl__free(ad);
	return err;
}

static rl_err
reg_output(rl_plugin_host *h, const rl_plugin_output *o)
{
	rl_plugin_rec       *rec = h->rec;
	rl_plugin_output_ad *ad  = NULL;
	rl_err               err;

	err = rl__plugin_output_adapt(h, o, &ad);
	if (err != RL_OK)
		return err;
	if (rl__output_find(h->engine, ad->po.name) != NULL ||
	    owner_of(h->engine, 2, ad->po.name) != NULL) {
		err = clash(h, 2, ad->po.name);
		goto fail;
	}
	for (size_t i = 0; i < rec->n_outputs; i++)
		if (strcmp(rec->outputs[i]->po.name, ad->po.name) == 0) {
			err = clash(h, 2, ad->po.name);
			goto fail;
		}
	err = rl__vec_reserve((void **)&rec->outputs, &rec->cap_outputs,
	    rec->n_outputs + 1, sizeof *rec->outputs);
	if (err != RL_OK)
		goto fail;
	rec->outputs[rec->n_outputs++] = ad;
	return RL_OK;
fail:
	rl__free(ad);
	return err;
}

static void
host_error(rl_plugin_host *h, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(h->error, sizeof h->error, fmt, ap);
	va_end(ap);
}

/* ------------------------------------------------------------------------
 * Compiling a rule: config nodes are the engine's rl_cfg nodes.
 * ------------------------------------------------------------------------ */

/* A plugin's node is the engine's rl_cfg node; reading marks entries
 * used, hence the writable view. */
static rl_cfg *
node_of(const rl_plugin_node *n)
{
	return (rl_cfg *)(uintptr_t)n;
}

static const rl_plugin_node *
pnode(const rl_cfg *c)
{
	return (const rl_plugin_node *)c;
}

static const char *
rule_id(const rl_plugin_compile *cc)
{
	return cc->rule->id != NULL ? cc->rule->id : "";
}

static const char *
rule_file(const rl_plugin_compile *cc)
{
	return cc->ctx->file != NULL ? cc->ctx->file : "";
}

static const rl_plugin_node *
cfg_get(const rl_plugin_node *map, const char *key)
{
	if (map == NULL || key == NULL || node_of(map)->kind != RL_CFG_MAP)
		return NULL;
	return pnode(rl__cfg_get(node_of(map), key));
}

static int
cfg_type(const rl_plugin_node *n)
{
	if (n == NULL)
		return RL_PLUGIN_CFG_NULL;
	switch (node_of(n)->kind) {
	case RL_CFG_SCALAR:
		return RL_PLUGIN_CFG_SCALAR;
	case RL_CFG_SEQ:
		return RL_PLUGIN_CFG_SEQ;
	case RL_CFG_MAP:
		return RL_PLUGIN_CFG_MAP;
	default:
		return RL_PLUGIN_CFG_NULL;
	}
}

static const char *
cfg_scalar(const rl_plugin_node *n, size_t *len)
{
	if (n == NULL || node_of(n)->kind != RL_CFG_SCALAR) {
		if (len != NULL)
			*len = 0;
		return NULL;
	}
	if (len != NULL)
		*len = node_of(n)->len;
	return node_of(n)->value;
}

static const rl_plugin_node *
cfg_child(const rl_plugin_node *n)
{
	if (n == NULL)
		return NULL;
	/* Walking a map's entries reads them: they are not "unknown". */
	for (rl_cfg *c = node_of(n)->child; c != NULL; c = c->next)
		if (node_of(n)->kind == RL_CFG_MAP)
			c->used = true;
	return pnode(node_of(n)->child);
}

static const rl_plugin_node *
cfg_next(const rl_plugin_node *n)
{
	return n != NULL ? pnode(node_of(n)->next) : NULL;
}

static const char *
cfg_key(const rl_plugin_node *n)
{
	return n != NULL ? node_of(n)->key : NULL;
}

static size_t
cfg_count(const rl_plugin_node *n)
{
	return n != NULL ? node_of(n)->n_children : 0;
}

static void
cfg_mark(const rl_plugin_node *n, uint32_t *line, uint32_t *column)
{
	if (line != NULL)
		*line = n != NULL ? node_of(n)->line : 0;
	if (column != NULL)
		*column = n != NULL ? node_of(n)->column : 0;
}

/* note records that an error went into the diagnostics. */
static rl_err
note(rl_plugin_compile *cc, rl_err err)
{
	if (err != RL_OK && err != RL_ENOENT)
		cc->reported = true;
	return err;
}

static rl_err
cfg_str(rl_plugin_compile *cc, const rl_plugin_node *map, const char *key,
    const char **out)
{
	if (map == NULL || node_of(map)->kind != RL_CFG_MAP)
		return RL_ENOENT;
	return note(cc,
	    rl__cfg_str(node_of(map), key, cc->ctx->file, out, cc->ctx->diag));
}

static rl_err
cfg_double(rl_plugin_compile *cc, const rl_plugin_node *map, const char *key,
    double *out)
{
	if (map == NULL || node_of(map)->kind != RL_CFG_MAP)
		return RL_ENOENT;
	return note(cc,
	    rl__cfg_double(
	        node_of(map), key, cc->ctx->file, out, cc->ctx->diag));
}

static rl_err
cfg_int(rl_plugin_compile *cc, const rl_plugin_node *map, const char *key,
    long long min, long long max, long long *out)
{
	if (map == NULL || node_of(map)->kind != RL_CFG_MAP)
		return RL_ENOENT;
	return note(cc,
	    rl__cfg_int(node_of(map), key, cc->ctx->file, min, max, out,
	        cc->ctx->diag));
}

static rl_err
cfg_bool(rl_plugin_compile *cc, const rl_plugin_node *map, const char *key,
    bool *out)
{
	if (map == NULL || node_of(map)->kind != RL_CFG_MAP)
		return RL_ENOENT;
	return note(cc,
	    rl__cfg_bool(node_of(map), key, cc->ctx->file, out, cc->ctx->diag));
}

static rl_err
cfg_error(
    rl_plugin_compile *cc, const rl_plugin_node *node, const char *fmt, ...)
{
	char    msg[768];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	cc->reported = true;
	return rl__cfg_error(node != NULL ? node_of(node) : cc->spec,
	    cc->ctx->file, cc->ctx->diag, "%s", msg);
}

static void *
compile_alloc(rl_plugin_compile *cc, size_t size)
{
	return rl__arena_calloc(cc->ctx->arena, 1, size > 0 ? size : 1);
}

const rl_plugin_api rl__plugin_api = {
	.version = RL_PLUGIN_API_VERSION,
	.size    = sizeof(rl_plugin_api),

	.register_kind   = reg_kind,
	.register_format = reg_format,
	.register_output = reg_output,
	.host_error      = host_error,

	.rule_id       = rule_id,
	.rule_file     = rule_file,
	.cfg_get       = cfg_get,
	.cfg_type      = cfg_type,
	.cfg_scalar    = cfg_scalar,
	.cfg_child     = cfg_child,
	.cfg_next      = cfg_next,
	.cfg_key       = cfg_key,
	.cfg_count     = cfg_count,
	.cfg_mark      = cfg_mark,
	.cfg_str       = cfg_str,
	.cfg_double    = cfg_double,
	.cfg_int       = cfg_int,
	.cfg_bool      = cfg_bool,
	.cfg_error     = cfg_error,
	.compile_alloc = compile_alloc,

	.scan_doc     = rl__papi_scan_doc,
	.scan_rule_id = rl__papi_scan_rule_id,
	.report       = rl__papi_report,
	.rule_error   = rl__papi_rule_error,
	.scan_alloc   = rl__papi_scan_alloc,
	.scan_ranges  = rl__papi_scan_ranges,

	.doc_prose          = rl__papi_doc_prose,
	.doc_raw            = rl__papi_doc_raw,
	.doc_format         = rl__papi_doc_format,
	.doc_block_count    = rl__papi_doc_block_count,
	.doc_block          = rl__papi_doc_block,
	.doc_sentence_count = rl__papi_doc_sentence_count,
	.doc_sentence       = rl__papi_doc_sentence,
	.doc_section_count  = rl__papi_doc_section_count,
	.doc_section        = rl__papi_doc_section,
	.doc_words          = rl__papi_doc_words,
	.doc_line_col       = rl__papi_doc_line_col,

	.build_block_begin  = rl__papi_build_block_begin,
	.build_block_end    = rl__papi_build_block_end,
	.build_text         = rl__papi_build_text,
	.build_text_subst   = rl__papi_build_text_subst,
	.build_comment      = rl__papi_build_comment,
	.build_front_matter = rl__papi_build_front_matter,
};

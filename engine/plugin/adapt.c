/*
 * adapt.c - turning a plugin's rule kinds, document formats and output
 * formats into the engine's rl_kind, rl_format and rl_output.
 *
 * Each adapter copies the plugin's descriptor (no more than the size the
 * plugin was built with, so a plugin built against an older, shorter
 * struct reads as zeros past its end) and points the registry entry's arg
 * back at itself; the trampolines below then call the plugin with its own
 * arg.  From here on the engine treats the entry like a built-in one.
 */
#include <string.h>

#include "core/cfg.h"
#include "plugin/host.h"
#include "rules/rule.h"

/* copy_desc copies min(claimed, have) bytes of src into dst (have bytes,
 * zeroed first).  The plugin's first field is its size. */
static void
copy_desc(void *dst, size_t have, const void *src, uint32_t claimed)
{
	memset(dst, 0, have);
	memcpy(dst, src, claimed < have ? claimed : have);
}

/* valid_name: non-empty, printable ASCII without spaces or separators, at
 * most 64 bytes; names end up in YAML, command lines and file lists. */
static bool
valid_name(const char *s)
{
	size_t n = 0;

	if (s == NULL || *s == '\0')
		return false;
	for (; s[n] != '\0'; n++) {
		unsigned char c = (unsigned char)s[n];
		if (c <= ' ' || c >= 0x7f || c == '/' || c == ',' || c == ':')
			return false;
	}
	return n <= 64;
}

static rl_err
refuse(rl_plugin_host *h, const char *what, const char *name, const char *why)
{
	snprintf(h->error, sizeof h->error, "%s '%s': %s", what,
	    name != NULL ? name : "(null)", why);
	return RL_EINVAL;
}

/* ------------------------------------------------------------------------
 * Rule kinds
 * ------------------------------------------------------------------------ */

static rl_err
kind_compile(rl_rule *rule, rl_cfg *spec, rl_kind_ctx *ctx)
{
	const rl_plugin_kind_ad *ad = rule->kind->arg;
	rl_plugin_compile        cc = {
		       .rule = rule, .spec = spec, .ctx = ctx, .reported = false
	};
	void  *state = NULL;
	rl_err err;

	err = ad->pk.compile(
	    &cc, (const rl_plugin_node *)spec, &state, ad->pk.arg);
	if (err != RL_OK) {
		if (state != NULL && ad->pk.free != NULL)
			ad->pk.free(state, ad->pk.arg);
		if (!cc.reported)
			rl__diag_set(ctx->diag, RL_EPACK, ctx->file, rule->line,
			    0,
			    "rule kind '%s' (plugin '%s') "
			    "refused the rule: %s",
			    ad->pk.name, ad->rec->desc->name, rl_strerror(err));
		return RL_EPACK;
	}
	rule->state = state;
	return RL_OK;
}

static rl_err
kind_check(const rl_rule *rule, rl_scan *scan)
{
	const rl_plugin_kind_ad *ad = rule->kind->arg;

	return ad->pk.check((rl_plugin_scan *)scan, rule->state, ad->pk.arg);
}

static void
kind_free(rl_rule *rule)
{
	const rl_plugin_kind_ad *ad = rule->kind->arg;

	if (rule->state != NULL && ad->pk.free != NULL)
		ad->pk.free(rule->state, ad->pk.arg);
	rule->state = NULL;
}

rl_err
rl__plugin_kind_adapt(
    rl_plugin_host *h, const rl_plugin_kind *k, rl_plugin_kind_ad **out)
{
	rl_plugin_kind_ad *ad;
	const size_t min = offsetof(rl_plugin_kind, check) + sizeof k->check;

	if (k == NULL)
		return refuse(h, "rule kind", NULL, "no descriptor");
	if (k->size < min)
		return refuse(h, "rule kind", NULL,
		    "descriptor too small (size field not set?)");
	if (!valid_name(k->name))
		return refuse(h, "rule kind", k->name,
		    "invalid name (want 1-64 printable characters, no "
		    "spaces, '/', ',' or ':')");
	if (k->compile == NULL || k->check == NULL)
		return refuse(
		    h, "rule kind", k->name, "compile and check are required");
	ad = rl__calloc(1, sizeof *ad);
	if (ad == NULL)
		return RL_ENOMEM;
	copy_desc(&ad->pk, sizeof ad->pk, k, k->size);
	ad->rec          = h->rec;
	ad->kind.name    = ad->pk.name;
	ad->kind.compile = kind_compile;
	ad->kind.check   = kind_check;
	ad->kind.free    = kind_free;
	ad->kind.per_document =
	    (ad->pk.flags & RL_PLUGIN_KIND_PER_DOCUMENT) != 0;
	ad->kind.arg = ad;
	*out         = ad;
	return RL_OK;
}

/* ------------------------------------------------------------------------
 * Document formats
 * ------------------------------------------------------------------------ */

static int
format_sniff(const char *src, size_t len, void *arg)
{
	const rl_plugin_format_ad *ad = arg;

	if (ad->pf.sniff == NULL)
		return 0;
	return ad->pf.sniff(src, len, ad->pf.arg);
}

static rl_err
format_parse(rl_doc_builder *b, void *arg)
{
	const rl_plugin_format_ad *ad = arg;
	const char                *src;
	size_t                     len;

	src = rl__doc_builder_src(b, &len);
	return ad->pf.parse((rl_plugin_build *)b, src, len, ad->pf.arg);
}

rl_err
rl__plugin_format_adapt(
    rl_plugin_host *h, const rl_plugin_format *f, rl_plugin_format_ad **out)
{
	rl_plugin_format_ad *ad;
	const size_t min = offsetof(rl_plugin_format, parse) + sizeof f->parse;

	if (f == NULL)
		return refuse(h, "document format", NULL, "no descriptor");
	if (f->size < min)
		return refuse(h, "document format", NULL,
		    "descriptor too small (size field not set?)");
	if (!valid_name(f->name))
		return refuse(h, "document format", f->name, "invalid name");
	if (f->parse == NULL)
		return refuse(
		    h, "document format", f->name, "parse is required");
	if (f->extensions != NULL)
		for (size_t i = 0; f->extensions[i] != NULL; i++)
			if (!valid_name(f->extensions[i]) ||
			    f->extensions[i][0] == '.')
				return refuse(h, "document format", f->name,
				    "invalid extension (give it without the "
				    "dot)");
	ad = rl__calloc(1, sizeof *ad);
	if (ad == NULL)
		return RL_ENOMEM;
	copy_desc(&ad->pf, sizeof ad->pf, f, f->size);
	ad->rec            = h->rec;
	ad->fmt.name       = ad->pf.name;
	ad->fmt.extensions = ad->pf.extensions;
	ad->fmt.sniff      = NULL;
	ad->fmt.sniff_arg  = format_sniff;
	ad->fmt.parse      = format_parse;
	ad->fmt.arg        = ad;
	*out               = ad;
	return RL_OK;
}

/* ------------------------------------------------------------------------
 * Output formats: the plugin's calls have the writers' own signatures, so
 * the entry points at them directly.
 * ------------------------------------------------------------------------ */

rl_err
rl__plugin_output_adapt(
    rl_plugin_host *h, const rl_plugin_output *o, rl_plugin_output_ad **out)
{
	rl_plugin_output_ad *ad;
	const size_t min = offsetof(rl_plugin_output, arg) + sizeof o->arg;

	if (o == NULL)
		return refuse(h, "output format", NULL, "no descriptor");
	if (o->size < min)
		return refuse(h, "output format", NULL,
		    "descriptor too small (size field not set?)");
	if (!valid_name(o->name))
		return refuse(h, "output format", o->name, "invalid name");
	if (o->begin == NULL || o->document == NULL || o->end == NULL)
		return refuse(h, "output format", o->name,
		    "begin, document and end are required");
	ad = rl__calloc(1, sizeof *ad);
	if (ad == NULL)
		return RL_ENOMEM;
	copy_desc(&ad->po, sizeof ad->po, o, o->size);
	ad->rec          = h->rec;
	ad->out.name     = ad->po.name;
	ad->out.begin    = ad->po.begin;
	ad->out.document = ad->po.document;
	ad->out.end      = ad->po.end;
	ad->out.arg      = ad->po.arg;
	*out             = ad;
	return RL_OK;
}

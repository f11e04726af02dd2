/*
 * rule_load.c - one YAML rule file into a pack: the common fields (Vale's
 * plus Redline's scoring and section selector), then the kind's own, then
 * "unknown field" for anything nobody read.
 */
#include <stdio.h>
#include <string.h>

#include "core/engine.h"
#include "rules/kind.h"
#include "rules/literal.h"

/* Largest rule file accepted. */
#define RL_RULE_MAX_BYTES (4u << 20)

const char *const rl__rule_common_fields[] = {
	"extends",
	"message",
	"level",
	"scope",
	"link",
	"description",
	"category",
	"points",
	"cap",
	"section",
	"ignorecase",
	"nonword",
	"action",
	"limit",
	"vocab",
	"code",
	"tests",
	NULL,
};

static rl_err
oom(rl_diag *diag, const char *file)
{
	return rl__diag_set(diag, RL_ENOMEM, file, 0, 0, "out of memory");
}

/* known_kinds lists the registered kind names for an error message. */
static void
known_kinds(const rl_engine *e, char *buf, size_t size)
{
	size_t i, used = 0;

	buf[0] = '\0';
	for (i = 0; i < e->n_kinds && used + 2 < size; i++) {
		int w = snprintf(buf + used, size - used, "%s%s", i ? ", " : "",
		    e->kinds[i]->name);

		if (w < 0)
			break;
		used += (size_t)w;
	}
}

/* read_action reads `action: {name, params}` and checks it as Vale does
 * when it loads a rule. */
static rl_err
read_action(rl_rule *r, rl_cfg *root, rl_kind_ctx *ctx)
{
	static const char *const names[] = { "replace", "remove", "edit",
		"suggest", "convert", NULL };
	static const char *const edits[] = { "regex", "trim_right", "trim_left",
		"trim", "truncate", "split", NULL };
	rl_cfg                  *a       = rl__cfg_get(root, "action"), *name;
	const char             **params  = NULL;
	size_t                   n       = 0, i;
	rl_err                   err;

	if (!a || a->kind == RL_CFG_NULL)
		return RL_OK;
	if (a->kind != RL_CFG_MAP)
		return rl__cfg_error(a, ctx->file, ctx->diag,
		    "'action' must be a map with 'name' and 'params'");
	name = rl__cfg_get(a, "name");
	if (!name || name->kind != RL_CFG_SCALAR)
		return rl__cfg_error(name ? name : a, ctx->file, ctx->diag,
		    "'action' needs a 'name'");
	for (i = 0; names[i] && strcmp(names[i], name->value) != 0; i++)
		;
	if (!names[i])
		return rl__cfg_error(name, ctx->file, ctx->diag,
		    "unknown action '%s' (expected replace, remove, edit, "
		    "suggest or convert)",
		    name->value);
	err = rl__kind_strlist(ctx, a, "params", &params, &n);
	if (err)
		return err;
	if ((err = rl__cfg_check_unused(a, ctx->file, ctx->diag)))
		return err;
	r->action_name     = name->value;
	r->action_params   = params;
	r->n_action_params = n;
	if (strcmp(name->value, "edit") == 0) {
		rl_cfg *pn = rl__cfg_get(a, "params");

		if (!n)
			return rl__cfg_error(a, ctx->file, ctx->diag,
			    "action 'edit' needs parameters");
		/* Vale leaves the match as it is for an operation it does not
		 * know (IBM's DashSpacing uses "remove"); so does Redline. */
		for (i = 0; edits[i] && strcmp(edits[i], params[0]); i++)
			;
		if (edits[i] && n != ((i == 0 || i == 5) ? 3u : 2u))
			return rl__cfg_error(pn, ctx->file, ctx->diag,
			    "action 'edit' %s takes %u parameters", params[0],
			    (i == 0 || i == 5) ? 2u : 1u);
		if (i == 0)
			return rl__kind_regex(
			    ctx, pn, "action", params[1], 0, &r->action_regex);
	}
	if (strcmp(name->value, "suggest") == 0 && n == 0)
		return rl__cfg_error(a, ctx->file, ctx->diag,
		    "action 'suggest' needs parameters");
	return RL_OK;
}

/* opt: an absent optional field is fine. */
static rl_err
opt(rl_err err)
{
	return err == RL_ENOENT ? RL_OK : err;
}

/* read_common reads the fields every rule may have. */
static rl_err
read_common(rl_rule *r, rl_cfg *root, rl_kind_ctx *ctx)
{
	const char *s, **scopes;
	long long   v;
	bool        b;
	size_t      n;
	char        bad[128];
	rl_err      err;

	err = rl__cfg_str(root, "message", ctx->file, &r->message, ctx->diag);
	if (err == RL_ENOENT)
		return rl__diag_set(ctx->diag, RL_EPACK, ctx->file, 1, 1,
		    "missing the required field 'message'");
	if (err)
		return err;
	err = rl__cfg_str(root, "level", ctx->file, &s, ctx->diag);
	if (err == RL_OK) {
		if (rl_level_parse(s, &r->level) != RL_OK)
			return rl__cfg_error(rl__cfg_get(root, "level"),
			    ctx->file, ctx->diag,
			    "'level' must be suggestion, warning or error, not "
			    "'%s'",
			    s);
	} else if (err != RL_ENOENT) {
		return err;
	}
	err = rl__cfg_strlist(
	    root, "scope", ctx->file, ctx->arena, &scopes, &n, ctx->diag);
	if (err == RL_OK) {
		if (rl__scope_parse(scopes, n, &r->scope, bad, sizeof bad))
			return rl__cfg_error(rl__cfg_get(root, "scope"),
			    ctx->file, ctx->diag, "unknown scope '%s'", bad);
		r->scope_set = true;
	} else if (err != RL_ENOENT) {
		return err;
	}
	if ((err = opt(
	         rl__cfg_str(root, "link", ctx->file, &r->link, ctx->diag))) ||
	    (err = opt(rl__cfg_str(root, "description", ctx->file,
	         &r->description, ctx->diag))) ||
	    (err = opt(rl__cfg_str(
	         root, "category", ctx->file, &r->category, ctx->diag))) ||
	    (err = opt(rl__cfg_bool(
	         root, "ignorecase", ctx->file, &r->ignorecase, ctx->diag))) ||
	    (err = opt(rl__cfg_bool(
	         root, "nonword", ctx->file, &r->nonword, ctx->diag))))
		return err;
	err = rl__cfg_int(root, "points", ctx->file, 0, 1000, &v, ctx->diag);
	if (err == RL_OK)
		r->points = (int)v;
	else if (err != RL_ENOENT)
		return err;
	err = rl__cfg_int(root, "cap", ctx->file, 0, 1000, &v, ctx->diag);
	if (err == RL_OK)
		r->cap = (int)v;
	else if (err != RL_ENOENT)
		return err;
	err = rl__cfg_int(root, "limit", ctx->file, 0, 1000000, &v, ctx->diag);
	if (err == RL_OK)
		r->limit = (uint32_t)v;
	else if (err != RL_ENOENT)
		return err;
	/* Vale's vocabularies are project settings Redline does not have;
	 * the switch is accepted so styles load unchanged. */
	if ((err = opt(rl__cfg_bool(root, "vocab", ctx->file, &b, ctx->diag))))
		return err;
	b = false;
	if ((err = opt(rl__cfg_bool(root, "code", ctx->file, &b, ctx->diag))))
		return err;
	if (b)
		return rl__cfg_error(rl__cfg_get(root, "code"), ctx->file,
		    ctx->diag, "'code' is deprecated; use 'scope: raw'");
	/* Vale's own rule tests: for `vale test`, not for reviews. */
	(void)rl__cfg_get(root, "tests");
	err = rl__cfg_str(root, "section", ctx->file, &s, ctx->diag);
	if (err == RL_OK) {
		err = rl__kind_regex(ctx, rl__cfg_get(root, "section"),
		    "section", s, 0, &r->section);
		if (err)
			return err;
	} else if (err != RL_ENOENT) {
		return err;
	}
	return read_action(r, root, ctx);
}

void
rl__rule_release(rl_rule *r)
{
	if (!r)
		return;
	if (r->kind && r->kind->free && r->state)
		r->kind->free(r);
	r->state = NULL;
	rl__regex_free(r->section);
	rl__regex_free(r->action_regex);
	r->section      = NULL;
	r->action_regex = NULL;
	if (r->trigger) {
		rl__lits_free(r->trigger);
		rl__free(r->trigger);
		r->trigger = NULL;
	}
}

/* rule_stem copies the file name without folder and extension. */
static char *
rule_stem(rl_arena *a, const char *path)
{
	const char *base = strrchr(path, '/'), *dot;

	base = base ? base + 1 : path;
	dot  = strrchr(base, '.');
	return rl__arena_strndup(
	    a, base, dot && dot != base ? (size_t)(dot - base) : strlen(base));
}

rl_err
rl__rule_load_text(rl_engine *e, rl_pack *p, const char *path, const char *text,
    size_t len, rl_rule **out, rl_diag *diag)
{
	rl_cfg     *root, *ext;
	rl_rule    *r;
	rl_kind_ctx ctx;
	char        known[512];
	rl_err      err;

	r = rl__arena_calloc(p->arena, 1, sizeof *r);
	if (!r)
		return oom(diag, path);
	r->file = rl__arena_strdup(p->arena, path);
	r->name = rule_stem(p->arena, path);
	r->pack = p->info.name;
	r->id   = r->name
	      ? rl__arena_printf(p->arena, "%s.%s", p->info.name, r->name)
	      : NULL;
	if (!r->file || !r->name || !r->id)
		return oom(diag, path);
	r->enabled       = true;
	r->level         = RL_LEVEL_SUGGESTION;
	r->points        = -1;
	r->cap           = -1;
	r->scope.include = RL_SCOPE_TEXT;

	err = rl__cfg_parse(text, len, r->file, p->arena, &root, diag);
	if (err == RL_EPARSE)
		return RL_EPACK; /* diag already names file:line:col */
	if (err)
		return err;
	if (root->kind != RL_CFG_MAP)
		return rl__diag_set(diag, RL_EPACK, r->file,
		    root->line ? root->line : 1,
		    root->column ? root->column : 1,
		    "a rule file must be a YAML map of fields");
	memset(&ctx, 0, sizeof ctx);
	ctx.arena    = p->arena;
	ctx.file     = r->file;
	ctx.pack_dir = p->info.path;
	ctx.diag     = diag;
	ctx.engine   = e;

	ext = rl__cfg_get(root, "extends");
	if (!ext)
		return rl__diag_set(diag, RL_EPACK, r->file, 1, 1,
		    "missing the required field 'extends'");
	if (ext->kind != RL_CFG_SCALAR)
		return rl__cfg_error(
		    ext, r->file, diag, "'extends' must name a rule kind");
	r->line = ext->key_line;
	r->kind = rl__kind_find(e, ext->value);
	if (!r->kind || strcmp(ext->value, "lua") == 0) {
		known_kinds(e, known, sizeof known);
		return rl__cfg_error(ext, r->file, diag,
		    "unknown rule kind '%s' (known: %s)", ext->value, known);
	}
	if ((err = read_common(r, root, &ctx)))
		goto fail;
	if (r->kind->compile && (err = r->kind->compile(r, root, &ctx)))
		goto fail;
	if ((err = rl__cfg_check_unused(root, r->file, diag)))
		goto fail;
	*out = r;
	return RL_OK;
fail:
	rl__rule_release(r);
	return err;
}

rl_err
rl__rule_load(
    rl_engine *e, rl_pack *p, const char *path, rl_rule **out, rl_diag *diag)
{
	char  *text = NULL;
	size_t len  = 0;
	rl_err err;

	err = rl__read_file(path, RL_RULE_MAX_BYTES, &text, &len, diag);
	if (err == RL_ETOOBIG)
		return rl__diag_set(diag, RL_EPACK, path, 0, 0,
		    "rule file is larger than %u bytes", RL_RULE_MAX_BYTES);
	if (err)
		return err == RL_ENOMEM ? err : RL_EPACK;
	err = rl__rule_load_text(e, p, path, text, len, out, diag);
	rl__free(text);
	return err;
}

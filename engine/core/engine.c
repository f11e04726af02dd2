/*
 * engine.c - the engine object: registries of rule kinds, document formats
 * and output formats, and the pack search path.
 *
 * Search order: folders added with rl_engine_add_packs_path (in the order
 * added), then REDLINE_PACKS_PATH (colon-separated, read once at creation),
 * then the packs in the source tree and the installed ones.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/engine.h"

#ifndef RL_SOURCE_PACKS
#define RL_SOURCE_PACKS ""
#endif
#ifndef RL_INSTALL_PACKS
#define RL_INSTALL_PACKS ""
#endif

/* ------------------------------------------------------------------------
 * Registries
 * ------------------------------------------------------------------------ */

rl_err
rl__engine_add_kind(rl_engine *e, const rl_kind *k, rl_diag *diag)
{
	if (!k || !k->name || !k->check)
		return rl__diag_set(diag, RL_EINVAL, NULL, 0, 0,
		    "rule kind without a name or check function");
	if (rl__kind_find(e, k->name))
		return rl__diag_set(diag, RL_EINVAL, NULL, 0, 0,
		    "rule kind '%s' is already registered", k->name);
	if (rl__vec_reserve((void **)&e->kinds, &e->cap_kinds, e->n_kinds + 1,
	        sizeof *e->kinds))
		return rl__diag_set(
		    diag, RL_ENOMEM, NULL, 0, 0, "out of memory");
	e->kinds[e->n_kinds++] = k;
	return RL_OK;
}

rl_err
rl__engine_add_format(rl_engine *e, const rl_format *f, rl_diag *diag)
{
	if (!f || !f->name || !f->parse)
		return rl__diag_set(diag, RL_EINVAL, NULL, 0, 0,
		    "document format without a name or parse function");
	if (rl__format_find(e, f->name))
		return rl__diag_set(diag, RL_EINVAL, NULL, 0, 0,
		    "document format '%s' is already registered", f->name);
	if (rl__vec_reserve((void **)&e->formats, &e->cap_formats,
	        e->n_formats + 1, sizeof *e->formats))
		return rl__diag_set(
		    diag, RL_ENOMEM, NULL, 0, 0, "out of memory");
	e->formats[e->n_formats++] = f;
	return RL_OK;
}

rl_err
rl__engine_add_output(rl_engine *e, const rl_output *o, rl_diag *diag)
{
	if (!o || !o->name || !o->begin || !o->document || !o->end)
		return rl__diag_set(diag, RL_EINVAL, NULL, 0, 0,
		    "output format without a name or writer functions");
	if (rl__output_find(e, o->name))
		return rl__diag_set(diag, RL_EINVAL, NULL, 0, 0,
		    "output format '%s' is already registered", o->name);
	if (rl__vec_reserve((void **)&e->outputs, &e->cap_outputs,
	        e->n_outputs + 1, sizeof *e->outputs))
		return rl__diag_set(
		    diag, RL_ENOMEM, NULL, 0, 0, "out of memory");
	e->outputs[e->n_outputs++] = o;
	return RL_OK;
}

const rl_kind *
rl__kind_find(const rl_engine *e, const char *name)
{
	size_t i;

	for (i = 0; i < e->n_kinds; i++)
		if (strcmp(e->kinds[i]->name, name) == 0)
			return e->kinds[i];
	return NULL;
}

const rl_format *
rl__format_find(const rl_engine *e, const char *name)
{
	size_t i;

	for (i = 0; i < e->n_formats; i++)
		if (strcmp(e->formats[i]->name, name) == 0)
			return e->formats[i];
	return NULL;
}

const rl_output *
rl__output_find(const rl_engine *e, const char *name)
{
	size_t i;

	for (i = 0; i < e->n_outputs; i++)
		if (strcmp(e->outputs[i]->name, name) == 0)
			return e->outputs[i];
	return NULL;
}

/* format_by_ext returns the format claiming path's extension (compared
 * without case), or NULL. */
static const rl_format *
format_by_ext(const rl_engine *e, const char *path)
{
	const char *base, *dot;
	size_t      i, j;

	if (!path)
		return NULL;
	base = strrchr(path, '/');
	base = base ? base + 1 : path;
	dot  = strrchr(base, '.');
	if (!dot || dot == base || !dot[1])
		return NULL;
	for (i = 0; i < e->n_formats; i++) {
		const char *const *ext = e->formats[i]->extensions;

		for (j = 0; ext && ext[j]; j++)
			if (strcasecmp(ext[j], dot + 1) == 0)
				return e->formats[i];
	}
	return NULL;
}

const rl_format *
rl__format_for(
    const rl_engine *e, const char *path, const char *src, size_t len)
{
	const rl_format *f = format_by_ext(e, path), *best = NULL;
	int              score, best_score                 = 0;
	size_t           i;

	if (f)
		return f;
	for (i = 0; src && i < e->n_formats; i++) {
		const rl_format *c = e->formats[i];

		if (c->sniff_arg)
			score = c->sniff_arg(src, len, c->arg);
		else if (c->sniff)
			score = c->sniff(src, len);
		else
			continue;
		if (score > best_score) {
			best_score = score;
			best       = e->formats[i];
		}
	}
	if (best)
		return best;
	f = rl__format_find(e, "text");
	return f ? f : (e->n_formats ? e->formats[0] : NULL);
}

bool
rl__format_is_reviewable(const rl_engine *e, const char *path)
{
	return format_by_ext(e, path) != NULL;
}

/* ------------------------------------------------------------------------
 * Pack search path
 * ------------------------------------------------------------------------ */

/* path_insert copies dir into the search path at index at, unless it is
 * already there. */
static rl_err
path_insert(rl_engine *e, size_t at, const char *dir, size_t len, bool *added)
{
	char  *copy;
	size_t i;

	*added = false;
	for (i = 0; i < e->n_packs_path; i++)
		if (strlen(e->packs_path[i]) == len &&
		    memcmp(e->packs_path[i], dir, len) == 0)
			return RL_OK;
	if (rl__vec_reserve((void **)&e->packs_path, &e->cap_packs_path,
	        e->n_packs_path + 1, sizeof *e->packs_path))
		return RL_ENOMEM;
	copy = rl__strndup(dir, len);
	if (!copy)
		return RL_ENOMEM;
	memmove(e->packs_path + at + 1, e->packs_path + at,
	    (e->n_packs_path - at) * sizeof *e->packs_path);
	e->packs_path[at] = copy;
	e->n_packs_path++;
	*added = true;
	return RL_OK;
}

static rl_err
path_append(rl_engine *e, const char *dir, size_t len)
{
	bool added;

	if (len == 0)
		return RL_OK;
	return path_insert(e, e->n_packs_path, dir, len, &added);
}

static rl_err
path_defaults(rl_engine *e)
{
	const char *env = getenv("REDLINE_PACKS_PATH"), *p, *colon;
	rl_err      err;

	for (p = env; p && *p; p = colon ? colon + 1 : p + strlen(p)) {
		colon = strchr(p, ':');
		err =
		    path_append(e, p, colon ? (size_t)(colon - p) : strlen(p));
		if (err)
			return err;
		if (!colon)
			break;
	}
	if ((err = path_append(e, RL_SOURCE_PACKS, strlen(RL_SOURCE_PACKS))))
		return err;
	return path_append(e, RL_INSTALL_PACKS, strlen(RL_INSTALL_PACKS));
}

RL_API rl_err
rl_engine_add_packs_path(rl_engine *e, const char *dir)
{
	size_t len, i;
	bool   added;
	rl_err err;

	if (!e || !dir || !*dir)
		return RL_EINVAL;
	len = strlen(dir);
	while (len > 1 && dir[len - 1] == '/')
		len--;
	/* A folder already on the default path moves up among the user's. */
	for (i = e->n_user_paths; i < e->n_packs_path; i++) {
		if (strlen(e->packs_path[i]) == len &&
		    memcmp(e->packs_path[i], dir, len) == 0) {
			char *s = e->packs_path[i];

			memmove(e->packs_path + e->n_user_paths + 1,
			    e->packs_path + e->n_user_paths,
			    (i - e->n_user_paths) * sizeof *e->packs_path);
			e->packs_path[e->n_user_paths++] = s;
			return RL_OK;
		}
	}
	err = path_insert(e, e->n_user_paths, dir, len, &added);
	if (err == RL_OK && added)
		e->n_user_paths++;
	return err;
}

/* ------------------------------------------------------------------------
 * Life cycle
 * ------------------------------------------------------------------------ */

RL_API rl_err
rl_engine_new(rl_engine **out)
{
	rl_engine *e;
	rl_err     err;

	if (!out)
		return RL_EINVAL;
	e = rl__calloc(1, sizeof *e);
	if (!e)
		return RL_ENOMEM;
	if ((err = rl__engine_add_format(e, &rl__format_markdown, NULL)) ||
	    (err = rl__engine_add_format(e, &rl__format_text, NULL)) ||
	    (err = rl__kinds_register_builtin(e)) ||
	    (err = rl__outputs_register_builtin(e)) || (err = path_defaults(e)))
		goto fail;
	*out = e;
	return RL_OK;
fail:
	rl_engine_free(e);
	return err;
}

RL_API void
rl_engine_free(rl_engine *e)
{
	size_t i;

	if (!e)
		return;
	/* Plugins first: their descriptors sit in the registries. */
	rl__plugins_free(e);
	for (i = 0; i < e->n_packs_path; i++)
		rl__free(e->packs_path[i]);
	rl__free(e->packs_path);
	rl__free(e->kinds);
	rl__free(e->formats);
	rl__free(e->outputs);
	rl__free(e);
}

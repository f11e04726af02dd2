/*
 * pack.c - one pack folder: finding it, its manifest, its rule files and
 * its digest.
 *
 * A folder is a pack if it has a pack.yaml, or (a Vale style) at least one
 * *.yml or *.lua rule file.  Its lib/NAME.lua files are Lua modules its Lua
 * rules share (lua/lua_lib.c).  Other files (meta.json, vocab.txt, README,
 * LICENSE, the tests/ folder) are ignored.  Rules load in file-name order.
 * The digest is SHA-256 over the manifest and the rule files, taken in
 * sorted order of their paths relative to the folder, then the lib/
 * modules in the same way, each as path NUL content.
 */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/engine.h"
#include "lua/lua.h"
#include "rules/kind.h"

#define RL_FILE_MAX_BYTES (4u << 20)

static rl_err
oom(rl_diag *diag, const char *file)
{
	return rl__diag_set(diag, RL_ENOMEM, file, 0, 0, "out of memory");
}

static bool
is_dir(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

static bool
ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n > m && strcmp(s + n - m, suffix) == 0;
}

/* ------------------------------------------------------------------------
 * Finding a pack
 * ------------------------------------------------------------------------ */

/* canonical returns a heap copy of path's real path, or of path. */
static char *
canonical(const char *path)
{
	char *real = realpath(path, NULL), *copy;

	if (!real)
		return rl__strdup(path);
	copy = rl__strdup(real);
	free(real); /* realpath allocates with malloc */
	return copy;
}

rl_err
rl__pack_find_dir(
    const rl_engine *e, const char *spec, char **dir, rl_diag *diag)
{
	char   path[PATH_MAX];
	size_t i;

	*dir = NULL;
	if (!spec || !*spec)
		return rl__diag_set(
		    diag, RL_EINVAL, NULL, 0, 0, "empty pack name");
	if (strchr(spec, '/') || spec[0] == '.') {
		if (!is_dir(spec))
			return rl__diag_set(diag, RL_ENOENT, spec, 0, 0,
			    "no pack folder '%s'", spec);
		*dir = canonical(spec);
		return *dir ? RL_OK : oom(diag, spec);
	}
	for (i = 0; i < e->n_packs_path; i++) {
		if (snprintf(path, sizeof path, "%s/%s", e->packs_path[i],
		        spec) >= (int)sizeof path)
			continue;
		if (is_dir(path)) {
			*dir = canonical(path);
			return *dir ? RL_OK : oom(diag, path);
		}
	}
	if (is_dir(spec)) {
		*dir = canonical(spec);
		return *dir ? RL_OK : oom(diag, spec);
	}
	return rl__diag_set(diag, RL_ENOENT, NULL, 0, 0,
	    "no pack named '%s' on the pack search path", spec);
}

/* ------------------------------------------------------------------------
 * Listing a folder
 * ------------------------------------------------------------------------ */

typedef struct file_list {
	char **v;
	size_t n, cap;
	bool   manifest;
} file_list;

static int
str_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void
list_free(file_list *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		rl__free(l->v[i]);
	rl__free(l->v);
}

/* list_rules collects the rule files of dir, sorted. */
static rl_err
list_rules(const char *dir, file_list *l, rl_diag *diag)
{
	DIR           *d = opendir(dir);
	struct dirent *de;
	char           path[PATH_MAX];
	struct stat    st;

	memset(l, 0, sizeof *l);
	if (!d)
		return rl__diag_set(diag, errno == ENOENT ? RL_ENOENT : RL_EIO,
		    dir, 0, 0, "cannot read the pack folder: %s",
		    strerror(errno));
	while ((de = readdir(d))) {
		const char *n = de->d_name;

		if (n[0] == '.')
			continue;
		if (strcmp(n, "pack.yaml") == 0) {
			l->manifest = true;
			continue;
		}
		if (!ends_with(n, ".yml") && !ends_with(n, ".lua"))
			continue;
		if (snprintf(path, sizeof path, "%s/%s", dir, n) >=
		        (int)sizeof path ||
		    stat(path, &st) != 0 || !S_ISREG(st.st_mode))
			continue;
		if (rl__vec_reserve(
		        (void **)&l->v, &l->cap, l->n + 1, sizeof *l->v) ||
		    !(l->v[l->n] = rl__strdup(n))) {
			closedir(d);
			list_free(l);
			return oom(diag, dir);
		}
		l->n++;
	}
	closedir(d);
	if (l->n)
		qsort(l->v, l->n, sizeof *l->v, str_cmp);
	return RL_OK;
}

/* ------------------------------------------------------------------------
 * Manifest
 * ------------------------------------------------------------------------ */

void
rl__scoring_defaults(rl_scoring *s)
{
	memset(s, 0, sizeof *s);
	s->points[RL_LEVEL_SUGGESTION] = 1;
	s->points[RL_LEVEL_WARNING]    = 3;
	s->points[RL_LEVEL_ERROR]      = 10;
	s->cap                         = 20;
	s->pass                        = 80;
	s->fail                        = 60;
}

static rl_err
opt(rl_err err)
{
	return err == RL_ENOENT ? RL_OK : err;
}

static rl_err
read_int(rl_cfg *m, const char *key, const char *file, long long max, int *out,
    rl_diag *diag)
{
	long long v;
	rl_err    err = rl__cfg_int(m, key, file, 0, max, &v, diag);

	if (err == RL_OK)
		*out = (int)v;
	return opt(err);
}

static rl_err
read_categories(rl_pack *p, rl_cfg *list, const char *file, rl_diag *diag)
{
	rl_cfg *c;
	size_t  i = 0;
	rl_err  err;

	if (list->kind != RL_CFG_SEQ)
		return rl__cfg_error(list, file, diag,
		    "'categories' must be a list of names or "
		    "{name, weight} maps");
	p->scoring.categories =
	    rl__arena_calloc(p->arena, list->n_children ? list->n_children : 1,
	        sizeof *p->scoring.categories);
	if (!p->scoring.categories)
		return oom(diag, file);
	for (c = list->child; c; c = c->next, i++) {
		rl_category_cfg *cc = &p->scoring.categories[i];

		cc->weight = 1;
		if (c->kind == RL_CFG_SCALAR) {
			cc->name = c->value;
			continue;
		}
		if (c->kind != RL_CFG_MAP)
			return rl__cfg_error(c, file, diag,
			    "a category is a name or a {name, weight} map");
		err = rl__cfg_str(c, "name", file, &cc->name, diag);
		if (err == RL_ENOENT)
			return rl__cfg_error(
			    c, file, diag, "a category needs a 'name'");
		if (err ||
		    (err = opt(
		         rl__cfg_double(c, "weight", file, &cc->weight, diag))))
			return err;
		if (cc->weight < 0)
			return rl__cfg_error(rl__cfg_get(c, "weight"), file,
			    diag, "a category's weight cannot be negative");
		if ((err = rl__cfg_check_unused(c, file, diag)))
			return err;
	}
	p->scoring.n_categories = i;
	return RL_OK;
}

static rl_err
read_scoring(rl_pack *p, rl_cfg *s, const char *file, rl_diag *diag)
{
	static const char *const levels[] = { "suggestion", "warning",
		"error" };
	rl_cfg                  *pts, *cats;
	int                      i;
	rl_err                   err;

	if (s->kind != RL_CFG_MAP)
		return rl__cfg_error(s, file, diag, "'scoring' must be a map");
	p->has_scoring = true;
	if ((pts = rl__cfg_get(s, "points"))) {
		if (pts->kind != RL_CFG_MAP)
			return rl__cfg_error(pts, file, diag,
			    "'points' must map levels to points");
		for (i = 0; i < 3; i++)
			if ((err = read_int(pts, levels[i], file, 1000,
			         &p->scoring.points[i], diag)))
				return err;
		if ((err = rl__cfg_check_unused(pts, file, diag)))
			return err;
	}
	if ((err = read_int(s, "cap", file, 1000, &p->scoring.cap, diag)) ||
	    (err = read_int(s, "pass", file, 100, &p->scoring.pass, diag)) ||
	    (err = read_int(s, "fail", file, 100, &p->scoring.fail, diag)) ||
	    (err = opt(rl__cfg_str(s, "default_category", file,
	         &p->scoring.default_category, diag))))
		return err;
	if (p->scoring.fail > p->scoring.pass)
		return rl__cfg_error(s, file, diag,
		    "'fail' (%d) must not be above 'pass' (%d)",
		    p->scoring.fail, p->scoring.pass);
	if ((cats = rl__cfg_get(s, "categories")) &&
	    (err = read_categories(p, cats, file, diag)))
		return err;
	return rl__cfg_check_unused(s, file, diag);
}

static rl_err
read_lua(rl_pack *p, rl_cfg *l, const char *file, rl_diag *diag)
{
	long long v;
	rl_err    err;

	if (l->kind != RL_CFG_MAP)
		return rl__cfg_error(l, file, diag,
		    "'lua' must be a map with 'instructions' and 'memory'");
	err =
	    rl__cfg_int(l, "instructions", file, 1, 1000000000000LL, &v, diag);
	if (err == RL_OK)
		p->lua.instructions = (uint64_t)v;
	else if (err != RL_ENOENT)
		return err;
	err = rl__cfg_int(l, "memory", file, 65536, 1LL << 40, &v, diag);
	if (err == RL_OK)
		p->lua.memory = (size_t)v;
	else if (err != RL_ENOENT)
		return err;
	return rl__cfg_check_unused(l, file, diag);
}

static bool
valid_name(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (*s == '.' || *s == '/' || *s == ' ' ||
		    (unsigned char)*s < 32)
			return false;
	return true;
}

/* read_manifest reads pack.yaml (text) into p. */
static rl_err
read_manifest(
    rl_pack *p, const char *file, const char *text, size_t len, rl_diag *diag)
{
	rl_cfg *root, *n, *c;
	size_t  i;
	rl_err  err;

	err = rl__cfg_parse(text, len, file, p->arena, &root, diag);
	if (err == RL_EPARSE)
		return RL_EPACK;
	if (err)
		return err;
	if (root->kind == RL_CFG_NULL)
		return rl__diag_set(diag, RL_EPACK, file, 1, 1,
		    "pack.yaml is empty; it needs at least a 'name'");
	if (root->kind != RL_CFG_MAP)
		return rl__cfg_error(
		    root, file, diag, "pack.yaml must be a YAML map");
	if ((err = opt(rl__cfg_str(root, "name", file, &p->info.name, diag))) ||
	    (err = opt(
	         rl__cfg_str(root, "version", file, &p->info.version, diag))) ||
	    (err = opt(rl__cfg_str(
	         root, "description", file, &p->info.description, diag))))
		return err;
	if ((n = rl__cfg_get(root, "name")) && !valid_name(p->info.name))
		return rl__cfg_error(n, file, diag,
		    "a pack name cannot be empty or hold '.', '/' or spaces");
	if ((n = rl__cfg_get(root, "extends")) && n->kind != RL_CFG_NULL) {
		if (n->kind == RL_CFG_MAP)
			return rl__cfg_error(n, file, diag,
			    "'extends' must name a pack or list packs");
		p->n_extends_names = n->kind == RL_CFG_SEQ ? n->n_children : 1;
		p->extends_names   = rl__arena_calloc(
		      p->arena, p->n_extends_names, sizeof *p->extends_names);
		p->extends_nodes = rl__arena_calloc(
		    p->arena, p->n_extends_names, sizeof *p->extends_nodes);
		if (!p->extends_names || !p->extends_nodes)
			return oom(diag, file);
		for (i = 0, c = n->kind == RL_CFG_SEQ ? n->child : n; c;
		     c = n->kind == RL_CFG_SEQ ? c->next : NULL, i++) {
			if (c->kind != RL_CFG_SCALAR || !c->len)
				return rl__cfg_error(c, file, diag,
				    "'extends' must list pack names");
			p->extends_names[i] = c->value;
			p->extends_nodes[i] = c;
		}
	}
	if ((n = rl__cfg_get(root, "scoring")) &&
	    (err = read_scoring(p, n, file, diag)))
		return err;
	if ((n = rl__cfg_get(root, "overrides")) && n->kind != RL_CFG_NULL) {
		if (n->kind != RL_CFG_MAP)
			return rl__cfg_error(n, file, diag,
			    "'overrides' must map rule ids to settings");
		p->overrides = n;
	}
	if ((n = rl__cfg_get(root, "lua")) &&
	    (err = read_lua(p, n, file, diag)))
		return err;
	err = rl__cfg_strlist(
	    root, "plugins", file, p->arena, &p->plugins, &p->n_plugins, diag);
	if (err != RL_OK && err != RL_ENOENT)
		return err;
	return rl__cfg_check_unused(root, file, diag);
}

/* ------------------------------------------------------------------------
 * Loading
 * ------------------------------------------------------------------------ */

/* hash_file adds "name NUL content" to the digest. */
static void
hash_file(rl_sha256 *h, const char *name, const char *data, size_t len)
{
	rl__sha256_update(h, name, strlen(name) + 1);
	rl__sha256_update(h, data, len);
}

/* load_rules loads each listed file into p, hashing as it goes. */
static rl_err
load_rules(rl_engine *e, rl_pack *p, const file_list *l, rl_sha256 *h,
    size_t manifest_at, const char *mtext, size_t mlen, rl_diag *diag)
{
	char     path[PATH_MAX];
	char    *text;
	size_t   i, len;
	rl_rule *r;
	rl_err   err;

	for (i = 0; i < l->n; i++) {
		if (i == manifest_at)
			hash_file(h, "pack.yaml", mtext, mlen);
		if (snprintf(path, sizeof path, "%s/%s", p->info.path,
		        l->v[i]) >= (int)sizeof path)
			return rl__diag_set(
			    diag, RL_EPACK, l->v[i], 0, 0, "path too long");
		err = rl__read_file(path, RL_FILE_MAX_BYTES, &text, &len, diag);
		if (err)
			return err == RL_ENOMEM ? err : RL_EPACK;
		hash_file(h, l->v[i], text, len);
		r = NULL;
		if (ends_with(l->v[i], ".lua"))
			err = rl__lua_rule_load(e, p, path, &r, diag);
		else
			err =
			    rl__rule_load_text(e, p, path, text, len, &r, diag);
		rl__free(text);
		if (err)
			return err;
		if (!r->pack)
			r->pack = p->info.name;
		p->rules[p->n_rules++] = r;
	}
	if (manifest_at == l->n)
		hash_file(h, "pack.yaml", mtext, mlen);
	return RL_OK;
}

rl_err
rl__pack_load(rl_engine *e, const char *dir, rl_pack **out, rl_diag *diag)
{
	rl_pack    *p = NULL;
	file_list   l;
	char        mpath[PATH_MAX], *mtext = NULL;
	size_t      mlen = 0, manifest_at, i;
	rl_sha256   h    = { NULL, false };
	uint8_t     digest[32];
	const char *base;
	rl_err      err;

	*out = NULL;
	if ((err = list_rules(dir, &l, diag)))
		return err;
	if (!l.manifest && l.n == 0) {
		list_free(&l);
		return rl__diag_set(diag, RL_ENOENT, dir, 0, 0,
		    "not a pack: no pack.yaml and no rule files");
	}
	p = rl__calloc(1, sizeof *p);
	if (!p || !(p->arena = rl__arena_new(32768))) {
		err = oom(diag, dir);
		goto fail;
	}
	rl__scoring_defaults(&p->scoring);
	p->info.path = rl__arena_strdup(p->arena, dir);
	base         = strrchr(dir, '/');
	p->info.name =
	    rl__arena_strdup(p->arena, base && base[1] ? base + 1 : dir);
	p->info.version     = "";
	p->info.description = "";
	p->rules = rl__arena_calloc(p->arena, l.n ? l.n : 1, sizeof *p->rules);
	if (!p->info.path || !p->info.name || !p->rules) {
		err = oom(diag, dir);
		goto fail;
	}
	p->vale = !l.manifest;
	if (l.manifest) {
		snprintf(mpath, sizeof mpath, "%s/pack.yaml", dir);
		p->manifest = rl__arena_strdup(p->arena, mpath);
		err         = rl__read_file(
		            mpath, RL_FILE_MAX_BYTES, &mtext, &mlen, diag);
		if (err) {
			err = err == RL_ENOMEM ? err : RL_EPACK;
			goto fail;
		}
		if (!p->manifest) {
			err = oom(diag, dir);
			goto fail;
		}
		if ((err = read_manifest(p, p->manifest, mtext, mlen, diag)))
			goto fail;
	}
	if (!valid_name(p->info.name)) {
		err = rl__diag_set(diag, RL_EPACK, dir, 0, 0,
		    "the folder name '%s' cannot name a pack: it holds '.', "
		    "'/' or spaces",
		    p->info.name);
		goto fail;
	}
	/* The plugins the pack names register their kinds before its rules
	 * load (plugin/; already loaded ones are skipped). */
	for (i = 0; i < p->n_plugins; i++)
		if ((err = rl__plugin_load_spec(e, p->plugins[i], dir, diag)))
			goto fail;
	/* pack.yaml sorts among the rule files by name */
	for (manifest_at = 0;
	     manifest_at < l.n && strcmp(l.v[manifest_at], "pack.yaml") < 0;
	     manifest_at++)
		;
	if (!l.manifest)
		manifest_at = SIZE_MAX;
	if (rl__sha256_init(&h) != RL_OK) {
		err = oom(diag, dir);
		goto fail;
	}
	/* The pack's Lua modules load before its rules, which require them
	 * as they load; they count in the digest after the rules. */
	if ((err = rl__lua_libs_load(e, p, diag)))
		goto fail;
	if ((err = load_rules(e, p, &l, &h, manifest_at, mtext, mlen, diag)))
		goto fail;
	for (i = 0; i < p->n_lua_libs; i++) {
		const rl_lua_lib *m = &p->lua_libs[i];

		hash_file(
		    &h, m->path + strlen(p->info.path) + 1, m->src, m->len);
	}
	if (rl__sha256_final(&h, digest) != RL_OK) {
		err = oom(diag, dir);
		goto fail;
	}
	p->info.digest = rl__arena_alloc(p->arena, 65);
	if (!p->info.digest) {
		err = oom(diag, dir);
		goto fail;
	}
	rl__hex(digest, 32, (char *)p->info.digest);
	p->info.n_rules = p->n_rules;
	rl__free(mtext);
	list_free(&l);
	*out = p;
	return RL_OK;
fail:
	rl__sha256_discard(&h);
	for (i = 0; p && i < p->n_rules; i++)
		rl__rule_release(p->rules[i]);
	if (p)
		p->n_rules = 0;
	rl__pack_free(p);
	rl__free(mtext);
	list_free(&l);
	return err;
}

void
rl__pack_free(rl_pack *p)
{
	size_t i;

	if (!p)
		return;
	for (i = 0; i < p->n_rules; i++)
		rl__rule_release(p->rules[i]);
	rl__arena_free(p->arena);
	rl__free(p);
}

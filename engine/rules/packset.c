/*
 * packset.c - loading packs into one immutable, reference-counted set:
 * `extends` resolved depth-first (cycles refused), overrides applied,
 * the effective rules flattened, scoring merged, the prefilter built; and
 * listing the packs on the search path.
 *
 * Order: a pack's extended packs load before it, each pack once, so the
 * flat rule list runs from the most basic pack to the packs named.
 * Overrides apply in the same order, so the pack that extends has the
 * last word on the rules it inherits.
 */
#include <dirent.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "core/engine.h"
#include "rules/kind.h"
#include "rules/prefilter.h"

/* Generations only need to differ between loads. */
static atomic_uint_fast64_t next_generation = 1;

#define MAX_DEPTH 64

typedef struct loader {
	rl_engine  *e;
	rl_pack   **all; /* loaded packs, extended ones first */
	size_t      n_all, cap_all;
	const char *stack[MAX_DEPTH]; /* folders being loaded */
	const char *stack_names[MAX_DEPTH];
	size_t      depth;
	rl_diag    *diag;
} loader;

static rl_err
oom(rl_diag *diag)
{
	return rl__diag_set(diag, RL_ENOMEM, NULL, 0, 0, "out of memory");
}

/* resolve_extends finds the folder of a pack named in p's `extends`: a
 * path relative to p's folder, else a name on the search path. */
static rl_err
resolve_extends(loader *ld, const rl_pack *p, size_t i, char **dir)
{
	const char   *name = p->extends_names[i];
	const rl_cfg *at   = p->extends_nodes[i];
	char          path[PATH_MAX];
	rl_diag       d;
	rl_err        err;

	if (strchr(name, '/') || name[0] == '.') {
		if (name[0] != '/' &&
		    snprintf(path, sizeof path, "%s/%s", p->info.path, name) <
		        (int)sizeof path)
			name = path;
	}
	memset(&d, 0, sizeof d);
	err = rl__pack_find_dir(ld->e, name, dir, &d);
	if (err == RL_ENOMEM)
		return oom(ld->diag);
	if (err)
		return rl__cfg_error(at, p->manifest, ld->diag,
		    "pack '%s' extends '%s': %s", p->info.name,
		    p->extends_names[i], d.message);
	return RL_OK;
}

static rl_pack *
find_loaded(const loader *ld, const char *dir)
{
	size_t i;

	for (i = 0; i < ld->n_all; i++)
		if (strcmp(ld->all[i]->info.path, dir) == 0)
			return ld->all[i];
	return NULL;
}

/* cycle_error names the chain from the pack that closes the loop. */
static rl_err
cycle_error(loader *ld, const rl_pack *p, size_t i, const char *dir)
{
	char   chain[700];
	size_t k, start = 0, used = 0;

	for (k = 0; k < ld->depth; k++)
		if (strcmp(ld->stack[k], dir) == 0)
			start = k;
	chain[0] = '\0';
	for (k = start; k < ld->depth && used < sizeof chain; k++) {
		int w = snprintf(chain + used, sizeof chain - used, "%s -> ",
		    ld->stack_names[k]);

		if (w < 0)
			break;
		used += (size_t)w;
	}
	return rl__cfg_error(p->extends_nodes[i], p->manifest, ld->diag,
	    "packs extend each other in a cycle: %s%s", chain,
	    ld->stack_names[start]);
}

/* load_tree loads the pack in dir and, first, the packs it extends. */
static rl_err
load_tree(loader *ld, const char *dir, rl_pack **out)
{
	rl_pack *p, *q;
	char    *sub;
	size_t   i, k;
	rl_err   err;

	if ((p = find_loaded(ld, dir))) {
		*out = p;
		return RL_OK;
	}
	if (ld->depth == MAX_DEPTH)
		return rl__diag_set(ld->diag, RL_EPACK, dir, 0, 0,
		    "packs extend each other more than %d deep", MAX_DEPTH);
	if ((err = rl__pack_load(ld->e, dir, &p, ld->diag)))
		return err;
	if (p->n_extends_names) {
		p->extends = rl__arena_calloc(
		    p->arena, p->n_extends_names, sizeof *p->extends);
		if (!p->extends) {
			rl__pack_free(p);
			return oom(ld->diag);
		}
	}
	ld->stack[ld->depth]       = p->info.path;
	ld->stack_names[ld->depth] = p->info.name;
	ld->depth++;
	for (i = 0; i < p->n_extends_names; i++) {
		if ((err = resolve_extends(ld, p, i, &sub)))
			goto fail;
		for (k = 0; k < ld->depth; k++)
			if (strcmp(ld->stack[k], sub) == 0)
				break;
		if (k < ld->depth) {
			err = cycle_error(ld, p, i, sub);
			rl__free(sub);
			goto fail;
		}
		err = load_tree(ld, sub, &q);
		rl__free(sub);
		if (err)
			goto fail;
		p->extends[p->n_extends++] = q;
	}
	ld->depth--;
	if (rl__vec_reserve((void **)&ld->all, &ld->cap_all, ld->n_all + 1,
	        sizeof *ld->all)) {
		rl__pack_free(p);
		return oom(ld->diag);
	}
	ld->all[ld->n_all++] = p;
	*out                 = p;
	return RL_OK;
fail:
	ld->depth--;
	rl__pack_free(p);
	return err;
}

/* ------------------------------------------------------------------------
 * Overrides
 * ------------------------------------------------------------------------ */

/* reaches: q is p or a pack p extends, directly or not. */
static bool
reaches(const rl_pack *p, const rl_pack *q)
{
	size_t i;

	if (p == q)
		return true;
	for (i = 0; i < p->n_extends; i++)
		if (reaches(p->extends[i], q))
			return true;
	return false;
}

static rl_rule *
find_rule(const loader *ld, const rl_pack *from, const char *id)
{
	size_t i, j;

	for (i = 0; i < ld->n_all; i++) {
		if (!reaches(from, ld->all[i]))
			continue;
		for (j = 0; j < ld->all[i]->n_rules; j++)
			if (strcmp(ld->all[i]->rules[j]->id, id) == 0)
				return ld->all[i]->rules[j];
	}
	return NULL;
}

static rl_err
override_map(rl_rule *r, rl_cfg *m, const char *file, rl_diag *diag)
{
	const char *s;
	long long   v;
	bool        b;
	rl_err      err;

	err = rl__cfg_str(m, "level", file, &s, diag);
	if (err == RL_OK && rl_level_parse(s, &r->level) != RL_OK)
		return rl__cfg_error(rl__cfg_get(m, "level"), file, diag,
		    "'level' must be suggestion, warning or error");
	if (err != RL_OK && err != RL_ENOENT)
		return err;
	err = rl__cfg_bool(m, "enabled", file, &b, diag);
	if (err == RL_OK)
		r->enabled = b;
	else if (err != RL_ENOENT)
		return err;
	err = rl__cfg_int(m, "points", file, 0, 1000, &v, diag);
	if (err == RL_OK)
		r->points = (int)v;
	else if (err != RL_ENOENT)
		return err;
	err = rl__cfg_int(m, "cap", file, 0, 1000, &v, diag);
	if (err == RL_OK)
		r->cap = (int)v;
	else if (err != RL_ENOENT)
		return err;
	err = rl__cfg_str(m, "category", file, &r->category, diag);
	if (err != RL_OK && err != RL_ENOENT)
		return err;
	return rl__cfg_check_unused(m, file, diag);
}

/* apply_overrides applies p's `overrides` to the rules p can reach. */
static rl_err
apply_overrides(loader *ld, rl_pack *p)
{
	rl_cfg  *o;
	rl_rule *r;
	rl_level lv;
	rl_err   err;

	if (!p->overrides)
		return RL_OK;
	for (o = p->overrides->child; o; o = o->next) {
		o->used = true;
		r       = find_rule(ld, p, o->key);
		if (!r)
			return rl__diag_set(ld->diag, RL_EPACK, p->manifest,
			    o->key_line, o->key_column,
			    "override of unknown rule '%s' (rule ids are "
			    "PACK.RULE)",
			    o->key);
		if (o->kind == RL_CFG_MAP) {
			if ((err = override_map(r, o, p->manifest, ld->diag)))
				return err;
		} else if (o->kind == RL_CFG_SCALAR &&
		    (!strcasecmp(o->value, "off") ||
		        !strcasecmp(o->value, "no") ||
		        !strcasecmp(o->value, "false"))) {
			r->enabled = false;
		} else if (o->kind == RL_CFG_SCALAR &&
		    (!strcasecmp(o->value, "on") ||
		        !strcasecmp(o->value, "yes") ||
		        !strcasecmp(o->value, "true"))) {
			r->enabled = true;
		} else if (o->kind == RL_CFG_SCALAR &&
		    rl_level_parse(o->value, &lv) == RL_OK) {
			r->level   = lv;
			r->enabled = true;
		} else {
			return rl__cfg_error(o, p->manifest, ld->diag,
			    "an override is off, on, a level, or a map of "
			    "level, enabled, points, cap, category");
		}
	}
	return RL_OK;
}

/* ------------------------------------------------------------------------
 * The set
 * ------------------------------------------------------------------------ */

/* scoring_of: the scoring p declares, else the first one among the packs
 * it extends. */
static const rl_pack *
scoring_of(const rl_pack *p)
{
	const rl_pack *q;
	size_t         i;

	if (p->has_scoring)
		return p;
	for (i = 0; i < p->n_extends; i++)
		if ((q = scoring_of(p->extends[i])))
			return q;
	return NULL;
}

static const rl_pack *
lua_of(const rl_pack *p)
{
	const rl_pack *q;
	size_t         i;

	if (p->lua.instructions || p->lua.memory)
		return p;
	for (i = 0; i < p->n_extends; i++)
		if ((q = lua_of(p->extends[i])))
			return q;
	return NULL;
}

/* merge_scoring: the first named pack's thresholds; every pack's
 * declared categories, first declaration first. */
static rl_err
merge_scoring(rl_packset *ps, loader *ld)
{
	const rl_pack *src = NULL;
	size_t         i, j, k, n = 0;

	for (i = 0; i < ps->n_packs && !src; i++)
		src = scoring_of(ps->packs[i]);
	if (src)
		ps->scoring = src->scoring;
	else
		rl__scoring_defaults(&ps->scoring);
	for (i = 0; i < ld->n_all; i++)
		n += ld->all[i]->scoring.n_categories;
	ps->scoring.categories = rl__arena_calloc(
	    ps->arena, n ? n : 1, sizeof *ps->scoring.categories);
	if (!ps->scoring.categories)
		return oom(ld->diag);
	ps->scoring.n_categories = 0;
	for (i = 0; i < ps->n_packs + ld->n_all; i++) {
		/* named packs first, then the rest in load order */
		const rl_pack *p =
		    i < ps->n_packs ? ps->packs[i] : ld->all[i - ps->n_packs];

		for (j = 0; j < p->scoring.n_categories; j++) {
			const rl_category_cfg *c = &p->scoring.categories[j];

			for (k = 0; k < ps->scoring.n_categories; k++)
				if (!strcmp(ps->scoring.categories[k].name,
				        c->name))
					break;
			if (k == ps->scoring.n_categories)
				ps->scoring
				    .categories[ps->scoring.n_categories++] =
				    *c;
		}
	}
	for (i = 0; i < ps->n_packs; i++) {
		const rl_pack *l = lua_of(ps->packs[i]);

		if (l) {
			ps->lua = l->lua;
			break;
		}
	}
	return RL_OK;
}

/* flatten lists the enabled rules (deduplicated) and the pack refs. */
static rl_err
flatten(rl_packset *ps, loader *ld)
{
	size_t i, j, n = 0, k = 0;

	for (i = 0; i < ld->n_all; i++)
		n += ld->all[i]->n_rules;
	ps->rules = rl__arena_calloc(ps->arena, n ? n : 1, sizeof *ps->rules);
	ps->refs_out = rl__arena_calloc(
	    ps->arena, ld->n_all ? ld->n_all : 1, sizeof *ps->refs_out);
	if (!ps->rules || !ps->refs_out)
		return oom(ld->diag);
	for (i = 0; i < ld->n_all; i++)
		for (j = 0; j < ld->all[i]->n_rules; j++)
			if (ld->all[i]->rules[j]->enabled)
				ps->rules[ps->n_rules++] = ld->all[i]->rules[j];
	for (i = 0; i < ps->n_packs + ld->n_all; i++) {
		const rl_pack *p =
		    i < ps->n_packs ? ps->packs[i] : ld->all[i - ps->n_packs];

		for (j = 0; j < k && ps->refs_out[j].digest != p->info.digest;
		     j++)
			;
		if (j < k)
			continue;
		ps->refs_out[k].name    = p->info.name;
		ps->refs_out[k].version = p->info.version;
		ps->refs_out[k].digest  = p->info.digest;
		k++;
	}
	ps->n_refs_out = k;
	return RL_OK;
}

/* same_names refuses two different packs with one name: their rule ids
 * would collide. */
static rl_err
same_names(loader *ld)
{
	size_t i, j;

	for (i = 0; i < ld->n_all; i++)
		for (j = 0; j < i; j++)
			if (!strcmp(
			        ld->all[i]->info.name, ld->all[j]->info.name))
				return rl__diag_set(ld->diag, RL_EPACK,
				    ld->all[i]->info.path, 0, 0,
				    "two packs are named '%s' (%s and %s)",
				    ld->all[i]->info.name,
				    ld->all[j]->info.path,
				    ld->all[i]->info.path);
	return RL_OK;
}

static void
packset_free(rl_packset *ps)
{
	size_t i;

	if (!ps)
		return;
	rl__prefilter_free(ps->prefilter);
	for (i = 0; i < ps->n_all; i++)
		rl__pack_free(ps->all[i]);
	rl__free(ps->all);
	rl__arena_free(ps->arena);
	rl__free(ps);
}

RL_API rl_err
rl_packset_load(rl_engine *e, const char *const *specs, size_t n_specs,
    rl_packset **out, rl_diag *diag)
{
	rl_packset *ps;
	loader      ld;
	rl_pack    *p;
	char       *dir;
	size_t      i, j;
	rl_err      err;

	if (!e || !out || (!specs && n_specs))
		return rl__diag_set(diag, RL_EINVAL, NULL, 0, 0,
		    "rl_packset_load: missing engine, packs or result");
	memset(&ld, 0, sizeof ld);
	ld.e    = e;
	ld.diag = diag;
	ps      = rl__calloc(1, sizeof *ps);
	if (!ps || !(ps->arena = rl__arena_new(4096))) {
		rl__free(ps);
		return oom(diag);
	}
	atomic_init(&ps->refs, 1);
	ps->engine = e;
	ps->packs  = rl__arena_calloc(
	     ps->arena, n_specs ? n_specs : 1, sizeof *ps->packs);
	if (!ps->packs) {
		err = oom(diag);
		goto fail;
	}
	for (i = 0; i < n_specs; i++) {
		if ((err = rl__pack_find_dir(e, specs[i], &dir, diag)))
			goto fail;
		err = load_tree(&ld, dir, &p);
		rl__free(dir);
		if (err)
			goto fail;
		for (j = 0; j < ps->n_packs && ps->packs[j] != p; j++)
			;
		if (j == ps->n_packs)
			ps->packs[ps->n_packs++] = p;
	}
	if ((err = same_names(&ld)))
		goto fail;
	for (i = 0; i < ld.n_all; i++)
		if ((err = apply_overrides(&ld, ld.all[i])))
			goto fail;
	if ((err = merge_scoring(ps, &ld)) || (err = flatten(ps, &ld)))
		goto fail;
	err = rl__prefilter_build(
	    (rl_rule *const *)ps->rules, ps->n_rules, &ps->prefilter);
	if (err) {
		err = oom(diag);
		goto fail;
	}
	ps->all        = ld.all;
	ps->n_all      = ld.n_all;
	ps->generation = atomic_fetch_add(&next_generation, 1);
	*out           = ps;
	return RL_OK;
fail:
	for (i = 0; i < ld.n_all; i++)
		rl__pack_free(ld.all[i]);
	rl__free(ld.all);
	ps->n_all = 0;
	packset_free(ps);
	return err;
}

RL_API rl_packset *
rl_packset_ref(rl_packset *ps)
{
	if (ps)
		atomic_fetch_add(&ps->refs, 1);
	return ps;
}

RL_API void
rl_packset_unref(rl_packset *ps)
{
	if (ps && atomic_fetch_sub(&ps->refs, 1) == 1)
		packset_free(ps);
}

RL_API size_t
rl_packset_count(const rl_packset *ps)
{
	return ps ? ps->n_packs : 0;
}

RL_API const rl_pack_info *
rl_packset_info(const rl_packset *ps, size_t i)
{
	return ps && i < ps->n_packs ? &ps->packs[i]->info : NULL;
}

/* ------------------------------------------------------------------------
 * Listing the search path
 * ------------------------------------------------------------------------ */

typedef struct name_list {
	char **v;
	size_t n, cap;
} name_list;

static void
names_free(name_list *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		rl__free(l->v[i]);
	rl__free(l->v);
	memset(l, 0, sizeof *l);
}

static bool
names_has(const name_list *l, const char *s)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (strcmp(l->v[i], s) == 0)
			return true;
	return false;
}

static rl_err
names_add(name_list *l, const char *s)
{
	if (rl__vec_reserve((void **)&l->v, &l->cap, l->n + 1, sizeof *l->v))
		return RL_ENOMEM;
	if (!(l->v[l->n] = rl__strdup(s)))
		return RL_ENOMEM;
	l->n++;
	return RL_OK;
}

static int
name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* subdirs lists dir's sub-folders, sorted. */
static rl_err
subdirs(const char *dir, name_list *out)
{
	DIR           *d = opendir(dir);
	struct dirent *de;
	char           path[PATH_MAX];
	struct stat    st;

	memset(out, 0, sizeof *out);
	if (!d)
		return RL_OK; /* a missing folder on the path lists nothing */
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		if (snprintf(path, sizeof path, "%s/%s", dir, de->d_name) >=
		        (int)sizeof path ||
		    stat(path, &st) != 0 || !S_ISDIR(st.st_mode))
			continue;
		if (names_add(out, de->d_name)) {
			closedir(d);
			names_free(out);
			return RL_ENOMEM;
		}
	}
	closedir(d);
	if (out->n)
		qsort(out->v, out->n, sizeof *out->v, name_cmp);
	return RL_OK;
}

RL_API rl_err
rl_packs_find(rl_engine *e, rl_packs_find_fn fn, void *arg)
{
	name_list seen = { NULL, 0, 0 }, sub;
	char      path[PATH_MAX];
	rl_pack  *p;
	rl_diag   d;
	size_t    i, j;
	bool      more = true;
	rl_err    err  = RL_OK;

	if (!e || !fn)
		return RL_EINVAL;
	for (i = 0; i < e->n_packs_path && more && !err; i++) {
		if ((err = subdirs(e->packs_path[i], &sub)))
			break;
		for (j = 0; j < sub.n && more && !err; j++) {
			if (names_has(&seen, sub.v[j]))
				continue;
			if (snprintf(path, sizeof path, "%s/%s",
			        e->packs_path[i], sub.v[j]) >= (int)sizeof path)
				continue;
			memset(&d, 0, sizeof d);
			p   = NULL;
			err = rl__pack_load(e, path, &p, &d);
			if (err == RL_ENOENT) { /* not a pack */
				err = RL_OK;
				continue;
			}
			if (err == RL_ENOMEM || names_add(&seen, sub.v[j])) {
				rl__pack_free(p);
				err = RL_ENOMEM;
				break;
			}
			if (err) {
				err  = RL_OK;
				more = fn(arg, NULL, &d);
			} else {
				more = fn(arg, &p->info, NULL);
				rl__pack_free(p);
			}
		}
		names_free(&sub);
	}
	names_free(&seen);
	return err;
}

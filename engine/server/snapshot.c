/*
 * snapshot.c - loading, sharing and querying the daemon's pack snapshot.
 * See snapshot.h for the model.
 */
#include <stdlib.h>
#include <string.h>

#include "server/snapshot.h"

/* Pack lists not named by a profile are cached up to this many per
 * snapshot; past it a Check naming yet another list gets
 * RESOURCE_EXHAUSTED (a profile is the way to go). */
#define SNAP_CACHE_MAX 256

/* ------------------------------------------------------------------------
 * Loading
 * ------------------------------------------------------------------------ */

typedef struct find_ctx {
	rl_snapshot *snap;
	const char **dirs; /* heap, parallel to the packs found */
	size_t       n, cap, cap_dirs;
	rl_diag     *diag;
	bool         failed;
	bool         oom;
} find_ctx;

static bool
on_pack(void *arg, const rl_pack_info *info, const rl_diag *d)
{
	find_ctx     *fc = arg;
	rl_arena     *a  = fc->snap->arena;
	rl_wire_pack *p;

	if (!info) {
		if (fc->diag && d)
			*fc->diag = *d;
		fc->failed = true;
		return false;
	}
	if (rl__vec_reserve((void **)&fc->snap->packs, &fc->cap, fc->n + 1,
	        sizeof *fc->snap->packs) ||
	    rl__vec_reserve((void **)&fc->dirs, &fc->cap_dirs, fc->n + 1,
	        sizeof *fc->dirs)) {
		fc->oom = true;
		return false;
	}
	p          = &fc->snap->packs[fc->n];
	p->name    = rl__arena_strdup(a, info->name ? info->name : "");
	p->version = rl__arena_strdup(a, info->version ? info->version : "");
	p->description =
	    rl__arena_strdup(a, info->description ? info->description : "");
	p->digest       = rl__arena_strdup(a, info->digest ? info->digest : "");
	p->n_rules      = (uint32_t)info->n_rules;
	fc->dirs[fc->n] = rl__arena_strdup(a, info->path ? info->path : "");
	if (!p->name || !p->version || !p->description || !p->digest ||
	    !fc->dirs[fc->n]) {
		fc->oom = true;
		return false;
	}
	fc->n++;
	return true;
}

/* set_init loads specs as one packset into set, with zeroed rule stats
 * from arena a. */
static rl_err
set_init(rl_engine *e, rl_arena *a, const char *key, const char *const *specs,
    size_t n, rl_snap_set *set, rl_diag *diag)
{
	rl_err err;

	memset(set, 0, sizeof *set);
	if (!(set->key = rl__arena_strdup(a, key)))
		return RL_ENOMEM;
	err = rl_packset_load(e, specs, n, &set->ps, diag);
	if (err)
		return err == RL_ENOMEM ? err : RL_EPACK;
	set->rules =
	    rl__arena_calloc(a, set->ps->n_rules + 1, sizeof *set->rules);
	return set->rules ? RL_OK : RL_ENOMEM;
}

/* join makes the cache key of a pack list: names joined by '\n'. */
static char *
join(rl_arena *a, const char *const *names, size_t n)
{
	rl_buf b;
	char  *s;

	rl__buf_init(&b);
	for (size_t i = 0; i < n; i++) {
		if (i)
			rl__buf_putc(&b, '\n');
		rl__buf_puts(&b, names[i]);
	}
	s = b.failed ? NULL : rl__arena_strdup(a, b.len ? b.data : "");
	rl__buf_free(&b);
	return s;
}

static rl_snap_set *
find_single(rl_snapshot *s, const char *name)
{
	for (size_t i = 0; i < s->n_packs; i++)
		if (strcmp(s->packs[i].name, name) == 0)
			return &s->singles[i];
	return NULL;
}

static rl_err
load_profiles(rl_snapshot *s, const rl_server_cfg *cfg, rl_diag *diag)
{
	rl_arena *a = s->arena;
	rl_err    err;

	s->profiles =
	    rl__arena_calloc(a, cfg->n_profiles + 1, sizeof *s->profiles);
	s->psets = rl__arena_calloc(a, cfg->n_profiles + 1, sizeof *s->psets);
	if (!s->profiles || !s->psets)
		return RL_ENOMEM;
	for (size_t i = 0; i < cfg->n_profiles; i++) {
		const rl_server_profile *p = &cfg->profiles[i];
		const char             **names;
		char                    *key;

		names = rl__arena_calloc(a, p->n_packs + 1, sizeof *names);
		if (!names ||
		    !(s->profiles[i].name = rl__arena_strdup(a, p->name)))
			return RL_ENOMEM;
		for (size_t j = 0; j < p->n_packs; j++) {
			if (!find_single(s, p->packs[j]))
				return rl__diag_set(diag, RL_EPACK,
				    cfg->config_file, 0, 0,
				    "profile '%s' names pack '%s', which is "
				    "not on the packs path",
				    p->name, p->packs[j]);
			if (!(names[j] = rl__arena_strdup(a, p->packs[j])))
				return RL_ENOMEM;
		}
		s->profiles[i].packs   = names;
		s->profiles[i].n_packs = p->n_packs;
		if (!(key = join(a, names, p->n_packs)))
			return RL_ENOMEM;
		err = set_init(
		    s->engine, a, key, names, p->n_packs, &s->psets[i], diag);
		if (err)
			return err;
		s->n_profiles = i + 1;
	}
	return RL_OK;
}

static rl_err
pick_fallback(rl_snapshot *s, const rl_server_cfg *cfg, rl_diag *diag)
{
	if (cfg->default_profile) {
		for (size_t i = 0; i < s->n_profiles; i++) {
			if (strcmp(s->profiles[i].name, cfg->default_profile) ==
			    0) {
				s->fallback        = &s->psets[i];
				s->default_profile = s->profiles[i].name;
				return RL_OK;
			}
		}
		return rl__diag_set(diag, RL_EPACK, cfg->config_file, 0, 0,
		    "default_profile '%s' is not a profile",
		    cfg->default_profile);
	}
	s->fallback = find_single(s, RL_SERVER_DEFAULT_PACKS);
	return RL_OK;
}

rl_err
rl__snapshot_load(rl_engine *e, const rl_server_cfg *cfg, uint64_t generation,
    rl_snapshot **out, rl_diag *diag)
{
	rl_snapshot *s;
	find_ctx     fc;
	rl_err       err;

	s = rl__calloc(1, sizeof *s);
	if (!s)
		return RL_ENOMEM;
	atomic_init(&s->refs, 1);
	s->generation = generation;
	s->engine     = e;
	if (pthread_mutex_init(&s->mtx, NULL) != 0) {
		rl__free(s);
		return RL_ENOMEM;
	}
	if (!(s->arena = rl__arena_new(16 * 1024))) {
		err = RL_ENOMEM;
		goto fail;
	}
	memset(&fc, 0, sizeof fc);
	fc.snap = s;
	fc.diag = diag;
	err     = rl_packs_find(e, on_pack, &fc);
	if (!err && fc.oom)
		err = RL_ENOMEM;
	if (!err && fc.failed)
		err = RL_EPACK;
	s->n_packs = fc.n;
	if (!err &&
	    !(s->singles =
	            rl__arena_calloc(s->arena, fc.n + 1, sizeof *s->singles)))
		err = RL_ENOMEM;
	for (size_t i = 0; !err && i < fc.n; i++)
		err = set_init(e, s->arena, s->packs[i].name, &fc.dirs[i], 1,
		    &s->singles[i], diag);
	rl__free(fc.dirs);
	if (err)
		goto fail;
	if ((err = load_profiles(s, cfg, diag)) ||
	    (err = pick_fallback(s, cfg, diag)))
		goto fail;
	*out = s;
	return RL_OK;
fail:
	rl__snapshot_unref(s);
	if (err == RL_ENOMEM)
		return rl__diag_set(
		    diag, err, NULL, 0, 0, "out of memory loading packs");
	return err;
}

rl_snapshot *
rl__snapshot_ref(rl_snapshot *s)
{
	atomic_fetch_add_explicit(&s->refs, 1, memory_order_relaxed);
	return s;
}

static void
set_release(rl_snap_set *set)
{
	if (set && set->ps)
		rl_packset_unref(set->ps);
}

void
rl__snapshot_unref(rl_snapshot *s)
{
	if (!s ||
	    atomic_fetch_sub_explicit(&s->refs, 1, memory_order_acq_rel) != 1)
		return;
	for (size_t i = 0; s->singles && i < s->n_packs; i++)
		set_release(&s->singles[i]);
	for (size_t i = 0; s->psets && i < s->n_profiles; i++)
		set_release(&s->psets[i]);
	for (size_t i = 0; i < s->n_cache; i++)
		set_release(s->cache[i]);
	rl__free(s->cache);
	rl__free(s->packs);
	pthread_mutex_destroy(&s->mtx);
	rl__arena_free(s->arena);
	rl__free(s);
}

/* ------------------------------------------------------------------------
 * Picking a packset for a Check
 * ------------------------------------------------------------------------ */

/* cached returns the cached set for key, loading it on first use (under
 * the snapshot's mutex). */
static rl_err
cached(rl_snapshot *s, const char *key, const char *const *packs,
    size_t n_packs, rl_snap_set **out, rl_diag *diag)
{
	rl_snap_set *set;
	rl_err       err = RL_OK;

	pthread_mutex_lock(&s->mtx);
	for (size_t i = 0; i < s->n_cache; i++) {
		if (strcmp(s->cache[i]->key, key) == 0) {
			*out = s->cache[i];
			goto done;
		}
	}
	if (s->n_cache >= SNAP_CACHE_MAX) {
		err = rl__diag_set(diag, RL_ETOOBIG, NULL, 0, 0,
		    "more than %d distinct pack lists; name a profile "
		    "instead",
		    SNAP_CACHE_MAX);
		goto done;
	}
	if (rl__vec_reserve((void **)&s->cache, &s->cap_cache, s->n_cache + 1,
	        sizeof *s->cache) ||
	    !(set = rl__arena_alloc(s->arena, sizeof *set))) {
		err = RL_ENOMEM;
		goto done;
	}
	err = set_init(s->engine, s->arena, key, packs, n_packs, set, diag);
	if (err)
		goto done;
	s->cache[s->n_cache++] = set;
	*out                   = set;
done:
	pthread_mutex_unlock(&s->mtx);
	return err;
}

rl_err
rl__snapshot_pick(rl_snapshot *s, const char *const *packs, size_t n_packs,
    const char *profile, rl_snap_set **out, rl_diag *diag)
{
	char   key[1024];
	size_t len = 0;

	if (profile && *profile) {
		for (size_t i = 0; i < s->n_profiles; i++) {
			if (strcmp(s->profiles[i].name, profile) == 0) {
				*out = &s->psets[i];
				return RL_OK;
			}
		}
		return rl__diag_set(diag, RL_ENOENT, NULL, 0, 0,
		    "unknown profile '%s'", profile);
	}
	if (n_packs == 0) {
		if (!s->fallback)
			return rl__diag_set(diag, RL_ENOENT, NULL, 0, 0,
			    "no packs named and no default pack '%s' or "
			    "default_profile",
			    RL_SERVER_DEFAULT_PACKS);
		*out = s->fallback;
		return RL_OK;
	}
	for (size_t i = 0; i < n_packs; i++) {
		size_t k = strlen(packs[i]);

		if (!find_single(s, packs[i]))
			return rl__diag_set(diag, RL_ENOENT, NULL, 0, 0,
			    "unknown pack '%s' (not on the daemon's packs "
			    "path)",
			    packs[i]);
		if (len + k + 2 > sizeof key)
			return rl__diag_set(diag, RL_EINVAL, NULL, 0, 0,
			    "the pack list is too long");
		if (i)
			key[len++] = '\n';
		memcpy(key + len, packs[i], k);
		len += k;
	}
	key[len] = '\0';
	if (n_packs == 1) {
		*out = find_single(s, packs[0]);
		return RL_OK;
	}
	for (size_t i = 0; i < s->n_profiles; i++) {
		if (strcmp(s->psets[i].key, key) == 0) {
			*out = &s->psets[i];
			return RL_OK;
		}
	}
	return cached(s, key, packs, n_packs, out, diag);
}

/* ------------------------------------------------------------------------
 * Time per rule
 * ------------------------------------------------------------------------ */

typedef struct times_acc {
	rl_wire_rule_time *v;
	size_t             n, cap;
} times_acc;

static rl_err
add_set(times_acc *t, const rl_snap_set *set)
{
	if (!set || !set->ps)
		return RL_OK;
	for (size_t i = 0; i < set->ps->n_rules; i++) {
		uint64_t calls = atomic_load_explicit(
		    &set->rules[i].calls, memory_order_relaxed);

		if (!calls)
			continue;
		if (rl__vec_reserve(
		        (void **)&t->v, &t->cap, t->n + 1, sizeof *t->v))
			return RL_ENOMEM;
		t->v[t->n].rule     = set->ps->rules[i]->id;
		t->v[t->n].calls    = calls;
		t->v[t->n].total_ns = atomic_load_explicit(
		    &set->rules[i].ns, memory_order_relaxed);
		t->n++;
	}
	return RL_OK;
}

static int
by_rule(const void *a, const void *b)
{
	const rl_wire_rule_time *x = a, *y = b;

	return strcmp(x->rule, y->rule);
}

static int
by_time(const void *a, const void *b)
{
	const rl_wire_rule_time *x = a, *y = b;

	if (x->total_ns != y->total_ns)
		return x->total_ns > y->total_ns ? -1 : 1;
	return strcmp(x->rule, y->rule);
}

rl_err
rl__snapshot_rule_times(
    rl_snapshot *s, rl_arena *a, rl_wire_rule_time **out, size_t *n)
{
	times_acc t   = { NULL, 0, 0 };
	size_t    k   = 0;
	rl_err    err = RL_OK;

	for (size_t i = 0; !err && i < s->n_packs; i++)
		err = add_set(&t, &s->singles[i]);
	for (size_t i = 0; !err && i < s->n_profiles; i++)
		err = add_set(&t, &s->psets[i]);
	pthread_mutex_lock(&s->mtx);
	for (size_t i = 0; !err && i < s->n_cache; i++)
		err = add_set(&t, s->cache[i]);
	pthread_mutex_unlock(&s->mtx);
	if (err)
		goto done;
	if (t.n) {
		qsort(t.v, t.n, sizeof *t.v, by_rule);
		for (size_t i = 0; i < t.n; i++) {
			if (k && strcmp(t.v[k - 1].rule, t.v[i].rule) == 0) {
				t.v[k - 1].calls += t.v[i].calls;
				t.v[k - 1].total_ns += t.v[i].total_ns;
			} else {
				t.v[k++] = t.v[i];
			}
		}
		qsort(t.v, k, sizeof *t.v, by_time);
	}
	*out = rl__arena_alloc(a, (k + 1) * sizeof **out);
	if (!*out) {
		err = RL_ENOMEM;
		goto done;
	}
	if (k)
		memcpy(*out, t.v, k * sizeof **out);
	*n = k;
done:
	rl__free(t.v);
	return err;
}

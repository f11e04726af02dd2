/*
 * snapshot.h - the daemon's packs: one immutable, reference-counted
 * snapshot per load.
 *
 * A snapshot holds every pack found on the search path, each loaded alone
 * as a packset, plus one packset per profile of the config.  A Check picks
 * the packset for its pack list or profile; a pack list that is neither a
 * single pack nor a profile is loaded on first use and cached in the
 * snapshot (the only mutable part, behind its own mutex).  A reload builds
 * a whole new snapshot and the server swaps one pointer; requests that
 * hold the old one finish on it, and the last unref frees it.
 */
#ifndef RL_SERVER_SNAPSHOT_H
#define RL_SERVER_SNAPSHOT_H

#include <pthread.h>
#include <stdatomic.h>

#include "rules/pack.h"
#include "server/server.h"
#include "server/wire.h"

/* Time spent in one rule of one packset, summed over reviews. */
typedef struct rl_rule_stat {
	atomic_uint_fast64_t calls;
	atomic_uint_fast64_t ns;
} rl_rule_stat;

/* A packset ready to review with. */
typedef struct rl_snap_set {
	const char   *key;   /* pack names joined by '\n' */
	rl_packset   *ps;    /* one reference, dropped with the snapshot */
	rl_rule_stat *rules; /* ps->n_rules entries */
} rl_snap_set;

typedef struct rl_snapshot {
	atomic_int       refs;
	uint64_t         generation;
	rl_arena        *arena;   /* everything below but the cache array */
	rl_wire_pack    *packs;   /* every pack found, in search-path order */
	rl_snap_set     *singles; /* packs[i] alone */
	size_t           n_packs;
	rl_wire_profile *profiles; /* from the config */
	rl_snap_set     *psets;    /* profiles[i]'s packset */
	size_t           n_profiles;
	const char      *default_profile; /* as configured, or NULL */
	rl_snap_set     *fallback;        /* no packs, no profile: this set */

	pthread_mutex_t mtx;   /* guards the cache */
	rl_snap_set   **cache; /* other pack lists, loaded on demand */
	size_t          n_cache, cap_cache;
	rl_engine      *engine;
} rl_snapshot;

/*
 * rl__snapshot_load finds and loads every pack on e's search path and the
 * packsets of cfg's profiles.  A pack that does not load, or a profile
 * naming an unknown pack, fails the whole load (RL_EPACK, diag names the
 * file and reason).  *out holds one reference for the caller.
 */
rl_err rl__snapshot_load(rl_engine *e, const rl_server_cfg *cfg,
    uint64_t generation, rl_snapshot **out, rl_diag *diag);

rl_snapshot *rl__snapshot_ref(rl_snapshot *s);
void         rl__snapshot_unref(rl_snapshot *s); /* NULL is a no-op */

/*
 * rl__snapshot_pick returns the packset a Check asks for (borrowed from s,
 * valid while the caller holds s).  RL_ENOENT (diag: which name) for an
 * unknown pack or profile; RL_EPACK if a combination does not load
 * together; RL_ENOMEM.
 */
rl_err rl__snapshot_pick(rl_snapshot *s, const char *const *packs,
    size_t n_packs, const char *profile, rl_snap_set **out, rl_diag *diag);

/* rl__snapshot_rule_times sums the rule stats of every packset in s by
 * rule id, most expensive first, into an array from arena a. */
rl_err rl__snapshot_rule_times(
    rl_snapshot *s, rl_arena *a, rl_wire_rule_time **out, size_t *n);

#endif /* RL_SERVER_SNAPSHOT_H */

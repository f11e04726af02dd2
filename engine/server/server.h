/*
 * server.h - redlined, the review daemon: configuration, lifecycle, reload.
 *
 * Shape of the daemon (see docs/api.md for the wire side):
 *  - one nng REP socket with one listener per URL and C contexts; each
 *    context is a work item (work.c) whose one aio callback steps an
 *    explicit state machine: RECV -> QUEUED -> (worker) -> SEND -> RECV;
 *  - W worker threads (pool.c, named rl:workerN), each with its own
 *    rl_scanner and scratch arena, take work items from one FIFO (idle
 *    workers are woken last-in first-out), decode, serve the method
 *    (methods.c), encode straight into the reply message and send it;
 *    with pin_workers, worker i stays on the i-th allowed CPU;
 *  - the packs live in an immutable, reference-counted snapshot
 *    (snapshot.c); a reload builds a new one and swaps one pointer, and
 *    in-flight reviews finish on the snapshot they took;
 *  - counters and latency histograms in stats.c.
 * The library never prints: log lines go to the caller's rl_log_fn.
 */
#ifndef RL_SERVER_SERVER_H
#define RL_SERVER_SERVER_H

#include "core/cfg.h"
#include "core/core.h"

typedef enum rl_log_level {
	RL_LOG_DEBUG = 0,
	RL_LOG_INFO,
	RL_LOG_WARN,
	RL_LOG_ERROR,
} rl_log_level;

/* rl__log_level_name returns "debug", "info", "warn" or "error". */
const char *rl__log_level_name(rl_log_level level);

/* A log sink: called from any thread, once per event, with one line of
 * text (no newline).  Must be thread-safe. */
typedef void (*rl_log_fn)(void *arg, rl_log_level level, const char *line);

/* ------------------------------------------------------------------------
 * Configuration
 * ------------------------------------------------------------------------ */

typedef struct rl_server_profile {
	const char  *name;
	const char **packs;
	size_t       n_packs;
} rl_server_profile;

#define RL_SERVER_DEFAULT_LISTEN "tcp://127.0.0.1:7447"
#define RL_SERVER_DEFAULT_MAX_DOCUMENT (4u * 1024u * 1024u)
#define RL_SERVER_DEFAULT_MAX_REQUEST (8u * 1024u * 1024u)
#define RL_SERVER_DEFAULT_DEADLINE_MS 30000u
#define RL_SERVER_DEFAULT_PACKS "prfaq"

/*
 * rl_server_cfg: everything the daemon is told.  Strings and arrays live in
 * cfg->arena (rl__server_cfg_init makes it; rl__server_cfg_free frees it).
 * Zero/NULL fields take the defaults above when the server starts.
 */
typedef struct rl_server_cfg {
	const char       **listen; /* URLs; none: RL_SERVER_DEFAULT_LISTEN */
	size_t             n_listen;
	const char       **packs_path; /* searched before the defaults */
	size_t             n_packs_path;
	const char        *http;     /* "ADDR:PORT" of the JSON gateway */
	unsigned           workers;  /* 0: one per core */
	unsigned           contexts; /* requests taken at once; 0: 16/worker */
	bool               pin_workers; /* worker i on the i-th allowed CPU */
	size_t             max_document_bytes;
	size_t             max_request_bytes;
	uint32_t           deadline_ms;
	uint64_t           lua_instructions; /* bounds on what packs ask */
	size_t             lua_memory;       /* for Lua; 0: the engine's */
	const char        *tls_cert; /* PEM files for tls+tcp:// listeners */
	const char        *tls_key;
	rl_log_level       log_level;   /* lines below it are not emitted */
	const char        *config_file; /* re-read for profiles on reload */
	rl_server_profile *profiles;
	size_t             n_profiles;
	const char        *default_profile; /* NULL: RL_SERVER_DEFAULT_PACKS */
	const char       **plugins; /* loaded at start; refused: logged */
	size_t             n_plugins;
	const char       **plugins_path; /* searched first for plugins */
	size_t             n_plugins_path;
	rl_arena          *arena;
} rl_server_cfg;

/* rl__server_cfg_init zeroes cfg and gives it an arena.  RL_ENOMEM. */
rl_err rl__server_cfg_init(rl_server_cfg *cfg);
void   rl__server_cfg_free(rl_server_cfg *cfg);

/* rl__server_cfg_add appends s (copied) to one of cfg's string lists
 * (&cfg->listen / &cfg->n_listen, or the packs_path or plugins_path
 * pairs). */
rl_err rl__server_cfg_add(
    rl_server_cfg *cfg, const char ***list, size_t *n, const char *s);

/*
 * rl__server_cfg_load reads the YAML config file at path into cfg, keeping
 * what cfg already holds for settings the file leaves out and appending to
 * the lists.  Keys: listen, packs_path, plugins_path, http, workers,
 * contexts, pin_workers,
 * log_level, limits {max_document_bytes, max_request_bytes, deadline_ms,
 * lua_instructions, lua_memory},
 * tls {cert, key}, default_profile, profiles {NAME: [PACK, ...]}.  Unknown
 * keys and wrong types: RL_EPACK with diag at file:line:column.
 */
rl_err rl__server_cfg_load(rl_server_cfg *cfg, const char *path, rl_diag *diag);

/* rl__server_cfg_profiles reads only the profiles and default_profile of
 * the config file at path into cfg (used on reload). */
rl_err rl__server_cfg_profiles(
    rl_server_cfg *cfg, const char *path, rl_diag *diag);

/* ------------------------------------------------------------------------
 * The server
 * ------------------------------------------------------------------------ */

typedef struct rl_server rl_server;

/*
 * rl__server_start builds the engine, loads the packs, opens the socket,
 * starts the listeners, the workers and (if asked) the HTTP gateway.  cfg
 * is copied.  log/log_arg receive log lines until rl__server_free.  On
 * failure nothing is left running and diag says why (RL_EPACK for packs,
 * RL_ECONNECT for a URL that cannot be listened on, RL_EINVAL for a bad
 * setting).  *out owned by the caller.
 */
rl_err rl__server_start(const rl_server_cfg *cfg, rl_log_fn log, void *log_arg,
    rl_server **out, rl_diag *diag);

/*
 * rl__server_reload loads the packs and the config file's profiles again
 * and swaps them in atomically; in-flight requests finish on the old set.
 * If anything does not load the old set stays and diag says why
 * (RL_EPACK).  Thread-safe; reloads are serialised.
 */
rl_err rl__server_reload(rl_server *s, rl_diag *diag);

/*
 * rl__server_stop stops gracefully: listeners close, no new request is
 * taken, every request already taken is answered, then the socket closes.
 * Blocks until done.  Idempotent.
 */
void rl__server_stop(rl_server *s);

/* rl__server_free stops s if needed and frees it.  NULL is a no-op. */
void rl__server_free(rl_server *s);

/* rl__server_counts reports requests taken and answered so far. */
void rl__server_counts(
    const rl_server *s, uint64_t *accepted, uint64_t *answered);

#endif /* RL_SERVER_SERVER_H */

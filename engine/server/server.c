/*
 * server.c - the daemon's lifecycle: start, reload, graceful stop, free.
 *
 * Start order: engine and packs, then the socket and its listeners, then
 * the workers and the work items, then the HTTP gateway.  Requests that
 * arrive before the items are armed wait in nng.  Stop order: the items
 * stop taking requests and drain (every request taken is answered), the
 * gateway stops, the listeners and the socket close after a short linger
 * that lets the last replies leave, and the workers exit.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <nng/nng.h>
#include <nng/protocol/reqrep0/rep.h>
#include <nng/supplemental/tls/tls.h>
#include <nng/supplemental/util/platform.h>

#include "core/engine.h"
#include "server/daemon.h"

/* Time the socket stays open after the last reply was handed to nng, so
 * the transport can write it out before the connection closes. */
#define RL_SERVER_LINGER_MS 100

/* ------------------------------------------------------------------------
 * Logging and the snapshot pointer
 * ------------------------------------------------------------------------ */

void
rl__srv_log(struct rl_server *s, rl_log_level level, const char *fmt, ...)
{
	char    line[2048];
	va_list ap;

	if (!s->log || level < s->cfg.log_level)
		return;
	va_start(ap, fmt);
	vsnprintf(line, sizeof line, fmt, ap);
	va_end(ap);
	s->log(s->log_arg, level, line);
}

rl_snapshot *
rl__srv_snapshot(struct rl_server *s)
{
	rl_snapshot *snap;

	pthread_mutex_lock(&s->snap_mtx);
	snap = rl__snapshot_ref(s->snap);
	pthread_mutex_unlock(&s->snap_mtx);
	return snap;
}

void
rl__server_counts(const rl_server *s, uint64_t *accepted, uint64_t *answered)
{
	*accepted = atomic_load(&s->accepted);
	*answered = atomic_load(&s->answered);
}

/* ------------------------------------------------------------------------
 * Configuration copy with defaults
 * ------------------------------------------------------------------------ */

static rl_err
copy_list(rl_server_cfg *dst, const char ***list, size_t *n,
    const char *const *src, size_t n_src)
{
	for (size_t i = 0; i < n_src; i++)
		if (rl__server_cfg_add(dst, list, n, src[i]))
			return RL_ENOMEM;
	return RL_OK;
}

static const char *
copy_str(rl_arena *a, const char *s)
{
	return s ? rl__arena_strdup(a, s) : NULL;
}

static rl_err
cfg_copy(rl_server_cfg *d, const rl_server_cfg *c)
{
	rl_arena *a;
	long      cores = sysconf(_SC_NPROCESSORS_ONLN);

	if (rl__server_cfg_init(d))
		return RL_ENOMEM;
	a = d->arena;
	if (copy_list(d, &d->listen, &d->n_listen, c->listen, c->n_listen) ||
	    copy_list(d, &d->packs_path, &d->n_packs_path, c->packs_path,
	        c->n_packs_path) ||
	    copy_list(
	        d, &d->plugins, &d->n_plugins, c->plugins, c->n_plugins) ||
	    copy_list(d, &d->plugins_path, &d->n_plugins_path, c->plugins_path,
	        c->n_plugins_path))
		return RL_ENOMEM;
	if (!d->n_listen &&
	    rl__server_cfg_add(
	        d, &d->listen, &d->n_listen, RL_SERVER_DEFAULT_LISTEN))
		return RL_ENOMEM;
	d->http            = copy_str(a, c->http);
	d->tls_cert        = copy_str(a, c->tls_cert);
	d->tls_key         = copy_str(a, c->tls_key);
	d->config_file     = copy_str(a, c->config_file);
	d->default_profile = copy_str(a, c->default_profile);
	d->log_level       = c->log_level;
	d->pin_workers     = c->pin_workers;
	d->workers =
	    c->workers ? c->workers : (unsigned)(cores > 0 ? cores : 1);
	d->contexts           = c->contexts
	              ? c->contexts
	              : (d->workers * 16 > 64 ? d->workers * 16 : 64);
	d->max_document_bytes = c->max_document_bytes
	    ? c->max_document_bytes
	    : RL_SERVER_DEFAULT_MAX_DOCUMENT;
	d->max_request_bytes  = c->max_request_bytes
	     ? c->max_request_bytes
	     : RL_SERVER_DEFAULT_MAX_REQUEST;
	/* A document at the limit must fit in a request, with room for the
	 * other fields, so that it gets RESOURCE_EXHAUSTED and not a
	 * dropped connection. */
	if (d->max_request_bytes < d->max_document_bytes + 64 * 1024)
		d->max_request_bytes = d->max_document_bytes + 64 * 1024;
	d->deadline_ms =
	    c->deadline_ms ? c->deadline_ms : RL_SERVER_DEFAULT_DEADLINE_MS;
	d->lua_instructions = c->lua_instructions;
	d->lua_memory       = c->lua_memory;
	d->profiles =
	    rl__arena_calloc(a, c->n_profiles + 1, sizeof *d->profiles);
	if (!d->profiles)
		return RL_ENOMEM;
	for (size_t i = 0; i < c->n_profiles; i++) {
		rl_server_profile *p = &d->profiles[i];

		if (!(p->name = copy_str(a, c->profiles[i].name)) ||
		    copy_list(d, &p->packs, &p->n_packs, c->profiles[i].packs,
		        c->profiles[i].n_packs))
			return RL_ENOMEM;
	}
	d->n_profiles = c->n_profiles;
	return RL_OK;
}

/* ------------------------------------------------------------------------
 * nng: TLS, socket, listeners
 * ------------------------------------------------------------------------ */

static rl_err
tls_setup(struct rl_server *s, rl_diag *diag)
{
	nng_tls_config *tls  = NULL;
	char           *cert = NULL, *key = NULL;
	size_t          len;
	rl_err          err;
	int             rv;

	if (!s->cfg.tls_cert || !s->cfg.tls_key)
		return rl__diag_set(diag, RL_EINVAL, NULL, 0, 0,
		    "a tls+tcp:// listener needs --tls-cert and --tls-key");
	if ((err = rl__read_file(
	         s->cfg.tls_cert, 1u << 20, &cert, &len, diag)) ||
	    (err = rl__read_file(s->cfg.tls_key, 1u << 20, &key, &len, diag)))
		goto done;
	if ((rv = nng_tls_config_alloc(&tls, NNG_TLS_MODE_SERVER)) != 0 ||
	    (rv = nng_tls_config_own_cert(tls, cert, key, NULL)) != 0) {
		err = rl__diag_set(diag, RL_EINVAL, s->cfg.tls_cert, 0, 0,
		    "cannot use this certificate and key (%s): %s",
		    s->cfg.tls_key, nng_strerror(rv));
		if (tls)
			nng_tls_config_free(tls);
		goto done;
	}
	s->tls = tls;
done:
	rl__free(cert);
	rl__free(key);
	return err;
}

static rl_err
listen_all(struct rl_server *s, rl_diag *diag)
{
	int rv;

	s->listeners = rl__calloc(s->cfg.n_listen, sizeof *s->listeners);
	if (!s->listeners)
		return RL_ENOMEM;
	for (size_t i = 0; i < s->cfg.n_listen; i++) {
		const char   *url = s->cfg.listen[i];
		nng_listener *l   = &s->listeners[i];
		rl_err        err;

		if (strncmp(url, "tls+", 4) == 0 && !s->tls &&
		    (err = tls_setup(s, diag)) != RL_OK)
			return err;
		if ((rv = nng_listener_create(l, s->sock, url)) != 0)
			return rl__diag_set(diag, RL_ECONNECT, NULL, 0, 0,
			    "cannot listen on %s: %s", url, nng_strerror(rv));
		s->n_listeners = i + 1;
		if (strncmp(url, "tls+", 4) == 0 &&
		    (rv = nng_listener_set_ptr(
		         *l, NNG_OPT_TLS_CONFIG, s->tls)) != 0)
			return rl__diag_set(diag, RL_ECONNECT, NULL, 0, 0,
			    "cannot set TLS on %s: %s", url, nng_strerror(rv));
		if ((rv = nng_listener_start(*l, 0)) != 0)
			return rl__diag_set(diag, RL_ECONNECT, NULL, 0, 0,
			    "cannot listen on %s: %s", url, nng_strerror(rv));
		rl__srv_log(s, RL_LOG_INFO, "listening on %s", url);
	}
	return RL_OK;
}

static void
close_listeners(struct rl_server *s)
{
	for (size_t i = 0; i < s->n_listeners; i++)
		nng_listener_close(s->listeners[i]);
	rl__free(s->listeners);
	s->listeners   = NULL;
	s->n_listeners = 0;
}

/* ------------------------------------------------------------------------
 * Start
 * ------------------------------------------------------------------------ */

static rl_err
server_alloc(const rl_server_cfg *cfg, rl_log_fn log, void *log_arg,
    struct rl_server **out)
{
	struct rl_server *s = rl__calloc(1, sizeof *s);

	if (!s)
		return RL_ENOMEM;
	pthread_mutex_init(&s->snap_mtx, NULL);
	pthread_mutex_init(&s->reload_mtx, NULL);
	pthread_mutex_init(&s->work_mtx, NULL);
	pthread_cond_init(&s->work_cond, NULL);
	pthread_mutex_init(&s->q_mtx, NULL);
	atomic_init(&s->stopping, false);
	atomic_init(&s->accepted, 0);
	atomic_init(&s->answered, 0);
	rl__stats_init(&s->stats);
	s->t_start = rl__now_ns();
	s->log     = log;
	s->log_arg = log_arg;
	*out       = s;
	return cfg_copy(&s->cfg, cfg);
}

static rl_err
engine_setup(struct rl_server *s, rl_diag *diag)
{
	rl_err err;

	if ((err = rl_engine_new(&s->engine)) != RL_OK)
		return rl__diag_set(diag, err, NULL, 0, 0,
		    "cannot create the engine: %s", rl_strerror(err));
	if ((s->cfg.lua_instructions || s->cfg.lua_memory) &&
	    (err = rl_engine_set_lua_limits(s->engine, s->cfg.lua_instructions,
	         s->cfg.lua_memory)) != RL_OK)
		return rl__diag_set(diag, err, s->cfg.config_file, 0, 0,
		    "the Lua limits are out of range: %s", rl_strerror(err));
	for (size_t i = 0; i < s->cfg.n_packs_path; i++)
		if ((err = rl_engine_add_packs_path(
		         s->engine, s->cfg.packs_path[i])) != RL_OK)
			return rl__diag_set(diag, err, s->cfg.packs_path[i], 0,
			    0, "cannot add to the packs path: %s",
			    rl_strerror(err));
	for (size_t i = 0; i < s->cfg.n_plugins_path; i++)
		if ((err = rl_engine_add_plugins_path(
		         s->engine, s->cfg.plugins_path[i])) != RL_OK)
			return rl__diag_set(diag, err, s->cfg.plugins_path[i],
			    0, 0, "cannot add to the plugins path: %s",
			    rl_strerror(err));
	/* A plugin that is refused is left out; the daemon runs without
	 * it (packs that need it then fail to load, and say so). */
	for (size_t i = 0; i < s->cfg.n_plugins; i++) {
		rl_diag pd;
		char    why[2048];

		memset(&pd, 0, sizeof pd);
		if ((err = rl_engine_load_plugin(
		         s->engine, s->cfg.plugins[i], &pd)) != RL_OK)
			rl__srv_log(s, RL_LOG_WARN,
			    "plugin %s refused, running without it: %s",
			    s->cfg.plugins[i],
			    rl_diag_format(&pd, why, sizeof why));
		else
			rl__srv_log(s, RL_LOG_INFO, "plugin %s loaded",
			    s->cfg.plugins[i]);
	}
	s->generation = 1;
	if ((err = rl__snapshot_load(
	         s->engine, &s->cfg, s->generation, &s->snap, diag)) != RL_OK)
		return err;
	/* Plugins the first packs name are loaded now; a reload runs while
	 * workers review, so it may use them but not add others. */
	rl__plugins_seal(s->engine);
	return RL_OK;
}

static rl_err
socket_setup(struct rl_server *s, rl_diag *diag)
{
	int rv;

	if ((rv = nng_rep0_open(&s->sock)) != 0)
		return rl__diag_set(diag, RL_EINTERNAL, NULL, 0, 0,
		    "cannot open the REP socket: %s", nng_strerror(rv));
	s->sock_open = true;
	if ((rv = nng_socket_set_size(
	         s->sock, NNG_OPT_RECVMAXSZ, s->cfg.max_request_bytes)) != 0)
		return rl__diag_set(diag, RL_EINTERNAL, NULL, 0, 0,
		    "cannot set the request size limit: %s", nng_strerror(rv));
	return RL_OK;
}

rl_err
rl__server_start(const rl_server_cfg *cfg, rl_log_fn log, void *log_arg,
    rl_server **out, rl_diag *diag)
{
	struct rl_server *s = NULL;
	rl_err            err;

	if ((err = server_alloc(cfg, log, log_arg, &s)) != RL_OK) {
		rl__server_free(s);
		return rl__diag_set(diag, err, NULL, 0, 0, "out of memory");
	}
	if ((err = engine_setup(s, diag)) || (err = socket_setup(s, diag)) ||
	    (err = listen_all(s, diag)) ||
	    (err = rl__pool_start(s, s->cfg.workers, diag)) ||
	    /* The gateway listens before the first nng request is taken, so
	     * a daemon that answers Health serves HTTP too. */
	    (s->cfg.http && (err = rl__http_start(s, s->cfg.http, diag))) ||
	    (err = rl__work_start(s, s->cfg.contexts, diag)))
		goto fail;
	rl__srv_log(s, RL_LOG_INFO,
	    "redlined %s started: %u workers, %u contexts, %zu packs, "
	    "%zu profiles, max document %zu bytes, deadline %u ms",
	    RL_VERSION_STRING, s->n_workers, s->n_work, s->snap->n_packs,
	    s->snap->n_profiles, s->cfg.max_document_bytes, s->cfg.deadline_ms);
	*out = s;
	return RL_OK;
fail:
	/* Nothing was promised to anyone yet: close hard. */
	close_listeners(s);
	rl__http_stop(s);
	if (s->sock_open)
		nng_close(s->sock);
	s->sock_open = false;
	rl__pool_stop(s);
	s->stopped = true;
	rl__server_free(s);
	return err;
}

/* ------------------------------------------------------------------------
 * Reload
 * ------------------------------------------------------------------------ */

rl_err
rl__server_reload(rl_server *s, rl_diag *diag)
{
	rl_server_cfg view, fresh;
	rl_snapshot  *snap = NULL, *old;
	char          why[1600];
	rl_err        err;

	pthread_mutex_lock(&s->reload_mtx);
	view = s->cfg;
	if ((err = rl__server_cfg_init(&fresh)) != RL_OK)
		goto done;
	if (s->cfg.config_file) {
		err = rl__server_cfg_profiles(&fresh, s->cfg.config_file, diag);
		if (err) {
			err = err == RL_ENOMEM ? err : RL_EPACK;
			goto done;
		}
		view.profiles        = fresh.profiles;
		view.n_profiles      = fresh.n_profiles;
		view.default_profile = fresh.default_profile;
	}
	err =
	    rl__snapshot_load(s->engine, &view, s->generation + 1, &snap, diag);
	if (err)
		goto done;
	pthread_mutex_lock(&s->snap_mtx);
	old     = s->snap;
	s->snap = snap;
	s->generation++;
	pthread_mutex_unlock(&s->snap_mtx);
	rl__snapshot_unref(old); /* freed when the last review using it ends */
	atomic_fetch_add(&s->stats.reloads, 1);
	rl__srv_log(s, RL_LOG_INFO,
	    "reloaded: generation %llu, %zu packs, "
	    "%zu profiles",
	    (unsigned long long)snap->generation, snap->n_packs,
	    snap->n_profiles);
done:
	if (err) {
		if (err != RL_EPACK && err != RL_ENOMEM)
			err = RL_EPACK;
		rl_diag_format(diag, why, sizeof why);
		rl__srv_log(s, RL_LOG_WARN,
		    "reload failed, keeping generation %llu: %s",
		    (unsigned long long)s->generation, why);
	}
	rl__server_cfg_free(&fresh);
	pthread_mutex_unlock(&s->reload_mtx);
	return err;
}

/* ------------------------------------------------------------------------
 * Stop and free
 * ------------------------------------------------------------------------ */

void
rl__server_stop(rl_server *s)
{
	if (!s || s->stopped)
		return;
	s->stopped = true;
	rl__srv_log(s, RL_LOG_INFO, "stopping: no new requests");
	/* The listeners stay open until the replies are out: closing a
	 * listener closes the connections it accepted, and with them the
	 * replies still being written. */
	rl__work_drain(s);
	rl__http_stop(s);
	nng_msleep(RL_SERVER_LINGER_MS);
	close_listeners(s);
	if (s->sock_open)
		nng_close(s->sock);
	s->sock_open = false;
	rl__pool_stop(s);
	rl__srv_log(s, RL_LOG_INFO,
	    "stopped: %llu requests taken, %llu "
	    "answered",
	    (unsigned long long)atomic_load(&s->accepted),
	    (unsigned long long)atomic_load(&s->answered));
}

void
rl__server_free(rl_server *s)
{
	if (!s)
		return;
	rl__server_stop(s);
	rl__work_free(s);
	rl__snapshot_unref(s->snap);
	if (s->tls)
		nng_tls_config_free(s->tls);
	rl_engine_free(s->engine);
	rl__server_cfg_free(&s->cfg);
	pthread_mutex_destroy(&s->snap_mtx);
	pthread_mutex_destroy(&s->reload_mtx);
	pthread_mutex_destroy(&s->work_mtx);
	pthread_cond_destroy(&s->work_cond);
	pthread_mutex_destroy(&s->q_mtx);
	rl__free(s);
}

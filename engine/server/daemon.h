/*
 * daemon.h - the parts of the daemon private to engine/server/: the
 * server object, work items, the job queue and the workers.
 *
 * Jobs: anything a worker runs.  An nng work item (work.c) and an HTTP
 * gateway request (http.c) each embed an rl_job; the nng or HTTP callback
 * only queues the job (never blocking on a review), a worker takes it,
 * serves it and starts the reply's asynchronous send.
 */
#ifndef RL_SERVER_DAEMON_H
#define RL_SERVER_DAEMON_H

#include <pthread.h>
#include <stdatomic.h>

#include <nng/nng.h>

#include "server/server.h"
#include "server/snapshot.h"
#include "server/stats.h"
#include "server/wire.h"

typedef struct rl_worker rl_worker;
typedef struct rl_job    rl_job;

struct rl_job {
	rl_job *next;
	/* run serves the job on worker w; called once per queueing. */
	void (*run)(rl_job *job, rl_worker *w);
};

struct rl_worker {
	struct rl_server *srv;
	pthread_t         thread;
	unsigned          index;
	rl_scanner       *scanner; /* this thread's review state */
	rl_arena         *scratch; /* decode/encode; reset per job */
	uint64_t         *rule_ns; /* per-rule time of the current review */
	size_t            cap_rule_ns;
	/* Waiting for a job (pool.c; under q_mtx): on the idle stack. */
	pthread_cond_t    wake;
	struct rl_worker *next_idle;
	bool              idle;
};

/* The state of one nng work item.  Transitions (one callback, work.c):
 *   RECV --message--> QUEUED --worker--> SEND --sent--> RECV
 *   RECV --closed/cancelled while stopping--> DONE
 *   SEND --sent while stopping--> DONE                                 */
typedef enum rl_work_state {
	RL_WORK_RECV = 0,
	RL_WORK_QUEUED,
	RL_WORK_SEND,
	RL_WORK_DONE,
} rl_work_state;

typedef struct rl_work {
	rl_job            job; /* first */
	rl_work_state     state;
	struct rl_server *srv;
	nng_aio          *aio;
	nng_ctx           ctx;
	nng_msg          *msg;    /* the request while QUEUED */
	uint64_t          t_recv; /* rl__now_ns() at receipt */
} rl_work;

struct rl_server {
	rl_server_cfg cfg; /* a deep copy; defaults filled in */
	rl_log_fn     log;
	void         *log_arg;
	rl_engine    *engine;
	uint64_t      t_start;

	/* The current snapshot; swapped under snap_mtx. */
	pthread_mutex_t snap_mtx;
	rl_snapshot    *snap;
	uint64_t        generation;
	pthread_mutex_t reload_mtx; /* serialises reloads */

	/* nng */
	nng_socket    sock;
	bool          sock_open;
	nng_listener *listeners;
	size_t        n_listeners;
	void         *tls; /* nng_tls_config *, for tls+tcp:// */
	rl_work      *work;
	unsigned      n_work;

	/* Work item bookkeeping for a graceful stop. */
	pthread_mutex_t      work_mtx;
	pthread_cond_t       work_cond;
	unsigned             n_done;
	atomic_bool          stopping;
	bool                 stopped;
	atomic_uint_fast64_t accepted, answered;

	/* The job queue and the workers. */
	pthread_mutex_t q_mtx;
	rl_job         *q_head, *q_tail;
	bool            q_closed;
	rl_worker      *idle_top; /* the worker that went idle last */
	rl_worker      *workers;
	unsigned        n_workers;

	rl_stats stats;
	void    *http; /* http.c's state, or NULL */
};

/* rl__srv_log emits one log line if level passes the configured one. */
void rl__srv_log(struct rl_server *s, rl_log_level level, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* rl__srv_snapshot returns the current snapshot with a reference the
 * caller drops with rl__snapshot_unref. */
rl_snapshot *rl__srv_snapshot(struct rl_server *s);

/* Queue (pool.c) */
void rl__queue_push(struct rl_server *s, rl_job *job);
/* rl__pool_start starts n workers, each with a scanner.  On failure the
 * ones started are stopped again. */
rl_err rl__pool_start(struct rl_server *s, unsigned n, rl_diag *diag);
/* rl__pool_stop lets the workers finish every queued job, then joins. */
void rl__pool_stop(struct rl_server *s);

/* Work items (work.c) */
rl_err rl__work_start(struct rl_server *s, unsigned n, rl_diag *diag);
/* rl__work_drain stops taking requests and waits until every item has
 * answered what it took. */
void rl__work_drain(struct rl_server *s);
void rl__work_free(struct rl_server *s); /* after the socket is closed */

/* Methods (methods.c) */

/*
 * rl__serve decodes one request, serves it on worker w and encodes the
 * reply through sink.  t_recv is when it arrived.  Returns the reply's
 * status (counted and logged here).  RL_ENOMEM from the sink is reported
 * through *err.
 */
rl_wire_status rl__serve(struct rl_server *s, rl_worker *w, const void *req,
    size_t len, uint64_t t_recv, rl_wire_sink sink, void *arg, rl_err *err);

/*
 * rl__serve_check reviews one document for a Check (wire or HTTP).  On
 * RL_WIRE_OK *out is a result owned by the caller; otherwise diag holds
 * the reason.
 */
rl_wire_status rl__serve_check(struct rl_server *s, rl_worker *w,
    const rl_wire_check *c, uint64_t t_recv, uint32_t deadline_ms,
    rl_result **out, rl_diag *diag);

/* HTTP gateway (http.c) */
rl_err rl__http_start(struct rl_server *s, const char *addr, rl_diag *diag);
void   rl__http_stop(struct rl_server *s);

#endif /* RL_SERVER_DAEMON_H */

/*
 * work.c - nng work items: one REP context, one aio and one callback each,
 * stepping an explicit state machine (see rl_work_state in daemon.h).
 *
 * The callback never blocks: on a received request it queues the item for
 * a worker; the worker serves it, packs the reply straight into an nng
 * message and starts the send; the send's completion re-arms the receive.
 * Stopping is a flag checked under work_mtx at the one place an item would
 * take a new request, so a graceful stop answers exactly what was taken.
 */
#include <string.h>

#include <nng/nng.h>

#include "server/daemon.h"

static void work_cb(void *arg);

/* item_done marks w finished for good and wakes rl__work_drain.  Caller
 * holds work_mtx. */
static void
item_done(rl_work *w)
{
	w->state = RL_WORK_DONE;
	w->srv->n_done++;
	pthread_cond_broadcast(&w->srv->work_cond);
}

/* arm_recv takes the next request, unless the server is stopping. */
static void
arm_recv(rl_work *w)
{
	struct rl_server *s = w->srv;

	pthread_mutex_lock(&s->work_mtx);
	if (atomic_load(&s->stopping)) {
		item_done(w);
	} else {
		w->state = RL_WORK_RECV;
		nng_ctx_recv(w->ctx, w->aio);
	}
	pthread_mutex_unlock(&s->work_mtx);
}

static void
on_received(rl_work *w, int rv)
{
	struct rl_server *s = w->srv;

	if (rv != 0) {
		if (rv == NNG_ECLOSED || rv == NNG_ECANCELED ||
		    atomic_load(&s->stopping)) {
			pthread_mutex_lock(&s->work_mtx);
			item_done(w);
			pthread_mutex_unlock(&s->work_mtx);
			return;
		}
		rl__srv_log(
		    s, RL_LOG_WARN, "receive failed: %s", nng_strerror(rv));
		arm_recv(w);
		return;
	}
	w->msg    = nng_aio_get_msg(w->aio);
	w->t_recv = rl__now_ns();
	w->state  = RL_WORK_QUEUED;
	atomic_fetch_add_explicit(&s->accepted, 1, memory_order_relaxed);
	rl__queue_push(s, &w->job);
}

static void
on_sent(rl_work *w, int rv)
{
	struct rl_server *s = w->srv;

	if (rv != 0) {
		nng_msg_free(nng_aio_get_msg(w->aio));
		nng_aio_set_msg(w->aio, NULL);
		rl__srv_log(
		    s, RL_LOG_WARN, "reply not sent: %s", nng_strerror(rv));
	} else {
		atomic_fetch_add_explicit(
		    &s->answered, 1, memory_order_relaxed);
	}
	arm_recv(w);
}

/* work_cb: the single callback of an item's aio. */
static void
work_cb(void *arg)
{
	rl_work *w  = arg;
	int      rv = nng_aio_result(w->aio);

	switch (w->state) {
	case RL_WORK_RECV:
		on_received(w, rv);
		break;
	case RL_WORK_SEND:
		on_sent(w, rv);
		break;
	default:
		/* QUEUED and DONE start no aio operation. */
		break;
	}
}

/* The reply sink: the encoder packs straight into a new nng message. */
static void *
msg_sink(void *arg, size_t len)
{
	nng_msg **msg = arg;

	if (nng_msg_alloc(msg, len) != 0) {
		*msg = NULL;
		return NULL;
	}
	return len ? nng_msg_body(*msg) : (void *)*msg;
}

/* work_run: a worker serves the queued request and starts the send. */
static void
work_run(rl_job *job, rl_worker *wk)
{
	rl_work *w     = (rl_work *)job;
	nng_msg *reply = NULL;
	rl_err   err   = RL_OK;

	rl__arena_reset(wk->scratch);
	rl__serve(w->srv, wk, nng_msg_body(w->msg), nng_msg_len(w->msg),
	    w->t_recv, msg_sink, &reply, &err);
	nng_msg_free(w->msg);
	w->msg = NULL;
	if (!reply) {
		/* Not even an error reply fits in memory: drop the request
		 * (the client's deadline tells it) and take the next one. */
		rl__srv_log(w->srv, RL_LOG_ERROR, "cannot build a reply: %s",
		    rl_strerror(err));
		arm_recv(w);
		return;
	}
	w->state = RL_WORK_SEND;
	nng_aio_set_msg(w->aio, reply);
	nng_ctx_send(w->ctx, w->aio);
}

rl_err
rl__work_start(struct rl_server *s, unsigned n, rl_diag *diag)
{
	int rv;

	s->work = rl__calloc(n, sizeof *s->work);
	if (!s->work)
		return rl__diag_set(
		    diag, RL_ENOMEM, NULL, 0, 0, "out of memory");
	for (unsigned i = 0; i < n; i++) {
		rl_work *w = &s->work[i];

		w->srv     = s;
		w->job.run = work_run;
		if ((rv = nng_aio_alloc(&w->aio, work_cb, w)) != 0 ||
		    (rv = nng_ctx_open(&w->ctx, s->sock)) != 0) {
			if (w->aio)
				nng_aio_free(w->aio);
			w->aio = NULL;
			return rl__diag_set(diag, RL_ENOMEM, NULL, 0, 0,
			    "cannot open context %u: %s", i, nng_strerror(rv));
		}
		s->n_work = i + 1;
	}
	for (unsigned i = 0; i < n; i++)
		arm_recv(&s->work[i]);
	return RL_OK;
}

void
rl__work_drain(struct rl_server *s)
{
	pthread_mutex_lock(&s->work_mtx);
	atomic_store(&s->stopping, true);
	for (unsigned i = 0; i < s->n_work; i++)
		if (s->work[i].state == RL_WORK_RECV)
			nng_aio_cancel(s->work[i].aio);
	while (s->n_done < s->n_work)
		pthread_cond_wait(&s->work_cond, &s->work_mtx);
	pthread_mutex_unlock(&s->work_mtx);
}

void
rl__work_free(struct rl_server *s)
{
	for (unsigned i = 0; i < s->n_work; i++) {
		rl_work *w = &s->work[i];

		if (w->aio) {
			nng_aio_stop(w->aio);
			nng_aio_free(w->aio);
		}
		if (w->msg)
			nng_msg_free(w->msg);
	}
	rl__free(s->work);
	s->work   = NULL;
	s->n_work = 0;
}

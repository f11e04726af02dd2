/*
 * pool.c - the job queue and the worker threads.
 *
 * One FIFO under a mutex and a condition variable: nng and HTTP callbacks
 * push (a few instructions under the lock, never a review), workers pop.
 * Each worker owns an rl_scanner (its PCRE2 match data, Lua states and
 * scratch memory) and a scratch arena for decoding and encoding, so jobs
 * share nothing but the snapshot, which is immutable.
 */
#include <signal.h>
#include <string.h>

#include "server/daemon.h"

void
rl__queue_push(struct rl_server *s, rl_job *job)
{
	job->next = NULL;
	pthread_mutex_lock(&s->q_mtx);
	if (s->q_tail)
		s->q_tail->next = job;
	else
		s->q_head = job;
	s->q_tail = job;
	pthread_cond_signal(&s->q_cond);
	pthread_mutex_unlock(&s->q_mtx);
}

/* queue_pop waits for a job; NULL once the queue is closed and empty. */
static rl_job *
queue_pop(struct rl_server *s)
{
	rl_job *job;

	pthread_mutex_lock(&s->q_mtx);
	while (!s->q_head && !s->q_closed)
		pthread_cond_wait(&s->q_cond, &s->q_mtx);
	job = s->q_head;
	if (job) {
		s->q_head = job->next;
		if (!s->q_head)
			s->q_tail = NULL;
	}
	pthread_mutex_unlock(&s->q_mtx);
	return job;
}

static void *
worker_main(void *arg)
{
	rl_worker *w = arg;
	rl_job    *job;

	while ((job = queue_pop(w->srv)) != NULL)
		job->run(job, w);
	return NULL;
}

static void
worker_free(rl_worker *w)
{
	rl_scanner_free(w->scanner);
	rl__arena_free(w->scratch);
	rl__free(w->rule_ns);
	w->scanner = NULL;
	w->scratch = NULL;
	w->rule_ns = NULL;
}

rl_err
rl__pool_start(struct rl_server *s, unsigned n, rl_diag *diag)
{
	sigset_t all, old;
	rl_err   err = RL_OK;

	s->workers = rl__calloc(n, sizeof *s->workers);
	if (!s->workers)
		return rl__diag_set(diag, RL_ENOMEM, NULL, 0, 0,
		    "out of memory starting workers");
	/* Workers never take signals: the program decides who does. */
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	for (unsigned i = 0; i < n; i++) {
		rl_worker *w = &s->workers[i];

		w->srv   = s;
		w->index = i;
		if ((err = rl_scanner_new(s->engine, &w->scanner)) != RL_OK ||
		    !(w->scratch = rl__arena_new(64 * 1024))) {
			err = err ? err : RL_ENOMEM;
			worker_free(w);
			break;
		}
		if (pthread_create(&w->thread, NULL, worker_main, w) != 0) {
			err = RL_ENOMEM;
			worker_free(w);
			break;
		}
		s->n_workers = i + 1;
	}
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (err) {
		rl__pool_stop(s);
		return rl__diag_set(diag, err, NULL, 0, 0,
		    "cannot start %u workers: %s", n, rl_strerror(err));
	}
	return RL_OK;
}

void
rl__pool_stop(struct rl_server *s)
{
	pthread_mutex_lock(&s->q_mtx);
	s->q_closed = true;
	pthread_cond_broadcast(&s->q_cond);
	pthread_mutex_unlock(&s->q_mtx);
	for (unsigned i = 0; i < s->n_workers; i++) {
		pthread_join(s->workers[i].thread, NULL);
		worker_free(&s->workers[i]);
	}
	rl__free(s->workers);
	s->workers   = NULL;
	s->n_workers = 0;
}

/*
 * pool.c - the job queue and the worker threads.
 *
 * One FIFO of jobs under a mutex: nng and HTTP callbacks push (a few
 * instructions under the lock, never a review), workers pop.  Jobs are
 * served in order, but idle workers are woken last-in, first-out, each on
 * its own condition variable, so that below full load the warmest worker
 * takes the next job (see wake_one).
 * Each worker owns an rl_scanner (its PCRE2 match data, Lua states and
 * scratch memory) and a scratch arena for decoding and encoding, so jobs
 * share nothing but the snapshot, which is immutable.
 */
#define _GNU_SOURCE /* sched_getaffinity, pthread_setaffinity_np */
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "server/daemon.h"

/* wake_one wakes the worker that went idle last, if any is idle: the one
 * whose scanner (Lua states, compiled patterns) and CPU caches are the
 * warmest.  Below full load the same few workers take every job instead
 * of all of them taking turns.  Caller holds q_mtx. */
static void
wake_one(struct rl_server *s)
{
	rl_worker *w = s->idle_top;

	if (!w)
		return;
	s->idle_top  = w->next_idle;
	w->next_idle = NULL;
	w->idle      = false;
	pthread_cond_signal(&w->wake);
}

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
	wake_one(s);
	pthread_mutex_unlock(&s->q_mtx);
}

/* idle_remove takes w off the idle stack (after a spurious wake-up). */
static void
idle_remove(struct rl_server *s, rl_worker *w)
{
	for (rl_worker **p = &s->idle_top; *p; p = &(*p)->next_idle)
		if (*p == w) {
			*p = w->next_idle;
			break;
		}
	w->next_idle = NULL;
	w->idle      = false;
}

/* queue_pop waits for a job; NULL once the queue is closed and empty.  A
 * worker waits on its own condition variable, on top of the idle stack. */
static rl_job *
queue_pop(rl_worker *w)
{
	struct rl_server *s = w->srv;
	rl_job           *job;

	pthread_mutex_lock(&s->q_mtx);
	while (!s->q_head && !s->q_closed) {
		w->idle      = true;
		w->next_idle = s->idle_top;
		s->idle_top  = w;
		pthread_cond_wait(&w->wake, &s->q_mtx);
		if (w->idle)
			idle_remove(s, w);
	}
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

	while ((job = queue_pop(w)) != NULL)
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
	pthread_cond_destroy(&w->wake);
}

/*
 * pin_workers keeps worker i on the i-th CPU the daemon may run on (its
 * affinity mask, so a cpuset or taskset is respected), round robin when
 * there are more workers than CPUs.  nng's threads stay free to move.  On
 * a machine the daemon has to itself this stops the scheduler from
 * stacking two reviews on one CPU while the other serves I/O.  A CPU that
 * cannot be set is logged and the worker left as it was.
 */
static void
pin_workers(struct rl_server *s)
{
	cpu_set_t allowed;
	int       cpus[CPU_SETSIZE], n = 0;
	char      list[256];
	size_t    used = 0;

	if (sched_getaffinity(0, sizeof allowed, &allowed) != 0) {
		rl__srv_log(s, RL_LOG_WARN,
		    "workers not pinned: cannot read the CPU affinity");
		return;
	}
	for (int c = 0; c < CPU_SETSIZE; c++)
		if (CPU_ISSET(c, &allowed))
			cpus[n++] = c;
	if (n == 0)
		return;
	list[0] = '\0';
	for (unsigned i = 0; i < s->n_workers; i++) {
		cpu_set_t one;
		int       cpu = cpus[i % (unsigned)n], rv;

		CPU_ZERO(&one);
		CPU_SET(cpu, &one);
		rv = pthread_setaffinity_np(
		    s->workers[i].thread, sizeof one, &one);
		if (rv != 0) {
			rl__srv_log(s, RL_LOG_WARN,
			    "worker %u not pinned to CPU %d: %s", i, cpu,
			    strerror(rv));
			continue;
		}
		if (used < sizeof list)
			used += (size_t)snprintf(list + used,
			    sizeof list - used, "%s%d", used ? "," : "", cpu);
	}
	if (list[0])
		rl__srv_log(s, RL_LOG_INFO, "workers pinned to CPUs %s", list);
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
		pthread_cond_init(&w->wake, NULL);
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
		{
			/* "rl:worker3" in top -H, ps -L and /proc. */
			char name[32]; /* the kernel keeps 15 bytes */

			snprintf(name, sizeof name, "rl:worker%u", i);
			name[15] = '\0';
			(void)pthread_setname_np(w->thread, name);
		}
		s->n_workers = i + 1;
	}
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (err) {
		rl__pool_stop(s);
		return rl__diag_set(diag, err, NULL, 0, 0,
		    "cannot start %u workers: %s", n, rl_strerror(err));
	}
	if (s->cfg.pin_workers)
		pin_workers(s);
	return RL_OK;
}

void
rl__pool_stop(struct rl_server *s)
{
	pthread_mutex_lock(&s->q_mtx);
	s->q_closed = true;
	while (s->idle_top)
		wake_one(s);
	pthread_mutex_unlock(&s->q_mtx);
	for (unsigned i = 0; i < s->n_workers; i++) {
		pthread_join(s->workers[i].thread, NULL);
		worker_free(&s->workers[i]);
	}
	rl__free(s->workers);
	s->workers   = NULL;
	s->n_workers = 0;
}

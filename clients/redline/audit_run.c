/*
 * audit_run.c - reviewing the documents of an audit in parallel.
 *
 * N worker threads, each with its own scanner over the one shared
 * packset, take the next document from a shared counter.  Workers print
 * nothing but the progress line: each document's messages are kept in it
 * and printed by the caller in path order, so the output does not depend
 * on N or on timing.
 */
#include <pthread.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "audit.h"
#include "cli.h"

/* How often the progress line is redrawn, at most. */
#define PROGRESS_NS (100u * 1000u * 1000u)

/* The state the workers share. */
typedef struct run_state {
	const audit_run *run;
	pthread_mutex_t  mu; /* guards the fields below */
	size_t           next, done;
	uint64_t         t0, drawn_ns;
} run_state;

typedef struct worker {
	run_state  *st;
	rl_scanner *scanner;
	pthread_t   thread;
	bool        started;
} worker;

static uint64_t
now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

char *
audit_strf(const char *fmt, ...)
{
	va_list ap;
	int     n;
	char   *s;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0 || (s = malloc((size_t)n + 1)) == NULL)
		return NULL;
	va_start(ap, fmt);
	vsnprintf(s, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return s;
}

/* review_one reviews d with scanner s; d's state, summary, error and
 * status say how it went. */
static void
review_one(rl_packset *ps, rl_scanner *s, audit_doc *d)
{
	cli_input  in   = { d->path, false };
	char      *data = NULL, why[256];
	size_t     len  = 0;
	rl_result *res  = NULL;
	rl_diag    diag;
	rl_err     err;

	d->state  = AUDIT_FAILED;
	d->status = CLI_EXIT_ERROR;
	if (!cli_read_input(&in, &data, &len, why, sizeof why)) {
		d->error = audit_strf("redline: %s: %s", d->path, why);
		return;
	}
	memset(&diag, 0, sizeof diag);
	err = rl_review(s, ps, d->path, data, len, NULL, &res, &diag);
	free(data);
	if (err != RL_OK) {
		char buf[2048];

		if (diag.file[0] != '\0')
			d->error =
			    strdup(rl_diag_format(&diag, buf, sizeof buf));
		else
			d->error = audit_strf("redline: %s: %s", d->path,
			    diag.message[0] ? diag.message : rl_strerror(err));
		return;
	}
	if (!audit_summary_from_result(&d->sum, res)) {
		d->error = audit_strf(
		    "redline: %s: %s", d->path, rl_strerror(RL_ENOMEM));
		rl_result_free(res);
		return;
	}
	d->state  = AUDIT_REVIEWED;
	d->status = audit_summary_status(&d->sum);
	for (size_t i = 0; i < res->n_rule_errors; i++) {
		char *line = audit_strf("%s%sredline: %s: rule %s failed: %s",
		    d->error ? d->error : "", d->error ? "\n" : "", d->path,
		    res->rule_errors[i].rule, res->rule_errors[i].message);

		free(d->error);
		d->error  = line;
		d->status = CLI_EXIT_ERROR;
	}
	rl_result_free(res);
}

/* draw_progress redraws the progress line; st->mu is held. */
static void
draw_progress(run_state *st, bool last)
{
	uint64_t now  = now_ns();
	double   secs = (double)(now - st->t0) / 1e9;

	if (!last && now - st->drawn_ns < PROGRESS_NS)
		return;
	st->drawn_ns = now;
	fprintf(stderr,
	    "\rredline audit: %zu/%zu reviewed (%zu from the cache), "
	    "%.1f documents/s ",
	    st->done, st->run->n_todo, st->run->n_cached,
	    secs > 0 ? (double)st->done / secs : 0.0);
	if (last)
		fputc('\n', stderr);
	fflush(stderr);
}

static void *
worker_main(void *arg)
{
	worker          *w   = arg;
	run_state       *st  = w->st;
	const audit_run *run = st->run;

	for (;;) {
		size_t i;

		pthread_mutex_lock(&st->mu);
		i = st->next < run->n_todo ? st->next++ : SIZE_MAX;
		pthread_mutex_unlock(&st->mu);
		if (i == SIZE_MAX)
			break;
		review_one(run->ps, w->scanner, &run->docs[run->todo[i]]);
		pthread_mutex_lock(&st->mu);
		st->done++;
		if (run->progress)
			draw_progress(st, false);
		pthread_mutex_unlock(&st->mu);
	}
	return NULL;
}

bool
audit_review(rl_engine *e, const audit_run *run, size_t n_jobs)
{
	run_state st;
	worker   *w;
	bool      ok = true;

	if (n_jobs > run->n_todo)
		n_jobs = run->n_todo;
	if (n_jobs == 0)
		return true;
	memset(&st, 0, sizeof st);
	st.run = run;
	st.t0  = now_ns();
	if (pthread_mutex_init(&st.mu, NULL) != 0)
		return false;
	if ((w = calloc(n_jobs, sizeof *w)) == NULL) {
		pthread_mutex_destroy(&st.mu);
		return false;
	}
	for (size_t i = 0; i < n_jobs && ok; i++) {
		w[i].st = &st;
		ok      = rl_scanner_new(e, &w[i].scanner) == RL_OK;
	}
	if (ok) {
		/* One thread is enough to finish the work if the others
		 * cannot start. */
		ok = false;
		for (size_t i = 0; i < n_jobs; i++) {
			w[i].started = pthread_create(&w[i].thread, NULL,
			                   worker_main, &w[i]) == 0;
			ok           = ok || w[i].started;
		}
	}
	for (size_t i = 0; i < n_jobs; i++)
		if (w[i].started)
			pthread_join(w[i].thread, NULL);
	if (ok && run->progress)
		draw_progress(&st, true);
	for (size_t i = 0; i < n_jobs; i++)
		rl_scanner_free(w[i].scanner);
	free(w);
	pthread_mutex_destroy(&st.mu);
	return ok;
}

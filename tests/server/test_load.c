/*
 * test_load.c - a real redlined under load: 8 concurrent clients x 1,000
 * requests, all answered correctly while the packs are reloaded (SIGHUP
 * and the Reload call); SIGTERM under load exits 0 after answering every
 * request it took.  (Deadlines are tested in test_daemon.c, where they
 * do not depend on timing.)
 */
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "harness.h"

#define N_CLIENTS 8
#define N_REQUESTS 1000
#define N_DOCS 3

static const char *const doc_paths[N_DOCS] = { TD_DOCS "/launch.md",
	TD_DOCS "/clean.md", TD_DOCS "/notes.txt" };
static const char *const wire[]            = { "wire" };
static const char *const both[]            = { "wire", "WireVale" };

/* What every answer must equal: embedded results per document and pack
 * list (index: doc * 2 + (both ? 1 : 0)). */
typedef struct expected {
	char      *data[N_DOCS];
	size_t     len[N_DOCS];
	rl_result *res[N_DOCS * 2];
} expected;

static expected exp_;

static void
expected_load(void)
{
	for (int i = 0; i < N_DOCS; i++) {
		exp_.data[i] = td_read(doc_paths[i], &exp_.len[i]);
		assert_non_null(exp_.data[i]);
		exp_.res[i * 2]     = td_embedded(doc_paths[i], exp_.data[i],
		        exp_.len[i], wire, 1, NULL, RL_LEVEL_SUGGESTION);
		exp_.res[i * 2 + 1] = td_embedded(doc_paths[i], exp_.data[i],
		    exp_.len[i], both, 2, NULL, RL_LEVEL_SUGGESTION);
	}
}

static void
expected_free(void)
{
	for (int i = 0; i < N_DOCS; i++) {
		free(exp_.data[i]);
		rl_result_free(exp_.res[i * 2]);
		rl_result_free(exp_.res[i * 2 + 1]);
	}
}

static bool
str_eq(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "") == 0;
}

/* same_result compares everything a writer prints (no cmocka asserts:
 * this runs on the client threads). */
static bool
same_result(const rl_result *x, const rl_result *y)
{
	if (!str_eq(x->path, y->path) || strcmp(x->sha256, y->sha256) ||
	    !str_eq(x->format, y->format) || x->score != y->score ||
	    x->verdict != y->verdict || x->n_packs != y->n_packs ||
	    x->n_findings != y->n_findings ||
	    x->n_categories != y->n_categories ||
	    x->n_rule_errors != y->n_rule_errors)
		return false;
	for (size_t i = 0; i < x->n_packs; i++)
		if (!str_eq(x->packs[i].digest, y->packs[i].digest))
			return false;
	for (size_t i = 0; i < x->n_categories; i++)
		if (x->categories[i].score != y->categories[i].score ||
		    x->categories[i].n_deductions !=
		        y->categories[i].n_deductions)
			return false;
	for (size_t i = 0; i < x->n_findings; i++) {
		const rl_finding *a = &x->findings[i], *b = &y->findings[i];

		if (!str_eq(a->rule, b->rule) || a->level != b->level ||
		    a->line != b->line || a->column != b->column ||
		    a->end_line != b->end_line ||
		    a->end_column != b->end_column || a->offset != b->offset ||
		    a->length != b->length || !str_eq(a->message, b->message) ||
		    !str_eq(a->match, b->match) ||
		    !str_eq(a->section, b->section) ||
		    a->n_suggestions != b->n_suggestions)
			return false;
	}
	return true;
}

typedef struct client_run {
	pthread_t        thread;
	const td_daemon *d;
	int              index;
	int              limit; /* requests to send; 0: until an error */
	unsigned         timeout_ms;
	int              ok, wrong, failed;
	int              deadline; /* DEADLINE_EXCEEDED answers */
	char             first_error[1100];
} client_run;

static void *
client_main(void *arg)
{
	client_run    *r = arg;
	rl_client_opts o = { r->timeout_ms, NULL, NULL };
	rl_client     *c = NULL;
	rl_diag        dg;

	memset(&dg, 0, sizeof dg);
	if (rl_client_open(r->d->url, &o, &c, &dg) != RL_OK) {
		r->failed++;
		snprintf(r->first_error, sizeof r->first_error, "open: %s",
		    dg.message);
		return NULL;
	}
	for (int i = 0; r->limit == 0 || i < r->limit; i++) {
		int                 doc = (i + r->index) % N_DOCS;
		int                 two = (i % 5) == 4;
		rl_client_check_req req;
		rl_result          *res = NULL;

		memset(&req, 0, sizeof req);
		req.path    = doc_paths[doc];
		req.data    = exp_.data[doc];
		req.len     = exp_.len[doc];
		req.packs   = two ? both : wire;
		req.n_packs = two ? 2 : 1;
		if (rl_client_check(c, &req, &res, &dg) != RL_OK) {
			if (strncmp(dg.message, "DEADLINE_EXCEEDED", 17) == 0) {
				r->deadline++;
				continue;
			}
			if (!r->failed++)
				snprintf(r->first_error, sizeof r->first_error,
				    "request %d: %s", i, dg.message);
			if (r->limit == 0)
				break;
			continue;
		}
		if (same_result(res, exp_.res[doc * 2 + two]))
			r->ok++;
		else
			r->wrong++;
		rl_result_free(res);
	}
	rl_client_close(c);
	return NULL;
}

static void
sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

/* ------------------------------------------------------------------------
 * 8 clients x 1,000 requests with reloads
 * ------------------------------------------------------------------------ */

static void
test_concurrent_with_reloads(void **state)
{
	const char *args[] = { "--packs-path", TD_PACKS, "--workers", "2",
		NULL };
	client_run  runs[N_CLIENTS];
	td_daemon   d;
	rl_client  *c;
	rl_diag     dg;
	int         ok = 0, reloads = 0;
	char       *log, *p;

	(void)state;
	expected_load();
	td_init(&d);
	assert_true(td_start(&d, args));
	for (int i = 0; i < N_CLIENTS; i++) {
		memset(&runs[i], 0, sizeof runs[i]);
		runs[i].d          = &d;
		runs[i].index      = i;
		runs[i].limit      = N_REQUESTS;
		runs[i].timeout_ms = 30000;
		assert_int_equal(pthread_create(&runs[i].thread, NULL,
		                     client_main, &runs[i]),
		    0);
	}
	/* Six reloads while the load runs: SIGHUP and the Reload call. */
	c = td_client(&d, 30000);
	for (int i = 0; i < 6; i++) {
		sleep_ms(60);
		if (i % 2) {
			td_signal(&d, SIGHUP);
		} else {
			memset(&dg, 0, sizeof dg);
			if (rl_client_reload(c, &dg) != RL_OK)
				fail_msg("reload: %s", dg.message);
		}
	}
	for (int i = 0; i < N_CLIENTS; i++) {
		pthread_join(runs[i].thread, NULL);
		if (runs[i].failed || runs[i].wrong)
			fail_msg("client %d: %d failed, %d wrong (%s)", i,
			    runs[i].failed, runs[i].wrong, runs[i].first_error);
		ok += runs[i].ok;
	}
	assert_int_equal(ok, N_CLIENTS * N_REQUESTS);

	/* Every reload happened (SIGHUP is asynchronous: wait for it). */
	for (int tries = 0; tries < 200; tries++) {
		log     = td_log_read(&d);
		reloads = 0;
		for (p = log; (p = strstr(p, "reloaded: generation")); p++)
			reloads++;
		free(log);
		if (reloads == 6)
			break;
		sleep_ms(20);
	}
	assert_int_equal(reloads, 6);
	{
		rl_wire_request  req;
		rl_wire_response rsp;
		rl_arena        *a = rl__arena_new(0);

		memset(&req, 0, sizeof req);
		req.method = RL_WIRE_STATS;
		assert_true(td_call(&d, &req, a, &rsp));
		assert_true(rsp.stats.reloads == 6);
		assert_true(rsp.stats.by_status[RL_WIRE_OK] >=
		    N_CLIENTS * N_REQUESTS + 3);
		req.method = RL_WIRE_HEALTH;
		assert_true(td_call(&d, &req, a, &rsp));
		assert_true(rsp.generation == 7);
		rl__arena_free(a);
	}
	rl_client_close(c);
	assert_int_equal(td_stop(&d), 0);
	td_cleanup(&d);
	expected_free();
}

/* ------------------------------------------------------------------------
 * SIGTERM under load
 * ------------------------------------------------------------------------ */

static void
test_sigterm_under_load(void **state)
{
	const char *args[] = { "--packs-path", TD_PACKS, "--workers", "2",
		NULL };
	client_run  runs[N_CLIENTS];
	td_daemon   d;
	unsigned long long taken = 0, answered = 0;
	int                ok = 0;
	char              *log, *p;

	(void)state;
	expected_load();
	td_init(&d);
	assert_true(td_start(&d, args));
	for (int i = 0; i < N_CLIENTS; i++) {
		memset(&runs[i], 0, sizeof runs[i]);
		runs[i].d          = &d;
		runs[i].index      = i;
		runs[i].limit      = 0; /* until the daemon is gone */
		runs[i].timeout_ms = 1500;
		assert_int_equal(pthread_create(&runs[i].thread, NULL,
		                     client_main, &runs[i]),
		    0);
	}
	sleep_ms(400);
	td_signal(&d, SIGTERM);
	assert_int_equal(td_wait(&d, 30000), 0);
	for (int i = 0; i < N_CLIENTS; i++) {
		pthread_join(runs[i].thread, NULL);
		assert_int_equal(runs[i].wrong, 0);
		ok += runs[i].ok;
	}
	log = td_log_read(&d);
	p   = strstr(log, "stopped: ");
	if (!p ||
	    sscanf(p, "stopped: %llu requests taken, %llu answered", &taken,
	        &answered) != 2)
		fail_msg("no 'stopped' line in the log:\n%s", log);
	free(log);
	/* Everything taken was answered, and every answer arrived (the one
	 * answer the clients did not get is td_start's Health call). */
	assert_true(taken > 0);
	assert_true(taken == answered);
	if ((unsigned long long)ok + 1 != answered)
		fail_msg("taken %llu, answered %llu, clients got %d", taken,
		    answered, ok);
	td_cleanup(&d);
	expected_free();
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_concurrent_with_reloads),
		cmocka_unit_test(test_sigterm_under_load),
	};

	signal(SIGPIPE, SIG_IGN);
	return cmocka_run_group_tests(tests, NULL, NULL);
}

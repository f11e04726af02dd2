/*
 * redline-bench.c - review throughput of the embedded engine.
 *
 *   redline-bench [--pack NAME|DIR]... [--packs-path DIR]...
 *                 [--iterations N] [--rules] FOLDER...
 *
 * Reads every *.md under the folders into memory first (so no I/O is
 * timed), loads the packs once, then reviews every document N times with
 * one scanner through the public API.  Each pass over the documents is
 * one iteration; documents/s and MB/s are the median over iterations, and
 * the per-document median and p99 are over all reviews.  A review's time
 * is rl_review plus rl_result_free (freeing the result is part of the
 * cost a caller pays), taken twice: wall time (CLOCK_MONOTONIC) and the
 * thread's CPU time (CLOCK_THREAD_CPUTIME_ID, which a machine shared with
 * other work disturbs far less).
 *
 * --rules also prints each rule's share: the wall time its check took per
 * document (the daemon's per-rule timing, read from the scanner), slowest
 * first, so a pack author sees which rules a pack's cost comes from.
 */
#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "cli.h"
#include "redline/redline.h"
#include "review/review.h"

typedef struct doc {
	char  *path;
	char  *data;
	size_t len;
} doc;

static uint64_t
now_ns(clockid_t clock)
{
	struct timespec ts;

	clock_gettime(clock, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static int
cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static bool
is_md(const char *path)
{
	size_t n = strlen(path);

	return n > 3 && strcasecmp(path + n - 3, ".md") == 0;
}

static void
usage(FILE *f)
{
	fprintf(f,
	    "usage: redline-bench [--pack NAME|DIR]... "
	    "[--packs-path DIR]... [--iterations N] [--rules] "
	    "FOLDER...\n");
}

/* load_docs reads every *.md under the folders.  Returns the count, or
 * (size_t)-1 on failure. */
static size_t
load_docs(char *const *folders, size_t n_folders, doc **out, size_t *bytes)
{
	cli_inputs in     = { 0 };
	int        status = 0;
	doc       *docs   = NULL;
	size_t     n      = 0;

	if (!cli_inputs_collect(
	        NULL, "redline-bench", folders, n_folders, &in, &status) ||
	    status != 0)
		goto fail;
	if ((docs = calloc(in.n + 1, sizeof *docs)) == NULL)
		goto fail;
	*bytes = 0;
	for (size_t i = 0; i < in.n; i++) {
		char why[256];

		if (in.items[i].is_stdin || !is_md(in.items[i].path))
			continue;
		if (!cli_read_input(&in.items[i], &docs[n].data, &docs[n].len,
		        why, sizeof why)) {
			fprintf(stderr, "redline-bench: %s: %s\n",
			    in.items[i].path, why);
			goto fail;
		}
		docs[n].path     = in.items[i].path;
		in.items[i].path = NULL; /* moved */
		*bytes += docs[n].len;
		n++;
	}
	cli_inputs_free(&in);
	*out = docs;
	return n;
fail:
	for (size_t i = 0; i < n; i++) {
		free(docs[i].path);
		free(docs[i].data);
	}
	free(docs);
	cli_inputs_free(&in);
	return (size_t)-1;
}

typedef struct bench_opts {
	const char **packs;
	size_t       n_packs;
	char       **packs_path;
	size_t       n_packs_path;
	long         iterations;
	bool         rules; /* --rules: per-rule times */
	char *const *folders;
	size_t       n_folders;
} bench_opts;

static int
parse(int argc, char **argv, bench_opts *o)
{
	static const struct option longopts[] = {
		{ "pack", required_argument, NULL, 'p' },
		{ "packs-path", required_argument, NULL, 'P' },
		{ "iterations", required_argument, NULL, 'n' },
		{ "rules", no_argument, NULL, 'r' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	while ((c = getopt_long(argc, argv, "n:h", longopts, NULL)) != -1) {
		char *end;

		switch (c) {
		case 'p':
			o->packs[o->n_packs++] = optarg;
			break;
		case 'P':
			o->packs_path[o->n_packs_path++] = optarg;
			break;
		case 'n':
			o->iterations = strtol(optarg, &end, 10);
			if (*end != '\0' || o->iterations < 1 ||
			    o->iterations > 1000000) {
				fprintf(stderr,
				    "redline-bench: bad "
				    "--iterations '%s'\n",
				    optarg);
				return 2;
			}
			break;
		case 'r':
			o->rules = true;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	o->folders   = argv + optind;
	o->n_folders = (size_t)(argc - optind);
	if (o->n_folders == 0) {
		usage(stderr);
		return 2;
	}
	if (o->n_packs == 0)
		o->packs[o->n_packs++] = "prfaq";
	return -1;
}

/* One clock's samples: per-document times and per-pass rates. */
typedef struct series {
	const char *name;
	clockid_t   clock;
	uint64_t   *t;     /* n_docs * iterations review times, ns */
	double     *rates; /* documents/s of each pass */
} series;

enum { WALL, CPU, N_SERIES };

/* one_pass reviews every document once and stores each review's times at
 * sv[k].t[at + i].  Returns false if a review failed. */
static bool
one_pass(rl_scanner *s, rl_packset *ps, const doc *docs, size_t n, series *sv,
    size_t at, size_t *findings, size_t *rule_errors)
{
	for (size_t i = 0; i < n; i++) {
		rl_result *res = NULL;
		rl_diag    diag;
		uint64_t   w0 = now_ns(sv[WALL].clock);
		uint64_t   c0 = now_ns(sv[CPU].clock);
		rl_err     err;

		err = rl_review(s, ps, docs[i].path, docs[i].data, docs[i].len,
		    NULL, &res, &diag);
		if (err != RL_OK) {
			fprintf(stderr, "redline-bench: %s: %s\n", docs[i].path,
			    rl_strerror(err));
			return false;
		}
		*findings += res->n_findings;
		*rule_errors += res->n_rule_errors;
		rl_result_free(res);
		sv[CPU].t[at + i]  = now_ns(sv[CPU].clock) - c0;
		sv[WALL].t[at + i] = now_ns(sv[WALL].clock) - w0;
	}
	return true;
}

/* report prints one clock's figures (sorting its samples). */
static void
report(series *sv, size_t n, long iterations, size_t bytes)
{
	size_t total = n * (size_t)iterations;
	size_t p99   = (total * 99 + 99) / 100;
	double docs_s, mb_s;

	qsort(sv->t, total, sizeof *sv->t, cmp_u64);
	qsort(sv->rates, (size_t)iterations, sizeof *sv->rates, cmp_double);
	docs_s = sv->rates[iterations / 2];
	mb_s   = docs_s * ((double)bytes / (double)n) / 1e6;
	printf("%-5s documents/s: %.0f, MB/s: %.2f, per document: median "
	       "%.1f us, p99 %.1f us\n",
	    sv->name, docs_s, mb_s, sv->t[total / 2] / 1e3,
	    sv->t[(p99 > 0 ? p99 : 1) - 1] / 1e3);
}

/* A rule's total time, for sorting. */
typedef struct rule_time {
	const char *id;
	uint64_t    ns;
} rule_time;

static int
cmp_rule_time(const void *a, const void *b)
{
	const rule_time *x = a, *y = b;

	return x->ns > y->ns ? -1 : x->ns < y->ns;
}

/* report_rules prints each rule's wall time per document, slowest first;
 * rule_ns[i] is rule i's total over `reviews` reviews. */
static void
report_rules(const rl_packset *ps, const uint64_t *rule_ns, size_t reviews)
{
	rule_time *t   = calloc(ps->n_rules + 1, sizeof *t);
	uint64_t   sum = 0;

	if (t == NULL)
		return;
	for (size_t i = 0; i < ps->n_rules; i++) {
		t[i].id = ps->rules[i]->id;
		t[i].ns = rule_ns[i];
		sum += rule_ns[i];
	}
	qsort(t, ps->n_rules, sizeof *t, cmp_rule_time);
	printf("rules: %zu, their checks: %.1f us per document "
	       "(wall time)\n",
	    ps->n_rules, (double)sum / 1e3 / (double)reviews);
	for (size_t i = 0; i < ps->n_rules; i++)
		printf("  %8.2f us  %5.1f %%  %s\n",
		    (double)t[i].ns / 1e3 / (double)reviews,
		    sum ? 100.0 * (double)t[i].ns / (double)sum : 0.0, t[i].id);
	free(t);
}

static int
run(const bench_opts *o)
{
	rl_engine  *e            = NULL;
	rl_packset *ps           = NULL;
	rl_scanner *s            = NULL;
	doc        *docs         = NULL;
	series      sv[N_SERIES] = {
		     { .name = "wall", .clock = CLOCK_MONOTONIC },
		     { .name = "cpu", .clock = CLOCK_THREAD_CPUTIME_ID },
	};
	size_t    n = 0, bytes = 0, findings = 0, rule_errors = 0;
	uint64_t *rule_ns = NULL;
	int       status  = 1;
	rl_diag   diag;
	char      buf[2048];

	if (rl_engine_new(&e) != RL_OK)
		goto done;
	for (size_t i = 0; i < o->n_packs_path; i++)
		if (rl_engine_add_packs_path(e, o->packs_path[i]) != RL_OK)
			goto done;
	memset(&diag, 0, sizeof diag);
	if (rl_packset_load(e, o->packs, o->n_packs, &ps, &diag) != RL_OK) {
		fprintf(stderr, "%s\n", rl_diag_format(&diag, buf, sizeof buf));
		goto done;
	}
	if (rl_scanner_new(e, &s) != RL_OK)
		goto done;
	n = load_docs(o->folders, o->n_folders, &docs, &bytes);
	if (n == (size_t)-1 || n == 0) {
		fprintf(stderr, "redline-bench: no *.md documents\n");
		n = 0;
		goto done;
	}
	for (int k = 0; k < N_SERIES; k++) {
		sv[k].t = calloc(n * (size_t)o->iterations, sizeof *sv[k].t);
		sv[k].rates =
		    calloc((size_t)o->iterations, sizeof *sv[k].rates);
		if (sv[k].t == NULL || sv[k].rates == NULL)
			goto done;
	}

	/* One warm-up pass (caches, lazily made state), not measured. */
	if (!one_pass(s, ps, docs, n, sv, 0, &findings, &rule_errors))
		goto done;
	if (o->rules) {
		/* Timing each rule reads the clock twice per rule: it adds a
		 * little to the figures above. */
		if ((rule_ns = calloc(ps->n_rules + 1, sizeof *rule_ns)) ==
		    NULL)
			goto done;
		s->rule_ns = rule_ns;
	}
	for (long it = 0; it < o->iterations; it++) {
		size_t at = (size_t)it * n, f = 0, r = 0;

		if (!one_pass(s, ps, docs, n, sv, at, &f, &r))
			goto done;
		for (int k = 0; k < N_SERIES; k++) {
			uint64_t sum = 0;

			for (size_t i = 0; i < n; i++)
				sum += sv[k].t[at + i];
			sv[k].rates[it] =
			    sum ? (double)n * 1e9 / (double)sum : 0;
		}
	}

	printf("documents: %zu (%.2f MB), packs:", n, bytes / 1e6);
	for (size_t i = 0; i < o->n_packs; i++)
		printf(" %s", o->packs[i]);
	printf(", iterations: %ld\n", o->iterations);
	for (int k = 0; k < N_SERIES; k++)
		report(&sv[k], n, o->iterations, bytes);
	printf("findings per pass: %zu, rule errors per pass: %zu\n", findings,
	    rule_errors);
	if (rule_ns)
		report_rules(ps, rule_ns, n * (size_t)o->iterations);
	status = 0;
done:
	for (size_t i = 0; i < n; i++) {
		free(docs[i].path);
		free(docs[i].data);
	}
	free(docs);
	free(rule_ns);
	for (int k = 0; k < N_SERIES; k++) {
		free(sv[k].t);
		free(sv[k].rates);
	}
	if (s != NULL)
		rl_scanner_free(s);
	if (ps != NULL)
		rl_packset_unref(ps);
	if (e != NULL)
		rl_engine_free(e);
	return status;
}

int
main(int argc, char **argv)
{
	bench_opts o = { .iterations = 5 };
	int        status;

	o.packs      = calloc((size_t)argc + 1, sizeof *o.packs);
	o.packs_path = calloc((size_t)argc + 1, sizeof *o.packs_path);
	if (o.packs == NULL || o.packs_path == NULL)
		return 1;
	if ((status = parse(argc, argv, &o)) < 0)
		status = run(&o);
	free(o.packs);
	free(o.packs_path);
	return status;
}

/*
 * lua-bench.c - what Lua rules add to a review.
 *
 *   lua-bench --base PACK... --with PACK... [--iterations N] FOLDER...
 *
 * Reads every *.md under the folders into memory, loads two packsets (the
 * --base packs, and the --with packs: the same rules plus the Lua rules
 * to measure), then reviews every document N times with each, alternating
 * the two passes so that both see the same machine.  Time is the thread's
 * CPU time, which a busy machine disturbs far less than wall time.  Prints
 * the CPU time per document of each packset and their difference: the
 * cost of the Lua rules per document.
 */
#define _XOPEN_SOURCE 700
#include <ftw.h>
#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "redline/redline.h"

typedef struct doc {
	char  *path;
	char  *data;
	size_t len;
} doc;

static doc   *docs;
static size_t n_docs, cap_docs;

static uint64_t
cpu_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static int
add_file(const char *path, const struct stat *st, int type, struct FTW *f)
{
	size_t n = strlen(path);
	FILE  *fp;
	doc   *d;

	(void)f;
	if (type != FTW_F || n < 3 || strcmp(path + n - 3, ".md") != 0)
		return 0;
	if (n_docs == cap_docs) {
		cap_docs = cap_docs ? 2 * cap_docs : 64;
		docs     = realloc(docs, cap_docs * sizeof *docs);
		if (!docs)
			return 1;
	}
	d       = &docs[n_docs];
	d->len  = (size_t)st->st_size;
	d->data = malloc(d->len + 1);
	d->path = strdup(path);
	fp      = fopen(path, "rb");
	if (!d->data || !d->path || !fp ||
	    fread(d->data, 1, d->len, fp) != d->len) {
		if (fp)
			fclose(fp);
		fprintf(stderr, "lua-bench: cannot read %s\n", path);
		return 1;
	}
	fclose(fp);
	n_docs++;
	return 0;
}

static rl_packset *
load(rl_engine *e, const char *const *specs, size_t n)
{
	rl_packset *ps = NULL;
	rl_diag     d;
	char        msg[2048];

	if (rl_packset_load(e, specs, n, &ps, &d) != RL_OK) {
		fprintf(stderr, "lua-bench: %s\n",
		    rl_diag_format(&d, msg, sizeof msg));
		exit(2);
	}
	return ps;
}

/* pass reviews every document once; returns CPU ns, counts rule errors
 * and findings. */
static uint64_t
pass(rl_scanner *sc, rl_packset *ps, size_t *errors, size_t *findings)
{
	uint64_t   t = 0, t0;
	rl_result *res;
	rl_diag    d;
	size_t     i;

	for (i = 0; i < n_docs; i++) {
		t0 = cpu_ns();
		if (rl_review(sc, ps, docs[i].path, docs[i].data, docs[i].len,
		        NULL, &res, &d) != RL_OK) {
			fprintf(stderr, "lua-bench: %s: review failed\n",
			    docs[i].path);
			exit(2);
		}
		*errors += res->n_rule_errors;
		*findings += res->n_findings;
		rl_result_free(res);
		t += cpu_ns() - t0;
	}
	return t;
}

int
main(int argc, char **argv)
{
	const char *base[8], *with[8];
	size_t      n_base = 0, n_with = 0;
	long        iters = 200;
	rl_engine  *e;
	rl_scanner *sc;
	rl_packset *a, *b;
	uint64_t    ta = 0, tb = 0;
	size_t      ea = 0, eb = 0, fa = 0, fb = 0, i;
	int         c;
	double      da, db;

	static const struct option opts[] = {
		{ "base", required_argument, NULL, 'a' },
		{ "with", required_argument, NULL, 'b' },
		{ "iterations", required_argument, NULL, 'n' },
		{ NULL, 0, NULL, 0 },
	};
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == 'a' && n_base < 8)
			base[n_base++] = optarg;
		else if (c == 'b' && n_with < 8)
			with[n_with++] = optarg;
		else if (c == 'n')
			iters = strtol(optarg, NULL, 10);
		else
			return 2;
	}
	if (!n_base || !n_with || optind >= argc || iters < 1) {
		fprintf(stderr,
		    "usage: lua-bench --base PACK... --with PACK... "
		    "[--iterations N] FOLDER...\n");
		return 2;
	}
	for (; optind < argc; optind++)
		if (nftw(argv[optind], add_file, 16, FTW_PHYS) != 0)
			return 2;
	if (n_docs == 0 || rl_engine_new(&e) != RL_OK ||
	    rl_scanner_new(e, &sc) != RL_OK)
		return 2;
	a = load(e, base, n_base);
	b = load(e, with, n_with);

	/* warm-up: Lua states, caches, pattern compilation */
	pass(sc, a, &ea, &fa);
	pass(sc, b, &eb, &fb);
	ea = eb = fa = fb = 0;
	for (i = 0; i < (size_t)iters; i++) {
		ta += pass(sc, a, &ea, &fa);
		tb += pass(sc, b, &eb, &fb);
	}
	da = (double)ta / 1e3 / (double)(n_docs * (size_t)iters);
	db = (double)tb / 1e3 / (double)(n_docs * (size_t)iters);
	printf("documents: %zu, iterations: %ld\n", n_docs, iters);
	printf("base: %8.2f us CPU per document\n", da);
	printf("with: %8.2f us CPU per document\n", db);
	printf("difference: %8.2f us per document\n", db - da);
	printf("findings per pass: %zu -> %zu, rule errors per pass: %zu -> "
	       "%zu\n",
	    fa / (size_t)iters, fb / (size_t)iters, ea / (size_t)iters,
	    eb / (size_t)iters);
	rl_packset_unref(a);
	rl_packset_unref(b);
	rl_scanner_free(sc);
	rl_engine_free(e);
	for (i = 0; i < n_docs; i++) {
		free(docs[i].path);
		free(docs[i].data);
	}
	free(docs);
	return 0;
}

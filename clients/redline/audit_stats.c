/*
 * audit_stats.c - what an archive looks like as a whole: verdicts, the
 * score distribution, the rules with the most findings, and the same by
 * team and by year; and the plain-text summary `redline audit` prints.
 */
#include <stdlib.h>
#include <string.h>

#include "audit.h"

const int audit_bucket_lo[AUDIT_N_BUCKETS] = { 0, 50, 75, 90 };
const int audit_bucket_hi[AUDIT_N_BUCKETS] = { 49, 74, 89, 100 };

/* How many rules the summary lists. */
#define TOP_RULES 10

static bool
has_summary(const audit_doc *d)
{
	return d->state == AUDIT_CACHED || d->state == AUDIT_REVIEWED;
}

static int
cmp_int(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;

	return x < y ? -1 : x > y;
}

/* median of sorted v[0, n), n > 0. */
static double
median_of(const int *v, size_t n)
{
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2.0;
}

/* ------------------------------------------------------------------------
 * Groups: documents keyed by team or year
 * ------------------------------------------------------------------------ */

typedef struct keyed {
	const char *team; /* grouping by team; NULL when by year */
	int         year;
	int         score;
	rl_verdict  verdict;
} keyed;

static int
cmp_keyed(const void *a, const void *b)
{
	const keyed *x = a, *y = b;

	if (x->team != NULL) {
		int c = strcmp(x->team, y->team);

		if (c != 0)
			return c;
	} else if (x->year != y->year) {
		/* unknown years (0) last */
		if (x->year == 0 || y->year == 0)
			return x->year == 0 ? 1 : -1;
		return x->year < y->year ? -1 : 1;
	}
	return x->score < y->score ? -1 : x->score > y->score;
}

static bool
same_key(const keyed *x, const keyed *y)
{
	return x->team != NULL ? strcmp(x->team, y->team) == 0
	                       : x->year == y->year;
}

/* make_groups sorts k[0, n) and sums each run of one key into a group. */
static bool
make_groups(keyed *k, size_t n, int *scores, audit_group **out, size_t *n_out)
{
	audit_group *g;
	size_t       ng = 0;

	*out   = NULL;
	*n_out = 0;
	if (n == 0)
		return true;
	qsort(k, n, sizeof *k, cmp_keyed);
	if ((g = calloc(n, sizeof *g)) == NULL)
		return false;
	for (size_t i = 0, j; i < n; i = j) {
		audit_group *gr  = &g[ng];
		double       sum = 0;
		char         year[16];

		for (j = i; j < n && same_key(&k[i], &k[j]); j++) {
			scores[j - i] = k[j].score;
			sum += k[j].score;
			gr->verdicts[k[j].verdict]++;
		}
		gr->n      = j - i;
		gr->n_fail = gr->verdicts[RL_VERDICT_FAIL];
		gr->min    = scores[0];
		gr->max    = scores[gr->n - 1];
		gr->mean   = sum / (double)gr->n;
		gr->median = median_of(scores, gr->n);
		if (k[i].team == NULL)
			snprintf(year, sizeof year, "%d", k[i].year);
		gr->key = strdup(k[i].team != NULL ? k[i].team
		        : k[i].year                ? year
		                                   : "-");
		ng++;
		*n_out = ng;
		*out   = g;
		if (gr->key == NULL)
			return false;
	}
	return true;
}

/* ------------------------------------------------------------------------
 * Rules over the archive
 * ------------------------------------------------------------------------ */

typedef struct rule_hit {
	const char *rule;
	uint32_t    count;
} rule_hit;

static int
cmp_hit(const void *a, const void *b)
{
	return strcmp(((const rule_hit *)a)->rule, ((const rule_hit *)b)->rule);
}

static int
cmp_total(const void *a, const void *b)
{
	const audit_rule_total *x = a, *y = b;

	if (x->findings != y->findings)
		return x->findings > y->findings ? -1 : 1;
	return strcmp(x->rule, y->rule);
}

static bool
total_rules(audit_stats *st, const audit_doc *docs, size_t n)
{
	rule_hit *h;
	size_t    nh = 0, k = 0;

	for (size_t i = 0; i < n; i++)
		if (has_summary(&docs[i]))
			nh += docs[i].sum.n_rules;
	if (nh == 0)
		return true;
	if ((h = malloc(nh * sizeof *h)) == NULL)
		return false;
	nh = 0;
	for (size_t i = 0; i < n; i++) {
		if (!has_summary(&docs[i]))
			continue;
		for (size_t r = 0; r < docs[i].sum.n_rules; r++)
			h[nh++] = (rule_hit) { docs[i].sum.rules[r].name,
				docs[i].sum.rules[r].value };
	}
	qsort(h, nh, sizeof *h, cmp_hit);
	if ((st->rules = calloc(nh, sizeof *st->rules)) == NULL) {
		free(h);
		return false;
	}
	for (size_t i = 0; i < nh; i++) {
		if (k == 0 || strcmp(st->rules[k - 1].rule, h[i].rule) != 0)
			st->rules[k++].rule = h[i].rule;
		st->rules[k - 1].findings += h[i].count;
		st->rules[k - 1].docs++;
	}
	st->n_rules = k;
	qsort(st->rules, k, sizeof *st->rules, cmp_total);
	free(h);
	return true;
}

/* union_cats lists the category names in the order first seen. */
static bool
union_cats(audit_stats *st, const audit_doc *docs, size_t n)
{
	size_t cap = 0;

	for (size_t i = 0; i < n; i++) {
		if (!has_summary(&docs[i]))
			continue;
		for (size_t c = 0; c < docs[i].sum.n_cats; c++) {
			const char *name = docs[i].sum.cats[c].name;
			bool        seen = false;

			for (size_t j = 0; j < st->n_cats && !seen; j++)
				seen = strcmp(st->cats[j], name) == 0;
			if (seen)
				continue;
			if (st->n_cats == cap) {
				size_t       cap2 = cap ? cap * 2 : 8;
				const char **v =
				    realloc(st->cats, cap2 * sizeof *v);

				if (v == NULL)
					return false;
				st->cats = v;
				cap      = cap2;
			}
			st->cats[st->n_cats++] = name;
		}
	}
	return true;
}

/* ------------------------------------------------------------------------
 * Building and freeing
 * ------------------------------------------------------------------------ */

bool
audit_stats_build(audit_stats *st, const audit_doc *docs, size_t n)
{
	int   *scores = NULL;
	keyed *k      = NULL;
	double sum    = 0;
	size_t m      = 0;

	memset(st, 0, sizeof *st);
	for (size_t i = 0; i < n; i++) {
		if (docs[i].state == AUDIT_REVIEWED)
			st->n_reviewed++;
		else if (docs[i].state == AUDIT_CACHED)
			st->n_cached++;
		else
			st->n_failed++;
	}
	st->n_docs = st->n_reviewed + st->n_cached;
	if (!total_rules(st, docs, n) || !union_cats(st, docs, n))
		goto fail;
	if (st->n_docs == 0)
		return true;
	scores = malloc(st->n_docs * sizeof *scores);
	k      = malloc(st->n_docs * sizeof *k);
	if (scores == NULL || k == NULL)
		goto fail;
	for (size_t i = 0; i < n; i++) {
		const audit_summary *s = &docs[i].sum;

		if (!has_summary(&docs[i]))
			continue;
		scores[m] = s->score;
		sum += s->score;
		st->verdicts[s->verdict]++;
		st->n_findings += audit_summary_findings(s);
		for (size_t b = 0; b < AUDIT_N_BUCKETS; b++)
			if (s->score >= audit_bucket_lo[b] &&
			    s->score <= audit_bucket_hi[b])
				st->buckets[b]++;
		k[m++] = (keyed) { docs[i].team, 0, s->score, s->verdict };
	}
	qsort(scores, m, sizeof *scores, cmp_int);
	st->min    = scores[0];
	st->max    = scores[m - 1];
	st->mean   = sum / (double)m;
	st->median = median_of(scores, m);
	if (!make_groups(k, m, scores, &st->teams, &st->n_teams))
		goto fail;
	m = 0;
	for (size_t i = 0; i < n; i++)
		if (has_summary(&docs[i]))
			k[m++] = (keyed) { NULL, docs[i].year,
				docs[i].sum.score, docs[i].sum.verdict };
	if (!make_groups(k, m, scores, &st->years, &st->n_years))
		goto fail;
	free(scores);
	free(k);
	return true;
fail:
	free(scores);
	free(k);
	audit_stats_free(st);
	return false;
}

static void
groups_free(audit_group *g, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(g[i].key);
	free(g);
}

void
audit_stats_free(audit_stats *st)
{
	groups_free(st->teams, st->n_teams);
	groups_free(st->years, st->n_years);
	free(st->rules);
	free(st->cats);
	memset(st, 0, sizeof *st);
}

/* ------------------------------------------------------------------------
 * The summary on standard output
 * ------------------------------------------------------------------------ */

/* fmt_num writes v as an integer when it is one, else with one decimal. */
static const char *
fmt_num(double v, char *buf, size_t size)
{
	if (v == (double)(long long)v)
		snprintf(buf, size, "%lld", (long long)v);
	else
		snprintf(buf, size, "%.1f", v);
	return buf;
}

static void
heading(FILE *f, bool color, const char *text)
{
	fprintf(f, "\n%s%s%s\n", color ? "\033[1m" : "", text,
	    color ? "\033[0m" : "");
}

static void
print_groups(FILE *f, bool color, const char *title, const char *col,
    const audit_group *g, size_t n)
{
	int  w = (int)strlen(col);
	char med[32];

	for (size_t i = 0; i < n; i++) {
		size_t l = strlen(g[i].key);

		if (l > (size_t)w)
			w = l > 40 ? 40 : (int)l;
	}
	heading(f, color, title);
	fprintf(
	    f, "  %-*s %9s %7s %5s\n", w, col, "documents", "median", "fail");
	for (size_t i = 0; i < n; i++)
		fprintf(f, "  %-*s %9zu %7s %5zu\n", w, g[i].key, g[i].n,
		    fmt_num(g[i].median, med, sizeof med), g[i].n_fail);
}

void
audit_print_summary(FILE *f, const audit_stats *st, bool color)
{
	char   a[32], b[32];
	size_t most = 1;

	fprintf(f, "Documents: %zu (%zu reviewed, %zu from the cache)\n",
	    st->n_docs, st->n_reviewed, st->n_cached);
	if (st->n_failed > 0)
		fprintf(f,
		    "Not reviewed: %zu (unreadable or failed, named on "
		    "stderr)\n",
		    st->n_failed);
	if (st->n_docs == 0)
		return;
	fprintf(f, "Verdicts: %zu pass, %zu warn, %zu fail\n",
	    st->verdicts[RL_VERDICT_PASS], st->verdicts[RL_VERDICT_WARN],
	    st->verdicts[RL_VERDICT_FAIL]);
	fprintf(f, "Score: min %d, median %s, mean %.1f, max %d\n", st->min,
	    fmt_num(st->median, a, sizeof a), st->mean, st->max);
	for (size_t i = 0; i < AUDIT_N_BUCKETS; i++)
		if (st->buckets[i] > most)
			most = st->buckets[i];
	for (size_t i = 0; i < AUDIT_N_BUCKETS; i++) {
		size_t bar = (st->buckets[i] * 40 + most - 1) / most;

		snprintf(b, sizeof b, "%d-%d", audit_bucket_lo[i],
		    audit_bucket_hi[i]);
		fprintf(f, "  %-7s %6zu  ", b, st->buckets[i]);
		for (size_t j = 0; j < bar; j++)
			putc('#', f);
		putc('\n', f);
	}

	heading(f, color, "Rules with the most findings");
	if (st->n_rules == 0)
		fprintf(f, "  none\n");
	else
		fprintf(f, "  %8s %9s  %s\n", "findings", "documents", "rule");
	for (size_t i = 0; i < st->n_rules && i < TOP_RULES; i++)
		fprintf(f, "  %8llu %9zu  %s\n",
		    (unsigned long long)st->rules[i].findings,
		    st->rules[i].docs, st->rules[i].rule);

	print_groups(f, color, "By team", "team", st->teams, st->n_teams);
	print_groups(f, color, "By year", "year", st->years, st->n_years);
}

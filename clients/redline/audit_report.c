/*
 * audit_report.c - the files `redline audit` writes: CSV for spreadsheets
 * (RFC 4180) and one self-contained HTML page (inline CSS, no scripts, no
 * external resources).  Every string that comes from a document or a
 * path is escaped for the format it goes into.
 */
#include <stdlib.h>
#include <string.h>

#include "audit.h"

/* How many rules the HTML report lists. */
#define HTML_TOP_RULES 25

static bool
has_summary(const audit_doc *d)
{
	return d->state == AUDIT_CACHED || d->state == AUDIT_REVIEWED;
}

/* ------------------------------------------------------------------------
 * CSV
 * ------------------------------------------------------------------------ */

/* csv_field writes s, quoted (with quotes doubled) when it holds a comma,
 * a quote or a line break; sep precedes it unless NUL. */
static void
csv_field(FILE *f, char sep, const char *s)
{
	if (sep != '\0')
		putc(sep, f);
	if (strpbrk(s, ",\"\r\n") == NULL) {
		fputs(s, f);
		return;
	}
	putc('"', f);
	for (; *s != '\0'; s++) {
		if (*s == '"')
			putc('"', f);
		putc(*s, f);
	}
	putc('"', f);
}

static void
csv_num(FILE *f, long long v)
{
	fprintf(f, ",%lld", v);
}

bool
audit_write_csv(FILE *f, const audit_stats *st, const audit_doc *docs, size_t n)
{
	static const char *const cols[] = { "path", "team", "year", "score",
		"verdict", "errors", "warnings", "suggestions", "rule_errors",
		"findings", "sha256" };
	char                     year[16];

	for (size_t i = 0; i < sizeof cols / sizeof *cols; i++)
		csv_field(f, i ? ',' : '\0', cols[i]);
	for (size_t c = 0; c < st->n_cats; c++) {
		char *name = malloc(strlen(st->cats[c]) + sizeof "score_");

		if (name == NULL)
			return false;
		strcpy(name, "score_");
		strcat(name, st->cats[c]);
		csv_field(f, ',', name);
		free(name);
	}
	fputs("\r\n", f);

	for (size_t i = 0; i < n; i++) {
		const audit_doc     *d = &docs[i];
		const audit_summary *s = &d->sum;

		if (!has_summary(d))
			continue;
		snprintf(year, sizeof year, "%d", d->year);
		csv_field(f, '\0', d->path);
		csv_field(f, ',', d->team);
		csv_field(f, ',', d->year ? year : "");
		csv_num(f, s->score);
		csv_field(f, ',', rl_verdict_name(s->verdict));
		csv_num(f, s->n_errors);
		csv_num(f, s->n_warnings);
		csv_num(f, s->n_suggestions);
		csv_num(f, s->n_rule_errors);
		csv_num(f, audit_summary_findings(s));
		csv_field(f, ',', s->sha256);
		for (size_t c = 0; c < st->n_cats; c++) {
			size_t j = 0;

			while (j < s->n_cats &&
			    strcmp(s->cats[j].name, st->cats[c]) != 0)
				j++;
			if (j < s->n_cats)
				csv_num(f, s->cats[j].value);
			else
				putc(',', f);
		}
		fputs("\r\n", f);
	}
	return fflush(f) == 0 && !ferror(f);
}

/* ------------------------------------------------------------------------
 * HTML
 * ------------------------------------------------------------------------ */

/* html writes s with the five characters HTML gives meaning escaped. */
static void
html(FILE *f, const char *s)
{
	for (; *s != '\0'; s++) {
		switch (*s) {
		case '&':
			fputs("&amp;", f);
			break;
		case '<':
			fputs("&lt;", f);
			break;
		case '>':
			fputs("&gt;", f);
			break;
		case '"':
			fputs("&quot;", f);
			break;
		case '\'':
			fputs("&#39;", f);
			break;
		default:
			putc(*s, f);
		}
	}
}

static const char *
fmt_num(double v, char *buf, size_t size)
{
	if (v == (double)(long long)v)
		snprintf(buf, size, "%lld", (long long)v);
	else
		snprintf(buf, size, "%.1f", v);
	return buf;
}

static const char css[] =
    "body{font:15px/1.45 system-ui,sans-serif;margin:2em auto;"
    "max-width:70em;padding:0 1em;color:#222}"
    "h1{font-size:1.6em}h2{font-size:1.2em;margin-top:2em;"
    "border-bottom:1px solid #ddd}"
    "table{border-collapse:collapse;margin:.5em 0}"
    "th,td{padding:.25em .7em;text-align:left;vertical-align:top;"
    "border-bottom:1px solid #eee}"
    "td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}"
    ".pass{color:#17703a}.warn{color:#9a6700}.fail{color:#b42318;"
    "font-weight:600}"
    ".bar{display:inline-block;height:1em;background:#4c7fbf;"
    "vertical-align:middle}"
    ".hist td{border:0}.path{word-break:break-all}"
    ".meta{color:#666}";

static void
group_table(
    FILE *f, const char *title, const char *col, const audit_group *g, size_t n)
{
	char a[32];

	fprintf(f, "<h2>%s</h2>\n", title);
	fprintf(f,
	    "<table><tr><th>%s</th><th class=n>documents</th>"
	    "<th class=n>median</th><th class=n>mean</th>"
	    "<th class=n>min</th><th class=n>max</th>"
	    "<th class=n>pass</th><th class=n>warn</th>"
	    "<th class=n>fail</th></tr>\n",
	    col);
	for (size_t i = 0; i < n; i++) {
		fputs("<tr><td>", f);
		html(f, g[i].key);
		fprintf(f,
		    "</td><td class=n>%zu</td><td class=n>%s</td>"
		    "<td class=n>%.1f</td><td class=n>%d</td><td "
		    "class=n>%d</td>"
		    "<td class=n>%zu</td><td class=n>%zu</td>"
		    "<td class=n>%zu</td></tr>\n",
		    g[i].n, fmt_num(g[i].median, a, sizeof a), g[i].mean,
		    g[i].min, g[i].max, g[i].verdicts[RL_VERDICT_PASS],
		    g[i].verdicts[RL_VERDICT_WARN],
		    g[i].verdicts[RL_VERDICT_FAIL]);
	}
	fputs("</table>\n", f);
}

static void
totals(FILE *f, const audit_stats *st, const char *packs_desc)
{
	char a[32];

	fputs("<p class=meta>Packs: ", f);
	html(f, packs_desc);
	fputs("</p>\n<h2>Totals</h2>\n<table>\n", f);
	fprintf(f,
	    "<tr><th>documents</th><td class=n>%zu</td></tr>\n"
	    "<tr><th>reviewed in this run</th><td class=n>%zu</td></tr>\n"
	    "<tr><th>from the cache</th><td class=n>%zu</td></tr>\n"
	    "<tr><th>not reviewed (unreadable or failed)</th>"
	    "<td class=n>%zu</td></tr>\n"
	    "<tr><th class=pass>pass</th><td class=n>%zu</td></tr>\n"
	    "<tr><th class=warn>warn</th><td class=n>%zu</td></tr>\n"
	    "<tr><th class=fail>fail</th><td class=n>%zu</td></tr>\n"
	    "<tr><th>findings</th><td class=n>%llu</td></tr>\n",
	    st->n_docs, st->n_reviewed, st->n_cached, st->n_failed,
	    st->verdicts[RL_VERDICT_PASS], st->verdicts[RL_VERDICT_WARN],
	    st->verdicts[RL_VERDICT_FAIL], (unsigned long long)st->n_findings);
	if (st->n_docs > 0)
		fprintf(f,
		    "<tr><th>score</th><td class=n>min %d, median %s, "
		    "mean %.1f, max %d</td></tr>\n",
		    st->min, fmt_num(st->median, a, sizeof a), st->mean,
		    st->max);
	fputs("</table>\n", f);
}

static void
histogram(FILE *f, const audit_stats *st)
{
	size_t most = 1;

	for (size_t i = 0; i < AUDIT_N_BUCKETS; i++)
		if (st->buckets[i] > most)
			most = st->buckets[i];
	fputs("<h2>Score distribution</h2>\n<table class=hist>\n", f);
	for (size_t i = 0; i < AUDIT_N_BUCKETS; i++)
		fprintf(f,
		    "<tr><th>%d&ndash;%d</th><td class=n>%zu</td>"
		    "<td><span class=bar style=\"width:%.1fem\"></span>"
		    "</td></tr>\n",
		    audit_bucket_lo[i], audit_bucket_hi[i], st->buckets[i],
		    30.0 * (double)st->buckets[i] / (double)most);
	fputs("</table>\n", f);
}

static void
rules_table(FILE *f, const audit_stats *st)
{
	fputs("<h2>Rules with the most findings</h2>\n", f);
	if (st->n_rules == 0) {
		fputs("<p>No findings.</p>\n", f);
		return;
	}
	fputs("<table><tr><th>rule</th><th class=n>findings</th>"
	      "<th class=n>documents</th></tr>\n",
	    f);
	for (size_t i = 0; i < st->n_rules && i < HTML_TOP_RULES; i++) {
		fputs("<tr><td>", f);
		html(f, st->rules[i].rule);
		fprintf(f,
		    "</td><td class=n>%llu</td><td class=n>%zu</td></tr>\n",
		    (unsigned long long)st->rules[i].findings,
		    st->rules[i].docs);
	}
	fputs("</table>\n", f);
}

/* cmp_worst orders documents by score, lowest first, then the failed
 * first, then by path. */
static int
cmp_worst(const void *a, const void *b)
{
	const audit_doc *x = *(const audit_doc *const *)a;
	const audit_doc *y = *(const audit_doc *const *)b;

	if (x->sum.score != y->sum.score)
		return x->sum.score < y->sum.score ? -1 : 1;
	if (x->sum.verdict != y->sum.verdict)
		return x->sum.verdict > y->sum.verdict ? -1 : 1;
	return strcmp(x->path, y->path);
}

static bool
documents_table(FILE *f, const audit_doc *docs, size_t n)
{
	const audit_doc **v = malloc((n + 1) * sizeof *v);
	size_t            k = 0;

	if (v == NULL)
		return false;
	for (size_t i = 0; i < n; i++)
		if (has_summary(&docs[i]))
			v[k++] = &docs[i];
	qsort(v, k, sizeof *v, cmp_worst);
	fputs("<h2>Every document, worst first</h2>\n"
	      "<table><tr><th>path</th><th>team</th><th class=n>year</th>"
	      "<th class=n>score</th><th>verdict</th><th>top rules</th>"
	      "</tr>\n",
	    f);
	for (size_t i = 0; i < k; i++) {
		const audit_doc *d       = v[i];
		const char      *verdict = rl_verdict_name(d->sum.verdict);

		fputs("<tr><td class=path>", f);
		html(f, d->path);
		fputs("</td><td>", f);
		html(f, d->team);
		if (d->year)
			fprintf(f, "</td><td class=n>%d", d->year);
		else
			fputs("</td><td class=n>-", f);
		fprintf(f, "</td><td class=n>%d</td><td class=%s>%s</td><td>",
		    d->sum.score, verdict, verdict);
		for (size_t r = 0; r < d->sum.n_rules && r < 3; r++) {
			if (r > 0)
				fputs(", ", f);
			html(f, d->sum.rules[r].name);
			fprintf(
			    f, " (%lu)", (unsigned long)d->sum.rules[r].value);
		}
		fputs("</td></tr>\n", f);
	}
	fputs("</table>\n", f);
	free(v);
	return true;
}

bool
audit_write_html(FILE *f, const audit_stats *st, const audit_doc *docs,
    size_t n, const char *packs_desc)
{
	fprintf(f,
	    "<!DOCTYPE html>\n<html lang=en>\n<head>\n<meta charset=utf-8>\n"
	    "<title>Redline audit</title>\n<style>%s</style>\n</head>\n"
	    "<body>\n<h1>Redline audit: %zu documents</h1>\n",
	    css, st->n_docs);
	totals(f, st, packs_desc);
	histogram(f, st);
	group_table(f, "By team", "team", st->teams, st->n_teams);
	group_table(f, "By year", "year", st->years, st->n_years);
	rules_table(f, st);
	if (!documents_table(f, docs, n))
		return false;
	fputs("</body>\n</html>\n", f);
	return fflush(f) == 0 && !ferror(f);
}

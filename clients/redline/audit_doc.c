/*
 * audit_doc.c - what `redline audit` keeps of one document: the summary of
 * its review, and the team and year it is grouped under.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "audit.h"
#include "cli.h"

/* The front-matter fields a year is read from, in order. */
static const char *const year_fields[] = { "date", "year", "created" };

/* ------------------------------------------------------------------------
 * Summaries
 * ------------------------------------------------------------------------ */

void
audit_summary_free(audit_summary *s)
{
	for (size_t i = 0; i < s->n_cats; i++)
		free(s->cats[i].name);
	for (size_t i = 0; i < s->n_rules; i++)
		free(s->rules[i].name);
	free(s->cats);
	free(s->rules);
	free(s->fm_team);
	memset(s, 0, sizeof *s);
}

uint32_t
audit_summary_findings(const audit_summary *s)
{
	return s->n_errors + s->n_warnings + s->n_suggestions;
}

int
audit_summary_status(const audit_summary *s)
{
	return s->verdict == RL_VERDICT_FAIL || s->n_errors > 0
	    ? CLI_EXIT_FINDINGS
	    : CLI_EXIT_OK;
}

int
audit_year_in(const char *s, int lo, int hi)
{
	for (const char *p = s; *p != '\0'; p++) {
		size_t n = 0;
		int    v = 0;

		if (!isdigit((unsigned char)*p) ||
		    (p > s && isdigit((unsigned char)p[-1])))
			continue;
		while (isdigit((unsigned char)p[n])) {
			if (n < 4)
				v = v * 10 + (p[n] - '0');
			n++;
		}
		if (n == 4 && v >= lo && v <= hi)
			return v;
		p += n - 1;
	}
	return 0;
}

/* month_at: p starts with a month "01" to "12". */
static bool
month_at(const char *p)
{
	return (p[0] == '0' && p[1] >= '1' && p[1] <= '9') ||
	    (p[0] == '1' && p[1] >= '0' && p[1] <= '2');
}

int
audit_path_year(const char *path)
{
	for (const char *p = path; *p != '\0'; p++) {
		const char *end = p + 4;
		int         v   = 0;

		if (p > path && p[-1] != '/' && !ispunct((unsigned char)p[-1]))
			continue;
		if (!isdigit((unsigned char)p[0]) ||
		    !isdigit((unsigned char)p[1]) ||
		    !isdigit((unsigned char)p[2]) ||
		    !isdigit((unsigned char)p[3]) ||
		    isdigit((unsigned char)*end))
			continue;
		for (int i = 0; i < 4; i++)
			v = v * 10 + (p[i] - '0');
		if (v < 1990 || v > 2099)
			continue;
		/* A whole name ("2019/", "2019.md") or a date ("2019-03"). */
		if (*end == '/' || *end == '\0' || *end == '.' ||
		    ((*end == '-' || *end == '_') && month_at(end + 1)))
			return v;
	}
	return 0;
}

static int
cmp_rule_ptr(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* cmp_count orders rules by findings, most first, then by id. */
static int
cmp_count(const void *a, const void *b)
{
	const audit_count *x = a, *y = b;

	if (x->value != y->value)
		return x->value > y->value ? -1 : 1;
	return strcmp(x->name, y->name);
}

/* count_rules fills s->rules from the result's findings. */
static bool
count_rules(audit_summary *s, const rl_result *res)
{
	const char **ids;
	size_t       n = res->n_findings, k = 0;

	if (n == 0)
		return true;
	if ((ids = malloc(n * sizeof *ids)) == NULL)
		return false;
	for (size_t i = 0; i < n; i++)
		ids[i] = res->findings[i].rule;
	qsort(ids, n, sizeof *ids, cmp_rule_ptr);
	if ((s->rules = calloc(n, sizeof *s->rules)) == NULL)
		goto fail;
	for (size_t i = 0; i < n; i++) {
		if (k > 0 && strcmp(s->rules[k - 1].name, ids[i]) == 0) {
			s->rules[k - 1].value++;
			continue;
		}
		if ((s->rules[k].name = strdup(ids[i])) == NULL)
			goto fail;
		s->rules[k++].value = 1;
		s->n_rules          = k;
	}
	qsort(s->rules, k, sizeof *s->rules, cmp_count);
	free(ids);
	return true;
fail:
	free(ids);
	return false;
}

/* trimmed_dup copies s without its leading and trailing white space;
 * *out is NULL when nothing is left. */
static bool
trimmed_dup(const char *s, char **out)
{
	size_t n;

	*out = NULL;
	while (isspace((unsigned char)*s))
		s++;
	n = strlen(s);
	while (n > 0 && isspace((unsigned char)s[n - 1]))
		n--;
	if (n == 0)
		return true;
	return (*out = strndup(s, n)) != NULL;
}

bool
audit_summary_from_result(audit_summary *s, const rl_result *res)
{
	const char *team;

	memset(s, 0, sizeof *s);
	memcpy(s->sha256, res->sha256, sizeof s->sha256);
	s->sha256[sizeof s->sha256 - 1] = '\0';
	s->score                        = res->score;
	s->verdict                      = res->verdict;
	s->n_rule_errors                = (uint32_t)res->n_rule_errors;
	for (size_t i = 0; i < res->n_findings; i++) {
		switch (res->findings[i].level) {
		case RL_LEVEL_ERROR:
			s->n_errors++;
			break;
		case RL_LEVEL_WARNING:
			s->n_warnings++;
			break;
		default:
			s->n_suggestions++;
			break;
		}
	}
	if (res->n_categories > 0) {
		s->cats = calloc(res->n_categories, sizeof *s->cats);
		if (s->cats == NULL)
			goto fail;
		for (size_t i = 0; i < res->n_categories; i++) {
			s->cats[i].name = strdup(res->categories[i].name);
			if (s->cats[i].name == NULL)
				goto fail;
			s->cats[i].value = (uint32_t)res->categories[i].score;
			s->n_cats        = i + 1;
		}
	}
	if (!count_rules(s, res))
		goto fail;
	if ((team = rl_result_meta(res, "team")) != NULL &&
	    !trimmed_dup(team, &s->fm_team))
		goto fail;
	for (size_t i = 0; i < sizeof year_fields / sizeof *year_fields; i++) {
		const char *v = rl_result_meta(res, year_fields[i]);

		if (v != NULL && (s->fm_year = audit_year_in(v, 1000, 9999)))
			break;
	}
	return true;
fail:
	audit_summary_free(s);
	return false;
}

/* copy_counts deep-copies n counts; on failure *dst is NULL and nothing
 * is left allocated. */
static bool
copy_counts(audit_count **dst, const audit_count *src, size_t n)
{
	*dst = NULL;
	if (n == 0)
		return true;
	if ((*dst = calloc(n, sizeof **dst)) == NULL)
		return false;
	for (size_t i = 0; i < n; i++) {
		(*dst)[i].value = src[i].value;
		if (((*dst)[i].name = strdup(src[i].name)) == NULL) {
			for (size_t j = 0; j < i; j++)
				free((*dst)[j].name);
			free(*dst);
			*dst = NULL;
			return false;
		}
	}
	return true;
}

bool
audit_summary_copy(audit_summary *dst, const audit_summary *src)
{
	*dst         = *src;
	dst->cats    = NULL;
	dst->rules   = NULL;
	dst->fm_team = NULL;
	dst->n_cats  = 0;
	dst->n_rules = 0;
	if (!copy_counts(&dst->cats, src->cats, src->n_cats))
		goto fail;
	dst->n_cats = src->n_cats;
	if (!copy_counts(&dst->rules, src->rules, src->n_rules))
		goto fail;
	dst->n_rules = src->n_rules;
	if (src->fm_team != NULL &&
	    (dst->fm_team = strdup(src->fm_team)) == NULL)
		goto fail;
	return true;
fail:
	audit_summary_free(dst);
	return false;
}

/* ------------------------------------------------------------------------
 * Team and year
 * ------------------------------------------------------------------------ */

bool
audit_doc_derive(audit_doc *d)
{
	const char *slash;

	free(d->team);
	if (d->sum.fm_team != NULL)
		d->team = strdup(d->sum.fm_team);
	else if (d->in_dir && (slash = strchr(d->rel, '/')) != NULL)
		d->team = strndup(d->rel, (size_t)(slash - d->rel));
	else
		d->team = strdup("-");
	if (d->team == NULL)
		return false;

	d->year = d->sum.fm_year;
	if (d->year == 0)
		d->year = audit_path_year(d->rel);
	if (d->year == 0 && d->stat_ok) {
		time_t    t = (time_t)d->mtime_s;
		struct tm tm;

		if (localtime_r(&t, &tm) != NULL)
			d->year = tm.tm_year + 1900;
	}
	return true;
}

void
audit_doc_free(audit_doc *d)
{
	audit_summary_free(&d->sum);
	free(d->path);
	free(d->abspath);
	free(d->error);
	free(d->team);
	memset(d, 0, sizeof *d);
}

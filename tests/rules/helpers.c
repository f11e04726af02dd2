/*
 * helpers.c - see helpers.h.
 */
#define _XOPEN_SOURCE 700
#include <errno.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "helpers.h"

char *
th_tmpdir(void)
{
	char  tmpl[] = "/tmp/rl-rules-test-XXXXXX";
	char *d      = mkdtemp(tmpl);

	assert_non_null(d);
	return strdup(d);
}

static int
rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

void
th_rmtree(char *dir)
{
	if (dir)
		nftw(dir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
	free(dir);
}

void
th_write(const char *dir, const char *name, const char *text)
{
	char  path[4096], *slash;
	FILE *f;

	snprintf(path, sizeof path, "%s/%s", dir, name);
	for (slash = strchr(path + strlen(dir) + 1, '/'); slash;
	     slash = strchr(slash + 1, '/')) {
		*slash = '\0';
		mkdir(path, 0755);
		*slash = '/';
	}
	f = fopen(path, "wb");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

char *
th_pack(const char *root, const char *pack, ...)
{
	char        path[4096];
	const char *name, *text;
	va_list     ap;

	snprintf(path, sizeof path, "%s/%s", root, pack);
	mkdir(path, 0755);
	va_start(ap, pack);
	while ((name = va_arg(ap, const char *))) {
		text = va_arg(ap, const char *);
		th_write(path, name, text);
	}
	va_end(ap);
	return strdup(path);
}

rl_packset *
th_load(rl_engine *e, const char *dir)
{
	rl_packset *ps = NULL;
	rl_diag     d;
	char        buf[2048];
	rl_err      err;

	memset(&d, 0, sizeof d);
	err = rl_packset_load(e, &dir, 1, &ps, &d);
	if (err)
		fprintf(stderr, "load %s: %s\n", dir,
		    rl_diag_format(&d, buf, sizeof buf));
	assert_int_equal(err, RL_OK);
	return ps;
}

rl_result *
th_review(rl_engine *e, rl_packset *ps, const char *text)
{
	rl_scanner    *s;
	rl_result     *r = NULL;
	rl_review_opts o = { "markdown", RL_LEVEL_SUGGESTION, 0, 0 };

	assert_int_equal(rl_scanner_new(e, &s), RL_OK);
	assert_int_equal(
	    rl_review(s, ps, "doc.md", text, strlen(text), &o, &r, NULL),
	    RL_OK);
	rl_scanner_free(s);
	return r;
}

size_t
th_count(const rl_result *r, const char *rule)
{
	size_t i, n = 0;

	for (i = 0; i < r->n_findings; i++)
		if (!rule || strcmp(r->findings[i].rule, rule) == 0)
			n++;
	return n;
}

const rl_finding *
th_nth(const rl_result *r, const char *rule, size_t n)
{
	size_t i;

	for (i = 0; i < r->n_findings; i++)
		if (!rule || strcmp(r->findings[i].rule, rule) == 0)
			if (n-- == 0)
				return &r->findings[i];
	return NULL;
}

void
th_dump(const rl_result *r)
{
	size_t i, j;

	for (i = 0; i < r->n_findings; i++) {
		const rl_finding *f = &r->findings[i];

		printf("%s %u:%u off=%llu len=%llu match='%s' msg='%s'",
		    f->rule, f->line, f->column, (unsigned long long)f->offset,
		    (unsigned long long)f->length, f->match, f->message);
		for (j = 0; j < f->n_suggestions; j++)
			printf(" sugg='%s'", f->suggestions[j]);
		printf("\n");
	}
	for (i = 0; i < r->n_rule_errors; i++)
		printf("ERROR %s: %s\n", r->rule_errors[i].rule,
		    r->rule_errors[i].message);
}

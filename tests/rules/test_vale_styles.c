/*
 * test_vale_styles.c - the real Vale styles in ../shared/vale-styles load
 * unchanged, and all seven together review every Markdown file of
 * ../shared/corpus without a crash or a rule error.  The prefilter must
 * not change a single finding: the PR/FAQ part of the corpus is reviewed
 * with and without it and the findings compared.  Skips when ../shared is
 * absent.
 */
#define _XOPEN_SOURCE 700
#include <ftw.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "helpers.h"

#define STYLES "../shared/vale-styles"
#define CORPUS "../shared/corpus"

static const char *const styles[] = { "Google", "IBM", "Joblint", "Microsoft",
	"alex", "proselint", "write-good" };
#define N_STYLES (sizeof styles / sizeof styles[0])

static bool
have_shared(void)
{
	struct stat st;

	return stat(STYLES, &st) == 0 && stat(CORPUS, &st) == 0;
}

static void
test_each_style_loads(void **state)
{
	rl_engine  *e;
	rl_packset *ps;
	char        dir[256];
	size_t      i;

	if (!have_shared())
		skip();
	assert_int_equal(rl_engine_new(&e), RL_OK);
	for (i = 0; i < N_STYLES; i++) {
		snprintf(dir, sizeof dir, "%s/%s", STYLES, styles[i]);
		ps = th_load(e, dir);
		assert_string_equal(rl_packset_info(ps, 0)->name, styles[i]);
		assert_true(ps->n_rules >= 8);
		rl_packset_unref(ps);
	}
	rl_engine_free(e);
}

/* The corpus's Markdown files, collected by nftw. */
static char **files;
static size_t n_files, cap_files;

static int
collect(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	size_t n = strlen(path);

	(void)st;
	(void)ftw;
	if (flag != FTW_F || n < 3 || strcmp(path + n - 3, ".md") != 0)
		return 0;
	if (n_files == cap_files) {
		cap_files = cap_files ? 2 * cap_files : 256;
		files     = realloc(files, cap_files * sizeof *files);
		assert_non_null(files);
	}
	files[n_files++] = strdup(path);
	return 0;
}

static char *
slurp(const char *path, size_t *len)
{
	char  *data = NULL;
	rl_err err  = rl__read_file(path, 0, &data, len, NULL);

	assert_int_equal(err, RL_OK);
	return data;
}

static rl_packset *
load_all(rl_engine *e)
{
	const char *specs[N_STYLES];
	char        dirs[N_STYLES][256];
	rl_packset *ps = NULL;
	rl_diag     d;
	size_t      i;

	for (i = 0; i < N_STYLES; i++) {
		snprintf(dirs[i], sizeof dirs[i], "%s/%s", STYLES, styles[i]);
		specs[i] = dirs[i];
	}
	memset(&d, 0, sizeof d);
	assert_int_equal(rl_packset_load(e, specs, N_STYLES, &ps, &d), RL_OK);
	assert_int_equal(rl_packset_count(ps), N_STYLES);
	return ps;
}

static void
test_whole_corpus(void **state)
{
	rl_engine  *e;
	rl_packset *ps;
	rl_scanner *s;
	size_t      i, len, findings = 0, bytes = 0;
	time_t      t0 = time(NULL);

	if (!have_shared())
		skip();
	if (!n_files)
		assert_int_equal(nftw(CORPUS, collect, 16, FTW_PHYS), 0);
	assert_true(n_files > 1000);
	assert_int_equal(rl_engine_new(&e), RL_OK);
	ps = load_all(e);
	assert_int_equal(rl_scanner_new(e, &s), RL_OK);
	for (i = 0; i < n_files; i++) {
		char      *data = slurp(files[i], &len);
		rl_result *r    = NULL;
		rl_diag    d;

		memset(&d, 0, sizeof d);
		assert_int_equal(
		    rl_review(s, ps, files[i], data, len, NULL, &r, &d), RL_OK);
		if (r->n_rule_errors)
			fprintf(stderr, "%s: %s: %s\n", files[i],
			    r->rule_errors[0].rule, r->rule_errors[0].message);
		assert_int_equal(r->n_rule_errors, 0);
		findings += r->n_findings;
		bytes += len;
		rl_result_free(r);
		free(data);
	}
	printf("# %zu files, %zu bytes, %zu findings, %ld s\n", n_files, bytes,
	    findings, (long)(time(NULL) - t0));
	assert_true(findings > 100000);
	rl_scanner_free(s);
	rl_packset_unref(ps);
	rl_engine_free(e);
}

/* review_all renders every finding of the PR/FAQ corpus as a line. */
static char *
review_all(rl_engine *e, rl_packset *ps)
{
	rl_scanner *s;
	rl_buf      out;
	size_t      i, j, len;

	rl__buf_init(&out);
	assert_int_equal(rl_scanner_new(e, &s), RL_OK);
	for (i = 0; i < n_files; i++) {
		char      *data;
		rl_result *r = NULL;

		if (!strstr(files[i], "/prfaq/"))
			continue;
		data = slurp(files[i], &len);
		assert_int_equal(
		    rl_review(s, ps, files[i], data, len, NULL, &r, NULL),
		    RL_OK);
		for (j = 0; j < r->n_findings; j++)
			rl__buf_printf(&out, "%s %llu %llu %s %s\n",
			    r->findings[j].rule,
			    (unsigned long long)r->findings[j].offset,
			    (unsigned long long)r->findings[j].length,
			    r->findings[j].message, files[i]);
		rl_result_free(r);
		free(data);
	}
	rl_scanner_free(s);
	assert_false(out.failed);
	return out.data;
}

static void
test_prefilter_changes_nothing(void **state)
{
	rl_engine  *e;
	rl_packset *ps;
	char       *with, *without;
	size_t      i, filtered = 0;

	if (!have_shared())
		skip();
	if (!n_files)
		assert_int_equal(nftw(CORPUS, collect, 16, FTW_PHYS), 0);
	assert_int_equal(rl_engine_new(&e), RL_OK);
	ps   = load_all(e);
	with = review_all(e, ps);
	for (i = 0; i < ps->n_rules; i++) {
		filtered += ps->rules[i]->prefilter != NULL;
		((rl_rule *)ps->rules[i])->prefilter = NULL;
	}
	assert_true(filtered > ps->n_rules / 2);
	without = review_all(e, ps);
	assert_true(strlen(with) > 10000);
	assert_string_equal(with, without);
	rl__free(with);
	rl__free(without);
	rl_packset_unref(ps);
	rl_engine_free(e);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_each_style_loads),
		cmocka_unit_test(test_prefilter_changes_nothing),
		cmocka_unit_test(test_whole_corpus),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

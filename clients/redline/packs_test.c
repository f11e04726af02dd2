/*
 * packs_test.c - `redline packs test DIR`: run a pack's own examples.
 *
 * DIR/tests/RULE/pass-*.md must not trigger the rule PACK.RULE and
 * DIR/tests/RULE/fail-*.md must trigger it (also .markdown and .txt).
 * Every mismatch is printed with the findings the example got.
 */
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"

typedef struct test_ctx {
	rl_scanner *scanner;
	rl_packset *packs;
	size_t      passed, failed;
} test_ctx;

static char *
join(const char *a, const char *sep, const char *b)
{
	size_t la = strlen(a), ls = strlen(sep), lb = strlen(b);
	char  *p = malloc(la + ls + lb + 1);

	if (p == NULL)
		return NULL;
	memcpy(p, a, la);
	memcpy(p + la, sep, ls);
	memcpy(p + la + ls, b, lb + 1);
	return p;
}

static int
cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* list_subdirs returns the sorted names of dir's non-hidden folders
 * (*names and each name heap).  false with errno set on failure. */
static bool
list_subdirs(const char *dir, char ***names, size_t *n)
{
	DIR           *d;
	struct dirent *ent;
	char         **v   = NULL;
	size_t         cnt = 0, cap = 0;

	if ((d = opendir(dir)) == NULL)
		return false;
	while ((ent = readdir(d)) != NULL) {
		struct stat st;
		char       *p;
		bool        is_dir;

		if (ent->d_name[0] == '.')
			continue;
		if ((p = join(dir, "/", ent->d_name)) == NULL)
			goto nomem;
		is_dir = stat(p, &st) == 0 && S_ISDIR(st.st_mode);
		free(p);
		if (!is_dir)
			continue;
		if (cnt == cap) {
			size_t cap2 = cap ? cap * 2 : 16;
			char **v2   = realloc(v, cap2 * sizeof *v2);

			if (v2 == NULL)
				goto nomem;
			v   = v2;
			cap = cap2;
		}
		if ((v[cnt] = strdup(ent->d_name)) == NULL)
			goto nomem;
		cnt++;
	}
	closedir(d);
	qsort(v, cnt, sizeof *v, cmp_names);
	*names = v;
	*n     = cnt;
	return true;
nomem:
	for (size_t i = 0; i < cnt; i++)
		free(v[i]);
	free(v);
	closedir(d);
	errno = ENOMEM;
	return false;
}

static void
print_findings(const rl_result *res, const char *only_rule)
{
	size_t shown = 0;

	for (size_t i = 0; i < res->n_findings; i++) {
		const rl_finding *f = &res->findings[i];

		if (only_rule != NULL && strcmp(f->rule, only_rule) != 0)
			continue;
		printf("    %u:%u  %s  %s  %s\n", f->line, f->column,
		    rl_level_name(f->level), f->rule, f->message);
		shown++;
	}
	if (shown == 0)
		printf("    (no findings)\n");
	for (size_t i = 0; i < res->n_rule_errors; i++)
		printf("    rule error: %s: %s\n", res->rule_errors[i].rule,
		    res->rule_errors[i].message);
}

/* run_example reviews one example and records whether it behaved. */
static void
run_example(
    test_ctx *t, const char *path, const char *rule_id, bool must_trigger)
{
	cli_input  in   = { .path = (char *)path };
	char      *data = NULL;
	size_t     len  = 0;
	char       why[256];
	rl_result *res = NULL;
	rl_diag    diag;
	rl_err     err;
	bool       triggered = false;

	if (!cli_read_input(&in, &data, &len, why, sizeof why)) {
		printf("FAIL %s: %s\n", path, why);
		t->failed++;
		return;
	}
	memset(&diag, 0, sizeof diag);
	err =
	    rl_review(t->scanner, t->packs, path, data, len, NULL, &res, &diag);
	free(data);
	if (err != RL_OK) {
		char buf[2048];

		printf("FAIL %s: review failed: %s\n", path,
		    diag.message[0] ? rl_diag_format(&diag, buf, sizeof buf)
		                    : rl_strerror(err));
		t->failed++;
		return;
	}
	for (size_t i = 0; i < res->n_findings; i++)
		if (strcmp(res->findings[i].rule, rule_id) == 0)
			triggered = true;
	if (triggered == must_trigger && res->n_rule_errors == 0) {
		t->passed++;
	} else {
		t->failed++;
		if (triggered != must_trigger && must_trigger)
			printf("FAIL %s: %s should trigger but did not; "
			       "findings:\n",
			    path, rule_id);
		else if (triggered != must_trigger)
			printf("FAIL %s: %s should not trigger but did:\n",
			    path, rule_id);
		else
			printf("FAIL %s: rules failed:\n", path);
		print_findings(res, must_trigger ? NULL : rule_id);
	}
	rl_result_free(res);
}

/* run_rule runs the examples in tests/RULE.  Returns false when out of
 * memory. */
static bool
run_rule(test_ctx *t, const char *pack, const char *tests, const char *rule)
{
	char      *dir     = join(tests, "/", rule);
	char      *rule_id = join(pack, ".", rule);
	cli_inputs in      = { 0 };
	int        status  = CLI_EXIT_OK;
	size_t     n_fail  = 0;
	bool       ok      = false;

	if (dir == NULL || rule_id == NULL)
		goto done;
	if (!cli_inputs_collect(NULL, "redline", &dir, 1, &in, &status))
		goto done;
	if (status != CLI_EXIT_OK)
		t->failed++; /* a folder we could not read: already said */
	for (size_t i = 0; i < in.n; i++) {
		const char *base = strrchr(in.items[i].path, '/');

		base = base ? base + 1 : in.items[i].path;
		if (strncmp(base, "pass-", 5) == 0) {
			run_example(t, in.items[i].path, rule_id, false);
		} else if (strncmp(base, "fail-", 5) == 0) {
			run_example(t, in.items[i].path, rule_id, true);
			n_fail++;
		}
	}
	if (n_fail == 0)
		fprintf(stderr,
		    "redline: %s: no fail-*.md example, so nothing shows "
		    "that %s exists and fires\n",
		    dir, rule_id);
	ok = true;
done:
	cli_inputs_free(&in);
	free(dir);
	free(rule_id);
	return ok;
}

int
cli_packs_test(rl_engine *e, const char *dir)
{
	const char *spec[1] = { dir };
	test_ctx    t       = { 0 };
	char       *tests   = NULL;
	char      **rules   = NULL;
	size_t      n_rules = 0;
	int         status  = CLI_EXIT_ERROR;
	rl_diag     diag;
	rl_err      err;

	memset(&diag, 0, sizeof diag);
	if ((err = rl_packset_load(e, spec, 1, &t.packs, &diag)) != RL_OK) {
		cli_print_diag(dir, err, &diag);
		return CLI_EXIT_ERROR;
	}
	if ((err = rl_scanner_new(e, &t.scanner)) != RL_OK) {
		fprintf(stderr, "redline: %s\n", rl_strerror(err));
		goto done;
	}
	if ((tests = join(dir, "/", "tests")) == NULL)
		goto done;
	if (!list_subdirs(tests, &rules, &n_rules)) {
		fprintf(stderr, "redline: %s: %s\n", tests, strerror(errno));
		if (errno != ENOENT)
			goto done;
	}
	for (size_t i = 0; i < n_rules; i++)
		if (!run_rule(&t, rl_packset_info(t.packs, 0)->name, tests,
		        rules[i])) {
			fprintf(
			    stderr, "redline: %s\n", rl_strerror(RL_ENOMEM));
			goto done;
		}
	printf("%zu passed, %zu failed\n", t.passed, t.failed);
	status = t.failed > 0 ? CLI_EXIT_FINDINGS : CLI_EXIT_OK;
done:
	for (size_t i = 0; i < n_rules; i++)
		free(rules[i]);
	free(rules);
	free(tests);
	if (t.scanner != NULL)
		rl_scanner_free(t.scanner);
	rl_packset_unref(t.packs);
	return status;
}

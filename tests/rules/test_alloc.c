/*
 * test_alloc.c - loading packs and reviewing with each allocation in turn
 * failing: every failure is an error (never a crash), and nothing leaks
 * (the sanitizer build checks that).
 */
#include <stdio.h>
#include <string.h>

#include "helpers.h"

static void
test_every_allocation_fails(void **state)
{
	char       *root = th_tmpdir(), *dir;
	const char *doc  = "---\ntitle: x\n---\n\n# Plan\n\n## Summary\n\n"
	                   "We utilize world-class tools. The the end.\n";
	rl_engine  *e;
	long        n;
	int         ok = 0;

	dir = th_pack(root, "P", "pack.yaml",
	    "name: P\nscoring: {categories: [a, {name: b, weight: 2}]}\n"
	    "overrides: {P.Hype: {level: error}}\n",
	    "Hype.yml",
	    "extends: existence\nmessage: \"'%s'\"\nignorecase: true\n"
	    "tokens: [world-class, best]\nexceptions: [best of]\n",
	    "Swap.yml",
	    "extends: substitution\nmessage: \"%s, not %s\"\n"
	    "action: {name: replace}\nswap: {utilize: use|apply}\n",
	    "Rep.yml",
	    "extends: repetition\nmessage: x\nignorecase: true\n"
	    "tokens: ['\\w+']\n",
	    "Caps.yml",
	    "extends: capitalization\nmessage: x\nscope: heading\n"
	    "match: $sentence\nexceptions: [API]\n",
	    "Sec.yml",
	    "extends: sections\nmessage: x\nsections: [Summary, FAQ]\n",
	    "Meta.yml",
	    "extends: metadata\nmessage: x\nfields: [title, status]\n",
	    "Len.yml", "extends: length\nmessage: x\nper: section\nmax: 3\n",
	    NULL);
	assert_int_equal(rl_engine_new(&e), RL_OK);
	for (n = 0; n < 100000 && !ok; n++) {
		rl_packset *ps = NULL;
		rl_scanner *s  = NULL;
		rl_result  *r  = NULL;
		rl_diag     d;
		rl_err      err;

		memset(&d, 0, sizeof d);
		rl__alloc_fail_after(n);
		err = rl_packset_load(e, (const char *const *)&dir, 1, &ps, &d);
		if (err == RL_OK && (err = rl_scanner_new(e, &s)) == RL_OK)
			err = rl_review(
			    s, ps, "doc.md", doc, strlen(doc), NULL, &r, NULL);
		rl__alloc_fail_after(-1);
		if (err == RL_OK) {
			ok = 1;
			assert_true(r->n_findings >= 5);
		} else {
			assert_true(err == RL_ENOMEM || err == RL_EPACK ||
			    err == RL_EINTERNAL);
			if (err == RL_EPACK) /* only as a report of memory */
				assert_non_null(strstr(d.message, "memory"));
		}
		rl_result_free(r);
		rl_scanner_free(s);
		rl_packset_unref(ps);
	}
	assert_true(ok);
	printf("# succeeded after %ld failing runs\n", n - 1);
	rl_engine_free(e);
	free(dir);
	th_rmtree(root);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_allocation_fails),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

/*
 * test_pack.c - packs and packsets: manifests and Vale styles, digests,
 * extends, overrides, cycles, listing, and every loading error with its
 * file:line:column.
 */
#include <stdio.h>
#include <string.h>

#include "helpers.h"

typedef struct fixture {
	rl_engine *e;
	char      *root;
} fixture;

static int
setup(void **state)
{
	fixture *f = calloc(1, sizeof *f);

	if (!f || rl_engine_new(&f->e) != RL_OK)
		return -1;
	f->root = th_tmpdir();
	*state  = f;
	return 0;
}

static int
teardown(void **state)
{
	fixture *f = *state;

	rl_engine_free(f->e);
	th_rmtree(f->root);
	free(f);
	return 0;
}

static const char *const rule_a =
    "extends: existence\nmessage: \"A: '%s'\"\nlevel: warning\n"
    "tokens: [alpha]\n";
static const char *const rule_b =
    "extends: existence\nmessage: \"B: '%s'\"\nlevel: suggestion\n"
    "tokens: [beta]\ncategory: clarity\npoints: 4\n";
static const char *const manifest =
    "name: base\nversion: 1.2.0\ndescription: The basics.\n"
    "scoring:\n  points: {suggestion: 2, warning: 5, error: 20}\n"
    "  cap: 30\n  pass: 85\n  fail: 50\n  default_category: style\n"
    "  categories:\n    - clarity\n    - {name: structure, weight: 2}\n";

static void
test_manifest_and_digest(void **state)
{
	fixture            *f = *state;
	char               *dir;
	rl_packset         *ps;
	const rl_pack_info *in;
	rl_sha256           h;
	uint8_t             d[32];
	char                hex[65];

	dir = th_pack(f->root, "base", "pack.yaml", manifest, "A.yml", rule_a,
	    "B.yml", rule_b, "README.md", "# not a rule\n", "meta.json", "{}",
	    "vocab.txt", "alpha\n", "tests/A/fail.md", "alpha\n", NULL);
	ps  = th_load(f->e, dir);
	assert_int_equal(rl_packset_count(ps), 1);
	in = rl_packset_info(ps, 0);
	assert_string_equal(in->name, "base");
	assert_string_equal(in->version, "1.2.0");
	assert_string_equal(in->description, "The basics.");
	assert_int_equal(in->n_rules, 2);
	assert_null(rl_packset_info(ps, 1));
	/* sha256 over "path NUL content" in path order */
	assert_int_equal(rl__sha256_init(&h), RL_OK);
	rl__sha256_update(&h, "A.yml", 6);
	rl__sha256_update(&h, rule_a, strlen(rule_a));
	rl__sha256_update(&h, "B.yml", 6);
	rl__sha256_update(&h, rule_b, strlen(rule_b));
	rl__sha256_update(&h, "pack.yaml", 10);
	rl__sha256_update(&h, manifest, strlen(manifest));
	assert_int_equal(rl__sha256_final(&h, d), RL_OK);
	rl__hex(d, 32, hex);
	assert_string_equal(in->digest, hex);
	assert_string_equal(ps->refs_out[0].digest, hex);
	/* rules, ids and scoring */
	assert_int_equal(ps->n_rules, 2);
	assert_string_equal(ps->rules[0]->id, "base.A");
	assert_string_equal(ps->rules[1]->category, "clarity");
	assert_int_equal(ps->rules[1]->points, 4);
	assert_int_equal(ps->scoring.points[RL_LEVEL_ERROR], 20);
	assert_int_equal(ps->scoring.cap, 30);
	assert_int_equal(ps->scoring.pass, 85);
	assert_string_equal(ps->scoring.default_category, "style");
	assert_int_equal(ps->scoring.n_categories, 2);
	assert_true(ps->scoring.categories[1].weight == 2.0);
	assert_ptr_equal(rl_packset_ref(ps), ps);
	rl_packset_unref(ps);
	rl_packset_unref(ps);
	free(dir);
}

static void
test_vale_style(void **state)
{
	fixture    *f = *state;
	char       *dir;
	rl_packset *ps;
	rl_result  *r;

	dir = th_pack(f->root, "Style", "Hype.yml", rule_a, "LICENSE", "MIT",
	    "meta.json", "{\"feed\": 1}", NULL);
	ps  = th_load(f->e, dir);
	assert_string_equal(rl_packset_info(ps, 0)->name, "Style");
	assert_true(ps->all[0]->vale);
	r = th_review(f->e, ps, "An alpha test.\n");
	assert_int_equal(th_count(r, "Style.Hype"), 1);
	/* defaults when no pack declares scoring */
	assert_int_equal(ps->scoring.points[RL_LEVEL_WARNING], 3);
	assert_int_equal(ps->scoring.pass, 80);
	rl_result_free(r);
	rl_packset_unref(ps);
	free(dir);
}

static void
test_extends_and_overrides(void **state)
{
	fixture    *f = *state;
	char       *base, *top, *rel;
	rl_packset *ps;
	rl_result  *r;

	base = th_pack(f->root, "base", "pack.yaml", manifest, "A.yml", rule_a,
	    "B.yml", rule_b, NULL);
	top  = th_pack(f->root, "top", "pack.yaml",
	     "name: top\nversion: 2.0.0\nextends: base\n"
	      "overrides:\n  base.A: off\n  base.B: {level: error, points: 1}\n",
	     "C.yml",
	     "extends: existence\nmessage: \"C: '%s'\"\ntokens: [gamma]\n",
	     NULL);
	assert_int_equal(rl_engine_add_packs_path(f->e, f->root), RL_OK);
	ps = th_load(f->e, "top");
	assert_int_equal(rl_packset_count(ps), 1);
	assert_string_equal(rl_packset_info(ps, 0)->name, "top");
	assert_int_equal(ps->n_all, 2);
	assert_int_equal(ps->n_refs_out, 2);
	assert_string_equal(ps->refs_out[0].name, "top");
	assert_string_equal(ps->refs_out[1].name, "base");
	/* inherits base's scoring */
	assert_int_equal(ps->scoring.pass, 85);
	r = th_review(f->e, ps, "alpha beta gamma\n");
	assert_int_equal(th_count(r, "base.A"), 0);
	assert_int_equal(th_count(r, "base.B"), 1);
	assert_int_equal(th_nth(r, "base.B", 0)->level, RL_LEVEL_ERROR);
	assert_int_equal(th_count(r, "top.C"), 1);
	rl_result_free(r);
	rl_packset_unref(ps);

	/* a relative folder works too, and naming base and top together
	 * loads base once */
	rel = th_pack(f->root, "rel", "pack.yaml",
	    "name: rel\nextends: [../base]\n", NULL);
	{
		const char *both[] = { rel, "base" };
		rl_diag     d;

		memset(&d, 0, sizeof d);
		assert_int_equal(
		    rl_packset_load(f->e, both, 2, &ps, &d), RL_OK);
		assert_int_equal(rl_packset_count(ps), 2);
		assert_int_equal(ps->n_all, 2);
		rl_packset_unref(ps);
	}
	free(base);
	free(top);
	free(rel);
}

/* load_fails loads dir expecting err; returns the formatted diag. */
static const char *
load_fails(fixture *f, const char *dir, rl_err err)
{
	static char out[2048];
	rl_packset *ps = NULL;
	rl_diag     d;

	memset(&d, 0, sizeof d);
	assert_int_equal(rl_packset_load(f->e, &dir, 1, &ps, &d), err);
	assert_null(ps);
	rl_diag_format(&d, out, sizeof out);
	if (getenv("TH_DUMP"))
		printf("%s\n", out);
	/* drop the temporary folder from the front */
	if (strncmp(out, f->root, strlen(f->root)) == 0)
		return out + strlen(f->root) + 1;
	return out;
}

static void
test_cycles(void **state)
{
	fixture *f = *state;
	char    *a, *b, *c;

	a = th_pack(
	    f->root, "ca", "pack.yaml", "name: ca\nextends: cb\n", NULL);
	b = th_pack(
	    f->root, "cb", "pack.yaml", "name: cb\nextends: [cc]\n", NULL);
	c = th_pack(
	    f->root, "cc", "pack.yaml", "name: cc\nextends:\n  - ca\n", NULL);
	assert_int_equal(rl_engine_add_packs_path(f->e, f->root), RL_OK);
	assert_string_equal(load_fails(f, a, RL_EPACK),
	    "cc/pack.yaml:3:5: packs extend each other in a cycle: "
	    "ca -> cb -> cc -> ca");
	free(a);
	free(b);
	free(c);
}

/* one_rule writes a pack E with one rule R.yml and expects it to fail. */
static const char *
bad_rule(fixture *f, const char *yml)
{
	char       *dir = th_pack(f->root, "E", "R.yml", yml, NULL);
	const char *msg = load_fails(f, dir, RL_EPACK);

	free(dir);
	return msg;
}

static void
test_rule_errors(void **state)
{
	fixture *f = *state;

	/* libyaml's words (through core/cfg) after the position */
	assert_memory_equal(bad_rule(f, "extends: existence\nmessage: [x\n"),
	    "E/R.yml:3:1: did not find expected", 34);
	assert_string_equal(bad_rule(f, "extends: nonsense\nmessage: x\n"),
	    "E/R.yml:1:10: unknown rule kind 'nonsense' (known: existence, "
	    "substitution, occurrence, repetition, consistency, conditional, "
	    "capitalization, sections, metadata, length, lua)");
	assert_string_equal(
	    bad_rule(
	        f, "extends: existence\nmessage: x\ntokens: [a]\nbogus: 1\n"),
	    "E/R.yml:4:1: unknown field 'bogus'");
	assert_string_equal(bad_rule(f, "extends: existence\ntokens: [a]\n"),
	    "E/R.yml:1:1: missing the required field 'message'");
	assert_string_equal(bad_rule(f, "message: x\ntokens: [a]\n"),
	    "E/R.yml:1:1: missing the required field 'extends'");
	assert_string_equal(
	    bad_rule(f,
	        "extends: existence\nmessage: x\ntokens:\n  - fine\n"
	        "  - '(unclosed'\n"),
	    "E/R.yml:5:5: tokens: bad regular expression '(unclosed': "
	    "missing closing parenthesis at offset 9");
	assert_string_equal(
	    bad_rule(f,
	        "extends: existence\nmessage: x\nlevel: fatal\ntokens: [a]\n"),
	    "E/R.yml:3:8: 'level' must be suggestion, warning or error, not "
	    "'fatal'");
	assert_string_equal(
	    bad_rule(f,
	        "extends: existence\nmessage: x\nscope: [text, footer]\n"
	        "tokens: [a]\n"),
	    "E/R.yml:3:8: unknown scope 'footer'");
	assert_string_equal(
	    bad_rule(f,
	        "extends: substitution\nmessage: x\nswap:\n  good: fine\n"
	        "  'bad[': x\n"),
	    "E/R.yml:5:3: swap: bad regular expression 'bad[': missing "
	    "terminating ] for character class at offset 4");
	assert_string_equal(bad_rule(f,
	                        "extends: existence\nmessage: x\ntokens: [a]\n"
	                        "action: {name: shout}\n"),
	    "E/R.yml:4:16: unknown action 'shout' (expected replace, remove, "
	    "edit, suggest or convert)");
	assert_string_equal(
	    bad_rule(f, "extends: occurrence\nmessage: x\ntoken: a\n"),
	    "E/R.yml:1:1: occurrence needs 'max' or 'min' above 0");
	assert_string_equal(
	    bad_rule(f,
	        "extends: sections\nmessage: x\nsections:\n  - {level: 2}\n"),
	    "E/R.yml:4:5: a section needs a 'name' or a 'title'");
	assert_string_equal(bad_rule(f,
	                        "extends: existence\nmessage: x\ntokens: [a]\n"
	                        "section: '(bad'\n"),
	    "E/R.yml:4:10: section: bad regular expression '(bad': missing "
	    "closing parenthesis at offset 4");
	assert_string_equal(bad_rule(f, "- just\n- a list\n"),
	    "E/R.yml:1:1: a rule file must be a YAML map of fields");
}

static void
test_manifest_errors(void **state)
{
	fixture *f = *state;
	char    *dir;

	dir = th_pack(
	    f->root, "M1", "pack.yaml", "name: m1\ncolour: red\n", NULL);
	assert_string_equal(load_fails(f, dir, RL_EPACK),
	    "M1/pack.yaml:2:1: unknown field 'colour'");
	free(dir);
	dir = th_pack(f->root, "M2", "pack.yaml",
	    "name: m2\noverrides:\n  m2.Nope: off\n", NULL);
	assert_string_equal(load_fails(f, dir, RL_EPACK),
	    "M2/pack.yaml:3:3: override of unknown rule 'm2.Nope' (rule ids "
	    "are PACK.RULE)");
	free(dir);
	dir = th_pack(
	    f->root, "M3", "pack.yaml", "name: m3\nextends: nowhere\n", NULL);
	assert_string_equal(load_fails(f, dir, RL_EPACK),
	    "M3/pack.yaml:2:10: pack 'm3' extends 'nowhere': no pack named "
	    "'nowhere' on the pack search path");
	free(dir);
	dir = th_pack(f->root, "M4", "pack.yaml",
	    "name: m4\nscoring:\n  pass: 50\n  fail: 70\n", NULL);
	assert_string_equal(load_fails(f, dir, RL_EPACK),
	    "M4/pack.yaml:3:3: 'fail' (70) must not be above 'pass' (50)");
	free(dir);
	dir = th_pack(f->root, "M5", "pack.yaml", "name: bad.name\n", NULL);
	assert_string_equal(load_fails(f, dir, RL_EPACK),
	    "M5/pack.yaml:1:7: a pack name cannot be empty or hold '.', '/' "
	    "or spaces");
	free(dir);
	dir = th_pack(f->root, "Empty", "README", "nothing here", NULL);
	assert_string_equal(load_fails(f, dir, RL_ENOENT),
	    "Empty: not a pack: no pack.yaml and no rule files");
	free(dir);
	assert_string_equal(load_fails(f, "no-such-pack", RL_ENOENT),
	    "no pack named 'no-such-pack' on the pack search path");
}

typedef struct listing {
	char names[16][64];
	int  n, broken;
} listing;

static bool
list_one(void *arg, const rl_pack_info *info, const rl_diag *diag)
{
	listing *l = arg;

	if (!info) {
		assert_non_null(diag);
		l->broken++;
		return true;
	}
	if (l->n < 16)
		snprintf(
		    l->names[l->n++], 64, "%s:%zu", info->name, info->n_rules);
	return true;
}

static void
test_packs_find(void **state)
{
	fixture   *f    = *state;
	char      *root = th_tmpdir(), *a, *b, *c;
	rl_engine *e;
	listing    l;

	assert_int_equal(rl_engine_new(&e), RL_OK);
	a = th_pack(
	    root, "one", "pack.yaml", "name: one\n", "A.yml", rule_a, NULL);
	b = th_pack(root, "Two", "B.yml", rule_b, "C.yml", rule_a, NULL);
	c = th_pack(root, "broken", "X.yml", "extends: what\n", NULL);
	th_write(root, "notapack/README", "hello");
	assert_int_equal(rl_engine_add_packs_path(e, root), RL_OK);
	memset(&l, 0, sizeof l);
	assert_int_equal(rl_packs_find(e, list_one, &l), RL_OK);
	assert_true(l.n >= 2);
	assert_string_equal(l.names[0], "Two:2");
	assert_string_equal(l.names[1], "one:1");
	assert_int_equal(l.broken, 1);
	rl_engine_free(e);
	free(a);
	free(b);
	free(c);
	th_rmtree(root);
	(void)f;
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_manifest_and_digest),
		cmocka_unit_test(test_vale_style),
		cmocka_unit_test(test_extends_and_overrides),
		cmocka_unit_test(test_cycles),
		cmocka_unit_test(test_rule_errors),
		cmocka_unit_test(test_manifest_errors),
		cmocka_unit_test(test_packs_find),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}

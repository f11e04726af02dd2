/*
 * test_plugin_host.c - the plugin host with the fixture plugins built
 * beside this test: a good one (a rule kind, a format, an output), one
 * built for another ABI version, one without the entry symbol, one whose
 * init fails, one whose kind clashes with a built-in; packs that use a
 * plugin kind, with good and bad fields.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/engine.h"
#include "redline/redline.h"

#ifndef RL_FIXTURE_DIR
#error "RL_FIXTURE_DIR names the folder of the fixture plugins"
#endif

#define PACKS "tests/plugin/data/packs/"

static rl_engine *
engine(void)
{
	rl_engine *e = NULL;

	assert_int_equal(rl_engine_new(&e), RL_OK);
	assert_int_equal(rl_engine_add_plugins_path(e, RL_FIXTURE_DIR), RL_OK);
	return e;
}

static bool
ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);

	return n >= k && strcmp(s + n - k, suffix) == 0;
}

static void
count_plugin(void *arg, const char *name, const char *version, const char *path)
{
	int *n = arg;

	assert_non_null(name);
	assert_non_null(version);
	assert_non_null(path);
	(*n)++;
}

static int
n_plugins(const rl_engine *e)
{
	int n = 0;

	rl_engine_plugins(e, count_plugin, &n);
	return n;
}

/* ------------------------------------------------------------------------
 * Loading and refusing
 * ------------------------------------------------------------------------ */

static void
good_loads_once_and_unloads(void **state)
{
	rl_engine  *e = engine();
	rl_diag     diag;
	size_t      kinds = e->n_kinds;
	const char *fini;
	int         before;

	(void)state;
	fini   = getenv("RL_FIXTURE_FINI");
	before = fini ? atoi(fini) : 0;
	memset(&diag, 0, sizeof diag);
	assert_int_equal(rl_engine_load_plugin(e, "good", &diag), RL_OK);
	assert_int_equal(n_plugins(e), 1);
	/* Loading the same file again, by path, is a no-op. */
	assert_int_equal(
	    rl_engine_load_plugin(e, RL_FIXTURE_DIR "/good.so", &diag), RL_OK);
	assert_int_equal(n_plugins(e), 1);
	assert_int_equal(e->n_kinds, kinds + 1);
	assert_non_null(rl__kind_find(e, "fixture-word"));
	assert_non_null(rl__format_find(e, "fixture"));
	assert_non_null(rl__output_find(e, "fixture-out"));
	assert_true(rl__format_is_reviewable(e, "notes/plan.fix"));
	rl_engine_free(e);
	fini = getenv("RL_FIXTURE_FINI");
	assert_non_null(fini);
	assert_int_equal(atoi(fini), before + 1);
}

static void
wrong_abi_is_refused(void **state)
{
	rl_engine *e = engine();
	rl_diag    diag;
	size_t     kinds = e->n_kinds;

	(void)state;
	memset(&diag, 0, sizeof diag);
	assert_int_equal(
	    rl_engine_load_plugin(e, RL_FIXTURE_DIR "/badabi.so", &diag),
	    RL_EVERSION);
	assert_true(ends_with(diag.file, "/badabi.so"));
	assert_non_null(strstr(diag.message, "ABI version 99"));
	assert_non_null(strstr(diag.message, "plugin ABI version 1"));
	assert_int_equal(n_plugins(e), 0);
	assert_int_equal(e->n_kinds, kinds);
	rl_engine_free(e);
}

static void
missing_entry_is_refused(void **state)
{
	rl_engine *e = engine();
	rl_diag    diag;

	(void)state;
	memset(&diag, 0, sizeof diag);
	assert_int_equal(
	    rl_engine_load_plugin(e, "noentry", &diag), RL_EPLUGIN);
	assert_true(ends_with(diag.file, "/noentry.so"));
	assert_non_null(strstr(diag.message, "rl_plugin_entry"));
	assert_int_equal(n_plugins(e), 0);
	rl_engine_free(e);
}

static void
failing_init_is_refused(void **state)
{
	rl_engine *e = engine();
	rl_diag    diag;
	size_t     kinds = e->n_kinds;

	(void)state;
	memset(&diag, 0, sizeof diag);
	assert_int_equal(
	    rl_engine_load_plugin(e, "failinit", &diag), RL_EPLUGIN);
	assert_true(ends_with(diag.file, "/failinit.so"));
	assert_non_null(strstr(diag.message, "init failed"));
	assert_non_null(strstr(diag.message, "licence file /nonexistent"));
	/* What init registered before failing is gone. */
	assert_null(rl__kind_find(e, "failinit-kind"));
	assert_int_equal(e->n_kinds, kinds);
	assert_int_equal(n_plugins(e), 0);
	rl_engine_free(e);
}

static void
clash_with_builtin_is_refused(void **state)
{
	rl_engine     *e = engine();
	rl_diag        diag;
	const rl_kind *builtin = rl__kind_find(e, "existence");
	size_t         kinds   = e->n_kinds;

	(void)state;
	assert_non_null(builtin);
	memset(&diag, 0, sizeof diag);
	assert_int_equal(rl_engine_load_plugin(e, "clash", &diag), RL_EPLUGIN);
	assert_true(ends_with(diag.file, "/clash.so"));
	assert_non_null(strstr(diag.message, "'existence'"));
	assert_non_null(strstr(diag.message, "built-in"));
	assert_ptr_equal(rl__kind_find(e, "existence"), builtin);
	assert_null(rl__kind_find(e, "clash-fine"));
	assert_int_equal(e->n_kinds, kinds);
	assert_int_equal(n_plugins(e), 0);
	/* The engine still takes a good plugin afterwards. */
	assert_int_equal(rl_engine_load_plugin(e, "good", &diag), RL_OK);
	rl_engine_free(e);
}

static void
not_found_and_not_a_plugin(void **state)
{
	rl_engine *e = engine();
	rl_diag    diag;

	(void)state;
	memset(&diag, 0, sizeof diag);
	assert_int_equal(
	    rl_engine_load_plugin(e, "no-such-plugin", &diag), RL_ENOENT);
	assert_non_null(strstr(diag.message, "plugin search path"));
	assert_non_null(strstr(diag.message, RL_FIXTURE_DIR));
	assert_int_equal(
	    rl_engine_load_plugin(e, "tests/plugin/data/no-such.so", &diag),
	    RL_ENOENT);
	assert_int_equal(rl_engine_load_plugin(
	                     e, "tests/plugin/data/not-a-plugin.so", &diag),
	    RL_EPLUGIN);
	assert_non_null(strstr(diag.message, "cannot load plugin"));
	assert_int_equal(rl_engine_load_plugin(e, "", &diag), RL_EINVAL);
	assert_int_equal(n_plugins(e), 0);
	rl_engine_free(e);
}

static void
load_survives_allocation_failures(void **state)
{
	(void)state;
	for (long n = 0;; n++) {
		rl_engine *e     = engine();
		size_t     kinds = e->n_kinds, formats = e->n_formats;
		rl_diag    diag;
		rl_err     err;

		rl__alloc_fail_after(n);
		err = rl_engine_load_plugin(e, "good", &diag);
		rl__alloc_fail_after(-1);
		if (err == RL_OK) {
			assert_int_equal(n_plugins(e), 1);
			assert_non_null(rl__kind_find(e, "fixture-word"));
			rl_engine_free(e);
			break;
		}
		/* Each failure is clean: nothing half-registered. */
		assert_int_equal(err, RL_ENOMEM);
		assert_int_equal(n_plugins(e), 0);
		assert_int_equal(e->n_kinds, kinds);
		assert_int_equal(e->n_formats, formats);
		rl_engine_free(e);
		assert_true(n < 1000);
	}
}

/* ------------------------------------------------------------------------
 * Plugin kinds in packs, plugin formats in reviews, plugin outputs
 * ------------------------------------------------------------------------ */

static rl_err
load_pack(rl_engine *e, const char *dir, rl_packset **ps, rl_diag *diag)
{
	const char *specs[] = { dir };

	memset(diag, 0, sizeof *diag);
	return rl_packset_load(e, specs, 1, ps, diag);
}

static char *
slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	long  n;

	assert_non_null(f);
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	n = ftell(f);
	assert_true(n >= 0);
	rewind(f);
	buf = malloc((size_t)n + 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
	buf[n] = '\0';
	fclose(f);
	*len = (size_t)n;
	return buf;
}

static void
pack_uses_plugin_kind_and_format(void **state)
{
	rl_engine  *e   = engine();
	rl_packset *ps  = NULL;
	rl_scanner *sc  = NULL;
	rl_result  *res = NULL;
	rl_diag     diag;
	size_t      len;
	char       *doc = slurp("tests/plugin/data/doc.fix", &len);
	static const struct {
		uint32_t line, column;
	} want[] = { { 2, 9 }, { 2, 26 }, { 6, 9 } };

	(void)state;
	/* pack.yaml's `plugins: [good]` loads the plugin. */
	assert_int_equal(load_pack(e, PACKS "fixpack", &ps, &diag), RL_OK);
	assert_int_equal(n_plugins(e), 1);
	assert_int_equal(rl_scanner_new(e, &sc), RL_OK);
	assert_int_equal(
	    rl_review(sc, ps, "doc.fix", doc, len, NULL, &res, &diag), RL_OK);
	assert_string_equal(res->format, "fixture");
	assert_int_equal(res->n_rule_errors, 0);
	assert_int_equal(res->n_findings, 3);
	for (size_t i = 0; i < 3; i++) {
		const rl_finding *f = &res->findings[i];
		assert_string_equal(f->rule, "fixpack.Synergy");
		assert_string_equal(f->message, "Avoid 'synergy'.");
		assert_int_equal(f->level, RL_LEVEL_WARNING);
		assert_int_equal(f->line, want[i].line);
		assert_int_equal(f->column, want[i].column);
		assert_int_equal(f->length, 7);
		assert_memory_equal(doc + f->offset, "synergy", 7);
	}
	assert_string_equal(res->findings[0].section, "Synergy plan");
	rl_result_free(res);

	/* Without an extension, the plugin's sniff picks its format. */
	const char text[] = "%fixture\nno synergy\n";
	assert_int_equal(
	    rl_review(sc, ps, "-", text, sizeof text - 1, NULL, &res, &diag),
	    RL_OK);
	assert_string_equal(res->format, "fixture");
	assert_int_equal(res->n_findings, 1);
	assert_int_equal(res->findings[0].line, 2);
	assert_int_equal(res->findings[0].column, 4);
	rl_result_free(res);

	rl_scanner_free(sc);
	rl_packset_unref(ps);
	free(doc);
	rl_engine_free(e);
}

static void
plugin_kind_field_errors(void **state)
{
	rl_engine  *e  = engine();
	rl_packset *ps = NULL;
	rl_diag     diag;

	(void)state;
	assert_int_equal(load_pack(e, PACKS "badmax", &ps, &diag), RL_EPACK);
	assert_null(ps);
	assert_true(ends_with(diag.file, "badmax/Word.yml"));
	assert_int_equal(diag.line, 4);
	assert_non_null(strstr(diag.message, "max"));

	assert_int_equal(
	    load_pack(e, PACKS "unknownfield", &ps, &diag), RL_EPACK);
	assert_true(ends_with(diag.file, "unknownfield/Word.yml"));
	assert_int_equal(diag.line, 4);
	assert_non_null(strstr(diag.message, "colour"));

	assert_int_equal(load_pack(e, PACKS "noword", &ps, &diag), RL_EPACK);
	assert_true(ends_with(diag.file, "noword/Word.yml"));
	assert_non_null(strstr(diag.message, "needs 'word'"));

	assert_int_equal(
	    load_pack(e, PACKS "missingplugin", &ps, &diag), RL_ENOENT);
	assert_non_null(strstr(diag.message, "no-such-plugin"));
	assert_true(ends_with(diag.file, "missingplugin/pack.yaml"));
	rl_engine_free(e);
}

static void
plugin_output_format(void **state)
{
	rl_engine     *e = engine();
	rl_diag        diag;
	rl_writer     *w  = NULL;
	rl_writer_opts wo = { .color = false };
	rl_result      res;
	char           buf[256];
	FILE          *f = tmpfile();
	size_t         n;

	(void)state;
	assert_non_null(f);
	assert_int_equal(
	    rl_writer_open(e, "fixture-out", f, &wo, &w), RL_ENOENT);
	assert_int_equal(rl_engine_load_plugin(e, "good", &diag), RL_OK);
	assert_int_equal(rl_writer_open(e, "fixture-out", f, &wo, &w), RL_OK);
	memset(&res, 0, sizeof res);
	res.path = "a.md";
	assert_int_equal(rl_writer_document(w, &res, NULL, 0), RL_OK);
	assert_int_equal(rl_writer_close(w), RL_OK);
	rewind(f);
	n      = fread(buf, 1, sizeof buf - 1, f);
	buf[n] = '\0';
	assert_string_equal(buf, "a.md: 0 findings\nend\n");
	fclose(f);
	rl_engine_free(e);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(good_loads_once_and_unloads),
		cmocka_unit_test(wrong_abi_is_refused),
		cmocka_unit_test(missing_entry_is_refused),
		cmocka_unit_test(failing_init_is_refused),
		cmocka_unit_test(clash_with_builtin_is_refused),
		cmocka_unit_test(not_found_and_not_a_plugin),
		cmocka_unit_test(load_survives_allocation_failures),
		cmocka_unit_test(pack_uses_plugin_kind_and_format),
		cmocka_unit_test(plugin_kind_field_errors),
		cmocka_unit_test(plugin_output_format),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

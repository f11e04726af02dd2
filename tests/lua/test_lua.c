/*
 * test_lua.c - Lua rules through the whole engine: loading, the redline
 * module, exact positions, budgets, and hostile rules that must each end
 * as one rule_errors entry while the other rules' findings stay intact.
 *
 * Packs live in tests/lua/packs/; tests run from the source root.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <lauxlib.h>
#include <lua.h>

#include "core/core.h"
#include "lua/lua_int.h"
#include "redline/redline.h"
#include "review/review.h"

static const char probe_doc[] = "# Title\n"
                                "\n"
                                "Some text about Redline here.\n"
                                "\n"
                                "## Section Two\n"
                                "\n"
                                "\xc3\x9c"
                                "n\xc3\xaf"
                                "code Redline.\n";

typedef struct fixture {
	rl_engine  *e;
	rl_scanner *sc;
} fixture;

static int
setup(void **state)
{
	fixture *f = calloc(1, sizeof *f);

	assert_non_null(f);
	assert_int_equal(rl_engine_new(&f->e), RL_OK);
	assert_int_equal(rl_scanner_new(f->e, &f->sc), RL_OK);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	fixture *f = *state;

	rl_scanner_free(f->sc);
	rl_engine_free(f->e);
	free(f);
	return 0;
}

static rl_packset *
load3(fixture *f, const char *a, const char *b, const char *c)
{
	const char *specs[3] = { a, b, c };
	rl_packset *ps       = NULL;
	rl_diag     d;

	memset(&d, 0, sizeof d);
	if (rl_packset_load(f->e, specs, c ? 3 : b ? 2 : 1, &ps, &d) != RL_OK)
		fail_msg(
		    "packs do not load: %s:%u: %s", d.file, d.line, d.message);
	return ps;
}

static rl_packset *
load(fixture *f, const char *a, const char *b)
{
	return load3(f, a, b, NULL);
}

static rl_result *
review(rl_scanner *sc, rl_packset *ps, const char *text)
{
	rl_result *res = NULL;
	rl_diag    d;

	memset(&d, 0, sizeof d);
	assert_int_equal(
	    rl_review(sc, ps, "t.md", text, strlen(text), NULL, &res, &d),
	    RL_OK);
	assert_non_null(res);
	return res;
}

static const char *
rule_error(const rl_result *res, const char *rule)
{
	size_t i;

	for (i = 0; i < res->n_rule_errors; i++)
		if (strcmp(res->rule_errors[i].rule, rule) == 0)
			return res->rule_errors[i].message;
	return NULL;
}

static size_t
count_findings(const rl_result *res, const char *rule, const char *msg)
{
	size_t i, n = 0;

	for (i = 0; i < res->n_findings; i++)
		if (strcmp(res->findings[i].rule, rule) == 0 &&
		    (!msg || strcmp(res->findings[i].message, msg) == 0))
			n++;
	return n;
}

/* check_probe asserts the probe rule's findings, positions included. */
static void
check_probe(const rl_result *res)
{
	const rl_finding *f[4] = { NULL };
	size_t            i, n = 0;

	assert_null(rule_error(res, "probe.probe"));
	for (i = 0; i < res->n_findings && n < 4; i++)
		if (strcmp(res->findings[i].rule, "probe.probe") == 0)
			f[n++] = &res->findings[i];
	assert_int_equal(n, 3);
	/* "Some text about Redline here." */
	assert_string_equal(f[0]->message, "found Redline");
	assert_int_equal(f[0]->level, RL_LEVEL_WARNING);
	assert_int_equal(f[0]->line, 3);
	assert_int_equal(f[0]->column, 17);
	assert_int_equal(f[0]->end_line, 3);
	assert_int_equal(f[0]->end_column, 23);
	assert_int_equal(f[0]->offset, 25);
	assert_int_equal(f[0]->length, 7);
	assert_string_equal(f[0]->match, "Redline");
	assert_string_equal(f[0]->section, "Title");
	assert_string_equal(f[0]->category, "clarity");
	assert_int_equal(f[0]->n_suggestions, 1);
	assert_string_equal(f[0]->suggestions[0], "Blueline");
	/* the section, pointed at by its heading line */
	assert_string_equal(f[1]->message, "section");
	assert_int_equal(f[1]->level, RL_LEVEL_ERROR);
	assert_int_equal(f[1]->line, 5);
	assert_int_equal(f[1]->column, 1);
	assert_int_equal(f[1]->end_line, 5);
	assert_int_equal(f[1]->end_column, 14);
	/* "Ünïcode Redline.": columns count code points */
	assert_string_equal(f[2]->message, "found Redline");
	assert_int_equal(f[2]->line, 7);
	assert_int_equal(f[2]->column, 9);
	assert_int_equal(f[2]->end_column, 15);
	assert_string_equal(f[2]->section, "Section Two");
}

static void
test_positions(void **state)
{
	fixture    *f  = *state;
	rl_packset *ps = load(f, "tests/lua/packs/probe", NULL);
	rl_result  *res;

	res = review(f->sc, ps, probe_doc);
	assert_int_equal(res->n_rule_errors, 0);
	check_probe(res);
	assert_int_equal(count_findings(res, "probe.probe", "leak"), 0);
	rl_result_free(res);
	rl_packset_unref(ps);
}

/* Each hostile rule and the reason it must fail with. */
static const struct {
	const char *rule;
	const char *reason;
} hostile[] = {
	{ "hostile.loop", "instruction budget exceeded" },
	{ "hostile.pcall_loop", "instruction budget exceeded" },
	{ "hostile.xpcall_loop", "instruction budget exceeded" },
	{ "hostile.rep", "memory cap exceeded" },
	{ "hostile.rep_pcall", "memory cap exceeded" },
	{ "hostile.rep_empty", "instruction budget exceeded" },
	{ "hostile.grow", "memory cap exceeded" },
	{ "hostile.grow_pcall", "memory cap exceeded" },
	{ "hostile.insert_len", "instruction budget exceeded" },
	{ "hostile.os_execute", "global 'os'" },
	{ "hostile.io_open", "global 'io'" },
	{ "hostile.require_os", "module 'os' not found" },
	{ "hostile.require_g", "module '_G' not found" },
	{ "hostile.dump", "nil value" },
	{ "hostile.sethook", "global 'debug'" },
	{ "hostile.setmeta_lib", "cannot change a protected metatable" },
	{ "hostile.setmeta_strmt", "table expected, got string" },
	{ "hostile.write_lib", "read-only table 'string'" },
	{ "hostile.yield", "global 'coroutine'" },
	{ "hostile.error_table", "error object is a table value" },
	{ "hostile.error_nil", "error object is a nil value" },
	{ "hostile.gc", "__gc metamethods are not available" },
	{ "hostile.collect", "collectgarbage('stop') is not available" },
	{ "hostile.lua_pattern", "Lua patterns are not available" },
	{ "hostile.regex_limit", "match limit" },
	{ "hostile.report_bad", "outside the document" },
};

static void
test_hostile(void **state)
{
	fixture    *f = *state;
	rl_packset *ps;
	rl_result  *res;
	const char *msg;
	char        where[128];
	size_t      i, round;

	ps = load3(f, "tests/lua/packs/intruder", "tests/lua/packs/hostile",
	    "tests/lua/packs/probe");
	/* Twice: a contained rule leaves the state fit for the next review. */
	for (round = 0; round < 2; round++) {
		res = review(f->sc, ps, probe_doc);
		for (i = 0; i < sizeof hostile / sizeof hostile[0]; i++) {
			msg = rule_error(res, hostile[i].rule);
			if (!msg)
				fail_msg("%s did not fail", hostile[i].rule);
			if (!strstr(msg, hostile[i].reason))
				fail_msg("%s: '%s' lacks '%s'", hostile[i].rule,
				    msg, hostile[i].reason);
			/* the reason names the rule file */
			snprintf(where, sizeof where, "%s.lua",
			    hostile[i].rule + strlen("hostile."));
			if (!strstr(msg, where))
				fail_msg("%s: '%s' names no file",
				    hostile[i].rule, msg);
			assert_int_equal(
			    count_findings(res, hostile[i].rule, NULL), 0);
		}
		/* A pack that rewrote its own _G fails where it touches a
		 * shared table, and nobody else sees what it wrote. */
		msg = rule_error(res, "intruder.gwrite");
		assert_non_null(msg);
		assert_non_null(strstr(msg, "read-only table 'math'"));
		assert_int_equal(
		    res->n_rule_errors, sizeof hostile / sizeof hostile[0] + 1);
		/* the well-behaved pack is untouched */
		check_probe(res);
		assert_int_equal(count_findings(res, "probe.probe", "leak"), 0);
		rl_result_free(res);
	}
	rl_packset_unref(ps);
	assert_int_equal(access("/tmp/redline-pwned", F_OK), -1);
}

/* The rule error names the line the failure happened on. */
static void
test_error_line(void **state)
{
	fixture    *f  = *state;
	rl_packset *ps = load(f, "tests/lua/packs/hostile", NULL);
	rl_result  *res;
	const char *msg;

	res = review(f->sc, ps, probe_doc);
	msg = rule_error(res, "hostile.os_execute");
	assert_non_null(msg);
	assert_non_null(strstr(msg, "hostile/os_execute.lua:6: "));
	msg = rule_error(res, "hostile.loop");
	assert_non_null(msg);
	assert_non_null(strstr(msg, "hostile/loop.lua:6: "));
	rl_result_free(res);
	rl_packset_unref(ps);
}

static void
test_budget_resets(void **state)
{
	fixture    *f  = *state;
	rl_packset *ps = load(f, "tests/lua/packs/budget", NULL);
	rl_result  *res;
	int         i;

	for (i = 0; i < 3; i++) {
		res = review(f->sc, ps, probe_doc);
		assert_null(rule_error(res, "budget.near"));
		assert_non_null(rule_error(res, "budget.over"));
		assert_non_null(strstr(rule_error(res, "budget.over"),
		    "instruction budget exceeded (100000 instructions)"));
		rl_result_free(res);
	}
	rl_packset_unref(ps);
}

/* The embedder's bound wins over what a pack asks for. */
static void
test_engine_bound(void **state)
{
	fixture    *f = *state;
	rl_packset *ps;
	rl_result  *res;

	assert_int_equal(rl_engine_set_lua_limits(f->e, 50000, 0), RL_OK);
	ps  = load(f, "tests/lua/packs/budget", NULL);
	res = review(f->sc, ps, probe_doc);
	assert_non_null(rule_error(res, "budget.near"));
	assert_non_null(strstr(rule_error(res, "budget.near"),
	    "instruction budget exceeded (50000 instructions)"));
	rl_result_free(res);
	rl_packset_unref(ps);
	assert_int_equal(rl_engine_set_lua_limits(NULL, 1, 1), RL_EINVAL);
}

/* ------------------------------------------------------------------------
 * Loading: rules written to a temporary pack
 * ------------------------------------------------------------------------ */

typedef struct tmp_pack {
	char dir[64];
	char file[128];
} tmp_pack;

static void
write_file(const char *path, const void *data, size_t len)
{
	FILE *fp = fopen(path, "wb");

	assert_non_null(fp);
	assert_int_equal(fwrite(data, 1, len, fp), len);
	fclose(fp);
}

static void
tmp_pack_make(tmp_pack *t, const void *lua, size_t len)
{
	static const char manifest[] = "name: tmp\nversion: 1.0.0\n"
	                               "description: a test pack\n";
	char              path[128];

	strcpy(t->dir, "/tmp/redline-lua-XXXXXX");
	assert_non_null(mkdtemp(t->dir));
	snprintf(path, sizeof path, "%s/pack.yaml", t->dir);
	write_file(path, manifest, strlen(manifest));
	snprintf(t->file, sizeof t->file, "%s/rule.lua", t->dir);
	write_file(t->file, lua, len);
}

static void
tmp_pack_remove(tmp_pack *t)
{
	char path[128];

	unlink(t->file);
	snprintf(path, sizeof path, "%s/pack.yaml", t->dir);
	unlink(path);
	rmdir(t->dir);
}

/* load_fails loads a pack holding one rule.lua and expects RL_EPACK with
 * reason in the message and the given line (0: any). */
static void
load_fails(
    fixture *f, const char *lua, size_t len, const char *reason, uint32_t line)
{
	tmp_pack    t;
	const char *spec = t.dir;
	rl_packset *ps   = NULL;
	rl_diag     d;

	tmp_pack_make(&t, lua, len);
	memset(&d, 0, sizeof d);
	assert_int_equal(rl_packset_load(f->e, &spec, 1, &ps, &d), RL_EPACK);
	assert_null(ps);
	if (!strstr(d.message, reason))
		fail_msg("'%s' lacks '%s'", d.message, reason);
	assert_non_null(strstr(d.file, "rule.lua"));
	if (line)
		assert_int_equal(d.line, line);
	tmp_pack_remove(&t);
}

#define LOAD_FAILS(f, src, reason, line)                                       \
	load_fails(f, src, sizeof src - 1, reason, line)

static void
test_load_errors(void **state)
{
	fixture *f = *state;

	LOAD_FAILS(f,
	    "return {\n  level = 'warning',\n  message = 'x'\n"
	    "  check = function() end }\n",
	    "'}' expected", 4);
	LOAD_FAILS(f, "return 42\n", "must return the rule table", 0);
	LOAD_FAILS(f,
	    "return {level = 'warning', message = 'x', mesage = 'y',\n"
	    "        check = function() end}\n",
	    "unknown field 'mesage'", 0);
	LOAD_FAILS(f, "return {level = 'warning', message = 'x'}\n",
	    "'check' must be a function", 0);
	LOAD_FAILS(f,
	    "return {level = 'loud', message = 'x', check = function() end}\n",
	    "level 'loud'", 0);
	LOAD_FAILS(f, "return {level = 'warning', check = function() end}\n",
	    "no 'message'", 0);
	LOAD_FAILS(
	    f, "\n\nwhile true do end\n", "instruction budget exceeded", 3);
	LOAD_FAILS(f, "local x = io.read()\n", "global 'io'", 1);
	LOAD_FAILS(f, "require('redline').report{message = 'x'}\n",
	    "only inside check", 1);
	LOAD_FAILS(f,
	    "local r = require('redline')\nlocal p = r.pattern('(')\n",
	    "bad regular expression", 2);
}

typedef struct dump_buf {
	char   data[4096];
	size_t len;
} dump_buf;

static int
dump_writer(lua_State *L, const void *p, size_t n, void *ud)
{
	dump_buf *b = ud;

	(void)L;
	if (n > sizeof b->data - b->len)
		return 1;
	memcpy(b->data + b->len, p, n);
	b->len += n;
	return 0;
}

/* A precompiled chunk is refused: sources load in text mode only. */
static void
test_binary_chunk(void **state)
{
	fixture   *f = *state;
	lua_State *L = luaL_newstate();
	dump_buf   b;

	assert_non_null(L);
	b.len = 0;
	assert_int_equal(luaL_loadstring(L,
	                     "return {level = 'warning', "
	                     "message = 'x', check = "
	                     "function() end}"),
	    LUA_OK);
	assert_int_equal(lua_dump(L, dump_writer, &b, 0), 0);
	assert_true(b.len > 4 && b.data[0] == 0x1b);
	load_fails(f, b.data, b.len, "binary chunk", 0);
	lua_close(L);
}

/* A node kept in a global is refused after its check call returned. */
static void
test_stale_node(void **state)
{
	fixture          *f     = *state;
	static const char src[] = "return {level = 'warning', message = 'x',\n"
	                          "  check = function(doc)\n"
	                          "    if saved then local t = saved.text end\n"
	                          "    saved = doc\n"
	                          "  end}\n";
	tmp_pack          t;
	const char       *spec = t.dir;
	rl_packset       *ps   = NULL;
	rl_result        *res;
	rl_diag           d;

	tmp_pack_make(&t, src, sizeof src - 1);
	assert_int_equal(rl_packset_load(f->e, &spec, 1, &ps, &d), RL_OK);
	res = review(f->sc, ps, probe_doc);
	assert_int_equal(res->n_rule_errors, 0);
	rl_result_free(res);
	res = review(f->sc, ps, "Another document.\n");
	assert_int_equal(res->n_rule_errors, 1);
	assert_non_null(
	    strstr(res->rule_errors[0].message, "used after the check call"));
	assert_non_null(strstr(res->rule_errors[0].message, "rule.lua:3:"));
	rl_result_free(res);
	rl_packset_unref(ps);
	tmp_pack_remove(&t);
}

/* The document model as a rule sees it. */
static void
test_model(void **state)
{
	fixture          *f = *state;
	static const char src[] =
	    "local r = require 'redline'\n"
	    "local function say(doc, s) r.report{message = s} end\n"
	    "return {level = 'suggestion', message = 'x',\n"
	    "  check = function(doc)\n"
	    "    say(doc, 'format=' .. doc.format)\n"
	    "    say(doc, 'owner=' .. tostring(doc.meta and doc.meta.owner))\n"
	    "    say(doc, 'tags=' .. table.concat(doc.meta.tags, ','))\n"
	    "    local secs = doc:sections()\n"
	    "    for _, s in ipairs(secs) do\n"
	    "      say(doc, ('sec %s %d parent=%s kids=%d'):format(s.title,\n"
	    "        s.level, s.parent.title, #s.children))\n"
	    "    end\n"
	    "    local b = doc:section('Body')\n"
	    "    for _, blk in ipairs(b:blocks()) do\n"
	    "      say(doc, 'blk ' .. blk.kind .. ' ' .. #blk:sentences() ..\n"
	    "        ' in ' .. blk.section.title)\n"
	    "    end\n"
	    "    say(doc, 'words=' .. #b:section('Inner'):words())\n"
	    "    local m = r.match(r.pattern('(\\\\d+) (apples)', 'i'), b)\n"
	    "    say(doc, 'm=' .. m.text .. '|' .. m[1] .. '|' .. m[2])\n"
	    "    local s = r.match('b+', 'aabbbc')\n"
	    "    say(doc, ('s=%d,%d'):format(s.offset, s.length))\n"
	    "    say(doc, 'eq=' .. tostring(secs[2].parent == secs[1]))\n"
	    "    say(doc, 'plain=' .. tostring(('a.b'):find('.', 1, true)))\n"
	    "  end}\n";
	static const char        doc[]  = "---\nowner: ana\ntags: [a, b]\n---\n"
	                                  "# Body\n\n"
	                                  "We have 12 Apples. Really.\n\n"
	                                  "- one item\n\n"
	                                  "## Inner\n\n"
	                                  "Three words here.\n";
	static const char *const want[] = {
		"format=markdown",
		"owner=ana",
		"tags=a,b",
		"sec Body 1 parent= kids=1",
		"sec Inner 2 parent=Body kids=0",
		"blk heading 1 in Body",
		"blk paragraph 2 in Body",
		"blk list_item 1 in Body",
		"blk heading 1 in Inner",
		"blk paragraph 1 in Inner",
		"words=4",
		"m=12 Apples|12|Apples",
		"s=2,3",
		"eq=true",
		"plain=2",
	};
	tmp_pack    t;
	const char *spec = t.dir;
	rl_packset *ps   = NULL;
	rl_result  *res;
	rl_diag     d;
	size_t      i;

	tmp_pack_make(&t, src, sizeof src - 1);
	memset(&d, 0, sizeof d);
	if (rl_packset_load(f->e, &spec, 1, &ps, &d) != RL_OK)
		fail_msg("%s:%u: %s", d.file, d.line, d.message);
	res = review(f->sc, ps, doc);
	if (res->n_rule_errors)
		fail_msg("%s", res->rule_errors[0].message);
	assert_int_equal(res->n_findings, sizeof want / sizeof want[0]);
	for (i = 0; i < res->n_findings; i++)
		assert_string_equal(res->findings[i].message, want[i]);
	rl_result_free(res);
	rl_packset_unref(ps);
	tmp_pack_remove(&t);
}

/* Allocation failures at every step of a review with a fresh scanner (the
 * Lua state is made during the review): the review fails with RL_ENOMEM or
 * the rule fails as a rule error; nothing crashes or leaks, and once
 * allocations suffice the findings are right. */
static void
test_alloc_failures(void **state)
{
	fixture    *f    = *state;
	rl_packset *ps   = load(f, "tests/lua/packs/probe", NULL);
	bool        done = false;
	long        n;

	for (n = 0; n < 20000 && !done; n++) {
		rl_scanner *sc  = NULL;
		rl_result  *res = NULL;
		rl_diag     d;
		rl_err      err;

		assert_int_equal(rl_scanner_new(f->e, &sc), RL_OK);
		rl__alloc_fail_after(n);
		err = rl_review(sc, ps, "t.md", probe_doc, strlen(probe_doc),
		    NULL, &res, &d);
		rl__alloc_fail_after(-1);
		if (err == RL_OK) {
			if (res->n_rule_errors == 0) {
				check_probe(res);
				done = true;
			} else {
				assert_string_equal(
				    res->rule_errors[0].rule, "probe.probe");
			}
			rl_result_free(res);
		} else {
			assert_int_equal(err, RL_ENOMEM);
		}
		rl_scanner_free(sc);
	}
	assert_true(done);
	/* Failures are sticky, so the review itself usually fails too. */
	assert_true(n > 100);
	rl_packset_unref(ps);
}

static size_t
count_entries(lua_State *L, int ref)
{
	size_t n = 0;

	lua_rawgeti(L, LUA_REGISTRYINDEX, ref);
	lua_pushnil(L);
	while (lua_next(L, -2)) {
		lua_pop(L, 1);
		n++;
	}
	lua_pop(L, 1);
	return n;
}

/* A reloaded pack's rules and environment leave the thread's state once
 * they have gone unused for RL_LUA_SWEEP_EVERY rule calls. */
static void
test_cache_sweep(void **state)
{
	fixture    *f  = *state;
	rl_packset *ps = load(f, "tests/lua/packs/probe", NULL);
	rl_result  *res;
	rl_lua_vm  *vm;
	int         i;

	res = review(f->sc, ps, probe_doc);
	rl_result_free(res);
	rl_packset_unref(ps);
	ps  = load(f, "tests/lua/packs/probe", NULL); /* new serials */
	res = review(f->sc, ps, probe_doc);
	check_probe(res);
	rl_result_free(res);
	vm = f->sc->lua;
	assert_non_null(vm);
	assert_int_equal(count_entries(vm->L, vm->ref_rules), 2);
	assert_int_equal(count_entries(vm->L, vm->ref_envs), 2);
	for (i = 0; i < 2 * RL_LUA_SWEEP_EVERY; i++) {
		res = review(f->sc, ps, "x\n");
		rl_result_free(res);
	}
	assert_int_equal(count_entries(vm->L, vm->ref_rules), 1);
	assert_int_equal(count_entries(vm->L, vm->ref_envs), 1);
	res = review(f->sc, ps, probe_doc);
	check_probe(res);
	rl_result_free(res);
	rl_packset_unref(ps);
}

/* Two threads, one scanner (one Lua state) each, one packset. */
typedef struct worker {
	rl_engine  *e;
	rl_packset *ps;
	int         ok;
} worker;

static void *
work(void *arg)
{
	worker     *w = arg;
	rl_scanner *sc;
	rl_result  *res;
	rl_diag     d;
	int         i;

	if (rl_scanner_new(w->e, &sc) != RL_OK)
		return NULL;
	for (i = 0; i < 20; i++) {
		if (rl_review(sc, w->ps, "t.md", probe_doc, strlen(probe_doc),
		        NULL, &res, &d) != RL_OK)
			break;
		if (count_findings(res, "probe.probe", NULL) == 3 &&
		    res->n_rule_errors == 0)
			w->ok++;
		rl_result_free(res);
	}
	rl_scanner_free(sc);
	return NULL;
}

static void
test_threads(void **state)
{
	fixture  *f = *state;
	worker    w[2];
	pthread_t th[2];
	int       i;

	for (i = 0; i < 2; i++) {
		w[i].e  = f->e;
		w[i].ps = load(f, "tests/lua/packs/probe", NULL);
		w[i].ok = 0;
	}
	for (i = 0; i < 2; i++)
		assert_int_equal(pthread_create(&th[i], NULL, work, &w[i]), 0);
	for (i = 0; i < 2; i++) {
		pthread_join(th[i], NULL);
		assert_int_equal(w[i].ok, 20);
		rl_packset_unref(w[i].ps);
	}
}

/* Slicing a long text one character at a time is charged by the slices,
 * not by the text each call reads from: 50,000 one-byte slices of a
 * 200 KB document fit the default budget (charged by the whole text, they
 * would cost over a billion units), while upper() of the whole text is
 * still charged per byte. */
static void
test_slices_charged_by_result(void **state)
{
	static const char src[] =
	    "local r = require 'redline'\n"
	    "return {level = 'warning', message = 'x',\n"
	    "  check = function(doc)\n"
	    "    local raw, n = doc.raw, 0\n"
	    "    for i = 1, 50000 do\n"
	    "      if raw:sub(i, i) == 'a' then n = n + 1 end\n"
	    "      if raw:byte(i) == 97 then n = n + 1 end\n"
	    "    end\n"
	    "    r.report{offset = 0, length = 1, message = 'n=' .. n}\n"
	    "  end}\n";
	fixture    *f    = *state;
	size_t      n    = 200000;
	char       *text = malloc(n + 1);
	tmp_pack    t;
	const char *spec = t.dir;
	rl_packset *ps   = NULL;
	rl_result  *res  = NULL;
	rl_diag     d;

	assert_non_null(text);
	for (size_t i = 0; i < n; i++)
		text[i] = i % 10 == 9 ? '\n' : 'a';
	text[n] = '\0';
	tmp_pack_make(&t, src, sizeof src - 1);
	memset(&d, 0, sizeof d);
	assert_int_equal(rl_packset_load(f->e, &spec, 1, &ps, &d), RL_OK);
	assert_int_equal(
	    rl_review(f->sc, ps, "big.txt", text, n, NULL, &res, &d), RL_OK);
	assert_int_equal(res->n_rule_errors, 0);
	assert_int_equal(res->n_findings, 1);
	assert_string_equal(res->findings[0].message, "n=90000");
	rl_result_free(res);
	rl_packset_unref(ps);
	tmp_pack_remove(&t);
	free(text);
}

/* The texts of a document's nodes are kept for the rest of a review (so
 * the rules after the first that reads doc.raw get the same string): a
 * scanner that reviewed other documents before, of the same shape, must
 * give each rule the texts of the document under review, over and under
 * the cache's bound. */
static void
test_texts_per_review(void **state)
{
	static const char src[] =
	    "local r = require 'redline'\n"
	    "return {level = 'suggestion', message = 'x',\n"
	    "  check = function(doc)\n"
	    "    local a, b = doc.raw, doc.raw\n"
	    "    local t = {#a, tostring(a == b), doc.text:sub(1, 12)}\n"
	    "    for _, k in ipairs(doc:blocks()) do\n"
	    "      t[#t + 1] = k.text:sub(1, 24) .. '/' .. #k.raw\n"
	    "    end\n"
	    "    for _, s in ipairs(doc:sections()) do\n"
	    "      t[#t + 1] = s.raw:sub(-10) .. '/' .. #s.text\n"
	    "    end\n"
	    "    for _, s in ipairs(doc:sentences()) do\n"
	    "      t[#t + 1] = s.text:sub(1, 8)\n"
	    "    end\n"
	    "    r.report{offset = 0, length = 1,\n"
	    "      message = table.concat(t, '|')}\n"
	    "  end}\n";
	fixture    *f = *state;
	char       *docs[3];
	size_t      big = 400000;
	tmp_pack    t;
	const char *spec = t.dir;
	rl_packset *ps   = NULL;
	rl_diag     d;

	docs[0] = strdup("# One\n\nFirst text here. Then more.\n\n"
	                 "## Two\n\n- an item\n");
	docs[1] = strdup("# Uno\n\nOther words there. And so.\n\n"
	                 "## Dos\n\n- a thing\n");
	/* Over the bound (twice the document and some): most texts of this
	 * one are copied, not kept. */
	docs[2] = malloc(big + 1);
	assert_non_null(docs[0]);
	assert_non_null(docs[1]);
	assert_non_null(docs[2]);
	for (size_t i = 0; i < big; i++)
		docs[2][i] = i % 100 == 99 ? '\n'
		    : i % 100 == 98        ? '.'
		                           : (char)('a' + i % 7);
	docs[2][big] = '\0';
	tmp_pack_make(&t, src, sizeof src - 1);
	memset(&d, 0, sizeof d);
	assert_int_equal(rl_packset_load(f->e, &spec, 1, &ps, &d), RL_OK);
	for (int round = 0; round < 7; round++) {
		const char *doc = docs[round % 3];
		rl_scanner *fresh;
		rl_result  *kept, *once;

		/* f->sc has reviewed the other documents before; fresh has
		 * never reviewed anything. */
		assert_int_equal(rl_scanner_new(f->e, &fresh), RL_OK);
		kept = review(f->sc, ps, doc);
		once = review(fresh, ps, doc);
		assert_int_equal(kept->n_rule_errors, 0);
		assert_int_equal(kept->n_findings, 1);
		assert_int_equal(once->n_findings, 1);
		assert_string_equal(
		    kept->findings[0].message, once->findings[0].message);
		rl_result_free(kept);
		rl_result_free(once);
		rl_scanner_free(fresh);
	}
	/* And the texts are the right ones, not only the same. */
	{
		rl_result  *res = review(f->sc, ps, docs[1]);
		const char *msg = res->findings[0].message;

		if (strcmp(msg,
		        "53|true|  Uno\n\nOther|Uno/3|Other words there. "
		        "And s/26|Dos/3|a thing/7|- a thing\n/53|- a thing\n"
		        "/18|Uno|Other wo|And so.|Dos|a thing") != 0)
			fail_msg("%s", msg);
		rl_result_free(res);
	}
	rl_packset_unref(ps);
	tmp_pack_remove(&t);
	for (int i = 0; i < 3; i++)
		free(docs[i]);
}

/* ------------------------------------------------------------------------
 * A pack's Lua modules (lib/NAME.lua)
 * ------------------------------------------------------------------------ */

static const rl_finding *
finding_of(const rl_result *res, const char *rule, size_t nth)
{
	for (size_t i = 0; i < res->n_findings; i++)
		if (strcmp(res->findings[i].rule, rule) == 0 && nth-- == 0)
			return &res->findings[i];
	return NULL;
}

static void
test_modules(void **state)
{
	fixture    *f = *state;
	rl_packset *ps =
	    load(f, "tests/lua/packs/modules", "tests/lua/packs/outsider");
	const rl_finding *m;
	const char       *why;
	rl_result        *res;

	for (int pass = 0; pass < 2; pass++) {
		res = review(f->sc, ps, probe_doc);
		/* A module's code reports at exact positions. */
		assert_int_equal(count_findings(res, "modules.names", NULL), 2);
		m = finding_of(res, "modules.names", 0);
		assert_string_equal(m->message, "found Redline");
		assert_int_equal(m->line, 3);
		assert_int_equal(m->column, 17);
		m = finding_of(res, "modules.names", 1);
		assert_int_equal(m->line, 7);
		assert_int_equal(m->column, 9);
		/* It ran once in the pack's environment, shared by its rules,
		 * also on the second document. */
		m = finding_of(res, "modules.once", 0);
		assert_non_null(m);
		assert_string_equal(m->message, "loads=1 same=true");
		/* A module that requires itself, one that fails, and one that
		 * does not exist: each is that rule's error. */
		why = rule_error(res, "modules.selfloop");
		assert_non_null(why);
		assert_non_null(strstr(why, "module 'loop' requires itself"));
		why = rule_error(res, "modules.fails");
		assert_non_null(why);
		assert_non_null(strstr(why, "lib/broken.lua:2:"));
		why = rule_error(res, "modules.missing");
		assert_non_null(why);
		assert_non_null(strstr(why, "module 'nowhere' not found"));
		/* Another pack cannot reach this pack's modules. */
		why = rule_error(res, "outsider.borrow");
		assert_non_null(why);
		assert_non_null(strstr(why, "module 'words' not found"));
		/* A module out of budget ends the rule, even under pcall. */
		why = rule_error(res, "modules.spin");
		assert_non_null(why);
		assert_non_null(strstr(why, "instruction budget exceeded"));
		assert_int_equal(count_findings(res, "modules.spin", NULL), 0);
		assert_int_equal(res->n_rule_errors, 5);
		rl_result_free(res);
	}
	rl_packset_unref(ps);
}

/* tmp_lib writes DIR/lib/name with text. */
static void
tmp_lib(const tmp_pack *t, const char *name, const char *text)
{
	char path[192];

	snprintf(path, sizeof path, "%s/lib", t->dir);
	mkdir(path, 0700);
	snprintf(path, sizeof path, "%s/lib/%s", t->dir, name);
	write_file(path, text, strlen(text));
}

static void
tmp_lib_remove(const tmp_pack *t, const char *name)
{
	char path[192];

	snprintf(path, sizeof path, "%s/lib/%s", t->dir, name);
	unlink(path);
	snprintf(path, sizeof path, "%s/lib", t->dir);
	rmdir(path);
}

/* A module that does not compile, or whose name cannot be required, stops
 * the pack from loading with the module's file and line; a module's text
 * counts in the pack's digest. */
static void
test_module_load_errors(void **state)
{
	static const char rule[] =
	    "local m = require 'm'\n"
	    "return {level = 'warning', message = m.msg,\n"
	    "        check = function() end}\n";
	fixture    *f = *state;
	tmp_pack    t;
	const char *spec = t.dir;
	rl_packset *ps   = NULL;
	rl_diag     d;
	char        digest[65];

	tmp_pack_make(&t, rule, sizeof rule - 1);

	tmp_lib(&t, "m.lua", "return {msg = 'one'}\n");
	memset(&d, 0, sizeof d);
	assert_int_equal(rl_packset_load(f->e, &spec, 1, &ps, &d), RL_OK);
	snprintf(digest, sizeof digest, "%s", ps->refs_out[0].digest);
	rl_packset_unref(ps);
	tmp_lib(&t, "m.lua", "return {msg = 'two'}\n");
	assert_int_equal(rl_packset_load(f->e, &spec, 1, &ps, &d), RL_OK);
	assert_string_not_equal(digest, ps->refs_out[0].digest);
	rl_packset_unref(ps);

	tmp_lib(&t, "m.lua", "local t = {\n\nreturn t\n");
	ps = NULL;
	assert_int_equal(rl_packset_load(f->e, &spec, 1, &ps, &d), RL_EPACK);
	assert_null(ps);
	assert_non_null(strstr(d.file, "lib/m.lua"));
	assert_int_equal(d.line, 3);
	assert_non_null(strstr(d.message, "does not compile"));

	tmp_lib(&t, "m.lua", "return {msg = 'one'}\n");
	tmp_lib(&t, "my.mod.lua", "return {}\n");
	assert_int_equal(rl_packset_load(f->e, &spec, 1, &ps, &d), RL_EPACK);
	assert_non_null(strstr(d.file, "lib/my.mod.lua"));
	assert_non_null(strstr(d.message, "cannot name a Lua module"));
	tmp_lib_remove(&t, "my.mod.lua");

	tmp_lib(&t, "redline.lua", "return {}\n");
	assert_int_equal(rl_packset_load(f->e, &spec, 1, &ps, &d), RL_EPACK);
	assert_non_null(strstr(d.message, "cannot name a Lua module"));
	tmp_lib_remove(&t, "redline.lua");

	tmp_lib_remove(&t, "m.lua");
	tmp_pack_remove(&t);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(
		    test_positions, setup, teardown),
		cmocka_unit_test_setup_teardown(test_hostile, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_error_line, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_budget_resets, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_engine_bound, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_load_errors, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_binary_chunk, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_stale_node, setup, teardown),
		cmocka_unit_test_setup_teardown(test_model, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_cache_sweep, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_alloc_failures, setup, teardown),
		cmocka_unit_test_setup_teardown(test_threads, setup, teardown),
		cmocka_unit_test_setup_teardown(test_modules, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_texts_per_review, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_slices_charged_by_result, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_module_load_errors, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

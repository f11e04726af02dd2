/*
 * lua_lib.c - a pack's Lua modules: lib/NAME.lua, which the pack's rules
 * load with require "NAME".
 *
 * Several rules of a pack often need the same code (where the FAQ of a
 * PR/FAQ is, what its questions are).  A module holds it once.  The pack
 * loader reads every lib/NAME.lua before the rules, checks that each compiles
 * (text mode only, like rules) and keeps its text in the pack.  In a Lua
 * state, the pack's environment gets its own `require`: a module of the
 * pack runs the first time a rule of that environment asks for it, in
 * that environment (so it sees the pack's globals and nothing else), and
 * its value is kept for the environment's lifetime; any other name goes to
 * the sandbox's `require`, which knows only "redline".  A module's work is
 * charged to the budget of the rule that runs it.
 */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "lua/lua_int.h"

/* The value loaded[NAME] holds while NAME's chunk runs. */
static const char loading_sentinel = 0;

/* ------------------------------------------------------------------------
 * Loading lib/ into the pack
 * ------------------------------------------------------------------------ */

/* valid_module_name: letters, digits, '_' and '-', and not "redline". */
static bool
valid_module_name(const char *s, size_t n)
{
	size_t i;

	if (n == 0 || (n == 7 && memcmp(s, "redline", 7) == 0))
		return false;
	for (i = 0; i < n; i++) {
		char c = s[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		        (c >= '0' && c <= '9') || c == '_' || c == '-'))
			return false;
	}
	return true;
}

static int
name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* compile_entry compiles the module at upvalue-free argument 1 (a
 * rl_lua_rule describing it) in text mode; raises the syntax error. */
static int
compile_entry(lua_State *L)
{
	const rl_lua_rule *m = lua_touserdata(L, 1);

	if (luaL_loadbufferx(L, m->src, m->len, m->chunkname, "t") != LUA_OK)
		return lua_error(L);
	return 0;
}

/* compile_check reports the first module of p that does not compile. */
static rl_err
compile_check(const rl_engine *e, const rl_pack *p, rl_diag *diag)
{
	rl_lua_vm  *vm = NULL;
	rl_lua_rule m;
	uint64_t    instructions;
	size_t      memory, i;
	char        reason[1100];

	rl__lua_limits(e, p, &instructions, &memory);
	if (rl__lua_vm_new(memory, &vm) != RL_OK)
		return rl__diag_set(diag, RL_ENOMEM, p->info.path, 0, 0,
		    "cannot create a Lua state: out of memory");
	for (i = 0; i < p->n_lua_libs; i++) {
		const rl_lua_lib *lib = &p->lua_libs[i];
		int               status;

		memset(&m, 0, sizeof m);
		m.path      = lib->path;
		m.chunkname = lib->chunkname;
		m.src       = lib->src;
		m.len       = lib->len;
		vm->lr      = &m; /* so failures are located in this file */
		lua_pushcfunction(vm->L, compile_entry);
		lua_pushlightuserdata(vm->L, &m);
		status = rl__lua_pcall(vm, 1, 0);
		vm->lr = NULL;
		if (status != LUA_OK) {
			rl__lua_failure_reason(
			    vm, status, reason, sizeof reason);
			rl__diag_set(diag, RL_EPACK, lib->path,
			    (uint32_t)(vm->err_line > 0 ? vm->err_line : 0), 0,
			    "Lua module does not compile: %s", reason);
			rl__lua_vm_free(vm);
			return RL_EPACK;
		}
	}
	rl__lua_vm_free(vm);
	return RL_OK;
}

/* list_modules sets *names to the sorted *.lua file names of dir (heap;
 * the caller frees each and the array).  A missing folder is no module. */
static rl_err
list_modules(const char *dir, char ***names, size_t *n, rl_diag *diag)
{
	DIR           *d = opendir(dir);
	struct dirent *de;
	char         **v   = NULL;
	size_t         cap = 0;
	char           path[PATH_MAX];
	struct stat    st;

	*names = NULL;
	*n     = 0;
	if (!d) {
		if (errno == ENOENT || errno == ENOTDIR)
			return RL_OK;
		return rl__diag_set(diag, RL_EPACK, dir, 0, 0,
		    "cannot read the pack's lib folder: %s", strerror(errno));
	}
	while ((de = readdir(d))) {
		size_t len = strlen(de->d_name);

		if (de->d_name[0] == '.' || len <= 4 ||
		    strcmp(de->d_name + len - 4, ".lua") != 0)
			continue;
		if (snprintf(path, sizeof path, "%s/%s", dir, de->d_name) >=
		        (int)sizeof path ||
		    stat(path, &st) != 0 || !S_ISREG(st.st_mode))
			continue;
		if (rl__vec_reserve((void **)&v, &cap, *n + 1, sizeof *v) ||
		    !(v[*n] = rl__strdup(de->d_name))) {
			closedir(d);
			*names = v;
			return rl__diag_set(
			    diag, RL_ENOMEM, dir, 0, 0, "out of memory");
		}
		(*n)++;
	}
	closedir(d);
	if (*n)
		qsort(v, *n, sizeof *v, name_cmp);
	*names = v;
	return RL_OK;
}

/* add_module reads lib/file into p->lua_libs[p->n_lua_libs]. */
static rl_err
add_module(rl_pack *p, const char *dir, const char *file, rl_diag *diag)
{
	rl_lua_lib *lib  = &p->lua_libs[p->n_lua_libs];
	size_t      stem = strlen(file) - 4, len;
	char       *src  = NULL;
	rl_err      err;

	lib->path = rl__arena_printf(p->arena, "%s/%s", dir, file);
	if (!lib->path)
		return rl__diag_set(
		    diag, RL_ENOMEM, dir, 0, 0, "out of memory");
	if (!valid_module_name(file, stem))
		return rl__diag_set(diag, RL_EPACK, lib->path, 0, 0,
		    "'%.*s' cannot name a Lua module: use letters, digits, "
		    "'_' and '-' (and not \"redline\")",
		    (int)stem, file);
	err = rl__read_file(lib->path, RL_LUA_MAX_SOURCE, &src, &len, diag);
	if (err == RL_ETOOBIG)
		return rl__diag_set(diag, RL_EPACK, lib->path, 0, 0,
		    "Lua module is larger than %zu bytes", RL_LUA_MAX_SOURCE);
	if (err != RL_OK)
		return err == RL_ENOMEM ? err : RL_EPACK;
	lib->name      = rl__arena_strndup(p->arena, file, stem);
	lib->chunkname = rl__arena_printf(p->arena, "@%s", lib->path);
	lib->src       = rl__arena_strndup(p->arena, src, len);
	lib->len       = len;
	rl__free(src);
	if (!lib->name || !lib->chunkname || !lib->src)
		return rl__diag_set(
		    diag, RL_ENOMEM, dir, 0, 0, "out of memory");
	p->n_lua_libs++;
	return RL_OK;
}

rl_err
rl__lua_libs_load(const rl_engine *e, rl_pack *p, rl_diag *diag)
{
	char   dir[PATH_MAX];
	char **names = NULL;
	size_t n     = 0, i;
	rl_err err;

	if (snprintf(dir, sizeof dir, "%s/lib", p->info.path) >=
	    (int)sizeof dir)
		return rl__diag_set(
		    diag, RL_EPACK, p->info.path, 0, 0, "path too long");
	err = list_modules(dir, &names, &n, diag);
	if (err == RL_OK && n) {
		p->lua_libs =
		    rl__arena_calloc(p->arena, n, sizeof *p->lua_libs);
		if (!p->lua_libs)
			err = rl__diag_set(
			    diag, RL_ENOMEM, dir, 0, 0, "out of memory");
	}
	for (i = 0; err == RL_OK && i < n; i++)
		err = add_module(p, dir, names[i], diag);
	for (i = 0; i < n; i++)
		rl__free(names[i]);
	rl__free(names);
	if (err == RL_OK && p->n_lua_libs)
		err = compile_check(e, p, diag);
	return err;
}

/* ------------------------------------------------------------------------
 * The pack's require
 * ------------------------------------------------------------------------ */

/*
 * pack_require is the `require` of an environment whose pack has modules.
 * Upvalues: 1 the sandbox's require, 2 the pack's modules {NAME = {source,
 * chunkname}}, 3 the values loaded so far {NAME = value}, 4 the
 * environment.
 */
static int
pack_require(lua_State *L)
{
	const char *name = luaL_checkstring(L, 1);
	const char *src, *chunk;
	size_t      len;

	lua_settop(L, 1);
	if (lua_getfield(L, lua_upvalueindex(3), name) != LUA_TNIL) {
		if (lua_touserdata(L, -1) == &loading_sentinel)
			return luaL_error(
			    L, "module '%s' requires itself", name);
		return 1;
	}
	lua_pop(L, 1);
	if (lua_getfield(L, lua_upvalueindex(2), name) != LUA_TTABLE) {
		lua_pop(L, 1);
		lua_pushvalue(L, lua_upvalueindex(1));
		lua_pushvalue(L, 1);
		lua_call(L, 1, 1);
		return 1;
	}
	lua_rawgeti(L, -1, 1); /* [name m src] */
	lua_rawgeti(L, -2, 2); /* [name m src chunk] */
	src   = lua_tolstring(L, -2, &len);
	chunk = lua_tostring(L, -1);
	lua_pushlightuserdata(L, (void *)&loading_sentinel);
	lua_setfield(L, lua_upvalueindex(3), name);
	rl__lua_charge(
	    L, RL_LUA_COST_COMPILE + (len >> RL_LUA_COST_BYTES_SHIFT));
	if (luaL_loadbufferx(L, src, len, chunk, "t") != LUA_OK)
		return lua_error(L);
	lua_pushvalue(L, lua_upvalueindex(4));
	lua_setupvalue(L, -2, 1); /* the chunk's _ENV */
	lua_pushvalue(L, 1);
	if (lua_pcall(L, 1, 1, 0) != LUA_OK) {
		/* Forget the attempt, so that the next require runs the
		 * module again and fails for its own reason; an abort stays
		 * an abort. */
		lua_pushnil(L);
		lua_setfield(L, lua_upvalueindex(3), name);
		rl__lua_check_abort(L);
		return lua_error(L);
	}
	/* [name m src chunk value] */
	if (lua_isnil(L, -1)) {
		lua_pop(L, 1);
		lua_pushboolean(L, 1);
	}
	lua_pushvalue(L, -1);
	lua_setfield(L, lua_upvalueindex(3), name);
	return 1;
}

void
rl__lua_env_set_require(lua_State *L, const rl_pack *p)
{
	size_t i;

	if (!p || !p->n_lua_libs)
		return;
	/* [env] */
	lua_getfield(L, -1, "require"); /* the sandbox's */
	lua_createtable(L, 0, (int)p->n_lua_libs);
	for (i = 0; i < p->n_lua_libs; i++) {
		const rl_lua_lib *lib = &p->lua_libs[i];

		lua_createtable(L, 2, 0);
		lua_pushlstring(L, lib->src, lib->len);
		lua_rawseti(L, -2, 1);
		lua_pushstring(L, lib->chunkname);
		lua_rawseti(L, -2, 2);
		lua_setfield(L, -2, lib->name);
	}
	lua_newtable(L);
	lua_pushvalue(L, -4); /* [env require modules loaded env] */
	lua_pushcclosure(L, pack_require, 4);
	lua_setfield(L, -2, "require"); /* [env] */
}

/*
 * lua_kind.c - the `lua` rule kind: running a Lua rule's check over one
 * document in the scanning thread's own Lua state.
 *
 * Per scanner there is one state (created on the first Lua rule it runs).
 * In it, each pack has one environment and each rule its check function,
 * cached by the serials rl__lua_rule_load gave them: the script runs once
 * per thread, not once per document.  Each call gets the rule's full
 * instruction budget; the state's memory cap is the rule's pack's.
 */
#include <string.h>

#include "lua/lua_int.h"
#include "review/review.h"

/*
 * The caches are registry tables keyed by serial:
 *   rules[rule serial] = {check function, last tick used, pack serial}
 *   envs[pack serial]  = the pack's environment
 * A pack's environment stays while any of its rules is cached.
 */

/* cached_check pushes the check function of rule serial and stamps the
 * entry with tick, or pushes nil.  Allocates nothing.  [-0, +1] */
static void
cached_check(lua_State *L, int ref, uint64_t serial, uint64_t tick)
{
	lua_rawgeti(L, LUA_REGISTRYINDEX, ref); /* [c] */
	if (lua_rawgeti(L, -1, (lua_Integer)serial) != LUA_TTABLE) {
		lua_remove(L, -2); /* [nil] */
		return;
	}
	lua_pushinteger(L, (lua_Integer)tick); /* [c e tick] */
	lua_rawseti(L, -2, 2);                 /* [c e] */
	lua_rawgeti(L, -1, 1);                 /* [c e check] */
	lua_replace(L, -3);                    /* [check e] */
	lua_pop(L, 1);                         /* [check] */
}

/* cache_rule sets rules[lr->serial] from the function at -1.  [-1, +0] */
static void
cache_rule(lua_State *L, const rl_lua_vm *vm, const rl_lua_rule *lr)
{
	lua_createtable(L, 3, 0); /* [f e] */
	lua_insert(L, -2);        /* [e f] */
	lua_rawseti(L, -2, 1);    /* [e] */
	lua_pushinteger(L, (lua_Integer)vm->ticks);
	lua_rawseti(L, -2, 2);
	lua_pushinteger(L, (lua_Integer)lr->pack_serial);
	lua_rawseti(L, -2, 3);
	lua_rawgeti(L, LUA_REGISTRYINDEX, vm->ref_rules); /* [e c] */
	lua_insert(L, -2);                                /* [c e] */
	lua_rawseti(L, -2, (lua_Integer)lr->serial);      /* [c] */
	lua_pop(L, 1);
}

/* push_env pushes the environment of lr's pack, made on first use.
 * [-0, +1] */
static void
push_env(lua_State *L, const rl_lua_vm *vm, const rl_lua_rule *lr)
{
	lua_rawgeti(L, LUA_REGISTRYINDEX, vm->ref_envs); /* [envs] */
	if (lua_rawgeti(L, -1, (lua_Integer)lr->pack_serial) != LUA_TTABLE) {
		lua_pop(L, 1);
		rl__lua_env_new(L, lr->pack); /* [envs env] */
		lua_pushvalue(L, -1);
		lua_rawseti(L, -3, (lua_Integer)lr->pack_serial);
	}
	lua_remove(L, -2); /* [env] */
}

/*
 * prepare_entry runs protected, under its own budget: makes the pack's
 * environment if this thread has none yet, runs the script in it and
 * caches the check function.  [-1 (vm), +0]
 */
static int
prepare_entry(lua_State *L)
{
	rl_lua_vm         *vm = lua_touserdata(L, 1);
	const rl_lua_rule *lr = vm->lr;

	lua_settop(L, 0);
	if (luaL_loadbufferx(L, lr->src, lr->len, lr->chunkname, "t") != LUA_OK)
		return lua_error(L);
	push_env(L, vm, lr);      /* [f env] */
	lua_setupvalue(L, -2, 1); /* _ENV; [f] */
	lua_call(L, 0, 1);        /* [t] */
	if (!lua_istable(L, -1))
		return luaL_error(L, "the script must return the rule table");
	lua_pushliteral(L, "check");
	lua_rawget(L, -2); /* [t check] */
	if (!lua_isfunction(L, -1))
		return luaL_error(L, "'check' must be a function");
	cache_rule(L, vm, lr);
	return 0;
}

/* check_entry runs protected, under the rule's budget: calls the cached
 * check function with the document.  [-1 (vm), +0] */
static int
check_entry(lua_State *L)
{
	rl_lua_vm *vm = lua_touserdata(L, 1);

	lua_settop(L, 0);
	cached_check(L, vm->ref_rules, vm->lr->serial, vm->ticks); /* [f] */
	if (!lua_isfunction(L, -1))
		return luaL_error(L, "the rule's check function is gone");
	rl__lua_push_doc(L); /* [check doc] */
	lua_call(L, 1, 0);
	return 0;
}

/*
 * sweep_entry drops the rules unused for RL_LUA_SWEEP_EVERY calls (a
 * reloaded pack's old rules), or all of them after a memory abort so that
 * data a rule kept cannot starve the rules after it, then the
 * environments no cached rule uses.  Runs protected.  [-2, +0]
 */
static int
sweep_entry(lua_State *L)
{
	rl_lua_vm *vm  = lua_touserdata(L, 1);
	bool       all = lua_toboolean(L, 2);
	uint64_t   oldest;

	oldest =
	    vm->ticks > RL_LUA_SWEEP_EVERY ? vm->ticks - RL_LUA_SWEEP_EVERY : 0;
	lua_settop(L, 0);
	lua_newtable(L);                                  /* [live] */
	lua_rawgeti(L, LUA_REGISTRYINDEX, vm->ref_rules); /* [live rules] */
	lua_pushnil(L);
	while (lua_next(L, 2)) { /* [live rules k e] */
		lua_rawgeti(L, 4, 2);
		if (all || (uint64_t)lua_tointeger(L, -1) < oldest) {
			lua_pushvalue(L, 3);
			lua_pushnil(L);
			lua_rawset(
			    L, 2); /* clearing a visited key is allowed */
		} else {
			lua_rawgeti(L, 4, 3);
			lua_pushboolean(L, 1);
			lua_rawset(L, 1); /* live[pack serial] = true */
		}
		lua_settop(L, 3); /* [live rules k] */
	}
	lua_rawgeti(L, LUA_REGISTRYINDEX, vm->ref_envs); /* [live rules envs] */
	lua_pushnil(L);
	while (lua_next(L, 3)) { /* [live rules envs k env] */
		lua_pushvalue(L, 4);
		if (lua_rawget(L, 1) == LUA_TNIL) {
			lua_pushvalue(L, 4);
			lua_pushnil(L);
			lua_rawset(L, 3);
		}
		lua_settop(L, 4);
	}
	if (all) {
		lua_newtable(L); /* the texts of this document go too */
		lua_rawseti(L, LUA_REGISTRYINDEX, vm->ref_texts);
		vm->texts_review = 0;
		vm->texts_bytes  = 0;
	}
	lua_gc(L, LUA_GCCOLLECT);
	return 0;
}

static void
sweep(rl_lua_vm *vm, bool all)
{
	size_t limit = vm->mem_limit;

	vm->mem_limit = RL_LUA_MAX_MEMORY; /* the engine's own work */
	lua_pushcfunction(vm->L, sweep_entry);
	lua_pushlightuserdata(vm->L, vm);
	lua_pushboolean(vm->L, all);
	(void)lua_pcall(vm->L, 2, 0, 0);
	vm->mem_limit = limit;
}

/* scanner_vm returns the scanner's vm, making it on first use. */
static rl_lua_vm *
scanner_vm(rl_scanner *sc, size_t memory)
{
	rl_lua_vm *vm;

	if (sc->lua)
		return sc->lua;
	if (rl__lua_vm_new(memory, &vm) != RL_OK)
		return NULL;
	sc->lua      = vm;
	sc->lua_free = rl__lua_vm_free;
	return vm;
}

/* run runs one protected entry under a fresh budget.  Returns the Lua
 * status. */
static int
run(rl_lua_vm *vm, lua_CFunction entry, uint64_t instructions)
{
	int status;

	lua_pushcfunction(vm->L, entry);
	lua_pushlightuserdata(vm->L, vm);
	rl__lua_budget_start(vm, instructions);
	status = rl__lua_pcall(vm, 1, 0);
	rl__lua_budget_stop(vm);
	return status;
}

static rl_err
lua_check(const rl_rule *rule, rl_scan *scan)
{
	const rl_lua_rule *lr = rule->state;
	rl_lua_vm         *vm;
	uint64_t           instructions;
	size_t             memory;
	int                status;
	bool               cached;
	char               msg[1200];

	if (!lr || !scan || !scan->scanner || !scan->doc)
		return RL_EINVAL;
	rl__lua_limits(scan->scanner->engine, lr->pack, &instructions, &memory);
	vm = scanner_vm(scan->scanner, memory);
	if (!vm) {
		rl__scan_rule_error(scan,
		    "%s: cannot create a Lua state: out of memory", lr->path);
		return RL_ENOMEM;
	}
	vm->mem_limit = memory;
	vm->scan      = scan;
	vm->rule      = rule;
	vm->lr        = lr;
	vm->doc       = scan->doc;
	vm->review    = scan->scanner->reviews;
	vm->reports   = 0;
	vm->serial++;
	vm->ticks++;
	if (vm->ticks % RL_LUA_SWEEP_EVERY == 0)
		sweep(vm, false);

	lua_rawgeti(vm->L, LUA_REGISTRYINDEX, vm->ref_rules);
	cached = lua_rawgeti(vm->L, -1, (lua_Integer)lr->serial) == LUA_TTABLE;
	lua_pop(vm->L, 2);
	status = LUA_OK;
	if (!cached)
		status = run(vm, prepare_entry, instructions);
	if (status == LUA_OK)
		status = run(vm, check_entry, instructions);

	vm->scan = NULL;
	vm->doc  = NULL;
	vm->serial++; /* nodes handed out by this call are dead now */
	if (status == LUA_OK)
		return RL_OK;
	rl__lua_describe_failure(vm, lr, status, msg, sizeof msg);
	rl__scan_rule_error(scan, "%s", msg);
	if (vm->abort == RL_LUA_ABORT_MEMORY || status == LUA_ERRMEM)
		sweep(vm, true);
	return vm->abort != RL_LUA_RUNNING ? RL_EBUDGET : RL_ERULE;
}

/* A YAML rule cannot name this kind: Lua rules are NAME.lua files. */
static rl_err
lua_compile(rl_rule *rule, rl_cfg *spec, rl_kind_ctx *ctx)
{
	(void)rule;
	return rl__cfg_error(spec, ctx->file, ctx->diag,
	    "a Lua rule is a NAME.lua file in the pack, not a YAML rule "
	    "with 'extends: lua'");
}

const rl_kind rl__lua_kind = {
	.name         = "lua",
	.compile      = lua_compile,
	.check        = lua_check,
	.free         = NULL,
	.per_document = true,
	.arg          = NULL,
};

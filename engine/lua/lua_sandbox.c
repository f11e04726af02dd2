/*
 * lua_sandbox.c - what a rule can reach: an allow-list, never a deny-list.
 *
 * A state opens base, string, table, math, utf8 and package into its own
 * global table, which no rule ever sees.  From them this file builds:
 *  - read-only proxies of the allowed parts of string, table, math and
 *    utf8, shared by every pack of the state (a write or setmetatable on
 *    them is an error, and rawset is not offered);
 *  - the base table that each pack's fresh _ENV is copied from;
 *  - the string metatable, pointing at the allowed string functions and
 *    locked against getmetatable/setmetatable;
 *  - `require`, whose only searcher is package.preload, holding `redline`
 *    (a pack with lib/ modules gets its own in front of it: lua_lib.c).
 *
 * Every allowed C function that does more than constant work is wrapped so
 * that its work is charged to the rule's budget (bytes touched, elements
 * moved), since the count hook only sees VM instructions.  Lua patterns
 * are not offered: Lua's matcher has no step limit, so a pattern could
 * stall the thread inside one call; rules match with redline.find (PCRE2,
 * with a match limit) and string.find in plain mode.
 */
#define _GNU_SOURCE /* memmem: linear-time plain search */
#include <string.h>

#include <lualib.h>

#include "lua/lua_int.h"

/* How a guarded function's work is charged. */
typedef enum guard_mode {
	G_BYTES = 0, /* string arguments and results, per byte */
	G_SLICE,     /* string.sub, string.byte: what they return, not the
	                string they read from */
	G_REP,       /* string.rep: the result's size, before building it */
	G_INSERT,    /* table.insert: elements shifted */
	G_REMOVE,    /* table.remove: elements shifted */
	G_MOVE,      /* table.move: elements moved */
	G_SORT,      /* table.sort: n log n */
} guard_mode;

/* ------------------------------------------------------------------------
 * Charging wrappers
 * ------------------------------------------------------------------------ */

static uint64_t
string_bytes(lua_State *L, int from, int to)
{
	uint64_t n = 0;
	size_t   len;
	int      i;

	for (i = from; i <= to; i++)
		if (lua_type(L, i) == LUA_TSTRING) {
			lua_tolstring(L, i, &len);
			n += len;
		}
	return n;
}

static uint64_t
sat_mul(uint64_t a, uint64_t b)
{
	if (a && b > UINT64_MAX / a)
		return UINT64_MAX;
	return a * b;
}

/* table_len is #t for the table argument at idx (its __len may run). */
static uint64_t
table_len(lua_State *L, int idx)
{
	lua_Integer n;

	luaL_checktype(L, idx, LUA_TTABLE);
	n = luaL_len(L, idx);
	return n > 0 ? (uint64_t)n : 0;
}

/* precharge computes the work of the call about to be made. */
static uint64_t
precharge(lua_State *L, guard_mode mode, int nargs)
{
	rl_lua_vm  *vm = rl__lua_vm_of(L);
	lua_Integer n, pos, f, e;
	uint64_t    unit, total, len;

	switch (mode) {
	case G_REP: {
		size_t l = 0, lsep = 0;

		luaL_checklstring(L, 1, &l);
		n = luaL_checkinteger(L, 2);
		luaL_optlstring(L, 3, "", &lsep);
		if (n <= 0)
			return 0;
		unit  = (uint64_t)l + lsep;
		total = sat_mul(unit, (uint64_t)n);
		/* Lua's own rep loops n times even for an empty result. */
		if (unit == 0)
			total = (uint64_t)n;
		else if (total > vm->mem_limit)
			rl__lua_raise_abort(L, RL_LUA_ABORT_MEMORY);
		return total >> RL_LUA_COST_BYTES_SHIFT;
	}
	case G_INSERT:
		len = table_len(L, 1);
		pos =
		    nargs >= 3 ? luaL_checkinteger(L, 2) : (lua_Integer)len + 1;
		return pos >= 1 && (uint64_t)pos <= len
		    ? len + 1 - (uint64_t)pos
		    : 0;
	case G_REMOVE:
		len = table_len(L, 1);
		pos = luaL_optinteger(L, 2, (lua_Integer)len);
		return pos >= 1 && (uint64_t)pos < len ? len - (uint64_t)pos
		                                       : 0;
	case G_MOVE:
		f = luaL_checkinteger(L, 2);
		e = luaL_checkinteger(L, 3);
		if (e < f)
			return 0;
		if (f <= 0 && e > LUA_MAXINTEGER + f)
			return UINT64_MAX; /* Lua refuses it anyway */
		return (uint64_t)(e - f) + 1;
	case G_SORT:
		len = table_len(L, 1);
		for (unit = 1, total = len; total > 1; total >>= 1)
			unit++;
		return sat_mul(len, unit);
	case G_SLICE:
		return 0; /* charged by its results, after the call */
	case G_BYTES:
	default:
		return string_bytes(L, 1, nargs) >> RL_LUA_COST_BYTES_SHIFT;
	}
}

/* guarded: upvalue 1 the wrapped function, 2 its guard_mode.  Charges the
 * work before the call, calls, then charges the bytes it returned. */
static int
guarded(lua_State *L)
{
	guard_mode mode  = (guard_mode)lua_tointeger(L, lua_upvalueindex(2));
	int        nargs = lua_gettop(L);
	uint64_t   units;

	units = precharge(L, mode, nargs);
	rl__lua_charge(L,
	    units > UINT64_MAX - RL_LUA_COST_CALL ? UINT64_MAX
	                                          : units + RL_LUA_COST_CALL);
	if (mode == G_REP && nargs >= 2 && lua_tointeger(L, 2) > 0 &&
	    lua_rawlen(L, 1) + (nargs >= 3 ? lua_rawlen(L, 3) : 0) == 0) {
		/* Lua's rep would loop n times to build "" */
		lua_pushliteral(L, "");
		return 1;
	}
	lua_pushvalue(L, lua_upvalueindex(1)); /* [args f] */
	lua_insert(L, 1);                      /* [f args] */
	lua_call(L, nargs, LUA_MULTRET);
	units = string_bytes(L, 1, lua_gettop(L)) >> RL_LUA_COST_BYTES_SHIFT;
	if (mode == G_SLICE)
		units += (uint64_t)lua_gettop(L); /* string.byte's codes */
	rl__lua_charge(L, units);
	return lua_gettop(L);
}

/* plain_find is string.find restricted to plain text (memmem: linear). */
static int
plain_find(lua_State *L)
{
	size_t      ls, lp;
	const char *s    = luaL_checklstring(L, 1, &ls);
	const char *p    = luaL_checklstring(L, 2, &lp);
	lua_Integer init = luaL_optinteger(L, 3, 1);
	const char *hit;

	if (!lua_toboolean(L, 4) && strpbrk(p, "^$*+?.([%-") != NULL)
		return luaL_error(L,
		    "Lua patterns are not available in rules: "
		    "use redline.find, or string.find(s, p, "
		    "init, true)");
	rl__lua_charge(L,
	    RL_LUA_COST_CALL +
	        ((uint64_t)(ls + lp) >> RL_LUA_COST_BYTES_SHIFT));
	if (init < 0)
		init = (lua_Integer)ls + init + 1;
	if (init < 1)
		init = 1;
	if (init > (lua_Integer)ls + 1) {
		lua_pushnil(L);
		return 1;
	}
	hit = lp == 0 ? s + init - 1
	              : memmem(s + init - 1, ls - (size_t)(init - 1), p, lp);
	if (!hit) {
		lua_pushnil(L);
		return 1;
	}
	lua_pushinteger(L, (lua_Integer)(hit - s) + 1);
	lua_pushinteger(L, (lua_Integer)(hit - s) + (lua_Integer)lp);
	return 2;
}

/* ------------------------------------------------------------------------
 * Base functions with the sandbox's rules
 * ------------------------------------------------------------------------ */

/* sb_pcall: pcall that never keeps an abort (re-raises it on return). */
static int
sb_pcall(lua_State *L)
{
	int status;

	luaL_checkany(L, 1);
	lua_pushboolean(L, 1); /* [f args] -> [f args true] */
	lua_insert(L, 1);      /* -> [true f args] */
	status = lua_pcall(L, lua_gettop(L) - 2, LUA_MULTRET, 0);
	rl__lua_check_abort(L);
	if (status != LUA_OK) { /* [true err] */
		lua_pushboolean(L, 0);
		lua_replace(L, 1); /* [false err] */
		return 2;
	}
	return lua_gettop(L); /* [true results...] */
}

/* xpcall_handler: upvalue 1 the rule's message handler.  An abort raised
 * from the count hook reaches the handler while hooks are still off (Lua
 * calls it before unwinding), so the rule's handler must not run then: it
 * could loop with no hook to stop it.  [-1, +1] */
static int
xpcall_handler(lua_State *L)
{
	rl_lua_vm *vm = rl__lua_vm_of(L);

	if (vm->running && vm->abort != RL_LUA_RUNNING)
		return 1; /* the error value, untouched */
	lua_pushvalue(L, lua_upvalueindex(1));
	lua_insert(L, 1);
	lua_call(L, lua_gettop(L) - 1, 1);
	return 1;
}

/* sb_xpcall: xpcall likewise.  [f msgh args] */
static int
sb_xpcall(lua_State *L)
{
	int n = lua_gettop(L);
	int status;

	luaL_checktype(L, 2, LUA_TFUNCTION);
	lua_pushvalue(L, 2);
	lua_pushcclosure(L, xpcall_handler, 1);
	lua_replace(L, 2);     /* [f h' args] */
	lua_pushboolean(L, 1); /* [f h' args true] */
	lua_pushvalue(L, 1);   /* [f h' args true f] */
	lua_rotate(L, 3, 2);   /* [f h' true f args] */
	status = lua_pcall(L, n - 2, LUA_MULTRET, 2);
	rl__lua_check_abort(L);
	if (status != LUA_OK) { /* [f h' true err] */
		lua_pushboolean(L, 0);
		lua_replace(L, 3);
		return 2;
	}
	return lua_gettop(L) - 2;
}

/* sb_setmetatable refuses __gc (finalizers run with hooks off, outside
 * any budget) and locked metatables. */
static int
sb_setmetatable(lua_State *L)
{
	int t = lua_type(L, 2);

	luaL_checktype(L, 1, LUA_TTABLE);
	luaL_argexpected(
	    L, t == LUA_TNIL || t == LUA_TTABLE, 2, "nil or table");
	if (t == LUA_TTABLE) {
		lua_pushliteral(L, "__gc");
		if (lua_rawget(L, 2) != LUA_TNIL)
			return luaL_error(
			    L, "__gc metamethods are not available to rules");
		lua_pop(L, 1);
	}
	if (luaL_getmetafield(L, 1, "__metatable") != LUA_TNIL)
		return luaL_error(L, "cannot change a protected metatable");
	lua_settop(L, 2);
	lua_setmetatable(L, 1);
	return 1;
}

/* sb_collectgarbage: only the options that change no setting. */
static int
sb_collectgarbage(lua_State *L)
{
	rl_lua_vm  *vm  = rl__lua_vm_of(L);
	const char *opt = luaL_optstring(L, 1, "collect");
	int         k, b;

	if (strcmp(opt, "count") == 0) {
		k = lua_gc(L, LUA_GCCOUNT);
		b = lua_gc(L, LUA_GCCOUNTB);
		lua_pushnumber(L, (lua_Number)k + ((lua_Number)b / 1024));
		return 1;
	}
	if (strcmp(opt, "collect") == 0) {
		rl__lua_charge(L, vm->mem_used >> RL_LUA_COST_BYTES_SHIFT);
		lua_gc(L, LUA_GCCOLLECT);
		lua_pushinteger(L, 0);
		return 1;
	}
	if (strcmp(opt, "isrunning") == 0) {
		lua_pushboolean(L, lua_gc(L, LUA_GCISRUNNING));
		return 1;
	}
	return luaL_error(
	    L, "collectgarbage('%s') is not available to rules", opt);
}

/* ------------------------------------------------------------------------
 * Read-only proxies
 * ------------------------------------------------------------------------ */

static int
proxy_newindex(lua_State *L)
{
	return luaL_error(L, "attempt to modify read-only table '%s'",
	    lua_tostring(L, lua_upvalueindex(1)));
}

/* proxy_next: upvalue 1 the hidden table; (_, k) -> next k, v. */
static int
proxy_next(lua_State *L)
{
	lua_settop(L, 2);
	if (lua_next(L, lua_upvalueindex(1)))
		return 2;
	lua_pushnil(L);
	return 1;
}

/* proxy_pairs returns an iterator that holds the table out of reach. */
static int
proxy_pairs(lua_State *L)
{
	lua_pushvalue(L, lua_upvalueindex(1));
	lua_pushcclosure(L, proxy_next, 1);
	lua_pushnil(L);
	lua_pushnil(L);
	return 3;
}

void
rl__lua_readonly(lua_State *L, const char *name)
{
	int t = lua_gettop(L);

	lua_newtable(L);          /* [t proxy] */
	lua_createtable(L, 0, 5); /* [t proxy mt] */
	lua_pushvalue(L, t);
	lua_setfield(L, -2, "__index");
	lua_pushstring(L, name);
	lua_pushcclosure(L, proxy_newindex, 1);
	lua_setfield(L, -2, "__newindex");
	lua_pushvalue(L, t);
	lua_pushcclosure(L, proxy_pairs, 1);
	lua_setfield(L, -2, "__pairs");
	lua_pushliteral(L, RL_LUA_LOCKED);
	lua_setfield(L, -2, "__metatable");
	lua_setmetatable(L, -2); /* [t proxy] */
	lua_replace(L, t);       /* [proxy] */
}

/* ------------------------------------------------------------------------
 * Building the allow-list
 * ------------------------------------------------------------------------ */

typedef struct allowed {
	const char *name;
	int         mode; /* guard_mode, or -1: copied as is */
} allowed;

static const allowed string_allowed[] = {
	{ "byte", G_SLICE },
	{ "char", G_BYTES },
	{ "format", G_BYTES },
	{ "len", -1 },
	{ "lower", G_BYTES },
	{ "rep", G_REP },
	{ "reverse", G_BYTES },
	{ "sub", G_SLICE },
	{ "upper", G_BYTES },
	{ NULL, 0 },
};
static const allowed table_allowed[] = {
	{ "concat", G_BYTES },
	{ "insert", G_INSERT },
	{ "remove", G_REMOVE },
	{ "move", G_MOVE },
	{ "pack", G_BYTES },
	{ "unpack", G_BYTES },
	{ "sort", G_SORT },
	{ NULL, 0 },
};
static const allowed utf8_allowed[] = {
	{ "char", G_BYTES },
	{ "charpattern", -1 },
	{ "codepoint", G_BYTES },
	{ "codes", G_BYTES },
	{ "len", G_BYTES },
	{ "offset", G_BYTES },
	{ NULL, 0 },
};
static const allowed math_allowed[] = {
	{ "abs", -1 },
	{ "ceil", -1 },
	{ "floor", -1 },
	{ "fmod", -1 },
	{ "huge", -1 },
	{ "max", -1 },
	{ "maxinteger", -1 },
	{ "min", -1 },
	{ "mininteger", -1 },
	{ "modf", -1 },
	{ "pi", -1 },
	{ "sqrt", -1 },
	{ "tointeger", -1 },
	{ "type", -1 },
	{ "ult", -1 },
	{ "exp", -1 },
	{ "log", -1 },
	{ "sin", -1 },
	{ "cos", -1 },
	{ "tan", -1 },
	{ "asin", -1 },
	{ "acos", -1 },
	{ "atan", -1 },
	{ NULL, 0 },
};
static const char *const base_allowed[] = {
	"assert",
	"error",
	"ipairs",
	"next",
	"pairs",
	"rawequal",
	"rawget",
	"rawlen",
	"select",
	"tonumber",
	"tostring",
	"type",
	"getmetatable",
	"_VERSION",
	"require",
	NULL,
};

/* copy_allowed pushes a new table with lib's allowed entries (lib is the
 * global of that name), each wrapped per its mode.  [-0, +1] */
static void
copy_allowed(lua_State *L, const char *lib, const allowed *list)
{
	size_t i;

	lua_getglobal(L, lib); /* [lib] */
	lua_newtable(L);       /* [lib t] */
	for (i = 0; list[i].name; i++) {
		if (lua_getfield(L, -2, list[i].name) == LUA_TNIL)
			luaL_error(L, "%s.%s is missing", lib, list[i].name);
		if (list[i].mode >= 0) {
			lua_pushinteger(L, list[i].mode);
			lua_pushcclosure(L, guarded, 2);
		}
		lua_setfield(L, -2, list[i].name);
	}
	lua_remove(L, -2); /* [t] */
}

/* setup_string builds the string library rules see and points the string
 * metatable at it (the table itself stays hidden).  [-0, +1] */
static void
setup_string(lua_State *L)
{
	copy_allowed(L, "string", string_allowed); /* [s] */
	lua_pushcfunction(L, plain_find);
	lua_setfield(L, -2, "find");
	lua_pushliteral(L, "");
	lua_getmetatable(L, -1); /* [s "" mt] */
	lua_pushvalue(L, -3);
	lua_setfield(L, -2, "__index");
	lua_pushliteral(L, RL_LUA_LOCKED);
	lua_setfield(L, -2, "__metatable");
	lua_pop(L, 2); /* [s] */
}

/* setup_require leaves `require` with package.preload as its only source
 * of modules, and an empty package.loaded. */
static void
setup_require(lua_State *L)
{
	lua_getglobal(L, "package"); /* [pkg] */
	lua_getfield(L, -1, "searchers");
	lua_createtable(L, 1, 0);
	lua_rawgeti(L, -2, 1); /* the preload searcher */
	lua_rawseti(L, -2, 1); /* [pkg old new] */
	lua_setfield(L, -3, "searchers");
	lua_pop(L, 1);
	lua_pushliteral(L, "");
	lua_setfield(L, -2, "path");
	lua_pushliteral(L, "");
	lua_setfield(L, -2, "cpath");
	lua_pushnil(L);
	lua_setfield(L, -2, "loadlib");
	lua_pop(L, 1);

	lua_newtable(L); /* package.loaded starts empty: no "_G", no libs */
	lua_setfield(L, LUA_REGISTRYINDEX, LUA_LOADED_TABLE);
	luaL_getsubtable(L, LUA_REGISTRYINDEX, LUA_PRELOAD_TABLE);
	lua_pushcfunction(L, rl__lua_open_redline);
	lua_setfield(L, -2, "redline");
	lua_pop(L, 1);
}

int
rl__lua_sandbox_open(lua_State *L)
{
	rl_lua_vm *vm = rl__lua_vm_of(L);
	size_t     i;

	luaL_requiref(L, LUA_GNAME, luaopen_base, 1);
	luaL_requiref(L, LUA_STRLIBNAME, luaopen_string, 1);
	luaL_requiref(L, LUA_TABLIBNAME, luaopen_table, 1);
	luaL_requiref(L, LUA_MATHLIBNAME, luaopen_math, 1);
	luaL_requiref(L, LUA_UTF8LIBNAME, luaopen_utf8, 1);
	luaL_requiref(L, LUA_LOADLIBNAME, luaopen_package, 1);
	lua_pop(L, 6);
	rl__lua_doc_open(L);
	rl__lua_regex_open(L);

	lua_newtable(L); /* [base] */
	for (i = 0; base_allowed[i]; i++) {
		lua_getglobal(L, base_allowed[i]);
		lua_setfield(L, -2, base_allowed[i]);
	}
	lua_pushcfunction(L, sb_pcall);
	lua_setfield(L, -2, "pcall");
	lua_pushcfunction(L, sb_xpcall);
	lua_setfield(L, -2, "xpcall");
	lua_pushcfunction(L, sb_setmetatable);
	lua_setfield(L, -2, "setmetatable");
	lua_pushcfunction(L, sb_collectgarbage);
	lua_setfield(L, -2, "collectgarbage");

	setup_string(L);
	rl__lua_readonly(L, "string");
	lua_setfield(L, -2, "string");
	copy_allowed(L, "table", table_allowed);
	rl__lua_readonly(L, "table");
	lua_setfield(L, -2, "table");
	copy_allowed(L, "math", math_allowed);
	rl__lua_readonly(L, "math");
	lua_setfield(L, -2, "math");
	copy_allowed(L, "utf8", utf8_allowed);
	rl__lua_readonly(L, "utf8");
	lua_setfield(L, -2, "utf8");
	vm->ref_base = luaL_ref(L, LUA_REGISTRYINDEX); /* [] */

	setup_require(L);
	return 0;
}

void
rl__lua_env_new(lua_State *L, const rl_pack *p)
{
	rl_lua_vm *vm = rl__lua_vm_of(L);

	lua_createtable(L, 0, 24);                       /* [env] */
	lua_rawgeti(L, LUA_REGISTRYINDEX, vm->ref_base); /* [env base] */
	lua_pushnil(L);
	while (lua_next(L, -2)) { /* [env base k v] */
		lua_pushvalue(L, -2);
		lua_insert(L, -2); /* [env base k k v] */
		lua_rawset(L, -5); /* [env base k] */
	}
	lua_pop(L, 1); /* [env] */
	lua_pushvalue(L, -1);
	lua_setfield(L, -2, "_G");
	rl__lua_env_set_require(L, p);
}

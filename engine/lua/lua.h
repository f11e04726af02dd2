/*
 * lua.h - Lua rules: a pack's NAME.lua is the rule PACK.NAME.
 *
 * The pack loader calls rl__lua_rule_load for each *.lua file; the rule it
 * returns has the `lua` kind, whose check runs the script's check function
 * in the scanning thread's sandboxed Lua state for that pack, under the
 * pack's instruction budget and memory cap.
 */
#ifndef RL_LUA_LUA_H
#define RL_LUA_LUA_H

#include "rules/pack.h"
#include "rules/rule.h"

/* Limits of Lua rules.  A pack sets its own in pack.yaml (`lua:
 * {instructions, memory}`, read into rl_pack.lua; 0 means the default);
 * the engine clamps them to these bounds, and to the lower ones an
 * embedder sets with rl_engine_set_lua_limits (the daemon's config). */
#define RL_LUA_DEFAULT_INSTRUCTIONS 10000000ull /* per rule per review */
#define RL_LUA_MIN_INSTRUCTIONS 1000ull
#define RL_LUA_MAX_INSTRUCTIONS 1000000000ull
#define RL_LUA_DEFAULT_MEMORY ((size_t)32 << 20) /* per Lua state */
#define RL_LUA_MIN_MEMORY ((size_t)64 << 10)
#define RL_LUA_MAX_MEMORY ((size_t)1 << 30)
/* Largest rule script accepted. */
#define RL_LUA_MAX_SOURCE ((size_t)1 << 20)

/* A Lua module of a pack: lib/NAME.lua, which the pack's rules load with
 * require "NAME" (lua_lib.c).  In the pack's arena. */
typedef struct rl_lua_lib {
	const char *name;      /* NAME */
	const char *path;      /* PACK/lib/NAME.lua */
	const char *chunkname; /* "@" path */
	const char *src;       /* the module's text */
	size_t      len;
} rl_lua_lib;

/* rl__lua_libs_load reads the modules of p's lib/ folder (none when it has
 * no such folder) into p->lua_libs and checks that each compiles (text
 * mode).  Call it before the pack's rules load.  Errors: RL_EPACK with
 * diag naming the module's file, line and reason; RL_ENOMEM. */
rl_err rl__lua_libs_load(const rl_engine *e, rl_pack *p, rl_diag *diag);

/* rl__lua_rule_load compiles path (text mode only) to check that it loads
 * and reads its metadata table (level, message, category, description,
 * link).  On success *out belongs to pack p (its arena).  Errors: RL_EPACK
 * with diag naming path, line and reason. */
rl_err rl__lua_rule_load(
    rl_engine *e, rl_pack *p, const char *path, rl_rule **out, rl_diag *diag);

/* rl__lua_kind is the `lua` rule kind (registered with the built-ins). */
extern const rl_kind rl__lua_kind;

#endif /* RL_LUA_LUA_H */

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

/* rl__lua_rule_load compiles path (text mode only) to check that it loads
 * and reads its metadata table (level, message, category, description,
 * link).  On success *out belongs to pack p (its arena).  Errors: RL_EPACK
 * with diag naming path, line and reason. */
rl_err rl__lua_rule_load(rl_engine *e, rl_pack *p, const char *path,
    rl_rule **out, rl_diag *diag);

/* rl__lua_kind is the `lua` rule kind (registered with the built-ins). */
extern const rl_kind rl__lua_kind;

#endif /* RL_LUA_LUA_H */

/*
 * lua_limits.c - the instruction budget and memory cap a Lua rule runs
 * under: the pack's own (pack.yaml), else the defaults, never more than
 * what the engine allows (lua/lua.h) and what the embedder allowed
 * (rl_engine_set_lua_limits, from the daemon's configuration).
 */
#include "core/engine.h"
#include "lua/lua_int.h"

static uint64_t
clamp_u64(uint64_t v, uint64_t lo, uint64_t hi)
{
	return v < lo ? lo : v > hi ? hi : v;
}

rl_err
rl_engine_set_lua_limits(
    rl_engine *e, uint64_t max_instructions, size_t max_memory)
{
	if (!e)
		return RL_EINVAL;
	e->lua_max_instructions = max_instructions
	    ? clamp_u64(max_instructions, RL_LUA_MIN_INSTRUCTIONS,
	          RL_LUA_MAX_INSTRUCTIONS)
	    : 0;
	e->lua_max_memory       = max_memory
	          ? (size_t)clamp_u64(
	                max_memory, RL_LUA_MIN_MEMORY, RL_LUA_MAX_MEMORY)
	          : 0;
	return RL_OK;
}

void
rl__lua_limits(const rl_engine *e, const rl_pack *p, uint64_t *instructions,
    size_t *memory)
{
	uint64_t n = p && p->lua.instructions ? p->lua.instructions
	                                      : RL_LUA_DEFAULT_INSTRUCTIONS;
	uint64_t m = p && p->lua.memory ? p->lua.memory : RL_LUA_DEFAULT_MEMORY;
	uint64_t max_n = RL_LUA_MAX_INSTRUCTIONS;
	uint64_t max_m = RL_LUA_MAX_MEMORY;

	if (e && e->lua_max_instructions)
		max_n = e->lua_max_instructions;
	if (e && e->lua_max_memory)
		max_m = e->lua_max_memory;
	if (instructions)
		*instructions = clamp_u64(n, RL_LUA_MIN_INSTRUCTIONS, max_n);
	if (memory)
		*memory = (size_t)clamp_u64(m, RL_LUA_MIN_MEMORY, max_m);
}

/*
 * kinds.c - registering the built-in rule kinds with an engine, through
 * the same call plugins use.
 */
#include "core/engine.h"
#include "lua/lua.h"
#include "rules/kind.h"

rl_err
rl__kinds_register_builtin(rl_engine *e)
{
	static const rl_kind *const builtin[] = {
		&rl__kind_existence,
		&rl__kind_substitution,
		&rl__kind_occurrence,
		&rl__kind_repetition,
		&rl__kind_consistency,
		&rl__kind_conditional,
		&rl__kind_capitalization,
		&rl__kind_sections,
		&rl__kind_metadata,
		&rl__kind_length,
		&rl__lua_kind,
	};
	size_t i;
	rl_err err;

	for (i = 0; i < sizeof builtin / sizeof builtin[0]; i++)
		if ((err = rl__engine_add_kind(e, builtin[i], NULL)))
			return err;
	return RL_OK;
}

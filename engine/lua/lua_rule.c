/*
 * lua_rule.c - loading a NAME.lua rule file into a pack.
 *
 * The script runs once at load, in a throw-away sandboxed state under the
 * pack's budget, so a file that does not compile, fails at top level or
 * returns a malformed table is refused with its file and line.  The rule
 * keeps only the script's text: each scanning thread runs it again in its
 * own state the first time it needs the rule (lua_kind.c).
 */
#include <stdatomic.h>
#include <string.h>

#include "lua/lua_int.h"

/* Unique ids for rules and packs, so per-thread caches never confuse a
 * freed pack's rule with a new one at the same address. */
static atomic_uint_fast64_t next_serial = 1;

/* The fields a rule table may hold; anything else is a typo worth an
 * error, as for YAML rules. */
static const char *const rule_fields[] = {
	"level",
	"message",
	"category",
	"description",
	"link",
	"check",
	"points",
	"cap",
	NULL,
};

typedef struct load_ctx {
	const rl_lua_rule *lr;
	rl_rule           *rule;
	rl_arena          *arena;
	int                check_line;
} load_ctx;

/* field_str copies the string field key of the table at -1 into the arena;
 * raises if it is present but not a string, or required and missing. */
static const char *
field_str(lua_State *L, load_ctx *c, const char *key, bool required)
{
	const char *s;
	char       *copy;
	size_t      len;

	lua_pushstring(L, key); /* [t] -> [t key] */
	lua_rawget(L, -2);      /* -> [t value] */
	if (lua_isnil(L, -1)) {
		lua_pop(L, 1);
		if (required)
			luaL_error(L, "the rule table has no '%s'", key);
		return NULL;
	}
	if (lua_type(L, -1) != LUA_TSTRING)
		luaL_error(L, "'%s' must be a string, not a %s", key,
		    luaL_typename(L, -1));
	s    = lua_tolstring(L, -1, &len);
	copy = rl__arena_strndup(c->arena, s, len);
	if (!copy)
		luaL_error(L, "out of memory");
	lua_pop(L, 1);
	return copy;
}

/* field_int reads an optional integer field (points, cap); -1 if absent. */
static int
field_int(lua_State *L, const char *key)
{
	lua_Integer v;
	int         isnum;

	lua_pushstring(L, key);
	lua_rawget(L, -2);
	if (lua_isnil(L, -1)) {
		lua_pop(L, 1);
		return -1;
	}
	v = lua_tointegerx(L, -1, &isnum);
	if (!isnum || v < 0 || v > 100)
		luaL_error(L, "'%s' must be an integer from 0 to 100", key);
	lua_pop(L, 1);
	return (int)v;
}

/* check_fields raises on the first key of the table at -1 that is not a
 * rule field. */
static void
check_fields(lua_State *L)
{
	size_t i;

	lua_pushnil(L);
	while (lua_next(L, -2)) { /* [t k v] */
		lua_pop(L, 1);
		if (lua_type(L, -1) != LUA_TSTRING)
			luaL_error(L,
			    "the rule table has a %s key; fields are "
			    "named",
			    luaL_typename(L, -1));
		for (i = 0; rule_fields[i]; i++)
			if (strcmp(lua_tostring(L, -1), rule_fields[i]) == 0)
				break;
		if (!rule_fields[i])
			luaL_error(L, "unknown field '%s' in the rule table",
			    lua_tostring(L, -1));
	}
}

/*
 * load_entry runs protected with the budget armed: compiles the script in
 * text mode, runs it in a fresh pack environment and reads the table it
 * returns into c->rule.  [-1 (ctx), +0]
 */
static int
load_entry(lua_State *L)
{
	load_ctx          *c  = lua_touserdata(L, 1);
	const rl_lua_rule *lr = c->lr;
	rl_rule           *r  = c->rule;
	const char        *level;
	lua_Debug          ar;

	lua_settop(L, 0);
	if (luaL_loadbufferx(L, lr->src, lr->len, lr->chunkname, "t") != LUA_OK)
		return lua_error(L);
	rl__lua_env_new(L, lr->pack); /* [chunk env] */
	lua_setupvalue(L, -2, 1);     /* _ENV; -> [chunk] */
	lua_call(L, 0, 1);            /* -> [t] */
	if (!lua_istable(L, -1))
		return luaL_error(L,
		    "the script must return the rule table, not a %s",
		    luaL_typename(L, -1));
	check_fields(L);

	lua_pushliteral(L, "check");
	lua_rawget(L, -2); /* [t check] */
	if (!lua_isfunction(L, -1))
		return luaL_error(L, "'check' must be a function, not a %s",
		    luaL_typename(L, -1));
	lua_pushvalue(L, -1);
	if (lua_getinfo(L, ">S", &ar) && ar.linedefined > 0)
		c->check_line = ar.linedefined;
	lua_pop(L, 1); /* [t] */

	level = field_str(L, c, "level", true);
	if (rl_level_parse(level, &r->level) != RL_OK)
		return luaL_error(
		    L, "level '%s' is not error, warning or suggestion", level);
	r->message     = field_str(L, c, "message", true);
	r->category    = field_str(L, c, "category", false);
	r->description = field_str(L, c, "description", false);
	r->link        = field_str(L, c, "link", false);
	r->points      = field_int(L, "points");
	r->cap         = field_int(L, "cap");
	return 0;
}

/* pack_serial_of shares the serial of p's Lua rules already loaded, so a
 * pack's rules share one environment per thread. */
static uint64_t
pack_serial_of(const rl_pack *p)
{
	size_t i;

	for (i = 0; p->rules && i < p->n_rules; i++) {
		const rl_rule *r = p->rules[i];

		if (r && r->kind == &rl__lua_kind && r->state)
			return ((const rl_lua_rule *)r->state)->pack_serial;
	}
	return atomic_fetch_add(&next_serial, 1);
}

/* rule_name sets *stem to the file name without folder and ".lua". */
static rl_err
rule_name(rl_arena *a, const char *path, char **stem)
{
	const char *base = strrchr(path, '/');
	size_t      n;

	base = base ? base + 1 : path;
	n    = strlen(base);
	if (n > 4 && strcmp(base + n - 4, ".lua") == 0)
		n -= 4;
	if (n == 0)
		return RL_EINVAL;
	*stem = rl__arena_strndup(a, base, n);
	return *stem ? RL_OK : RL_ENOMEM;
}

/* run_load runs the script once in a throw-away state; on failure diag
 * names the file and line. */
static rl_err
run_load(const rl_engine *e, load_ctx *c, const rl_pack *p, rl_diag *diag)
{
	rl_lua_vm *vm = NULL;
	uint64_t   instructions;
	size_t     memory;
	char       reason[1100];
	int        status;

	rl__lua_limits(e, p, &instructions, &memory);
	if (rl__lua_vm_new(memory, &vm) != RL_OK)
		return rl__diag_set(diag, RL_ENOMEM, c->lr->path, 0, 0,
		    "cannot create a Lua state: out of memory");
	vm->lr = c->lr;
	lua_pushcfunction(vm->L, load_entry);
	lua_pushlightuserdata(vm->L, c);
	rl__lua_budget_start(vm, instructions);
	status = rl__lua_pcall(vm, 1, 0);
	rl__lua_budget_stop(vm);
	if (status != LUA_OK) {
		rl__lua_failure_reason(vm, status, reason, sizeof reason);
		rl__diag_set(diag, RL_EPACK, c->lr->path,
		    (uint32_t)(vm->err_line > 0 ? vm->err_line : 0), 0,
		    "Lua rule does not load: %s", reason);
		rl__lua_vm_free(vm);
		return RL_EPACK;
	}
	rl__lua_vm_free(vm);
	return RL_OK;
}

rl_err
rl__lua_rule_load(
    rl_engine *e, rl_pack *p, const char *path, rl_rule **out, rl_diag *diag)
{
	rl_lua_rule *lr;
	rl_rule     *r;
	load_ctx     c;
	char        *src = NULL, *stem = NULL;
	size_t       len;
	rl_err       err;

	if (!p || !p->arena || !path || !out)
		return rl__diag_set(diag, RL_EINVAL, path, 0, 0,
		    "bad arguments to the Lua rule loader");
	err = rl__read_file(path, RL_LUA_MAX_SOURCE, &src, &len, diag);
	if (err == RL_ETOOBIG)
		return rl__diag_set(diag, RL_EPACK, path, 0, 0,
		    "Lua rule is larger than %zu bytes", RL_LUA_MAX_SOURCE);
	if (err != RL_OK)
		return err == RL_ENOMEM ? err : RL_EPACK;
	lr = rl__arena_calloc(p->arena, 1, sizeof *lr);
	r  = rl__arena_calloc(p->arena, 1, sizeof *r);
	if (!lr || !r)
		goto nomem;
	lr->path      = rl__arena_strdup(p->arena, path);
	lr->chunkname = rl__arena_printf(p->arena, "@%s", path);
	lr->src       = rl__arena_strndup(p->arena, src, len);
	lr->len       = len;
	lr->pack      = p;
	if (!lr->path || !lr->chunkname || !lr->src)
		goto nomem;
	err = rule_name(p->arena, path, &stem);
	if (err == RL_ENOMEM)
		goto nomem;
	if (err != RL_OK) {
		rl__free(src);
		return rl__diag_set(diag, RL_EPACK, path, 0, 0,
		    "a Lua rule file needs a name before '.lua'");
	}

	r->name    = stem;
	r->pack    = p->info.name ? p->info.name : "";
	r->id      = rl__arena_printf(p->arena, "%s.%s", r->pack, stem);
	r->file    = lr->path;
	r->line    = 1;
	r->kind    = &rl__lua_kind;
	r->state   = lr;
	r->enabled = true;
	r->points  = -1;
	r->cap     = -1;
	if (!r->id)
		goto nomem;

	memset(&c, 0, sizeof c);
	c.lr    = lr;
	c.rule  = r;
	c.arena = p->arena;
	err     = run_load(e, &c, p, diag);
	rl__free(src);
	if (err != RL_OK)
		return err;
	if (c.check_line > 0)
		r->line = (uint32_t)c.check_line;
	lr->serial      = atomic_fetch_add(&next_serial, 1);
	lr->pack_serial = pack_serial_of(p);
	*out            = r;
	return RL_OK;
nomem:
	rl__free(src);
	return rl__diag_set(diag, RL_ENOMEM, path, 0, 0, "out of memory");
}

/*
 * lua_module.c - the `redline` module rules get from require "redline"
 * (package.preload): report, find, match, pattern.
 *
 * report hands hits to rl__scan_report exactly as the built-in kinds do,
 * so line, column, section and switches are the engine's business.
 */
#include <string.h>

#include "lua/lua_int.h"

#define MAX_SUGGESTIONS 16

static const char *const report_fields[] = {
	"message",
	"level",
	"suggestions",
	"node",
	"match",
	"offset",
	"length",
	"args",
	NULL,
};

/* report_check_fields raises on an unknown key of the table at 1. */
static void
report_check_fields(lua_State *L)
{
	size_t i;

	lua_pushnil(L);
	while (lua_next(L, 1)) {
		lua_pop(L, 1);
		if (lua_type(L, -1) != LUA_TSTRING)
			luaL_error(L, "report: fields are named");
		for (i = 0; report_fields[i]; i++)
			if (strcmp(lua_tostring(L, -1), report_fields[i]) == 0)
				break;
		if (!report_fields[i])
			luaL_error(L, "report: unknown field '%s'",
			    lua_tostring(L, -1));
	}
}

/* opt_string reads an optional string field of the table at 1; the string
 * stays referenced by the table for the call. */
static const char *
opt_string(lua_State *L, const char *key)
{
	const char *s = NULL;

	lua_getfield(L, 1, key);
	if (!lua_isnil(L, -1)) {
		if (lua_type(L, -1) != LUA_TSTRING)
			luaL_error(L, "report: '%s' must be a string", key);
		s = lua_tostring(L, -1);
	}
	lua_pop(L, 1);
	return s;
}

/* string_list reads field key (an array of strings) into v[0..max). */
static size_t
string_list(lua_State *L, const char *key, const char **v, size_t max)
{
	size_t      n = 0;
	lua_Integer i;

	if (lua_getfield(L, 1, key) == LUA_TNIL) {
		lua_pop(L, 1);
		return 0;
	}
	if (!lua_istable(L, -1))
		luaL_error(L, "report: '%s' must be a list of strings", key);
	for (i = 1;; i++) {
		int t = lua_rawgeti(L, -1, i);

		if (t == LUA_TNIL) {
			lua_pop(L, 1);
			break;
		}
		if (t != LUA_TSTRING)
			luaL_error(
			    L, "report: '%s' must be a list of strings", key);
		if (n == max)
			luaL_error(L, "report: more than %d %s", (int)max, key);
		v[n++] = lua_tostring(L, -1);
		lua_pop(L, 1); /* the table keeps the string */
	}
	lua_pop(L, 1);
	return n;
}

/* location sets hit's byte range from node=/match= or offset=/length=;
 * nothing given: the start of the document.  A section node stands for
 * its heading line. */
static void
location(lua_State *L, const rl_doc *d, rl_hit *hit)
{
	rl_lua_range r;
	lua_Integer  off, len;
	int          isnum;
	const char  *key = "node";

	if (lua_getfield(L, 1, "node") == LUA_TNIL) {
		lua_pop(L, 1);
		key = "match";
		lua_getfield(L, 1, "match");
	}
	if (!lua_isnil(L, -1)) {
		rl__lua_node_range(L, -1, false, &r);
		hit->off = r.off;
		hit->len = r.end - r.off;
		if (r.section != UINT32_MAX) {
			/* A section is pointed at by its heading line. */
			const rl_section *s = &d->sections[r.section];

			hit->len = s->heading < d->n_blocks &&
			        d->blocks[s->heading].end > s->off
			    ? d->blocks[s->heading].end - s->off
			    : 0;
		}
		lua_pop(L, 1);
		lua_getfield(L, 1, "offset");
		if (!lua_isnil(L, -1))
			luaL_error(
			    L, "report: give %s= or offset=, not both", key);
		lua_pop(L, 1);
		return;
	}
	lua_pop(L, 1);
	lua_getfield(L, 1, "offset");
	lua_getfield(L, 1, "length");
	if (lua_isnil(L, -2)) {
		if (!lua_isnil(L, -1))
			luaL_error(L, "report: length= needs offset=");
		lua_pop(L, 2);
		return;
	}
	off = lua_tointegerx(L, -2, &isnum);
	if (!isnum)
		luaL_error(L, "report: offset must be an integer");
	len = lua_isnil(L, -1) ? 0 : lua_tointegerx(L, -1, &isnum);
	if (!isnum)
		luaL_error(L, "report: length must be an integer");
	if (off < 0 || len < 0 || (uint64_t)off > d->len ||
	    (uint64_t)len > d->len - (uint64_t)off)
		luaL_error(L,
		    "report: bytes %I+%I are outside the document "
		    "(%I bytes)",
		    (lua_Integer)off, (lua_Integer)len, (lua_Integer)d->len);
	hit->off = (uint32_t)off;
	hit->len = (uint32_t)len;
	lua_pop(L, 2);
}

/* redline.report{message=, level=, suggestions=, args=, node= | match= |
 * offset=, length=} */
static int
f_report(lua_State *L)
{
	rl_lua_vm  *vm = rl__lua_vm_of(L);
	rl_hit      hit;
	const char *sugg[MAX_SUGGESTIONS];
	const char *args[2];
	const char *level;
	rl_level    lv;
	size_t      nargs;
	rl_err      err;

	if (!vm->scan || !vm->doc)
		return luaL_error(L, "report() works only inside check()");
	luaL_checktype(L, 1, LUA_TTABLE);
	lua_settop(L, 1);
	rl__lua_charge(L, RL_LUA_COST_REPORT);
	report_check_fields(L);
	memset(&hit, 0, sizeof hit);
	hit.level   = -1;
	hit.message = opt_string(L, "message");
	level       = opt_string(L, "level");
	if (level) {
		if (rl_level_parse(level, &lv) != RL_OK)
			return luaL_error(L,
			    "report: level '%s' is not "
			    "error, warning or suggestion",
			    level);
		hit.level = (int)lv;
	}
	hit.n_suggestions =
	    string_list(L, "suggestions", sugg, MAX_SUGGESTIONS);
	hit.suggestions = hit.n_suggestions ? sugg : NULL;
	nargs           = string_list(L, "args", args, 2);
	hit.args[0]     = nargs > 0 ? args[0] : NULL;
	hit.args[1]     = nargs > 1 ? args[1] : NULL;
	location(L, vm->doc, &hit);
	err = rl__scan_report(vm->scan, vm->rule, &hit);
	if (err != RL_OK)
		return luaL_error(L, "report failed: %s", rl_strerror(err));
	vm->reports++;
	return 0;
}

/* redline.match(p, where) -> the first match, or nil */
static int
f_match(lua_State *L)
{
	lua_settop(L, 2);
	rl__lua_f_find(L); /* [p where iter] */
	lua_call(L, 0, 1);
	return 1;
}

static const luaL_Reg redline_funcs[] = {
	{ "report", f_report },
	{ "find", rl__lua_f_find },
	{ "match", f_match },
	{ "pattern", rl__lua_f_pattern },
	{ NULL, NULL },
};

int
rl__lua_open_redline(lua_State *L)
{
	luaL_newlib(L, redline_funcs);
	lua_pushliteral(L, RL_VERSION_STRING);
	lua_setfield(L, -2, "version");
	rl__lua_readonly(L, "redline");
	return 1;
}

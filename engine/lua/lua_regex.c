/*
 * lua_regex.c - redline.pattern and redline.find: PCRE2 for Lua rules.
 *
 * Patterns compile once per Lua state: redline.pattern(re, flags) and a
 * pattern given to find as a string both go through a cache keyed by
 * flags and text (RL_LUA_PATTERN_CACHE entries, then it starts over), so a
 * rule that names its patterns at top level or inline compiles each once
 * per scanning thread and pack load, never per document.
 *
 * Everything PCRE2 allocates for a state (compiled code, match frames) is
 * counted against that state's memory cap, JIT code included; matching
 * runs with a match limit and a heap limit, so one call cannot stall the
 * thread, and each call's scanned bytes are charged to the rule's budget.
 */
#include <string.h>

#include "lua/lua_int.h"

#define MAX_GROUPS 31
#define MATCH_LIMIT 2000000u /* PCRE2 match() calls per match */
#define HEAP_LIMIT_KIB 8192u /* backtracking frames */
#define JIT_STACK_MAX (512u * 1024u)

typedef struct pattern {
	pcre2_code *code;
	uint32_t    ngroups;
	size_t      jit_size; /* counted in the vm's mem_used */
} pattern;

/* ------------------------------------------------------------------------
 * Counted PCRE2 memory
 * ------------------------------------------------------------------------ */

typedef union mem_head {
	size_t      size;
	max_align_t align;
} mem_head;

static void *
pcre_malloc(PCRE2_SIZE size, void *ud)
{
	rl_lua_vm *vm = ud;
	mem_head  *h;

	if (size > vm->mem_limit || vm->mem_used + size > vm->mem_limit) {
		if (vm->running)
			vm->abort = RL_LUA_ABORT_MEMORY;
		return NULL;
	}
	h = rl__alloc(sizeof *h + size);
	if (!h)
		return NULL;
	h->size = size;
	vm->mem_used += size;
	return h + 1;
}

static void
pcre_free(void *p, void *ud)
{
	rl_lua_vm *vm = ud;
	mem_head  *h;

	if (!p)
		return;
	h = (mem_head *)p - 1;
	vm->mem_used -= h->size;
	rl__free(h);
}

rl_err
rl__lua_regex_init_vm(rl_lua_vm *vm)
{
	vm->gctx = pcre2_general_context_create(pcre_malloc, pcre_free, vm);
	if (!vm->gctx)
		return RL_ENOMEM;
	vm->cctx = pcre2_compile_context_create(vm->gctx);
	vm->mctx = pcre2_match_context_create(vm->gctx);
	vm->jit_stack =
	    pcre2_jit_stack_create(32 * 1024, JIT_STACK_MAX, vm->gctx);
	vm->md = pcre2_match_data_create(MAX_GROUPS + 1, vm->gctx);
	if (!vm->cctx || !vm->mctx || !vm->jit_stack || !vm->md)
		return RL_ENOMEM;
	pcre2_set_match_limit(vm->mctx, MATCH_LIMIT);
	pcre2_set_heap_limit(vm->mctx, HEAP_LIMIT_KIB);
	pcre2_jit_stack_assign(vm->mctx, NULL, vm->jit_stack);
	return RL_OK;
}

void
rl__lua_regex_free_vm(rl_lua_vm *vm)
{
	pcre2_match_data_free(vm->md);
	pcre2_jit_stack_free(vm->jit_stack);
	pcre2_match_context_free(vm->mctx);
	pcre2_compile_context_free(vm->cctx);
	pcre2_general_context_free(vm->gctx);
	vm->md        = NULL;
	vm->jit_stack = NULL;
	vm->mctx      = NULL;
	vm->cctx      = NULL;
	vm->gctx      = NULL;
}

/* ------------------------------------------------------------------------
 * Patterns
 * ------------------------------------------------------------------------ */

static int
pattern_gc(lua_State *L)
{
	rl_lua_vm *vm = rl__lua_vm_of(L);
	pattern   *p  = rl__lua_toclass(L, 1, vm->pattern_mt);

	if (p && p->code) {
		pcre2_code_free(p->code);
		p->code = NULL;
		vm->mem_used -= p->jit_size;
		p->jit_size = 0;
	}
	return 0;
}

static int
pattern_tostring(lua_State *L)
{
	luaL_checkudata(L, 1, RL_LUA_MT_PATTERN);
	lua_pushliteral(L, "redline pattern");
	return 1;
}

static uint32_t
parse_flags(lua_State *L, const char *flags)
{
	/* UTF always; Unicode properties for \w, \d, \b only when asked
	 * ('u'): they make such patterns many times slower. */
	uint32_t opts = PCRE2_UTF | PCRE2_NEVER_BACKSLASH_C;

	for (; *flags; flags++) {
		switch (*flags) {
		case 'i':
			opts |= PCRE2_CASELESS;
			break;
		case 'm':
			opts |= PCRE2_MULTILINE;
			break;
		case 's':
			opts |= PCRE2_DOTALL;
			break;
		case 'x':
			opts |= PCRE2_EXTENDED;
			break;
		case 'u':
			opts |= PCRE2_UCP;
			break;
		default:
			luaL_error(L,
			    "unknown pattern flag '%c' (use i, m, s, "
			    "u or x)",
			    *flags);
		}
	}
	return opts;
}

/* compile pushes a new pattern object for re.  [-0, +1] */
static pattern *
compile(lua_State *L, const char *re, size_t len, const char *flags)
{
	rl_lua_vm  *vm   = rl__lua_vm_of(L);
	uint32_t    opts = parse_flags(L, flags);
	pattern    *p;
	int         errcode;
	PCRE2_SIZE  erroff;
	PCRE2_UCHAR msg[256];
	size_t      jit = 0;

	rl__lua_charge(L, RL_LUA_COST_COMPILE + len);
	p = lua_newuserdatauv(L, sizeof *p, 0);
	memset(p, 0, sizeof *p);
	lua_rawgeti(L, LUA_REGISTRYINDEX, vm->ref_pattern_mt);
	lua_setmetatable(L, -2);
	p->code = pcre2_compile(
	    (PCRE2_SPTR)re, len, opts, &errcode, &erroff, vm->cctx);
	if (!p->code) {
		rl__lua_check_abort(L);
		pcre2_get_error_message(errcode, msg, sizeof msg);
		luaL_error(L, "bad regular expression '%s': %s at offset %d",
		    re, (const char *)msg, (int)erroff);
	}
	pcre2_pattern_info(p->code, PCRE2_INFO_CAPTURECOUNT, &p->ngroups);
	if (p->ngroups > MAX_GROUPS)
		luaL_error(L, "regular expression '%s' has more than %d groups",
		    re, MAX_GROUPS);
	if (pcre2_jit_compile(p->code, PCRE2_JIT_COMPLETE) == 0 &&
	    pcre2_pattern_info(p->code, PCRE2_INFO_JITSIZE, &jit) == 0) {
		p->jit_size = jit;
		vm->mem_used += jit;
		if (vm->mem_used > vm->mem_limit)
			rl__lua_raise_abort(L, RL_LUA_ABORT_MEMORY);
	}
	return p;
}

/* cached pushes the pattern for (re, flags), compiling it on first use.
 * [-0, +1] */
static pattern *
cached(lua_State *L, int re_idx, const char *flags)
{
	rl_lua_vm  *vm = rl__lua_vm_of(L);
	size_t      len;
	const char *re = lua_tolstring(L, re_idx, &len);
	pattern    *p;

	lua_rawgeti(L, LUA_REGISTRYINDEX, vm->ref_patterns); /* [c] */
	lua_pushstring(L, flags);
	lua_pushliteral(L, "/");
	lua_pushvalue(L, re_idx);
	lua_concat(L, 3); /* [c key] */
	lua_pushvalue(L, -1);
	if (lua_rawget(L, -3) != LUA_TNIL) { /* [c key p] */
		lua_replace(L, -3);
		lua_pop(L, 1);
		return lua_touserdata(L, -1);
	}
	lua_pop(L, 1);                  /* [c key] */
	p = compile(L, re, len, flags); /* [c key p] */
	if (vm->n_patterns >= RL_LUA_PATTERN_CACHE) {
		lua_newtable(L); /* start over; the old ones die with GC */
		lua_pushvalue(L, -1);
		lua_rawseti(L, LUA_REGISTRYINDEX, vm->ref_patterns);
		lua_replace(L, -4);
		vm->n_patterns = 0;
	}
	lua_pushvalue(L, -2);
	lua_pushvalue(L, -2);
	lua_rawset(L, -5); /* c[key] = p */
	vm->n_patterns++;
	lua_replace(L, -3);
	lua_pop(L, 1); /* [p] */
	return p;
}

/* redline.pattern(re [, flags]) -> pattern */
int
rl__lua_f_pattern(lua_State *L)
{
	const char *flags;

	luaL_checkstring(L, 1);
	flags = luaL_optstring(L, 2, "");
	cached(L, 1, flags);
	return 1;
}

/* ------------------------------------------------------------------------
 * find
 * ------------------------------------------------------------------------ */

/* find_step: upvalues 1 pattern, 2 where (node or string), 3 next start.
 * Returns the next match node, or nothing at the end. */
static int
find_step(lua_State *L)
{
	rl_lua_vm   *vm = rl__lua_vm_of(L);
	pattern     *p  = lua_touserdata(L, lua_upvalueindex(1));
	rl_lua_range r;
	const char  *subj;
	lua_Integer  pos = lua_tointeger(L, lua_upvalueindex(3));
	PCRE2_SIZE  *ov;
	size_t       next;
	int          rc;

	rl__lua_node_range(L, lua_upvalueindex(2), true, &r);
	if (pos < (lua_Integer)r.off || pos > (lua_Integer)r.end || !p->code)
		return 0;
	subj = r.in_doc ? vm->doc->prose : r.subject;
	rc   = pcre2_match(p->code, (PCRE2_SPTR)subj, r.end, (PCRE2_SIZE)pos,
	      PCRE2_NO_UTF_CHECK, vm->md, vm->mctx);
	if (rc == PCRE2_ERROR_NOMATCH) {
		rl__lua_charge(L,
		    RL_LUA_COST_CALL +
		        ((r.end - (uint64_t)pos) >> RL_LUA_COST_BYTES_SHIFT));
		lua_pushinteger(L, (lua_Integer)r.end + 1);
		lua_replace(L, lua_upvalueindex(3));
		return 0;
	}
	if (rc < 0) {
		PCRE2_UCHAR msg[256];

		rl__lua_check_abort(L);
		pcre2_get_error_message(rc, msg, sizeof msg);
		return luaL_error(
		    L, "regular expression failed: %s", (const char *)msg);
	}
	ov = pcre2_get_ovector_pointer(vm->md);
	rl__lua_charge(L, (ov[1] - (uint64_t)pos) >> RL_LUA_COST_BYTES_SHIFT);
	next = ov[1];
	if (ov[1] == ov[0]) { /* empty: step over one character */
		next = ov[1] + 1;
		while (
		    next < r.end && ((unsigned char)subj[next] & 0xC0) == 0x80)
			next++;
	}
	lua_pushinteger(L, (lua_Integer)next);
	lua_replace(L, lua_upvalueindex(3));
	rl__lua_push_match(L, (uint32_t)ov[0], (uint32_t)ov[1],
	    r.in_doc ? 0 : lua_upvalueindex(2), ov, p->ngroups);
	return 1;
}

/* redline.find(p, where) -> iterator over the matches of p (a pattern or
 * a regex string) in where (a node, a string, or nil: the document). */
int
rl__lua_f_find(lua_State *L)
{
	rl_lua_range r;

	if (lua_isnoneornil(L, 2)) {
		lua_settop(L, 1);
		rl__lua_push_doc(L);
	}
	lua_settop(L, 2);
	if (lua_type(L, 1) == LUA_TSTRING)
		cached(L, 1, "");
	else {
		if (!rl__lua_toclass(L, 1, rl__lua_vm_of(L)->pattern_mt))
			luaL_typeerror(L, 1, "pattern or string");
		lua_pushvalue(L, 1);
	}
	/* [p where pat] */
	rl__lua_node_range(L, 2, true, &r);
	if (!r.in_doc) {
		rl__lua_charge(L, r.subject_len >> RL_LUA_COST_BYTES_SHIFT);
		if (!rl__utf8_valid(r.subject, r.subject_len))
			return luaL_error(L,
			    "find: the string is not valid "
			    "UTF-8");
	}
	lua_pushvalue(L, 2);
	lua_pushinteger(L, r.off); /* [p where pat where pos] */
	lua_pushcclosure(L, find_step, 3);
	return 1;
}

void
rl__lua_regex_open(lua_State *L)
{
	rl_lua_vm *vm = rl__lua_vm_of(L);

	luaL_newmetatable(L, RL_LUA_MT_PATTERN);
	vm->pattern_mt = lua_topointer(L, -1);
	lua_pushvalue(L, -1);
	vm->ref_pattern_mt = luaL_ref(L, LUA_REGISTRYINDEX);
	lua_pushcfunction(L, pattern_gc);
	lua_setfield(L, -2, "__gc");
	lua_pushcfunction(L, pattern_tostring);
	lua_setfield(L, -2, "__tostring");
	lua_pushliteral(L, RL_LUA_LOCKED);
	lua_setfield(L, -2, "__metatable");
	lua_pop(L, 1);
}

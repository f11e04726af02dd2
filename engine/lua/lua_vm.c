/*
 * lua_vm.c - one sandboxed Lua state: its capped allocator, the count hook
 * that enforces the instruction budget, and the protected-call helper every
 * call into rule code goes through.
 *
 * Aborts cannot be caught by the rule.  When the budget runs out or the
 * memory cap is reached, vm->abort is set and a sentinel error is raised.
 * A pcall inside the rule may catch that error once, but (1) the sandbox's
 * pcall and xpcall re-raise it as soon as the protected call returns, and
 * (2) the count hook is re-armed to fire on every instruction and raises
 * again each time, so no Lua code of the rule runs after an abort.
 */
#include <limits.h>
#include <string.h>

#include <lualib.h>

#include "lua/lua_int.h"

/* The sentinel error value of an abort: a light userdata of this address
 * (raising it allocates nothing, so it works with memory exhausted). */
static const char abort_sentinel = 0;

void *
rl__lua_toclass(lua_State *L, int idx, const void *mt)
{
	void *u = lua_touserdata(L, idx);
	bool  ok;

	if (!u || !lua_getmetatable(L, idx))
		return NULL;
	ok = lua_topointer(L, -1) == mt;
	lua_pop(L, 1);
	return ok ? u : NULL;
}

rl_lua_vm *
rl__lua_vm_of(lua_State *L)
{
	rl_lua_vm *vm;

	memcpy(&vm, lua_getextraspace(L), sizeof vm);
	return vm;
}

/* ------------------------------------------------------------------------
 * Memory cap
 * ------------------------------------------------------------------------ */

static int  failure_line(lua_State *L, const char *chunkname);
static void count_hook(lua_State *L, lua_Debug *ar);

/* memory_abort marks the running rule out of memory.  Lua raises memory
 * errors without calling the message handler, so the failing line is
 * taken here (lua_getstack/lua_getinfo "Sl" allocate nothing). */
static void
memory_abort(rl_lua_vm *vm)
{
	if (!vm->running || vm->abort != RL_LUA_RUNNING)
		return;
	vm->abort    = RL_LUA_ABORT_MEMORY;
	vm->err_line = failure_line(vm->L, vm->lr ? vm->lr->chunkname : NULL);
	/* lua_sethook is safe anywhere, even inside an allocation. */
	lua_sethook(vm->L, count_hook, LUA_MASKCOUNT, 1);
}

/*
 * vm_alloc is the state's lua_Alloc.  Growth past mem_limit is refused.
 * Lua answers a refusal with an emergency full collection and one retry of
 * the same request; only when the retry is refused too does the rule run
 * out of memory, so only live data counts against the cap.  That second
 * refusal is what marks the rule aborted.
 */
static void *
vm_alloc(void *ud, void *ptr, size_t osize, size_t nsize)
{
	rl_lua_vm *vm = ud;
	void      *np;

	if (!ptr)
		osize = 0; /* osize is a type tag for new objects */
	if (nsize == 0) {
		rl__free(ptr);
		vm->mem_used -= osize;
		return NULL;
	}
	if (nsize > osize &&
	    (vm->mem_used - osize + nsize > vm->mem_limit ||
	        nsize > vm->mem_limit)) {
		if (vm->refused && vm->refused_ptr == ptr &&
		    vm->refused_osize == osize && vm->refused_nsize == nsize) {
			memory_abort(vm);
			vm->refused = false;
			return NULL;
		}
		vm->refused       = true;
		vm->refused_ptr   = ptr;
		vm->refused_osize = osize;
		vm->refused_nsize = nsize;
		return NULL;
	}
	np = rl__realloc(ptr, nsize);
	if (!np) {
		memory_abort(vm);
		return NULL;
	}
	if (nsize > osize)
		vm->refused = false;
	vm->mem_used = vm->mem_used - osize + nsize;
	return np;
}

/* ------------------------------------------------------------------------
 * Budget
 * ------------------------------------------------------------------------ */

int
rl__lua_raise_abort(lua_State *L, rl_lua_abort why)
{
	rl_lua_vm *vm = rl__lua_vm_of(L);

	if (vm->abort == RL_LUA_RUNNING)
		vm->abort = why;
	/* From now on the hook fires before every instruction. */
	lua_sethook(L, lua_gethook(L), LUA_MASKCOUNT, 1);
	lua_pushlightuserdata(L, (void *)&abort_sentinel); /* [-0, +1] */
	return lua_error(L);
}

/* count_hook charges RL_LUA_HOOK_STEP instructions (or 1 after an abort,
 * when it runs every instruction) and raises when the budget is gone. */
static void
count_hook(lua_State *L, lua_Debug *ar)
{
	rl_lua_vm *vm = rl__lua_vm_of(L);

	(void)ar;
	if (!vm->running)
		return;
	if (vm->abort != RL_LUA_RUNNING)
		rl__lua_raise_abort(L, vm->abort);
	vm->budget_left -= RL_LUA_HOOK_STEP;
	if (vm->budget_left < 0)
		rl__lua_raise_abort(L, RL_LUA_ABORT_BUDGET);
}

void
rl__lua_budget_start(rl_lua_vm *vm, uint64_t instructions)
{
	vm->budget      = instructions;
	vm->budget_left = (int64_t)instructions;
	vm->abort       = RL_LUA_RUNNING;
	vm->refused     = false;
	vm->running     = true;
	/* lua_sethook also restarts the count, so nothing carries over from
	 * the previous rule. */
	lua_sethook(vm->L, count_hook, LUA_MASKCOUNT, RL_LUA_HOOK_STEP);
}

void
rl__lua_budget_stop(rl_lua_vm *vm)
{
	vm->running = false;
	lua_sethook(vm->L, NULL, 0, 0);
}

void
rl__lua_charge(lua_State *L, uint64_t units)
{
	rl_lua_vm *vm = rl__lua_vm_of(L);

	if (!vm->running)
		return;
	if (vm->abort != RL_LUA_RUNNING)
		rl__lua_raise_abort(L, vm->abort);
	if (units > (uint64_t)INT64_MAX)
		units = (uint64_t)INT64_MAX;
	vm->budget_left -= (int64_t)units;
	if (vm->budget_left < 0)
		rl__lua_raise_abort(L, RL_LUA_ABORT_BUDGET);
}

void
rl__lua_check_abort(lua_State *L)
{
	rl_lua_vm *vm = rl__lua_vm_of(L);

	if (vm->running && vm->abort != RL_LUA_RUNNING)
		rl__lua_raise_abort(L, vm->abort);
}

/* ------------------------------------------------------------------------
 * Protected calls
 * ------------------------------------------------------------------------ */

/* failure_line finds the line the failure happened on: the innermost
 * frame running code of the rule's own file.  Allocates nothing. */
static int
failure_line(lua_State *L, const char *chunkname)
{
	lua_Debug ar;
	int       level;

	for (level = 0; lua_getstack(L, level, &ar); level++) {
		if (!lua_getinfo(L, "Sl", &ar))
			continue;
		if (ar.currentline > 0 && chunkname &&
		    strcmp(ar.source, chunkname) == 0)
			return ar.currentline;
	}
	return 0;
}

/* strip_where drops Lua's "short_src:line: " prefix from msg when it
 * names the rule's own file, taking its line; returns the rest. */
static const char *
strip_where(const char *msg, const char *chunkname, int *line)
{
	char        shortsrc[LUA_IDSIZE];
	const char *p;
	size_t      n;
	long        l = 0;

	if (!chunkname || chunkname[0] != '@')
		return msg;
	/* Lua shortens long names to "...tail" (see luaO_chunkid). */
	n = strlen(chunkname + 1);
	if (n < LUA_IDSIZE)
		memcpy(shortsrc, chunkname + 1, n + 1);
	else
		snprintf(shortsrc, sizeof shortsrc, "...%s",
		    chunkname + 1 + n - (LUA_IDSIZE - 4));
	n = strlen(shortsrc);
	if (strncmp(msg, shortsrc, n) != 0 || msg[n] != ':')
		return msg;
	p = msg + n + 1;
	if (*p < '0' || *p > '9')
		return msg;
	while (*p >= '0' && *p <= '9' && l < 100000000)
		l = l * 10 + (*p++ - '0');
	if (p[0] != ':' || p[1] != ' ')
		return msg;
	*line = (int)l;
	return p + 2;
}

/*
 * msg_handler runs at the point of failure, before the stack unwinds: it
 * records the failing line of the rule's file and a readable reason in the
 * vm.  It must not allocate (memory may be exhausted), so it only copies
 * C strings.  [-1, +1]: returns the error value unchanged.
 */
static int
msg_handler(lua_State *L)
{
	rl_lua_vm  *vm    = rl__lua_vm_of(L);
	const char *chunk = vm->lr ? vm->lr->chunkname : NULL;
	const char *msg;
	int         line;

	line = failure_line(L, chunk);
	if (line == 0)
		line = vm->err_line;
	if (lua_touserdata(L, 1) == &abort_sentinel) {
		vm->err_msg[0] = '\0';
	} else if (lua_type(L, 1) == LUA_TSTRING) {
		msg = strip_where(lua_tostring(L, 1), chunk, &line);
		snprintf(vm->err_msg, sizeof vm->err_msg, "%s", msg);
	} else {
		snprintf(vm->err_msg, sizeof vm->err_msg,
		    "error object is a %s value", luaL_typename(L, 1));
	}
	vm->err_line = line;
	return 1;
}

int
rl__lua_pcall(rl_lua_vm *vm, int nargs, int nresults)
{
	lua_State *L    = vm->L;
	int        base = lua_gettop(L) - nargs; /* the function's index */
	int        status;

	vm->err_line   = 0;
	vm->err_msg[0] = '\0';
	lua_pushcfunction(L, msg_handler); /* [fn args] -> [fn args h] */
	lua_insert(L, base);               /* -> [h fn args] */
	status = lua_pcall(L, nargs, nresults, base);
	lua_remove(L, base); /* the handler */
	if (status != LUA_OK)
		lua_pop(L, 1); /* the error value */
	return status;
}

void
rl__lua_failure_reason(const rl_lua_vm *vm, int status, char *buf, size_t size)
{
	if (vm->abort == RL_LUA_ABORT_BUDGET)
		snprintf(buf, size,
		    "instruction budget exceeded (%llu instructions)",
		    (unsigned long long)vm->budget);
	else if (vm->abort == RL_LUA_ABORT_MEMORY || status == LUA_ERRMEM)
		snprintf(buf, size,
		    "memory cap exceeded (%zu bytes per Lua state)",
		    vm->mem_limit);
	else if (vm->err_msg[0])
		snprintf(buf, size, "%s", vm->err_msg);
	else
		snprintf(buf, size, "Lua error (status %d)", status);
}

void
rl__lua_describe_failure(const rl_lua_vm *vm, const rl_lua_rule *lr, int status,
    char *buf, size_t size)
{
	const char *path = lr ? lr->path : "?";
	char        reason[600];

	rl__lua_failure_reason(vm, status, reason, sizeof reason);
	if (vm->err_line > 0)
		snprintf(buf, size, "%s:%d: %s", path, vm->err_line, reason);
	else
		snprintf(buf, size, "%s: %s", path, reason);
}

/* ------------------------------------------------------------------------
 * States
 * ------------------------------------------------------------------------ */

/* vm_setup runs protected: the sandbox and the caches. */
static int
vm_setup(lua_State *L)
{
	rl_lua_vm *vm = rl__lua_vm_of(L);

	rl__lua_sandbox_open(L);
	lua_newtable(L);
	vm->ref_rules = luaL_ref(L, LUA_REGISTRYINDEX);
	lua_newtable(L);
	vm->ref_envs = luaL_ref(L, LUA_REGISTRYINDEX);
	lua_newtable(L);
	vm->ref_patterns = luaL_ref(L, LUA_REGISTRYINDEX);
	lua_newtable(L);
	vm->ref_texts = luaL_ref(L, LUA_REGISTRYINDEX);
	return 0;
}

rl_err
rl__lua_vm_new(size_t mem_limit, rl_lua_vm **out)
{
	rl_lua_vm *vm;
	lua_State *L;

	vm = rl__calloc(1, sizeof *vm);
	if (!vm)
		return RL_ENOMEM;
	/* Building the sandbox is the engine's work, not a rule's: it gets
	 * the largest cap; the rule's own applies from its first call. */
	vm->mem_limit = RL_LUA_MAX_MEMORY;
	if (rl__lua_regex_init_vm(vm) != RL_OK)
		goto fail;
	L = lua_newstate(vm_alloc, vm);
	if (!L)
		goto fail;
	vm->L = L;
	memcpy(lua_getextraspace(L), &vm, sizeof vm);
	lua_pushcfunction(L, vm_setup);
	if (lua_pcall(L, 0, 0, 0) != LUA_OK)
		goto fail;
	lua_gc(L, LUA_GCGEN, 0, 0); /* mostly short-lived objects */
	vm->mem_limit = mem_limit;
	*out          = vm;
	return RL_OK;
fail:
	rl__lua_vm_free(vm);
	return RL_ENOMEM;
}

void
rl__lua_vm_free(void *p)
{
	rl_lua_vm *vm = p;

	if (!vm)
		return;
	if (vm->L) {
		vm->running = false;
		lua_close(vm->L);
	}
	rl__lua_regex_free_vm(vm);
	rl__free(vm);
}

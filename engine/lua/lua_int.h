/*
 * lua_int.h - internals of Lua rules shared by the files of engine/lua/.
 *
 * One rl_lua_vm (a lua_State plus its budget, memory account and PCRE2
 * contexts) per scanner, created on the first Lua rule the scanner runs.
 * Inside it every pack gets its own _ENV built from the allow-list in
 * lua_sandbox.c; the library tables the packs see are shared read-only
 * proxies.  Every call into Lua goes through rl__lua_pcall, which installs
 * the rule's budget and turns a failure into a reason with file:line.
 *
 * The metatable names of every Lua class live here (convention 9).
 */
#ifndef RL_LUA_LUA_INT_H
#define RL_LUA_LUA_INT_H

#include <lauxlib.h>
#include <lua.h>

#include "lua/lua.h"
#include "rules/regex.h"

/* Metatable names (registry keys) of the classes engine/lua defines. */
#define RL_LUA_MT_NODE "redline.node"       /* lua_doc.c */
#define RL_LUA_MT_PATTERN "redline.pattern" /* lua_regex.c */
#define RL_LUA_MT_PROXY "redline.readonly"  /* lua_sandbox.c */

/* The value of __metatable on every metatable a rule can meet, so that
 * getmetatable() shows no table and setmetatable() refuses to replace it. */
#define RL_LUA_LOCKED "locked"

/* How many instructions pass between two count-hook calls while a rule
 * runs within its budget; after an abort the hook fires on every one. */
#define RL_LUA_HOOK_STEP 1000

/* Budget units charged by the C functions rules call, so that work done
 * outside the VM is paid for like instructions are. */
#define RL_LUA_COST_CALL 4        /* any guarded call */
#define RL_LUA_COST_BYTES_SHIFT 3 /* one unit per 8 bytes touched */
#define RL_LUA_COST_NODE 8        /* one document node made */
#define RL_LUA_COST_MATCH 32      /* one regex match yielded */
#define RL_LUA_COST_COMPILE 2000  /* one regex compiled (plus bytes) */
#define RL_LUA_COST_REPORT 1000   /* one finding reported */

/* Regex cache: patterns given as strings are compiled once per state and
 * kept; the cache starts over when it holds this many. */
#define RL_LUA_PATTERN_CACHE 256

/* Check-function and environment caches: an entry unused for this many
 * rule calls is dropped (a reloaded pack's old rules go away). */
#define RL_LUA_SWEEP_EVERY 4096

typedef enum rl_lua_abort {
	RL_LUA_RUNNING = 0,
	RL_LUA_ABORT_BUDGET, /* the instruction budget ran out */
	RL_LUA_ABORT_MEMORY, /* the state's memory cap was reached */
} rl_lua_abort;

/* A Lua rule's compiled state (rule->state), immutable after load and
 * shared by every thread.  Lives in the pack's arena. */
typedef struct rl_lua_rule {
	uint64_t       serial;      /* unique per loaded rule, for caches */
	uint64_t       pack_serial; /* shared by a pack's Lua rules */
	const rl_pack *pack;        /* limits (pack.yaml `lua:`) */
	const char    *path;        /* the rule file */
	const char    *chunkname;   /* "@" path */
	const char    *src;         /* the script's text */
	size_t         len;
} rl_lua_rule;

/* The per-scanner Lua state and everything that goes with it. */
typedef struct rl_lua_vm {
	lua_State *L;

	/* memory account (lua_Alloc and PCRE2 allocations) */
	size_t      mem_used;
	size_t      mem_limit;
	const void *refused_ptr;   /* the last growth refused, to tell */
	size_t      refused_osize; /* Lua's retry after its emergency */
	size_t      refused_nsize; /* collection from a new request */
	bool        refused;

	/* budget of the rule running now */
	int64_t      budget_left;
	uint64_t     budget;
	rl_lua_abort abort;
	bool         running; /* a rule's code is on the stack */

	/* the check in progress (valid while running a check) */
	rl_scan           *scan;
	const rl_rule     *rule;
	const rl_lua_rule *lr;
	const rl_doc      *doc;
	uint64_t           serial; /* per check call: nodes of older calls
	                              are refused */
	uint64_t ticks;            /* rule calls, for cache sweeps */
	uint64_t review;           /* the scanner's review of this call */
	uint32_t reports;          /* findings of the current call */

	/* what the message handler found out about the failure */
	int  err_line;
	char err_msg[512];

	/* registry references */
	int         ref_base;  /* name -> value table new environments copy */
	int         ref_rules; /* rule serial -> {check, tick} */
	int         ref_envs;  /* pack serial -> {env, tick} */
	int         ref_patterns; /* pattern text -> pattern object */
	int         ref_texts; /* node key -> its text, for one review */
	uint64_t    texts_review; /* the review ref_texts holds texts of */
	size_t      texts_bytes;  /* their total length */
	int         ref_node_mt; /* the metatables of nodes and patterns, and */
	int         ref_pattern_mt; /* their addresses, for type checks that */
	const void *node_mt;        /* need no lookup by name */
	const void *pattern_mt;
	size_t      n_patterns;

	/* PCRE2, with allocations counted against mem_limit */
	pcre2_general_context *gctx;
	pcre2_compile_context *cctx;
	pcre2_match_context   *mctx;
	pcre2_jit_stack       *jit_stack;
	pcre2_match_data      *md;
} rl_lua_vm;

/* ------------------------------------------------------------------------
 * lua_vm.c: states, memory cap, budget, protected calls
 * ------------------------------------------------------------------------ */

/* rl__lua_vm_new makes a sandboxed state with the given memory cap (bytes)
 * ready to run rules.  *out owned by caller (rl__lua_vm_free).  RL_ENOMEM.
 */
rl_err rl__lua_vm_new(size_t mem_limit, rl_lua_vm **out);
/* rl__lua_vm_free closes the state; NULL is a no-op.  Matches the
 * signature of rl_scanner.lua_free. */
void rl__lua_vm_free(void *vm);

/* rl__lua_toclass returns the userdata at idx if its metatable is mt (a
 * vm's node_mt or pattern_mt), else NULL.  [-0, +0] */
void *rl__lua_toclass(lua_State *L, int idx, const void *mt);

/* rl__lua_vm_of returns the vm that owns L (kept in L's extra space). */
rl_lua_vm *rl__lua_vm_of(lua_State *L);

/* rl__lua_limits resolves a pack's limits (lua_limits.c): 0 means the
 * default; both are clamped to the engine's bounds (lua.h) and to those
 * the embedder set on e (rl_engine_set_lua_limits).  e may be NULL. */
void rl__lua_limits(const rl_engine *e, const rl_pack *p,
    uint64_t *instructions, size_t *memory);

/* rl__lua_budget_start arms the count hook with a fresh budget and clears
 * any abort; rl__lua_budget_stop disarms it. */
void rl__lua_budget_start(rl_lua_vm *vm, uint64_t instructions);
void rl__lua_budget_stop(rl_lua_vm *vm);

/* rl__lua_charge takes units from the running rule's budget; raises the
 * abort (a Lua error no rule can keep) when the budget is gone.  A no-op
 * when no rule runs. */
void rl__lua_charge(lua_State *L, uint64_t units);

/* rl__lua_check_abort raises the abort again if the rule was aborted;
 * called by the sandbox's pcall/xpcall after the protected call returns. */
void rl__lua_check_abort(lua_State *L);

/* rl__lua_raise_abort marks the rule aborted for why and raises. */
int rl__lua_raise_abort(lua_State *L, rl_lua_abort why);

/*
 * rl__lua_pcall calls the function below nargs arguments on the stack
 * (stack: [fn, args...] -> [] or [results...]) under the message handler
 * that records the line of the failure in lr's file and a readable reason
 * in vm->err_msg.  Returns the Lua status (LUA_OK or an error); after an
 * error the stack holds nothing of the call.
 */
int rl__lua_pcall(rl_lua_vm *vm, int nargs, int nresults);

/* rl__lua_failure_reason writes the reason alone. */
void rl__lua_failure_reason(
    const rl_lua_vm *vm, int status, char *buf, size_t size);
/* rl__lua_describe_failure writes "file:line: reason" for the failure of
 * the last rl__lua_pcall into buf. */
void rl__lua_describe_failure(const rl_lua_vm *vm, const rl_lua_rule *lr,
    int status, char *buf, size_t size);

/* ------------------------------------------------------------------------
 * lua_sandbox.c: the allow-list
 * ------------------------------------------------------------------------ */

/* rl__lua_sandbox_open builds, in a fresh state, the shared read-only
 * library proxies, the base table environments are copied from, the
 * string metatable and the preload-only `require`.  Raises on error (call
 * it protected).  [-0, +0] */
int rl__lua_sandbox_open(lua_State *L);

/* rl__lua_env_new pushes a fresh environment for pack p (NULL: a pack
 * with no modules).  [-0, +1] */
void rl__lua_env_new(lua_State *L, const rl_pack *p);

/* rl__lua_env_set_require gives the environment at the top the `require`
 * of p's modules (lua_lib.c), if p has any.  [-0, +0] */
void rl__lua_env_set_require(lua_State *L, const rl_pack *p);

/* rl__lua_readonly turns the table at the top into a read-only proxy of
 * it, named name in error messages.  [-1, +1] */
void rl__lua_readonly(lua_State *L, const char *name);

/* ------------------------------------------------------------------------
 * lua_doc.c: document nodes; lua_regex.c: patterns and find;
 * lua_module.c: the `redline` module
 * ------------------------------------------------------------------------ */

/* rl__lua_doc_open registers the node metatable.  [-0, +0] */
void rl__lua_doc_open(lua_State *L);
/* rl__lua_push_doc pushes the node of vm->doc.  [-0, +1] */
void rl__lua_push_doc(lua_State *L);

/* A node's byte range, for find and report. */
typedef struct rl_lua_range {
	uint32_t    off, end;
	bool        in_doc;  /* a range of vm->doc */
	uint32_t    section; /* a section node: its index; else UINT32_MAX */
	const char *subject; /* otherwise: a Lua string */
	size_t      subject_len;
} rl_lua_range;

/* rl__lua_node_range reads the range of the value at idx: a node of the
 * current check, or a string (for find).  Raises on anything else. */
void rl__lua_node_range(
    lua_State *L, int idx, bool allow_string, rl_lua_range *out);

/* rl__lua_push_match pushes a match node: [off, end) of the document or
 * of the string at str_idx (0 for the document), with ngroups captured
 * group ranges from ov (PCRE2 ovector, absolute offsets).  [-0, +1] */
void rl__lua_push_match(lua_State *L, uint32_t off, uint32_t end, int str_idx,
    const size_t *ov, uint32_t ngroups);

/* rl__lua_regex_open registers the pattern metatable.  [-0, +0] */
void rl__lua_regex_open(lua_State *L);
/* redline.pattern(re [, flags]) and redline.find(p, where) */
int rl__lua_f_pattern(lua_State *L);
int rl__lua_f_find(lua_State *L);
/* rl__lua_regex_free_vm releases the vm's PCRE2 contexts. */
void rl__lua_regex_free_vm(rl_lua_vm *vm);
/* rl__lua_regex_init_vm makes the vm's PCRE2 contexts.  RL_ENOMEM. */
rl_err rl__lua_regex_init_vm(rl_lua_vm *vm);

/* rl__lua_open_redline is the package.preload loader of `redline`. */
int rl__lua_open_redline(lua_State *L);

#endif /* RL_LUA_LUA_INT_H */

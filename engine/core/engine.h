/*
 * engine.h - the engine object: registries of rule kinds, document formats
 * and output formats, and the pack search path.
 *
 * Built-in kinds, formats and outputs register through the same calls as
 * plugins' do, so nothing downstream special-cases either.  The engine is
 * configured from one thread, then read-only.
 */
#ifndef RL_CORE_ENGINE_H
#define RL_CORE_ENGINE_H

#include "core/core.h"
#include "doc/doc.h"
#include "rules/rule.h"

typedef struct rl_output rl_output;

/* An output format (see output/output.h for the writer calls). */
struct rl_output {
	const char *name;
	/* begin/document/end write to out; state is the writer's own. */
	rl_err (*begin)(
	    void **state, FILE *out, const rl_writer_opts *o, void *arg);
	rl_err (*document)(
	    void *state, const rl_result *res, const void *src, size_t len);
	rl_err (*end)(void *state); /* also frees state */
	void *arg;
};

struct rl_engine {
	const rl_kind   **kinds;
	size_t            n_kinds, cap_kinds;
	const rl_format **formats;
	size_t            n_formats, cap_formats;
	const rl_output **outputs;
	size_t            n_outputs, cap_outputs;
	char            **packs_path; /* search order */
	size_t            n_packs_path, cap_packs_path;
	size_t            n_user_paths; /* user paths come first */
	void             *plugins;      /* plugin host state (plugin/) */
	/* Upper bounds on every pack's Lua limits, set by the embedder (the
	 * daemon's configuration) with rl_engine_set_lua_limits; 0: only the
	 * engine's own bounds (lua/lua.h). */
	uint64_t lua_max_instructions;
	size_t   lua_max_memory;
	/* Set once the registries are read by running reviews (the daemon
	 * after its first packs load): a plugin not loaded by then is
	 * refused rather than registered under the readers' feet. */
	bool plugins_sealed;
};

/* Registration: RL_EINVAL with diag if the name is taken (a plugin may not
 * replace a built-in).  The descriptors are borrowed for the engine's
 * life. */
rl_err rl__engine_add_kind(rl_engine *e, const rl_kind *k, rl_diag *diag);
rl_err rl__engine_add_format(rl_engine *e, const rl_format *f, rl_diag *diag);
rl_err rl__engine_add_output(rl_engine *e, const rl_output *o, rl_diag *diag);

const rl_format *rl__format_find(const rl_engine *e, const char *name);
/* rl__format_for picks a format by path extension, then by sniffing the
 * content; falls back to "text" for no extension match and no sniff. */
const rl_format *rl__format_for(
    const rl_engine *e, const char *path, const char *src, size_t len);
const rl_output *rl__output_find(const rl_engine *e, const char *name);
/* rl__format_is_reviewable: true if path's extension belongs to a known
 * format (used when walking folders). */
bool rl__format_is_reviewable(const rl_engine *e, const char *path);

/* rl__plugin_load_spec loads a plugin (plugin/) named by spec: a path if
 * it contains '/' (a relative one against base_dir when not NULL), else a
 * name on the plugin search path.  Already loaded: RL_OK.  Errors as
 * rl_engine_load_plugin's.  The pack loader calls it for each entry of
 * `plugins:` in pack.yaml, with the pack's folder as base_dir. */
rl_err rl__plugin_load_spec(
    rl_engine *e, const char *spec, const char *base_dir, rl_diag *diag);

/* rl__plugins_seal: from now on rl__plugin_load_spec accepts only plugins
 * already loaded (RL_EPACK for others), so the kind, format and output
 * registries never change while other threads read them. */
void rl__plugins_seal(rl_engine *e);

/* rl__plugins_free unloads the engine's plugins (plugin/): calls each
 * one's fini, frees the adapters behind their kinds, formats and outputs,
 * and dlcloses them.  rl_engine_free calls it before freeing the
 * registries.  No-op when no plugin was loaded. */
void rl__plugins_free(rl_engine *e);

/* Built-in registrations, called by rl_engine_new. */
rl_err rl__kinds_register_builtin(rl_engine *e);   /* rules/ */
rl_err rl__outputs_register_builtin(rl_engine *e); /* output/ */

#endif /* RL_CORE_ENGINE_H */

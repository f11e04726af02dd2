/*
 * load.c - finding, loading, checking and unloading native plugins.
 *
 * A load goes: resolve the spec to a file -> dlopen(RTLD_NOW|RTLD_LOCAL)
 * -> dlsym(rl_plugin_entry) -> check the descriptor (ABI version, size,
 * name, version, API table version) -> init, which stages registrations
 * in the plugin's record -> commit them to the engine's registries.  Any
 * refusal undoes everything before it and names the file and the reason;
 * the engine is left as it was.
 */
#include <dlfcn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "plugin/host.h"

#ifndef RL_BUILD_PLUGINS
#define RL_BUILD_PLUGINS ""
#endif
#ifndef RL_INSTALL_PLUGINS
#define RL_INSTALL_PLUGINS ""
#endif

/* The v1 descriptor ends with fini. */
#define DESC_V1_SIZE (offsetof(rl_plugin_desc, fini) + sizeof(void (*)(void *)))

/* ------------------------------------------------------------------------
 * The search path
 * ------------------------------------------------------------------------ */

static rl_err
path_insert(rl_plugin_set *set, size_t at, const char *dir, size_t n)
{
	char *copy;

	if (n == 0)
		return RL_OK;
	if (rl__vec_reserve((void **)&set->path, &set->cap_path,
	        set->n_path + 1, sizeof *set->path) != RL_OK)
		return RL_ENOMEM;
	copy = rl__strndup(dir, n);
	if (copy == NULL)
		return RL_ENOMEM;
	memmove(&set->path[at + 1], &set->path[at],
	    (set->n_path - at) * sizeof *set->path);
	set->path[at] = copy;
	set->n_path++;
	return RL_OK;
}

static void
set_free(rl_plugin_set *set)
{
	for (size_t i = 0; i < set->n_path; i++)
		rl__free(set->path[i]);
	rl__free(set->path);
	rl__free(set->recs);
	rl__free(set);
}

rl_plugin_set *
rl__plugin_set_get(rl_engine *e)
{
	rl_plugin_set *set = e->plugins;
	const char    *env, *p;

	if (set != NULL)
		return set;
	set = rl__calloc(1, sizeof *set);
	if (set == NULL)
		return NULL;
	env = getenv("REDLINE_PLUGINS_PATH");
	for (p = env; p != NULL && *p != '\0';) {
		size_t n = strcspn(p, ":");
		if (path_insert(set, set->n_path, p, n) != RL_OK)
			goto fail;
		p += n + (p[n] == ':');
	}
	if (path_insert(set, set->n_path, RL_BUILD_PLUGINS,
	        strlen(RL_BUILD_PLUGINS)) != RL_OK ||
	    path_insert(set, set->n_path, RL_INSTALL_PLUGINS,
	        strlen(RL_INSTALL_PLUGINS)) != RL_OK)
		goto fail;
	e->plugins = set;
	return set;
fail:
	set_free(set);
	return NULL;
}

RL_API rl_err
rl_engine_add_plugins_path(rl_engine *e, const char *dir)
{
	rl_plugin_set *set;
	rl_err         err;

	if (e == NULL || dir == NULL || *dir == '\0')
		return RL_EINVAL;
	set = rl__plugin_set_get(e);
	if (set == NULL)
		return RL_ENOMEM;
	err = path_insert(set, set->n_user_path, dir, strlen(dir));
	if (err == RL_OK)
		set->n_user_path++;
	return err;
}

static bool
is_file(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* resolve turns a spec into an existing file's canonical path (*out, heap,
 * rl__free). */
static rl_err
resolve(rl_plugin_set *set, const char *spec, const char *base_dir, char **out,
    rl_diag *diag)
{
	rl_buf buf;
	char  *real = NULL, where[512];
	rl_err err  = RL_ENOENT;

	rl__buf_init(&buf);
	if (strchr(spec, '/') != NULL) {
		if (spec[0] != '/' && base_dir != NULL && *base_dir != '\0')
			rl__buf_printf(&buf, "%s/", base_dir);
		rl__buf_puts(&buf, spec);
		if (!buf.failed && !is_file(buf.data)) {
			rl__diag_set(diag, RL_ENOENT, buf.data, 0, 0,
			    "no such plugin file");
			goto done;
		}
	} else {
		for (size_t i = 0; i < set->n_path; i++) {
			rl__buf_reset(&buf);
			rl__buf_printf(&buf, "%s/%s.so", set->path[i], spec);
			if (buf.failed || is_file(buf.data))
				break;
			rl__buf_reset(&buf);
			rl__buf_printf(&buf, "%s/%s", set->path[i], spec);
			if (buf.failed || is_file(buf.data))
				break;
			rl__buf_reset(&buf);
		}
		if (!buf.failed && buf.len == 0) {
			rl__buf_printf(&buf,
			    "plugin '%s' is not in the "
			    "plugin search path (",
			    spec);
			for (size_t i = 0; i < set->n_path; i++)
				rl__buf_printf(
				    &buf, "%s%s", i ? ":" : "", set->path[i]);
			rl__buf_puts(&buf,
			    "; add folders with --plugins-path "
			    "or REDLINE_PLUGINS_PATH)");
			if (buf.failed)
				goto done;
			/* From a pack: the file to fix is its manifest. */
			if (base_dir != NULL)
				snprintf(where, sizeof where, "%s/pack.yaml",
				    base_dir);
			rl__diag_set(diag, RL_ENOENT,
			    base_dir != NULL ? where : spec, 0, 0, "%s",
			    buf.data);
			goto done;
		}
	}
	err = RL_ENOMEM;
	if (buf.failed)
		goto done;
	real = realpath(buf.data, NULL); /* libc's malloc */
	*out = rl__strdup(real != NULL ? real : buf.data);
	free(real);
	if (*out != NULL)
		err = RL_OK;
done:
	rl__buf_free(&buf);
	return err;
}

/* ------------------------------------------------------------------------
 * Records and registration
 * ------------------------------------------------------------------------ */

void
rl__plugin_rec_free(rl_plugin_rec *rec)
{
	if (rec == NULL)
		return;
	for (size_t i = 0; i < rec->n_kinds; i++)
		rl__free(rec->kinds[i]);
	for (size_t i = 0; i < rec->n_formats; i++)
		rl__free(rec->formats[i]);
	for (size_t i = 0; i < rec->n_outputs; i++)
		rl__free(rec->outputs[i]);
	rl__free(rec->kinds);
	rl__free(rec->formats);
	rl__free(rec->outputs);
	rl__free(rec->path);
	rl__free(rec);
}

/* drop removes the entry p from array a of n pointers, if present. */
static void
drop(const void **a, size_t *n, const void *p)
{
	for (size_t i = 0; i < *n; i++)
		if (a[i] == p) {
			memmove(&a[i], &a[i + 1], (*n - i - 1) * sizeof *a);
			(*n)--;
			return;
		}
}

void
rl__plugin_uncommit(rl_engine *e, rl_plugin_rec *rec)
{
	for (size_t i = 0; i < rec->n_kinds; i++)
		drop(
		    (const void **)e->kinds, &e->n_kinds, &rec->kinds[i]->kind);
	for (size_t i = 0; i < rec->n_formats; i++)
		drop((const void **)e->formats, &e->n_formats,
		    &rec->formats[i]->fmt);
	for (size_t i = 0; i < rec->n_outputs; i++)
		drop((const void **)e->outputs, &e->n_outputs,
		    &rec->outputs[i]->out);
}

rl_err
rl__plugin_commit(rl_engine *e, rl_plugin_rec *rec, rl_diag *diag)
{
	rl_err err = RL_OK;

	for (size_t i = 0; err == RL_OK && i < rec->n_kinds; i++)
		err = rl__engine_add_kind(e, &rec->kinds[i]->kind, diag);
	for (size_t i = 0; err == RL_OK && i < rec->n_formats; i++)
		err = rl__engine_add_format(e, &rec->formats[i]->fmt, diag);
	for (size_t i = 0; err == RL_OK && i < rec->n_outputs; i++)
		err = rl__engine_add_output(e, &rec->outputs[i]->out, diag);
	if (err != RL_OK)
		rl__plugin_uncommit(e, rec);
	return err;
}

/* ------------------------------------------------------------------------
 * Loading one file
 * ------------------------------------------------------------------------ */

static bool
valid_plugin_name(const char *s)
{
	size_t n = 0;

	if (s == NULL)
		return false;
	for (; s[n] != '\0'; n++)
		if (!((s[n] >= 'a' && s[n] <= 'z') ||
		        (s[n] >= 'A' && s[n] <= 'Z') ||
		        (s[n] >= '0' && s[n] <= '9') || s[n] == '_' ||
		        s[n] == '-'))
			return false;
	return n > 0 && n <= 64;
}

/* check_desc refuses a descriptor this host cannot use. */
static rl_err
check_desc(rl_plugin_set *set, const char *path, const rl_plugin_desc *d,
    rl_diag *diag)
{
	if (d == NULL)
		return rl__diag_set(diag, RL_EPLUGIN, path, 0, 0,
		    "not a Redline plugin: %s() returned no descriptor",
		    RL_PLUGIN_ENTRY_SYMBOL);
	if (d->abi_version != RL_PLUGIN_ABI_VERSION)
		return rl__diag_set(diag, RL_EVERSION, path, 0, 0,
		    "plugin '%s' was built for plugin ABI version %u; this "
		    "Redline (%s) loads plugin ABI version %u only: rebuild "
		    "it against this redline/plugin.h",
		    valid_plugin_name(d->name) ? d->name : "?", d->abi_version,
		    RL_VERSION_STRING, RL_PLUGIN_ABI_VERSION);
	if (d->size < DESC_V1_SIZE)
		return rl__diag_set(diag, RL_EPLUGIN, path, 0, 0,
		    "plugin descriptor is %u bytes; plugin ABI version %u "
		    "needs at least %zu",
		    d->size, RL_PLUGIN_ABI_VERSION, (size_t)DESC_V1_SIZE);
	if (!valid_plugin_name(d->name))
		return rl__diag_set(diag, RL_EPLUGIN, path, 0, 0,
		    "plugin name is missing or invalid (want 1-64 of "
		    "A-Z a-z 0-9 _ -)");
	if (d->version == NULL || *d->version == '\0')
		return rl__diag_set(diag, RL_EPLUGIN, path, 0, 0,
		    "plugin '%s' gives no version", d->name);
	if (d->api_min > RL_PLUGIN_API_VERSION)
		return rl__diag_set(diag, RL_EVERSION, path, 0, 0,
		    "plugin '%s' needs host API version %u; this Redline "
		    "(%s) provides version %u",
		    d->name, d->api_min, RL_VERSION_STRING,
		    RL_PLUGIN_API_VERSION);
	if (d->init == NULL)
		return rl__diag_set(diag, RL_EPLUGIN, path, 0, 0,
		    "plugin '%s' has no init function", d->name);
	for (size_t i = 0; i < set->n_recs; i++)
		if (strcmp(set->recs[i]->desc->name, d->name) == 0)
			return rl__diag_set(diag, RL_EPLUGIN, path, 0, 0,
			    "a plugin named '%s' is already loaded from %s",
			    d->name, set->recs[i]->path);
	return RL_OK;
}

/* load_file loads the plugin at path (canonical; consumed: freed or kept
 * in the record). */
static rl_err
load_file(rl_engine *e, rl_plugin_set *set, char *path, rl_diag *diag)
{
	rl_plugin_host        host = { .engine = e };
	rl_plugin_rec        *rec  = NULL;
	const rl_plugin_desc *desc = NULL;
	rl_plugin_entry_fn    entry;
	void                 *handle, *sym;
	rl_err                err;

	handle = dlopen(path, RTLD_NOW | RTLD_LOCAL);
	if (handle == NULL) {
		const char *why = dlerror();

		if (why == NULL)
			why = "dlopen failed";
		err = rl__diag_set(diag, RL_EPLUGIN, path, 0, 0,
		    "cannot load plugin: %s", why);
		rl__free(path);
		return err;
	}
	dlerror();
	sym = dlsym(handle, RL_PLUGIN_ENTRY_SYMBOL);
	if (sym == NULL) {
		err = rl__diag_set(diag, RL_EPLUGIN, path, 0, 0,
		    "not a Redline plugin: it exports no '%s' symbol",
		    RL_PLUGIN_ENTRY_SYMBOL);
		goto fail;
	}
	memcpy(&entry, &sym, sizeof entry);
	desc = entry();
	err  = check_desc(set, path, desc, diag);
	if (err != RL_OK)
		goto fail;
	err = rl__vec_reserve((void **)&set->recs, &set->cap_recs,
	    set->n_recs + 1, sizeof *set->recs);
	if (err != RL_OK)
		goto fail;
	err = RL_ENOMEM;
	rec = rl__calloc(1, sizeof *rec);
	if (rec == NULL)
		goto fail;
	rec->path   = path;
	path        = NULL;
	rec->handle = handle;
	rec->desc   = desc;
	host.rec    = rec;

	err = desc->init(&rl__plugin_api, &host, &rec->state);
	if (err != RL_OK) {
		err = rl__diag_set(diag, err == RL_ENOMEM ? err : RL_EPLUGIN,
		    rec->path, 0, 0, "plugin '%s' init failed: %s", desc->name,
		    host.error[0] != '\0' ? host.error : rl_strerror(err));
		goto fail;
	}
	rec->live = true;
	if (host.error[0] != '\0') {
		/* A registration was refused and init carried on. */
		err = rl__diag_set(diag, RL_EPLUGIN, rec->path, 0, 0,
		    "plugin '%s' refused: %s", desc->name, host.error);
		goto fail;
	}
	err = rl__plugin_commit(e, rec, diag);
	if (err != RL_OK) {
		if (diag != NULL)
			snprintf(
			    diag->file, sizeof diag->file, "%s", rec->path);
		goto fail;
	}
	set->recs[set->n_recs++] = rec;
	return RL_OK;
fail:
	if (rec != NULL && rec->live && desc->fini != NULL)
		desc->fini(rec->state);
	rl__plugin_rec_free(rec);
	rl__free(path);
	dlclose(handle);
	return err;
}

rl_err
rl__plugin_load_spec(
    rl_engine *e, const char *spec, const char *base_dir, rl_diag *diag)
{
	rl_plugin_set *set;
	char          *path = NULL;
	rl_err         err;

	if (e == NULL)
		return rl__diag_set(diag, RL_EINVAL, NULL, 0, 0, "no engine");
	if (spec == NULL || *spec == '\0')
		return rl__diag_set(
		    diag, RL_EINVAL, NULL, 0, 0, "empty plugin name");
	set = rl__plugin_set_get(e);
	if (set == NULL)
		return rl__diag_set(
		    diag, RL_ENOMEM, spec, 0, 0, "out of memory");
	err = resolve(set, spec, base_dir, &path, diag);
	if (err != RL_OK)
		return err;
	for (size_t i = 0; i < set->n_recs; i++)
		if (strcmp(set->recs[i]->path, path) == 0) {
			rl__free(path);
			return RL_OK;
		}
	if (e->plugins_sealed) {
		rl__diag_set(diag, RL_EPACK, path, 0, 0,
		    "the plugin is not loaded, and plugins cannot be added "
		    "while reviews run: load it at start (--plugin, or "
		    "plugins: in the config)");
		rl__free(path);
		return RL_EPACK;
	}
	return load_file(e, set, path, diag);
}

void
rl__plugins_seal(rl_engine *e)
{
	if (e)
		e->plugins_sealed = true;
}

RL_API rl_err
rl_engine_load_plugin(rl_engine *e, const char *spec, rl_diag *diag)
{
	return rl__plugin_load_spec(e, spec, NULL, diag);
}

RL_API void
rl_engine_plugins(const rl_engine *e, rl_plugins_fn fn, void *arg)
{
	const rl_plugin_set *set;

	if (e == NULL || fn == NULL || e->plugins == NULL)
		return;
	set = e->plugins;
	for (size_t i = 0; i < set->n_recs; i++)
		fn(arg, set->recs[i]->desc->name, set->recs[i]->desc->version,
		    set->recs[i]->path);
}

RL_API bool
rl_engine_reviewable(const rl_engine *e, const char *path)
{
	return e != NULL && path != NULL && rl__format_is_reviewable(e, path);
}

void
rl__plugins_free(rl_engine *e)
{
	rl_plugin_set *set;

	if (e == NULL || e->plugins == NULL)
		return;
	set = e->plugins;
	for (size_t i = set->n_recs; i-- > 0;) {
		rl_plugin_rec *rec    = set->recs[i];
		void          *handle = rec->handle;

		if (rec->live && rec->desc->fini != NULL)
			rec->desc->fini(rec->state);
		rl__plugin_rec_free(rec);
		dlclose(handle);
	}
	set_free(set);
	e->plugins = NULL;
}

/*
 * config.c - the daemon's YAML config file.
 *
 *     listen: [tcp://127.0.0.1:7447, ipc:///run/redline.sock]
 *     packs_path: [/etc/redline/packs]
 *     plugins_path: [/usr/local/lib/redline/plugins]
 *     workers: 2
 *     contexts: 64
 *     log_level: info
 *     http: 127.0.0.1:7448
 *     limits: {max_document_bytes: 4194304, max_request_bytes: 8388608,
 *              deadline_ms: 30000, lua_instructions: 10000000,
 *              lua_memory: 33554432}
 *     tls: {cert: server.crt, key: server.key}
 *     default_profile: payments
 *     profiles:
 *       payments: [prfaq, plain]
 *
 * Relative file names (packs_path, plugins_path, tls) are relative to the
 * config file's folder.  Every error names file:line:column; unknown keys are
 * errors.
 */
#include <string.h>

#include "server/server.h"

const char *
rl__log_level_name(rl_log_level level)
{
	switch (level) {
	case RL_LOG_DEBUG:
		return "debug";
	case RL_LOG_INFO:
		return "info";
	case RL_LOG_WARN:
		return "warn";
	default:
		return "error";
	}
}

rl_err
rl__server_cfg_init(rl_server_cfg *cfg)
{
	memset(cfg, 0, sizeof *cfg);
	cfg->log_level = RL_LOG_INFO;
	cfg->arena     = rl__arena_new(4096);
	return cfg->arena ? RL_OK : RL_ENOMEM;
}

void
rl__server_cfg_free(rl_server_cfg *cfg)
{
	if (!cfg)
		return;
	rl__arena_free(cfg->arena);
	memset(cfg, 0, sizeof *cfg);
}

/* The lists are arena arrays that grow by copying (they hold a handful of
 * entries, set once at start-up). */
rl_err
rl__server_cfg_add(
    rl_server_cfg *cfg, const char ***list, size_t *n, const char *s)
{
	const char **v    = rl__arena_alloc(cfg->arena, (*n + 1) * sizeof *v);
	const char  *copy = rl__arena_strdup(cfg->arena, s);

	if (!v || !copy)
		return RL_ENOMEM;
	if (*n)
		memcpy(v, *list, *n * sizeof *v);
	v[(*n)++] = copy;
	*list     = v;
	return RL_OK;
}

/* relative_to returns path, or the config file's folder joined with it
 * when path is relative. */
static const char *
relative_to(rl_arena *a, const char *file, const char *path)
{
	const char *slash = strrchr(file, '/');

	if (path[0] == '/' || !slash)
		return rl__arena_strdup(a, path);
	return rl__arena_printf(a, "%.*s/%s", (int)(slash - file), file, path);
}

static rl_err
read_list(rl_server_cfg *cfg, rl_cfg *root, const char *key, const char *file,
    bool paths, const char ***list, size_t *n, rl_diag *diag)
{
	const char **v;
	size_t       k;
	rl_err       err;

	err = rl__cfg_strlist(root, key, file, cfg->arena, &v, &k, diag);
	if (err == RL_ENOENT)
		return RL_OK;
	if (err)
		return err;
	for (size_t i = 0; i < k; i++) {
		const char *s =
		    paths ? relative_to(cfg->arena, file, v[i]) : v[i];

		if (!s || rl__server_cfg_add(cfg, list, n, s) != RL_OK)
			return RL_ENOMEM;
	}
	return RL_OK;
}

static rl_err
read_uint(rl_cfg *map, const char *key, const char *file, long long max,
    long long *out, rl_diag *diag)
{
	rl_err err = rl__cfg_int(map, key, file, 1, max, out, diag);

	return err == RL_ENOENT ? RL_OK : err;
}

static rl_err
read_limits(rl_server_cfg *cfg, rl_cfg *root, const char *file, rl_diag *diag)
{
	rl_cfg   *lim = rl__cfg_get(root, "limits");
	long long v   = 0;
	rl_err    err;

	if (!lim)
		return RL_OK;
	if (lim->kind != RL_CFG_MAP)
		return rl__cfg_error(lim, file, diag, "limits must be a map");
	if ((err = read_uint(
	         lim, "max_document_bytes", file, 1LL << 31, &v, diag)))
		return err;
	if (v)
		cfg->max_document_bytes = (size_t)v;
	v = 0;
	if ((err = read_uint(
	         lim, "max_request_bytes", file, 1LL << 31, &v, diag)))
		return err;
	if (v)
		cfg->max_request_bytes = (size_t)v;
	v = 0;
	if ((err = read_uint(lim, "deadline_ms", file, 86400000LL, &v, diag)))
		return err;
	if (v)
		cfg->deadline_ms = (uint32_t)v;
	/* Bounds on the Lua budgets packs ask for in pack.yaml (lua.h). */
	v = 0;
	if ((err = read_uint(
	         lim, "lua_instructions", file, 1000000000LL, &v, diag)))
		return err;
	if (v)
		cfg->lua_instructions = (uint64_t)v;
	v = 0;
	if ((err = read_uint(lim, "lua_memory", file, 1LL << 30, &v, diag)))
		return err;
	if (v)
		cfg->lua_memory = (size_t)v;
	return rl__cfg_check_unused(lim, file, diag);
}

static rl_err
read_tls(rl_server_cfg *cfg, rl_cfg *root, const char *file, rl_diag *diag)
{
	rl_cfg     *tls = rl__cfg_get(root, "tls");
	const char *s;
	rl_err      err;

	if (!tls)
		return RL_OK;
	if (tls->kind != RL_CFG_MAP)
		return rl__cfg_error(tls, file, diag, "tls must be a map");
	if ((err = rl__cfg_str(tls, "cert", file, &s, diag)) == RL_OK) {
		if (!(cfg->tls_cert = relative_to(cfg->arena, file, s)))
			return RL_ENOMEM;
	} else if (err != RL_ENOENT) {
		return err;
	}
	if ((err = rl__cfg_str(tls, "key", file, &s, diag)) == RL_OK) {
		if (!(cfg->tls_key = relative_to(cfg->arena, file, s)))
			return RL_ENOMEM;
	} else if (err != RL_ENOENT) {
		return err;
	}
	return rl__cfg_check_unused(tls, file, diag);
}

static rl_err
read_level(rl_server_cfg *cfg, rl_cfg *root, const char *file, rl_diag *diag)
{
	static const char *const names[] = { "debug", "info", "warn", "error" };
	rl_cfg                  *n       = rl__cfg_get(root, "log_level");
	const char              *s;
	rl_err                   err;

	if ((err = rl__cfg_str(root, "log_level", file, &s, diag)) != RL_OK)
		return err == RL_ENOENT ? RL_OK : err;
	for (int i = 0; i < 4; i++) {
		if (strcmp(s, names[i]) == 0) {
			cfg->log_level = (rl_log_level)i;
			return RL_OK;
		}
	}
	return rl__cfg_error(n, file, diag,
	    "log_level must be debug, info, warn or error, not '%s'", s);
}

/* read_profiles replaces cfg's profiles with the file's (if it has any). */
static rl_err
read_profiles(rl_server_cfg *cfg, rl_cfg *root, const char *file, rl_diag *diag)
{
	rl_cfg            *map = rl__cfg_get(root, "profiles");
	rl_server_profile *pf;
	const char        *def;
	size_t             i = 0;
	rl_err             err;

	err = rl__cfg_str(root, "default_profile", file, &def, diag);
	if (err == RL_OK)
		cfg->default_profile = def;
	else if (err != RL_ENOENT)
		return err;
	if (!map)
		return RL_OK;
	if (map->kind != RL_CFG_MAP)
		return rl__cfg_error(map, file, diag,
		    "profiles must be a map of profile names to pack lists");
	pf = rl__arena_calloc(cfg->arena, map->n_children + 1, sizeof *pf);
	if (!pf)
		return RL_ENOMEM;
	for (rl_cfg *c = map->child; c; c = c->next, i++) {
		pf[i].name = c->key;
		err        = rl__cfg_strlist(map, c->key, file, cfg->arena,
		           &pf[i].packs, &pf[i].n_packs, diag);
		if (err)
			return err;
		if (pf[i].n_packs == 0)
			return rl__cfg_error(c, file, diag,
			    "profile '%s' names no packs", c->key);
	}
	cfg->profiles   = pf;
	cfg->n_profiles = i;
	return RL_OK;
}

static rl_err
parse_file(rl_server_cfg *cfg, const char *path, rl_cfg **root, rl_diag *diag)
{
	char  *text = NULL;
	size_t len  = 0;
	rl_err err;

	err = rl__read_file(path, 1u << 20, &text, &len, diag);
	if (err)
		return err;
	err = rl__cfg_parse(text, len, path, cfg->arena, root, diag);
	rl__free(text);
	if (err)
		return err;
	if ((*root)->kind == RL_CFG_NULL)
		return RL_OK;
	if ((*root)->kind != RL_CFG_MAP)
		return rl__cfg_error(
		    *root, path, diag, "the config file must be a map");
	return RL_OK;
}

rl_err
rl__server_cfg_load(rl_server_cfg *cfg, const char *path, rl_diag *diag)
{
	rl_cfg     *root;
	const char *s;
	long long   v = 0;
	rl_err      err;

	if ((err = parse_file(cfg, path, &root, diag)))
		return err;
	if (!(cfg->config_file = rl__arena_strdup(cfg->arena, path)))
		return RL_ENOMEM;
	if (root->kind == RL_CFG_NULL)
		return RL_OK;
	if ((err = read_list(cfg, root, "listen", path, false, &cfg->listen,
	         &cfg->n_listen, diag)) ||
	    (err = read_list(cfg, root, "packs_path", path, true,
	         &cfg->packs_path, &cfg->n_packs_path, diag)) ||
	    (err = read_list(cfg, root, "plugins_path", path, true,
	         &cfg->plugins_path, &cfg->n_plugins_path, diag)))
		return err;
	if ((err = rl__cfg_str(root, "http", path, &s, diag)) == RL_OK)
		cfg->http = s;
	else if (err != RL_ENOENT)
		return err;
	if ((err = read_uint(root, "workers", path, 1024, &v, diag)))
		return err;
	if (v)
		cfg->workers = (unsigned)v;
	v = 0;
	if ((err = read_uint(root, "contexts", path, 65536, &v, diag)))
		return err;
	if (v)
		cfg->contexts = (unsigned)v;
	if ((err = rl__cfg_bool(root, "pin_workers", path, &cfg->pin_workers,
	         diag)) != RL_OK &&
	    err != RL_ENOENT)
		return err;
	if ((err = read_level(cfg, root, path, diag)) ||
	    (err = read_limits(cfg, root, path, diag)) ||
	    (err = read_tls(cfg, root, path, diag)) ||
	    (err = read_profiles(cfg, root, path, diag)))
		return err;
	return rl__cfg_check_unused(root, path, diag);
}

rl_err
rl__server_cfg_profiles(rl_server_cfg *cfg, const char *path, rl_diag *diag)
{
	rl_cfg *root;
	rl_err  err;

	if ((err = parse_file(cfg, path, &root, diag)))
		return err;
	if (root->kind == RL_CFG_NULL)
		return RL_OK;
	return read_profiles(cfg, root, path, diag);
}

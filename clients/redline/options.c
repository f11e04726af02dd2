/*
 * options.c - the options every subcommand that reviews takes (check,
 * audit): which packs, where to find them, which plugins; and the engine
 * they configure.  One copy, so both subcommands agree on them.
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

bool
cli_pack_opts_init(cli_pack_opts *o, int argc)
{
	size_t n = (size_t)(argc > 0 ? argc : 0) + 1;

	memset(o, 0, sizeof *o);
	o->packs        = calloc(n, sizeof *o->packs);
	o->packs_path   = calloc(n, sizeof *o->packs_path);
	o->plugins      = calloc(n, sizeof *o->plugins);
	o->plugins_path = calloc(n, sizeof *o->plugins_path);
	if (o->packs == NULL || o->packs_path == NULL || o->plugins == NULL ||
	    o->plugins_path == NULL) {
		cli_pack_opts_free(o);
		return false;
	}
	return true;
}

void
cli_pack_opts_free(cli_pack_opts *o)
{
	free(o->packs);
	free(o->packs_path);
	free(o->plugins);
	free(o->plugins_path);
	memset(o, 0, sizeof *o);
}

bool
cli_pack_opts_take(cli_pack_opts *o, int c, const char *arg)
{
	switch (c) {
	case CLI_OPT_PACK:
		o->packs[o->n_packs++] = arg;
		return true;
	case CLI_OPT_PACKS_PATH:
		o->packs_path[o->n_packs_path++] = arg;
		return true;
	case CLI_OPT_PLUGIN:
		o->plugins[o->n_plugins++] = arg;
		return true;
	case CLI_OPT_PLUGINS_PATH:
		o->plugins_path[o->n_plugins_path++] = arg;
		return true;
	default:
		return false;
	}
}

void
cli_pack_opts_default(cli_pack_opts *o)
{
	if (o->n_packs == 0)
		o->packs[o->n_packs++] = "prfaq";
}

rl_engine *
cli_engine_open(const cli_pack_opts *o)
{
	rl_engine *engine = NULL;
	rl_diag    diag;
	rl_err     err;

	if ((err = rl_engine_new(&engine)) != RL_OK) {
		fprintf(stderr, "redline: %s\n", rl_strerror(err));
		return NULL;
	}
	for (size_t i = 0; i < o->n_packs_path; i++) {
		if ((err = rl_engine_add_packs_path(
		         engine, o->packs_path[i])) != RL_OK) {
			fprintf(stderr, "redline: %s: %s\n", o->packs_path[i],
			    rl_strerror(err));
			goto fail;
		}
	}
	/* Plugins before anything reads the registries: their rule kinds,
	 * document formats and output formats join the built-in ones. */
	for (size_t i = 0; i < o->n_plugins_path; i++) {
		if ((err = rl_engine_add_plugins_path(
		         engine, o->plugins_path[i])) != RL_OK) {
			fprintf(stderr, "redline: %s: %s\n", o->plugins_path[i],
			    rl_strerror(err));
			goto fail;
		}
	}
	for (size_t i = 0; i < o->n_plugins; i++) {
		memset(&diag, 0, sizeof diag);
		if ((err = rl_engine_load_plugin(
		         engine, o->plugins[i], &diag)) != RL_OK) {
			cli_print_diag(o->plugins[i], err, &diag);
			goto fail;
		}
	}
	return engine;
fail:
	rl_engine_free(engine);
	return NULL;
}

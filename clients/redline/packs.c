/*
 * packs.c - `redline packs list` and the dispatch of `redline packs`.
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const struct option packs_longopts[] = {
	{ "packs-path", required_argument, NULL, 'P' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

static int
packs_usage_error(const char *sub, const char *fmt, const char *arg)
{
	char cmd[64];

	snprintf(cmd, sizeof cmd, "packs%s%s", sub ? " " : "", sub ? sub : "");
	return cli_usage_error(cmd, fmt, arg);
}

/* cli_packs_engine makes an engine with the --packs-path folders added.
 * Returns NULL (after printing why) on failure. */
rl_engine *
cli_packs_engine(char *const *paths, size_t n)
{
	rl_engine *e;
	rl_err     err;

	if ((err = rl_engine_new(&e)) != RL_OK) {
		fprintf(stderr, "redline: %s\n", rl_strerror(err));
		return NULL;
	}
	for (size_t i = 0; i < n; i++) {
		if ((err = rl_engine_add_packs_path(e, paths[i])) != RL_OK) {
			fprintf(stderr, "redline: %s: %s\n", paths[i],
			    rl_strerror(err));
			rl_engine_free(e);
			return NULL;
		}
	}
	return e;
}

/* ------------------------------------------------------------------------
 * packs list
 * ------------------------------------------------------------------------ */

typedef struct list_row {
	char  *name, *version, *path; /* NULL name: a pack that fails */
	char  *error;
	size_t n_rules;
} list_row;

typedef struct list_state {
	list_row *rows;
	size_t    n, cap;
	bool      nomem;
} list_state;

static char *
dup_or_dash(const char *s)
{
	return strdup(s != NULL && s[0] != '\0' ? s : "-");
}

static bool
list_one(void *arg, const rl_pack_info *info, const rl_diag *diag)
{
	list_state *st = arg;
	list_row   *row;
	char        buf[2048];

	if (st->n == st->cap) {
		size_t    cap  = st->cap ? st->cap * 2 : 16;
		list_row *rows = realloc(st->rows, cap * sizeof *rows);

		if (rows == NULL) {
			st->nomem = true;
			return false;
		}
		st->rows = rows;
		st->cap  = cap;
	}
	row = &st->rows[st->n++];
	memset(row, 0, sizeof *row);
	if (info == NULL) {
		row->error =
		    strdup(diag != NULL ? rl_diag_format(diag, buf, sizeof buf)
		                        : rl_strerror(RL_EPACK));
		st->nomem = row->error == NULL;
		return !st->nomem;
	}
	row->name    = dup_or_dash(info->name);
	row->version = dup_or_dash(info->version);
	row->path    = dup_or_dash(info->path);
	row->n_rules = info->n_rules;
	st->nomem    = !row->name || !row->version || !row->path;
	return !st->nomem;
}

static int
width(size_t have, const char *s)
{
	size_t l = strlen(s);

	return (int)(l > have ? l : have);
}

static int
packs_list(rl_engine *e)
{
	list_state st = { 0 };
	int        wn = 4, wv = 7, status = CLI_EXIT_OK;
	rl_err     err;

	err = rl_packs_find(e, list_one, &st);
	if (err != RL_OK || st.nomem) {
		fprintf(stderr, "redline: listing packs: %s\n",
		    rl_strerror(st.nomem ? RL_ENOMEM : err));
		status = CLI_EXIT_ERROR;
		goto done;
	}
	for (size_t i = 0; i < st.n; i++) {
		if (st.rows[i].name == NULL) {
			wn = width((size_t)wn, "(error)");
			continue;
		}
		wn = width((size_t)wn, st.rows[i].name);
		wv = width((size_t)wv, st.rows[i].version);
	}
	printf("%-*s  %-*s  %5s  %s\n", wn, "NAME", wv, "VERSION", "RULES",
	    "PATH");
	for (size_t i = 0; i < st.n; i++) {
		const list_row *r = &st.rows[i];

		if (r->name == NULL)
			printf("%-*s  %s\n", wn, "(error)", r->error);
		else
			printf("%-*s  %-*s  %5zu  %s\n", wn, r->name, wv,
			    r->version, r->n_rules, r->path);
	}
done:
	for (size_t i = 0; i < st.n; i++) {
		free(st.rows[i].name);
		free(st.rows[i].version);
		free(st.rows[i].path);
		free(st.rows[i].error);
	}
	free(st.rows);
	return status;
}

/* ------------------------------------------------------------------------
 * dispatch
 * ------------------------------------------------------------------------ */

int
cli_packs_main(int argc, char **argv)
{
	const char *sub = argc > 1 ? argv[1] : NULL;
	char      **paths;
	size_t      n_paths = 0;
	rl_engine  *e       = NULL;
	int         c, status = CLI_EXIT_ERROR;

	if (sub == NULL)
		return packs_usage_error(NULL, "%s", "expected list or test");
	if (strcmp(sub, "list") != 0 && strcmp(sub, "test") != 0)
		return packs_usage_error(NULL, "unknown subcommand '%s'", sub);
	if ((paths = calloc((size_t)argc, sizeof *paths)) == NULL)
		return CLI_EXIT_ERROR;

	argc--;
	argv++;
	opterr = 0;
	optind = 1;
	while (
	    (c = getopt_long(argc, argv, ":h", packs_longopts, NULL)) != -1) {
		switch (c) {
		case 'P':
			paths[n_paths++] = optarg;
			break;
		case 'h':
			cli_usage(stdout);
			status = CLI_EXIT_OK;
			goto done;
		case ':':
			status = packs_usage_error(
			    sub, "option '%s' needs a value", argv[optind - 1]);
			goto done;
		default:
			status = packs_usage_error(
			    sub, "unknown option '%s'", argv[optind - 1]);
			goto done;
		}
	}
	if (strcmp(sub, "list") == 0 && optind != argc) {
		status = packs_usage_error(
		    sub, "unexpected argument '%s'", argv[optind]);
		goto done;
	}
	if (strcmp(sub, "test") == 0 && optind + 1 != argc) {
		status = packs_usage_error(sub, "%s",
		    optind == argc ? "expected one pack folder"
		                   : "expected only one pack folder");
		goto done;
	}
	if ((e = cli_packs_engine(paths, n_paths)) == NULL)
		goto done;
	if (strcmp(sub, "list") == 0)
		status = packs_list(e);
	else
		status = cli_packs_test(e, argv[optind]);
done:
	if (e != NULL)
		rl_engine_free(e);
	free(paths);
	return status;
}

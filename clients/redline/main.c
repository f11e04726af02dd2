/*
 * main.c - the `redline` command: dispatch to subcommands, --help,
 * --version, and the messages every subcommand shares.
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"

void
cli_usage(FILE *f)
{
	fprintf(f,
	    "usage: redline check [--pack NAME|DIR]... [--format FORMAT] "
	    "[--min-level LEVEL]\n"
	    "                     [--packs-path DIR]... [--connect URL] "
	    "[--[no-]color]\n"
	    "                     [--plugin PATH|NAME]... [--plugins-path "
	    "DIR]... PATH...\n"
	    "       redline audit [--pack NAME|DIR]... [--jobs N] "
	    "[--report FILE.html]\n"
	    "                     [--csv FILE.csv] [--cache FILE | "
	    "--no-cache] PATH...\n"
	    "       redline packs list [--packs-path DIR]...\n"
	    "       redline packs test [--packs-path DIR]... DIR\n"
	    "       redline --help | --version\n");
}

int
cli_usage_error(const char *cmd, const char *fmt, const char *arg)
{
	fprintf(stderr, "redline %s: ", cmd);
	fprintf(stderr, fmt, arg);
	fprintf(stderr, "\n");
	cli_usage(stderr);
	return CLI_EXIT_ERROR;
}

static void
help(void)
{
	printf("redline %s - review PR/FAQs, RFCs and design documents "
	       "against rule packs\n\n",
	    RL_VERSION_STRING);
	cli_usage(stdout);
	printf("\n"
	       "Commands:\n"
	       "  check        review files, folders or '-' (standard input)\n"
	       "  audit        review an archive in parallel: summary by "
	       "team and year,\n"
	       "               CSV and HTML reports; re-runs review only "
	       "what changed\n"
	       "  packs list   the packs found on the search path\n"
	       "  packs test   run a pack's own examples (DIR/tests/RULE/"
	       "{pass,fail}-*.md)\n"
	       "\n"
	       "'redline check --help' and 'redline audit --help' list "
	       "their options.\n");
}

void
cli_print_diag(const char *what, rl_err err, const rl_diag *d)
{
	char buf[2048];

	if (d->file[0] != '\0') {
		fprintf(stderr, "%s\n", rl_diag_format(d, buf, sizeof buf));
		return;
	}
	fprintf(stderr, "redline: %s%s%s\n", what ? what : "", what ? ": " : "",
	    d->message[0] != '\0' ? d->message : rl_strerror(err));
}

int
main(int argc, char **argv)
{
	const char *cmd = argc > 1 ? argv[1] : NULL;

	if (cmd == NULL) {
		cli_usage(stderr);
		return CLI_EXIT_ERROR;
	}
	if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 ||
	    strcmp(cmd, "help") == 0) {
		help();
		return CLI_EXIT_OK;
	}
	if (strcmp(cmd, "--version") == 0 || strcmp(cmd, "-V") == 0) {
		printf("redline %s\n", RL_VERSION_STRING);
		return CLI_EXIT_OK;
	}
	if (strcmp(cmd, "check") == 0)
		return cli_check_main(argc - 1, argv + 1);
	if (strcmp(cmd, "audit") == 0)
		return cli_audit_main(argc - 1, argv + 1);
	if (strcmp(cmd, "packs") == 0)
		return cli_packs_main(argc - 1, argv + 1);
	fprintf(stderr, "redline: unknown command '%s'\n", cmd);
	cli_usage(stderr);
	return CLI_EXIT_ERROR;
}

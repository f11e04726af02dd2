/*
 * audit.c - `redline audit [OPTIONS] PATH...`: review a whole archive in
 * parallel, print a summary, and write CSV and HTML reports.
 *
 * The main thread collects the documents (the walker check uses), sorts
 * them by path and takes what it can from the cache; audit_run.c reviews
 * the rest in parallel; each document's messages are printed afterwards
 * in path order, so every output is the same whatever --jobs is.
 */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "audit.h"
#include "cli.h"

/* Most threads --jobs takes. */
#define MAX_JOBS 1024

typedef struct audit_opts {
	cli_pack_opts pk;
	long          jobs; /* 0: the number of online CPUs */
	const char   *report;
	const char   *csv;
	const char   *cache; /* NULL: the default file */
	bool          no_cache;
	int           color; /* -1: when stdout is a terminal */
	char *const  *paths;
	size_t        n_paths;
} audit_opts;

enum {
	OPT_JOBS = CLI_OPT_OWN,
	OPT_REPORT,
	OPT_CSV,
	OPT_CACHE,
	OPT_NO_CACHE,
	OPT_COLOR,
	OPT_NO_COLOR,
};

static const struct option audit_longopts[] = {
	{ "pack", required_argument, NULL, CLI_OPT_PACK },
	{ "packs-path", required_argument, NULL, CLI_OPT_PACKS_PATH },
	{ "plugin", required_argument, NULL, CLI_OPT_PLUGIN },
	{ "plugins-path", required_argument, NULL, CLI_OPT_PLUGINS_PATH },
	{ "jobs", required_argument, NULL, OPT_JOBS },
	{ "report", required_argument, NULL, OPT_REPORT },
	{ "csv", required_argument, NULL, OPT_CSV },
	{ "cache", required_argument, NULL, OPT_CACHE },
	{ "no-cache", no_argument, NULL, OPT_NO_CACHE },
	{ "color", no_argument, NULL, OPT_COLOR },
	{ "no-color", no_argument, NULL, OPT_NO_COLOR },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

static void
audit_help(void)
{
	printf("Usage: redline audit [OPTIONS] PATH...\n"
	       "\n"
	       "Review an archive of documents in parallel and summarise it: "
	       "verdicts,\n"
	       "score distribution, the rules with the most findings, and the "
	       "same by\n"
	       "team and by year.  Folders are walked as by 'redline check'.  "
	       "A re-run\n"
	       "reviews only the documents that changed since the last one.\n"
	       "\n"
	       "Options:\n"
	       "  --pack NAME|DIR       rule pack to apply, repeatable "
	       "(default: prfaq)\n"
	       "  --packs-path DIR      extra folder to find packs in, "
	       "repeatable\n"
	       "                        (also REDLINE_PACKS_PATH, "
	       "colon-separated)\n"
	       "  --plugin PATH|NAME    load a native plugin, repeatable\n"
	       "  --plugins-path DIR    extra folder to find plugins by name "
	       "in, repeatable\n"
	       "  -j, --jobs N          review with N threads (default: the "
	       "number of\n"
	       "                        online CPUs)\n"
	       "  --csv FILE            write one CSV row per document\n"
	       "  --report FILE         write an HTML report (one "
	       "self-contained file)\n"
	       "  --cache FILE          the cache of earlier reviews (default:"
	       "\n"
	       "                        $XDG_CACHE_HOME/redline/audit.cache "
	       "or\n"
	       "                        ~/.cache/redline/audit.cache)\n"
	       "  --no-cache            review every document; read and write "
	       "no cache\n"
	       "  --color, --no-color   force colour in the summary on or off\n"
	       "  -h, --help            show this help\n"
	       "\n"
	       "Team: the front matter's 'team', else the first folder below "
	       "PATH.\n"
	       "Year: the front matter's 'date', 'year' or 'created', else a "
	       "year\n"
	       "1990-2099 that a folder or file name below PATH is or starts "
	       "a date\n"
	       "with (2019/, 2019-03-12-launch.md), else the file's "
	       "modification year.\n"
	       "\n"
	       "Progress is shown on stderr when it is a terminal.  Exit "
	       "status: 0 no\n"
	       "document failed, 1 a failed verdict or an error-level finding, "
	       "2 usage\n"
	       "error, unreadable input, pack or rule error.\n");
}

static int
usage_error(const char *fmt, const char *arg)
{
	return cli_usage_error("audit", fmt, arg);
}

/* parse_args fills o from argv.  Returns -1 to go on, else an exit
 * status. */
static int
parse_args(int argc, char **argv, audit_opts *o)
{
	int   c;
	char *end;

	opterr = 0;
	optind = 1;
	while (
	    (c = getopt_long(argc, argv, ":hj:", audit_longopts, NULL)) != -1) {
		if (cli_pack_opts_take(&o->pk, c, optarg))
			continue;
		switch (c) {
		case 'j':
		case OPT_JOBS:
			errno   = 0;
			o->jobs = strtol(optarg, &end, 10);
			if (errno != 0 || *end != '\0' || end == optarg ||
			    o->jobs < 1 || o->jobs > MAX_JOBS)
				return usage_error("--jobs needs a number "
				                   "from 1 to 1024, not '%s'",
				    optarg);
			break;
		case OPT_REPORT:
			o->report = optarg;
			break;
		case OPT_CSV:
			o->csv = optarg;
			break;
		case OPT_CACHE:
			o->cache = optarg;
			break;
		case OPT_NO_CACHE:
			o->no_cache = true;
			break;
		case OPT_COLOR:
			o->color = 1;
			break;
		case OPT_NO_COLOR:
			o->color = 0;
			break;
		case 'h':
			audit_help();
			return CLI_EXIT_OK;
		case ':':
			return usage_error(
			    "option '%s' needs a value", argv[optind - 1]);
		default:
			return usage_error(
			    "unknown option '%s'", argv[optind - 1]);
		}
	}
	o->paths   = argv + optind;
	o->n_paths = (size_t)(argc - optind);
	if (o->n_paths == 0)
		return usage_error("%s", "no PATH to audit");
	for (size_t i = 0; i < o->n_paths; i++)
		if (strcmp(o->paths[i], "-") == 0)
			return usage_error("%s",
			    "audit reviews files and "
			    "folders, not standard input");
	return -1;
}

/* ------------------------------------------------------------------------
 * Small helpers
 * ------------------------------------------------------------------------ */

/* absolute_path: the real path of path, or path joined to the working
 * folder when it cannot be resolved. */
static char *
absolute_path(const char *path)
{
	char *r = realpath(path, NULL), cwd[4096];

	if (r != NULL || path[0] == '/')
		return r != NULL ? r : strdup(path);
	if (getcwd(cwd, sizeof cwd) == NULL)
		return strdup(path);
	return audit_strf("%s/%s", cwd, path);
}

/* default_cache: $XDG_CACHE_HOME/redline/audit.cache, else
 * $HOME/.cache/redline/audit.cache; NULL when neither is set. */
static char *
default_cache(void)
{
	const char *xdg  = getenv("XDG_CACHE_HOME");
	const char *home = getenv("HOME");

	if (xdg != NULL && xdg[0] == '/')
		return audit_strf("%s/redline/audit.cache", xdg);
	if (home != NULL && home[0] != '\0')
		return audit_strf("%s/.cache/redline/audit.cache", home);
	return NULL;
}

/* ------------------------------------------------------------------------
 * The documents: collected, sorted, matched against the cache
 * ------------------------------------------------------------------------ */

typedef struct doc_list {
	audit_doc *v;
	size_t     n, cap;
} doc_list;

static void
doc_list_free(doc_list *l)
{
	for (size_t i = 0; i < l->n; i++)
		audit_doc_free(&l->v[i]);
	free(l->v);
	memset(l, 0, sizeof *l);
}

/* add_doc appends the document at path, found under the argument root
 * (a folder when root_is_dir). */
static bool
add_doc(doc_list *l, const char *path, const char *root, bool root_is_dir)
{
	audit_doc  *d;
	struct stat st;

	if (l->n == l->cap) {
		size_t     cap = l->cap ? l->cap * 2 : 64;
		audit_doc *v   = realloc(l->v, cap * sizeof *v);

		if (v == NULL)
			return false;
		l->v   = v;
		l->cap = cap;
	}
	d = &l->v[l->n++];
	memset(d, 0, sizeof *d);
	d->path    = strdup(path);
	d->abspath = absolute_path(path);
	if (d->path == NULL || d->abspath == NULL)
		return false;
	d->rel = d->path;
	if (root_is_dir && strncmp(path, root, strlen(root)) == 0) {
		d->in_dir = true;
		d->rel    = d->path + strlen(root);
		while (*d->rel == '/')
			d->rel++;
	}
	if (stat(path, &st) == 0) {
		d->stat_ok  = true;
		d->size     = (uint64_t)st.st_size;
		d->mtime_s  = (int64_t)st.st_mtim.tv_sec;
		d->mtime_ns = st.st_mtim.tv_nsec;
	}
	return true;
}

/* collect walks each PATH (one at a time, to know which argument each
 * document came from) and adds what it finds. */
static bool
collect(const rl_engine *e, const audit_opts *o, doc_list *l, int *status)
{
	for (size_t i = 0; i < o->n_paths; i++) {
		cli_inputs  in = { 0 };
		struct stat st;
		bool        is_dir =
		    stat(o->paths[i], &st) == 0 && S_ISDIR(st.st_mode);

		if (!cli_inputs_collect(
		        e, "redline", &o->paths[i], 1, &in, status)) {
			cli_inputs_free(&in);
			return false;
		}
		for (size_t j = 0; j < in.n; j++)
			if (!add_doc(
			        l, in.items[j].path, o->paths[i], is_dir)) {
				cli_inputs_free(&in);
				return false;
			}
		cli_inputs_free(&in);
	}
	return true;
}

static int
cmp_abspath(const void *a, const void *b)
{
	const audit_doc *x = a, *y = b;
	int              c = strcmp(x->abspath, y->abspath);

	/* the same file twice: keep the one named first */
	return c != 0 ? c : strcmp(x->path, y->path);
}

static int
cmp_path(const void *a, const void *b)
{
	return strcmp(
	    ((const audit_doc *)a)->path, ((const audit_doc *)b)->path);
}

/* sort_docs drops documents named twice and sorts the rest by path. */
static void
sort_docs(doc_list *l)
{
	size_t k = 0;

	if (l->n < 2)
		return;
	qsort(l->v, l->n, sizeof *l->v, cmp_abspath);
	for (size_t i = 0; i < l->n; i++) {
		if (k > 0 &&
		    strcmp(l->v[k - 1].abspath, l->v[i].abspath) == 0) {
			audit_doc_free(&l->v[i]);
			continue;
		}
		l->v[k++] = l->v[i];
	}
	l->n = k;
	qsort(l->v, l->n, sizeof *l->v, cmp_path);
}

/* ------------------------------------------------------------------------
 * Which packs: the cache key and the report's description
 * ------------------------------------------------------------------------ */

typedef struct strbuf {
	char  *s;
	size_t n, cap;
	bool   failed;
} strbuf;

static void
sb_add(strbuf *b, const char *s)
{
	size_t l = strlen(s);

	if (b->failed)
		return;
	if (b->n + l + 1 > b->cap) {
		size_t cap = (b->n + l + 1) * 2;
		char  *ns  = realloc(b->s, cap);

		if (ns == NULL) {
			b->failed = true;
			return;
		}
		b->s   = ns;
		b->cap = cap;
	}
	memcpy(b->s + b->n, s, l + 1);
	b->n += l;
}

static void
add_plugin(void *arg, const char *name, const char *version, const char *path)
{
	strbuf *b = arg;

	sb_add(b, ";plugin ");
	sb_add(b, name);
	sb_add(b, " ");
	sb_add(b, version);
}

/*
 * packs_key names everything that decides a review's outcome: Redline's
 * version, each pack the set uses (the ones they extend too, as a
 * result's packs list them) with its digest, and the plugins.  It reviews
 * an empty document to learn the packs.  NULL when out of memory or the
 * review fails.
 */
static char *
packs_key(rl_engine *e, rl_scanner *s, rl_packset *ps)
{
	strbuf     b   = { 0 };
	rl_result *res = NULL;

	if (rl_review(s, ps, "empty.md", "", 0, NULL, &res, NULL) != RL_OK)
		return NULL;
	sb_add(&b, "redline " RL_VERSION_STRING);
	for (size_t i = 0; i < res->n_packs; i++) {
		sb_add(&b, ";");
		sb_add(&b, res->packs[i].name);
		sb_add(&b, " ");
		sb_add(&b, res->packs[i].version);
		sb_add(&b, " ");
		sb_add(&b, res->packs[i].digest);
	}
	rl_result_free(res);
	rl_engine_plugins(e, add_plugin, &b);
	if (b.failed || b.s == NULL) {
		free(b.s);
		return NULL;
	}
	return b.s;
}

/* packs_desc: "prfaq 1.1.1, plain 1.0.0" for the report. */
static char *
packs_desc(const rl_packset *ps)
{
	strbuf b = { 0 };

	sb_add(&b, "");
	for (size_t i = 0; i < rl_packset_count(ps); i++) {
		const rl_pack_info *p = rl_packset_info(ps, i);

		sb_add(&b, i ? ", " : "");
		sb_add(&b, p->name);
		sb_add(&b, " ");
		sb_add(&b, p->version);
	}
	if (b.failed) {
		free(b.s);
		return NULL;
	}
	return b.s;
}

/* ------------------------------------------------------------------------
 * The subcommand
 * ------------------------------------------------------------------------ */

static FILE *
open_output(const char *path)
{
	FILE *f = fopen(path, "w");

	if (f == NULL)
		fprintf(stderr, "redline: %s: %s\n", path, strerror(errno));
	return f;
}

/* close_output closes f, reporting a write error on path. */
static bool
close_output(FILE *f, const char *path, bool ok)
{
	int saved = errno;

	if (fclose(f) != 0 || !ok) {
		fprintf(stderr, "redline: %s: %s\n", path,
		    strerror(errno  ? errno
		            : saved ? saved
		                    : EIO));
		return false;
	}
	return true;
}

static bool
use_color(const audit_opts *o)
{
	const char *nc = getenv("NO_COLOR");

	if (o->color >= 0)
		return o->color == 1;
	return isatty(STDOUT_FILENO) && (nc == NULL || nc[0] == '\0');
}

/* take_cached fills every document the cache knows from it and lists the
 * others in todo (room for docs->n), *n_todo of them. */
static bool
take_cached(doc_list *docs, const audit_cache *cache, const char *key,
    size_t *todo, size_t *n_todo, size_t *n_cached)
{
	for (size_t i = 0; i < docs->n; i++) {
		audit_doc           *d = &docs->v[i];
		const audit_summary *s = NULL;

		if (cache != NULL && d->stat_ok)
			s = audit_cache_find(cache, d->abspath, key, d->size,
			    d->mtime_s, d->mtime_ns);
		if (s == NULL) {
			todo[(*n_todo)++] = i;
			continue;
		}
		if (!audit_summary_copy(&d->sum, s))
			return false;
		d->state  = AUDIT_CACHED;
		d->status = audit_summary_status(&d->sum);
		(*n_cached)++;
	}
	return true;
}

/* finish prints the messages, the summary and the reports; returns the
 * status they add. */
static int
finish(const audit_opts *o, doc_list *docs, FILE *csv, FILE *report,
    const char *desc)
{
	audit_stats st;
	int         status = CLI_EXIT_OK;

	for (size_t i = 0; i < docs->n; i++) {
		audit_doc *d = &docs->v[i];

		if (d->error != NULL)
			fprintf(stderr, "%s\n", d->error);
		cli_status_raise(&status, d->status);
		if (d->state != AUDIT_FAILED && !audit_doc_derive(d))
			goto nomem;
	}
	if (!audit_stats_build(&st, docs->v, docs->n))
		goto nomem;
	audit_print_summary(stdout, &st, use_color(o));
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fprintf(stderr, "redline: writing the summary: %s\n",
		    strerror(errno));
		status = CLI_EXIT_ERROR;
	}
	if (csv != NULL &&
	    !close_output(
	        csv, o->csv, audit_write_csv(csv, &st, docs->v, docs->n)))
		status = CLI_EXIT_ERROR;
	if (report != NULL &&
	    !close_output(report, o->report,
	        audit_write_html(report, &st, docs->v, docs->n, desc)))
		status = CLI_EXIT_ERROR;
	audit_stats_free(&st);
	return status;
nomem:
	fprintf(stderr, "redline: %s\n", rl_strerror(RL_ENOMEM));
	if (csv != NULL)
		fclose(csv);
	if (report != NULL)
		fclose(report);
	return CLI_EXIT_ERROR;
}

static int
run_audit(const audit_opts *o)
{
	rl_engine   *engine = NULL;
	rl_packset  *ps     = NULL;
	rl_scanner  *probe  = NULL;
	audit_cache *cache  = NULL;
	doc_list     docs   = { 0 };
	audit_run    run;
	size_t      *todo = NULL;
	FILE        *csv = NULL, *report = NULL;
	char        *key = NULL, *desc = NULL, *cache_path = NULL, why[256];
	int          status = CLI_EXIT_OK;
	long         jobs   = o->jobs;
	rl_diag      diag;
	rl_err       err;

	memset(&run, 0, sizeof run);
	if ((engine = cli_engine_open(&o->pk)) == NULL)
		return CLI_EXIT_ERROR;
	memset(&diag, 0, sizeof diag);
	err = rl_packset_load(engine, o->pk.packs, o->pk.n_packs, &ps, &diag);
	if (err != RL_OK) {
		cli_print_diag(NULL, err, &diag);
		status = CLI_EXIT_ERROR;
		goto done;
	}
	if (rl_scanner_new(engine, &probe) != RL_OK ||
	    (key = packs_key(engine, probe, ps)) == NULL ||
	    (desc = packs_desc(ps)) == NULL)
		goto nomem;
	if ((o->csv != NULL && (csv = open_output(o->csv)) == NULL) ||
	    (o->report != NULL && (report = open_output(o->report)) == NULL)) {
		status = CLI_EXIT_ERROR;
		goto done;
	}

	if (!collect(engine, o, &docs, &status))
		goto nomem;
	sort_docs(&docs);
	if (!o->no_cache) {
		cache_path =
		    o->cache != NULL ? strdup(o->cache) : default_cache();
		if (o->cache != NULL && cache_path == NULL)
			goto nomem;
		if (!audit_cache_load(cache_path, &cache))
			goto nomem;
	}

	if ((todo = malloc((docs.n + 1) * sizeof *todo)) == NULL)
		goto nomem;
	run.ps       = ps;
	run.docs     = docs.v;
	run.todo     = todo;
	run.progress = isatty(STDERR_FILENO);
	if (jobs == 0)
		jobs = sysconf(_SC_NPROCESSORS_ONLN);
	if (!take_cached(&docs, cache, key, todo, &run.n_todo, &run.n_cached) ||
	    !audit_review(engine, &run, jobs > 0 ? (size_t)jobs : 1))
		goto nomem;

	cli_status_raise(&status, finish(o, &docs, csv, report, desc));
	csv = report = NULL; /* finish closed them */
	if (cache_path != NULL &&
	    !audit_cache_save(
	        cache, cache_path, key, docs.v, docs.n, why, sizeof why))
		fprintf(stderr,
		    "redline: warning: %s: cannot write the cache: %s\n",
		    cache_path, why);
	goto done;

nomem:
	fprintf(stderr, "redline: %s\n", rl_strerror(RL_ENOMEM));
	status = CLI_EXIT_ERROR;
done:
	if (csv != NULL)
		fclose(csv);
	if (report != NULL)
		fclose(report);
	free(todo);
	audit_cache_free(cache);
	doc_list_free(&docs);
	free(cache_path);
	free(key);
	free(desc);
	rl_scanner_free(probe);
	if (ps != NULL)
		rl_packset_unref(ps);
	rl_engine_free(engine);
	return status;
}

int
cli_audit_main(int argc, char **argv)
{
	audit_opts o;
	int        status;

	memset(&o, 0, sizeof o);
	o.color = -1;
	if (!cli_pack_opts_init(&o.pk, argc)) {
		fprintf(stderr, "redline: %s\n", rl_strerror(RL_ENOMEM));
		return CLI_EXIT_ERROR;
	}
	if ((status = parse_args(argc, argv, &o)) < 0) {
		cli_pack_opts_default(&o.pk);
		status = run_audit(&o);
	}
	cli_pack_opts_free(&o.pk);
	return status;
}

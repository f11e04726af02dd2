/*
 * audit_cache.c - the file that lets `redline audit` skip documents it has
 * already reviewed.
 *
 * A text file, one record per line, fields separated by tabs; text fields
 * have '%', tab, line breaks and other control bytes written as %XX:
 *
 *   redline-audit-cache 1
 *   doc PACKS ABSPATH SIZE MTIME_S MTIME_NS SHA256 SCORE VERDICT ERRORS
 *       WARNINGS SUGGESTIONS FM_YEAR FM_TEAM          (one line)
 *   cat NAME SCORE                                    (per category)
 *   rule ID COUNT                                     (per rule with findings)
 *   end
 *
 * PACKS names the packset (each pack's name and digest), so the same
 * document reviewed with other packs is another entry.  Anything that does
 * not parse makes the whole file ignored: a cache only saves time, so
 * being wrong is worse than being slow.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "audit.h"

#define CACHE_MAGIC "redline-audit-cache"
#define MAX_FIELDS 16

typedef struct cache_entry {
	char         *packs_key; /* owned */
	char         *abspath;   /* owned */
	uint64_t      size;
	int64_t       mtime_s;
	long          mtime_ns;
	audit_summary sum;
} cache_entry;

struct audit_cache {
	cache_entry *v; /* sorted by abspath, then packs_key */
	size_t       n, cap;
};

static int
cmp_key(const char *path_a, const char *packs_a, const char *path_b,
    const char *packs_b)
{
	int c = strcmp(path_a, path_b);

	return c != 0 ? c : strcmp(packs_a, packs_b);
}

static int
cmp_entry(const void *a, const void *b)
{
	const cache_entry *x = a, *y = b;

	return cmp_key(x->abspath, x->packs_key, y->abspath, y->packs_key);
}

static void
entries_free(audit_cache *c)
{
	for (size_t i = 0; i < c->n; i++) {
		free(c->v[i].packs_key);
		free(c->v[i].abspath);
		audit_summary_free(&c->v[i].sum);
	}
	free(c->v);
	c->v = NULL;
	c->n = c->cap = 0;
}

void
audit_cache_free(audit_cache *c)
{
	if (c == NULL)
		return;
	entries_free(c);
	free(c);
}

/* ------------------------------------------------------------------------
 * Reading
 * ------------------------------------------------------------------------ */

static int
hex_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* unescape decodes %XX in place; false on a malformed escape or an
 * escaped NUL. */
static bool
unescape(char *s)
{
	char *w = s;

	for (char *r = s; *r != '\0'; r++) {
		int hi, lo;

		if (*r != '%') {
			*w++ = *r;
			continue;
		}
		if ((hi = hex_value(r[1])) < 0 || (lo = hex_value(r[2])) < 0 ||
		    (hi == 0 && lo == 0))
			return false;
		*w++ = (char)(hi * 16 + lo);
		r += 2;
	}
	*w = '\0';
	return true;
}

/* split cuts line (without its line break) at tabs into f[]; returns the
 * number of fields, or MAX_FIELDS + 1 when there are more. */
static size_t
split(char *line, char **f)
{
	size_t n = 0;

	for (;;) {
		char *tab = strchr(line, '\t');

		if (n == MAX_FIELDS)
			return MAX_FIELDS + 1;
		f[n++] = line;
		if (tab == NULL)
			return n;
		*tab = '\0';
		line = tab + 1;
	}
}

/* parse_num reads a whole decimal field in [lo, hi]. */
static bool
parse_num(const char *s, long long lo, long long hi, long long *out)
{
	char     *end;
	long long v;

	if (*s == '\0' || (*s != '-' && (*s < '0' || *s > '9')))
		return false;
	errno = 0;
	v     = strtoll(s, &end, 10);
	if (errno != 0 || *end != '\0' || v < lo || v > hi)
		return false;
	*out = v;
	return true;
}

static bool
parse_sha(const char *s)
{
	size_t n = 0;

	for (; s[n] != '\0'; n++)
		if (hex_value(s[n]) < 0)
			return false;
	return n == 64;
}

static bool
parse_verdict(const char *s, rl_verdict *out)
{
	static const rl_verdict all[] = { RL_VERDICT_PASS, RL_VERDICT_WARN,
		RL_VERDICT_FAIL };

	for (size_t i = 0; i < sizeof all / sizeof *all; i++)
		if (strcmp(s, rl_verdict_name(all[i])) == 0) {
			*out = all[i];
			return true;
		}
	return false;
}

/* parse_doc fills e from a "doc" line's fields; "why" on failure. */
static bool
parse_doc(char **f, size_t nf, cache_entry *e, const char **why)
{
	long long v[9];
	/* field index, lower and upper bound of each number */
	static const struct {
		size_t    field;
		long long lo, hi;
	} nums[] = {
		{ 3, 0, INT64_MAX },
		{ 4, INT64_MIN, INT64_MAX },
		{ 5, 0, 999999999 },
		{ 7, 0, 100 },
		{ 9, 0, UINT32_MAX },
		{ 10, 0, UINT32_MAX },
		{ 11, 0, UINT32_MAX },
		{ 12, 0, 9999 },
	};

	memset(e, 0, sizeof *e);
	if (nf != 14) {
		*why = "a doc line has the wrong number of fields";
		return false;
	}
	for (size_t i = 0; i < sizeof nums / sizeof *nums; i++)
		if (!parse_num(
		        f[nums[i].field], nums[i].lo, nums[i].hi, &v[i])) {
			*why = "a number is malformed or out of range";
			return false;
		}
	if (!parse_sha(f[6]) || !parse_verdict(f[8], &e->sum.verdict)) {
		*why = "a digest or verdict is malformed";
		return false;
	}
	if (!unescape(f[1]) || !unescape(f[2]) || !unescape(f[13]) ||
	    f[2][0] != '/') {
		*why = "a text field is malformed";
		return false;
	}
	e->size              = (uint64_t)v[0];
	e->mtime_s           = (int64_t)v[1];
	e->mtime_ns          = (long)v[2];
	e->sum.score         = (int)v[3];
	e->sum.n_errors      = (uint32_t)v[4];
	e->sum.n_warnings    = (uint32_t)v[5];
	e->sum.n_suggestions = (uint32_t)v[6];
	e->sum.fm_year       = (int)v[7];
	memcpy(e->sum.sha256, f[6], 65);
	e->packs_key = strdup(f[1]);
	e->abspath   = strdup(f[2]);
	if (f[13][0] != '\0')
		e->sum.fm_team = strdup(f[13]);
	if (e->packs_key == NULL || e->abspath == NULL ||
	    (f[13][0] != '\0' && e->sum.fm_team == NULL)) {
		*why = strerror(ENOMEM);
		return false;
	}
	return true;
}

/* add_count appends a "cat" or "rule" line's name and number. */
static bool
add_count(audit_count **v, size_t *n, char **f, size_t nf, long long hi,
    const char **why)
{
	long long    value;
	audit_count *nv;

	if (nf != 3 || !unescape(f[1]) || !parse_num(f[2], 0, hi, &value)) {
		*why = "a cat or rule line is malformed";
		return false;
	}
	if ((nv = realloc(*v, (*n + 1) * sizeof *nv)) == NULL)
		goto nomem;
	*v = nv;
	if ((nv[*n].name = strdup(f[1])) == NULL)
		goto nomem;
	nv[*n].value = (uint32_t)value;
	(*n)++;
	return true;
nomem:
	*why = strerror(ENOMEM);
	return false;
}

static void
entry_free(cache_entry *e)
{
	free(e->packs_key);
	free(e->abspath);
	audit_summary_free(&e->sum);
	memset(e, 0, sizeof *e);
}

/* parse_file reads every record of fp into c; on failure *line and *why
 * say where and why. */
static bool
parse_file(FILE *fp, audit_cache *c, size_t *line, const char **why)
{
	char       *buf     = NULL, *f[MAX_FIELDS];
	size_t      bufsize = 0, nf;
	ssize_t     len;
	cache_entry cur;
	bool        open = false, ok = false;
	char        magic[64];

	memset(&cur, 0, sizeof cur);
	snprintf(
	    magic, sizeof magic, "%s %d", CACHE_MAGIC, AUDIT_CACHE_VERSION);
	*line = 0;
	while ((len = getline(&buf, &bufsize, fp)) >= 0) {
		(*line)++;
		if (len == 0 || buf[len - 1] != '\n') {
			*why = "the file ends in the middle of a line";
			goto done;
		}
		buf[len - 1] = '\0';
		if (strlen(buf) != (size_t)len - 1) {
			*why = "a line holds a NUL byte";
			goto done;
		}
		if (*line == 1) {
			if (strcmp(buf, magic) != 0) {
				*why = strncmp(buf, CACHE_MAGIC " ",
				           sizeof CACHE_MAGIC) == 0
				    ? "written by another version of redline"
				    : "not a redline audit cache";
				goto done;
			}
			continue;
		}
		nf = split(buf, f);
		if (!open && strcmp(f[0], "doc") == 0) {
			if (!parse_doc(f, nf, &cur, why))
				goto done;
			open = true;
		} else if (open && strcmp(f[0], "cat") == 0) {
			if (!add_count(&cur.sum.cats, &cur.sum.n_cats, f, nf,
			        100, why))
				goto done;
		} else if (open && strcmp(f[0], "rule") == 0) {
			if (!add_count(&cur.sum.rules, &cur.sum.n_rules, f, nf,
			        UINT32_MAX, why))
				goto done;
		} else if (open && strcmp(f[0], "end") == 0 && nf == 1) {
			if (c->n == c->cap) {
				size_t       cap = c->cap ? c->cap * 2 : 64;
				cache_entry *v = realloc(c->v, cap * sizeof *v);

				if (v == NULL) {
					*why = strerror(ENOMEM);
					goto done;
				}
				c->v   = v;
				c->cap = cap;
			}
			c->v[c->n++] = cur;
			memset(&cur, 0, sizeof cur);
			open = false;
		} else {
			*why = "unexpected line";
			goto done;
		}
	}
	if (ferror(fp)) {
		*why = strerror(errno);
		goto done;
	}
	if (*line == 0 || open) {
		*why = *line == 0 ? "the file is empty"
		                  : "the file ends inside a record";
		goto done;
	}
	ok = true;
done:
	entry_free(&cur);
	free(buf);
	return ok;
}

bool
audit_cache_load(const char *path, audit_cache **out)
{
	audit_cache *c = calloc(1, sizeof *c);
	FILE        *fp;
	size_t       line = 0;
	const char  *why  = NULL;

	if (c == NULL)
		return false;
	*out = c;
	if (path == NULL)
		return true;
	if ((fp = fopen(path, "r")) == NULL) {
		if (errno != ENOENT)
			fprintf(stderr,
			    "redline: warning: %s: %s; the cache is not used\n",
			    path, strerror(errno));
		return true;
	}
	if (!parse_file(fp, c, &line, &why)) {
		fprintf(stderr,
		    "%s:%zu: warning: %s; the cache is ignored and rewritten\n",
		    path, line, why);
		entries_free(c);
	}
	fclose(fp);
	if (c->n > 1)
		qsort(c->v, c->n, sizeof *c->v, cmp_entry);
	return true;
}

const audit_summary *
audit_cache_find(const audit_cache *c, const char *abspath,
    const char *packs_key, uint64_t size, int64_t mtime_s, long mtime_ns)
{
	size_t lo = 0, hi = c->n;

	while (lo < hi) {
		size_t             mid = lo + (hi - lo) / 2;
		const cache_entry *e   = &c->v[mid];
		int cmp = cmp_key(abspath, packs_key, e->abspath, e->packs_key);

		if (cmp == 0) {
			if (e->size != size || e->mtime_s != mtime_s ||
			    e->mtime_ns != mtime_ns)
				return NULL;
			return &e->sum;
		}
		if (cmp < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

/* ------------------------------------------------------------------------
 * Writing
 * ------------------------------------------------------------------------ */

/* A record to write, borrowed from a document of this run or an old
 * entry. */
typedef struct out_rec {
	const char          *abspath;
	const char          *packs_key;
	uint64_t             size;
	int64_t              mtime_s;
	long                 mtime_ns;
	const audit_summary *sum;
	size_t               order; /* this run's first: it replaces */
} out_rec;

static int
cmp_rec(const void *a, const void *b)
{
	const out_rec *x = a, *y = b;
	int c = cmp_key(x->abspath, x->packs_key, y->abspath, y->packs_key);

	if (c != 0)
		return c;
	return x->order < y->order ? -1 : x->order > y->order;
}

static void
put_escaped(FILE *f, const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == '%' || *p < 0x20 || *p == 0x7f)
			fprintf(f, "%%%02X", *p);
		else
			putc(*p, f);
	}
}

static void
put_rec(FILE *f, const out_rec *r)
{
	const audit_summary *s = r->sum;

	fputs("doc\t", f);
	put_escaped(f, r->packs_key);
	putc('\t', f);
	put_escaped(f, r->abspath);
	fprintf(f, "\t%llu\t%lld\t%ld\t%s\t%d\t%s\t%lu\t%lu\t%lu\t%d\t",
	    (unsigned long long)r->size, (long long)r->mtime_s, r->mtime_ns,
	    s->sha256, s->score, rl_verdict_name(s->verdict),
	    (unsigned long)s->n_errors, (unsigned long)s->n_warnings,
	    (unsigned long)s->n_suggestions, s->fm_year);
	put_escaped(f, s->fm_team != NULL ? s->fm_team : "");
	putc('\n', f);
	for (size_t i = 0; i < s->n_cats; i++) {
		fputs("cat\t", f);
		put_escaped(f, s->cats[i].name);
		fprintf(f, "\t%lu\n", (unsigned long)s->cats[i].value);
	}
	for (size_t i = 0; i < s->n_rules; i++) {
		fputs("rule\t", f);
		put_escaped(f, s->rules[i].name);
		fprintf(f, "\t%lu\n", (unsigned long)s->rules[i].value);
	}
	fputs("end\n", f);
}

/* make_parent makes the folders leading to path, as `mkdir -p` would. */
static bool
make_parent(const char *path)
{
	char *dir = strdup(path), *p;
	bool  ok  = true;

	if (dir == NULL)
		return false;
	if ((p = strrchr(dir, '/')) != NULL && p != dir) {
		*p = '\0';
		for (p = dir + 1; ok; p++) {
			if (*p != '/' && *p != '\0')
				continue;
			char save = *p;

			*p = '\0';
			if (mkdir(dir, 0777) != 0 && errno != EEXIST)
				ok = false;
			*p = save;
			if (save == '\0')
				break;
		}
	}
	free(dir);
	return ok;
}

/* collect gathers the records to write: this run's, then the old ones
 * for files that still exist; *n is their number. */
static out_rec *
collect(const audit_cache *c, const char *packs_key, const audit_doc *docs,
    size_t n_docs, size_t *n)
{
	out_rec *v = malloc((c->n + n_docs + 1) * sizeof *v);
	size_t   k = 0;

	if (v == NULL)
		return NULL;
	for (size_t i = 0; i < n_docs; i++) {
		const audit_doc *d = &docs[i];

		if ((d->state != AUDIT_CACHED && d->state != AUDIT_REVIEWED) ||
		    !d->stat_ok || d->sum.n_rule_errors > 0)
			continue;
		v[k] = (out_rec) { d->abspath, packs_key, d->size, d->mtime_s,
			d->mtime_ns, &d->sum, k };
		k++;
	}
	for (size_t i = 0; i < c->n; i++) {
		const cache_entry *e = &c->v[i];

		if (access(e->abspath, F_OK) != 0)
			continue;
		v[k] = (out_rec) { e->abspath, e->packs_key, e->size,
			e->mtime_s, e->mtime_ns, &e->sum, k };
		k++;
	}
	if (k > 1)
		qsort(v, k, sizeof *v, cmp_rec);
	*n = k;
	return v;
}

bool
audit_cache_save(const audit_cache *c, const char *path, const char *packs_key,
    const audit_doc *docs, size_t n, char *why, size_t whysize)
{
	out_rec *recs;
	size_t   n_recs = 0;
	char    *tmp    = NULL;
	FILE    *f      = NULL;
	int      fd     = -1, saved;
	bool     made   = false;

	if ((recs = collect(c, packs_key, docs, n, &n_recs)) == NULL) {
		snprintf(why, whysize, "%s", strerror(ENOMEM));
		return false;
	}
	if (!make_parent(path))
		goto fail;
	if ((tmp = malloc(strlen(path) + sizeof ".tmp.XXXXXX")) == NULL)
		goto fail;
	strcpy(tmp, path);
	strcat(tmp, ".tmp.XXXXXX");
	if ((fd = mkstemp(tmp)) < 0)
		goto fail;
	made = true;
	if ((f = fdopen(fd, "w")) == NULL)
		goto fail;
	fd = -1; /* f owns it now */
	fprintf(f, "%s %d\n", CACHE_MAGIC, AUDIT_CACHE_VERSION);
	for (size_t i = 0; i < n_recs; i++) {
		if (i > 0 &&
		    cmp_key(recs[i].abspath, recs[i].packs_key,
		        recs[i - 1].abspath, recs[i - 1].packs_key) == 0)
			continue; /* an older entry this run replaced */
		put_rec(f, &recs[i]);
	}
	if (fflush(f) != 0 || ferror(f) || fsync(fileno(f)) != 0)
		goto fail;
	if (fclose(f) != 0) {
		f = NULL;
		goto fail;
	}
	f = NULL;
	if (rename(tmp, path) != 0)
		goto fail;
	free(tmp);
	free(recs);
	return true;
fail:
	saved = errno;
	snprintf(why, whysize, "%s", strerror(saved));
	if (f != NULL)
		fclose(f);
	if (fd >= 0)
		close(fd);
	if (made)
		unlink(tmp);
	free(tmp);
	free(recs);
	return false;
}

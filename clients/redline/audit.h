/*
 * audit.h - the parts of `redline audit` shared between its files:
 * the per-document summary (all any output needs, and what the cache
 * keeps), the document list, the cache, the statistics and the reports.
 *
 *   audit.c         options, collecting documents, the cache lookups, outputs
 *   audit_run.c     the parallel review and its progress line
 *   audit_doc.c     a result's summary, team and year of each document
 *   audit_cache.c   the incremental cache file
 *   audit_stats.c   totals, distributions, groups; the summary on stdout
 *   audit_report.c  the CSV and HTML reports
 *
 * Everything here belongs to one thread (the main one) except where a
 * comment says a worker fills it.
 */
#ifndef REDLINE_AUDIT_H
#define REDLINE_AUDIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "redline/redline.h"

/* The version in the cache file's first line; bump on any change. */
#define AUDIT_CACHE_VERSION 1

/* ------------------------------------------------------------------------
 * One document's summary
 * ------------------------------------------------------------------------ */

typedef struct audit_count {
	char    *name;  /* rule id or category name; owned */
	uint32_t value; /* findings of the rule, or the category's score */
} audit_count;

/* What every output needs of one reviewed document.  Filled from an
 * rl_result (audit_summary_from_result) or the cache; all strings owned. */
typedef struct audit_summary {
	char       sha256[65];
	int        score;
	rl_verdict verdict;
	uint32_t   n_errors, n_warnings, n_suggestions; /* findings by level */
	uint32_t   n_rule_errors;
	audit_count *cats; /* category scores, in the packset's order */
	size_t       n_cats;
	audit_count *rules; /* findings per rule: most first, then by id */
	size_t       n_rules;
	char        *fm_team; /* front matter `team`, or NULL */
	int          fm_year; /* year from `date`/`year`/`created`, or 0 */
} audit_summary;

/* audit_summary_from_result fills s (zeroed first) from res; false when
 * out of memory (s is then freed). */
bool audit_summary_from_result(audit_summary *s, const rl_result *res);
/* audit_summary_copy deep-copies src into dst; false when out of memory. */
bool audit_summary_copy(audit_summary *dst, const audit_summary *src);
void audit_summary_free(audit_summary *s);
/* audit_summary_findings is the number of findings of every level. */
uint32_t audit_summary_findings(const audit_summary *s);

/* audit_year_in returns the first run of exactly four digits in s whose
 * value lies in [lo, hi], or 0. */
int audit_year_in(const char *s, int lo, int hi);
/* audit_path_year returns a year from 1990 to 2099 that path names as a
 * whole folder or file name ("2019/", "2019.md") or as the start of a
 * date ("2019-03-12-launch.md", "notes_2019_11.md"), or 0.  A number that
 * merely looks like a year ("2005-match-ergonomics.md", RFC 2005) is not
 * one. */
int audit_path_year(const char *path);

/* ------------------------------------------------------------------------
 * The documents of one run
 * ------------------------------------------------------------------------ */

typedef enum audit_state {
	AUDIT_PENDING = 0, /* to be reviewed */
	AUDIT_CACHED,   /* summary taken from the cache */
	AUDIT_REVIEWED, /* reviewed in this run */
	AUDIT_FAILED,   /* unreadable, or the review failed: see error */
} audit_state;

typedef struct audit_doc {
	char       *path;      /* as walked, shown in every output; owned */
	char       *abspath;   /* the cache key; owned */
	const char *rel;       /* path below its PATH argument (into path);
	                          the path itself when PATH is the file */
	bool          in_dir;  /* found by walking a PATH that is a folder */
	bool          stat_ok; /* size and mtime are known */
	uint64_t      size;
	int64_t       mtime_s;
	long          mtime_ns;
	audit_state   state;
	audit_summary sum;   /* CACHED, REVIEWED */
	char         *error; /* FAILED: the message for stderr; owned */
	char         *team;  /* derived (audit_doc_derive); owned */
	int           year;
	int           status; /* the exit status this document asks for */
} audit_doc;

/* audit_doc_derive sets d->team and d->year from the summary's front
 * matter, then d->rel, then d->mtime_s (the rules the README states);
 * false when out of memory. */
bool audit_doc_derive(audit_doc *d);
void audit_doc_free(audit_doc *d);

/* audit_summary_status is the exit status a document with summary s
 * asks for: CLI_EXIT_FINDINGS for the verdict fail or an error-level
 * finding, else CLI_EXIT_OK. */
int audit_summary_status(const audit_summary *s);

/* ------------------------------------------------------------------------
 * Reviewing (audit_run.c)
 * ------------------------------------------------------------------------ */

/* What to review.  Everything is borrowed by audit_review. */
typedef struct audit_run {
	rl_packset   *ps;
	audit_doc    *docs;
	const size_t *todo; /* indexes into docs of those to review */
	size_t        n_todo;
	size_t        n_cached; /* shown in the progress line */
	bool          progress; /* draw a progress line on stderr */
} audit_run;

/*
 * audit_review reviews the documents run->todo names with n_jobs threads
 * (fewer if there are fewer documents), one scanner each from e.  Each
 * document's state, summary, error message and status are set; nothing is
 * printed but the progress line.  Returns false when no thread could
 * start or a scanner could not be made.
 */
bool audit_review(rl_engine *e, const audit_run *run, size_t n_jobs);

/* audit_strf returns a heap string formatted as by printf (the caller
 * frees it), or NULL when out of memory. */
char *audit_strf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* ------------------------------------------------------------------------
 * The cache (audit_cache.c)
 * ------------------------------------------------------------------------ */

typedef struct audit_cache audit_cache;

/*
 * audit_cache_load reads the cache file at path into *out (owned by the
 * caller, audit_cache_free).  A missing file gives an empty cache; one
 * that is not a valid cache of this version is ignored with a warning on
 * stderr ("PATH:LINE: reason"), also giving an empty cache.  Returns false
 * only when out of memory.
 */
bool audit_cache_load(const char *path, audit_cache **out);
void audit_cache_free(audit_cache *c);

/* audit_cache_find returns the summary kept for the document at abspath
 * with this size and mtime, reviewed with the packs packs_key names, or
 * NULL.  Borrowed from c. */
const audit_summary *audit_cache_find(const audit_cache *c, const char *abspath,
    const char *packs_key, uint64_t size, int64_t mtime_s, long mtime_ns);

/*
 * audit_cache_save writes c's entries, with those of docs (CACHED or
 * REVIEWED, without rule errors) under packs_key replacing any for the
 * same document and packs, to path: a temporary file in the same folder
 * renamed over it, the folder made if missing.  On failure returns false
 * with the reason in why.
 */
bool audit_cache_save(const audit_cache *c, const char *path,
    const char *packs_key, const audit_doc *docs, size_t n, char *why,
    size_t whysize);

/* ------------------------------------------------------------------------
 * Statistics and reports (audit_stats.c, audit_report.c)
 * ------------------------------------------------------------------------ */

/* Score buckets of the distribution: [lo, hi]. */
#define AUDIT_N_BUCKETS 4
extern const int audit_bucket_lo[AUDIT_N_BUCKETS];
extern const int audit_bucket_hi[AUDIT_N_BUCKETS];

/* Documents sharing a team or a year. */
typedef struct audit_group {
	char  *key; /* the team, or the year in decimal; owned */
	size_t n, n_fail;
	size_t verdicts[3];
	double median, mean;
	int    min, max;
} audit_group;

/* A rule over the whole archive. */
typedef struct audit_rule_total {
	const char *rule; /* borrowed from a document's summary */
	uint64_t    findings;
	size_t      docs;
} audit_rule_total;

typedef struct audit_stats {
	size_t            n_docs;      /* documents with a summary */
	size_t            n_reviewed;  /* of them, reviewed in this run */
	size_t            n_cached;    /* of them, from the cache */
	size_t            n_failed;    /* unreadable or not reviewed */
	size_t            verdicts[3]; /* by rl_verdict */
	size_t            buckets[AUDIT_N_BUCKETS];
	int               min, max;
	double            mean, median;
	uint64_t          n_findings;
	audit_rule_total *rules; /* most findings first, then by id */
	size_t            n_rules;
	audit_group      *teams; /* by name */
	size_t            n_teams;
	audit_group      *years; /* oldest first */
	size_t            n_years;
	const char      **cats; /* category names, in first-seen order */
	size_t            n_cats;
} audit_stats;

/* audit_stats_build computes st (zeroed first) over docs (sorted by
 * path); borrows strings from docs.  False when out of memory. */
bool audit_stats_build(audit_stats *st, const audit_doc *docs, size_t n);
void audit_stats_free(audit_stats *st);

/* audit_print_summary writes the plain-text summary to f; color adds
 * ANSI emphasis. */
void audit_print_summary(FILE *f, const audit_stats *st, bool color);

/* audit_write_csv / audit_write_html write the reports to f; false on a
 * write error or when out of memory. */
bool audit_write_csv(
    FILE *f, const audit_stats *st, const audit_doc *docs, size_t n);
bool audit_write_html(FILE *f, const audit_stats *st, const audit_doc *docs,
    size_t n, const char *packs_desc);

#endif /* REDLINE_AUDIT_H */

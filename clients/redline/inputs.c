/*
 * inputs.c - turning command-line paths into a deterministic list of
 * documents, and reading each one into memory.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"

static const char *const reviewable_ext[] = { ".md", ".markdown", ".txt" };

bool
cli_is_reviewable(const rl_engine *e, const char *name)
{
	size_t n = strlen(name);

	if (e != NULL && name[0] != '.' && rl_engine_reviewable(e, name))
		return true;

	for (size_t i = 0; i < sizeof reviewable_ext / sizeof *reviewable_ext;
	     i++) {
		size_t m = strlen(reviewable_ext[i]);

		/* ".md" alone is a hidden file, not a document. */
		if (n > m && strcasecmp(name + n - m, reviewable_ext[i]) == 0)
			return true;
	}
	return false;
}

static bool
inputs_add(cli_inputs *in, const char *path, bool is_stdin)
{
	char *copy;

	if (in->n == in->cap) {
		size_t     cap   = in->cap ? in->cap * 2 : 16;
		cli_input *items = realloc(in->items, cap * sizeof *items);

		if (items == NULL)
			return false;
		in->items = items;
		in->cap   = cap;
	}
	if ((copy = strdup(path)) == NULL)
		return false;
	in->items[in->n].path     = copy;
	in->items[in->n].is_stdin = is_stdin;
	in->n++;
	return true;
}

void
cli_inputs_free(cli_inputs *in)
{
	for (size_t i = 0; i < in->n; i++)
		free(in->items[i].path);
	free(in->items);
	memset(in, 0, sizeof *in);
}

static int
cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static char *
path_join(const char *dir, const char *name)
{
	size_t dl  = strlen(dir);
	size_t nl  = strlen(name);
	bool   sep = dl > 0 && dir[dl - 1] != '/';
	char  *p   = malloc(dl + sep + nl + 1);

	if (p == NULL)
		return NULL;
	memcpy(p, dir, dl);
	if (sep)
		p[dl] = '/';
	memcpy(p + dl + sep, name, nl + 1);
	return p;
}

/* walk_dir adds the reviewable files under dir in sorted order.  Returns
 * false only when out of memory. */
static bool
walk_dir(const rl_engine *e, const char *prog, const char *dir, cli_inputs *out,
    int *status)
{
	DIR           *d;
	struct dirent *ent;
	char         **names = NULL;
	size_t         n = 0, cap = 0;
	bool           ok = false;

	if ((d = opendir(dir)) == NULL) {
		fprintf(stderr, "%s: %s: %s\n", prog, dir, strerror(errno));
		cli_status_raise(status, CLI_EXIT_ERROR);
		return true;
	}
	while ((ent = readdir(d)) != NULL) {
		if (ent->d_name[0] == '.')
			continue; /* ".", "..", and hidden entries */
		if (n == cap) {
			size_t cap2 = cap ? cap * 2 : 32;
			char **nn   = realloc(names, cap2 * sizeof *nn);

			if (nn == NULL)
				goto fail;
			names = nn;
			cap   = cap2;
		}
		if ((names[n] = strdup(ent->d_name)) == NULL)
			goto fail;
		n++;
	}
	if (n > 1) /* names is NULL in an empty folder */
		qsort(names, n, sizeof *names, cmp_names);

	for (size_t i = 0; i < n; i++) {
		struct stat st;
		char       *p = path_join(dir, names[i]);

		if (p == NULL)
			goto fail;
		if (lstat(p, &st) != 0) {
			fprintf(
			    stderr, "%s: %s: %s\n", prog, p, strerror(errno));
			cli_status_raise(status, CLI_EXIT_ERROR);
		} else if (S_ISDIR(st.st_mode)) {
			if (!walk_dir(e, prog, p, out, status)) {
				free(p);
				goto fail;
			}
		} else if (cli_is_reviewable(e, names[i])) {
			/* Regular files, and links that lead to one. */
			bool is_file = S_ISREG(st.st_mode) ||
			    (S_ISLNK(st.st_mode) && stat(p, &st) == 0 &&
			        S_ISREG(st.st_mode));

			if (is_file && !inputs_add(out, p, false)) {
				free(p);
				goto fail;
			}
		}
		free(p);
	}
	ok = true;
fail:
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
	closedir(d);
	return ok;
}

bool
cli_inputs_collect(const rl_engine *e, const char *prog, char *const *paths,
    size_t n, cli_inputs *out, int *status)
{
	for (size_t i = 0; i < n; i++) {
		struct stat st;

		if (strcmp(paths[i], "-") == 0) {
			if (!inputs_add(out, "-", true))
				return false;
			continue;
		}
		if (stat(paths[i], &st) != 0) {
			fprintf(stderr, "%s: %s: %s\n", prog, paths[i],
			    strerror(errno));
			cli_status_raise(status, CLI_EXIT_ERROR);
			continue;
		}
		if (S_ISDIR(st.st_mode)) {
			if (!walk_dir(e, prog, paths[i], out, status))
				return false;
		} else if (!inputs_add(out, paths[i], false)) {
			return false;
		}
	}
	return true;
}

/* read_fd reads fd to its end into a heap buffer (NUL-terminated for the
 * convenience of callers; len excludes the NUL). */
static bool
read_fd(int fd, char **data, size_t *len, char *why, size_t whysize)
{
	struct stat st;
	size_t      cap = 64 * 1024, n = 0;
	char       *buf;

	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0 &&
	    (uintmax_t)st.st_size < SIZE_MAX - 1)
		cap = (size_t)st.st_size + 1;
	if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
		snprintf(why, whysize, "%s", strerror(EISDIR));
		return false;
	}
	if ((buf = malloc(cap)) == NULL)
		goto nomem;
	for (;;) {
		ssize_t r;

		if (n + 1 >= cap) {
			char *nb;

			if (cap > SIZE_MAX / 2)
				goto nomem_buf;
			if ((nb = realloc(buf, cap * 2)) == NULL)
				goto nomem_buf;
			buf = nb;
			cap *= 2;
		}
		r = read(fd, buf + n, cap - n - 1);
		if (r == 0)
			break;
		if (r < 0) {
			if (errno == EINTR)
				continue;
			snprintf(why, whysize, "%s", strerror(errno));
			free(buf);
			return false;
		}
		n += (size_t)r;
	}
	buf[n] = '\0';
	*data  = buf;
	*len   = n;
	return true;
nomem_buf:
	free(buf);
nomem:
	snprintf(why, whysize, "%s", strerror(ENOMEM));
	return false;
}

bool
cli_read_input(
    const cli_input *in, char **data, size_t *len, char *why, size_t whysize)
{
	int  fd;
	bool ok;

	if (in->is_stdin)
		return read_fd(STDIN_FILENO, data, len, why, whysize);
	if ((fd = open(in->path, O_RDONLY | O_CLOEXEC)) < 0) {
		snprintf(why, whysize, "%s", strerror(errno));
		return false;
	}
	ok = read_fd(fd, data, len, why, whysize);
	close(fd);
	return ok;
}

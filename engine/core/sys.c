/*
 * sys.c - the few operating-system services the engine uses: a monotonic
 * clock and reading a whole file.
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "core/core.h"

uint64_t
rl__now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

rl_err
rl__read_file(
    const char *path, size_t max, char **data, size_t *len, rl_diag *diag)
{
	struct stat st;
	char       *buf = NULL, *nb;
	size_t      cap, n = 0;
	ssize_t     r;
	rl_err      err;
	int         fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return rl__diag_set(diag, errno == ENOENT ? RL_ENOENT : RL_EIO,
		    path, 0, 0, "cannot open: %s", strerror(errno));
	if (fstat(fd, &st) != 0) {
		err = rl__diag_set(diag, RL_EIO, path, 0, 0, "cannot stat: %s",
		    strerror(errno));
		goto fail;
	}
	if (S_ISDIR(st.st_mode)) {
		err = rl__diag_set(
		    diag, RL_EIO, path, 0, 0, "is a directory, not a file");
		goto fail;
	}
	if (max && S_ISREG(st.st_mode) && (uint64_t)st.st_size > max) {
		err = rl__diag_set(diag, RL_ETOOBIG, path, 0, 0,
		    "file is larger than %zu bytes", max);
		goto fail;
	}
	/* st_size is a hint only: pipes and /proc files report 0. */
	cap = S_ISREG(st.st_mode) && st.st_size > 0 ? (size_t)st.st_size + 1
	                                            : 4096;
	buf = rl__alloc(cap);
	if (!buf) {
		err = rl__diag_set(diag, RL_ENOMEM, path, 0, 0,
		    "out of memory reading the file");
		goto fail;
	}
	for (;;) {
		if (max && n > max) {
			err = rl__diag_set(diag, RL_ETOOBIG, path, 0, 0,
			    "file is larger than %zu bytes", max);
			goto fail;
		}
		if (n + 1 >= cap) {
			/* Full: probe for EOF before growing, so a file whose
			 * size was known is read without a second buffer. */
			char probe;

			r = read(fd, &probe, 1);
			if (r == 0)
				break;
			if (r < 0) {
				if (errno == EINTR)
					continue;
				err = rl__diag_set(diag, RL_EIO, path, 0, 0,
				    "cannot read: %s", strerror(errno));
				goto fail;
			}
			if (cap > SIZE_MAX / 2) {
				err = rl__diag_set(diag, RL_ETOOBIG, path, 0, 0,
				    "file too large");
				goto fail;
			}
			nb = rl__realloc(buf, cap * 2);
			if (!nb) {
				err = rl__diag_set(diag, RL_ENOMEM, path, 0, 0,
				    "out of memory reading the file");
				goto fail;
			}
			buf = nb;
			cap *= 2;
			buf[n++] = probe;
			continue;
		}
		r = read(fd, buf + n, cap - n - 1);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			err = rl__diag_set(diag, RL_EIO, path, 0, 0,
			    "cannot read: %s", strerror(errno));
			goto fail;
		}
		if (r == 0)
			break;
		n += (size_t)r;
	}
	if (max && n > max) {
		err = rl__diag_set(diag, RL_ETOOBIG, path, 0, 0,
		    "file is larger than %zu bytes", max);
		goto fail;
	}
	close(fd);
	buf[n] = '\0';
	*data  = buf;
	*len   = n;
	return RL_OK;

fail:
	rl__free(buf);
	close(fd);
	return err;
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (c) 2026 The tui-chat authors. */
/* Replay a fuzz target's corpus without libFuzzer, so every make check
 * (plain and sanitizer builds) reruns past findings: one TAP line for each
 * crash-* reproducer, one for all the seeds together. A failing input
 * aborts; the "# name" comment before it in the log says which one. */

#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "xmalloc.h"

#ifndef FUZZ_CORPUS
#error "FUZZ_CORPUS must name the corpus directory under top_srcdir"
#endif

static int	replay_file(const char *, uint8_t **, size_t *);
static bool	replay_is_crash(const char *);
static bool	replay_one(const char *, const char *, size_t *);
static int	replay_dir(const char *, int *);
static int	replay_skip(const struct dirent *);

/* Read a whole file into a buffer of exactly its size (ASan sees overruns). */
static int
replay_file(const char *path, uint8_t **data, size_t *size)
{
	FILE		*f;
	struct stat	 sb;

	*data = NULL;
	if ((f = fopen(path, "rb")) == NULL)
		return (-1);
	if (fstat(fileno(f), &sb) != 0 || sb.st_size < 0)
		goto fail;
	*size = (size_t)sb.st_size;
	*data = xmalloc(*size == 0 ? 1 : *size);
	if (*size != 0 && fread(*data, 1, *size, f) != *size)
		goto fail;
	fclose(f);
	return (0);
fail:
	free(*data);
	*data = NULL;
	fclose(f);
	return (-1);
}

/* Hidden files and editor leftovers are not inputs. */
static int
replay_skip(const struct dirent *d)
{
	return (d->d_name[0] != '.');
}

/* Whether a corpus file reproduces a past finding. */
static bool
replay_is_crash(const char *name)
{
	return (strncmp(name, "crash-", 6) == 0);
}

/* Run one file; false if it cannot be read (a finding aborts instead). */
static bool
replay_one(const char *dir, const char *name, size_t *bytes)
{
	uint8_t	*data;
	size_t	 size;
	char	*path;
	bool	 ok;

	xasprintf(&path, "%s/%s", dir, name);
	printf("# %s\n", name);
	fflush(stdout);
	if ((ok = replay_file(path, &data, &size) == 0)) {
		LLVMFuzzerTestOneInput(data, size);
		*bytes += size;
	} else
		printf("# %s: %s\n", path, strerror(errno));
	free(data);
	free(path);
	return (ok);
}

/* Run every file of dir through the target, in name order. */
static int
replay_dir(const char *dir, int *failed)
{
	struct dirent	**names;
	size_t		  bytes = 0;
	int		  i, n, ncrash = 0, nseed = 0, t = 0, bad = 0;

	if ((n = scandir(dir, &names, replay_skip, alphasort)) == -1) {
		printf("1..1\nnot ok 1 - read corpus %s: %s\n", dir,
		    strerror(errno));
		return (-1);
	}
	for (i = 0; i < n; i++)
		ncrash += replay_is_crash(names[i]->d_name);
	printf("1..%d\n", ncrash + 1);
	for (i = 0; i < n; i++) {
		if (!replay_is_crash(names[i]->d_name))
			continue;
		bytes = 0;
		if (replay_one(dir, names[i]->d_name, &bytes))
			printf("ok %d - %s (%zu bytes)\n", ++t,
			    names[i]->d_name, bytes);
		else {
			printf("not ok %d - %s\n", ++t, names[i]->d_name);
			(*failed)++;
		}
	}
	bytes = 0;
	for (i = 0; i < n; i++) {
		if (!replay_is_crash(names[i]->d_name)) {
			nseed++;
			bad += !replay_one(dir, names[i]->d_name, &bytes);
		}
		free(names[i]);
	}
	free(names);
	printf("%s %d - %d seed inputs (%zu bytes) of %s\n",
	    bad == 0 && nseed > 0 ? "ok" : "not ok", ++t, nseed, bytes, dir);
	*failed += bad != 0 || nseed == 0;
	return (0);
}

/* Replay the named directory, or the target's corpus under $top_srcdir. */
int
main(int argc, char **argv)
{
	const char	*top;
	char		*dir;
	int		 failed = 0, status;

	if (argc > 1)
		dir = xstrdup(argv[1]);
	else {
		if ((top = getenv("top_srcdir")) == NULL)
			top = ".";
		xasprintf(&dir, "%s/%s", top, FUZZ_CORPUS);
	}
	status = replay_dir(dir, &failed);
	free(dir);
	return (status == 0 && failed == 0 ? 0 : 1);
}

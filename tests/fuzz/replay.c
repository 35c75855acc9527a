/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (c) 2026 The tui-chat authors. */
/* Replay a fuzz target's corpus without libFuzzer, one TAP line per input,
 * so every make check (plain and sanitizer builds) reruns past findings. */

#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "xmalloc.h"

#ifndef FUZZ_CORPUS
#error "FUZZ_CORPUS must name the corpus directory under top_srcdir"
#endif

static int	replay_file(const char *, uint8_t **, size_t *);
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

/* Run every file of dir through the target, in name order. */
static int
replay_dir(const char *dir, int *failed)
{
	struct dirent	**names;
	uint8_t		 *data;
	size_t		  size;
	char		 *path;
	int		  i, n;

	if ((n = scandir(dir, &names, replay_skip, alphasort)) == -1) {
		printf("1..1\nnot ok 1 - read corpus %s: %s\n", dir,
		    strerror(errno));
		return (-1);
	}
	printf("1..%d\n", n);
	for (i = 0; i < n; i++) {
		xasprintf(&path, "%s/%s", dir, names[i]->d_name);
		if (replay_file(path, &data, &size) != 0) {
			printf("not ok %d - %s: %s\n", i + 1, names[i]->d_name,
			    strerror(errno));
			(*failed)++;
		} else {
			/* A finding aborts here, and the TAP plan stays short. */
			fflush(stdout);
			LLVMFuzzerTestOneInput(data, size);
			printf("ok %d - %s (%zu bytes)\n", i + 1,
			    names[i]->d_name, size);
		}
		free(data);
		free(path);
		free(names[i]);
	}
	free(names);
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

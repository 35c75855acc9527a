/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (c) 2026 The tui-chat authors. */
/* What every fuzz target shares: the libFuzzer entry point and a check
 * that aborts, so libFuzzer and the corpus replay both see a crash. */
#ifndef FUZZ_H
#define FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* The harness's own checks are not code under test: no coverage for
 * them (it would only slow every input down). Clang only. */
#ifdef __clang__
#define FUZZ_HARNESS	__attribute__((no_sanitize("coverage")))
#else
#define FUZZ_HARNESS
#endif

/* An invariant of the code under test; a false one is a finding. */
#define FUZZ_CHECK(cond) do {						\
	if (!(cond)) {							\
		fprintf(stderr, "%s:%d: check failed: %s\n",		\
		    __FILE__, __LINE__, #cond);				\
		abort();						\
	}								\
} while (0)

#endif

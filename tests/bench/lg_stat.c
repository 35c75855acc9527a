/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (c) 2026 The tui-chat authors. */
/* loadgen: clocks, a log-linear latency histogram, and /proc figures. */

#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "lg.h"

static int	lg_hist_bucket(uint64_t);
static uint64_t	lg_hist_value(int);
static int	lg_proc_stat_cpu(pid_t, uint64_t *, uint64_t *);

/* Monotonic time in nanoseconds. */
uint64_t
lg_now(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

/* Exact below 1024, then 512 buckets per power of two (0.2% error). */
static int
lg_hist_bucket(uint64_t v)
{
	int	k;

	if (v < 1024)
		return (int)v;
	k = 63 - __builtin_clzll(v) - 9;
	if (k > 32)
		return LG_HIST_SIZE - 1;
	return 1024 + (k - 1) * 512 + (int)((v >> k) - 512);
}

/* The lower bound of bucket i. */
static uint64_t
lg_hist_value(int i)
{
	int	k;

	if (i < 1024)
		return (uint64_t)i;
	k = (i - 1024) / 512 + 1;
	return (uint64_t)((i - 1024) % 512 + 512) << k;
}

/* Count one sample. */
void
lg_hist_add(struct lg_hist *h, uint64_t v)
{
	h->b[lg_hist_bucket(v)]++;
	h->n++;
	if (v > h->max)
		h->max = v;
}

/* The value below which a fraction p of the samples lie. */
double
lg_hist_pct(const struct lg_hist *h, double p)
{
	uint64_t	want, seen = 0;
	int		i;

	if (h->n == 0)
		return 0;
	want = (uint64_t)(p * (double)h->n);
	if (want >= h->n)
		want = h->n - 1;
	for (i = 0; i < LG_HIST_SIZE; i++) {
		seen += h->b[i];
		if (seen > want)
			return (double)lg_hist_value(i);
	}
	return (double)h->max;
}

/* CPU time of pid (0: ourselves) in ns, and the time it was runnable but
 * waited for a CPU (other processes had it), from /proc/PID/schedstat. */
int
lg_proc_cpu(pid_t pid, uint64_t *ns, uint64_t *wait)
{
	char		 path[64];
	FILE		*f;
	int		 n;

	if (pid == 0)
		snprintf(path, sizeof path, "/proc/self/schedstat");
	else
		snprintf(path, sizeof path, "/proc/%ld/schedstat", (long)pid);
	if ((f = fopen(path, "r")) == NULL)
		return lg_proc_stat_cpu(pid, ns, wait);
	n = fscanf(f, "%" SCNu64 " %" SCNu64, ns, wait);
	fclose(f);
	return n == 2 ? 0 : lg_proc_stat_cpu(pid, ns, wait);
}

/* Without schedstat: utime + stime from /proc/PID/stat, in clock ticks
 * (fields 14 and 15, after the parenthesised command name). */
static int
lg_proc_stat_cpu(pid_t pid, uint64_t *ns, uint64_t *wait)
{
	char		 path[64], buf[1024], *p;
	FILE		*f;
	unsigned long	 ut, st;
	long		 hz = sysconf(_SC_CLK_TCK);
	size_t		 n;

	if (pid == 0)
		snprintf(path, sizeof path, "/proc/self/stat");
	else
		snprintf(path, sizeof path, "/proc/%ld/stat", (long)pid);
	if ((f = fopen(path, "r")) == NULL)
		return -1;
	n = fread(buf, 1, sizeof buf - 1, f);
	fclose(f);
	buf[n] = '\0';
	if ((p = strrchr(buf, ')')) == NULL || hz <= 0 ||
	    sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %lu %lu",
	    &ut, &st) != 2)
		return -1;
	*ns = (uint64_t)(ut + st) * (1000000000ULL / (uint64_t)hz);
	*wait = 0;
	return 0;
}

/* Resident set size of pid in kB from /proc/PID/status, -1 if unknown. */
long
lg_proc_rss(pid_t pid)
{
	char		 path[64], line[256];
	FILE		*f;
	long		 kb = -1;

	snprintf(path, sizeof path, "/proc/%ld/status", (long)pid);
	if ((f = fopen(path, "r")) == NULL)
		return -1;
	while (fgets(line, sizeof line, f) != NULL) {
		if (strncmp(line, "VmRSS:", 6) == 0) {
			if (sscanf(line + 6, "%ld", &kb) != 1)
				kb = -1;
			break;
		}
	}
	fclose(f);
	return kb;
}

/* Busy and total jiffies of CPU core cpu from /proc/stat. */
int
lg_proc_core(int cpu, uint64_t *busy, uint64_t *total)
{
	char		 line[512], name[16];
	FILE		*f;
	uint64_t	 v[8];
	int		 i, found = -1;

	snprintf(name, sizeof name, "cpu%d ", cpu);
	if ((f = fopen("/proc/stat", "r")) == NULL)
		return -1;
	while (fgets(line, sizeof line, f) != NULL) {
		if (strncmp(line, name, strlen(name)) != 0)
			continue;
		if (sscanf(line + strlen(name), "%" SCNu64 " %" SCNu64 " %"
		    SCNu64 " %" SCNu64 " %" SCNu64 " %" SCNu64 " %" SCNu64
		    " %" SCNu64, &v[0], &v[1], &v[2], &v[3], &v[4], &v[5],
		    &v[6], &v[7]) != 8)
			break;
		*total = 0;
		for (i = 0; i < 8; i++)
			*total += v[i];
		*busy = *total - v[3] - v[4];	/* minus idle and iowait */
		found = 0;
		break;
	}
	fclose(f);
	return found;
}

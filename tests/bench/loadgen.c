/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (c) 2026 The tui-chat authors. */
/* loadgen: an IRC (or Redis pub/sub) load generator for tests/bench. It
 * drives one scenario through its phases (register, join, traffic, drain)
 * and prints one line of key=value figures; exit 0 only if every delivery
 * was checked correct and every client got in. */

#include <sys/resource.h>

#include <err.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <event2/event.h>

#include "lg.h"
#include "xmalloc.h"

static void	lg_usage(void) __attribute__((__noreturn__));
static void	lg_options(struct lg_opts *, int, char **);
static void	lg_setup(struct lg *);
static void	lg_start_more(struct lg *);
static void	lg_phase(struct lg *, enum lg_phase);
static void	lg_tick_cb(evutil_socket_t, short, void *);
static void	lg_tick_phase(struct lg *, uint64_t);
static void	lg_snapshot(struct lg *, int);
static void	lg_check_reg(struct lg *);
static void	lg_check_join(struct lg *);
static double	lg_core_busy(struct lg *, int);
static bool	lg_report(struct lg *);

static const char *lg_phase_names[] = {
	"register", "join", "warmup", "run", "drain", "settle", "done"
};

static const struct option lg_longopts[] = {
	{ "host", required_argument, NULL, 'H' },
	{ "port", required_argument, NULL, 'p' },
	{ "proto", required_argument, NULL, 'P' },
	{ "scenario", required_argument, NULL, 's' },
	{ "clients", required_argument, NULL, 'c' },
	{ "rooms", required_argument, NULL, 'r' },
	{ "window", required_argument, NULL, 'w' },
	{ "msglen", required_argument, NULL, 'm' },
	{ "rate", required_argument, NULL, 'R' },
	{ "duration", required_argument, NULL, 'd' },
	{ "warmup", required_argument, NULL, 'W' },
	{ "settle", required_argument, NULL, 'S' },
	{ "timeout", required_argument, NULL, 't' },
	{ "conc", required_argument, NULL, 'C' },
	{ "server-pid", required_argument, NULL, 'i' },
	{ "sources", required_argument, NULL, 'a' },
	{ "verbose", no_argument, NULL, 'v' },
	{ "tls", no_argument, NULL, 'T' },
	{ NULL, 0, NULL, 0 }
};

static void
lg_usage(void)
{
	fprintf(stderr, "usage: loadgen --port PORT[,PORT...] [--host ADDR] "
	    "[--proto irc|resp]\n"
	    "\t[--scenario fanout|latency|idle|connect] [--clients N] "
	    "[--rooms N]\n"
	    "\t[--window N] [--msglen N] [--rate MSG/S] [--duration S] "
	    "[--warmup S]\n"
	    "\t[--settle S] [--timeout S] [--conc N] [--server-pid PID]... "
	    "[--sources N]\n\t[--tls] [--verbose]\n");
	exit(2);
}

/* Parse a number option or exit with usage. */
static double
lg_num(const char *s, double min, double max)
{
	char	*end;
	double	 v;

	v = strtod(s, &end);
	if (*s == '\0' || *end != '\0' || v < min || v > max)
		errx(2, "bad number: %s", s);
	return v;
}

/* --port P1[,P2...]: the servers' ports, clients spread over them
 * (client i to port i % n: every room has members on each). */
static void
lg_ports(struct lg_opts *o, char *arg)
{
	char	*p;

	o->nports = 0;
	while ((p = strsep(&arg, ",")) != NULL) {
		if (o->nports == LG_PORTS_MAX)
			errx(2, "too many ports");
		o->ports[o->nports++] = (int)lg_num(p, 1, 65535);
	}
}

/* The servers' CPU time and wait, summed over --server-pid; each one's
 * CPU into each[]. */
static int
lg_servers_cpu(struct lg *lg, uint64_t *cpu, uint64_t *wait, uint64_t *each)
{
	uint64_t	c, w;
	int		i;

	*cpu = *wait = 0;
	for (i = 0; i < lg->o.npids; i++) {
		if (lg_proc_cpu(lg->o.server_pids[i], &c, &w) == -1)
			return (-1);
		each[i] = c;
		*cpu += c;
		*wait += w;
	}
	return (0);
}

/* With several servers: "server_cpus=A,B,..." (cores each), else "". */
static void
lg_report_each(struct lg *lg, double mt, char *buf, size_t size)
{
	size_t	len;
	int	i;

	buf[0] = '\0';
	if (lg->o.npids < 2 || mt <= 0)
		return;
	strlcpy(buf, " server_cpus=", size);
	for (i = 0; i < lg->o.npids; i++) {
		len = strlen(buf);
		snprintf(buf + len, size - len, "%s%.3f", i > 0 ? "," : "",
		    (double)(lg->m_pcpu1[i] - lg->m_pcpu0[i]) / 1e9 / mt);
	}
}

static void
lg_options(struct lg_opts *o, int argc, char **argv)
{
	int	ch;

	memset(o, 0, sizeof *o);
	o->host = "127.0.0.1";
	o->clients = 1000;
	o->rooms = 10;
	o->window = 128;
	o->msglen = 64;
	o->rate = 200;
	o->duration = 5;
	o->warmup = 1;
	o->settle = 1;
	o->timeout = 60;
	o->conc = 200;
	while ((ch = getopt_long(argc, argv, "", lg_longopts, NULL)) != -1) {
		switch (ch) {
		case 'H': o->host = optarg; break;
		case 'p': lg_ports(o, optarg); break;
		case 'P':
			if (strcmp(optarg, "irc") == 0)
				o->proto = LG_IRC;
			else if (strcmp(optarg, "resp") == 0)
				o->proto = LG_RESP;
			else
				lg_usage();
			break;
		case 's':
			if (strcmp(optarg, "fanout") == 0)
				o->scenario = LG_FANOUT;
			else if (strcmp(optarg, "latency") == 0)
				o->scenario = LG_LATENCY;
			else if (strcmp(optarg, "idle") == 0)
				o->scenario = LG_IDLE;
			else if (strcmp(optarg, "connect") == 0)
				o->scenario = LG_CONNECT;
			else
				lg_usage();
			break;
		case 'c': o->clients = (int)lg_num(optarg, 1, 1000000); break;
		case 'r': o->rooms = (int)lg_num(optarg, 1, 99999); break;
		case 'w': o->window = (int)lg_num(optarg, 1, 65535); break;
		case 'm':
			o->msglen = (int)lg_num(optarg, LG_PAYLOAD_MIN, 400);
			break;
		case 'R': o->rate = lg_num(optarg, 0.1, 1e7); break;
		case 'd': o->duration = lg_num(optarg, 0, 3600); break;
		case 'W': o->warmup = lg_num(optarg, 0, 3600); break;
		case 'S': o->settle = lg_num(optarg, 0, 3600); break;
		case 't': o->timeout = lg_num(optarg, 0.1, 3600); break;
		case 'C': o->conc = (int)lg_num(optarg, 1, 1000000); break;
		case 'i':
			if (o->npids == LG_PIDS_MAX)
				errx(2, "too many --server-pid");
			o->server_pids[o->npids++] = (pid_t)lg_num(optarg, 1,
			    1e9);
			o->server_pid = o->server_pids[0];
			break;
		case 'a': o->sources = (int)lg_num(optarg, 0, 250); break;
		case 'v': o->verbose = true; break;
		case 'T': o->tls = true; break;
		default: lg_usage();
		}
	}
	if (optind != argc || o->nports == 0)
		lg_usage();
	if (o->sources > 0 && strncmp(o->host, "127.", 4) != 0)
		errx(2, "--sources needs a loopback --host");
	if (o->scenario == LG_IDLE || o->scenario == LG_CONNECT)
		o->rooms = 1;
	if (o->clients / o->rooms < 2)
		errx(2, "need at least two clients per room");
}

/* Give every client its room; the first member of a room is its sender. */
static void
lg_setup(struct lg *lg)
{
	struct lg_opts	*o = &lg->o;
	struct lg_conn	*c;
	int		 i, per = o->clients / o->rooms;
	bool		 traffic;

	traffic = o->scenario == LG_FANOUT || o->scenario == LG_LATENCY;
	if (o->scenario == LG_LATENCY && o->window < 4096)
		o->window = 4096;	/* paced: the window only bounds a stall */
	lg->conns = xcalloc((size_t)o->clients, sizeof *lg->conns);
	lg->nsenders = traffic ? o->rooms : 0;
	lg->senders = xcalloc((size_t)o->rooms, sizeof *lg->senders);
	for (i = 0; i < o->clients; i++) {
		c = &lg->conns[i];
		c->lg = lg;
		c->fd = -1;
		c->idx = i;
		c->sender = -1;
		c->room = o->scenario == LG_CONNECT ? -1 : i / per;
		if (c->room >= o->rooms)
			c->room = -1;	/* the remainder stays in no room */
		if (traffic && c->room >= 0 && i % per == 0) {
			c->sender = c->room;
			lg->senders[c->room].c = c;
			lg->senders[c->room].room = c->room;
			lg->senders[c->room].nrecv = per - 1;
			lg->senders[c->room].ring = xcalloc((size_t)o->window,
			    sizeof *lg->senders[c->room].ring);
		}
	}
}

/* Keep conc registrations in progress; never recurses. */
static void
lg_start_more(struct lg *lg)
{
	static bool	busy;

	if (busy)
		return;
	busy = true;
	while (lg->phase == LG_P_REG && lg->inflight < lg->o.conc &&
	    lg->next_start < lg->o.clients) {
		lg->inflight++;
		if (lg->reg_first == 0)
			lg->reg_first = lg_now();
		lg_conn_start(&lg->conns[lg->next_start++]);
	}
	busy = false;
	lg_check_reg(lg);
}

/* A connection got its 001 (or, for Redis, connected). */
void
lg_registered(struct lg *lg, struct lg_conn *c)
{
	lg->inflight--;
	lg->registered++;
	lg->reg_last = lg_now();
	lg_start_more(lg);
}

/* A connection is in its room. */
void
lg_joined(struct lg *lg, struct lg_conn *c)
{
	lg->joined++;
	lg_check_join(lg);
}

/* A connection failed or was closed; where it was decides what it counts. */
void
lg_failed(struct lg *lg, struct lg_conn *c, const char *why)
{
	if (lg->first_error[0] == '\0')
		snprintf(lg->first_error, sizeof lg->first_error, "conn %d: %s",
		    c->idx, why);
	switch (c->state) {
	case LG_S_NEW:
	case LG_S_CONNECTING:
	case LG_S_REGISTERING:
		lg->failed++;
		lg->inflight--;
		lg_start_more(lg);
		break;
	case LG_S_REGISTERED:
	case LG_S_JOINING:
		lg->failed_join++;
		lg_check_join(lg);
		break;
	default:
		lg->closed++;
		break;
	}
}

/* Everyone registered or failed: go on to joining (or settle). */
static void
lg_check_reg(struct lg *lg)
{
	int	i;

	if (lg->phase != LG_P_REG ||
	    lg->registered + lg->failed < lg->o.clients)
		return;
	lg_snapshot(lg, 1);	/* idle and connect: the registration window */
	if (lg->o.scenario == LG_CONNECT) {
		lg_phase(lg, LG_P_SETTLE);
		return;
	}
	lg_phase(lg, LG_P_JOIN);
	for (i = 0; i < lg->o.clients && lg->phase == LG_P_JOIN; i++) {
		if (lg->conns[i].state == LG_S_REGISTERED)
			lg_conn_join(&lg->conns[i]);
	}
}

/* Everyone joined: start the traffic (or let an idle server settle). */
static void
lg_check_join(struct lg *lg)
{
	int	i;

	if (lg->phase != LG_P_JOIN ||
	    lg->joined + lg->failed_join < lg->registered)
		return;
	if (lg->o.scenario == LG_IDLE) {
		lg_phase(lg, LG_P_SETTLE);
		return;
	}
	lg_phase(lg, LG_P_WARMUP);
	lg->t_traffic = lg_now();
	for (i = 0; i < lg->nsenders; i++)
		lg_traffic_fill(&lg->senders[i], lg->t_traffic);
}

static void
lg_phase(struct lg *lg, enum lg_phase p)
{
	lg->phase = p;
	lg->phase_start = lg_now();
	if (lg->o.verbose)
		fprintf(stderr, "loadgen: %.3f s: %s (registered %d, joined %d,"
		    " failed %d)\n", (double)(lg->phase_start - lg->t0) / 1e9,
		    lg_phase_names[p], lg->registered, lg->joined,
		    lg->failed + lg->failed_join);
	if (p == LG_P_DONE)
		event_base_loopbreak(lg->base);
}

/* Measurement window edges: server CPU, our CPU, deliveries, time. */
static void
lg_snapshot(struct lg *lg, int end)
{
	uint64_t	t = lg_now(), cpu = 0, wait = 0, lcpu = 0, lwait;
	int		i;

	if (lg_servers_cpu(lg, &cpu, &wait, end ? lg->m_pcpu1 :
	    lg->m_pcpu0) == -1)
		cpu = wait = 0;
	if (lg_proc_cpu(0, &lcpu, &lwait) == -1)
		lcpu = 0;
	for (i = 0; i < 2; i++) {
		if (lg_proc_core(i, end ? &lg->m_busy1[i] : &lg->m_busy0[i],
		    end ? &lg->m_tot1[i] : &lg->m_tot0[i]) == -1)
			lg->m_busy0[i] = lg->m_busy1[i] = 0;
	}
	if (!end) {
		lg->m_t0 = t;
		lg->m_del0 = lg->deliveries;
		lg->m_cpu0 = cpu;
		lg->m_wait0 = wait;
		lg->m_lcpu0 = lcpu;
		memset(&lg->lat, 0, sizeof lg->lat);
	} else {
		lg->m_t1 = t;
		lg->m_del1 = lg->deliveries;
		lg->m_cpu1 = cpu;
		lg->m_wait1 = wait;
		lg->m_lcpu1 = lcpu;
	}
}

/* Time-driven phase changes and the bound on every wait. */
static void
lg_tick_phase(struct lg *lg, uint64_t now)
{
	double	in = (double)(now - lg->phase_start) / 1e9;
	double	limit = lg->o.timeout;

	switch (lg->phase) {
	case LG_P_WARMUP:
		if (in >= lg->o.warmup) {
			lg_snapshot(lg, 0);
			lg_phase(lg, LG_P_RUN);
		}
		return;
	case LG_P_RUN:
		if (in >= lg->o.duration) {
			lg_snapshot(lg, 1);
			lg_phase(lg, LG_P_DRAIN);
		}
		return;
	case LG_P_DRAIN:
		if (lg_traffic_drained(lg))
			lg_phase(lg, LG_P_DONE);
		if (limit > 10)
			limit = 10;	/* only a lost message keeps us here */
		break;
	case LG_P_SETTLE:
		if (in >= lg->o.settle) {
			if (lg->o.server_pid != 0)
				lg->rss_after = lg_proc_rss(lg->o.server_pid);
			lg_phase(lg, LG_P_DONE);
		}
		return;
	default:
		break;
	}
	if (lg->phase != LG_P_DONE && in >= limit) {
		lg->timed_out = true;
		fprintf(stderr, "loadgen: timed out in phase %s\n",
		    lg_phase_names[lg->phase]);
		lg_phase(lg, LG_P_DONE);
	}
}

static void
lg_tick_cb(evutil_socket_t fd, short what, void *arg)
{
	struct lg	*lg = arg;
	uint64_t	 now = lg_now();

	if (lg->o.scenario == LG_LATENCY)
		lg_traffic_pace(lg, now);
	lg_tick_phase(lg, now);
}

/* How busy core i was during the measurement, from everyone. */
static double
lg_core_busy(struct lg *lg, int i)
{
	if (lg->m_tot1[i] <= lg->m_tot0[i])
		return 0;
	return (double)(lg->m_busy1[i] - lg->m_busy0[i]) /
	    (double)(lg->m_tot1[i] - lg->m_tot0[i]);
}

/* Print the figures; true if everything checked out. */
static bool
lg_report(struct lg *lg)
{
	struct lg_opts	*o = &lg->o;
	double		 mt = (double)(lg->m_t1 - lg->m_t0) / 1e9;
	double		 regs = (double)(lg->reg_last - lg->reg_first) / 1e9;
	double		 mem = -1;
	uint64_t	 sent = 0;
	char		 each[16 + LG_PIDS_MAX * 12];
	bool		 ok;
	int		 i;

	lg_report_each(lg, mt, each, sizeof each);
	for (i = 0; i < lg->nsenders; i++)
		sent += lg->senders[i].sent;
	if (lg->rss_after > 0 && lg->rss_before > 0)
		mem = (double)(lg->rss_after - lg->rss_before) * 1024.0 /
		    (double)(lg->registered > 0 ? lg->registered : 1);
	ok = !lg->timed_out && lg->failed == 0 && lg->failed_join == 0 &&
	    lg->closed == 0 && lg->lost == 0 && lg->dup == 0 &&
	    lg->foreign == 0 && lg->registered == o->clients;
	if ((o->scenario == LG_FANOUT || o->scenario == LG_LATENCY) &&
	    sent == 0)
		ok = false;
	printf("clients=%d registered=%d failed=%d closed=%d timed_out=%d "
	    "reg_s=%.3f reg_rate=%.0f reg_p99_ms=%.2f reg_max_ms=%.1f "
	    "tcp_max_ms=%.1f tcp_slow=%d "
	    "sent=%llu deliveries=%llu del_rate=%.0f lost=%llu dup=%llu "
	    "foreign=%llu lat_n=%llu lat_p50_ms=%.3f lat_p99_ms=%.3f "
	    "lat_max_ms=%.3f server_cpu=%.3f server_wait=%.3f lg_cpu=%.3f "
	    "rss_before_kb=%ld "
	    "rss_after_kb=%ld mem_per_conn_b=%.0f core0_busy=%.3f "
	    "core1_busy=%.3f%s ok=%d\n",
	    o->clients, lg->registered, lg->failed + lg->failed_join,
	    lg->closed, lg->timed_out, regs,
	    regs > 0 ? lg->registered / regs : 0,
	    lg_hist_pct(&lg->reg, 0.99) / 1e3, (double)lg->reg.max / 1e3,
	    (double)lg->tcp.max / 1e3, lg->tcp_slow,
	    (unsigned long long)sent, (unsigned long long)lg->deliveries,
	    mt > 0 ? (double)(lg->m_del1 - lg->m_del0) / mt : 0,
	    (unsigned long long)lg->lost, (unsigned long long)lg->dup,
	    (unsigned long long)lg->foreign, (unsigned long long)lg->lat.n,
	    lg_hist_pct(&lg->lat, 0.50) / 1e3,
	    lg_hist_pct(&lg->lat, 0.99) / 1e3, (double)lg->lat.max / 1e3,
	    mt > 0 ? (double)(lg->m_cpu1 - lg->m_cpu0) / 1e9 / mt : 0,
	    mt > 0 ? (double)(lg->m_wait1 - lg->m_wait0) / 1e9 / mt : 0,
	    mt > 0 ? (double)(lg->m_lcpu1 - lg->m_lcpu0) / 1e9 / mt : 0,
	    lg->rss_before, lg->rss_after, mem, lg_core_busy(lg, 0),
	    lg_core_busy(lg, 1), each, ok);
	if (!ok && lg->first_error[0] != '\0')
		fprintf(stderr, "loadgen: first error: %s\n", lg->first_error);
	return ok;
}

int
main(int argc, char **argv)
{
	struct lg		 lg;
	struct event_config	*cfg;
	struct timeval		 tv = { 0, 1000 };
	struct rlimit		 rl;
	bool			 ok;
	int			 i;

	memset(&lg, 0, sizeof lg);
	lg_options(&lg.o, argc, argv);
	if (lg.o.tls)
		lg_tls_init();
	/* One descriptor per client: take all the hard limit allows. */
	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
		rl.rlim_cur = rl.rlim_max;
		if (setrlimit(RLIMIT_NOFILE, &rl) == -1)
			warn("setrlimit");
	}
	if ((cfg = event_config_new()) == NULL)
		errx(1, "event_config_new failed");
	/* Millisecond pacing and latency need timerfd precision. */
	event_config_set_flag(cfg, EVENT_BASE_FLAG_PRECISE_TIMER);
	if ((lg.base = event_base_new_with_config(cfg)) == NULL)
		errx(1, "event_base_new failed");
	event_config_free(cfg);
	lg_setup(&lg);
	lg.tick = event_new(lg.base, -1, EV_PERSIST, lg_tick_cb, &lg);
	if (lg.tick == NULL || event_add(lg.tick, &tv) == -1)
		errx(1, "cannot add the tick timer");
	lg.t0 = lg_now();
	if (lg.o.server_pid != 0)
		lg.rss_before = lg_proc_rss(lg.o.server_pid);
	lg_phase(&lg, LG_P_REG);
	lg_snapshot(&lg, 0);
	lg_start_more(&lg);
	if (lg.phase != LG_P_DONE && event_base_dispatch(lg.base) == -1)
		errx(1, "event_base_dispatch failed");
	if (lg.o.scenario == LG_FANOUT || lg.o.scenario == LG_LATENCY)
		lg_traffic_verify(&lg);
	ok = lg_report(&lg);
	for (i = 0; i < lg.o.clients; i++)
		lg_conn_free(&lg.conns[i]);
	for (i = 0; i < lg.nsenders; i++)
		free(lg.senders[i].ring);
	free(lg.senders);
	free(lg.conns);
	event_free(lg.tick);
	event_base_free(lg.base);
	if (lg.o.tls)
		lg_tls_free();
	return ok ? 0 : 1;
}

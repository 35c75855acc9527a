/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (c) 2026 The tui-chat authors. */
/* loadgen: the load generator's shared state, connections and statistics. */
#ifndef LG_H
#define LG_H

#include <sys/types.h>

#include <stdbool.h>
#include <stdint.h>

struct event;
struct event_base;
typedef struct ssl_st SSL;

#define LG_PAYLOAD_MIN	35	/* "LG" + sender(5) + seq(12) + ts(16 hex) */
#define LG_RBUF_SIZE	(256 * 1024)
#define LG_REST_MAX	(16 * 1024)	/* longest partial line we carry */
#define LG_HIST_SIZE	(1024 + 32 * 512)
#define LG_PORTS_MAX	8	/* --port P1,P2,...: clients spread over them */
#define LG_PIDS_MAX	8	/* --server-pid, repeated: CPU summed */

enum lg_proto {
	LG_IRC,
	LG_RESP
};

enum lg_scenario {
	LG_FANOUT,	/* senders saturate a window of messages in flight */
	LG_LATENCY,	/* senders paced at a fixed rate */
	LG_IDLE,	/* register, join one room, sit: memory per connection */
	LG_CONNECT	/* register only, many clients */
};

enum lg_phase {
	LG_P_REG,	/* connecting and registering, conc at a time */
	LG_P_JOIN,	/* joining rooms (IRC JOIN, RESP SUBSCRIBE) */
	LG_P_WARMUP,
	LG_P_RUN,
	LG_P_DRAIN,	/* senders stopped; waiting for the last deliveries */
	LG_P_SETTLE,	/* idle: letting the server's buffers drain */
	LG_P_DONE
};

enum lg_state {
	LG_S_NEW,
	LG_S_CONNECTING,
	LG_S_REGISTERING,
	LG_S_REGISTERED,
	LG_S_JOINING,
	LG_S_READY,
	LG_S_DEAD
};

struct lg_hist {
	uint32_t	 b[LG_HIST_SIZE];
	uint64_t	 n;
	uint64_t	 max;
};

struct lg_conn {
	struct lg	*lg;
	int		 fd;
	int		 idx;
	int		 room;		/* -1: in no room */
	int		 sender;	/* index in lg->senders, -1: none */
	enum lg_state	 state;
	uint64_t	 expect;	/* next sequence number from the room's sender */
	uint64_t	 t_start;	/* when connect() was called (ns) */
	struct event	*ev_r;
	struct event	*ev_w;
	char		*rest;		/* partial line kept between reads */
	size_t		 rest_len;
	char		*out;		/* bytes the socket did not take yet */
	size_t		 out_len;
	size_t		 out_cap;
	SSL		*ssl;		/* --tls: the session */
	bool		 handshaking;
};

struct lg_sender {
	struct lg_conn	*c;
	int		 room;
	int		 nrecv;		/* receivers in the room */
	uint64_t	 sent;		/* next sequence number to send */
	uint64_t	 low;		/* lowest sequence not yet seen by all */
	uint16_t	*ring;		/* receivers that saw seq, by seq % window */
};

struct lg_opts {
	enum lg_proto	 proto;
	enum lg_scenario scenario;
	const char	*host;
	int		 ports[LG_PORTS_MAX];	/* client i: ports[i % nports] */
	int		 nports;
	int		 clients;
	int		 rooms;
	int		 window;
	int		 msglen;
	double		 rate;		/* messages/s per sender (latency) */
	double		 duration;
	double		 warmup;
	double		 settle;
	double		 timeout;	/* bound on every waiting phase */
	int		 conc;		/* registrations in progress at once */
	int		 sources;	/* 127.0.0.2.. source addresses, 0: any */
	pid_t		 server_pid;	/* the first: RSS */
	pid_t		 server_pids[LG_PIDS_MAX];	/* CPU, summed */
	int		 npids;
	bool		 verbose;
	bool		 tls;		/* connect with TLS */
};

struct lg {
	struct lg_opts	 o;
	struct event_base *base;
	struct event	*tick;
	enum lg_phase	 phase;
	uint64_t	 phase_start;
	uint64_t	 t0;		/* start of the run */
	uint64_t	 t_traffic;	/* senders started (ns) */
	int		 failed_join;
	struct lg_conn	*conns;
	struct lg_sender *senders;
	int		 nsenders;
	int		 next_start;	/* next connection to start */
	int		 inflight;	/* started, not yet registered */
	int		 registered;
	int		 joined;
	int		 failed;	/* connect or registration failed */
	int		 closed;	/* closed by the server after joining */
	bool		 timed_out;
	uint64_t	 deliveries;
	uint64_t	 lost;
	uint64_t	 dup;		/* duplicates and reordering */
	uint64_t	 foreign;	/* wrong sender, own echo, bad payload */
	uint64_t	 reg_first;	/* first connect() (ns) */
	uint64_t	 reg_last;	/* last 001 (ns) */
	struct lg_hist	 lat;		/* delivery latency, us */
	struct lg_hist	 reg;		/* connect() to 001, us */
	struct lg_hist	 tcp;		/* connect() to connected, us */
	int		 tcp_slow;	/* handshakes that took >= 1 s */
	/* Measurement window snapshots. */
	uint64_t	 m_t0, m_t1;
	uint64_t	 m_del0, m_del1;
	uint64_t	 m_cpu0, m_cpu1;	/* server CPU, ns */
	uint64_t	 m_pcpu0[LG_PIDS_MAX], m_pcpu1[LG_PIDS_MAX]; /* each */
	uint64_t	 m_wait0, m_wait1;	/* server waiting for a CPU, ns */
	uint64_t	 m_lcpu0, m_lcpu1;	/* our CPU, ns */
	uint64_t	 m_busy0[2], m_busy1[2];	/* cores 0 and 1, jiffies */
	uint64_t	 m_tot0[2], m_tot1[2];
	long		 rss_before;	/* server RSS, kB */
	long		 rss_after;
	char		 first_error[256];
};

/* lg_conn.c */
void	lg_conn_start(struct lg_conn *);
void	lg_conn_send(struct lg_conn *, const void *, size_t);
void	lg_conn_join(struct lg_conn *);
void	lg_conn_free(struct lg_conn *);

/* lg_tls.c */
void	lg_tls_init(void);
void	lg_tls_free(void);
int	lg_tls_handshake(struct lg_conn *);
ssize_t	lg_tls_read(struct lg_conn *, void *, size_t);
ssize_t	lg_tls_write(struct lg_conn *, const void *, size_t);
void	lg_tls_close(struct lg_conn *);

/* lg_traffic.c */
void	lg_traffic_deliver(struct lg_conn *, const char *, size_t, uint64_t);
void	lg_traffic_fill(struct lg_sender *, uint64_t);
void	lg_traffic_pace(struct lg *, uint64_t);
bool	lg_traffic_drained(struct lg *);
void	lg_traffic_verify(struct lg *);

/* loadgen.c: phase changes driven by connection events */
void	lg_registered(struct lg *, struct lg_conn *);
void	lg_joined(struct lg *, struct lg_conn *);
void	lg_failed(struct lg *, struct lg_conn *, const char *);

/* lg_stat.c */
uint64_t lg_now(void);
void	lg_hist_add(struct lg_hist *, uint64_t);
double	lg_hist_pct(const struct lg_hist *, double);
int	lg_proc_cpu(pid_t, uint64_t *, uint64_t *);
long	lg_proc_rss(pid_t);
int	lg_proc_core(int, uint64_t *, uint64_t *);

#endif

# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright (c) 2026 The tui-chat authors.
"""Print the bench table from run.sh's results file.

Each results line is "SERVER SCENARIO key=value ...", as loadgen (or the
client bench) reported it. The table shows each peer's figure, ours, our
ratio to each peer, the issue's target and whether this run met it."""

import sys

PEERS = ["ngircd", "inspircd", "redis"]
OURS = "tui-chatd"
CLIENT_NAMES = {"irssi": "irssi", "weechat": "WeeChat",
                "tui-chat": "tui-chat (tmux)",
                "tui-chat-headless": "tui-chat --headless"}
NAMES = {"ngircd": "ngIRCd", "inspircd": "InspIRCd", "redis": "Redis",
         "tui-chatd": "tui-chatd"}


def load(path):
    """{(server, scenario): {key: value}} from the results file."""
    res = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            words = line.split()
            if len(words) < 2:
                continue
            kv = {}
            for w in words[2:]:
                if "=" in w:
                    k, v = w.split("=", 1)
                    kv[k] = v
            res[(words[0], words[1])] = kv
    return res


def num(res, server, scenario, key):
    """A figure as a float, or None when the run is missing or failed."""
    kv = res.get((server, scenario))
    if kv is None or key not in kv:
        return None
    try:
        v = float(kv[key])
    except ValueError:
        return None
    return None if v < 0 else v     # loadgen's -1: not measured


def failed(res, server, scenario):
    kv = res.get((server, scenario))
    return kv is not None and kv.get("ok") != "1"


def big_figure(res, server):
    """The 20k row: 'N/M in T s' and whether it stalled."""
    kv = res.get((server, "connect"))
    if kv is None or "registered" not in kv:
        return None
    reg, n = int(kv["registered"]), int(kv["clients"])
    text = "%d/%d in %.1fs" % (reg, n, float(kv.get("reg_s", "0")))
    if int(kv.get("tcp_slow", "0")) > 0:
        text += ", %s SYN retries" % kv["tcp_slow"]
    if reg < n or kv.get("timed_out") == "1":
        text += " STALL"
    return text


def big_ok(kv):
    """All registered, and no handshake waited for a SYN retransmit."""
    return kv.get("ok") == "1" and kv.get("tcp_slow", "1") == "0"


ROWS = [
    # label, scenario, key, scale, format, better
    ("(a) fan-out deliveries/s", "fanout", "del_rate", 1e-6, "%.2f M", "hi"),
    ("(a) deliveries per server CPU s", "fanout", "del_per_cpu", 1e-6,
     "%.2f M", "hi"),
    ("(a) server CPU (cores)", "fanout", "server_cpu", 1, "%.2f", None),
    ("(a) loadgen CPU (cores)", "fanout", "lg_cpu", 1, "%.2f", None),
    ("(a) server waiting for core 0", "fanout", "server_wait", 1, "%.2f",
     None),
    ("(a) core 0 busy, all procs", "fanout", "core0_busy", 1, "%.2f", None),
    ("(a) core 1 busy, all procs", "fanout", "core1_busy", 1, "%.2f", None),
    ("(b) memory per idle conn", "idle", "mem_per_conn_b", 1 / 1024,
     "%.1f KB", "lo"),
    ("(b) registrations/s", "idle", "reg_rate", 1e-3, "%.1f k", "hi"),
    ("(b) server CPU per registration", "idle", "reg_cpu_us", 1, "%.0f us",
     "lo"),
    ("(c) latency p50", "latency", "lat_p50_ms", 1, "%.2f ms", "lo"),
    ("(c) latency p99", "latency", "lat_p99_ms", 1, "%.2f ms", "lo"),
    ("(c) server waiting for core 0", "latency", "server_wait", 1, "%.2f",
     None),
    ("(d) TLS fan-out deliveries/s", "fanout_tls", "del_rate", 1e-6,
     "%.2f M", "hi"),
    ("(d) TLS deliveries per server CPU s", "fanout_tls", "del_per_cpu",
     1e-6, "%.2f M", "hi"),
    ("(d) TLS registrations/s", "idle_tls", "reg_rate", 1e-3, "%.2f k",
     "hi"),
    ("(d) TLS server CPU per registration", "idle_tls", "reg_cpu_us", 1,
     "%.0f us", "lo"),
    ("(d) memory per idle TLS conn", "idle_tls", "mem_per_conn_b", 1 / 1024,
     "%.1f KB", "lo"),
    ("CPU s per 100k lines", "client_cpu", "cpu_per_100k", 1,
     "%.2f s", "lo"),
    ("CPU during the flood (cores)", "client_cpu", "client_cores", 1,
     "%.2f", None),
    ("key press to echo p50", "client_key", "key_p50_ms", 1, "%.1f ms",
     "lo"),
    ("key press to echo p99", "client_key", "key_p99_ms", 1, "%.1f ms",
     "lo"),
]


def derive(res):
    """Figures computed from others: deliveries per server CPU second is
    what the shared cores disturb least."""
    for kv in res.values():
        try:
            rate, cpu = float(kv["del_rate"]), float(kv["server_cpu"])
        except (KeyError, ValueError):
            continue
        if rate <= 0:
            continue
        if cpu > 0:
            kv["del_per_cpu"] = str(rate / cpu)
    for (server, scn), kv in res.items():
        try:
            cpu, secs = float(kv["server_cpu"]), float(kv["reg_s"])
            n = int(kv["registered"])
        except (KeyError, ValueError):
            continue
        if scn in ("idle", "idle_tls") and n > 0 and cpu > 0:
            kv["reg_cpu_us"] = str(cpu * secs / n * 1e6)


def cell(res, server, row):
    label, scn, key, scale, fmt, _ = row
    v = num(res, server, scn, key)
    if v is None:
        return "FAIL" if failed(res, server, scn) else "-"
    text = fmt % (v * scale)
    if failed(res, server, scn):
        text += " !"
    return text


def ratio(res, peer, row):
    _, scn, key, _, _, better = row
    ours, theirs = num(res, OURS, scn, key), num(res, peer, scn, key)
    if better is None or ours is None or not theirs:
        return "-"
    return "%.2fx" % (ours / theirs)


def target(res, row):
    """(target text, verdict) for the rows the issue sets a target for."""
    _, scn, key, _, _, _ = row
    ours = num(res, OURS, scn, key)
    ok = not failed(res, OURS, scn)

    def peer(p):
        return num(res, p, scn, key)

    if scn.endswith("_tls"):
        return "", None     # no target: measured next to InspIRCd

    if key == "del_rate":
        i, r = peer("inspircd"), peer("redis")
        if i is None or r is None:
            return ">=1.5x InspIRCd, >=1x Redis, 0 lost", None
        met = ours is not None and ok and ours >= 1.5 * i and ours >= r
        return ">=1.5x InspIRCd, >=1x Redis, 0 lost", met
    if key == "mem_per_conn_b":
        return "<= 2 KB", ours is not None and ok and ours <= 2048
    if key == "reg_rate":
        n = peer("ngircd")
        if n is None:
            return ">= 4x ngIRCd", None
        return ">= 4x ngIRCd", ours is not None and ok and ours >= 4 * n
    if key in ("lat_p50_ms", "lat_p99_ms"):
        others = [peer(p) for p in PEERS if peer(p) is not None]
        if not others:
            return "below every peer", None
        met = ours is not None and ok and all(ours < o for o in others)
        if key == "lat_p99_ms":
            met = met and ours <= 3.0
            return "below every peer, <= 3 ms", met
        return "below every peer", met
    return "", None


def verdict(target_text, met):
    """'yes'/'NO'; '?' when a peer to compare with is missing."""
    if not target_text:
        return ""
    if met is None:
        return "?"
    return "yes" if met else "NO"


def main():
    res = load(sys.argv[1])
    derive(res)
    clients = [s for s in ("irssi", "weechat", "tui-chat",
                           "tui-chat-headless") if any(k[0] == s for k in res)]
    if not any(k[1] in ("fanout", "idle", "latency", "connect",
                        "fanout_tls", "idle_tls") for k in res):
        if clients:
            print_clients(res, clients)
        print_history(res)
        print_cluster(res)
        return
    head = ["metric"] + [NAMES[p] for p in PEERS] + [NAMES[OURS]] + \
        ["vs " + NAMES[p] for p in PEERS] + ["target", "met"]
    rows = []
    for row in ROWS:
        if row[1].startswith("client"):
            continue
        if not any(k[1] == row[1] for k in res):
            continue
        t, met = target(res, row)
        rows.append([row[0]] + [cell(res, p, row) for p in PEERS] +
                    [cell(res, OURS, row)] +
                    [ratio(res, p, row) for p in PEERS] +
                    [t, verdict(t, met)])
    if any(k[1] == "connect" for k in res):
        ours = res.get((OURS, "connect"), {})
        met = big_ok(ours)
        rows.append(["20k clients (1000 at a time)"] +
                    [big_figure(res, p) or "-" for p in PEERS] +
                    [big_figure(res, OURS) or "-"] + ["-"] * 3 +
                    ["all registered, no stall", "yes" if met else "NO"])
        mem = next(r for r in ROWS if r[2] == "mem_per_conn_b")
        mem = mem[:1] + ("connect",) + mem[2:]
        rows.append(["20k clients: memory/conn"] +
                    [cell(res, p, mem) for p in PEERS + [OURS]] +
                    ["-"] * 3 + ["", ""])
    print_table(head, rows)
    print("vs X: tui-chatd's figure divided by X's (above 1 is better for "
          "rates, below 1 for memory and latency). Each run on a fresh "
          "server;\nserver on core 0, loadgen on core 1; 'waiting for core "
          "0' is the share of the run the server was runnable but another "
          "process had the core.")
    if clients:
        print_clients(res, clients)
    print_history(res)
    print_cluster(res)
    bad = ["%s %s" % k for k, kv in sorted(res.items()) if kv.get("ok") != "1"]
    if bad:
        print("\nruns that failed a correctness check or a bound (marked !):")
        for k, kv in sorted(res.items()):
            if kv.get("ok") != "1":
                print("  %s %s: %s" % (k[0], k[1], " ".join(
                    "%s=%s" % (a, kv[a]) for a in
                    ("registered", "failed", "closed", "timed_out", "lost",
                     "dup", "foreign", "crashed", "error") if a in kv)))


def print_history(res):
    """tui-chatd's history figures (tests/bench/history.sh)."""
    off = num(res, OURS, "fanout_hoff", "del_rate")
    on = num(res, OURS, "fanout_hon", "del_rate")
    disk = res.get((OURS, "history_disk"), {})
    q = res.get((OURS, "history_query"), {})
    if off is None and on is None and not q:
        return
    print("\nhistory (tui-chatd)")
    if off and on:
        ratio = on / off
        print("  (a) fan-out, history off: %.2f M/s, on: %.2f M/s, "
              "on/off %.2f (target >= 0.90: %s)" % (
                  off / 1e6, on / 1e6, ratio,
                  "yes" if ratio >= 0.9 else "NO"))
    if disk.get("bytes_per_line", "-1") != "-1":
        print("  bytes on disk per stored line: %s (%s lines after the "
              "fan-out run)" % (disk["bytes_per_line"],
                                disk.get("stored", "?")))
    if q:
        print("  with %s stored lines: start-up %s ms; CHATHISTORY LATEST "
              "* 100: p50 %s ms, p99 %s ms (%s queries, %s lines each)" % (
                  q.get("lines"), q.get("startup_ms"), q.get("hq_p50_ms"),
                  q.get("hq_p99_ms"), q.get("queries"), q.get("hq_lines")))


def print_cluster(res):
    """Scenario (a) on one node and on two cluster nodes with Redis
    (tests/bench/cluster.sh): rates, p99 and server CPU per delivery."""
    one = res.get((OURS, "fanout_node1"))
    two = res.get((OURS, "fanout_cluster"))
    if one is None and two is None:
        return
    print("\ncluster (tui-chatd, (a) fan-out; all servers on core 0)")
    rows = []
    for label, kv in (("one node", one), ("two nodes + Redis", two)):
        if kv is None:
            continue
        try:
            rate = float(kv.get("del_rate", "0"))
            cpu = float(kv.get("server_cpu", "0"))
        except ValueError:
            rate = cpu = 0
        per = "%.0f ns" % (cpu / rate * 1e9) if rate > 0 else "-"
        rows.append([label, "%.2f M" % (rate / 1e6),
                     "%s ms" % kv.get("lat_p99_ms", "-"), per,
                     kv.get("server_cpus", "-").replace(",", " / "),
                     "yes" if kv.get("ok") == "1" else "NO"])
    print_table(["setup", "deliveries/s", "p99", "server CPU per delivery",
                 "CPU: node A / node B / Redis (cores)", "0 lost"], rows)
    r1, r2 = (num(res, OURS, s, "del_rate") for s in
              ("fanout_node1", "fanout_cluster"))
    c1, c2 = (num(res, OURS, s, "server_cpu") for s in
              ("fanout_node1", "fanout_cluster"))
    if r1 and r2 and c1 and c2:
        print("  cluster/one node: deliveries/s %.2fx, CPU per delivery "
              "%.2fx" % (r2 / r1, (c2 / r2) / (c1 / r1)))
    top = (two or {}).get("redis_top", "")
    if top:
        print("  Redis, most time (whole run): " + ", ".join(
            "%s %s calls %s us each" % tuple(t.split(":"))
            for t in top.split(",") if t.count(":") == 2))


def print_clients(res, clients):
    """Client rows: irssi, WeeChat, ours in tmux and headless, ratios."""
    head = ["client (%s msg/s flood)" % client_rate(res)] + \
        [CLIENT_NAMES[c] for c in clients] + \
        ["tui-chat vs " + CLIENT_NAMES[p] for p in ("irssi", "weechat")]
    rows = []
    for row in ROWS:
        if not row[1].startswith("client"):
            continue
        r = [row[0]] + [cell(res, c, row) for c in clients]
        for p in ("irssi", "weechat"):
            ours = num(res, "tui-chat", row[1], row[2])
            theirs = num(res, p, row[1], row[2])
            r.append("%.2fx" % (ours / theirs) if ours is not None and
                     theirs else "-")
        rows.append(r)
    print()
    print_table(head, rows)


def client_rate(res):
    for (server, scn), kv in res.items():
        if scn == "client_cpu" and "rate" in kv:
            return "%.0f" % float(kv["rate"])
    return "?"


def print_table(head, rows):
    widths = [max(len(str(r[i])) for r in [head] + rows)
              for i in range(len(head))]
    fmt = "  ".join("%%-%ds" % w for w in widths)
    print(fmt % tuple(head))
    print("  ".join("-" * w for w in widths))
    for r in rows:
        print(fmt % tuple(r))


if __name__ == "__main__":
    main()

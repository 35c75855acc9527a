# SPDX-License-Identifier: GPL-3.0-or-later
# Queries about the server, checked against RFC 2812 section 3.4 and the
# Modern IRC documents (modern.ircdocs.horse): TIME (391), INFO (371/374),
# ADMIN (256-259, 423), STATS (242, 212, 211/481, 243, 219 for every
# letter), LINKS (364/365), LUSERS (251-255), 402 for another server, 461
# for missing parameters and 451 before registration.
import os
import re
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "lib"))
from ircclient import Tap, numerics  # noqa: E402

t = Tap()
ADMIN = {"admin_name": "Ann Admin", "admin_email": "ann@example.org",
         "admin_location": "Building 2, LAN closet"}
srv = t.server(sets=dict(ADMIN, flood_limit=0))
bare = t.server(sets={"flood_limit": 0})


def of(lines, code):
    return [m for m in lines if m.command == code]


def time_cmd():
    a = srv.client("tara")
    got = a.ask("TIME")
    t.eq(numerics(got), ["391"], "TIME: one 391")
    m = got[0]
    t.eq(m.params[1], "test.server", "391 names the server")
    # RFC 2812: ":<string showing server's local time>"; ours has the
    # year and a clock with seconds.
    t.ok(re.search(r"\b20\d\d\b.*\d\d:\d\d:\d\d", m.last) is not None,
         "391: the local time in words (%s)" % m.last)
    t.eq(numerics(a.ask("TIME test.server")), ["391"],
         "TIME <this server>: 391")
    t.eq(numerics(a.ask("TIME *.server")), ["391"],
         "TIME <mask matching this server>: 391")
    t.eq(numerics(a.ask("TIME tara")), ["391"],
         "TIME <a nick on this server>: 391")
    got = a.ask("TIME other.example")
    t.eq([(m.command, m.params[1]) for m in got],
         [("402", "other.example")], "TIME <another server>: 402")
    a.close()


def info_cmd():
    a = srv.client("ines")
    got = a.ask("INFO")
    codes = numerics(got)
    t.ok(len(codes) >= 2 and set(codes[:-1]) == {"371"} and
         codes[-1] == "374", "INFO: 371 lines then one 374", codes)
    text = "\n".join(m.last for m in of(got, "371"))
    t.ok("tui-chatd" in text, "371: the version")
    t.ok("libevent" in text, "371: the build (libevent, compiler)")
    t.ok("GPL-3.0-or-later" in text, "371: the licence")
    t.ok(re.search(r"Up \d+ days \d+:\d\d:\d\d", text) is not None,
         "371: the uptime")
    t.eq(of(got, "374")[0].last, "End of INFO list", "374 text")
    t.eq(numerics(a.ask("INFO nowhere.example")), ["402"],
         "INFO <another server>: 402")
    a.close()


def admin_cmd():
    a = srv.client("adam")
    got = a.ask("ADMIN")
    t.eq(numerics(got), ["256", "257", "258", "259"], "ADMIN: 256-259")
    t.eq(got[0].params[1], "test.server", "256 names the server")
    t.eq(got[1].last, ADMIN["admin_location"], "257: admin_location")
    t.eq(got[2].last, ADMIN["admin_name"], "258: admin_name")
    t.eq(got[3].last, ADMIN["admin_email"], "259: admin_email")
    t.eq(numerics(a.ask("ADMIN adam")), ["256", "257", "258", "259"],
         "ADMIN <a nick>: the server that nick is on")
    t.eq(numerics(a.ask("ADMIN else.example")), ["402"],
         "ADMIN <another server>: 402")
    a.close()
    b = bare.client("bob")
    got = b.ask("ADMIN")
    t.eq(numerics(got), ["423"], "ADMIN with no admin_* set: 423")
    t.eq(got[0].params[1], "test.server", "423 names the server")
    b.close()


def stats_cmd():
    a = srv.client("stan")
    got = a.ask("STATS u")
    t.eq(numerics(got), ["242", "219"], "STATS u: 242 then 219")
    t.ok(re.match(r"Server Up \d+ days \d+:\d\d:\d\d$", got[0].last)
         is not None, "242: Server Up <days> days <h>:<mm>:<ss>")
    t.eq(got[1].params[1:], ["u", "End of /STATS report"],
         "219 <letter> :End of /STATS report")
    a.ask("TIME")
    a.ask("TIME")
    got = a.ask("STATS m")
    t.eq(numerics(got)[-1], "219", "STATS m ends with 219")
    counts = {m.params[1]: m.params[2:] for m in of(got, "212")}
    t.ok("TIME" in counts and int(counts["TIME"][0]) >= 2,
         "212 TIME <count>: the TIMEs sent so far", counts.get("TIME"))
    t.ok("TIME" in counts and int(counts["TIME"][1]) >= 8,
         "212 TIME <count> <bytes>", counts.get("TIME"))
    t.ok("WHOWAS" not in counts and "KILL" not in counts,
         "212 only for commands there are")
    got = a.ask("STATS l")
    t.eq(numerics(got), ["481", "219"],
         "STATS l from a non-operator: 481, then 219")
    t.eq(got[1].params[1], "l", "219 l")
    t.eq(numerics(a.ask("STATS L")), ["481", "219"],
         "STATS L from a non-operator: 481, then 219")
    got = a.ask("STATS o")
    t.eq(numerics(got), ["219"], "STATS o with no operator configured: 219")
    for letter in ("k", "q", "z", "Y", "?"):
        got = a.ask("STATS " + letter)
        t.eq([(m.command, m.params[1]) for m in got], [("219", letter)],
             "STATS %s (not known): only 219 %s" % (letter, letter))
    t.eq(numerics(a.ask("STATS u test.server")), ["242", "219"],
         "STATS u <this server>")
    t.eq(numerics(a.ask("STATS u far.example")), ["402"],
         "STATS u <another server>: 402")
    got = a.ask("STATS")
    t.eq([(m.command, m.params[1]) for m in got], [("461", "STATS")],
         "STATS without a query: 461")
    a.close()


def links_cmd():
    a = srv.client("lin")
    got = a.ask("LINKS")
    t.eq(numerics(got), ["364", "365"], "LINKS: 364 then 365")
    t.eq(got[0].params[1:3], ["test.server", "test.server"],
         "364 <server> <server>")
    t.ok(got[0].last.startswith("0 "), "364 :<hopcount 0> <info>",
         got[0].last)
    t.eq(got[1].params[1], "*", "365 * :End of /LINKS list")
    got = a.ask("LINKS test.*")
    t.eq(numerics(got), ["364", "365"], "LINKS <matching mask>: 364")
    t.eq(got[1].params[1], "test.*", "365 echoes the mask")
    t.eq(numerics(a.ask("LINKS *.example")), ["365"],
         "LINKS <mask matching nothing>: only 365")
    t.eq(numerics(a.ask("LINKS test.server *")), ["364", "365"],
         "LINKS <server> <mask>")
    t.eq(numerics(a.ask("LINKS other.example *")), ["402"],
         "LINKS <another server> <mask>: 402")
    a.close()


def lusers_counts():
    a = bare.client("lu1")
    b = bare.client("lu2")
    got = a.ask("LUSERS")
    c251 = of(got, "251")[0].last
    t.ok("2 users and 0 invisible" in c251, "251: two visible users", c251)
    t.eq(of(got, "252")[0].params[1], "0", "252: no operator")
    t.eq(of(got, "253"), [], "253 only with connections registering")
    b.ask("MODE lu2 +i")
    got = a.ask("LUSERS")
    c251 = of(got, "251")[0].last
    t.ok("1 users and 1 invisible" in c251, "251 counts +i apart", c251)
    t.ok("2 clients" in of(got, "255")[0].last, "255: both clients")
    raw = bare.client()            # connected, never registered
    raw.send("NICK halfway")
    got = a.ask("LUSERS")
    t.eq([m.params[1] for m in of(got, "253")], ["1"],
         "253: one unknown connection")
    b.ask("MODE lu2 -i")
    c251 = of(a.ask("LUSERS"), "251")[0].last
    t.ok("2 users and 0 invisible" in c251, "251 after -i", c251)
    b.close()
    a.sync()
    got = a.ask("LUSERS")
    c251 = of(got, "251")[0].last
    t.ok("1 users and 0 invisible" in c251, "251 after a quit", c251)
    b2 = bare.client("lu3")
    b2.ask("MODE lu3 +i")
    b2.close()
    a.sync()
    c251 = of(a.ask("LUSERS"), "251")[0].last
    t.ok("0 invisible" in c251, "an invisible user's quit leaves the count",
         c251)
    raw.close()
    a.close()


def before_registration():
    c = srv.client()
    for line in ("TIME", "INFO", "ADMIN", "STATS u", "LINKS", "HELP",
                 "HELPOP", "INVITE", "LUSERS"):
        got = c.ask(line)
        t.eq(numerics(got), ["451"], "%s before registration: 451" % line)
    c.close()


t.case("TIME", time_cmd)
t.case("INFO", info_cmd)
t.case("ADMIN", admin_cmd)
t.case("STATS", stats_cmd)
t.case("LINKS", links_cmd)
t.case("LUSERS counts", lusers_counts)
t.case("before registration", before_registration)
t.done()

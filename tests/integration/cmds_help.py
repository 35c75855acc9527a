# SPDX-License-Identifier: GPL-3.0-or-later
# HELP and HELPOP as the Modern IRC documents give them: one 704, 705
# lines, one 706, or a single 524 for an unknown subject. The index is
# the daemon's command table itself, so this test walks every command in
# it: a command added to daemon/dispatch.c without a text in
# daemon/cmd_help.c fails here.
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "lib"))
from ircclient import Tap, numerics  # noqa: E402

t = Tap()
srv = t.server(sets={"flood_limit": 0})


def shape(lines, subject):
    """Whether lines are 704, 705..., 706, all about subject."""
    codes = numerics(lines)
    return (len(codes) >= 3 and codes[0] == "704" and codes[-1] == "706" and
            set(codes[1:-1]) == {"705"} and
            all(m.params[1] == subject for m in lines))


def index():
    a = srv.client("helen")
    got = a.ask("HELP")
    t.ok(shape(got, "*"), "HELP: 704, 705 lines, 706, subject *",
         [m.raw for m in got][:4])
    t.eq(got[1].last, "", "the first 705 is empty (Modern IRC)")
    verbs = []
    for m in got[2:-1]:
        verbs += [w for w in m.last.split() if w.isupper() and
                  w.isalpha()]
    for want in ("TIME", "INFO", "ADMIN", "STATS", "LINKS", "HELP", "HELPOP",
                 "JOIN", "PRIVMSG", "MODE", "LIST", "INVITE", "LUSERS"):
        t.ok(want in verbs, "the index lists %s" % want)
    t.eq(numerics(a.ask("HELPOP")), numerics(got), "HELPOP: the same index")
    a.close()
    return verbs


def every_command(verbs):
    a = srv.client("hugo")
    missing = []
    for verb in verbs:
        got = a.ask("HELP " + verb)
        if not shape(got, verb) or got[1].last != "":
            missing.append((verb, numerics(got)))
            continue
        if verb not in got[0].last:
            missing.append((verb, "704 without the syntax"))
    t.eq(missing, [], "HELP <command>: 704 syntax, 705 text, 706 for all "
         "%d commands of the table" % len(verbs))
    a.close()


def subjects():
    a = srv.client("hanna")
    got = a.ask("HELP privmsg")
    t.ok(shape(got, "PRIVMSG"), "HELP privmsg: case-folded subject")
    t.ok(got[0].last.startswith("PRIVMSG "), "704: the syntax line",
         got[0].last)
    got = a.ask("HELPOP STATS")
    t.ok(shape(got, "STATS"), "HELPOP STATS: the same as HELP STATS")
    got = a.ask("HELP FROBNICATE")
    t.eq([(m.command, m.params[1]) for m in got], [("524", "FROBNICATE")],
         "HELP <unknown>: one 524 with the subject")
    t.eq(got[0].last, "No help available on this topic", "524 text")
    got = a.ask("HELP :no such subject")
    t.eq([(m.command, m.params[1]) for m in got], [("524", "*")],
         "HELP <subject with spaces>: 524 with * (not one parameter)")
    a.close()


verbs = []
t.case("HELP index", lambda: verbs.extend(index()))
t.case("HELP for every command", every_command, verbs)
t.case("HELP subjects", subjects)
t.done()

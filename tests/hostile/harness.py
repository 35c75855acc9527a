# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright (c) 2026 The tui-chat authors.
# What the hostile-server tests share: TAP output, where tui-chat is, and
# the checks that peer text reached us harmless.
import json
import os
import sys
import unicodedata

SLOW = 3 if os.environ.get("SANITIZERS") else 1


def tui_chat():
    """The freshly built client, or None if it is not built."""
    path = os.path.join(os.environ.get("top_builddir", "."), "tui-chat")
    return path if os.access(path, os.X_OK) else None


class Tap:
    def __init__(self):
        self.n = 0
        self.failed = 0

    def plan(self, n):
        print("1..%d" % n, flush=True)

    def ok(self, cond, desc, detail=None):
        self.n += 1
        print("%s %d - %s" % ("ok" if cond else "not ok", self.n, desc),
              flush=True)
        if not cond:
            self.failed += 1
            if detail:
                self.diag(detail)
        return cond

    def diag(self, text):
        for line in str(text).splitlines() or [""]:
            print("# " + line, flush=True)

    def skip_all(self, why):
        print("1..0 # SKIP " + why, flush=True)
        sys.exit(0)

    def done(self):
        sys.exit(1 if self.failed else 0)


# mIRC formatting codes (bold, colour, reset, monospace, reverse, italic,
# strike, underline): the client keeps them in message texts for its
# renderer (sanitize.h SANITIZE_KEEP_FORMAT); no terminal acts on them.
FORMAT_CODES = {0x02, 0x03, 0x0f, 0x11, 0x16, 0x1d, 0x1e, 0x1f}


def unsafe_char(ch):
    """Whether a decoded character could act on a terminal or hide text:
    C0 (but the mIRC codes), DEL, C1, the bidi and zero-width formats."""
    o = ord(ch)
    if o in FORMAT_CODES:
        return False
    if o < 0x20 or 0x7f <= o < 0xa0:
        return True
    if o in (0x061c, 0x200e, 0x200f, 0xfeff) or 0x200b <= o <= 0x200d:
        return True
    return 0x202a <= o <= 0x202e or 0x2066 <= o <= 0x2069


def unsafe_in(value, path="$"):
    """The first unsafe character in any string of a JSON value, as text
    naming where it is, or None."""
    if isinstance(value, str):
        for i, ch in enumerate(value):
            if unsafe_char(ch):
                return "%s[%d] = U+%04X (%s) in %r" % (
                    path, i, ord(ch), unicodedata.name(ch, "control"),
                    value[max(0, i - 20):i + 20])
        return None
    if isinstance(value, dict):
        items = value.items()
    elif isinstance(value, list):
        items = enumerate(value)
    else:
        return None
    for k, v in items:
        bad = unsafe_in(k, path) if isinstance(k, str) else None
        bad = bad or unsafe_in(v, "%s.%s" % (path, k))
        if bad:
            return bad
    return None


def parse_events(raw):
    """Decode headless output: (events, first problem or None)."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        return [], "output is not UTF-8: %s" % e
    if b"\x1b" in raw:
        return [], "raw ESC byte in output at %d" % raw.index(b"\x1b")
    events = []
    for n, line in enumerate(text.splitlines(), 1):
        try:
            ev = json.loads(line)
        except ValueError as e:
            return events, "line %d is not JSON (%s): %r" % (n, e, line[:200])
        if not isinstance(ev, dict) or "type" not in ev:
            return events, "line %d has no type: %r" % (n, line[:200])
        bad = unsafe_in(ev)
        if bad:
            return events, "line %d: %s" % (n, bad)
        events.append(ev)
    return events, None


def texts(events):
    """Every string value of every event, for looking for tags."""
    out = []
    for ev in events:
        for v in ev.values():
            if isinstance(v, str):
                out.append(v)
            elif isinstance(v, list):
                out.extend(x for x in v if isinstance(x, str))
    return out


def has_text(events, needle):
    return any(needle in t for t in texts(events))

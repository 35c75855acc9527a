#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
# Write seed texts for the sanitizer fuzzer: what hostile peers put in
# messages (terminal escapes of every kind, C1 controls, bidi tricks,
# invalid UTF-8) next to ordinary multilingual chat with mIRC formatting.
# Usage: text_seeds.py FUZZDIR
import hashlib
import os
import sys

TEXTS = [
    "hello, world", "\u4f60\u597d\uff0c\u4e16\u754c \U0001f600\U0001f44d\U0001f3fd",
    "e\u0301 combining, \u05e9\u05dc\u05d5\u05dd RTL, \u0645\u0631\u062d\u0628\u0627",
    "\x02bold\x02 \x0304,12red on blue\x03 \x1fu\x1f \x16rev\x16 \x1ditalic\x0f",
    "\x1b[2J\x1b[H\x1b]0;pwned\x07\x1b[31mred\x1b[0m",
    "\x1b]52;c;ZWNobyBoaQ==\x07 \x1bP+q544e\x1b\\ \x1b[6n \x1b[>c",
    "\x9b31m C1 CSI \x9d0;title\x9c", "\u009b2J as UTF-8 C1",
    "bs\b\b\bxx cr\roverwrite nul\x00 bel\x07 del\x7f tab\t|",
    "\u202eevil\u202c \u2066iso\u2069 \u200bzw\u200d\ufeff \u061c\u200e",
    "line\u2028sep\u2029para",
]
RAW = [b"\xff\xfe\xc0\x80 overlong \xed\xa0\x80 surrogate \xf4\x90\x80\x80",
       b"\xe4\xbd", b"\x1b", b"\xc2"]


def main():
    d = os.path.join(sys.argv[1], "corpus", "sanitize")
    os.makedirs(d, exist_ok=True)
    for data in [t.encode("utf-8", "surrogatepass") for t in TEXTS] + RAW:
        name = "seed-" + hashlib.sha1(data).hexdigest()[:16]
        with open(os.path.join(d, name), "wb") as f:
            f.write(data)


if __name__ == "__main__":
    main()

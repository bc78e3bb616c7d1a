#!/usr/bin/env python3
"""promcheck.py FILE: a strict check of the Prometheus text exposition format
(version 0.0.4): every line is a comment (# HELP / # TYPE with a known type)
or a sample `name{label="value",...} number`, names and labels are valid,
label values are properly escaped, each metric family has one TYPE before its
samples, and samples of a family are not split. Exits 1 naming the bad line."""
import re
import sys

NAME = r"[a-zA-Z_:][a-zA-Z0-9_:]*"
LABEL = r"[a-zA-Z_][a-zA-Z0-9_]*"
VALUE = r'"(?:[^"\\\n]|\\\\|\\"|\\n)*"'
SAMPLE = re.compile(
    rf"^({NAME})(\{{(?:{LABEL}={VALUE}(?:,{LABEL}={VALUE})*)?,?\}})?"
    r" ([-+]?(?:[0-9]*\.?[0-9]+(?:[eE][-+]?[0-9]+)?|NaN|[-+]?Inf))( -?[0-9]+)?$")
TYPES = {"counter", "gauge", "histogram", "summary", "untyped"}


def main(path):
    typed, seen_done, current = {}, set(), None
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    for n, line in enumerate(lines, 1):
        def bad(why):
            print(f"{path}:{n}: {why}: {line!r}")
            sys.exit(1)
        if line.startswith("# TYPE "):
            parts = line.split(" ")
            if len(parts) != 4 or not re.fullmatch(NAME, parts[2]) or parts[3] not in TYPES:
                bad("bad TYPE line")
            if parts[2] in typed:
                bad("second TYPE for a family")
            typed[parts[2]] = parts[3]
            continue
        if line.startswith("# HELP "):
            parts = line.split(" ", 3)
            if len(parts) < 3 or not re.fullmatch(NAME, parts[2]):
                bad("bad HELP line")
            continue
        if line.startswith("#"):
            continue
        m = SAMPLE.match(line)
        if not m:
            bad("not a sample")
        name = m.group(1)
        family = re.sub(r"_(total|bucket|sum|count)$", "", name) if name not in typed else name
        if family not in typed and name not in typed:
            bad("sample before its TYPE")
        if current != family:
            if family in seen_done:
                bad("samples of a family are split")
            if current is not None:
                seen_done.add(current)
            current = family
    print(f"{path}: {len(lines)} lines of valid Prometheus text")


main(sys.argv[1])

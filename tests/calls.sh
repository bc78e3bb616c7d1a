#!/usr/bin/env bash
# calls.sh: no call circle between files. From the built objects of
# crypto/, store/ and node/ (nm: what each defines and what it uses), the
# graph of which file calls which; any strongly connected group of two or
# more files is a circle, printed with the calls that make it. Run after
# the build (make check does); SVK_BUILD names the build folder.
set -u
cd "$(dirname "$0")/.."
build=${SVK_BUILD:-build}
exec python3 - "$build/plain" <<'PY'
import collections, os, subprocess, sys

root = sys.argv[1]
objs = []
for d in ("crypto", "store", "node"):
    for dirpath, _, files in os.walk(os.path.join(root, d)):
        for f in files:
            o = os.path.join(dirpath, f)
            src = os.path.relpath(o, root)[:-2] + ".c"
            if f.endswith(".o") and os.path.exists(src):
                objs.append(o)
if not objs:
    print("calls: no objects under %s: build first" % root)
    sys.exit(1)
defs, uses = {}, collections.defaultdict(set)
for o in objs:
    for line in subprocess.check_output(["nm", o], text=True).splitlines():
        p = line.split()
        if len(p) == 3 and p[1] in "TDBR":
            defs[p[2]] = o
        elif len(p) == 2 and p[0] == "U":
            uses[o].add(p[1])
name = lambda o: os.path.relpath(o, root)[:-2] + ".c"
graph = collections.defaultdict(dict)
for o, syms in uses.items():
    for s in sorted(syms):
        if s in defs and defs[s] != o:
            graph[o].setdefault(defs[s], s)
index, low, stack, on, circles, n = {}, {}, [], set(), [], [0]
sys.setrecursionlimit(10000)
def visit(v):
    index[v] = low[v] = n[0]
    n[0] += 1
    stack.append(v)
    on.add(v)
    for w in graph[v]:
        if w not in index:
            visit(w)
            low[v] = min(low[v], low[w])
        elif w in on:
            low[v] = min(low[v], index[w])
    if low[v] == index[v]:
        group = []
        while True:
            w = stack.pop()
            on.discard(w)
            group.append(w)
            if w == v:
                break
        if len(group) > 1:
            circles.append(group)
for v in list(objs):
    if v not in index:
        visit(v)
for group in circles:
    members = set(group)
    calls = ["%s calls %s (%s)" % (name(a), name(b), s)
             for a in group for b, s in graph[a].items() if b in members]
    print("calls: circle between %s: %s" % (", ".join(sorted(map(name, group))),
                                             "; ".join(calls)))
if circles:
    sys.exit(1)
print("calls: ok (%d files, no call circle)" % len(objs))
PY

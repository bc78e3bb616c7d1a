#!/usr/bin/env bash
# layering.sh: checks that the includes of crypto/ store/ node/ tests/ point
# downward only (node -> store -> crypto), for `make check-tree`.
#
#   tests/layering.sh [ROOT]      (ROOT defaults to the tree this file is in)
#
# A quoted include names a header by its bare name ("x.h"); it is found
# wherever it lives under crypto store node tests, as the Makefile's include
# path finds it. Headers not in the tree (samverk.pb-c.h, suites.h under
# build/) are skipped. Includes are followed through headers, so a file that
# reaches a forbidden header by way of another header is named with the path
# that leads there. It fails, one line per finding, when:
#   - two headers share a basename (the include path could not tell them apart)
#   - anything under node/daemon/ reaches a header that lives under node/cli/
#   - anything outside store/ reaches store-int.h or <sqlite3.h> (the store's
#     white-box tests under tests/ may: they poke the file on purpose)
#   - crypto/ reaches a header of store/ or node/; store/ one of node/
#   - modules include each other in a circle (module x is x.c with its x.h and
#     its internal header x-int.h; a .c without a header is a module alone)
#   - a file under node/ calls sqlite3_ (comments and strings aside)
set -u
root=${1:-$(cd "$(dirname "$0")/.." && pwd)}
cd "$root" || exit 2
exec python3 - <<'EOF'
import os, re, subprocess, sys

DIRS = ["crypto", "store", "node", "tests"]
files = sorted(subprocess.run(["find"] + DIRS + ["-name", "*.[ch]"],
    capture_output=True, text=True, check=True).stdout.split())
INCLUDE = re.compile(r'^\s*#\s*include\s*([<"])([^>"]+)[>"]')
problems = []

# Comments and string/char literals blanked out, line structure kept.
TOKENS = re.compile(r'//[^\n]*|/\*.*?\*/|"(?:\\.|[^"\\\n])*"|'
    r"'(?:\\.|[^'\\\n])*'", re.S)
def code_only(text):
    return TOKENS.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), text)

text = {f: open(f, encoding="utf-8", errors="replace").read() for f in files}
includes = {}  # file -> [(line, "x.h" or "<x.h>")]
for f in files:
    includes[f] = []
    for n, line in enumerate(text[f].splitlines(), 1):
        m = INCLUDE.match(line)
        if m:
            name = m.group(2) if m.group(1) == '"' else "<%s>" % m.group(2)
            includes[f].append((n, name))

# Headers by basename; a basename held twice is a finding of its own.
where = {}
for f in files:
    if f.endswith(".h"):
        where.setdefault(os.path.basename(f), []).append(f)
for name, paths in sorted(where.items()):
    if len(paths) > 1:
        problems.append("header %s is in more than one place: %s"
            % (name, ", ".join(paths)))
def resolve(name, src=None):
    """The file a quoted include in src names, or None (system, generated):
    the including file's folder first, then the include path's order."""
    if name.startswith("<"):
        return None
    paths = where.get(os.path.basename(name))
    if not paths:
        return None
    here = [p for p in paths if src and os.path.dirname(p) == os.path.dirname(src)]
    return (here or sorted(paths, key=os.path.dirname))[0]

def under(path, folder):
    return path.startswith(folder.rstrip("/") + "/")

# Every header a file reaches, each with the include chain that gets there:
# target -> [(file, line, include), ...] for the shortest chain.
def reach(start):
    seen = {}
    frontier = [(start, [])]
    while frontier:
        nxt = []
        for f, chain in frontier:
            for n, name in includes.get(f, []):
                step = chain + [(f, n, name)]
                key = name if name.startswith("<") else resolve(name, f)
                if key is None or key in seen:
                    continue
                seen[key] = step
                if not name.startswith("<"):
                    nxt.append((key, step))
        frontier = nxt
    return seen

def rule(f, target):
    """Why f may not reach target, or None when it may."""
    t = target
    if f.startswith("node/daemon/") and not t.startswith("<") and \
            under(t, "node/cli"):
        return "node/daemon/ may not use node/cli/"
    if not under(f, "store"):
        if os.path.basename(t) == "store-int.h" and not under(f, "tests"):
            return "store-int.h is for store/ (and its tests) only"
        if t == "<sqlite3.h>" and not under(f, "tests"):
            return "<sqlite3.h> is for store/ (and tests/) only"
    if under(f, "crypto") and (under(t, "store") or under(t, "node")):
        return "crypto/ may not use store/ or node/"
    if under(f, "store") and under(t, "node"):
        return "store/ may not use node/"
    return None

# Grouped by the include that first crosses the line, so a header that leaks
# sqlite3.h to thirty files is one finding, with the files it reaches.
def target(step):
    f, _, name = step
    return name if name.startswith("<") else resolve(name, f)
crossings = {}  # (file, line, include, why) -> {origin: chain}
for f in files:
    for chain in reach(f).values():
        for i, step in enumerate(chain):
            why = rule(f, target(step))
            if why:
                crossings.setdefault(step + (why,), {}).setdefault(f,
                    chain[:i + 1])
                break
for (f, n, name, why), by_origin in sorted(crossings.items()):
    inc = name if name.startswith("<") else '"%s"' % name
    others = [c for o, c in sorted(by_origin.items()) if len(c) > 1]
    text_ = "%s:%d: includes %s (%s)" % (f, n, inc, why)
    if others:
        text_ += "; reached through it by %d file(s):" % len(others)
        for c in others:
            text_ += "\n  %s:%d via %s" % (c[0][0], c[0][1], " -> ".join(
                '"%s"' % name for _, _, name in c[:-1]))
    problems.append(text_)

# Modules: x.c, x.h and x-int.h are module x when x.h exists (found by name);
# any other file is a module of its own, named by its path.
def module(f):
    base = os.path.basename(f)
    stem, ext = os.path.splitext(base)
    if ext == ".h" and stem.endswith("-int"):
        owner = resolve(stem[:-4] + ".h")
        return owner[:-2] if owner else f
    if ext == ".c":
        h = os.path.join(os.path.dirname(f), stem + ".h")
        return h[:-2] if h in text else f
    return f[:-2]

edges = {}  # module -> {module: (file, line, include)}
for f in files:
    a = module(f)
    edges.setdefault(a, {})
    for n, name in includes[f]:
        t = resolve(name, f)
        if t is None:
            continue
        b = module(t)
        if b != a and b not in edges[a]:
            edges[a][b] = (f, n, name)
        edges.setdefault(b, {})

# Tarjan's strongly connected components; each with more than one module
# holds a circle, shown as one concrete cycle through it.
index, low, stack, on, comps = {}, {}, [], set(), []
def strong(v):
    work = [(v, iter(sorted(edges[v])))]
    index[v] = low[v] = len(index)
    stack.append(v); on.add(v)
    while work:
        u, it = work[-1]
        for w in it:
            if w not in index:
                index[w] = low[w] = len(index)
                stack.append(w); on.add(w)
                work.append((w, iter(sorted(edges[w]))))
                break
            if w in on:
                low[u] = min(low[u], index[w])
        else:
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[u])
            if low[u] == index[u]:
                comp = []
                while True:
                    w = stack.pop(); on.discard(w); comp.append(w)
                    if w == u:
                        break
                if len(comp) > 1:
                    comps.append(sorted(comp))
for v in sorted(edges):
    if v not in index:
        strong(v)

def cycle(comp):
    """The shortest cycle from comp's first module back to itself."""
    members, start = set(comp), comp[0]
    prev, frontier = {start: None}, [start]
    while frontier:
        nxt = []
        for u in frontier:
            for w in sorted(edges[u]):
                if w == start:
                    path = [u]
                    while prev[path[-1]] is not None:
                        path.append(prev[path[-1]])
                    return list(reversed(path)) + [start]
                if w in members and w not in prev:
                    prev[w] = u
                    nxt.append(w)
        frontier = nxt
    return comp + [start]

for comp in comps:
    path = cycle(comp)
    steps = []
    for a, b in zip(path, path[1:]):
        f, n, name = edges[a][b]
        steps.append('%s:%d includes "%s"' % (f, n, name))
    problems.append("include circle %s: %s" % (
        " -> ".join(os.path.basename(m) for m in path), "; ".join(steps)))

# node/ runs no SQL: no sqlite3_ name outside comments and strings.
CALL = re.compile(r"\bsqlite3_\w*")
for f in files:
    if not under(f, "node"):
        continue
    for n, line in enumerate(code_only(text[f]).splitlines(), 1):
        m = CALL.search(line)
        if m:
            problems.append("%s:%d: uses %s (node/ runs no SQL; store/ does)"
                % (f, n, m.group(0)))

for p in problems:
    print("\n".join("layering: " + l for l in p.split("\n")))
if problems:
    print("layering: %d problem(s)" % len(problems), file=sys.stderr)
    sys.exit(1)
print("layering: ok (%d files)" % len(files))
EOF

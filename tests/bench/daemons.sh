#!/usr/bin/env bash
# daemons.sh: N real daemons (default 50) on this machine, tcp on 127.x.y.i
# (one address each), [links] k = K (default 6), the other settings their
# defaults. Prints, once the roster has reached everyone and they have been
# idle IDLE seconds (default 30):
#   - idle CPU per daemon (mean, max) and for all, and idle RSS (mean, max);
#   - TCP connections per node (established, from its address) and partners;
# then writes ENTRIES practices (default 10), one at a time at nodes in
# turn, and prints
#   - the time for each to be held by all N (from its write to the last
#     node's received_ms, one clock): p50 and max;
#   - copies of an entry received by gossip per node per entry, over all N
#     (entries stored plus duplicates known by id, from /metrics).
# Not run by `make check` (it takes minutes): run it by hand,
#   bash tests/bench/daemons.sh [N]      (SAMVERK=... for another binary)
# Figures are printed; nothing is asserted but that the entries arrive.
TEST=daemons
. "$(dirname "$0")/../integration/lib.sh"

N=${1:-50}
K=${K:-6}
ENTRIES=${ENTRIES:-10}
IDLE=${IDLE:-30}
NET="127.$((RANDOM % 200 + 20)).$((RANDOM % 250 + 1))"
[ "$N" -ge 2 ] && [ "$N" -le 250 ] || fail "N must be 2 to 250"

t0=$SECONDS
for i in $(seq 1 "$N"); do
	node "N$i" "Kommune $i" DK "$NET.$i"
	set_conf "N$i" links k "$K"
done
ALL=$(seq -f "N%g" 1 "$N")
federation N1 $(seq -f "N%g" 2 "$N")
for n in $ALL; do
	start "$n"
done
say "$N daemons started in $((SECONDS - t0)) s"
for n in $ALL; do
	wait_for "$n to hold what N1 holds" 300 same_entries N1 "$n" ||
		fail "$n did not get the roster"
done
say "the roster reached all $N in $((SECONDS - t0)) s; idle for $IDLE s"
sleep 10 # the catch-up that followed the roster settles before measuring

# The measuring is python's: /proc, the stores (read only), /metrics.
pids=""
for n in $ALL; do
	pids="$pids $n:${PID[$n]}:$(sed -n 's/^http = //p' "$T/$n/samverk.conf")"
done
export T NET IDLE N ENTRIES SAMVERK pids
python3 - <<'PY' || fail "measuring failed"
import os, re, sqlite3, subprocess, time, urllib.request, statistics as st

T, NET, N = os.environ["T"], os.environ["NET"], int(os.environ["N"])
IDLE, ENTRIES = int(os.environ["IDLE"]), int(os.environ["ENTRIES"])
nodes = [tuple(p.split(":", 2)) for p in os.environ["pids"].split()]
tick = os.sysconf("SC_CLK_TCK")

def cpu(pid):
    f = open("/proc/%s/stat" % pid).read().rsplit(")", 1)[1].split()
    return (int(f[11]) + int(f[12])) / tick

def rss_mb(pid):
    for line in open("/proc/%s/status" % pid):
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0

def metric(http, name):
    body = urllib.request.urlopen("http://%s/metrics" % http, timeout=10).read().decode()
    for line in body.splitlines():
        if line.split(" ")[0] == name:
            return float(line.split()[-1])
    return 0.0

def conns(i):
    out = subprocess.run(["ss", "-Htn", "state", "established",
                          "( src %s.%d )" % (NET, i)], capture_output=True, text=True).stdout
    return len([l for l in out.splitlines() if l.strip()])

before = {pid: cpu(pid) for _, pid, _ in nodes}
t = time.monotonic()
time.sleep(IDLE)
span = time.monotonic() - t
use = [100 * (cpu(pid) - before[pid]) / span for _, pid, _ in nodes]
rss = [rss_mb(pid) for _, pid, _ in nodes]
tcp = [conns(i + 1) for i in range(N)]
partners = [metric(h, "samverk_peers") for _, _, h in nodes]
print("  daemons: idle CPU per daemon mean %.2f %%, max %.2f %%, all %.1f %%"
      % (st.mean(use), max(use), sum(use)))
print("  daemons: idle RSS per daemon mean %.1f MB, max %.1f MB" % (st.mean(rss), max(rss)))
print("  daemons: TCP connections per node mean %.1f, min %d, max %d; partners mean %.1f, max %d"
      % (st.mean(tcp), min(tcp), max(tcp), st.mean(partners), max(partners)))

def copies():
    total = 0.0
    for _, _, h in nodes:
        total += metric(h, 'samverk_gossip_duplicates_total{kind="entry"}')
        total += metric(h, "samverk_ingested_total")
    return total

dbs = [sqlite3.connect("file:%s/%s/samverk.db?mode=ro" % (T, n), uri=True, timeout=5)
       for n, _, _ in nodes]
c0 = copies()
spans = []
for e in range(ENTRIES):
    w = (e * 7) % N
    name = nodes[w][0]
    path = "%s/e%d.json" % (T, e)
    open(path, "w").write('{"id": "bench%d", "lang": "en", "title": "Bench practice %d", '
                          '"summary": "Entry %d of the daemons benchmark.", "areas": ["youth"]}'
                          % (e, e, e))
    r = subprocess.run([os.environ["SAMVERK"], "--dir", "%s/%s" % (T, name),
                        "practice", "add", path], capture_output=True, text=True)
    if r.returncode != 0:
        raise SystemExit("practice add at %s: %s" % (name, r.stderr.strip()))
    eid, wrote = dbs[w].execute(
        "SELECT id, received_ms FROM log ORDER BY received_ms DESC, rowid DESC LIMIT 1").fetchone()
    deadline = time.monotonic() + 120
    last = None
    while time.monotonic() < deadline:
        got = [db.execute("SELECT received_ms FROM log WHERE id = ?", (eid,)).fetchone()
               for db in dbs]
        if all(got):
            last = max(g[0] for g in got)
            break
        time.sleep(0.05)
    if last is None:
        raise SystemExit("entry %d from %s did not reach all %d in 120 s" % (e, name, N))
    spans.append((last - wrote) / 1000)
time.sleep(3)  # copies still in flight are counted too
c1 = copies()
spans.sort()
print("  entries: %d written; held by all %d after p50 %.3f s, max %.3f s"
      % (ENTRIES, N, st.median(spans), max(spans)))
print("  entries: copies received by gossip per node per entry %.2f "
      "(every node, the writer too: it hears its own back)"
      % ((c1 - c0) / (ENTRIES * N)))
PY
for n in $ALL; do
	stop "$n"
done
say "done in $((SECONDS - t0)) s"

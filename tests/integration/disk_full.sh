#!/usr/bin/env bash
# A full disk: B's folder is an 8 MiB tmpfs the test mounts (skipped where
# the kernel refuses). B fills it during a catch-up of A's large entries. B's
# daemon keeps running, says "not writable" in `status`, /api/status and
# /metrics, keeps sending heartbeats, refuses new records clearly, loses none
# it acknowledged; when the space returns (the filler is deleted) it can
# write again within seconds by itself and catches up to A.
. "$(dirname "$0")/lib.sh"

MNT=$T/B
mkdir -p "$MNT"
if ! mount -t tmpfs -o size=8m,mode=0700 tmpfs "$MNT" 2>/dev/null; then
	say "skipped: cannot mount a tmpfs here (needs root or CAP_SYS_ADMIN)"
	exit 0
fi
unmount() {
	local n
	for n in "${!PID[@]}"; do
		kill -TERM "${PID[$n]}" 2>/dev/null
		wait_for "$n to exit" 30 exited "${PID[$n]}" >/dev/null 2>&1
	done
	umount "$MNT" 2>/dev/null || umount -l "$MNT"
	cleanup
}
trap unmount EXIT

node A "Middelfart Kommune" DK
node B "Örebro kommun" SE
federation A B
set_conf B catchup page 2
set_conf B heartbeat interval 1
HTTP_B=$(python3 -c "import configparser; c=configparser.ConfigParser(); c.read('$T/B/samverk.conf'); print(c['node']['http'])")

# ~80 KB records (some 300 KB in a store, with their index): 10 of them are
# more than B's disk holds once it is almost full, and fit when it is not.
big() {
	python3 - "$1" >"$T/big.json" <<'PY'
import json, random, sys
random.seed(sys.argv[1])
def text():
    return " ".join("".join(random.choice("abcdefghijklmnopqrstuvwxyz")
        for _ in range(random.randint(3, 9))) for _ in range(1200))[:7900]
print(json.dumps({"id": "big-" + sys.argv[1], "lang": "en", "title": "Big " + sys.argv[1],
    "summary": text(), "challenge": text(), "areas": ["youth"],
    "translations": [{"lang": l, "title": "t", "summary": text(), "challenge": text()}
        for l in ("da", "sv", "de", "fr")]}))
PY
}
for i in $(seq 1 10); do
	big "$i"
	sv --dir "$T/A" practice add "$T/big.json" >/dev/null || fail "A add $i"
done
# B's own records, acknowledged before the disk fills.
for i in 1 2 3; do
	make_practice "b-$i" "B's own $i" "$T/b.json"
	sv --dir "$T/B" practice add "$T/b.json" >/dev/null && echo "b-$i" >>"$T/acked"
done
# Leave about 1.5 MiB: the daemon takes its store as full below 1 MiB, so
# the first page or two of A's log (some 300 KB a record in the store, two
# records a page) make B find its disk full, however SQLite checkpoints.
free_kib() { df -k --output=avail "$MNT" | tail -n 1 | tr -d ' '; }
dd if=/dev/zero of="$MNT/filler" bs=1024 count=$(($(free_kib) - 1536)) status=none 2>/dev/null

writable() { # NAME: prints store.writable in status --json
	sv --dir "$T/$1" status --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["store"]["writable"])'
}
metric() { # NAME: the value of metric NAME at B
	curl -sf "http://$HTTP_B/metrics" | awk -v m="$1" '$1 == m { print $2 }'
}
api_writable() {
	curl -sf "http://$HTTP_B/api/status" | python3 -c 'import json,sys; print(json.load(sys.stdin)["store"]["writable"])'
}
start A
start B

step_full() {
	grep -q "cannot write the store" "$T/B.log"
}
if ! wait_for "B to find its disk full" 60 step_full; then
	say "free: $(free_kib) KiB; B's log ends:"
	tail -n 20 "$T/B.log" | sed 's/^/    /'
	fail "B never said its store cannot be written"
fi
# Now the disk is full to the last byte.
dd if=/dev/zero of="$MNT/filler2" bs=4096 status=none 2>/dev/null
wait_for "B's metrics to say not writable" 10 sh -c "[ \"\$(curl -sf http://$HTTP_B/metrics | awk '\$1 == \"samverk_store_writable\" { print \$2 }')\" = 0 ]" ||
	fail "samverk_store_writable is not 0"
curl -sf "http://$HTTP_B/metrics" | grep -q '^samverk_store_problem{reason=".*disk' ||
	fail "/metrics gives no reason"
[ "$(api_writable)" = False ] || fail "/api/status does not say the store is not writable"
[ "$(writable B)" = False ] || fail "status --json does not say the store is not writable"
sv --dir "$T/B" status | grep -q "STORE NOT WRITABLE" || fail "status does not say the store is not writable"
held=$(entries B A | wc -l)
all=$(entries A A | wc -l)
[ "$held" -lt "$all" ] || fail "B holds all $all of A's entries on a full disk"
say "B held $held of A's $all entries when its disk filled"

# It lives on: still running, still sending heartbeats (1 s apart) after
# 3 s of a full disk.
full_at=$SECONDS
beat_at_a() {
	[ $((SECONDS - full_at)) -ge 3 ] || return 1
	sv --dir "$T/A" status --federation --json | python3 -c '
import json, sys
d = json.load(sys.stdin)
b = [m for m in d["members"] if m["name"] == "Örebro kommun"][0]
print(b["last_seen_s"]); sys.exit(0 if b["online"] and b["last_seen_s"] is not None and b["last_seen_s"] <= 1 else 1)'
}
wait_for "A to hear B's heartbeat while B's disk is full" 15 beat_at_a ||
	fail "B's heartbeats stopped with its disk full"
kill -0 "${PID[B]}" 2>/dev/null || fail "B's daemon died on a full disk"
[ "$(writable B)" = False ] || fail "B's disk is no longer full: the test is void"

# A new record is refused clearly, or, if it went in, it is kept.
make_practice b-full "Written on a full disk" "$T/b.json"
if out=$(sv --dir "$T/B" practice add "$T/b.json" 2>&1); then
	echo b-full >>"$T/acked"
else
	grep -qi "full\|space" <<<"$out" || fail "refused without saying why: $out"
fi

# Space returns: B writes again within seconds and fetches the rest.
rm -f "$MNT/filler" "$MNT/filler2"
wait_for "B to find its store writable again" 10 grep -q "the store can be written again" "$T/B.log" ||
	fail "B did not notice the space came back"
wait_for "B's metrics to say writable" 5 sh -c "[ \"\$(curl -sf http://$HTTP_B/metrics | awk '\$1 == \"samverk_store_writable\" { print \$2 }')\" = 1 ]" ||
	fail "samverk_store_writable did not return to 1"
wait_for "B to catch up A's entries" 30 same_entries A B A || fail "B did not catch up after the space returned"
while read -r id; do
	sv --dir "$T/B" practice list | grep -q "$id" || fail "acknowledged $id is lost"
	wait_for "A to get B's $id" 30 sh -c "'$SAMVERK' --dir '$T/A' practice list | grep -q '$id'" ||
		fail "A never got B's acknowledged $id"
done <"$T/acked"
stop B
sv --dir "$T/B" verify >/dev/null || fail "verify B"
stop A
say "ok"

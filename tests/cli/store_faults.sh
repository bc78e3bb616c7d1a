#!/usr/bin/env bash
# store_faults.sh: faults an operator meets, from the command line: `run` on
# a store with a zeroed page inside its log table refuses to start, names the
# file and says what to do (restore a backup, or re-create from the key);
# on a roster that expired, the authoring commands refuse and say that the
# coordinator must renew it; the roster's lifetime is a setting.
# shellcheck source=tests/cli/lib.sh
. "$(dirname "$0")/lib.sh"

command -v sqlite3 >/dev/null || { echo "store_faults: skipped: no sqlite3 program"; exit 0; }

new_node
step "the roster's lifetime is the setting [federation] roster_days"
printf '[federation]\nroster_days = 7\n' >>"$NODE/samverk.conf"
ok svk federation create
ok svk status --json
json_expect "6.9 < (d['roster_expires_ms'] / 1000 - __import__('time').time()) / 86400 <= 7" \
	"the roster expires in 7 days"
for i in $(seq 1 8); do
	for f in "$DATA"/practices/*.json; do
		python3 - "$f" "$i" >"$T/p.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
d["id"] = d["id"] + "-" + sys.argv[2]
print(json.dumps(d))
PY
		svk practice add "$T/p.json" >/dev/null || fatal "cannot add $f"
	done
done
DB=$NODE/samverk.db

step "an expired roster stops new local records"
cp "$DB" "$T/sound.db"
sqlite3 "$DB" "UPDATE meta SET value = '1000' WHERE key = 'roster_expires_ms'" ||
	fatal "cannot age the roster"
before=$(log_count)
fails svk practice add "$DATA/practices/boernaadgiver.json"
expect_err "roster expired"
expect_err "coordinator must renew it"
same_log_count "$before"
ok svk status
expect_out "ROSTER EXPIRED"
step "the coordinator's renewal is still allowed, and records resume"
ok svk federation renew
expect_out "valid 7 days"
ok svk practice add "$DATA/practices/boernaadgiver.json"

step "run refuses a store with a zeroed page in its log table"
sqlite3 "$DB" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null || fatal "checkpoint"
size=$(sqlite3 "$DB" "PRAGMA page_size")
victim=$(sqlite3 "$DB" "SELECT max(pageno) FROM dbstat WHERE name = 'log' AND pagetype = 'leaf'")
[ -n "$victim" ] && [ "$victim" -gt 1 ] || fatal "no leaf page of the log table (dbstat: '$victim')"
dd if=/dev/zero of="$DB" bs="$size" seek=$((victim - 1)) count=1 conv=notrunc status=none ||
	fatal "cannot zero page $victim"
SVK_TIMEOUT=30 fails_with 1 svk run --pub "ipc://$T/pub" --catchup "ipc://$T/catchup"
expect_err "samverk.db is damaged"
expect_err "$NODE/samverk.db"
expect_err "samverk backup"
expect_err "node.key"

step "a truncated store is refused as clearly"
cp "$T/sound.db" "$DB"
rm -f "$DB-wal" "$DB-shm"
truncate -s $(($(stat -c %s "$DB") / 2)) "$DB"
SVK_TIMEOUT=30 fails_with 1 svk run --pub "ipc://$T/pub" --catchup "ipc://$T/catchup"
expect_err "damaged"


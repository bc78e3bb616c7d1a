#!/usr/bin/env bash
# web_hostile.sh: hostile requests against the web app of a running daemon:
# huge bodies (said and not said), slow bodies (a byte a second), 10,000
# connections at once, path traversal, CR/LF in a redirect target and a
# lang cookie. The daemon must keep serving /api/status to others within a
# second or two throughout, hold its connection limit, and leave the store
# as it was (log, verify, web users).
. "$(dirname "$0")/lib.sh"

node A "Middelfart Kommune" DK
sv --dir "$T/A" federation create >/dev/null || fail "federation create"
sv --dir "$T/A" practice add "$DATA/practices/legepatruljen.json" >/dev/null || fail "practice add"
echo "alice-password" | sv --dir "$T/A" web-user add alice --password-stdin >/dev/null ||
	fail "web-user add"
HTTP=$(python3 -c "import configparser; c=configparser.ConfigParser(); c.read('$T/A/samverk.conf'); print(c['node']['http'])")
PORT=${HTTP##*:}
U="http://$HTTP"
start A
LOG_BEFORE=$(sv --dir "$T/A" log --json | sha256sum)
USERS_BEFORE=$(sv --dir "$T/A" web-user list --json | sha256sum)

# status_ok: /api/status answers 200 within 2 s (scaled), asked from
# 127.0.0.2, an address of its own (the attacks come from 127.0.0.1 and
# the limit per address must not shut others out).
status_ok() {
	[ "$(curl -s --interface 127.0.0.2 -m "$(scaled 2)" -o /dev/null -w '%{http_code}' "$U/api/status")" = 200 ]
}
fds() { find "/proc/${PID[A]}/fd" -mindepth 1 -maxdepth 1 2>/dev/null | wc -l; }
FDS_BEFORE=$(fds)

# A session, to send bodies past the gate.
curl -s -c "$T/jar" -b "$T/jar" -o /dev/null "$U/login"
tok=$(awk '$6 == "samverk_login" { print $7 }' "$T/jar")
curl -s -c "$T/jar" -b "$T/jar" -o /dev/null -d "csrf=$tok&user=alice&password=alice-password" "$U/login"
CSRF=$(curl -s -b "$T/jar" "$U/whoami" | awk '{ print $3 }')
[ "${#CSRF}" = 43 ] || fail "cannot log in"

say "huge bodies"
code=$(head -c $((100 << 20)) /dev/zero | curl -s -m 20 -b "$T/jar" -o /dev/null -w '%{http_code}' \
	-H "Content-Type: application/x-www-form-urlencoded" --data-binary @- "$U/nothing")
[ "$code" = 413 ] || fail "a 100 MiB body is $code, not 413"
code=$(head -c $((100 << 20)) /dev/zero | curl -s -m 20 -b "$T/jar" -o /dev/null -w '%{http_code}' \
	-H "Transfer-Encoding: chunked" -H "Content-Type: application/x-www-form-urlencoded" \
	--data-binary @- "$U/nothing")
# No length said: answered 413, or cut off (curl then says 000, or 100
# for the "100 Continue" it had before the connection was closed).
case $code in 413 | 000 | 100) ;; *) fail "a 100 MiB chunked body is $code, not cut off" ;; esac
status_ok || fail "/api/status does not answer after huge bodies"

say "slow bodies, many connections, a byte a second"
python3 - "$PORT" "$CSRF" "$(scaled 2)" "$U" <<'PY' || fail "slow bodies"
import socket, subprocess, sys, time
port, csrf, limit, url = int(sys.argv[1]), sys.argv[2], float(sys.argv[3]), sys.argv[4]
slow = []
for i in range(40):
    try:
        s = socket.create_connection(("127.0.0.1", port), timeout=2)
        s.sendall(b"POST /nothing HTTP/1.1\r\nHost: x\r\nContent-Type: "
                  b"application/x-www-form-urlencoded\r\nContent-Length: 100000\r\n\r\ncsrf=")
        slow.append(s)
    except OSError:
        pass
for second in range(12):
    for s in list(slow):
        try:
            s.send(b"a")
        except OSError:
            slow.remove(s)
    t = time.time()
    out = subprocess.run(["curl", "-s", "--interface", "127.0.0.2", "-m", str(limit),
                          "-o", "/dev/null", "-w", "%{http_code}", url + "/api/status"],
                         capture_output=True, text=True).stdout
    assert out == "200", f"second {second}: /api/status answered {out!r} with slow bodies held"
    time.sleep(max(0, 1 - (time.time() - t)))
for s in slow:
    s.close()
PY
wait_for "A to drop the slow clients" 15 status_ok || fail "/api/status after slow bodies"

say "10,000 connections at once"
python3 - "$PORT" <<'PY' || fail "the flood"
import resource, socket, sys
port = int(sys.argv[1])
soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
socks, refused = [], 0
for i in range(10000):
    s = socket.socket()
    s.setblocking(False)
    try:
        s.connect_ex(("127.0.0.1", port))
        socks.append(s)
    except OSError:
        refused += 1
        s.close()
    if len(socks) >= hard - 100:
        break
print(f"  opened {len(socks)}, refused {refused}")
import time
time.sleep(1)
for s in socks:
    s.close()
PY
status_ok || fail "/api/status does not answer after the flood"
now=$(fds)
[ "$now" -lt $((FDS_BEFORE + 70)) ] || fail "the daemon holds $now descriptors (was $FDS_BEFORE): the connection limit did not hold"

say "while 5,000 connections are held open"
python3 - "$PORT" "$U" "$(scaled 2)" "${PID[A]}" "$FDS_BEFORE" <<'PY' || fail "held connections"
import os, resource, socket, subprocess, sys, time
port, url, limit = int(sys.argv[1]), sys.argv[2], sys.argv[3]
pid, fds_before = sys.argv[4], int(sys.argv[5])
soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
socks = []
for i in range(min(5000, hard - 100)):
    s = socket.socket()
    s.setblocking(False)
    s.connect_ex(("127.0.0.1", port))
    socks.append(s)
time.sleep(0.5)
for attempt in range(3):
    out = subprocess.run(["curl", "-s", "--interface", "127.0.0.2", "-m", limit,
                          "-o", "/dev/null", "-w", "%{http_code}", url + "/api/status"],
                         capture_output=True, text=True).stdout
    assert out == "200", f"/api/status answered {out!r} with 5,000 connections open"
held = len(os.listdir(f"/proc/{pid}/fd"))
# 64 connections at most (16 from one address), and the daemon's own
assert held < fds_before + 70, f"the daemon holds {held} descriptors (was {fds_before})"
print(f"  the daemon holds {held} descriptors (was {fds_before})")
for s in socks:
    s.close()
PY
kill -0 "${PID[A]}" || fail "A died"

# The flood's address is served again once its connections are gone.
served_again() {
	[ "$(curl -s -m "$(scaled 2)" -o /dev/null -w '%{http_code}' "$U/api/status")" = 200 ]
}
wait_for "127.0.0.1 to be served again" 20 served_again || fail "127.0.0.1 is not served after the flood"
# ... and every one of them is gone (on a busy machine the daemon may still
# be closing some, and those count against 127.0.0.1's limit, so that a
# request of the next step would be turned away unanswered).
flood_gone() { [ "$(fds)" -lt $((FDS_BEFORE + 8)) ]; }
wait_for "the flood's connections to be closed" 30 flood_gone ||
	fail "the daemon still holds $(fds) descriptors (was $FDS_BEFORE) after the flood"

say "path traversal"
for p in "/../../etc/passwd" "/%2e%2e/%2e%2e/etc/passwd" "/login/../../../etc/passwd" \
	"/..%2f..%2fetc%2fpasswd" "/%2e%2e%5c%2e%2e%5cetc%5cpasswd" "//etc/passwd"; do
	code=$(curl -s --path-as-is -o "$T/body" -w '%{http_code}' "$U$p")
	[ "$code" = 404 ] || [ "$code" = 400 ] || fail "$p is $code"
	grep -q "root:" "$T/body" && fail "$p served /etc/passwd"
done

say "header injection"
# A redirect target with CR LF, as a form field and as a query.
curl -s -c "$T/j2" -b "$T/j2" -o /dev/null "$U/login"
tok=$(awk '$6 == "samverk_login" { print $7 }' "$T/j2")
curl -s -D "$T/head" -o /dev/null -b "$T/j2" --data-urlencode "csrf=$tok" \
	--data-urlencode "user=alice" --data-urlencode "password=alice-password" \
	--data-urlencode "next=/x$(printf '\r\n')Set-Cookie: evil=1" "$U/login"
grep -qi '^set-cookie: evil' "$T/head" && fail "a CR LF in next set a header"
grep -qi '^location: /$' <(tr -d '\r' <"$T/head") || fail "a bad next did not go to /: $(cat "$T/head")"
for next in "//evil.example" "https://evil.example" "/\\evil.example"; do
	curl -s -D "$T/head" -o /dev/null -b "$T/j2" --data-urlencode "csrf=$tok" \
		--data-urlencode "user=alice" --data-urlencode "password=alice-password" \
		--data-urlencode "next=$next" "$U/login"
	grep -qi '^location: /$' <(tr -d '\r' <"$T/head") || fail "next=$next was followed: $(grep -i location "$T/head")"
done
curl -s -o "$T/body" "$U/login?next=%0d%0aSet-Cookie:%20evil=1%22%3E%3Cscript%3E"
grep -q '<script>' "$T/body" && fail "next is written into the page unescaped"
grep -q 'name="next" value="/"' "$T/body" || fail "a bad next is kept in the form"
# A lang cookie with CR LF, quotes or markup reaches nothing.
python3 - "$PORT" <<'PY' || fail "lang cookie"
import socket, sys
port = int(sys.argv[1])
for lang in [b"en%0d%0aX-Evil: 1", b"en\"><script>", b"../../etc/passwd", b"e" * 5000]:
    s = socket.create_connection(("127.0.0.1", port), timeout=5)
    s.sendall(b"GET /whoami HTTP/1.0\r\nCookie: lang=" + lang + b"\r\n\r\n")
    data = b""
    while True:
        b = s.recv(65536)
        if not b:
            break
        data += b
    s.close()
    head = data.split(b"\r\n\r\n", 1)[0]
    assert b"X-Evil" not in head and b"<script>" not in data, data[:200]
    assert data.startswith(b"HTTP/1.0 200") or data.startswith(b"HTTP/1.1 200") or \
        data.startswith(b"HTTP/1.1 431") or data.startswith(b"HTTP/1.1 400"), data[:80]
PY

say "the daemon still serves, and the store is untouched"
status_ok || fail "/api/status does not answer at the end"
kill -0 "${PID[A]}" || fail "A died"
[ "$(sv --dir "$T/A" log --json | sha256sum)" = "$LOG_BEFORE" ] || fail "the log changed"
[ "$(sv --dir "$T/A" web-user list --json | sha256sum)" = "$USERS_BEFORE" ] || fail "the web users changed"
sv --dir "$T/A" verify >/dev/null || fail "verify fails"
stop A
say "ok"

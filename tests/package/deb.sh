#!/usr/bin/env bash
# deb.sh: the Debian package builds, passes lintian, installs on this
# machine and goes again without a trace.
#
# It builds samverk_VERSION_ARCH.deb from this tree (deploy/deb.sh, as
# `make deb` does), runs lintian (no error, no warning), installs it with
# dpkg -i, and checks: `samverk --version`, the program stripped, the user
# samverk (made by the postinst's systemd-sysusers), /var/lib/samverk (its
# tmpfiles.d entry), the unit (`systemd-analyze verify`, which reads a unit
# file also where systemd is not PID 1) with ExecStart=/usr/bin/samverk and
# LimitNOFILE, a node made as that user, the man pages and the completion.
# Then `dpkg --purge`, and the machine is as it was: the package's files
# gone, and the user and its folder removed if this test made them.
#
# Needs root (dpkg -i); it refuses to run where samverk is installed
# already, and waits for dpkg's lock while another apt or dpkg holds it.
. "$(dirname "$0")/../cli/lib.sh"

ROOT=$SVK_ROOT
VERSION=$(cat "$ROOT/VERSION")
not() { ! "$@"; }

[ "$(id -u)" = 0 ] || fatal "needs root to install the package (dpkg -i)"
for c in dpkg-buildpackage dh lintian pandoc systemd-analyze systemd-sysusers readelf; do
	command -v "$c" >/dev/null || fatal "$c is not installed (make deps-test installs what the tests need)"
done
if dpkg-query -W -f '${Status}' samverk 2>/dev/null | grep -q ' installed$'; then
	fatal "the package samverk is installed on this machine already; this test would remove it"
fi
[ -e /usr/bin/samverk ] && fatal "/usr/bin/samverk exists, not from a package; this test would replace it"

# What was here before: what the test made is what it removes.
had_user=$(getent passwd samverk >/dev/null && echo yes)
had_group=$(getent group samverk >/dev/null && echo yes)
had_dir=$([ -e /var/lib/samverk ] && echo yes)
installed=""

# dpkg_locked ARGS...: dpkg ARGS, again while another holds dpkg's lock
# (at most ten minutes). Output in $T/dpkg.out.
dpkg_locked() {
	local deadline=$((SECONDS + 600))
	while :; do
		if dpkg "$@" >"$T/dpkg.out" 2>&1; then
			return 0
		fi
		grep -q 'lock' "$T/dpkg.out" && [ $SECONDS -lt $deadline ] || return 1
		sleep 2
	done
}

cleanup() {
	if [ -n "$installed" ]; then
		dpkg_locked --purge samverk || cat "$T/dpkg.out" >&2
	fi
	[ -z "$had_user" ] && getent passwd samverk >/dev/null && userdel samverk
	[ -z "$had_group" ] && getent group samverk >/dev/null && groupdel samverk
	[ -z "$had_dir" ] && rm -rf /var/lib/samverk
	_svk_exit
}
trap cleanup EXIT

step "the package builds"
DEB=$("$ROOT/deploy/deb.sh" "$T/out" 2>"$T/build.err" | tail -n 1)
check "deploy/deb.sh builds it: $(tail -n 5 "$T/build.err")" test -f "$DEB"
[ -f "$DEB" ] || fatal "no package to test"
check "it is named samverk_${VERSION}_ARCH.deb" \
	test "${DEB##*/}" = "samverk_${VERSION}_$(dpkg --print-architecture).deb"
check "a -dbgsym package holds the debug symbols" \
	test -f "$T/out/samverk-dbgsym_${VERSION}_$(dpkg --print-architecture).deb"
dpkg-deb -f "$DEB" Version Depends >"$T/fields"
check "its version is VERSION's" grep -qx "Version: $VERSION" "$T/fields"
check "its Depends lists the shared libraries" grep -q 'libnng1.*libsodium23' "$T/fields"
dpkg-deb -c "$DEB" | awk '{ print $6 }' | sed 's|^\./|/|' >"$T/files"
for f in /usr/bin/samverk /lib/systemd/system/samverk.service \
	/usr/lib/sysusers.d/samverk.conf /usr/lib/tmpfiles.d/samverk.conf \
	/usr/share/man/man1/samverk.1.gz /usr/share/man/man5/samverk.conf.5.gz \
	/usr/share/bash-completion/completions/samverk \
	/usr/share/samverk/samverk.conf.example /usr/share/doc/samverk/copyright; do
	check "it holds $f" grep -qx "$f" "$T/files"
done

step "lintian"
lintian --fail-on error,warning "$T/out"/samverk_"${VERSION}"_*.changes >"$T/lintian" 2>&1
rc=$?
grep -v 'running with root privileges' "$T/lintian" | sed 's/^/  lintian: /'
check "lintian finds no error or warning" test "$rc" = 0

step "it installs"
if dpkg_locked -i "$DEB"; then
	installed=yes
else
	cat "$T/dpkg.out" >&2
	fatal "dpkg -i failed"
fi
run /usr/bin/samverk --version
expect_out "^samverk $VERSION\$"
check "the program is stripped" not grep -q '\.symtab' <(readelf -S /usr/bin/samverk)
check "the user samverk exists" grep -q "^samverk:" <(getent passwd samverk)
IFS=: read -r _ _ uid _ _ home shell < <(getent passwd samverk)
check "it is a system user (uid $uid)" test "$uid" -lt 1000
check "its home is /var/lib/samverk ($home)" test "$home" = /var/lib/samverk
check "it cannot log in ($shell)" grep -q nologin <<<"$shell"
check "/var/lib/samverk is samverk's, 0700" \
	test "$(stat -c '%U %a' /var/lib/samverk)" = "samverk 700"

step "the unit"
UNIT=/lib/systemd/system/samverk.service
check "it runs /usr/bin/samverk" grep -qx 'ExecStart=/usr/bin/samverk --dir /var/lib/samverk run' "$UNIT"
check "it allows the sockets of hundreds of partners" grep -qx 'LimitNOFILE=65536' "$UNIT"
check "it names the man pages" grep -q '^Documentation=man:samverk(1)' "$UNIT"
systemd-analyze verify "$UNIT" >"$T/verify" 2>&1
rc=$?
check "systemd-analyze verify passes it: $(head -c 500 "$T/verify")" test "$rc" = 0
check "systemd-analyze verify has nothing to say of it" \
	not grep -q 'samverk' "$T/verify"
# The unit skipped until there is a node; with one, as the samverk user.
if [ -z "$had_dir" ]; then
	run runuser -u samverk -- /usr/bin/samverk --dir /var/lib/samverk init \
		--name "Middelfart Kommune" --country DK
	check "the samverk user makes its node in /var/lib/samverk: $(cat "$ERR")" test "$RC" = 0
	check "node.key is samverk's" test "$(stat -c %U /var/lib/samverk/node.key)" = samverk
	run runuser -u samverk -- /usr/bin/samverk --dir /var/lib/samverk id
	expect_out '^SVK-'
	find /var/lib/samverk -mindepth 1 -delete
fi

step "the man pages and the completion"
run man -w samverk
expect_out '^/usr/share/man/man1/samverk\.1\.gz$'
run man -w samverk.conf
expect_out '^/usr/share/man/man5/samverk\.conf\.5\.gz$'
run env MANWIDTH=200 man -E ascii samverk
expect_out '^   samverk practice list$'
run env MANWIDTH=200 man -E ascii 5 samverk.conf
expect_out '^       roster_days = 90$'
run bash -c '. /usr/share/bash-completion/completions/samverk
	COMP_WORDS=(samverk practice "") COMP_CWORD=2; _samverk; echo "${COMPREPLY[*]}"'
expect_out '^add update retract list show search template$'

step "it goes again"
if dpkg_locked --purge samverk; then
	installed=""
else
	cat "$T/dpkg.out" >&2
	fatal "dpkg --purge failed"
fi
check "no package samverk is left" \
	not grep -q ' installed$' <(dpkg-query -W -f '${Status}' samverk 2>/dev/null)
for f in $(grep -v '/$' "$T/files"); do
	check "$f is gone" test ! -e "$f"
done
check "the unit is no longer enabled" \
	test ! -e /etc/systemd/system/multi-user.target.wants/samverk.service
if [ -z "$had_dir" ]; then
	check "the empty /var/lib/samverk is gone" test ! -e /var/lib/samverk
fi
# Debian leaves a package's system user in place; the test made it, so
# the test removes it.
if [ -z "$had_user" ]; then
	userdel samverk
	check "the user samverk is gone again" not getent passwd samverk
fi
if [ -z "$had_group" ] && getent group samverk >/dev/null; then
	groupdel samverk
fi
check "the group samverk is as it was" \
	test "$(getent group samverk >/dev/null && echo yes)" = "$had_group"

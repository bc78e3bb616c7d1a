#!/usr/bin/env bash
# install.sh: `make install` installs what the Debian package does, with the
# unit's paths following PREFIX, and `make uninstall` takes it all away.
#
#   make install DESTDIR=$T/root PREFIX=/usr/local: the files, each where
#       the system looks for it under /usr/local; the program stripped
#   make install PREFIX=$T/prefix: a unit that runs $T/prefix/bin/samverk,
#       which `systemd-analyze verify` accepts as it stands
#
# It runs make in the source tree (which builds the program and the man
# pages if they are not up to date).
. "$(dirname "$0")/../cli/lib.sh"

ROOT=$SVK_ROOT
not() { ! "$@"; }
imake() {
	make -s -C "$ROOT" --no-print-directory "$@" >"$T/make.out" 2>&1
}

step "make install DESTDIR=... PREFIX=/usr/local"
imake install DESTDIR="$T/root" PREFIX=/usr/local ||
	fatal "make install failed: $(tail -n 5 "$T/make.out")"
(cd "$T/root" && find . -type f | sed 's|^\.||' | sort) >"$T/files"
cat >"$T/want" <<'LIST'
/usr/local/bin/samverk
/usr/local/lib/systemd/system/samverk.service
/usr/local/lib/sysusers.d/samverk.conf
/usr/local/lib/tmpfiles.d/samverk.conf
/usr/local/share/bash-completion/completions/samverk
/usr/local/share/doc/samverk/PACKAGING.md
/usr/local/share/doc/samverk/README.md
/usr/local/share/doc/samverk/SECURITY.md
/usr/local/share/man/man1/samverk.1
/usr/local/share/man/man5/samverk.conf.5
/usr/local/share/samverk/samverk.conf.example
LIST
check "it installs these files: $(diff "$T/want" "$T/files" | grep '^[<>]' | tr '\n' ' ')" \
	diff -q "$T/want" "$T/files"
UNIT=$T/root/usr/local/lib/systemd/system/samverk.service
check "the unit runs /usr/local/bin/samverk" \
	grep -qx 'ExecStart=/usr/local/bin/samverk --dir /var/lib/samverk run' "$UNIT"
check "the unit points to the example under /usr/local" \
	grep -qx 'Documentation=file:///usr/local/share/samverk/samverk.conf.example' "$UNIT"
check "no @NAME@ is left in the unit" not grep -q '@[A-Z]*@' "$UNIT"
check "the program is stripped" not grep -q '\.symtab' <(readelf -S "$T/root/usr/local/bin/samverk")
run "$T/root/usr/local/bin/samverk" --version
expect_out "^samverk $(cat "$ROOT/VERSION")\$"
check "the sysusers.d entry is the one in deploy/" \
	cmp -s "$ROOT/deploy/samverk.sysusers" "$T/root/usr/local/lib/sysusers.d/samverk.conf"
check "the tmpfiles.d entry is the one in deploy/" \
	cmp -s "$ROOT/deploy/samverk.tmpfiles" "$T/root/usr/local/lib/tmpfiles.d/samverk.conf"

step "make uninstall"
imake uninstall DESTDIR="$T/root" PREFIX=/usr/local ||
	fatal "make uninstall failed: $(tail -n 5 "$T/make.out")"
check "it leaves no file: $(cd "$T/root" && find . -type f | tr '\n' ' ')" \
	test -z "$(find "$T/root" -type f)"

step "make install PREFIX=$T/prefix"
imake install PREFIX="$T/prefix" || fatal "make install failed: $(tail -n 5 "$T/make.out")"
UNIT=$T/prefix/lib/systemd/system/samverk.service
check "the unit runs $T/prefix/bin/samverk" \
	grep -qx "ExecStart=$T/prefix/bin/samverk --dir /var/lib/samverk run" "$UNIT"
if command -v systemd-analyze >/dev/null; then
	# The man pages are not where man looks: --man=no.
	systemd-analyze verify --man=no "$UNIT" >"$T/verify" 2>&1
	rc=$?
	check "systemd-analyze verify accepts the unit: $(head -c 400 "$T/verify")" test "$rc" = 0
	check "systemd-analyze verify has nothing to say of it" not grep -q samverk "$T/verify"
else
	fatal "systemd-analyze is not installed (apt-get install systemd)"
fi
imake uninstall PREFIX="$T/prefix" || fatal "make uninstall failed"
check "make uninstall takes it away again" test -z "$(find "$T/prefix" -type f)"

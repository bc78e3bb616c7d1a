#!/bin/sh
# deb.sh: builds the Debian package of Samverk with Debian's own tools
# (`make deb` runs it):
#
#   deploy/deb.sh [OUT]      OUT defaults to build/
#
# It copies the sources (as they are in this tree, committed or not) to
# OUT/deb/samverk-VERSION/ with deploy/debian/ as its debian/, writes
# debian/changelog from VERSION (the one place the version is kept; the
# Makefile compiles the same into `samverk --version`), and runs
# dpkg-buildpackage there. The packages land in OUT:
# samverk_VERSION_ARCH.deb and samverk-dbgsym_VERSION_ARCH.deb, with the
# .changes and .buildinfo files.
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-$top/build}
mkdir -p "$out"
out=$(cd "$out" && pwd)
version=$(cat "$top/VERSION")
case $version in
'' | *[!0-9A-Za-z.+~-]*)
	echo "deb.sh: VERSION holds '$version', not a Debian version" >&2
	exit 1
	;;
esac
work=$out/deb
src=$work/samverk-$version

rm -rf "$work"
mkdir -p "$src"
cd "$top"
cp -R Makefile VERSION README.md crypto store node proto deploy "$src/"
cp -R deploy/debian "$src/debian"

# The changelog's date: the last commit's, so two builds of one tree make
# the same package (SOURCE_DATE_EPOCH wins if set).
when=${SOURCE_DATE_EPOCH:-$(git -C "$top" log -1 --format=%ct 2>/dev/null || true)}
[ -n "$when" ] || when=$(stat -c %Y "$top/VERSION")
cat >"$src/debian/changelog" <<EOF
samverk ($version) unstable; urgency=medium

  * Samverk $version, built from its source tree (make deb).

 -- Samverk maintainers <maintainers@users.noreply.h-seed-00c9a9a8.example>  $(LC_ALL=C date -u -R -d "@$when")
EOF

cd "$src"
log=$work/build.log
if ! dpkg-buildpackage --build=binary --no-sign >"$log" 2>&1; then
	tail -n 40 "$log" >&2
	echo "deb.sh: dpkg-buildpackage failed; the whole log is $log" >&2
	exit 1
fi
arch=$(dpkg-architecture -qDEB_HOST_ARCH)
for f in "$work"/samverk_"$version"_"$arch".* "$work"/samverk-dbgsym_"$version"_"$arch".deb; do
	[ -e "$f" ] && mv "$f" "$out/"
done
deb=$out/samverk_${version}_${arch}.deb
[ -f "$deb" ] || {
	echo "deb.sh: dpkg-buildpackage made no $deb; see $log" >&2
	exit 1
}
echo "$deb"

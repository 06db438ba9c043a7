#!/usr/bin/env bash
# The version has one place, project(VERSION) in CMakeLists.txt: every
# command's -V/--version, the library's oomkit_version(), the installed
# header's OOMKIT_VERSION_STRING, oomkit.pc (pkg-config --modversion), the
# installed man pages and the Debian package version all say it, and no
# source file carries a copy of it.
. "$OOMKIT_SOURCE_DIR/tests/lib/common.sh"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
src=$OOMKIT_SOURCE_DIR
want=$(sed -n 's/^project(oomkit VERSION \([0-9][0-9.]*\)[ )].*/\1/p' "$src/CMakeLists.txt")
check "project(oomkit VERSION x.y.z) in CMakeLists.txt ($want)" test -n "$want"

# the commands of the build tree
for cmd in oomtop oomlog oomwhy oomadj; do
	for opt in -V --version; do
		out=$("$OOMKIT_BUILD_DIR/cmd/$cmd/$cmd" "$opt" 2>&1)
		rc=$?
		check "$cmd $opt: '$cmd from oomkit $want', exit 0 (got '$out', $rc)" \
			test "$out" = "$cmd from oomkit $want" -a $rc -eq 0
	done
done

# an install into a DESTDIR
dest=$tmp/stage
DESTDIR=$dest cmake --install "$OOMKIT_BUILD_DIR" --prefix /usr >"$tmp/log" 2>&1 ||
	{ cat "$tmp/log"; fail "cmake --install"; finish; }
pc=$(find "$dest/usr" -name oomkit.pc -path '*/pkgconfig/*' | head -1)
check "oomkit.pc installed" test -n "$pc"
lib=${pc%/pkgconfig/oomkit.pc}
export PKG_CONFIG_PATH=${pc%/oomkit.pc}
check "pkg-config --modversion oomkit" test "$(pkg-config --modversion oomkit 2>&1)" = "$want"
for cmd in oomtop oomlog oomwhy oomadj; do
	check "installed $cmd -V" \
		test "$(LD_LIBRARY_PATH=$lib "$dest/usr/bin/$cmd" -V 2>&1)" = "$cmd from oomkit $want"
done
cat >"$tmp/v.c" <<'C'
#include <stdio.h>
#include <oomkit/oomkit.h>
int main(void)
{
	printf("%s %s %d.%d.%d\n", oomkit_version(), OOMKIT_VERSION_STRING, OOMKIT_VERSION_MAJOR,
	       OOMKIT_VERSION_MINOR, OOMKIT_VERSION_PATCH);
	return 0;
}
C
# shellcheck disable=SC2046 # pkg-config's words are separate arguments
check "a program builds against the installed copy" \
	cc -std=c11 -Wall -Werror "$tmp/v.c" -o "$tmp/v" $(pkg-config --cflags --libs oomkit)
check "oomkit_version(), OOMKIT_VERSION_STRING and _MAJOR/_MINOR/_PATCH" \
	test "$(LD_LIBRARY_PATH=$lib "$tmp/v")" = "$want $want $want"
check "the library file is liboomkit.so.$want" test -f "$lib/liboomkit.so.$want"

# man pages: the source carries no version, the installed copy the project's
n=0
for page in "$dest"/usr/share/man/man[13]/*; do
	n=$((n + 1))
	check "${page##*/}: .TH says \"oomkit $want\"" \
		grep -q "^\.TH .*\"oomkit $want\"" "$page"
done
check "man pages installed ($n)" test "$n" -ge 4
check "man/ carries no version in its .TH lines" \
	bash -c "! grep -n '^\.TH .*\"oomkit [0-9]' '$src'/man/*"

# no second copy of the version in the sources
check "no source file carries the version $want" \
	bash -c "! grep -rnwF '$want' '$src'/cmd '$src'/lib '$src'/include '$src'/man '$src'/completions '$src'/contrib"

# the Debian package's upstream version (debian/changelog names it first)
if [[ -f $src/debian/changelog ]]; then
	deb=$(sed -n '1s/^oomkit (\([^)]*\)).*/\1/p' "$src/debian/changelog")
	deb=${deb#*:}
	check "debian/changelog's upstream version ($deb) is $want" test "${deb%-*}" = "$want"
fi
finish

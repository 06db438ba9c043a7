#!/usr/bin/env bash
# The Debian packages (debian/, README "Building a Debian package"): built
# from a copy of the source tree with dpkg-buildpackage -b, then checked
# with dpkg-deb: each package's files (the library with its SONAME in the
# multiarch libdir; headers, .so link, oomkit.pc, oomkit(3) and the example
# in -dev; commands, man pages, completions, units and rules in oomkit),
# its control fields (version from project(VERSION), sections, Multi-Arch,
# the shared-library dependencies as linked, shlibs and the ldconfig
# trigger), and lintian's verdict when lintian is installed.
#
# Skips (77) without dpkg-buildpackage, dpkg-deb, fakeroot or debhelper, or
# when the build dependencies are not installed (./run.sh deps installs
# them).
. "$OOMKIT_SOURCE_DIR/tests/lib/common.sh"
src=$OOMKIT_SOURCE_DIR
for t in dpkg-buildpackage dpkg-deb dpkg-checkbuilddeps fakeroot dh; do
	command -v "$t" >/dev/null || skip "$t is not installed (apt-get install dpkg-dev fakeroot debhelper)"
done
dpkg-checkbuilddeps "$src/debian/control" 2>/dev/null ||
	skip "build dependencies missing: $(dpkg-checkbuilddeps "$src/debian/control" 2>&1 | sed 's/.*: //')"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
want=$(sed -n 's/^project(oomkit VERSION \([0-9][0-9.]*\)[ )].*/\1/p' "$src/CMakeLists.txt")
arch=$(dpkg --print-architecture)
multiarch=$(dpkg-architecture -qDEB_HOST_MULTIARCH)

# the tree as it is (tracked and new files; no build directories)
mkdir "$tmp/src"
if git -C "$src" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
	git -C "$src" ls-files -z -co --exclude-standard |
		(cd "$src" && xargs -0 tar -cf - --no-recursion --ignore-failed-read) | tar -xf - -C "$tmp/src"
else
	tar -C "$src" --exclude=./.git --exclude='./build*' --exclude='./obj-*' --exclude=./debian/tmp \
		-cf - . | tar -xf - -C "$tmp/src"
fi
start=$SECONDS
(cd "$tmp/src" && DEB_BUILD_OPTIONS="nocheck noddebs parallel=2" \
	dpkg-buildpackage -b -us -uc) >"$tmp/build.log" 2>&1
rc=$?
check "dpkg-buildpackage -b -us -uc exits 0 ($((SECONDS - start)) s)" test $rc -eq 0
((rc == 0)) || { tail -40 "$tmp/build.log"; finish; }

deb() { ls "$tmp/$1_${want}"-*"_$arch.deb" 2>/dev/null | head -1; }
lib=$(deb liboomkit0) dev=$(deb liboomkit-dev) tools=$(deb oomkit)
check "three packages: liboomkit0, liboomkit-dev, oomkit (version $want-*)" \
	test -n "$lib" -a -n "$dev" -a -n "$tools"
[[ -n $lib && -n $dev && -n $tools ]] || { ls "$tmp"; finish; }
check "no other package" test "$(ls "$tmp"/*.deb | wc -l)" -eq 3

# --- control fields ---------------------------------------------------
field() { dpkg-deb -f "$1" "$2"; }
version=$(field "$lib" Version)
for d in "$lib" "$dev" "$tools"; do
	p=$(field "$d" Package)
	check "$p: Version $version is the project's $want with a Debian revision" \
		test "${version%-*}" = "$want"
	check "$p: Architecture $arch" test "$(field "$d" Architecture)" = "$arch"
	check "$p: a synopsis and a long description" \
		test "$(field "$d" Description | wc -l)" -ge 3
done
check "liboomkit0: Section libs" test "$(field "$lib" Section)" = libs
check "liboomkit-dev: Section libdevel" test "$(field "$dev" Section)" = libdevel
check "oomkit: Section admin" test "$(field "$tools" Section)" = admin
check "liboomkit0: Multi-Arch same" test "$(field "$lib" Multi-Arch)" = same
check "liboomkit-dev: Multi-Arch same" test "$(field "$dev" Multi-Arch)" = same
# shellcheck disable=SC2001 # one dependency a line, without its version
deps() { field "$1" Depends | tr ',' '\n' | sed 's/^ *//; s/ *(.*//; s/ *$//' | sort; }
has_deps() { # has_deps DEB PKG... : every PKG is in DEB's Depends
	local d=$1 p; shift
	for p; do deps "$d" | grep -qx "$p" || { echo "  $p missing from: $(field "$d" Depends)"; return 1; }; done
}
# what the library links (zlib always; xz, zstd and the journal when found)
check "liboomkit0 depends on what it links: libc6 zlib1g liblzma5 libzstd1 libsystemd0" \
	has_deps "$lib" libc6 zlib1g liblzma5 libzstd1 libsystemd0
check "oomkit depends on liboomkit0 libsmartcols1 libncursesw6 libproc2-0" \
	has_deps "$tools" liboomkit0 libsmartcols1 libncursesw6 libproc2-0 libc6
check "oomkit: liboomkit0 (>= $want)" \
	bash -c "dpkg-deb -f '$tools' Depends | grep -qF 'liboomkit0 (>= $want)'"
check "liboomkit-dev: liboomkit0 (= $version) exactly" \
	bash -c "dpkg-deb -f '$dev' Depends | grep -qF 'liboomkit0 (= $version)'"
check "liboomkit-dev: the -dev packages oomkit.pc's Requires.private names" \
	has_deps "$dev" zlib1g-dev liblzma-dev libzstd-dev libsystemd-dev
mkdir "$tmp/ctrl"
dpkg-deb -e "$lib" "$tmp/ctrl"
check "liboomkit0: shlibs 'liboomkit 0 liboomkit0 (>= $want)'" \
	grep -qx "liboomkit 0 liboomkit0 (>= $want)" "$tmp/ctrl/shlibs"
check "liboomkit0: ldconfig trigger" grep -qx 'activate-noawait ldconfig' "$tmp/ctrl/triggers"

# --- contents ---------------------------------------------------------
files() { dpkg-deb -c "$1" | awk '{ $1 = $2 = $3 = $4 = $5 = ""; sub(/^ +/, ""); print }' | sed 's|^\./|/|; s| -> .*||' | grep -v '/$' | sort; }
files "$lib" >"$tmp/lib.files"
files "$dev" >"$tmp/dev.files"
files "$tools" >"$tmp/tools.files"
L=/usr/lib/$multiarch
printf '%s\n' "$L/liboomkit.so.0" "$L/liboomkit.so.$want" /usr/share/doc/liboomkit0/changelog.Debian.gz \
	/usr/share/doc/liboomkit0/copyright /usr/share/lintian/overrides/liboomkit0 | sort >"$tmp/lib.want"
check "liboomkit0: the library in $L, its docs and overrides, nothing else" diff "$tmp/lib.want" "$tmp/lib.files"
check "liboomkit.so.0 -> liboomkit.so.$want" \
	bash -c "dpkg-deb -c '$lib' | grep -q '\./usr/lib/$multiarch/liboomkit.so.0 -> liboomkit.so.$want\$'"
mkdir "$tmp/x"
dpkg-deb -x "$lib" "$tmp/x"
check "SONAME liboomkit.so.0" \
	bash -c "readelf -d '$tmp/x$L/liboomkit.so.$want' | grep -q 'SONAME.*\[liboomkit.so.0\]'"
check "the library is stripped" bash -c "! readelf -S '$tmp/x$L/liboomkit.so.$want' | grep -q '\.debug_info'"
{
	for h in "$src"/include/oomkit/*.h; do echo "/usr/include/oomkit/${h##*/}"; done
	echo /usr/include/oomkit/version.h
	printf '%s\n' "$L/liboomkit.so" "$L/pkgconfig/oomkit.pc" /usr/share/man/man3/oomkit.3.gz \
		/usr/share/doc/liboomkit-dev/examples/example.c /usr/share/doc/liboomkit-dev/copyright \
		/usr/share/doc/liboomkit-dev/changelog.Debian.gz /usr/share/lintian/overrides/liboomkit-dev
} | sort >"$tmp/dev.want"
check "liboomkit-dev: headers, .so link, oomkit.pc, oomkit(3), the example" diff "$tmp/dev.want" "$tmp/dev.files"
check "liboomkit.so -> liboomkit.so.0" \
	bash -c "dpkg-deb -c '$dev' | grep -q '\./usr/lib/$multiarch/liboomkit.so -> liboomkit.so.0\$'"
for cmd in oomtop oomlog oomwhy oomadj; do
	for f in /usr/bin/$cmd /usr/share/man/man1/$cmd.1.gz /usr/share/bash-completion/completions/$cmd \
		/usr/share/zsh/vendor-completions/_$cmd /usr/share/fish/vendor_completions.d/$cmd.fish; do
		check "oomkit: $f" grep -qx "$f" "$tmp/tools.files"
	done
done
for f in /usr/lib/systemd/system/oomkit-textfile.service /usr/lib/systemd/system/oomkit-textfile.timer \
	/usr/share/oomkit/prometheus/oomkit-rules.yml; do
	check "oomkit: $f" grep -qx "$f" "$tmp/tools.files"
done
check "oomkit: no library or header files" bash -c "! grep -E '\.so|^/usr/include' '$tmp/tools.files'"
check "no file is in two packages" \
	test -z "$(sort "$tmp"/{lib,dev,tools}.files | uniq -d)"
dpkg-deb -x "$tools" "$tmp/x"
check "the unit runs the packaged oomtop" \
	grep -q '^ExecStart=/usr/bin/oomtop ' "$tmp/x/usr/lib/systemd/system/oomkit-textfile.service"
check "the timer is not enabled on install (no postinst enabling it)" \
	bash -c "! dpkg-deb -I '$tools' postinst 2>/dev/null | grep -q 'deb-systemd-helper enable'"
check "oomtop -V of the package says $want" \
	test "$(LD_LIBRARY_PATH=$tmp/x$L "$tmp/x/usr/bin/oomtop" -V)" = "oomtop from oomkit $want"

# --- lintian ----------------------------------------------------------
if command -v lintian >/dev/null; then
	# lintian's own temporary files go with ours
	TMPDIR=$tmp lintian --fail-on error,warning "$tmp"/oomkit_*_"$arch".changes >"$tmp/lintian" 2>&1
	rc=$?
	cat "$tmp/lintian"
	check "lintian: no errors or warnings" test $rc -eq 0
else
	echo "lintian is not installed: its check is left out"
fi
finish

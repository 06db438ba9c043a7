#!/usr/bin/env bash
# fresh-root.sh - the release check on a fresh Debian 12 root (docs/release-check.md).
#
#   sudo tests/release/fresh-root.sh [SUMMARY_FILE]
#
# 1. debootstrap a minimal Debian 12 (bookworm) root from the mirror of
#    apt's own sources (or $OOMKIT_MIRROR);
# 2. copy in the committed tree (git archive HEAD);
# 3. inside it with chroot (proc, sys, dev mounted), the README's quick
#    start: ./run.sh oomtop -b -n 1 and ./run.sh test;
# 4. build the Debian packages there (apt-get build-dep ./,
#    dpkg-buildpackage -b), install them with apt-get, run oomtop -b -n 1,
#    oomlog --help, oomwhy --help, oomadj -p, and build the -dev package's
#    example with pkg-config;
# 5. apt-get purge them and check that none of their files is left.
# Everything is unmounted and the root removed at the end, failed or not.
# A summary (date, commit, each step's result and duration, the test
# counts) goes to stdout and to SUMMARY_FILE when given; the full log to
# $OOMKIT_RELEASE_LOG (default /var/tmp/oomkit-release-<time>.log).
# Needs root and the network to the Debian mirror; takes about 15 minutes.
# Exit status: 0 when every step passed, 1 otherwise.
set -uo pipefail

src=$(cd "$(dirname "$0")/../.." && pwd)
summary_file=${1:-}
((EUID == 0)) || { echo "fresh-root.sh: needs root (debootstrap, chroot, mount)" >&2; exit 1; }
command -v debootstrap >/dev/null || { echo "fresh-root.sh: apt-get install debootstrap" >&2; exit 1; }
git -C "$src" rev-parse HEAD >/dev/null 2>&1 || { echo "fresh-root.sh: $src is not a git checkout" >&2; exit 1; }

# the Debian mirror apt is set up with (deb822 URIs: or one-line deb)
mirror=${OOMKIT_MIRROR:-$(cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list \
	/etc/apt/sources.list.d/*.sources 2>/dev/null |
	sed -n 's/^URIs: *\([^ ]*\/debian\)\/*$/\1/p; s/^deb \(\[[^]]*\] \)\{0,1\}\([^ ]*\/debian\)\/* bookworm .*/\2/p' | head -1)}
mirror=${mirror:-http://deb.debian.org/debian}
stamp=$(date -u +%Y%m%dT%H%M%SZ)
log=${OOMKIT_RELEASE_LOG:-/var/tmp/oomkit-release-$stamp.log}
# on disk (the build and the packages need room), not in a tmpfs /tmp
root=$(mktemp -d -p "${OOMKIT_ROOT_PARENT:-/var/tmp}" oomkit-root.XXXXXX)
# mktemp's 0700 would keep every user but root out of the root's / (apt's
# _apt, man-db, the tests that drop privileges)
chmod 0755 "$root"
commit=$(git -C "$src" rev-parse --short HEAD)
results=()
failed=0
: >"$log"

say() { printf '==> %s\n' "$*" | tee -a "$log" >&2; }

cleanup() {
	local pid
	# processes left inside the root (a test's daemon): ours, end them
	for pid in /proc/[0-9]*; do
		[[ $(readlink "$pid/root" 2>/dev/null) == "$root" ]] && kill -9 "${pid#/proc/}" 2>/dev/null
	done
	sleep 1
	findmnt -rn -o TARGET | grep -F "$root/" | sort -r | while read -r m; do
		umount "$m" 2>/dev/null || umount -l "$m"
	done
	if findmnt -rn -o TARGET | grep -qF "$root/"; then
		echo "fresh-root.sh: still mounted below $root; not removing it" >&2
	else
		rm -rf --one-file-system "$root"
	fi
}
trap cleanup EXIT
trap 'exit 1' INT TERM

# step NAME CMD...: run, time, record pass/fail
step() {
	local name=$1 t0=$SECONDS rc
	shift
	say "$name"
	"$@" >>"$log" 2>&1
	rc=$?
	local d=$((SECONDS - t0))
	if ((rc == 0)); then
		results+=("| $name | pass | ${d} s |")
	else
		results+=("| $name | FAIL (exit $rc) | ${d} s |")
		failed=1
		say "$name: FAILED (exit $rc), see $log"
	fi
	return $rc
}
in_root() { chroot "$root" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root \
	LANG=C.UTF-8 TERM=dumb DEBIAN_FRONTEND=noninteractive bash -c "$1"; }

mount_root() {
	mount -t proc proc "$root/proc" &&
		mount --rbind /sys "$root/sys" && mount --make-rslave "$root/sys" &&
		mount --rbind /dev "$root/dev" && mount --make-rslave "$root/dev" &&
		mount -t tmpfs tmpfs "$root/run" &&
		cp /etc/resolv.conf "$root/etc/resolv.conf"
}

finish_summary() {
	{
		echo "date: $(date -u '+%Y-%m-%d %H:%M UTC')"
		echo "commit: $commit"
		echo "mirror: $mirror"
		echo "kernel: $(uname -r)"
		echo
		echo "| step | result | time |"
		echo "|---|---|---|"
		printf '%s\n' "${results[@]}"
		echo
		echo "test counts (./run.sh test): ${ctest_line:-none}"
		[[ -n ${skipped_line:-} ]] && echo "skipped: $skipped_line"
		[[ -n ${failed_tests:-} ]] && echo "failed tests: $failed_tests"
		echo "packages: ${debs:-none}"
		echo "overall: $( ((failed)) && echo FAIL || echo pass)"
	} | tee ${summary_file:+"$summary_file"}
}

ctest_line= skipped_line= failed_tests= debs=
if step "debootstrap --variant=minbase bookworm ($mirror)" \
	debootstrap --variant=minbase bookworm "$root" "$mirror"; then
	step "mount proc, sys, dev, run" mount_root
	mkdir -p "$root/src"
	step "git archive $commit into the root" bash -c "git -C '$src' archive $commit | tar -xf - -C '$root/src'"
	step "./run.sh oomtop -b -n 1" in_root "cd /src && ./run.sh oomtop -b -n 1"
	step "./run.sh test" in_root "cd /src && ./run.sh test"
	ctest_line=$(grep -E '^[0-9]+% tests passed' "$log" | tail -1)
	skipped_line=$(grep -cE '\*\*\*Skipped|Not Run' "$log")
	failed_tests=$(sed -n '/The following tests FAILED:/,/^Errors/p' "$log" | grep -E '^\s+[0-9]+ - ' | sed 's/^\s*//' | tr '\n' ';')
	step "apt-get build-dep ./ and dpkg-buildpackage -b -us -uc" \
		in_root "cd /src && apt-get build-dep -y -q ./ && dpkg-buildpackage -b -us -uc"
	debs=$(cd "$root" && ls *.deb 2>/dev/null | grep -v dbgsym | tr '\n' ' ')
	step "apt-get install the three packages" \
		in_root "cd / && apt-get install -y -q ./liboomkit0_*.deb ./liboomkit-dev_*.deb ./oomkit_*.deb"
	in_root 'dpkg -L liboomkit0 liboomkit-dev oomkit' >"$root/tmp/files" 2>>"$log"
	step "installed: oomtop -b -n 1" in_root 'cd / && oomtop -b -n 1'
	step "installed: oomlog --help" in_root 'oomlog --help'
	step "installed: oomwhy --help" in_root 'oomwhy --help'
	step "installed: oomadj -p \$\$" in_root 'oomadj -p $$'
	step "installed: oomtop -V is the project's version" \
		in_root "oomtop -V | grep -qx \"oomtop from oomkit \$(pkg-config --modversion oomkit)\""
	step "installed: the example builds with pkg-config and runs" \
		in_root 'cd /tmp && cc /usr/share/doc/liboomkit-dev/examples/example.c $(pkg-config --cflags --libs oomkit) -o example && ./example'
	step "installed: man oomtop, man 3 oomkit" \
		in_root 'test -f /usr/share/man/man1/oomtop.1.gz && test -f /usr/share/man/man3/oomkit.3.gz'
	step "apt-get purge the three packages" \
		in_root 'apt-get purge -y -q liboomkit0 liboomkit-dev oomkit'
	step "nothing of them left (dpkg -L before the purge, each file checked)" \
		in_root 'n=0; left=0; while read -r f; do [[ -f $f || -L $f ]] || { [[ -d $f ]] && continue; n=$((n + 1)); continue; }; echo "left: $f"; left=$((left + 1)); done </tmp/files; for f in $(cat /tmp/files); do [[ -d $f && $f == *oomkit* ]] && { echo "left dir: $f"; left=$((left + 1)); }; done; dpkg -l liboomkit0 liboomkit-dev oomkit 2>/dev/null | grep -E "^(ii|rc)" && left=$((left + 1)); echo "$n files removed, $left left"; ((n > 20 && left == 0))'
fi
finish_summary
exit $failed

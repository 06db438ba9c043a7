#!/usr/bin/env bash
# contrib/systemd/oomkit-textfile.{service,timer} (issue 11), as cmake
# --install puts them: in <prefix>/lib/systemd/system, the ExecStart= lines
# naming the installed commands and the configured textfile directory,
# refreshed every 15 s, niced, protected from the OOM killer but killable,
# hardened; systemd-analyze verify finds nothing to say; and the ExecStart=
# commands, run as written (with the directory replaced by a temporary
# one), write two files promtool accepts and leave nothing else.
. "$OOMKIT_SOURCE_DIR/tests/lib/common.sh"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
prefix=$tmp/prefix
cmake --install "$OOMKIT_BUILD_DIR" --prefix "$prefix" >"$tmp/log" 2>&1 ||
	{ cat "$tmp/log"; fail "cmake --install"; finish; }
units=$prefix/lib/systemd/system
svc=$units/oomkit-textfile.service timer=$units/oomkit-textfile.timer
check "service installed" test -f "$svc"
check "timer installed" test -f "$timer"
check "rules installed" test -f "$prefix/share/oomkit/prometheus/oomkit-rules.yml"
dir=$(sed -n 's/^OOMKIT_TEXTFILE_DIR:PATH=//p' "$OOMKIT_BUILD_DIR/CMakeCache.txt")
check "the configured textfile directory ($dir) is the service's" \
	grep -qx "Environment=OOMKIT_TEXTFILE_DIR=$dir" "$svc"
check "... and the only writable path" grep -qx "ReadWritePaths=$dir" "$svc"
check "ExecStart= runs the installed oomtop" \
	grep -qx "ExecStart=$prefix/bin/oomtop -b -n 1 --prometheus --output-file \${OOMKIT_TEXTFILE_DIR}/oomkit-oomtop.prom" "$svc"
check "ExecStart= runs the installed oomlog" \
	grep -qx "ExecStart=$prefix/bin/oomlog --prometheus --output-file \${OOMKIT_TEXTFILE_DIR}/oomkit-oomlog.prom" "$svc"
check "timer: every 15 seconds" grep -qx "OnUnitActiveSec=15s" "$timer"
check "timer: enabled through timers.target" grep -qx "WantedBy=timers.target" "$timer"
adj=$(sed -n 's/^OOMScoreAdjust=//p' "$svc")
check "OOMScoreAdjust=$adj: protected but killable (-1000 < adj < 0)" \
	test -n "$adj" -a "${adj:-0}" -gt -1000 -a "${adj:-0}" -lt 0
for opt in Nice=10 ProtectSystem=strict NoNewPrivileges=yes PrivateNetwork=yes \
	ProtectHome=yes MemoryMax=128M; do
	check "service sets $opt" grep -qx "$opt" "$svc"
done
if command -v systemd-analyze >/dev/null; then
	systemd-analyze verify --man=no "$svc" "$timer" >"$tmp/verify" 2>&1
	check "systemd-analyze verify: no complaint" test ! -s "$tmp/verify"
	cat "$tmp/verify"
else
	echo "note: systemd-analyze missing, unit syntax not verified"
fi

# the ExecStart= lines as written, into a temporary textfile directory
# (oomlog reads this file instead of the system's log: the line is
# otherwise unchanged)
tf=$tmp/textfile
mkdir "$tf"
# the installed commands find the installed library
LD_LIBRARY_PATH=$(dirname "$(find "$prefix" -name 'liboomkit.so.0' | head -1)")
export LD_LIBRARY_PATH
: >"$tmp/empty.log"
n=0
while IFS= read -r line; do
	cmd=${line#ExecStart=}
	cmd=${cmd//\$\{OOMKIT_TEXTFILE_DIR\}/$tf}
	[[ $cmd == */oomlog\ * ]] && cmd="$cmd $tmp/empty.log"
	# shellcheck disable=SC2086
	(umask 022; $cmd) >"$tmp/out" 2>"$tmp/err"; rc=$?
	check "ExecStart #$((++n)) exits 0 without output" \
		test $rc -eq 0 -a ! -s "$tmp/out" -a ! -s "$tmp/err"
done < <(grep '^ExecStart=' "$svc")
check "two ExecStart= lines" test "$n" -eq 2
check "they wrote oomkit-oomlog.prom and oomkit-oomtop.prom, nothing else" \
	test "$(ls -A "$tf" | tr '\n' ' ')" = "oomkit-oomlog.prom oomkit-oomtop.prom "
if command -v promtool >/dev/null; then
	for f in "$tf"/*.prom; do
		check "promtool check metrics accepts ${f##*/}" bash -c "promtool check metrics <'$f'"
	done
fi
finish

#!/usr/bin/env bash
# The kernel never chooses the host's init (is_global_init(): global pid
# 1), but pid 1 of a container's pid namespace is an ordinary task to it,
# and its /proc/1/oom_score says so. oomtop, run with that namespace's
# /proc (as inside a container), must agree with the kernel's own number.
. "$OOMKIT_SOURCE_DIR/tests/lib/common.sh"
[[ -x $OOMTOP ]] || { echo "oomtop not built"; exit 1; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT

unshare -p -f --mount-proc true 2>/dev/null || skip "cannot create a pid namespace with its own /proc"

# inside: pid 1 is a shell that waits for oomtop
unshare -p -f --mount-proc sh -c '
	cat /proc/1/oom_score >"$1/kernel"
	"$2" -b -n 1 -J -a >"$1/json"
' _ "$tmp" "$OOMTOP"
check "container init: the kernel gives it a score" test "$(cat "$tmp/kernel")" -gt 0
check "container init: eligible, oomtop's score is the kernel's" python3 - "$tmp/json" "$(cat "$tmp/kernel")" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
p = [p for p in d["processes"] if p["pid"] == 1][0]
assert p["eligible"] is True, p
assert p["oomkit_score"] == int(sys.argv[2]) == p["oom_score"], p
PY

# the host's init: never chosen, score 0 in the kernel and in oomtop
if [[ $(readlink /proc/1/ns/pid 2>/dev/null) == "pid:[4026531836]" ]]; then
	"$OOMTOP" -b -n 1 -J -a >"$tmp/host"
	check "host init: not eligible, score 0 as the kernel's" python3 - "$tmp/host" "$(cat /proc/1/oom_score)" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
p = [p for p in d["processes"] if p["pid"] == 1][0]
assert p["eligible"] is False and p["oomkit_score"] == 0 == int(sys.argv[2]), p
PY
fi
finish

#!/usr/bin/env bash
# tests/static/run.sh {cppcheck|clang-tidy} BUILD-DIR - static analysis of
# lib/ and cmd/ with the build's compile_commands.json.
#
# cppcheck: --enable=warning,portability,performance (likely bugs and
# non-portable code; "style" is left out: it is taste, not defects), with
# tests/static/cppcheck.supp for its false positives, each justified
# there. Any finding fails.
#
# clang-tidy: the checks of the tree's .clang-tidy (its comments say which
# and why). Findings that were in the tree when the check was added are
# listed, by file and check, in tests/static/clang-tidy.baseline; a
# finding not covered there (a file:check over its count) fails, and one
# the baseline lists but that is gone is reported, so the list can shrink.
#
# Exit 77 (skip) when the tool or compile_commands.json is missing.
set -u
tool=$1 build=$2
here=$(cd "$(dirname "$0")/../.." && pwd)
command -v "$tool" >/dev/null || { echo "SKIP: $tool not installed"; exit 77; }
[[ -f $build/compile_commands.json ]] || { echo "SKIP: no $build/compile_commands.json"; exit 77; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# lib/ and cmd/ only, each source once (the static twin repeats lib/)
python3 - "$build/compile_commands.json" "$here" "$work/compile_commands.json" <<'PY'
import json, sys
cc, root, out = sys.argv[1:]
seen, keep = set(), []
for e in json.load(open(cc)):
    f = e['file']
    if f.startswith(root + '/lib/') or f.startswith(root + '/cmd/'):
        if f not in seen:
            seen.add(f)
            keep.append(e)
json.dump(keep, open(out, 'w'))
PY
jobs=$(nproc)
case $tool in
cppcheck)
	# the list without its comments, which cppcheck does not read
	grep -Ev '^[[:space:]]*(#|$)' "$here/tests/static/cppcheck.supp" >"$work/supp"
	cppcheck --project="$work/compile_commands.json" -j"$jobs" -q \
		--enable=warning,portability,performance --inline-suppr \
		--suppress=missingIncludeSystem --suppressions-list="$work/supp" \
		--template='{file}:{line}:{column}: {severity}: {message} [{id}]' 2>"$work/out" ||
		{ cat "$work/out"; echo "FAIL: cppcheck did not run"; exit 1; }
	sed "s|$here/||" "$work/out" | grep -E '^[a-z].*\[[A-Za-z0-9_]+\]$' >"$work/found"
	if [[ -s $work/found ]]; then
		cat "$work/found"
		echo "FAIL: cppcheck: $(wc -l <"$work/found") finding(s)"
		exit 1
	fi
	echo "ok: cppcheck found nothing"
	;;
clang-tidy)
	command -v run-clang-tidy >/dev/null || { echo "SKIP: run-clang-tidy not installed"; exit 77; }
	# each source's checks come from the tree's .clang-tidy (found from
	# the file's directory up)
	run-clang-tidy -p "$work" -j"$jobs" -quiet >"$work/out" 2>"$work/err"
	rc=$?
	# "path:line:col: warning|error: text [check,...]" -> "path check"
	sed -E 's/\x1b\[[0-9;]*m//g' "$work/out" | sed "s|$here/||" |
		grep -E '^(lib|cmd|include)/[^:]+:[0-9]+:[0-9]+: (warning|error): .*\[[^]]+\]$' |
		sort -u >"$work/found"
	sed -E 's/^([^:]+):.*\[([^],]+)[],].*/\1 \2/' "$work/found" | sort | uniq -c |
		awk '{ print $2, $3, $1 }' >"$work/counts"
	# a finding makes run-clang-tidy exit non-zero too: only a failure with
	# nothing found means that it did not run
	if ((rc != 0)) && [[ ! -s $work/found ]]; then
		tail -n 20 "$work/err" "$work/out"
		echo "FAIL: clang-tidy did not run"
		exit 1
	fi
	grep -v '^#' "$here/tests/static/clang-tidy.baseline" | awk 'NF == 3' >"$work/base"
	bad=$(awk 'NR == FNR { base[$1 " " $2] = $3; next }
		{ k = $1 " " $2; if ($3 > (k in base ? base[k] : 0)) print k, $3 " (baseline " (k in base ? base[k] : 0) ")" }' \
		"$work/base" "$work/counts")
	gone=$(awk 'NR == FNR { now[$1 " " $2] = $3; next }
		{ k = $1 " " $2; if ((k in now ? now[k] : 0) < $3) print k, (k in now ? now[k] : 0) " (baseline " $3 ")" }' \
		"$work/counts" "$work/base")
	[[ -n $gone ]] && printf 'fewer than the baseline (update tests/static/clang-tidy.baseline):\n%s\n' "$gone"
	if [[ -n $bad ]]; then
		printf 'new findings (file check count):\n%s\n' "$bad"
		awk '{ print $1 ": .*\\[" $2 }' <<<"$bad" | grep -f - "$work/found"
		echo "FAIL: clang-tidy: findings not in the baseline"
		exit 1
	fi
	echo "ok: clang-tidy: nothing beyond the baseline ($(wc -l <"$work/found") known)"
	;;
*)	echo "usage: tests/static/run.sh {cppcheck|clang-tidy} BUILD-DIR" >&2; exit 2 ;;
esac

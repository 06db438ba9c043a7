#!/usr/bin/env bash
# Line width: no line in lib/, include/ or cmd/ may be wider than 100
# columns (the kernel's hard limit; 80 is preferred). Tabs count to the
# next multiple of 8, and characters are counted, not bytes. Every
# offending line is reported as file:line: width.
# Temporary files: no test makes one in /tmp itself (mktemp or mkstemp
# templates under /tmp): they go under $TMPDIR, the suite's own directory
# that tests/lib/leftovers.sh finds empty at the end.
#
# Run through ctest, or by hand: bash tests/cli/test_style.sh
#
# Exit codes: 0 pass, 1 fail.
set -u
export LC_ALL=C.UTF-8

src=${OOMKIT_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}
cd "$src" || { echo "FAIL: cannot enter $src"; exit 1; }

max=100

# Files that were over the limit when this test was added. They are not
# checked until they are fixed; then take them off this list. Do not add
# files to it: fix the lines instead.
pending=(
)

is_pending() {
	local p
	for p in "${pending[@]}"; do
		[[ $1 == "$p" ]] && return 0
	done
	return 1
}

# The files to look at: what git tracks, or every regular file outside a
# git checkout (a release tarball).
list_files() {
	if git -C "$src" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
		git -C "$src" ls-files -- lib include cmd
	else
		find lib include cmd -type f | sort
	fi
}

# Print "file:line: width" for every line of $1 wider than $max. The awk
# pass expands tabs and measures bytes, which is never less than the
# width in characters; only its candidates are measured again by bash,
# which counts characters in a UTF-8 locale.
over_limit() {
	local f=$1 n line w
	awk -v max="$max" '{
		w = 0
		for (i = 1; i <= length($0); i++) {
			if (substr($0, i, 1) == "\t")
				w += 8 - w % 8
			else
				w++
		}
		if (w > max)
			print NR
	}' "$f" | while read -r n; do
		line=$(sed -n "${n}p" "$f")
		w=$(width "$line")
		((w > max)) && echo "$f:$n: $w columns"
	done
}

# The display width of $1: tabs to the next multiple of 8, one column per
# character.
width() {
	local s=$1 w=0 head
	while [[ $s == *$'\t'* ]]; do
		head=${s%%$'\t'*}
		w=$((w + ${#head}))
		w=$((w + 8 - w % 8))
		s=${s#*$'\t'}
	done
	echo $((w + ${#s}))
}

fails=0
checked=0
while IFS= read -r f; do
	[[ -f $f ]] || continue
	# only text: skip anything with a NUL byte
	grep -qP '\x00' "$f" 2>/dev/null && continue
	out=$(over_limit "$f")
	if is_pending "$f"; then
		[[ -z $out ]] && echo "note: $f now fits in $max columns; take it off the pending list"
		continue
	fi
	checked=$((checked + 1))
	if [[ -n $out ]]; then
		echo "$out"
		fails=$((fails + $(wc -l <<<"$out")))
	fi
done < <(list_files)

for p in "${pending[@]}"; do
	[[ -f $p ]] || echo "note: pending file $p no longer exists; take it off the list"
done

echo "$checked files checked, ${#pending[@]} pending, $fails lines over $max columns"
((checked > 0)) || { echo "FAIL: no files found under lib/, include/, cmd/"; exit 1; }
((fails == 0)) || { echo "FAIL: lines over $max columns (tabs count as 8)"; exit 1; }
echo "ok: no line over $max columns"

# temporary files under $TMPDIR: the helpers' files are unlinked as soon
# as they are made (and a helper may run as another user)
tmpl=$(git -C "$src" ls-files -- tests 2>/dev/null || find tests -type f)
tmpl=$(grep -v -e '^tests/fixtures/' -e '^tests/bench/' -e '^tests/helpers/.*\.c$' <<<"$tmpl" |
	xargs grep -nE '/tmp/[^ "]*XXXXXX' 2>/dev/null | grep -vF 'TMPDIR:-/tmp}')
if [[ -n $tmpl ]]; then
	echo "$tmpl"
	echo "FAIL: temporary files made in /tmp itself: use \${TMPDIR:-/tmp} (tests/lib/leftovers.sh)"
	exit 1
fi
echo "ok: tests make their temporary files under \$TMPDIR"
exit 0

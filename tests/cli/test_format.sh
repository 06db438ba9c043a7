#!/usr/bin/env bash
# Formatting: every C file in lib/, include/, cmd/ and tests/unit/ must be
# what clang-format makes of it with the tree's .clang-format (Linux kernel
# style, 100 columns). clang-format --dry-run --Werror names each file and
# line that differs.
#
#   bash tests/cli/test_format.sh          check (as ctest's cli/test_format)
#   bash tests/cli/test_format.sh --fix    reformat those files in place
#
# The check is on (enforce=1): the tree was reformatted in one commit.
# enforce=0 would switch it off (exit 77, skipped) unless
# OOMKIT_CHECK_FORMAT=1 is set.
enforce=1
#
# Tables that must stay aligned by hand are wrapped in
#	/* clang-format off */ ... /* clang-format on */
#
# Exit codes: 0 pass, 1 fail, 77 skipped (switched off, or no clang-format).
set -u
export LC_ALL=C.UTF-8

src=${OOMKIT_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}
cd "$src" || { echo "FAIL: cannot enter $src"; exit 1; }

fix=0
[[ ${1:-} == --fix ]] && fix=1
[[ ${OOMKIT_CHECK_FORMAT:-} == 1 ]] && enforce=1
if ((!fix && !enforce)); then
	echo "SKIP: formatting check switched off (enforce=0 in $0; OOMKIT_CHECK_FORMAT=1 runs it)"
	exit 77
fi
cf=$(command -v clang-format) || { echo "SKIP: clang-format is not installed"; exit 77; }

# The files: what git tracks, or every C file outside a git checkout.
list_files() {
	if git -C "$src" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
		git -C "$src" ls-files -- 'lib/*.[ch]' 'include/*.h' 'cmd/*.[ch]' 'tests/unit/*.[ch]'
	else
		find lib include cmd tests/unit -name '*.[ch]' | sort
	fi
}
mapfile -t files < <(list_files)
((${#files[@]} > 0)) || { echo "FAIL: no C files found"; exit 1; }

if ((fix)); then
	"$cf" -i --style=file -- "${files[@]}" || exit 1
	echo "reformatted ${#files[@]} files with $("$cf" --version)"
	exit 0
fi
out=$("$cf" --dry-run --Werror --style=file -- "${files[@]}" 2>&1)
rc=$?
n=$(grep -c ': error: code should be clang-formatted' <<<"$out")
if ((rc != 0)); then
	grep ': error: ' <<<"$out" | head -50
	echo "FAIL: $n places differ from clang-format's output in ${#files[@]} files" \
		"(bash tests/cli/test_format.sh --fix reformats them)"
	exit 1
fi
echo "ok: ${#files[@]} files as clang-format writes them ($("$cf" --version))"
exit 0

#!/usr/bin/env bash
# run-fuzz.sh FUZZER SEED-DIR SECONDS [SEED-DIR...] - run a libFuzzer
# target for a bounded time with the seeds (for the report parser: the
# kernel log corpus and the era and mangling fixtures; for the other
# parsers: tests/fuzz/seeds/<name>/). Exit 77 (skip) when the fuzzer was
# not built (no clang with libFuzzer).
set -u
fuzzer=$1 seeds=$2 secs=${3:-60}
more=("${@:4}")
if [[ ! -x $fuzzer ]]; then
	echo "SKIP: $fuzzer not built (needs clang with -fsanitize=fuzzer)"
	exit 77
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir "$work/corpus" "$work/artifacts" "$work/tmp"
# a target's scratch files (fuzz-common.h fz_tmpdir) go with $work
export TMPDIR=$work/tmp
# new inputs go to the scratch corpus; the seeds stay read-only
"$fuzzer" -max_total_time="$secs" -runs=5000000 -max_len=65536 \
	-timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
	-artifact_prefix="$work/artifacts/" "$work/corpus" "$seeds" "${more[@]}" \
	2>"$work/log"
rc=$?
tail -n 15 "$work/log"
if ((rc != 0)) || compgen -G "$work/artifacts/*" >/dev/null; then
	echo "FAIL: fuzzer exit $rc; crashing inputs:"
	for f in "$work"/artifacts/*; do
		[[ -e $f ]] || continue
		echo "--- $f"
		od -c "$f" | head -n 20
	done
	exit 1
fi
echo "ok: ${fuzzer##*/} ran ${secs}s without a finding"

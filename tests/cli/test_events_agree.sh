#!/usr/bin/env bash
# oomlog and oomwhy read one event stream (cmd/common/evstream.c): on every
# log fixture, the shared corpus (when present) and sources given together,
# oomwhy --all explains each row oomlog lists, in the same order, and
# oomwhy --event N names the victim of oomlog's row N (events-agree.py).
. "$OOMKIT_SOURCE_DIR/tests/lib/common.sh"
python3 "$OOMKIT_SOURCE_DIR/tests/cli/events-agree.py" "$OOMKIT_BUILD_DIR" \
	"$OOMKIT_SOURCE_DIR" "${OOMKIT_SHARED_DIR:-}/corpus/kernel-oom-reports"

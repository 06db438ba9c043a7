#!/usr/bin/env bash
# oomwhy tells only the truth: a check per item of the review of its
# explanations, each on a report of tests/fixtures/truth/ written from the
# kernel's format strings of its era, and rules over every fixture and the
# shared corpus (when present): agreement only with the victim first, no
# claim of absence for lines that are there, three answer lines on top, an
# event in 60 lines of 100 columns, a basis for every sentence
# (oomwhy-truth.py).
. "$OOMKIT_SOURCE_DIR/tests/lib/common.sh"
python3 "$OOMKIT_SOURCE_DIR/tests/cli/oomwhy-truth.py" "$OOMKIT_BUILD_DIR/cmd/oomwhy/oomwhy" \
	"$OOMKIT_SOURCE_DIR/tests/fixtures" "${OOMKIT_SHARED_DIR:-}/corpus/kernel-oom-reports"

#!/usr/bin/env python3
"""Corpus check for the OOM report parser.

Runs report-dump on every *.log of a corpus directory and compares the
events with expected.json (the fields listed in FIELDS, in order, nothing
more, nothing less). Exit 0 when every file matches, 1 otherwise.

usage: check-corpus.py REPORT-DUMP CORPUS-DIR
"""
import json
import os
import subprocess
import sys

FIELDS = ("victim_pid", "victim_comm", "trigger_comm", "constraint",
          "oom_memcg", "task_memcg", "victim_anon_rss_kb",
          "victim_oom_score_adj", "timestamp_text")


def main():
    dumper, corpus = sys.argv[1], sys.argv[2]
    with open(os.path.join(corpus, "expected.json")) as f:
        expected = json.load(f)
    logs = sorted(n for n in os.listdir(corpus) if n.endswith(".log"))
    listed = sorted(e["file"] for e in expected)
    bad = 0
    if logs != listed:
        print("corpus files and expected.json differ: %s / %s" % (logs, listed))
        bad += 1
    for entry in expected:
        path = os.path.join(corpus, entry["file"])
        out = subprocess.run([dumper, path], check=True, capture_output=True,
                             text=True).stdout
        got = [json.loads(l) for l in out.splitlines() if l.strip()]
        got = [{k: e.get(k) for k in FIELDS} for e in got]
        want = [{k: e.get(k) for k in FIELDS} for e in entry["events"]]
        if got == want:
            print("ok   %s (%d events)" % (entry["file"], len(want)))
            continue
        bad += 1
        print("FAIL %s: %d events, expected %d" % (entry["file"], len(got),
                                                   len(want)))
        for i in range(max(len(got), len(want))):
            g = got[i] if i < len(got) else None
            w = want[i] if i < len(want) else None
            if g == w:
                continue
            if g is None or w is None:
                print("  event %d: got %s\n            want %s" % (i, g, w))
                continue
            for k in FIELDS:
                if g[k] != w[k]:
                    print("  event %d %s: got %r, want %r" % (i, k, g[k], w[k]))
    print("%d of %d files differ" % (bad, len(expected)))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())

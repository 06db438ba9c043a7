#!/usr/bin/env python3
"""Rewrite (or, with --check, compare) the three example outputs of
man/oomwhy.1 from today's build: text for the 3.13 Docker report
(tests/fixtures/kmsg/015-...), markdown and JSON for event 1 of the 6.5
desktop report (tests/fixtures/kmsg/045-...).

usage: oomwhy-man-examples.py OOMWHY SOURCE_DIR [--check]
"""
import json
import os
import subprocess
import sys

OOMWHY, SRC = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
CHECK = "--check" in sys.argv[3:]
KMSG = os.path.join(SRC, "tests", "fixtures", "kmsg")
MAN = os.path.join(SRC, "man", "oomwhy.1")
ENV = dict(os.environ, TZ="UTC", LC_ALL="C.UTF-8")
ENV.pop("OOMWHY_TEST_SYSTEMCTL", None)


def run(args):
    return subprocess.run([OOMWHY] + args, capture_output=True, env=ENV, cwd=KMSG,
                          check=False).stdout.decode("utf-8")


def roff(text):
    out = []
    for line in text.rstrip("\n").split("\n"):
        line = line.replace("\\", "\\e").replace("`", "\\(ga")
        if line.startswith((".", "'")):
            line = "\\&" + line
        out.append(line)
    return out


def jsonish():
    doc = json.loads(run(["-J", "--event", "1",
                          "045-notes-nixos-6.5-cgroupv2-perline-stat-no-killable-then-wifi.log"]))
    for ev in doc["events"]:
        ev["ranking"] = ev["ranking"][:2]
    return json.dumps(doc, indent=3, ensure_ascii=False)


# (the command line shown, the output) for each .EX block, by its first line
BLOCKS = {
    "$ oomwhy kern.log": run(["015-blog-kernlog-3.13-ubuntu-docker-line-numbered.log"]),
    "$ oomwhy \\-\\-format=markdown \\-\\-event 1 nixos.log":
        run(["--format=markdown", "--event", "1",
             "045-notes-nixos-6.5-cgroupv2-perline-stat-no-killable-then-wifi.log"]),
    "$ oomwhy \\-J \\-\\-event 1 nixos.log": jsonish(),
}

lines = open(MAN, encoding="utf-8").read().split("\n")
out, i, changed = [], 0, []
while i < len(lines):
    out.append(lines[i])
    if lines[i] == ".EX" and i + 1 < len(lines) and lines[i + 1] in BLOCKS:
        head = lines[i + 1]
        end = lines.index(".EE", i + 1)
        new = [head] + roff(BLOCKS[head])
        if lines[i + 1:end] != new:
            changed.append(head)
        out += new
        i = end
        continue
    i += 1
if CHECK:
    for h in changed:
        print("man/oomwhy.1: the example '%s' is not today's output" % h)
    sys.exit(1 if changed else 0)
open(MAN, "w", encoding="utf-8").write("\n".join(out))
print("rewrote %d example(s)" % len(changed))

#!/usr/bin/env python3
"""mkdata.py OUT SIZE_MIB FIXTURE_DIR - a syslog kern.log of SIZE_MIB.

Ordinary kernel lines of many kinds (network, storage, audit, usb, long
lines), with a real OOM report (tests/fixtures/real/dmesg.txt, three
kills) every 4 MiB, all in the Debian rsyslog format:
  "2026-11-21T10:00:00.123456+00:00 host kernel: [  12.345678] text"
Times increase steadily. Prints the number of kill lines written.
"""
import os
import random
import sys

out, size_mib, fixtures = sys.argv[1], int(sys.argv[2]), sys.argv[3]
rng = random.Random(42)

templates = [
    "IPv4: martian source 10.{a}.{b}.{c} from 192.168.{b}.{a}, on dev eth0",
    "[UFW BLOCK] IN=eth0 OUT= MAC=52:54:00:12:34:56:52:54:00:65:43:21:08:00 SRC=203.0.113.{a} DST=10.0.0.{b} LEN=60 TOS=0x00 PREC=0x00 TTL=52 ID={n} DF PROTO=TCP SPT={p} DPT=22 WINDOW=64240 RES=0x00 SYN URGP=0",
    "audit: type=1400 audit({t}.{ms}:{n}): apparmor=\"DENIED\" operation=\"open\" profile=\"/usr/sbin/cupsd\" name=\"/etc/ssl/private/\" pid={pid} comm=\"cupsd\" requested_mask=\"r\" denied_mask=\"r\" fsuid=0 ouid=0",
    "EXT4-fs (vda{a}): mounted filesystem {n:08x}-aaaa-bbbb-cccc-1234567890ab r/w with ordered data mode. Quota mode: none.",
    "usb {a}-{b}: new high-speed USB device number {c} using xhci_hcd",
    "TCP: request_sock_TCP: Possible SYN flooding on port {p}. Sending cookies.  Check SNMP counters.",
    "nfs: server fileserver{a} not responding, still trying",
    "docker0: port {a}(veth{n:x}) entered blocking state",
    "perf: interrupt took too long ({n} > {p}), lowering kernel.perf_event_max_sample_rate to {c}000",
    "sd {a}:0:0:0: [sd{l}] Synchronizing SCSI cache",
    "process '/usr/bin/python3' started with executable stack",
    "traps: worker[{pid}] general protection fault ip:{n:x} sp:7ffd{p:x} error:0 in libc.so.6[7f{n:x}+155000]",
    "oom_reaper_is_not_this: memory pressure note {n} (not an OOM line)",
    "cgroup: fork rejected by pids controller in /system.slice/app{a}.service",
    "NOHZ tick-stop error: local softirq work is pending, handler #{a}!!!",
]

report = []
with open(os.path.join(fixtures, "dmesg.txt")) as f:
    for line in f:
        # strip the dmesg "[  123.456789] " prefix: we add our own
        text = line.rstrip("\n")
        if text.startswith("["):
            text = text[text.index("]") + 2:]
        report.append(text)
kills_per_report = sum("Killed process" in l for l in report)

chunk = 4 << 20
target = size_mib << 20
written = 0
kills = 0
t = 1795255200.0     # 2026-11-21T10:00:00Z
boot = 12.0

def stamp():
    import time as _t
    s = _t.strftime("%Y-%m-%dT%H:%M:%S", _t.gmtime(t))
    return "%s.%06d+00:00 testhost kernel: [%12.6f] " % (s, int((t % 1) * 1e6), boot)

with open(out, "w", buffering=1 << 20) as f:
    while written < target:
        buf = []
        n = 0
        while n < chunk and written + n < target:
            tpl = rng.choice(templates)
            line = stamp() + tpl.format(a=rng.randint(0, 255), b=rng.randint(0, 255),
                                        c=rng.randint(1, 127), n=rng.randint(0, 1 << 30),
                                        p=rng.randint(1024, 65535), t=int(t), ms=rng.randint(0, 999),
                                        pid=rng.randint(100, 4000000), l=chr(97 + rng.randint(0, 25))) + "\n"
            buf.append(line)
            n += len(line)
            t += 0.003
            boot += 0.003
        if written + n + 40000 < target:
            for l in report:
                line = stamp() + l + "\n"
                buf.append(line)
                n += len(line)
                t += 0.00001
                boot += 0.00001
            kills += kills_per_report
        f.write("".join(buf))
        written += n
print(kills)

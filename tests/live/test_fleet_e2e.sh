#!/usr/bin/env bash
# The fleet view end to end (issue 11), with the real components:
#   1. a child memory cgroup with a 64 MiB limit and no swap;
#   2. prometheus-node-exporter on a free loopback port, its textfile
#      collector reading a temporary directory, and a Prometheus server on
#      another free loopback port scraping it every second (temporary data
#      directory);
#   3. oomtop and oomlog write their metrics there with --output-file: the
#      scraped /metrics has the cgroup's domain with its limit and an
#      oom_kill counter of 0;
#   4. a real OOM kill in the cgroup (a process that allocates past the
#      limit); the writers run again: /metrics has the domain's oom_kill at
#      1 (the kernel's own memory.oom_control / memory.events value) and
#      oomlog's kill counter of that cgroup and command;
#   5. PromQL through Prometheus's HTTP API: increase() of the domain's
#      oom_kill counter over the last minute shows the kill.
# Both servers are started and stopped here; skips (77) without root, a
# writable memory cgroup, the Debian packages or loopback.
. "$OOMKIT_SOURCE_DIR/tests/lib/common.sh"
need_oom_kills
[[ -x $OOMTOP && -x $OOMLOG && -x $HOG ]] || { echo "FAIL: not built"; exit 1; }
NE=$(command -v prometheus-node-exporter || command -v node_exporter) ||
	skip "prometheus-node-exporter missing"
PROM=$(command -v prometheus) || skip "prometheus missing"
command -v curl >/dev/null || skip "curl missing"
command -v python3 >/dev/null || skip "python3 missing"
need_root

tmp=$(mktemp -d "${TMPDIR:-/tmp}/oomkit-fleet.XXXXXX")
ne_pid= prom_pid=
cleanup() {
	[[ -n $ne_pid ]] && kill "$ne_pid" 2>/dev/null
	[[ -n $prom_pid ]] && kill "$prom_pid" 2>/dev/null
	[[ -n $ne_pid ]] && wait "$ne_pid" 2>/dev/null
	[[ -n $prom_pid ]] && wait "$prom_pid" 2>/dev/null
	memcg_cleanup
	rm -rf "$tmp"
}
trap cleanup EXIT
memcg_setup "oomkit-fleet-$$" 64
trap cleanup EXIT	# memcg_setup set its own
domain=$MEMCG_PATH

free_port() {
	python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
# wait_http URL SECONDS: until URL answers 200
wait_http() {
	local i
	for ((i = 0; i < $2 * 10; i++)); do
		curl -fs -o /dev/null "$1" && return 0
		sleep 0.1
	done
	return 1
}
# promql QUERY: the value of the first result of an instant query, or ""
promql() {
	curl -fs --get --data-urlencode "query=$1" "http://127.0.0.1:$prom_port/api/v1/query" |
		python3 -c 'import json, sys
r = json.load(sys.stdin)["data"]["result"]
print(r[0]["value"][1] if r else "")'
}
write_metrics() {
	"$OOMTOP" -b -n 1 --prometheus --output-file "$tmp/textfile/oomkit-oomtop.prom" &&
		"$OOMLOG" --prometheus --output-file "$tmp/textfile/oomkit-oomlog.prom"
}

mkdir "$tmp/textfile" "$tmp/tsdb"
ne_port=$(free_port) prom_port=$(free_port)
[[ -n $ne_port && -n $prom_port && $ne_port != "$prom_port" ]] || skip "no free loopback port"
"$NE" --web.listen-address="127.0.0.1:$ne_port" --collector.disable-defaults \
	--collector.textfile --collector.textfile.directory="$tmp/textfile" \
	>"$tmp/ne.log" 2>&1 &
ne_pid=$!
wait_http "http://127.0.0.1:$ne_port/metrics" 20 || { cat "$tmp/ne.log"; skip "node_exporter did not start"; }
cat >"$tmp/prometheus.yml" <<YML
global:
  scrape_interval: 1s
  evaluation_interval: 1s
scrape_configs:
  - job_name: node
    static_configs:
      - targets: ['127.0.0.1:$ne_port']
YML
"$PROM" --config.file="$tmp/prometheus.yml" --storage.tsdb.path="$tmp/tsdb" \
	--web.listen-address="127.0.0.1:$prom_port" >"$tmp/prom.log" 2>&1 &
prom_pid=$!
wait_http "http://127.0.0.1:$prom_port/-/ready" 60 || { tail -5 "$tmp/prom.log"; skip "prometheus did not start"; }

# --- before the kill -------------------------------------------------------
before=$(memcg_oom_kills)
check "the cgroup starts with no OOM kill" test "$before" -eq 0
write_metrics; rc=$?
check "oomtop and oomlog write the textfiles (exit 0)" test $rc -eq 0
curl -fs "http://127.0.0.1:$ne_port/metrics" >"$tmp/scrape1"
sel="domain=\"$domain\""
check "scraped /metrics: the cgroup's domain with its limit (64 MiB)" \
	grep -qxF "oomkit_domain_limit_bytes{$sel} 6.7108864e+07" "$tmp/scrape1"
check "scraped /metrics: the domain's oom_kill counter at 0" \
	grep -qxF "oomkit_domain_memory_events_total{$sel,event=\"oom_kill\"} 0" "$tmp/scrape1"
check "node_exporter read both files without error" \
	grep -qxF 'node_textfile_scrape_error 0' "$tmp/scrape1"
# Prometheus has the 0 before the kill (increase() needs it)
for ((i = 0; i < 100; i++)); do
	n=$(promql "count_over_time(oomkit_domain_memory_events_total{$sel,event=\"oom_kill\"}[1m])")
	[[ -n $n && $n -ge 2 ]] && break
	sleep 0.2
done
check "Prometheus scraped the 0 at least twice (got ${n:-nothing})" test "${n:-0}" -ge 2

# --- a real OOM kill in the cgroup -----------------------------------------
# the hog joins the cgroup, then allocates 128 MiB against the 64 MiB limit
bash -c 'echo $$ > "$1/cgroup.procs" && shift && exec "$@"' _ "$MEMCG_DIR" \
	"$HOG" -m 128 -c fleet-victim >/dev/null 2>&1 &
hog=$!
{ wait "$hog"; } 2>/dev/null; hog_status=$?
after=$(memcg_oom_kills)
check "the kernel killed the hog (SIGKILL: status $hog_status)" test "$hog_status" -eq 137
check "the cgroup's oom_kill went from 0 to 1 (kernel: $after)" test "$after" -eq 1
write_metrics; rc=$?
check "the writers run again (exit 0)" test $rc -eq 0
curl -fs "http://127.0.0.1:$ne_port/metrics" >"$tmp/scrape2"
check "scraped /metrics: the domain's oom_kill counter at 1" \
	grep -qxF "oomkit_domain_memory_events_total{$sel,event=\"oom_kill\"} 1" "$tmp/scrape2"
check "scraped /metrics: oomlog counted the kill of fleet-victim in $domain" \
	grep -qF "oomkit_log_kills_total{comm=\"fleet-victim\",constraint=\"memcg\",killer=\"kernel\",memcg=\"$domain\"} 1" \
	"$tmp/scrape2"
echo "--- scraped excerpt (node_exporter /metrics)"
grep -F "$domain" "$tmp/scrape2" | grep -v '^#'

# --- PromQL ----------------------------------------------------------------
q="increase(oomkit_domain_memory_events_total{$sel,event=\"oom_kill\"}[1m])"
for ((i = 0; i < 100; i++)); do
	v=$(promql "$q")
	[[ -n $v ]] && python3 -c "import sys; sys.exit(float(sys.argv[1]) < 0.5)" "$v" && break
	sleep 0.2
done
echo "--- PromQL: $q = ${v:-no result}"
check "PromQL increase() of the domain's oom_kill shows the kill (${v:-no result})" \
	python3 -c "import sys; sys.exit(not 0.5 <= float(sys.argv[1] or 0) < 2)" "${v:-0}"
v2=$(promql "oomkit_log_kills_total{memcg=\"$domain\",comm=\"fleet-victim\"}")
echo "--- PromQL: oomkit_log_kills_total{memcg=\"$domain\",comm=\"fleet-victim\"} = ${v2:-no result}"
check "PromQL: oomlog's kill counter of the cgroup is 1" test "${v2:-0}" = 1

# the incident queries of the README's "On a fleet" are valid PromQL and
# find the data they look for
awk '/^During an incident/ { on = 1 } on && /^```/ { if (in_block) exit; in_block = 1; next }
	in_block && !/^#/ { print }' "$OOMKIT_SOURCE_DIR/README.md" >"$tmp/queries"
check "the README has incident queries" test -s "$tmp/queries"
while IFS= read -r q; do
	check "README query runs: $q" bash -c "curl -fs --get --data-urlencode \"query=\$1\" \
		'http://127.0.0.1:$prom_port/api/v1/query' | grep -q '\"status\":\"success\"'" _ "$q"
done <"$tmp/queries"
check "README query: the kill of this test is among the cgroups killed" \
	test -n "$(promql "topk(10, sum by (instance, memcg, comm, killer) (oomkit_log_kills_total{memcg=\"$domain\"}))")"
finish

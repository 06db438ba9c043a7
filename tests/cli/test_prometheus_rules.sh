#!/usr/bin/env bash
# contrib/prometheus/oomkit-rules.yml (issue 11): promtool accepts the rules,
# `promtool test rules` passes, every alert has a test case where it fires,
# and every oomkit_* metric a rule uses is one the commands really write
# (their golden outputs), so a renamed metric cannot leave a dead rule.
. "$OOMKIT_SOURCE_DIR/tests/lib/common.sh"
command -v promtool >/dev/null || skip "promtool missing (Debian package prometheus)"
dir=$OOMKIT_SOURCE_DIR/contrib/prometheus
rules=$dir/oomkit-rules.yml tests=$dir/oomkit-rules.test.yml
exp=$OOMKIT_SOURCE_DIR/tests/cli/expected

check "promtool check rules accepts oomkit-rules.yml" \
	promtool check rules "$rules"
# the test file names its rule file relative to itself
check "promtool test rules passes" bash -c "cd '$dir' && promtool test rules '$tests'"

alerts=$(sed -n 's/^ *- alert: *//p' "$rules")
check "the rule file has alerts" test -n "$alerts"
for a in $alerts; do
	# a case for this alert whose exp_alerts is not empty
	check "alert $a has a test case where it fires" \
		awk -v a="$a" '$1 == "alertname:" { cur = $2 }
			$1 == "exp_alerts:" && cur == a && $2 != "[]" { found = 1 }
			END { exit !found }' "$tests"
	check "alert $a has a test case where it does not fire" \
		awk -v a="$a" '$1 == "alertname:" { cur = $2 }
			$1 == "exp_alerts:" && cur == a && $2 == "[]" { found = 1 }
			END { exit !found }' "$tests"
done
for m in $(grep -o 'oomkit_[a-z_]*' "$rules" | sort -u); do
	check "metric $m used by a rule is written by oomtop or oomlog" \
		grep -q "^# TYPE $m " "$exp/oomtop-prometheus.out" "$exp/oomlog-prometheus.out"
done
finish

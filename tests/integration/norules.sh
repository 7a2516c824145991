#!/usr/bin/env bash
# Integration: against a Prometheus that lacks the project's recording rules
# (Debian's, over tests/data/prom/fixture.om imported with promtool and no
# rule files), every view names what is missing instead of a bare "--" or
# "no data", and --check lists the missing rules.
cd "$(dirname "$0")"
. ./lib.sh
ms5top=$MS5_BUILD/ms5top
data=$(cd ../data/prom && pwd)

shift_openmetrics "$data/fixture.om" "$T_TMP/fixture.om"
check "promtool imports the OpenMetrics fixture" \
	promtool tsdb create-blocks-from openmetrics "$T_TMP/fixture.om" "$T_TMP/tsdb"
port=$(free_port)
prom_start prom "$port" "$T_TMP/tsdb"
if ! prom_wait_ready "$port"; then
	not_ok "prometheus is ready"; tail -n 20 "$T_TMP/prom.log"; done_testing; exit 1
fi
ok "prometheus without rules is ready on port $port"
P="--prometheus=http://127.0.0.1:$port --andon-url="

out=$($ms5top $P --check 2>&1); rc=$?
expect_eq "--check exits 0: the source answers, the rules are a warning" 0 "$rc"
expect_match "--check warns that the recording rules are not loaded" \
	'^rules +WARN [0-9]+ of the [0-9]+ recording rules of rules/ are not loaded' "$out"
expect_match "--check lists each missing rule with its file" \
	'^  line:ms5_oee:ratio_rate8h \(rules/oee.yml\)$' "$out"
expect_match "--check lists the SLO rules too" '^  slo:[a-z0-9_:]+ \(rules/slo.yml\)$' "$out"
n_rules=$(grep -c 'record:' ../../rules/*.yml | awk -F: '{ s += $2 } END { print s }')
expect_eq "--check lists every recording rule of rules/" "$n_rules" \
	"$(printf '%s\n' "$out" | grep -cE '^  [a-z_]+:[a-z0-9_:]+ \(rules/[a-z]+\.yml\)$')"

for role in floor ops exec; do
	out=$($ms5top $P --role "$role" --snapshot --width 120 --height 40 2>&1); rc=$?
	expect_eq "$role: the snapshot exits 0 (the source is up)" 0 "$rc"
	expect_match "$role: a panel names a missing recorded series and its rule file" \
		'ⓘ no [a-z]+:ms5_[a-z0-9_:]+: is( rules/(oee|slo)\.yml)?' "$out"
	# No panel is left with a bare "no data" or "no data in range".
	expect_eq "$role: no panel says only \"no data\"" "" \
		"$(printf '%s\n' "$out" | grep -E '│ *no data( in range)? *│')"
done
out=$($ms5top $P --role ops --snapshot --width 120 --height 40 2>&1)
expect_match "ops: a panel over a raw metric names the query that matched nothing" \
	'ⓘ no series match' "$out"
json=$($ms5top $P --role floor --snapshot --format=json)
expect_eq "the JSON snapshot is unchanged in shape: the line board's oee target is empty" "0" \
	"$(printf '%s' "$json" | /usr/bin/python3 -c 'import json,sys; d=json.load(sys.stdin); print(len(d["panels"][0]["targets"]["oee"]["series"]))')"
done_testing

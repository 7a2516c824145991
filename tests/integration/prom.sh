#!/usr/bin/env bash
# Integration: ms5top --query, --check and the HTTP client against a REAL
# Prometheus (Debian's) loaded with tests/data/prom/fixture.om through
# promtool, a real Alertmanager, and servers that misbehave on purpose.
cd "$(dirname "$0")"
. ./lib.sh
ms5top=$MS5_BUILD/ms5top
data=$(cd ../data/prom && pwd)

# The fixture, shifted to now, as TSDB blocks.
shift_openmetrics "$data/fixture.om" "$T_TMP/fixture.om"
check "promtool imports the OpenMetrics fixture" \
	promtool tsdb create-blocks-from openmetrics "$T_TMP/fixture.om" "$T_TMP/tsdb"

port=$(free_port)
prom_start prom "$port" "$T_TMP/tsdb"
if ! prom_wait_ready "$port"; then
	not_ok "prometheus is ready"; tail -n 20 "$T_TMP/prom.log"; done_testing; exit 1
fi
ok "prometheus is ready on port $port"
P="--prometheus=http://127.0.0.1:$port --andon-url=ws://127.0.0.1:$port/ws/"

out=$($ms5top $P --query 'ms5_line_output_units_total' 2>&1); rc=$?
expect_eq "--query exits 0" 0 "$rc"
expect_match "--query prints a table header" '^metric +line_id +value$' "$out"
expect_match "--query shows line_03's newest value" 'ms5_line_output_units_total +line_03 +2400$' "$out"
expect_eq "--query prints one row per series" 4 "$(printf '%s\n' "$out" | wc -l)"

json=$($ms5top $P --query 'ms5_line_output_units_total{line_id="line_02"}' --format=json)
v=$(printf '%s' "$json" | /usr/bin/python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["resultType"], d["result"][0]["labels"]["line_id"], d["result"][0]["points"][0][1])')
expect_eq "--format=json gives the value with its labels" "vector line_02 1800" "$v"

out=$($ms5top $P --query 'ms5_production_line_status{line_name=~"Abfüllung.*", status="fault"} == 1')
expect_match "PromQL with {} \" =~ and unicode is encoded" 'Abfüllung 3 +fault +1$' "$out"

long="sum(ms5_line_output_units_total)"
for i in $(seq 150); do long="$long + 0 * vector($i)"; done
out=$($ms5top $P --query "$long" 2>&1)
expect_match "long PromQL goes as a POST and answers" '^ +5400$|5400$' "$out"

out=$($ms5top $P --query 'sum(rate(ms5_line_output_units_total[5m])) * 60' 2>&1)
expect_match "rate over the imported counters" '^ *45$' "$out"

out=$($ms5top $P --query 'vector(0/0)' 2>&1)
expect_match "NaN value" 'NaN$' "$out"
out=$($ms5top $P --query '-1/0' 2>&1)
expect_match "scalar -Inf" '^scalar -Inf$' "$out"
out=$($ms5top $P --query '"hello"' 2>&1)
expect_match "string result" '^string hello$' "$out"
out=$($ms5top $P --query 'absent_metric_xyz' 2>&1); rc=$?
expect_match "empty result says so" '\(no data\)' "$out"
expect_eq "empty result is not an error" 0 "$rc"

out=$($ms5top $P --query 'sum(rate(x[5m]' 2>&1); rc=$?
expect_eq "bad PromQL exits 2" 2 "$rc"
expect_match "bad PromQL shows Prometheus' error" 'bad_data: .*parse error' "$out"

out=$($ms5top $P --query 'ms5_line_output_units_total[3m]' 2>&1)
expect_match "a range selector prints its points" 'line_01 +[0-9]+@[0-9]+ [0-9]+@[0-9]+ [0-9]+@[0-9]+' "$out"

# --check against Prometheus, a real Alertmanager and a reachable Andon host.
am_port=$(free_port)
cat >"$T_TMP/am.yml" <<YML
route:
  receiver: none
receivers:
  - name: none
YML
start am "$T_TMP/am.log" prometheus-alertmanager --config.file="$T_TMP/am.yml" \
	--storage.path="$T_TMP/am" --web.listen-address="127.0.0.1:$am_port" \
	--cluster.listen-address=
wait_http "http://127.0.0.1:$am_port/-/ready" 30 || { echo "# alertmanager log:"; tail "$T_TMP/am.log"; }
out=$($ms5top $P --alertmanager "http://127.0.0.1:$am_port" --check 2>&1); rc=$?
expect_eq "--check exits 0 when all sources answer" 0 "$rc"
expect_match "--check names Prometheus' version and latency" '^prometheus +OK +Prometheus 2\.[0-9.]+.* in [0-9]+ ms' "$out"
expect_match "--check names Alertmanager's version" '^alertmanager +OK +Alertmanager [0-9]+\.[0-9]+' "$out"
expect_match "--check reaches the Andon host" '^andon +OK +reachable' "$out"

# Prometheus down: connection refused, one clear line, exit 2.
dead=$(free_port)
out=$($ms5top --prometheus "http://127.0.0.1:$dead" --andon-url "ws://127.0.0.1:$dead/ws/" --check 2>&1); rc=$?
expect_eq "--check exits 2 when a source is down" 2 "$rc"
expect_match "--check says connection refused" '^prometheus +FAIL +connection refused' "$out"
out=$($ms5top --prometheus "http://127.0.0.1:$dead" --query up 2>&1); rc=$?
expect_eq "--query exits 2 when Prometheus is down" 2 "$rc"
expect_match "--query says connection refused" 'connection refused' "$out"

# A port that accepts and never answers: a timeout, not a hang.
hang=$(free_port)
start hang "$T_TMP/hang.log" /usr/bin/python3 ./badserver.py hang "$hang"
wait_for 10 port_open "$hang"
# timeout(1) is the deadline of a hang, not a measurement (bench/timing.sh
# prints how long --timeout 1 takes): 124 would mean ms5top hung.
out=$(timeout 30 $ms5top --prometheus "http://127.0.0.1:$hang" --timeout 1 --query up 2>&1); rc=$?
expect_eq "a silent server ends in exit 2" 2 "$rc"
expect_match "a silent server is reported as a timeout" 'timeout' "$out"
expect_match "the timeout is the one --timeout set" 'within 1 s' "$out"

# A proxy's HTML error page becomes one plain line.
html=$(free_port)
start html "$T_TMP/html.log" /usr/bin/python3 ./badserver.py html502 "$html"
wait_http "http://127.0.0.1:$html/" 10 || true
out=$($ms5top --prometheus "http://127.0.0.1:$html" --query up 2>&1)
expect_match "a 502 HTML page is described by its title" 'HTTP 502 Bad Gateway' "$out"
expect_eq "the HTML itself is not dumped" 0 "$(printf '%s' "$out" | grep -c '<html>')"

# A huge body is refused at the cap.
huge=$(free_port)
start huge "$T_TMP/huge.log" /usr/bin/python3 ./badserver.py huge "$huge"
wait_for 10 port_open "$huge"
out=$($ms5top --prometheus "http://127.0.0.1:$huge" --query up 2>&1); rc=$?
expect_match "a 20 MB body is refused at the cap" 'larger than the [0-9]+-byte cap' "$out"

# Headers and bearer token reach the server; the token is never printed.
rec=$(free_port)
start rec "$T_TMP/rec.log" /usr/bin/python3 ./badserver.py record "$rec" "$T_TMP/headers.txt"
wait_for 10 port_open "$rec"
out=$($ms5top --prometheus "http://127.0.0.1:$rec" --andon-url "ws://127.0.0.1:$rec/ws/" \
	--token s3cr3t-t0ken --header 'X-Scope-OrgID: plant-7' --check 2>&1)
hdrs=$(cat "$T_TMP/headers.txt" 2>/dev/null)
expect_match "the bearer token is sent" '^Authorization: Bearer s3cr3t-t0ken' "$hdrs"
expect_match "custom headers are sent" '^X-Scope-OrgID: plant-7' "$hdrs"
expect_eq "the token is never printed" 0 "$(printf '%s' "$out" | grep -c s3cr3t)"

# Prometheus behind basic auth (its --web.config.file).
hash=$(htpasswd -nbBC 10 floor 'pa55word' | cut -d: -f2)
printf 'basic_auth_users:\n  floor: %s\n' "$hash" >"$T_TMP/web.yml"
aport=$(free_port)
prom_start aprom "$aport" "$T_TMP/tsdb2" --web.config.file="$T_TMP/web.yml"
prom_wait_ready "$aport" -u floor:pa55word || { echo "# auth prometheus log:"; tail "$T_TMP/aprom.log"; }
printf 'pa55word\n' >"$T_TMP/good.pw"; printf 'wrong\n' >"$T_TMP/bad.pw"
out=$($ms5top --prometheus "http://127.0.0.1:$aport" --andon-url "ws://127.0.0.1:$aport/ws/" \
	--user floor --password-file "$T_TMP/good.pw" --check 2>&1); rc=$?
expect_eq "basic auth with the right password: --check exits 0" 0 "$rc"
out=$($ms5top --prometheus "http://127.0.0.1:$aport" --user floor --password-file "$T_TMP/bad.pw" \
	--query up 2>&1); rc=$?
expect_eq "basic auth with a wrong password exits 2" 2 "$rc"
expect_match "a wrong password reads 401 Unauthorized" 'HTTP 401 Unauthorized' "$out"
out=$($ms5top --prometheus "http://127.0.0.1:$aport" --query up 2>&1)
expect_match "no credentials read 401 Unauthorized" 'HTTP 401 Unauthorized' "$out"

# Client-level tests (the HTTP client and decoders on the loop).
if [ -x "$MS5_BUILD/tests/test_http_live" ]; then
	MS5_PROM_URL="http://127.0.0.1:$port" check "client-level tests against Prometheus" \
		"$MS5_BUILD/tests/test_http_live" --jobs=1
fi

done_testing

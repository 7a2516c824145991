#!/usr/bin/env bash
# Integration: ms5sim, the simulated plant, against independent clients:
# curl for REST and /metrics, promtool for the exposition format and the
# OpenMetrics history, Debian's python3-websockets for the WebSocket
# contract (token close 1008, greeting, subscribe, heartbeat, events,
# system_shutdown) and the synthetic load.
cd "$(dirname "$0")"
. ./lib.sh
sim=$MS5_BUILD/src/ms5sim/ms5sim
py=/usr/bin/python3

if [ ! -x "$sim" ]; then
	not_ok "ms5sim is built ($sim)"
	done_testing
	exit 1
fi

# ---- A small WebSocket client (python3-websockets) -----------------------
cat >"$T_TMP/ws.py" <<'PY'
"""ws.py PORT MODE [ARGS]: one WebSocket scenario against ms5sim; prints
KEY=VALUE lines for the shell to check."""
import asyncio, json, sys, time, urllib.request
import websockets

port, mode = int(sys.argv[1]), sys.argv[2]
base = f"127.0.0.1:{port}"

def login():
    req = urllib.request.Request(f"http://{base}/api/v1/auth/login",
        data=json.dumps({"username": "demo", "password": "demo", "remember_me": False}).encode(),
        headers={"Content-Type": "application/json"})
    return json.load(urllib.request.urlopen(req, timeout=5))["access_token"]

async def recv_json(ws, timeout=10):
    return json.loads(await asyncio.wait_for(ws.recv(), timeout))

async def until(ws, pred, timeout):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        m = await recv_json(ws, end - time.monotonic())
        if pred(m):
            return m
    return None

async def bad_token(path):
    try:
        async with websockets.connect(f"ws://{base}{path}") as ws:
            await asyncio.wait_for(ws.recv(), 5)
            await asyncio.wait_for(ws.recv(), 5)
    except websockets.exceptions.ConnectionClosed as e:
        print(f"close_code={e.code}")
    except websockets.exceptions.InvalidStatusCode as e:
        print(f"refused={e.status_code}")
    except Exception as e:
        print(f"error={type(e).__name__}")

async def contract():
    tok = login()
    async with websockets.connect(f"ws://{base}/ws/?token={tok}") as ws:
        g = await recv_json(ws)
        print(f"greeting={g['type']}")
        print(f"envelope={'priority' in g and 'connection_id' in g and 'timestamp' in g}")
        await ws.send(json.dumps({"type": "subscribe", "subscription_type": "line",
            "target_id": "line_001", "filters": {}}))
        m = await until(ws, lambda m: m["type"] == "subscription_confirmed", 5)
        print(f"confirmed={m and m['data']['target_id']}")
        await ws.send(json.dumps({"type": "subscribe", "subscription_type": "bogus"}))
        m = await until(ws, lambda m: m["type"] == "error", 5)
        print(f"bad_subscription={m and m['data']['code']}")
        await ws.send(json.dumps({"type": "heartbeat"}))
        m = await until(ws, lambda m: m["type"] == "pong", 5)
        print(f"heartbeat={m and m['type']}")
        await ws.send(json.dumps({"type": "ping"}))
        m = await until(ws, lambda m: m["type"] == "pong", 5)
        print(f"ping={m and m['type']}")
        await ws.send("{not json")
        m = await until(ws, lambda m: m["type"] == "error", 5)
        print(f"bad_json={m and m['data']['code']}")
        # Events: the demo fault of line_001 opens a critical Andon.
        seen, andon = set(), None
        end = time.monotonic() + 20
        while time.monotonic() < end and not (andon and "production_update" in seen):
            m = await recv_json(ws, end - time.monotonic())
            seen.add(m["type"])
            if m["type"] == "andon_event":
                a = m["data"]["andon_event"]
                if a["line_id"] == "line_001" and a["priority"] == "critical":
                    andon = a
                    print(f"andon_event_id={m['metadata']['event_id'] != ''}")
            if m["type"] not in ("pong", "error", "subscription_confirmed"):
                lid = m["data"].get("line_id") or m["data"].get("andon_event", {}).get("line_id") \
                    or m["data"].get("downtime_data", {}).get("line_id")
                if lid and lid != "line_001":
                    print(f"foreign_line={lid}")
        print(f"types={','.join(sorted(seen))}")
        print(f"andon={andon and andon['status']}:{andon and andon['event_type']}")

async def andon_endpoint():
    tok = login()
    async with websockets.connect(f"ws://{base}/ws/andon?token={tok}&line_id=line_002") as ws:
        g = await recv_json(ws)
        m = await until(ws, lambda m: m["type"] in ("production_update", "oee_update",
            "equipment_status_update"), 20)
        print(f"auto={m and (m['data'].get('line_id'))}")

async def shutdown():
    tok = login()
    async with websockets.connect(f"ws://{base}/ws/?token={tok}") as ws:
        await recv_json(ws)
        print("ready=1", flush=True)
        try:
            m = await until(ws, lambda m: m["type"] == "system_shutdown", 20)
            print(f"shutdown={m and m['type']}")
            await ws.recv()
        except websockets.exceptions.ConnectionClosed as e:
            print(f"close_code={e.code}")

async def expired(token):
    try:
        async with websockets.connect(f"ws://{base}/ws/?token={token}") as ws:
            await asyncio.wait_for(ws.recv(), 5)
    except websockets.exceptions.ConnectionClosed as e:
        print(f"close_code={e.code}")

async def hostile():
    tok = login()
    async with websockets.connect(f"ws://{base}/ws/?token={tok}") as ws:
        await recv_json(ws)
        for junk in ("[]", "null", '{"type": 5}', '{"type":"subscribe","subscription_type":"line"}',
                     '{"type":"subscribe","subscription_type":"line","target_id":' + '"x' * 40 + '"}'):
            await ws.send(junk)
        await ws.send(b"\x00\xff binary")
        await ws.send(json.dumps({"type": "heartbeat"}))
        m = await until(ws, lambda m: m["type"] == "pong", 5)
        print(f"alive={m and m['type']}")
        await ws.send("x" * 70000)
        try:
            await asyncio.wait_for(ws.recv(), 5)
            await asyncio.wait_for(ws.recv(), 5)
        except websockets.exceptions.ConnectionClosed as e:
            print(f"close_code={e.code}")

async def count():
    tok = login()
    n = synth = 0
    t0 = time.monotonic()
    async with websockets.connect(f"ws://{base}/ws/?token={tok}", max_queue=None) as ws:
        try:
            async for m in ws:
                n += 1
                synth += '"load-' in m
        except websockets.exceptions.ConnectionClosed:
            pass
        code = ws.close_code
    print(f"frames={n}")
    print(f"synthetic={synth}")
    print(f"seconds={time.monotonic() - t0:.2f}")
    print(f"close_code={code}")

if mode == "bad":
    asyncio.run(bad_token(sys.argv[3]))
elif mode == "contract":
    asyncio.run(contract())
elif mode == "andon":
    asyncio.run(andon_endpoint())
elif mode == "shutdown":
    asyncio.run(shutdown())
elif mode == "expired":
    asyncio.run(expired(sys.argv[3]))
elif mode == "count":
    asyncio.run(count())
elif mode == "hostile":
    asyncio.run(hostile())
PY

# field KEY TEXT: the value of KEY=... in the output of ws.py.
field() { printf '%s\n' "$2" | sed -n "s/^$1=//p" | head -n 1; }

# json_get EXPR: evaluates a python expression on the JSON on stdin (as d).
json_get() { $py -c "import json,sys; d=json.load(sys.stdin); print($1)" 2>/dev/null; }

login() {
	curl -s -X POST -H 'Content-Type: application/json' \
		-d "{\"username\":\"$2\",\"password\":\"$3\",\"remember_me\":false}" \
		-w '\n%{http_code}' "http://127.0.0.1:$1/api/v1/auth/login"
}

# ---- Command line -----------------------------------------------------------
out=$($sim --help); rc=$?
expect_eq "--help exits 0" 0 "$rc"
for flag in --listen --lines --equipment --seed --speed --credentials --token-ttl --shapes \
	--event-rate --duration --history --history-step --out --epoch --now --demo-fault \
	--ws-idle-timeout --version; do
	if ! printf '%s' "$out" | grep -q -- "$flag"; then
		missing="${missing:-} $flag"
	fi
done
expect_eq "--help names every flag" "" "${missing:-}"
expect_match "--version names the program and version" '^ms5sim [0-9]+\.[0-9]+' "$($sim --version)"
for bad in "--lines 0" "--lines x" "--speed -1" "--shapes b" "--bogus" "--listen nope" \
	"--credentials demo" "--history 1h" "--event-rate" "--history 2x --out /dev/null"; do
	err=$($sim $bad 2>&1 >/dev/null); rc=$?
	if [ "$rc" -eq 1 ] && [ -n "$err" ]; then
		ok "bad flags '$bad': exit 1 with a message"
	else
		not_ok "bad flags '$bad': exit 1 with a message (rc=$rc, '$err')"
	fi
done

# ---- A server at ten times real speed (the demo fault comes 3 s in) -----------
port=$(free_port)
start sim "$T_TMP/sim.log" $sim --listen "127.0.0.1:$port" --speed 10 --seed 7
if ! wait_http "http://127.0.0.1:$port/health" 20; then
	not_ok "ms5sim answers /health"; tail -n 20 "$T_TMP/sim.log"; done_testing; exit 1
fi
ok "ms5sim answers /health on port $port"
B="http://127.0.0.1:$port"

# /metrics: the exposition format (promtool), the contract, consistent labels.
curl -s "$B/metrics" >"$T_TMP/metrics.txt"
promtool check metrics <"$T_TMP/metrics.txt" >"$T_TMP/lint.txt" 2>&1; rc=$?
if [ "$rc" -le 3 ] && ! grep -qi 'error' "$T_TMP/lint.txt"; then
	ok "promtool parses /metrics (exit $rc)"
else
	not_ok "promtool parses /metrics (exit $rc)"; sed 's/^/#   /' "$T_TMP/lint.txt" | head
fi
# The only lint finding allowed is the contract's own unit choice.
expect_eq "promtool lint finds only the contract's ms5_maintenance_downtime_minutes" "" \
	"$(grep -v '^ms5_maintenance_downtime_minutes use base unit' "$T_TMP/lint.txt")"
for m in ms5_production_line_status ms5_line_planned_runtime_seconds_total ms5_line_runtime_seconds_total \
	ms5_line_output_units_total ms5_line_theoretical_output_units_total ms5_line_good_units_total \
	ms5_production_oee ms5_production_throughput ms5_production_target_units \
	ms5_production_efficiency_percent ms5_quality_defect_rate ms5_quality_checks_total \
	ms5_downtime_seconds_total ms5_energy_kwh_total ms5_equipment_status \
	ms5_equipment_temperature_celsius ms5_equipment_vibration_mm_per_second \
	ms5_maintenance_next_due_timestamp_seconds ms5_maintenance_work_orders_active \
	ms5_maintenance_downtime_minutes ms5_andon_events_active ms5_andon_events_total \
	ms5_andon_response_time_seconds ms5_api_requests_total ms5_api_request_duration_seconds \
	ms5_db_connections_active ms5_db_connections_max ms5_db_query_duration_seconds \
	ms5_websocket_connections_active ms5_websocket_messages_total ms5_background_tasks_queued \
	ms5_background_tasks_total ms5_pod_restarts_total ms5_node_utilization_percent \
	ms5_cluster_health_score ms5_resource_cost_usd pg_up ms5sim_ws_frames_sent_total; do
	grep -q "^# TYPE $m " "$T_TMP/metrics.txt" || missing_m="${missing_m:-} $m"
done
expect_eq "/metrics holds every metric of the contract" "" "${missing_m:-}"
expect_eq "six lines, one status each" 6 "$(grep -c '^ms5_production_line_status{.*} 1$' "$T_TMP/metrics.txt")"
expect_match "line ids and names as labels" \
	'ms5_production_line_status\{line_id="line_006",line_name="Line 6 - Filling",status="[a-z]+"\}' \
	"$(cat "$T_TMP/metrics.txt")"
expect_eq "30 equipment codes L0n.KIND.01" 30 \
	"$(grep -o '^ms5_equipment_temperature_celsius{equipment_code="L0[1-6]\.[A-Z]*\.01",line_id="line_00[1-6]"}' "$T_TMP/metrics.txt" | sort -u | wc -l)"
expect_match "the latency SLO bucket le=0.2 exists" \
	'ms5_api_request_duration_seconds_bucket\{method="GET",endpoint="/api/v1/andon/events/active",le="0.2"\} [0-9]+' \
	"$(cat "$T_TMP/metrics.txt")"
expect_match "the Andon response bucket le=300 exists" \
	'ms5_andon_response_time_seconds_bucket\{priority="critical",le="300"\} [0-9]+' "$(cat "$T_TMP/metrics.txt")"

# REST: login, tokens, active events, dashboard.
r=$(login "$port" demo wrong)
expect_eq "login with a wrong password: 401" 401 "$(printf '%s' "$r" | tail -n 1)"
expect_match "the 401 is JSON with a detail" '"detail":' "$(printf '%s' "$r" | head -n 1)"
r=$(login "$port" demo demo)
expect_eq "login with demo/demo: 200" 200 "$(printf '%s' "$r" | tail -n 1)"
body=$(printf '%s' "$r" | head -n 1)
expect_eq "login answers a bearer pair with expiry and an admin user" "bearer 1800 admin demo True" \
	"$(printf '%s' "$body" | json_get 'd["token_type"], d["expires_in"], d["user"]["role"], d["user"]["username"], bool(d["refresh_token"])' | tr -d "(),'")"
token=$(printf '%s' "$body" | json_get 'd["access_token"]')
refresh=$(printf '%s' "$body" | json_get 'd["refresh_token"]')
code=$(curl -s -o /dev/null -w '%{http_code}' "$B/api/v1/andon/events/active")
expect_eq "active events without a token: 401" 401 "$code"
code=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer nope" "$B/api/v1/andon/events/active")
expect_eq "active events with an unknown token: 401" 401 "$code"
r=$(curl -s -w '\n%{http_code}' -H "Authorization: Bearer $token" "$B/api/v1/andon/events/active")
expect_eq "active events with the token: 200" 200 "$(printf '%s' "$r" | tail -n 1)"
expect_eq "active events is a JSON array of full Andon events" True \
	"$(printf '%s' "$r" | head -n 1 | json_get 'isinstance(d, list) and all(set(["id","line_id","equipment_code","event_type","priority","description","status","reported_by","reported_at","acknowledged_by","acknowledged_at","resolved_by","resolved_at","resolution_notes","escalation_level"]) <= set(e) for e in d)')"
r=$(curl -s -H "Authorization: Bearer $token" "$B/api/v1/dashboard/lines")
expect_eq "dashboard lines: six lines with the contract's fields" "6 True" \
	"$(printf '%s' "$r" | json_get 'len(d), all(set(["line_id","line_code","name","status","oee","availability","performance","quality","current_job","active_downtime","active_andon_events"]) <= set(l) for l in d)' | tr -d "(),")"
r=$(curl -s -X POST -d "{\"refresh_token\":\"$refresh\"}" -w '\n%{http_code}' "$B/api/v1/auth/refresh")
expect_eq "refresh: 200 with a new access token" "200 True" \
	"$(printf '%s' "$r" | tail -n 1) $(printf '%s' "$r" | head -n 1 | json_get "d['access_token'] != '$token'")"
code=$(curl -s -o /dev/null -w '%{http_code}' -X POST -d "{\"refresh_token\":\"$refresh\"}" "$B/api/v1/auth/refresh")
expect_eq "a refresh token works once: 401 the second time" 401 "$code"
code=$(curl -s -o /dev/null -w '%{http_code}' "$B/api/v1/nope")
expect_eq "unknown path: 404" 404 "$code"
code=$(curl -s -o /dev/null -w '%{http_code}' -X POST -d 'not json' "$B/api/v1/auth/login")
expect_eq "login with a body that is not JSON: 422" 422 "$code"
code=$(curl -s -o /dev/null -w '%{http_code}' -X POST -d '{"username":"demo","password":5}' "$B/api/v1/auth/login")
expect_eq "login without a string password: 422" 422 "$code"
head -c 100000 /dev/zero | tr '\0' 'x' >"$T_TMP/big.txt"
code=$(curl -s -o /dev/null -w '%{http_code}' -X POST --data-binary @"$T_TMP/big.txt" "$B/api/v1/auth/login")
expect_eq "a 100 kB login body: 413" 413 "$code"
code=$(curl -s -o /dev/null -w '%{http_code}' -X DELETE "$B/api/v1/andon/events/active")
expect_match "an unsupported method is refused (4xx)" '^4[0-9][0-9]$' "$code"

# WebSocket.
r=$($py "$T_TMP/ws.py" "$port" bad "/ws/?token=nope" 2>&1)
expect_eq "WebSocket with a bad token: upgrade, then close 1008" 1008 "$(field close_code "$r")"
r=$($py "$T_TMP/ws.py" "$port" bad "/ws/" 2>&1)
expect_eq "WebSocket without a token: close 1008" 1008 "$(field close_code "$r")"
r=$($py "$T_TMP/ws.py" "$port" bad "/ws?token=$token" 2>&1)
expect_match "/ws without the trailing slash matches no route" '^(refused=|error=)' "$r"
r=$(timeout 60 $py "$T_TMP/ws.py" "$port" contract 2>&1)
expect_eq "good token: the greeting is a system_alert" system_alert "$(field greeting "$r")"
expect_eq "frames carry priority, connection_id and timestamp" True "$(field envelope "$r")"
expect_eq "subscribe -> subscription_confirmed" line_001 "$(field confirmed "$r")"
expect_eq "an unknown subscription type is an error frame" INVALID_SUBSCRIPTION "$(field bad_subscription "$r")"
expect_eq "heartbeat -> pong" pong "$(field heartbeat "$r")"
expect_eq "ping -> pong" pong "$(field ping "$r")"
expect_eq "invalid JSON is an error frame" INVALID_JSON "$(field bad_json "$r")"
expect_match "events arrive for the subscribed line" 'production_update' "$(field types "$r")"
expect_match "line_001's demo fault opens a critical Andon (shape A, with metadata.event_id)" \
	'^open:stop$' "$(field andon "$r")"
expect_eq "only the subscribed line's events arrive" "" "$(field foreign_line "$r")"
r=$(timeout 30 $py "$T_TMP/ws.py" "$port" hostile 2>&1)
expect_eq "hostile frames (wrong types, binary, long ids) leave the connection working" pong "$(field alive "$r")"
expect_eq "a 70 kB message closes with 1009" 1009 "$(field close_code "$r")"
r=$(timeout 30 $py "$T_TMP/ws.py" "$port" andon 2>&1)
expect_eq "/ws/andon?line_id= subscribes to that line" line_002 "$(field auto "$r")"

# The model behind it: line_001 is down with its Andon open, also in /metrics.
curl -s "$B/metrics" >"$T_TMP/metrics2.txt"
expect_match "line_001 is in fault in /metrics" \
	'^ms5_production_line_status\{line_id="line_001",line_name="Line 1 - Bottling",status="fault"\} 1$' \
	"$(cat "$T_TMP/metrics2.txt")"
expect_match "an active critical Andon on line_001 in /metrics" \
	'^ms5_andon_events_active\{priority="critical",status="(open|escalated|acknowledged)",line_id="line_001"\} 1$' \
	"$(cat "$T_TMP/metrics2.txt")"
expect_match "WebSocket connections are counted" '^ms5sim_ws_connections_total [1-9]' "$(cat "$T_TMP/metrics2.txt")"
a1=$(grep '^ms5_line_planned_runtime_seconds_total{line_id="line_001"}' "$T_TMP/metrics.txt" | awk '{print $2}')
a2=$(grep '^ms5_line_planned_runtime_seconds_total{line_id="line_001"}' "$T_TMP/metrics2.txt" | awk '{print $2}')
if [ -n "$a1" ] && [ -n "$a2" ] && [ "$a2" -gt "$a1" ]; then
	ok "line_001's planned time grows between scrapes ($a1 -> $a2)"
else
	not_ok "line_001's planned time grows between scrapes ($a1 -> $a2)"
fi
code=$(curl -s -H "Authorization: Bearer $token" "$B/api/v1/dashboard/lines" | \
	json_get '[l for l in d if l["line_id"] == "line_001"][0]["status"], len([l for l in d if l["line_id"] == "line_001"][0]["active_andon_events"]) > 0' | tr -d "(),'")
expect_eq "dashboard: line_001 in fault with an active Andon" "fault True" "$code"

# ---- Tokens expire; SIGTERM sends system_shutdown ------------------------------------
port2=$(free_port)
start sim2 "$T_TMP/sim2.log" $sim --listen "127.0.0.1:$port2" --token-ttl 2 --lines 2
sim2_pid=$LAST_PID
wait_http "http://127.0.0.1:$port2/health" 20 || not_ok "second ms5sim answers"
short=$(login "$port2" demo demo | head -n 1 | json_get 'd["access_token"]')
short_code() {
	curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $short" "http://127.0.0.1:$port2/api/v1/andon/events/active"
}
code=$(short_code)
expect_eq "a fresh 2 s access token: 200" 200 "$code"
token_expired() { code=$(short_code); [ "$code" = 401 ]; }
wait_for 10 token_expired
expect_eq "an expired access token: 401" 401 "$code"
r=$($py "$T_TMP/ws.py" "$port2" expired "$short" 2>&1)
expect_eq "an expired access token on the WebSocket: close 1008" 1008 "$(field close_code "$r")"
$py "$T_TMP/ws.py" "$port2" shutdown >"$T_TMP/shutdown.out" 2>&1 &
client=$!
wait_for 10 file_has "$T_TMP/shutdown.out" '^ready=1$'
kill -TERM "$sim2_pid"
wait "$client"
wait "$sim2_pid"; rc=$?
r=$(cat "$T_TMP/shutdown.out")
expect_eq "SIGTERM: clients get system_shutdown" system_shutdown "$(field shutdown "$r")"
expect_eq "SIGTERM: then a close 1001" 1001 "$(field close_code "$r")"
expect_eq "SIGTERM: ms5sim exits 0" 0 "$rc"
expect_match "SIGTERM: ms5sim logs the shutdown and its frame count" 'frames sent: [0-9]+' "$(cat "$T_TMP/sim2.log")"
expect_match "logs one line per login and connection" 'login .demo. from 127\.0\.0\.1' "$(cat "$T_TMP/sim2.log")"

# ---- History: promtool imports it; a real Prometheus joins it to the live server ----
# The history carries the job/instance labels that Prometheus gives the scraped
# server (--job, and --listen as the instance), so the series are the same.
port3=$(free_port)
now=$(date +%s)
$sim --history 1h --out "$T_TMP/history.om" --seed 7 --now "$now" --listen "127.0.0.1:$port3" \
	2>"$T_TMP/history.log"; rc=$?
expect_eq "--history 1h exits 0" 0 "$rc"
expect_match "history of 6 lines x 1 h: every series, 241 samples" 'wrote 9[0-9][0-9] series x 241 samples' \
	"$(cat "$T_TMP/history.log")"
expect_eq "the history ends in # EOF" "# EOF" "$(tail -n 1 "$T_TMP/history.om")"
check "promtool tsdb create-blocks-from openmetrics imports the history" \
	promtool tsdb create-blocks-from openmetrics "$T_TMP/history.om" "$T_TMP/tsdb"
last=$(grep '^ms5_line_output_units_total{line_id="line_001",job="ms5sim",instance="127.0.0.1:'"$port3"'"}' \
	"$T_TMP/history.om" | tail -n 1)
expect_match "the history samples every 15 s up to now, with the target's labels" " $(( now / 15 * 15 ))\$" "$last"
start sim3 "$T_TMP/sim3.log" $sim --listen "127.0.0.1:$port3" --seed 7 --now "$((now + 5))" --demo-fault off
wait_http "http://127.0.0.1:$port3/health" 20 || not_ok "third ms5sim answers"
live=$(curl -s "http://127.0.0.1:$port3/metrics" | grep '^ms5_line_output_units_total{line_id="line_001"}' | awk '{print $2}')
hist=$(printf '%s' "$last" | awk '{print $2}')
if [ -n "$live" ] && [ -n "$hist" ] && [ "$live" -ge "$hist" ] && [ "$((live - hist))" -lt 5000 ]; then
	ok "the live counter continues the history's ($hist -> $live)"
else
	not_ok "the live counter continues the history's ($hist -> $live)"
fi
pport=$(free_port)
cat >"$T_TMP/prom.yml" <<YML
global:
  scrape_interval: 1s
scrape_configs:
  - job_name: ms5sim
    static_configs:
      - targets: ['127.0.0.1:$port3']
YML
start prom "$T_TMP/prom.log" prometheus --config.file="$T_TMP/prom.yml" --storage.tsdb.path="$T_TMP/tsdb" \
	--storage.tsdb.retention.time=30d --web.listen-address="127.0.0.1:$pport"
if prom_wait_ready "$pport"; then
	promq() {
		curl -s --data-urlencode "query=$1" "http://127.0.0.1:$pport/api/v1/query" |
			$py -c 'import json,sys; r=json.load(sys.stdin)["data"]["result"]; print(len(r), *[v["value"][1] for v in r])'
	}
	joined() {
		n=$(promq 'count_over_time(ms5_line_output_units_total{line_id="line_001"}[2h])')
		[ "${n#1 }" != "$n" ] && [ "${n#1 }" -ge 244 ] 2>/dev/null
	}
	n=""
	wait_for 20 joined
	expect_match "Prometheus sees one line_001 output series: history and scrapes joined" '^1 (24[4-9]|2[5-9][0-9])$' "$n"
	q=""
	for c in ms5_line_planned_runtime_seconds_total ms5_line_runtime_seconds_total ms5_line_output_units_total \
		ms5_line_theoretical_output_units_total ms5_line_good_units_total ms5_quality_checks_total \
		ms5_downtime_seconds_total ms5_energy_kwh_total ms5_andon_events_total ms5_api_requests_total \
		ms5_background_tasks_total ms5_pod_restarts_total ms5_andon_response_time_seconds_count \
		ms5_api_request_duration_seconds_bucket ms5_db_query_duration_seconds_count; do
		q="${q:+$q + }sum(resets($c[2h]))"
	done
	expect_eq "no counter resets across the history/live boundary" "1 0" "$(promq "$q")"
else
	not_ok "prometheus is ready"; tail -n 5 "$T_TMP/prom.log"
fi

# ---- Load: --event-rate 2000 --duration 3 --------------------------------------------------
port4=$(free_port)
start sim4 "$T_TMP/sim4.log" $sim --listen "127.0.0.1:$port4" --event-rate 2000 --duration 3 --lines 2
sim4_pid=$LAST_PID
wait_http "http://127.0.0.1:$port4/health" 10 || not_ok "load ms5sim answers"
r=$(timeout 20 $py "$T_TMP/ws.py" "$port4" count 2>&1)
wait "$sim4_pid"; rc=$?
synth=$(field synthetic "$r")
echo "# load: $(printf '%s' "$r" | tr '\n' ' ')"
# How many it makes in 3 s is ms5sim's speed (bench/timing.sh prints it);
# here: it made a load, and the client got every frame it sent.
if [ -n "$synth" ] && [ "$synth" -ge 1 ]; then
	ok "--event-rate 2000 for 3 s delivers synthetic frames ($synth)"
else
	not_ok "--event-rate 2000 for 3 s delivers synthetic frames (${synth:-none})"
fi
expect_eq "--duration ends the server with exit 0" 0 "$rc"
expect_eq "the load client sees a clean close 1001" 1001 "$(field close_code "$r")"
sent=$(sed -n 's/.*frames sent: \([0-9]*\) (\([0-9]*\) synthetic.*/\2/p' "$T_TMP/sim4.log")
expect_eq "ms5sim prints the frames it sent on exit" "$synth" "$sent"

# ---- Mixed shapes ------------------------------------------------------------------------------
port5=$(free_port)
start sim5 "$T_TMP/sim5.log" $sim --listen "127.0.0.1:$port5" --shapes mixed --speed 60 --duration 6
wait_http "http://127.0.0.1:$port5/health" 10 || not_ok "mixed ms5sim answers"
cat >"$T_TMP/mixed.py" <<'PY'
import asyncio, json, sys, urllib.request, websockets
port = int(sys.argv[1])
req = urllib.request.Request(f"http://127.0.0.1:{port}/api/v1/auth/login",
    data=b'{"username":"demo","password":"demo"}', headers={"Content-Type": "application/json"})
tok = json.load(urllib.request.urlopen(req, timeout=5))["access_token"]
async def main():
    types, zones, nested, flat, ids, dups = set(), set(), 0, 0, set(), 0
    async with websockets.connect(f"ws://127.0.0.1:{port}/ws/?token={tok}") as ws:
        for i in range(1, 7):
            await ws.send(json.dumps({"type": "subscribe", "subscription_type": "line", "target_id": f"line_00{i}"}))
        try:
            async for m in ws:
                d = json.loads(m)
                types.add(d["type"])
                t = d.get("timestamp", "")
                zones.add("Z" if t.endswith("Z") else "offset" if t.endswith("+00:00") else "naive")
                data = d.get("data")
                if isinstance(data, dict) and any(k.endswith("_data") for k in data):
                    nested += 1
                elif "line_id" in d:
                    flat += 1
                eid = (d.get("metadata") or {}).get("event_id")
                if eid:
                    dups += eid in ids
                    ids.add(eid)
        except websockets.exceptions.ConnectionClosed:
            pass
    print("zones=" + ",".join(z for z in ("naive", "Z", "offset") if z in zones))
    print(f"nested={nested > 0}")
    print(f"flat={flat > 0}")
    print(f"aliases={bool(types & {'oee_calculation_completed', 'equipment_status_change', 'andon_alert', 'escalation_event', 'andon_event_created', 'andon_event_updated', 'andon_event_resolved', 'andon_resolved', 'equipment_fault_occurred', 'equipment_fault_resolved'})}")
    print(f"dups={dups}")
asyncio.run(main())
PY
r=$(timeout 20 $py "$T_TMP/mixed.py" "$port5" 2>&1)
expect_eq "--shapes mixed: naive, Z and +00:00 timestamps" "naive,Z,offset" "$(field zones "$r")"
expect_eq "--shapes mixed: nested (A) frames" True "$(field nested "$r")"
expect_eq "--shapes mixed: flat (C) frames with a top-level line_id" True "$(field flat "$r")"
expect_eq "--shapes mixed: other type names (B, C)" True "$(field aliases "$r")"
d=$(field dups "$r")
if [ -n "$d" ] && [ "$d" -gt 0 ]; then
	ok "--shapes mixed: duplicate frames with the same metadata.event_id ($d)"
else
	not_ok "--shapes mixed: duplicate frames with the same metadata.event_id (${d:-none})"
fi

done_testing

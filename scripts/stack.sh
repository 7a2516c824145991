# The demo stack, shared by scripts/demo and the end-to-end tests (sourced).
# Starts, in a directory of the caller's, on free loopback ports:
#   ms5sim          the simulated MS5 backend (WebSocket, REST, /metrics)
#   node exporter   Debian's, real host metrics
#   Alertmanager    Debian's
#   Prometheus      Debian's, with the project's rules, scraping the above
#                   every 5 s, over 6 h of history from `ms5sim --history`
#                   imported with promtool
# Every process started is remembered in STACK_PIDS; stack_stop stops them.
# A server that fails to start makes stack_start return 1 after printing
# which one and the end of its log.
#
# Needs: STACK_ROOT (the repository), STACK_BUILD (a build directory with
# ms5top and ms5sim), STACK_DIR (an empty directory). Optional: STACK_SEED,
# STACK_HISTORY (default 6h), STACK_SPEED (ms5sim --speed), STACK_EVENT_RATE
# (ms5sim --event-rate: extra Andon events per second), STACK_SIM_ARGS (more
# ms5sim flags, split at blanks: e.g. "--token-ttl 5 --demo-fault off"),
# STACK_PROXY=1 (ms5top reaches Prometheus and ms5sim through
# tests/integration/tcpproxy.py, whose faults the caller sets: see below).
# Sets: SIM_PORT PROM_PORT AM_PORT NODE_PORT, SIM_PID PROM_PID, STACK_ARGS
# (the ms5top flags that point at the stack).
#
# With STACK_PROXY=1 the proxy's routes are "prom" (PROXY_PROM_PORT ->
# Prometheus), "sim" (PROXY_SIM_PORT -> ms5sim) and "sim2" (PROXY_SIM2_PORT
# -> ms5sim, from the source address 127.0.0.2, so that ms5sim's log tells
# a second client's connections apart); STACK_ARGS points at prom and sim.
# stack_proxy COMMAND... sends one line to its control port (PROXY_CTL_PORT)
# and prints the answer, e.g. stack_proxy blackhole prom; stack_proxy heal prom.
# Prometheus scrapes ms5sim directly, not through the proxy.

STACK_PIDS=()

stack_free_port() {
	/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

# stack_fail NAME LOG
stack_fail() {
	echo "$1 failed to start; the end of its log ($2):" >&2
	tail -n 20 "$2" >&2
	return 1
}

# stack_wait URL PID: until the URL answers 2xx, while the process lives (30 s).
stack_wait() {
	local i
	for i in $(seq 300); do
		curl -fsS -o /dev/null --max-time 1 "$1" 2>/dev/null && return 0
		kill -0 "$2" 2>/dev/null || return 1
		sleep 0.1
	done
	return 1
}

# stack_run LOG cmd...: in the background; sets LAST_PID.
stack_run() {
	local log=$1; shift
	"$@" >"$log" 2>&1 &
	LAST_PID=$!
	STACK_PIDS+=("$LAST_PID")
}

stack_stop() {
	local pid
	for pid in "${STACK_PIDS[@]:-}"; do [ -n "$pid" ] && kill "$pid" 2>/dev/null; done
	for pid in "${STACK_PIDS[@]:-}"; do [ -n "$pid" ] && wait "$pid" 2>/dev/null; done
	STACK_PIDS=()
}

stack_sim_start() {
	stack_run "$STACK_DIR/ms5sim.log" "$STACK_BUILD/src/ms5sim/ms5sim" --listen "127.0.0.1:$SIM_PORT" \
		--seed "${STACK_SEED:-7}" --epoch "$STACK_EPOCH" ${STACK_SPEED:+--speed "$STACK_SPEED"} \
		${STACK_EVENT_RATE:+--event-rate "$STACK_EVENT_RATE"} ${STACK_SIM_ARGS:-}
	SIM_PID=$LAST_PID
	stack_wait "http://127.0.0.1:$SIM_PORT/metrics" "$SIM_PID" || stack_fail ms5sim "$STACK_DIR/ms5sim.log"
}

stack_prom_start() {
	stack_run "$STACK_DIR/prometheus.log" prometheus --config.file="$STACK_DIR/prometheus.yml" \
		--storage.tsdb.path="$STACK_DIR/tsdb" --storage.tsdb.retention.time=30d \
		--web.listen-address="127.0.0.1:$PROM_PORT" --rules.alert.resend-delay=5s
	PROM_PID=$LAST_PID
	stack_wait "http://127.0.0.1:$PROM_PORT/-/ready" "$PROM_PID" || stack_fail Prometheus "$STACK_DIR/prometheus.log"
}

# stack_backfill SECONDS: fills the recording rules over the imported
# history (the last SECONDS up to now), level by level (scripts/rule-levels),
# each over a Prometheus without rules that holds the levels before it, so
# that SLO windows and recorded trends are full from the first frame.
stack_backfill() {
	local secs=$1 now levels lvl port pid
	now=$(date +%s)
	levels=$(/usr/bin/python3 "$STACK_ROOT/scripts/rule-levels" "$STACK_DIR/levels" "$STACK_ROOT"/rules/*.yml) ||
		return 1
	printf 'global:\n  scrape_interval: 1h\n' >"$STACK_DIR/backfill.yml"
	for lvl in $(seq 0 $((levels - 1))); do
		port=$(stack_free_port)
		prometheus --config.file="$STACK_DIR/backfill.yml" --storage.tsdb.path="$STACK_DIR/tsdb" \
			--storage.tsdb.retention.time=30d --web.listen-address="127.0.0.1:$port" \
			>"$STACK_DIR/backfill-prometheus.log" 2>&1 &
		pid=$!
		if ! stack_wait "http://127.0.0.1:$port/-/ready" "$pid"; then
			kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null
			stack_fail "Prometheus (rule backfill)" "$STACK_DIR/backfill-prometheus.log"
			return 1
		fi
		promtool tsdb create-blocks-from rules --quiet --start $((now - secs)) --end "$now" \
			--eval-interval 60s --url "http://127.0.0.1:$port" --output-dir "$STACK_DIR/blocks" \
			"$STACK_DIR/levels/level$lvl.yml" >"$STACK_DIR/backfill.log" 2>&1
		local rc=$?
		kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null
		[ "$rc" -eq 0 ] || { stack_fail "promtool (rule backfill)" "$STACK_DIR/backfill.log"; return 1; }
		mv "$STACK_DIR"/blocks/* "$STACK_DIR/tsdb/" 2>/dev/null
	done
	rm -rf "$STACK_DIR/blocks" "$STACK_DIR/levels"
}

# stack_seconds 6h: the seconds of a duration in s, m, h or d.
stack_seconds() {
	case $1 in
	*d) echo $(( ${1%d} * 86400 )) ;;
	*h) echo $(( ${1%h} * 3600 )) ;;
	*m) echo $(( ${1%m} * 60 )) ;;
	*s) echo "${1%s}" ;;
	*) echo "$1" ;;
	esac
}

# stack_proxy_start: the proxy in front of Prometheus and ms5sim (STACK_PROXY=1).
stack_proxy_start() {
	PROXY_PROM_PORT=$(stack_free_port); PROXY_SIM_PORT=$(stack_free_port)
	PROXY_SIM2_PORT=$(stack_free_port); PROXY_CTL_PORT=$(stack_free_port)
	stack_run "$STACK_DIR/proxy.log" /usr/bin/python3 "$STACK_ROOT/tests/integration/tcpproxy.py" \
		--control "$PROXY_CTL_PORT" --route "prom=$PROXY_PROM_PORT:$PROM_PORT" \
		--route "sim=$PROXY_SIM_PORT:$SIM_PORT" --route "sim2=$PROXY_SIM2_PORT:$SIM_PORT@127.0.0.2"
	PROXY_PID=$LAST_PID
	local i
	for i in $(seq 100); do
		grep -q '^tcpproxy: ready' "$STACK_DIR/proxy.log" 2>/dev/null && return 0
		kill -0 "$PROXY_PID" 2>/dev/null || break
		sleep 0.1
	done
	stack_fail "the TCP proxy" "$STACK_DIR/proxy.log"
}

# stack_proxy COMMAND...: one command to the proxy; its answer on stdout
# (status 1 when it is not "ok ..." or a JSON object).
stack_proxy() {
	local reply
	exec 9<>"/dev/tcp/127.0.0.1/$PROXY_CTL_PORT" || return 1
	printf '%s\n' "$*" >&9
	read -r -t 10 reply <&9
	exec 9>&-
	printf '%s\n' "$reply"
	[[ $reply == ok* || $reply == "{"* ]]
}

stack_start() {
	local f rules=""
	SIM_PORT=$(stack_free_port); PROM_PORT=$(stack_free_port)
	AM_PORT=$(stack_free_port); NODE_PORT=$(stack_free_port)

	# The history and the live server share the model's epoch (the counters
	# start at zero there) and the scrape target's job and instance labels,
	# so that Prometheus sees one continuous series across the boundary.
	STACK_EPOCH=$(( $(date +%s) / 86400 * 86400 - 86400 ))
	"$STACK_BUILD/src/ms5sim/ms5sim" --history "${STACK_HISTORY:-6h}" --out "$STACK_DIR/history.om" \
		--seed "${STACK_SEED:-7}" --epoch "$STACK_EPOCH" --job ms5sim --instance "127.0.0.1:$SIM_PORT" \
		>"$STACK_DIR/history.log" 2>&1 \
		|| { stack_fail "ms5sim --history" "$STACK_DIR/history.log"; return 1; }
	promtool tsdb create-blocks-from openmetrics "$STACK_DIR/history.om" "$STACK_DIR/tsdb" \
		>"$STACK_DIR/promtool.log" 2>&1 \
		|| { stack_fail "promtool (history import)" "$STACK_DIR/promtool.log"; return 1; }
	rm -f "$STACK_DIR/history.om"
	stack_backfill "$(stack_seconds "${STACK_HISTORY:-6h}")" || return 1

	stack_sim_start || return 1
	stack_run "$STACK_DIR/node.log" prometheus-node-exporter --web.listen-address="127.0.0.1:$NODE_PORT"
	stack_wait "http://127.0.0.1:$NODE_PORT/metrics" "$LAST_PID" \
		|| { stack_fail "node exporter" "$STACK_DIR/node.log"; return 1; }

	cat >"$STACK_DIR/alertmanager.yml" <<YML
route:
  receiver: demo
  group_wait: 5s
  group_interval: 30s
receivers:
  - name: demo
YML
	stack_run "$STACK_DIR/am.log" prometheus-alertmanager --config.file="$STACK_DIR/alertmanager.yml" \
		--storage.path="$STACK_DIR/am" --web.listen-address="127.0.0.1:$AM_PORT" --cluster.listen-address=
	stack_wait "http://127.0.0.1:$AM_PORT/-/ready" "$LAST_PID" \
		|| { stack_fail Alertmanager "$STACK_DIR/am.log"; return 1; }

	for f in "$STACK_ROOT"/rules/*.yml; do
		[ -f "$f" ] && rules="$rules    - $f"$'\n'
	done
	cat >"$STACK_DIR/prometheus.yml" <<YML
global:
  scrape_interval: 5s
  evaluation_interval: 5s
rule_files:
${rules}
alerting:
  alertmanagers:
    - static_configs:
        - targets: ['127.0.0.1:$AM_PORT']
scrape_configs:
  - job_name: ms5sim
    static_configs:
      - targets: ['127.0.0.1:$SIM_PORT']
  - job_name: node
    static_configs:
      - targets: ['127.0.0.1:$NODE_PORT']
  - job_name: prometheus
    static_configs:
      - targets: ['127.0.0.1:$PROM_PORT']
  - job_name: alertmanager
    static_configs:
      - targets: ['127.0.0.1:$AM_PORT']
YML
	stack_prom_start || return 1
	printf 'demo\n' >"$STACK_DIR/password"
	chmod 600 "$STACK_DIR/password"
	local prom=$PROM_PORT sim=$SIM_PORT
	if [ "${STACK_PROXY:-0}" = 1 ]; then
		stack_proxy_start || return 1
		prom=$PROXY_PROM_PORT sim=$PROXY_SIM_PORT
	fi
	STACK_ARGS=(--prometheus "http://127.0.0.1:$prom" --alertmanager "http://127.0.0.1:$AM_PORT"
		--andon-url "ws://127.0.0.1:$sim/ws/" --user demo --password-file "$STACK_DIR/password"
		--plant "Demo plant")
}

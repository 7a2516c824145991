#!/usr/bin/env bash
# The timings that the integration suites once asserted, measured and
# printed instead (the suites now assert only behaviour and counts):
#   prom.sh     how long ms5top --timeout 1 (and 2) takes against a server
#               that accepts and never answers
#   andon.sh    how many connections a refused token, and how many logins a
#               refused password, make in the first WINDOW seconds (backoff
#               from 1 s, doubling, with jitter), and the delays announced
#   ms5sim.sh   how many frames ms5sim --event-rate 2000 --duration 3
#               delivers to one WebSocket client, and at what rate
# Numbers only: nothing here asserts a time.
#
#   bench/timing.sh [--build DIR] [--window SECONDS]   (defaults: build, 5.5)
set -uo pipefail
cd "$(dirname "$0")/.."
build=build window=5.5
while [ $# -gt 0 ]; do
	case $1 in
	--build) build=$2; shift 2 ;;
	--window) window=$2; shift 2 ;;
	-h|--help) sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
	*) echo "bench/timing.sh: unknown argument '$1' (see --help)" >&2; exit 1 ;;
	esac
done
fail() { echo "bench/timing.sh: $*" >&2; exit 1; }
ms5top=$build/ms5top sim=$build/src/ms5sim/ms5sim py=/usr/bin/python3
for f in "$ms5top" "$sim"; do
	[ -x "$f" ] || fail "$f is not built (ninja -C $build)"
done
. scripts/wait.sh
tmp=$(mktemp -d "${TMPDIR:-/tmp}/ms5timing.XXXXXX")
pids=()
cleanup() {
	local p
	for p in "${pids[@]:-}"; do [ -n "$p" ] && kill "$p" 2>/dev/null; done
	for p in "${pids[@]:-}"; do [ -n "$p" ] && wait "$p" 2>/dev/null; done
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
free_port() {
	$py -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}
now_ms() { echo $(( ${EPOCHREALTIME/./} / 1000 )); }
count() { local n; n=$(grep -Ec -- "$2" "$1" 2>/dev/null); echo "${n:-0}"; }

# ---- prom.sh: --timeout against a silent server ------------------------------------
port=$(free_port)
$py tests/integration/badserver.py hang "$port" >"$tmp/hang.log" 2>&1 &
pids+=($!)
wait_for 10 port_open "$port" || fail "badserver.py hang did not listen on $port"
for t in 1 2; do
	t0=$(now_ms)
	"$ms5top" --prometheus "http://127.0.0.1:$port" --timeout "$t" --query up >/dev/null 2>&1
	rc=$?
	t1=$(now_ms)
	printf 'prom    --timeout %s against a silent server: %5d ms (exit %d)\n' "$t" $((t1 - t0)) "$rc"
done

# ---- andon.sh: backoff of a refused token and a refused password ------------------------
port=$(free_port)
"$sim" --listen "127.0.0.1:$port" --token-ttl 3 --event-rate 20 --demo-fault off --lines 2 \
	>"$tmp/sim.log" 2>&1 &
pids+=($!)
wait_for 20 http_ok "http://127.0.0.1:$port/health" || fail "ms5sim did not start"
printf 'wrong\n' >"$tmp/badpw"
"$ms5top" --andon-tail --andon-url "ws://127.0.0.1:$port/ws/" --token bogus >/dev/null 2>"$tmp/t4.err" &
t4=$!
pids+=("$t4")
"$ms5top" --andon-tail --andon-url "ws://127.0.0.1:$port/ws/" --user demo --password-file "$tmp/badpw" \
	>/dev/null 2>"$tmp/t5.err" &
t5=$!
pids+=("$t5")
sleep "$window"   # the measurement window itself, not a wait for anything
bogus=$(count "$tmp/sim.log" 'invalid or expired token, closing with 1008')
refused=$(count "$tmp/sim.log" "login refused for 'demo'")
kill "$t4" "$t5" 2>/dev/null
awk -v w="$window" -v b="$bogus" -v r="$refused" 'BEGIN {
	printf "andon   refused token:    %d connections in %s s (%.2f/s)\n", b, w, b / w
	printf "andon   refused password: %d logins in %s s (%.2f/s)\n", r, w, r / w }'
printf 'andon   announced: %s\n' "$(grep -ohE 'retrying in [0-9]+s' "$tmp/t4.err" "$tmp/t5.err" | sort | uniq -c |
	awk '{ printf "%s%s x %s", (NR > 1 ? ", " : ""), $1, $4 }')"

# ---- ms5sim.sh: --event-rate 2000 --duration 3 -------------------------------------------
port=$(free_port)
"$sim" --listen "127.0.0.1:$port" --event-rate 2000 --duration 3 --lines 2 >"$tmp/sim4.log" 2>&1 &
sim4=$!
pids+=("$sim4")
wait_for 10 http_ok "http://127.0.0.1:$port/health" || fail "ms5sim --event-rate 2000 did not start"
timeout 30 $py - "$port" <<'PY' || fail "the WebSocket client failed"
import asyncio, json, sys, time, urllib.request
import websockets
port = int(sys.argv[1])
req = urllib.request.Request(f"http://127.0.0.1:{port}/api/v1/auth/login",
    data=b'{"username":"demo","password":"demo"}', headers={"Content-Type": "application/json"})
tok = json.load(urllib.request.urlopen(req, timeout=5))["access_token"]
async def main():
    n = synth = 0
    t0 = time.monotonic()
    async with websockets.connect(f"ws://127.0.0.1:{port}/ws/?token={tok}", max_queue=None) as ws:
        try:
            async for m in ws:
                n += 1
                synth += '"load-' in m
        except websockets.exceptions.ConnectionClosed:
            pass
    s = time.monotonic() - t0
    print("ms5sim  --event-rate 2000 --duration 3: %d frames (%d synthetic) in %.2f s, %.0f synthetic/s"
          % (n, synth, s, synth / s if s else 0))
asyncio.run(main())
PY
wait "$sim4"

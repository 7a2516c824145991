#!/usr/bin/env bash
# Benchmark: ms5top --andon-tail --format=json under a synthetic Andon load
# from ms5sim (--event-rate N for --duration S, on loopback), and prints what
# it cost the client: frames and events per second, CPU time, peak RSS.
#
#   bench/andon_load.sh [--build DIR] [--rate N] [--duration S] [--out FILE]
#
# DIR is a meson build directory with ms5top and ms5sim (default: build);
# the rate defaults to 10000 frames/s, the duration to 10 s; the tail's
# output goes to FILE (default: a temporary file; /dev/null leaves out the
# cost of the disk). The numbers are measurements, not pass/fail; the
# integration suite (tests/integration/andon.sh) asserts the counts and a
# memory bound of the same load, never how much of the rate ms5sim made.
set -uo pipefail
cd "$(dirname "$0")/.."
build=build rate=10000 duration=10 out=
while [ $# -gt 0 ]; do
	case $1 in
	--build) build=$2; shift 2 ;;
	--rate) rate=$2; shift 2 ;;
	--duration) duration=$2; shift 2 ;;
	--out) out=$2; shift 2 ;;
	-h|--help) sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
	*) echo "andon_load.sh: unknown argument '$1' (see --help)" >&2; exit 1 ;;
	esac
done
ms5top=$build/ms5top
sim=$build/src/ms5sim/ms5sim
[ -x "$sim" ] || sim=$build/ms5sim
for f in "$ms5top" "$sim"; do
	[ -x "$f" ] || { echo "andon_load.sh: $f is not built (ninja -C $build ms5top src/ms5sim/ms5sim)" >&2; exit 1; }
done

tmp=$(mktemp -d "${TMPDIR:-/tmp}/andon_load.XXXXXX")
pids=()
cleanup() {
	local p
	for p in "${pids[@]:-}"; do [ -n "$p" ] && kill "$p" 2>/dev/null; done
	for p in "${pids[@]:-}"; do [ -n "$p" ] && wait "$p" 2>/dev/null; done
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
out=${out:-$tmp/tail.out}
printf 'demo\n' >"$tmp/pw"
port=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')

"$sim" --listen "127.0.0.1:$port" --event-rate "$rate" --duration "$duration" --demo-fault off \
	>"$tmp/sim.log" 2>&1 &
simpid=$!
pids+=("$simpid")
. scripts/wait.sh
wait_for 10 http_ok "http://127.0.0.1:$port/health" ||
	{ echo "andon_load.sh: ms5sim did not start; its log:" >&2; tail -n 5 "$tmp/sim.log" >&2; exit 1; }
"$ms5top" --andon-tail --format=json --andon-url "ws://127.0.0.1:$port/ws/" --user demo \
	--password-file "$tmp/pw" >"$out" 2>"$tmp/tail.err" &
tailpid=$!
pids+=("$tailpid")
wait "$simpid"

# The client's own figures, read before it exits.
tick=$(getconf CLK_TCK)
read -r utime stime < <(awk '{ print $14, $15 }' "/proc/$tailpid/stat")
hwm=$(awk '/^VmHWM:/ { print $2 }' "/proc/$tailpid/status")
kill -TERM "$tailpid"
wait "$tailpid"

simline=$(grep -E '^ms5sim: frames sent:' "$tmp/sim.log" | tail -n 1)
sent=$(sed -E 's/.*frames sent: ([0-9]+).*/\1/' <<<"$simline")
synthetic=$(sed -E 's/.*\(([0-9]+) synthetic.*/\1/' <<<"$simline")
dropped=$(sed -E 's/.*dropped: ([0-9]+).*/\1/' <<<"$simline")
# ms5sim's own account of the connection: "closed after S s, N frames".
connected=$(sed -nE 's/.* closed after ([0-9.]+) s, [0-9]+ frames/\1/p' "$tmp/sim.log" | tail -n 1)
tailline=$(grep -E '^ms5top: andon: [0-9]+ frames' "$tmp/tail.err" | tail -n 1)
frames=$(sed -E 's/^ms5top: andon: ([0-9]+) frames.*/\1/' <<<"$tailline")
printed=$(sed -E 's/.* ([0-9]+) events printed.*/\1/' <<<"$tailline")

awk -v rate="$rate" -v duration="$duration" -v sent="$sent" -v synthetic="$synthetic" \
	-v dropped="$dropped" -v frames="$frames" -v printed="$printed" -v connected="$connected" \
	-v ut="$utime" -v st="$stime" -v tick="$tick" -v hwm="$hwm" 'BEGIN {
	cpu = (ut + st) / tick
	printf "load            %d frames/s for %d s (ms5sim --event-rate --duration)\n", rate, duration
	printf "ms5sim sent     %d frames (%d synthetic), %d dropped for a slow client\n", sent, synthetic, dropped
	printf "ms5sim made     %.0f%% of rate x duration (andon.sh once asserted 80%%)\n", 100 * synthetic / (rate * duration)
	printf "client counted  %d frames, %d events printed%s\n", frames, printed, \
		(frames == sent ? " (all of them)" : " (MISSED " sent - frames ")")
	printf "connected       %.1f s\n", connected
	printf "events/s        %.0f\n", (connected > 0 ? printed / connected : 0)
	printf "frames/s        %.0f\n", (connected > 0 ? frames / connected : 0)
	printf "client CPU      %.2f s (user %.2f, system %.2f): %.0f%% of one core\n", cpu, ut / tick, \
		st / tick, (connected > 0 ? 100 * cpu / connected : 0)
	printf "CPU per frame   %.1f us\n", (frames > 0 ? 1e6 * cpu / frames : 0)
	printf "peak RSS        %.1f MB (VmHWM %d kB)\n", hwm / 1024, hwm
}'

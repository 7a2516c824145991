#!/usr/bin/env bash
# Measures a snapshot against what its requests cost: against the demo
# stack, for each role, the wall time of `ms5top --snapshot` (median and
# best of RUNS, default 10) beside the time curl takes to fetch the same
# GET URLs in parallel (taken from the snapshot's own --log), run after
# run in the same loop, so both see the same machine. The snapshot also
# logs in to the MS5 API, opens the Andon WebSocket and resyncs: curl does
# only the GETs. Numbers only: nothing here asserts a time.
#
#   bench/snapshot.sh [RUNS]     (after a build: meson setup build && ninja -C build)
set -uo pipefail
cd "$(dirname "$0")/.."
runs=${1:-10}
ms5top=${MS5TOP:-build/ms5top}   # MS5TOP=path measures another build
fail() { echo "bench/snapshot.sh: $*" >&2; exit 1; }
[ -x "$ms5top" ] || fail "$ms5top is not built (meson setup build && ninja -C build)"
STACK_ROOT=$(pwd) STACK_BUILD=$(pwd)/build STACK_DIR=$(mktemp -d /tmp/ms5bench.XXXXXX)
. scripts/stack.sh
. scripts/wait.sh
trap 'stack_stop; rm -rf "$STACK_DIR"' EXIT
stack_start >/dev/null || fail "the demo stack did not start"
oee_recorded() {
	curl -fsS "http://127.0.0.1:$PROM_PORT/api/v1/query?query=count(line:ms5_oee:ratio_rate8h)" |
		grep -q '"result":\[{'
}
wait_for 60 oee_recorded || fail "Prometheus recorded no OEE within 60 s"

ms() { echo $(( ($(date +%s%N) - $1) / 1000000 )); }
# median and best of the numbers on stdin
stats() { sort -n | awk '{ v[NR] = $1 } END { printf "median %4d ms, best %4d ms", v[int((NR + 1) / 2)], v[1] }'; }

printf '%-5s %-42s %-36s %s\n' role "ms5top --snapshot" "curl, the same GETs in parallel" requests
for role in floor ops exec; do
	log="$STACK_DIR/$role.log"
	"$ms5top" "${STACK_ARGS[@]}" --role "$role" --snapshot --log "$log" >/dev/null ||
		fail "the $role snapshot failed (exit $?)"
	sed -n 's/^[^ ]* http: GET \(http[^ ]*\)$/url = "\1"\noutput = "\/dev\/null"/p' "$log" \
		>"$STACK_DIR/$role.curl"
	n=$(grep -c '^url' "$STACK_DIR/$role.curl")
	[ "$n" -gt 0 ] || fail "no GET in the $role snapshot's log"
	: >"$STACK_DIR/$role.t1"; : >"$STACK_DIR/$role.t2"
	for _ in $(seq "$runs"); do
		t=$(date +%s%N)
		"$ms5top" "${STACK_ARGS[@]}" --role "$role" --snapshot >/dev/null
		ms "$t" >>"$STACK_DIR/$role.t1"
		t=$(date +%s%N)
		curl -s --parallel --parallel-immediate --parallel-max 64 -K "$STACK_DIR/$role.curl" \
			>/dev/null 2>&1
		ms "$t" >>"$STACK_DIR/$role.t2"
	done
	printf '%-5s %-42s %-36s %d GETs\n' "$role" "$(stats <"$STACK_DIR/$role.t1")" \
		"$(stats <"$STACK_DIR/$role.t2")" "$n"
done
t=$(date +%s%N); for _ in $(seq 20); do "$ms5top" --version >/dev/null; done
echo "ms5top --version: $(( $(ms "$t") / 20 )) ms a run (20 runs)"

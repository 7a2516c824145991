#!/usr/bin/env bash
# Measures what ms5top costs on a wall screen: against the demo stack (with
# one extra Andon event per second, as the issue asks), the
# live floor view runs in tmux for SECONDS (default 60); prints the bytes
# per second written to the terminal, the CPU it used, and its peak RSS;
# then the wall time of one snapshot per role. Numbers only: nothing here
# asserts a time.
#
#   bench/tui.sh [SECONDS]      (after a build: meson setup build && ninja -C build)
set -uo pipefail
cd "$(dirname "$0")/.."
secs=${1:-60}
STACK_ROOT=$(pwd) STACK_BUILD=$(pwd)/build STACK_DIR=$(mktemp -d /tmp/ms5bench.XXXXXX)
STACK_EVENT_RATE=${STACK_EVENT_RATE:-1}
. scripts/stack.sh
sock="$STACK_DIR/tmux.sock"
trap 'tmux -S "$sock" kill-server 2>/dev/null; stack_stop; rm -rf "$STACK_DIR"' EXIT
stack_start >/dev/null || exit 1
sleep 6

ticks=$(getconf CLK_TCK)
cpu_of() { awk -v t="$ticks" '{ printf "%.2f", ($14 + $15) / t }' "/proc/$1/stat"; }

for role in floor ops exec; do
	tmux -S "$sock" -f /dev/null new-session -d -x 120 -y 40 \
		"build/ms5top $(printf '%q ' "${STACK_ARGS[@]}") --role $role"
	tmux -S "$sock" pipe-pane -o "cat >$STACK_DIR/tty-$role.out"
	sleep 3   # the first frame and the first answers
	pid=$(pgrep -n -f "build/ms5top .*--role $role")
	: >"$STACK_DIR/tty-$role.out"
	cpu0=$(cpu_of "$pid")
	sleep "$secs"
	cpu1=$(cpu_of "$pid")
	bytes=$(stat -c %s "$STACK_DIR/tty-$role.out")
	hwm=$(awk '/VmHWM/ { print $2 }' "/proc/$pid/status")
	printf '%-5s live 120x40 for %ss: %6.0f bytes/s to the terminal, CPU %5.2f%% of a core, peak RSS %s kB\n' \
		"$role" "$secs" "$(echo "$bytes / $secs" | bc -l)" \
		"$(echo "($cpu1 - $cpu0) * 100 / $secs" | bc -l)" "$hwm"
	tmux -S "$sock" kill-server 2>/dev/null
done

for role in floor ops exec; do
	t0=$(date +%s%N)
	build/ms5top "${STACK_ARGS[@]}" --role "$role" --snapshot >/dev/null
	t1=$(date +%s%N)
	printf '%-5s snapshot 120x40: %4d ms\n' "$role" $(( (t1 - t0) / 1000000 ))
done

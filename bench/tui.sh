#!/usr/bin/env bash
# Measures what ms5top costs on a wall screen: against the demo stack (with
# one extra Andon event per second, as the issue asks), the
# live floor view runs in tmux for SECONDS (default 60); prints the bytes
# per second written to the terminal, the CPU it used, and its peak RSS;
# then the wall time of one snapshot per role. Numbers only: nothing here
# asserts a time. It fails (exit 1, with why) when it cannot measure: the
# stack does not start, or the ms5top it measures is missing or ends.
#
#   bench/tui.sh [SECONDS]      (after a build: meson setup build && ninja -C build)
set -uo pipefail
cd "$(dirname "$0")/.."
secs=${1:-60}
fail() { echo "bench/tui.sh: $*" >&2; exit 1; }
[ -x build/ms5top ] || fail "build/ms5top is not built (meson setup build && ninja -C build)"
STACK_ROOT=$(pwd) STACK_BUILD=$(pwd)/build STACK_DIR=$(mktemp -d /tmp/ms5bench.XXXXXX)
STACK_EVENT_RATE=${STACK_EVENT_RATE:-1}
. scripts/stack.sh
. scripts/wait.sh
sock="$STACK_DIR/tmux.sock"
# tmux_stop: ends the tmux server and waits until its process is gone (a
# new-session sent to a server on its way out dies with it).
tmux_stop() {
	local spid
	spid=$(tmux -S "$sock" display -p -t bench '#{pid}' 2>/dev/null) || return 0
	tmux -S "$sock" kill-server 2>/dev/null
	wait_for 10 gone "$spid"
}
trap 'tmux_stop; stack_stop; rm -rf "$STACK_DIR"' EXIT
stack_start >/dev/null || fail "the demo stack did not start"

# The rules need one evaluation over the live data before the first frame.
oee_recorded() {
	curl -fsS "http://127.0.0.1:$PROM_PORT/api/v1/query?query=count(line:ms5_oee:ratio_rate8h)" |
		grep -q '"result":\[{'
}
wait_for 60 oee_recorded || fail "Prometheus recorded no OEE within 60 s"

ticks=$(getconf CLK_TCK)
# cpu_of PID: user + system seconds of the process; fails when it is gone.
cpu_of() {
	local stat
	stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
	awk -v t="$ticks" '{ sub(/^.*\) /, ""); printf "%.2f", ($12 + $13) / t }' <<<"$stat"
}
screen_has() { tmux -S "$sock" capture-pane -p -t bench | grep -Eq -- "$1"; }
screen_lacks() { ! screen_has "$1"; }

for role in floor ops exec; do
	# exec: the pane's process is ms5top itself, so tmux's pane_pid is its pid.
	tmux -S "$sock" -f /dev/null new-session -d -s bench -x 120 -y 40 \
		"exec build/ms5top $(printf '%q ' "${STACK_ARGS[@]}") --role $role" ||
		fail "tmux did not start the $role view"
	tmux -S "$sock" pipe-pane -t bench -o "cat >$STACK_DIR/tty-$role.out"
	# The first frame and the first answers: numbers on the screen.
	wait_for 20 screen_has '[0-9]+(\.[0-9])?%' ||
		fail "the $role view showed no numbers within 20 s; its screen:
$(tmux -S "$sock" capture-pane -p -t bench 2>/dev/null | head -n 10)"
	pid=$(tmux -S "$sock" display -p -t bench '#{pane_pid}' 2>/dev/null)
	exe=$(readlink "/proc/${pid:-0}/exe" 2>/dev/null)
	[ -n "$pid" ] && [ "${exe##*/}" = ms5top ] ||
		fail "lost the ms5top of the $role view: tmux's pane pid is '${pid:-none}' (${exe:-no such process})"
	# Steady state: every panel has had its first answer (the first frame of
	# each is a full paint, not what a wall screen sends an hour later).
	wait_for 20 screen_lacks 'loading' ||
		fail "the $role view still shows a loading panel after 20 s"
	# Counted as the growth of the file: truncating it under pipe-pane's cat,
	# which keeps writing at its own offset, left a hole of NULs that the
	# file's size counted (what inflated the figures measured before).
	size0=$(stat -c %s "$STACK_DIR/tty-$role.out") || fail "no terminal output recorded for $role"
	cpu0=$(cpu_of "$pid") || fail "ms5top ($pid, $role) ended before the measurement"
	sleep "$secs"   # the measurement window itself, not a wait for anything
	cpu1=$(cpu_of "$pid") || fail "ms5top ($pid, $role) ended during the measurement"
	hwm=$(awk '/^VmHWM:/ { print $2 }' "/proc/$pid/status" 2>/dev/null)
	[ -n "$hwm" ] || fail "no peak RSS for ms5top ($pid, $role)"
	size1=$(stat -c %s "$STACK_DIR/tty-$role.out") || fail "no terminal output recorded for $role"
	bytes=$((size1 - size0))
	awk -v role="$role" -v secs="$secs" -v bytes="$bytes" -v c0="$cpu0" -v c1="$cpu1" -v hwm="$hwm" 'BEGIN {
		printf "%-5s live 120x40 for %ss: %6.0f bytes/s to the terminal, CPU %5.2f%% of a core, peak RSS %s kB\n",
			role, secs, bytes / secs, (c1 - c0) * 100 / secs, hwm }'
	tmux_stop
done

# The same harness on htop (refreshing every second), when it is installed.
if command -v htop >/dev/null; then
	tmux -S "$sock" -f /dev/null new-session -d -s bench -x 120 -y 40 "exec htop -d 10" ||
		fail "tmux did not start htop"
	tmux -S "$sock" pipe-pane -t bench -o "cat >$STACK_DIR/tty-htop.out"
	wait_for 10 screen_has 'Load average' || fail "htop drew nothing within 10 s"
	size0=$(stat -c %s "$STACK_DIR/tty-htop.out")
	sleep "$secs"   # the measurement window itself, not a wait for anything
	size1=$(stat -c %s "$STACK_DIR/tty-htop.out")
	awk -v secs="$secs" -v b=$((size1 - size0)) 'BEGIN {
		printf "htop  live 120x40 for %ss: %6.0f bytes/s to the terminal (htop -d 10)\n", secs, b / secs }'
	tmux_stop
fi

for role in floor ops exec; do
	t0=$(date +%s%N)
	build/ms5top "${STACK_ARGS[@]}" --role "$role" --snapshot >/dev/null
	t1=$(date +%s%N)
	printf '%-5s snapshot 120x40: %4d ms\n' "$role" $(( (t1 - t0) / 1000000 ))
done

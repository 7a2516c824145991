# Waiting on conditions, with deadlines (sourced by tests/integration/lib.sh
# and bench/). Nothing here sleeps except wait_for's poll interval: a wait is
# for a condition (the screen shows X, the server answers, the log has the
# line, the process is gone), never a bare sleep. Needs bash 5 (EPOCHREALTIME)
# and nothing outside a minimal Debian but curl (scripts/deps.sh has it).

# wait_for SECONDS COMMAND...: runs COMMAND (its output discarded) every
# 0.05 s until it succeeds (return 0) or SECONDS (may be fractional, e.g.
# 2.5) have passed (return 1). Every wait of the suites goes through here:
# a wait is for a condition, with a deadline, never a bare sleep.
wait_for() {
	local limit=$1 whole frac now deadline; shift
	whole=${limit%%.*} frac=
	[ "$whole" != "$limit" ] && frac=${limit#*.}
	frac=${frac}000000; frac=${frac:0:6}
	now=${EPOCHREALTIME/./}
	deadline=$(( now + ${whole:-0} * 1000000 + 10#$frac ))
	while :; do
		"$@" >/dev/null 2>&1 && return 0
		now=${EPOCHREALTIME/./}
		[ "$now" -ge "$deadline" ] && return 1
		sleep 0.05   # the poll interval (the only sleep of the helpers)
	done
}

# Conditions for wait_for.
# http_ok URL [CURL ARGS...]: the URL answers 2xx.
http_ok() {
	local url=$1; shift
	curl -fsS -o /dev/null --max-time 1 "$@" "$url" 2>/dev/null
}
# port_open PORT: something accepts TCP connections on 127.0.0.1:PORT.
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
# port_closed PORT: nothing accepts on 127.0.0.1:PORT.
port_closed() { ! port_open "$1"; }
# file_has FILE REGEX [MIN]: FILE has at least MIN (1) lines matching REGEX.
file_has() {
	local n
	n=$(grep -Ec -- "$2" "$1" 2>/dev/null)
	[ "${n:-0}" -ge "${3:-1}" ]
}
# gone PID: the process has ended (or is a zombie nobody reaped yet).
gone() {
	local state
	kill -0 "$1" 2>/dev/null || return 0
	state=$(sed -E 's/^.*\) ([A-Z]).*/\1/' "/proc/$1/stat" 2>/dev/null) || return 0
	[ "$state" = Z ]
}

# child_pids PID: the pids of PID's children, one a line (from /proc, so
# that no ps or pgrep is needed: procps is not in a minimal Debian).
child_pids() {
	local stat rest ppid
	for stat in /proc/[0-9]*/stat; do
		read -r rest <"$stat" 2>/dev/null || continue
		rest=${rest##*) }           # after the command name, which may hold blanks
		ppid=${rest#* }; ppid=${ppid%% *}
		[ "$ppid" = "$1" ] || continue
		stat=${stat#/proc/}
		echo "${stat%/stat}"
	done
}

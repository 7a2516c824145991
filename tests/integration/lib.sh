# Shared helpers for the integration suites (sourced, not run).
#
# Each suite prints one TAP-style line per check, "ok N - what" or
# "not ok N - what", and exits non-zero when any check failed. scripts/test
# counts these lines. Every server a suite starts is stopped by the EXIT trap,
# whatever way the suite ends.
#
# Environment: MS5_BUILD (the meson build directory, absolute).

set -u
T_N=0
T_FAILED=0
T_PIDS=()
T_TMP=$(mktemp -d "${TMPDIR:-/tmp}/ms5test.XXXXXX")

t_cleanup() {
	local pid
	for pid in "${T_PIDS[@]:-}"; do
		[ -n "$pid" ] && kill "$pid" 2>/dev/null
	done
	for pid in "${T_PIDS[@]:-}"; do
		[ -n "$pid" ] && wait "$pid" 2>/dev/null
	done
	rm -rf "$T_TMP"
}
trap t_cleanup EXIT
trap 'exit 130' INT TERM

ok() { T_N=$((T_N + 1)); echo "ok $T_N - $*"; }
not_ok() { T_N=$((T_N + 1)); T_FAILED=$((T_FAILED + 1)); echo "not ok $T_N - $*"; }

# check "what" command...: ok when the command succeeds.
check() {
	local what=$1; shift
	if "$@" >"$T_TMP/check.out" 2>&1; then
		ok "$what"
	else
		not_ok "$what"
		sed 's/^/#   /' "$T_TMP/check.out" | tail -n 20
	fi
}

# expect_match "what" REGEX TEXT
expect_match() {
	if printf '%s' "$3" | grep -Eq -- "$2"; then
		ok "$1"
	else
		not_ok "$1"
		echo "#   expected /$2/ in:"
		printf '%s\n' "$3" | sed 's/^/#   /' | tail -n 20
	fi
}

# expect_eq "what" EXPECTED ACTUAL
expect_eq() {
	if [ "$2" = "$3" ]; then
		ok "$1"
	else
		not_ok "$1"
		echo "#   expected: $2"
		echo "#   actual:   $3"
	fi
}

# A free loopback TCP port (asks the kernel, then releases it).
free_port() {
	/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

# wait_for SECONDS COMMAND... and its conditions (http_ok, port_open,
# file_has, gone, child_pids) are in scripts/wait.sh, shared with bench/.
. "$(dirname "${BASH_SOURCE[0]}")/../../scripts/wait.sh"

# wait_http URL [SECONDS]: until the URL answers 2xx (default 30 s).
wait_http() {
	wait_for "${2:-30}" http_ok "$1"
}

# start NAME LOGFILE command...: runs a server in the background, remembers
# its pid for cleanup, and sets LAST_PID.
start() {
	local name=$1 log=$2; shift 2
	"$@" >"$log" 2>&1 &
	LAST_PID=$!
	T_PIDS+=("$LAST_PID")
}

# done_testing: the suite's exit status.
done_testing() {
	echo "# $T_N checks, $T_FAILED failed"
	[ "$T_FAILED" -eq 0 ]
}

# shift_openmetrics IN OUT: rewrites the sample timestamps of an OpenMetrics
# file so that its newest sample lies 30 s before now (fixtures are written
# at a fixed base time; an instant query at "now" must find them).
shift_openmetrics() {
	local newest
	newest=$(awk '!/^#/ && NF >= 3 { if ($NF > m) m = $NF } END { print m }' "$1")
	awk -v d=$(( $(date +%s) - 30 - newest )) \
		'/^#/ || NF < 3 { print; next } { $NF = $NF + d; print }' "$1" >"$2"
}

# prom_start NAME PORT DATADIR [extra prometheus flags...]: a real Prometheus
# on 127.0.0.1:PORT over the TSDB in DATADIR (created if missing), scraping
# itself, with its log in $T_TMP/NAME.log. Waits until it is ready.
prom_start() {
	local name=$1 port=$2 data=$3; shift 3
	mkdir -p "$data"
	cat >"$T_TMP/$name.yml" <<YML
global:
  scrape_interval: 5s
scrape_configs:
  - job_name: prometheus
    static_configs:
      - targets: ['127.0.0.1:$port']
YML
	start "$name" "$T_TMP/$name.log" prometheus --config.file="$T_TMP/$name.yml" \
		--storage.tsdb.path="$data" --storage.tsdb.retention.time=30d \
		--web.listen-address="127.0.0.1:$port" "$@"
}

# prom_wait_ready PORT [CURL ARGS...]: until /-/ready answers (30 s at most).
prom_wait_ready() {
	local port=$1; shift
	wait_for 30 http_ok "http://127.0.0.1:$port/-/ready" "$@"
}

# skip "what" "why": a check that could not be made here, counted as skipped.
skip() { T_N=$((T_N + 1)); echo "ok $T_N - $1 # SKIP $2"; }

# proc_kb PID FIELD: a field of /proc/PID/status in kB (VmRSS, VmHWM), or
# nothing when the process is gone.
proc_kb() { awk -v f="$2:" '$1 == f { print $2 }' "/proc/$1/status" 2>/dev/null; }

# cpu_ticks PID: the user + system CPU time the process has used, in clock
# ticks (/proc/PID/stat fields 14 and 15), or nothing when it is gone.
cpu_ticks() {
	local rest
	read -r rest <"/proc/$1/stat" 2>/dev/null || return 1
	rest=${rest##*) }           # after the command name, which may hold blanks
	set -- $rest
	echo $(( ${12} + ${13} ))
}

# rss_run SECONDS OUT ERR COMMAND...: runs COMMAND with stdout in OUT and
# stderr in ERR, killing it after SECONDS; prints "EXIT PEAK_KB" (EXIT is
# the exit status, 128+N for signal N, "timeout" when it was killed), the
# peak being the child's maximum resident set (wait4's ru_maxrss, the
# VmHWM it had when it exited: a process that exits leaves no /proc entry
# to read).
rss_run() {
	/usr/bin/python3 -c '
import os, signal, subprocess, sys
limit, out, err = float(sys.argv[1]), sys.argv[2], sys.argv[3]
p = subprocess.Popen(sys.argv[4:], stdout=open(out, "w"), stderr=open(err, "w"))
signal.signal(signal.SIGALRM, lambda *a: p.kill())
signal.setitimer(signal.ITIMER_REAL, limit)
_, status, ru = os.wait4(p.pid, 0)
signal.setitimer(signal.ITIMER_REAL, 0)
if os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL:
    print("timeout", ru.ru_maxrss)
elif os.WIFSIGNALED(status):
    print(128 + os.WTERMSIG(status), ru.ru_maxrss)
else:
    print(os.WEXITSTATUS(status), ru.ru_maxrss)
' "$@"
}

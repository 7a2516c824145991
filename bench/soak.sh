#!/usr/bin/env bash
# A week in minutes (issue 14): the live floor view in tmux, against the
# demo stack with ms5sim running the plant hundreds of times faster, while
# faults come on a schedule of simulated hours: Prometheus and ms5sim
# restarted, short tokens (--token-ttl: ms5top refreshes them all along,
# and logs in afresh when a restarted ms5sim no longer knows them), and the
# network to one of them blackholed through tests/integration/tcpproxy.py
# (STACK_PROXY=1: ms5top reaches Prometheus and ms5sim only through it),
# then healed. Every simulated hour one line: simulated time, VmRSS and
# VmHWM of the view's ms5top (/proc/PID/status), the CPU it used since the
# line before, its open descriptors (/proc/PID/fd), and Andon events seen
# against events sent (below); a summary at the end.
#
# Andon events: the view offers no count of its events to the outside, so a
# second client runs beside it, `ms5top --andon-tail --format=json`, through
# the proxy's route "sim2", whose connections come from 127.0.0.2: ms5sim's
# log ("ws ID connected ... from 127.0.0.2", "ws ID closed after ..., N
# frames") then tells what it sent to that client from what it sent to the
# view. Each hour: "seen" is the number of distinct events the tail printed
# since it first resynced, "sent" the number ms5sim raised since then (its
# counter ms5_andon_events_total; every event goes to every line
# subscriber, and the tail follows every line). At the end, exact and in
# frames: what ms5sim sent to the tail's connections = what the tail
# received (its closing counters) + what the proxy threw away during the
# faults (it parses the WebSocket frames it carries); and the tail's active
# set equals ms5sim's REST list of active events.
#
#   bench/soak.sh           a simulated week at --speed 700 (about 15 minutes)
#   bench/soak.sh --short   a simulated day at --speed 1200 (about 75 s), each fault once
#
# SOAK_SPEED and SOAK_HOURS override the speed and the length. With SOAK_OUT=DIR
# the records are kept there (tests/integration/soak.sh reads them):
# hours.tsv (one row per simulated hour), faults.tsv (each fault: whether
# the screen showed it, how long after it healed the screen showed numbers
# and its sources up again), final.env (the closing figures), screens.
# Numbers only: nothing here asserts a bound. It fails (exit 1, with why)
# when it cannot measure: the stack does not start, or the ms5top it
# measures is missing or ends. Needs a build (MS5_BUILD, default build/).
set -uo pipefail
cd "$(dirname "$0")/.."
mode=long
[ "${1:-}" = --short ] && mode=short
fail() { echo "bench/soak.sh: $*" >&2; exit 1; }
build=${MS5_BUILD:-$(pwd)/build}
[ -x "$build/ms5top" ] || fail "$build/ms5top is not built (meson setup build && ninja -C build)"
if [ "$mode" = short ]; then
	speed=${SOAK_SPEED:-1200} hours=${SOAK_HOURS:-24} ttl=5
else
	speed=${SOAK_SPEED:-700} hours=${SOAK_HOURS:-168} ttl=10
fi
STACK_ROOT=$(pwd) STACK_BUILD=$build STACK_DIR=$(mktemp -d /tmp/ms5soak.XXXXXX)
STACK_HISTORY=1h STACK_SPEED=$speed STACK_PROXY=1
sim_base="--token-ttl $ttl --demo-fault off"
STACK_SIM_ARGS=$sim_base
out=${SOAK_OUT:-$STACK_DIR/out}
mkdir -p "$out"
. scripts/stack.sh
. scripts/wait.sh
sock="$STACK_DIR/tmux.sock"
tail_pid=""
tmux_stop() {
	local spid
	spid=$(tmux -S "$sock" display -p -t soak '#{pid}' 2>/dev/null) || return 0
	tmux -S "$sock" kill-server 2>/dev/null
	wait_for 10 gone "$spid"
}
cleanup() {
	tmux_stop
	[ -n "$tail_pid" ] && kill "$tail_pid" 2>/dev/null && wait "$tail_pid" 2>/dev/null
	stack_stop
	rm -rf "$STACK_DIR"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
stack_start >/dev/null || fail "the demo stack did not start"
oee_recorded() {
	curl -fsS "http://127.0.0.1:$PROM_PORT/api/v1/query?query=count(line:ms5_oee:ratio_rate8h)" |
		grep -q '"result":\[{'
}
wait_for 60 oee_recorded || fail "Prometheus recorded no OEE within 60 s"

# ---- the view and the tail ---------------------------------------------------------
tmux -S "$sock" -f /dev/null new-session -d -s soak -x 120 -y 40 \
	"exec $build/ms5top $(printf '%q ' "${STACK_ARGS[@]}") --role floor --log $STACK_DIR/view.log" ||
	fail "tmux did not start the floor view"
cap() { tmux -S "$sock" capture-pane -p -t soak 2>/dev/null; }
screen_has() { cap | grep -Eq -- "$1"; }
numbers_re='[0-9]+(\.[0-9])?%'
wait_for 30 screen_has "$numbers_re" || fail "the floor view showed no numbers within 30 s:
$(cap | head -n 10)"
view=$(tmux -S "$sock" display -p -t soak '#{pane_pid}' 2>/dev/null)
exe=$(readlink "/proc/${view:-0}/exe" 2>/dev/null)
[ -n "$view" ] && [ "${exe##*/}" = ms5top ] || fail "lost the view's ms5top: pane pid '${view:-none}'"
"$build/ms5top" --andon-tail --format=json --andon-url "ws://127.0.0.1:$PROXY_SIM2_PORT/ws/" \
	--user demo --password-file "$STACK_DIR/password" --log "$STACK_DIR/tail.log" \
	>"$STACK_DIR/tail.out" 2>"$STACK_DIR/tail.err" &
tail_pid=$!
wait_for 20 file_has "$STACK_DIR/tail.err" 'andon: resynced' || fail "the Andon tail did not resync within 20 s"

# ---- measures ----------------------------------------------------------------------
ticks=$(getconf CLK_TCK)
# metric NAME: the sum of a metric's samples at ms5sim's /metrics (direct, not proxied).
metric() {
	curl -fsS --max-time 2 "http://127.0.0.1:$SIM_PORT/metrics" 2>/dev/null |
		awk -v n="$1" '$1 == n || index($1, n "{") == 1 { s += $NF; f = 1 } END { if (f) printf "%.0f\n", s; else exit 1 }'
}
cpu_ticks() { awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "/proc/$1/stat" 2>/dev/null; }
status_kb() { awk -v k="$2:" '$1 == k { print $2 }' "/proc/$1/status" 2>/dev/null; }
fd_count() { local f=("/proc/$1/fd/"*); [ -e "${f[0]}" ] && echo "${#f[@]}" || echo 0; }
seen_ids() {   # distinct Andon events the tail printed
	awk -F'"id":"' 'NF > 1 { split($2, a, "\""); if (!(a[1] in s)) { s[a[1]] = 1; n++ } } END { print n + 0 }' \
		"$STACK_DIR/tail.out"
}
alive() { [ -d "/proc/$view" ] && ! gone "$view"; }

# Raised events, counted across restarts: the model is deterministic and a
# restarted ms5sim continues from the simulated time the old one reached
# (--now), so its counter continues too; it may restart a tick (speed/10
# simulated seconds) back, and counts again what the old one had counted.
raised_last=$(metric ms5_andon_events_total) || fail "no ms5_andon_events_total at ms5sim"
raised=0 seen0=$(seen_ids)
raised_update() {
	local cur
	cur=$(metric ms5_andon_events_total) || return 0
	[ "$cur" -gt "$raised_last" ] && { raised=$((raised + cur - raised_last)); raised_last=$cur; }
	return 0
}

# ---- faults ------------------------------------------------------------------------
# The schedule: "HOUR ACTION" in simulated hours from the start.
schedule() {
	local d b
	# The two faults of the stream to ms5sim come more than 30 s (real) apart:
	# the client retries a refused token only once per 30 s of stable
	# connection (see the report on the token after an outage).
	if [ "$mode" = short ]; then
		printf '%s\n' "2 restart-sim" "5 restart-prom" "7 blackhole-prom" "11 heal-prom" \
			"14 drop-sim" "17 heal-sim"
		return
	fi
	for d in $(seq 0 $((hours / 24 - 1))); do
		b=$((d * 24))
		if [ $((d % 2)) = 1 ]; then
			# Odd days: the open streams to ms5sim freeze (new connections
			# pass) for 20 simulated hours, 100 s at 700x: ms5top must
			# notice the silence itself (two missed heartbeats).
			printf '%s\n' "$((b + 1)) freeze-sim" "$((b + 21)) heal-sim"
			continue
		fi
		printf '%s\n' "$((b + 2)) restart-prom" "$((b + 5)) restart-sim" "$((b + 8)) blackhole-prom" \
			"$((b + 11)) heal-prom"
		if [ "$d" = $((hours / 24 - 1)) ]; then
			# The last day: the view's route to ms5sim blackholed (new
			# connections accepted, never answered) for 3 simulated hours:
			# the fault after which ms5top was seen to stay "connecting"
			# for good. The tail's route is left alone (its counts stay clean).
			printf '%s\n' "$((b + 13)) blackhole-view" "$((b + 16)) heal-view"
		else
			printf '%s\n' "$((b + 13)) drop-sim" "$((b + 16)) heal-sim"
		fi
	done
}
schedule >"$out/schedule.txt"
: >"$out/faults.tsv"
sim_logs=0
# pending checks: the fault's name, when it began (real), whether the
# screen showed it, when it healed (0: not yet).
f_name="" f_t0=0 f_seen=0 f_heal=0 f_src=""
fault_begin() {   # fault_begin NAME SOURCE(prom|andon)
	f_name=$1 f_src=$2 f_t0=$EPOCHREALTIME f_seen=0 f_heal=0
}
fault_healed() { f_heal=$EPOCHREALTIME; }
# The screen is recovered when it shows numbers and the source is up, with
# fresh data: "Prometheus ● 3s" (under 20 s: the floor refreshes every 5 s;
# "+" without UTF-8), "Andon ● up". The fault was seen when the header
# showed the source down or connecting (✖, ◌).
recovered_re_prom='Prometheus (●|\+) 1?[0-9]s'
recovered_re_andon='Andon (●|\+) up'
down_re_prom='Prometheus (✖|x|◌|~) '
down_re_andon='Andon (✖|x|◌|~) '
last_screen_check=0
screen_watch() {   # called while waiting: at most every 0.5 s
	local now=${EPOCHREALTIME/./} re screen
	[ -n "$f_name" ] || return 0
	[ $((now - last_screen_check)) -ge 500000 ] || return 0
	last_screen_check=$now
	screen=$(cap)
	if [ "$f_seen" = 0 ]; then
		re=down_re_$f_src
		printf '%s\n' "$screen" | head -n 1 | grep -Eq -- "${!re}" && f_seen=1
	fi
	[ "$f_heal" != 0 ] || return 0
	re=recovered_re_$f_src
	if printf '%s\n' "$screen" | head -n 1 | grep -Eq -- "${!re}" &&
		printf '%s\n' "$screen" | grep -Eq -- "$numbers_re"; then
		awk -v n="$f_name" -v s="$f_seen" -v a="$f_t0" -v h="$f_heal" -v t="$EPOCHREALTIME" \
			'BEGIN { printf "%s\t%d\t%.1f\t%.1f\n", n, s, h - a, t - h }' >>"$out/faults.tsv"
		printf '%s\n' "$screen" >"$out/screen-after-$f_name.txt"
		f_name=""
	elif [ "$(awk -v h="$f_heal" -v t="$EPOCHREALTIME" 'BEGIN { print (t - h > 60) }')" = 1 ]; then
		printf '%s\t%d\t%.1f\t-\n' "$f_name" "$f_seen" 0 >>"$out/faults.tsv"
		printf '%s\n' "$screen" >"$out/screen-after-$f_name.txt"
		echo "bench/soak.sh: after $f_name healed the screen did not recover within 60 s" >&2
		f_name=""
	fi
	return 0
}
# A new fault while one is still watched: the old one's row says so.
fault_flush() {
	[ -n "$f_name" ] || return 0
	printf '%s\t%d\t%.1f\t-\n' "$f_name" "$f_seen" 0 >>"$out/faults.tsv"
	f_name=""
}
sim_restart() {
	local t
	t=$(metric ms5sim_model_time_seconds) || t=""
	kill -TERM "$SIM_PID" 2>/dev/null
	wait "$SIM_PID" 2>/dev/null
	sim_logs=$((sim_logs + 1))
	cp "$STACK_DIR/ms5sim.log" "$STACK_DIR/ms5sim.$sim_logs.log"
	STACK_SIM_ARGS="$sim_base ${t:+--now $t}"
	stack_sim_start >/dev/null || fail "ms5sim did not restart"
}
prom_restart() {
	kill -TERM "$PROM_PID" 2>/dev/null
	wait "$PROM_PID" 2>/dev/null
	stack_prom_start >/dev/null || fail "Prometheus did not restart"
}
act() {
	local note=$1
	case $1 in
	restart-prom) fault_flush; fault_begin restart-prom prom; prom_restart; fault_healed ;;
	restart-sim) fault_flush; fault_begin restart-sim andon; sim_restart; fault_healed ;;
	blackhole-prom) fault_flush; fault_begin blackhole-prom prom; stack_proxy blackhole prom >/dev/null ;;
	heal-prom) stack_proxy heal prom >/dev/null; fault_healed ;;
	drop-sim) fault_flush; fault_begin drop-sim andon   # open streams cut, new ones reset
		stack_proxy refuse sim sim2 >/dev/null; stack_proxy drop sim sim2 >/dev/null ;;
	freeze-sim) fault_flush; fault_begin freeze-sim andon; stack_proxy freeze sim sim2 >/dev/null ;;
	heal-sim) stack_proxy heal sim sim2 >/dev/null; fault_healed ;;
	blackhole-view) fault_flush; fault_begin blackhole-view andon; stack_proxy blackhole sim >/dev/null ;;
	heal-view) stack_proxy heal sim >/dev/null; fault_healed ;;
	*) note="" ;;
	esac
	notes="$notes${notes:+,}$note"
}

# ---- the hours ---------------------------------------------------------------------
# The wait for the next simulated hour is the measurement interval: its end
# is computed from ms5sim's clock (simulated seconds per real second is the
# speed), and waited for with wait_for on the wall clock, watching the
# screen meanwhile.
until_real() {   # until_real MICROSECONDS: the wall clock has passed it
	screen_watch
	[ "${EPOCHREALTIME/./}" -ge "$1" ]
}
sim0=$(metric ms5sim_model_time_seconds) || fail "no ms5sim_model_time_seconds"
hour0=$((sim0 / 3600))
printf 'soak: ms5sim --speed %s (a simulated hour every %.1f s), %d simulated hours from %s; tokens live %s s\n' \
	"$speed" "$(awk -v s="$speed" 'BEGIN { print 3600 / s }')" "$hours" \
	"$(date -u -d "@$((hour0 * 3600 + 3600))" '+%F %H:%M')" "$ttl"
printf '%-16s %8s %8s %6s %4s %11s  %s\n' "simulated" "RSS kB" "HWM kB" "CPU s" "fds" "seen/sent" "faults"
printf 'hour\tsimtime\trss\thwm\tcpu\tfds\tseen\tsent\n' >"$out/hours.tsv"
c_last=$(cpu_ticks "$view")
peak=0 maxfd=0
for h in $(seq 1 "$hours"); do
	target=$(( (hour0 + h) * 3600 ))
	if t=$(metric ms5sim_model_time_seconds); then
		deadline=$(( ${EPOCHREALTIME/./} + (target - t) * 1000000 / speed ))
		wait_for $(( (target - t) / speed + 30 )) until_real "$deadline"
	fi
	# ms5sim's clock says when the hour is there (after a restart the
	# computed instant may come a tick early).
	wait_for 30 eval '[ "$(metric ms5sim_model_time_seconds)" -ge '"$target"' ]'
	alive || fail "the view's ms5top ($view) ended at simulated hour $h; its log: $(tail -n 5 "$STACK_DIR/view.log")"
	notes=""
	while read -r fh action; do
		[ "$fh" = "$h" ] && act "$action"
	done <"$out/schedule.txt"
	rss=$(status_kb "$view" VmRSS) hwm=$(status_kb "$view" VmHWM) fds=$(fd_count "$view")
	c=$(cpu_ticks "$view")
	cpu=$(awk -v a="$c_last" -v b="$c" -v t="$ticks" 'BEGIN { printf "%.2f", (b - a) / t }')
	c_last=$c
	raised_update
	seen=$(( $(seen_ids) - seen0 ))
	[ "${hwm:-0}" -gt "$peak" ] && peak=$hwm
	[ "$fds" -gt "$maxfd" ] && maxfd=$fds
	printf '%-16s %8s %8s %6s %4s %11s  %s\n' "$(date -u -d "@$target" '+%F %H:%M')" "$rss" "$hwm" \
		"$cpu" "$fds" "$seen/$raised" "$notes"
	printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$h" "$target" "$rss" "$hwm" "$cpu" "$fds" "$seen" "$raised" \
		>>"$out/hours.tsv"
done
# The last fault's recovery, if it is still watched.
wait_for 60 eval 'screen_watch; [ -z "$f_name" ]'
fault_flush

# ---- the end -----------------------------------------------------------------------
# The tail's active set against ms5sim's (REST, direct), taken close together
# until they agree (the plant goes on changing).
token=$(curl -fsS --max-time 5 -H 'Content-Type: application/json' \
	-d '{"username":"demo","password":"demo","remember_me":false}' \
	"http://127.0.0.1:$SIM_PORT/api/v1/auth/login" | /usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])')
sim_active() {
	curl -fsS --max-time 5 -H "Authorization: Bearer $token" "http://127.0.0.1:$SIM_PORT/api/v1/andon/events/active" |
		/usr/bin/python3 -c 'import json,sys; print(" ".join(sorted(e["id"] for e in json.load(sys.stdin))))'
}
tail_active() {
	local n
	n=$(grep -c '^{"active":' "$STACK_DIR/tail.out")
	kill -USR1 "$tail_pid"
	wait_for 5 file_has "$STACK_DIR/tail.out" '^\{"active":' $((n + 1)) || return 1
	grep -E '^\{"active":' "$STACK_DIR/tail.out" | tail -n 1 |
		/usr/bin/python3 -c 'import json,sys; print(" ".join(sorted(json.load(sys.stdin)["active"])))'
}
sets_agree() {
	s1=$(sim_active); tset=$(tail_active); s2=$(sim_active)
	[ "$s1" = "$s2" ] && [ "$tset" = "$s1" ]
}
s1="" tset=""
agree=0
wait_for 20 sets_agree && agree=1
n_active=$(wc -w <<<"$s1")
cap >"$out/screen-end.txt"
view_ok=0
screen_has "$numbers_re" && head -n 1 "$out/screen-end.txt" | grep -Eq -- "$recovered_re_prom" &&
	head -n 1 "$out/screen-end.txt" | grep -Eq -- "$recovered_re_andon" && view_ok=1
rss_end=$(status_kb "$view" VmRSS) fds_end=$(fd_count "$view")

# ms5sim ends first: it closes every stream cleanly, so that all it sent is
# read; then the tail, whose closing line counts the frames it got.
kill -TERM "$SIM_PID"; wait "$SIM_PID" 2>/dev/null
sim_logs=$((sim_logs + 1))
cp "$STACK_DIR/ms5sim.log" "$STACK_DIR/ms5sim.$sim_logs.log"
wait_for 20 eval "tail -n 1 '$STACK_DIR/tail.err' | grep -Eq 'reconnecting|retrying'"
proxy_stats=$(stack_proxy stats)
kill -TERM "$tail_pid"; wait "$tail_pid"; tail_rc=$?
tail_pid=""
tail_frames=$(sed -n 's/^ms5top: andon: \([0-9]*\) frames, .*/\1/p' "$STACK_DIR/tail.err" | tail -n 1)
tail_connects=$(sed -n 's/.* \([0-9]*\) connects$/\1/p' "$STACK_DIR/tail.err" | tail -n 1)
sim_to_tail=$(cat "$STACK_DIR"/ms5sim.[0-9]*.log | awk '
	/ ws [^ ]+ connected to .* from 127\.0\.0\.2$/ { tail[$4] = 1 }
	/ ws [^ ]+ closed after .* frames$/ { if ($4 in tail) s += $(NF - 1) }
	END { print s + 0 }')
read -r fwd disc <<<"$(/usr/bin/python3 -c 'import json,sys; r=json.loads(sys.argv[1])["sim2"]; print(r["frames_forwarded"], r["frames_discarded"])' "$proxy_stats")"
lost=$(( sim_to_tail - ${tail_frames:-0} - disc ))

# RSS of the first simulated day (its last hour) against the last one's.
read -r rss_day1 rss_last <<<"$(awk -F'\t' 'NR > 1 { r[$1] = $3; n = $1 } END {
	d1 = (n >= 24) ? 24 : 2; print r[d1], r[n] }' "$out/hours.tsv")"
growth=$(awk -v a="$rss_day1" -v b="$rss_last" 'BEGIN { printf "%+.1f", (b - a) * 100 / a }')
ev_seen=$(( $(seen_ids) - seen0 ))
printf 'summary: peak RSS %s kB (VmHWM); RSS %s kB at the end of the first simulated day, %s kB at the end (%s%%); max fds %s (%s at the end); Andon events %s seen / %s sent, %s lost; frames: ms5sim sent %s to the tail, it received %s, the proxy discarded %s in the faults: %s lost\n' \
	"$peak" "$rss_day1" "$rss_last" "$growth" "$maxfd" "$fds_end" "$ev_seen" "$raised" \
	"$(( raised > ev_seen ? raised - ev_seen : 0 ))" "$sim_to_tail" "${tail_frames:-?}" "$disc" "$lost"
printf 'end: the tail'"'"'s %s active events %s ms5sim'"'"'s; the view %s; the tail exited %s after %s connections\n' \
	"$n_active" "$([ "$agree" = 1 ] && echo equal || echo 'differ from')" \
	"$([ "$view_ok" = 1 ] && echo 'shows numbers, Prometheus and Andon up' || echo 'does NOT show numbers and both sources up')" \
	"$tail_rc" "${tail_connects:-?}"
cat >"$out/final.env" <<ENV
speed=$speed
hours=$hours
peak_hwm=$peak
rss_day1=$rss_day1
rss_last=$rss_last
rss_end=$rss_end
max_fds=$maxfd
fds_end=$fds_end
events_seen=$ev_seen
events_sent=$raised
sets_agree=$agree
active=$n_active
view_ok=$view_ok
tail_rc=$tail_rc
tail_frames=${tail_frames:-}
tail_connects=${tail_connects:-}
sim_frames_to_tail=$sim_to_tail
proxy_forwarded=$fwd
proxy_discarded=$disc
frames_lost=$lost
ENV
cp "$STACK_DIR"/ms5sim.[0-9]*.log "$STACK_DIR/tail.err" "$STACK_DIR/proxy.log" "$out/" 2>/dev/null
cp "$STACK_DIR/view.log" "$out/view.log" 2>/dev/null
exit 0

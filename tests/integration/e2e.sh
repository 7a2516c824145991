#!/usr/bin/env bash
# End to end: ms5top against the demo stack (scripts/stack.sh: ms5sim with
# 6 h of history imported into a real Prometheus with the project's rules,
# Alertmanager, the node exporter), as snapshots and live in tmux: every
# role shows its panels with real numbers, role keys switch, resizes keep
# it sane, a killed Prometheus marks the panels and a restarted one
# recovers, SIGTERM and SIGHUP restore the terminal.
. "$(dirname "$0")/lib.sh"
root=$(cd "$(dirname "$0")/../.." && pwd)
ms5top="$MS5_BUILD/ms5top"

STACK_ROOT=$root STACK_BUILD=$MS5_BUILD STACK_DIR="$T_TMP/stack" STACK_HISTORY=2h
mkdir -p "$STACK_DIR"
. "$root/scripts/stack.sh"
sock="$T_TMP/tmux.sock"
# tmux_stop: ends the tmux server and waits until its process is gone: a
# new-session sent to a server still on its way out dies with it ("server
# exited unexpectedly").
tmux_stop() {
	local spid
	spid=$(tmux -S "$sock" display -p -t e2e '#{pid}' 2>/dev/null) || return 0
	tmux -S "$sock" kill-server 2>/dev/null
	wait_for 10 gone "$spid"
}
e2e_cleanup() {
	tmux_stop
	stack_stop
	t_cleanup
}
trap e2e_cleanup EXIT

if ! stack_start; then
	not_ok "the demo stack starts"
	done_testing
	exit
fi
ok "the demo stack starts (ms5sim, Prometheus with history and rules, Alertmanager, node exporter)"

# Rules evaluate every 5 s: wait until the recorded OEE is there.
oee_recorded() {
	n=$(curl -fsS "http://127.0.0.1:$PROM_PORT/api/v1/query?query=count(line:ms5_oee:ratio_rate8h)" |
		/usr/bin/python3 -c 'import json,sys; r=json.load(sys.stdin)["data"]["result"]; print(r[0]["value"][1] if r else 0)')
	[ "${n:-0}" != 0 ]
}
n=0
wait_for 60 oee_recorded
expect_match "recording rules produce per-line OEE" '^[1-9]' "$n"
# The recording rules were backfilled over the history: the SLO budget has a
# value a minute back over the whole 2 h, not only since Prometheus started.
n=$(curl -fsS "http://127.0.0.1:$PROM_PORT/api/v1/query" \
	--data-urlencode 'query=count_over_time(slo:ms5_api_availability:error_budget_remaining[2h])' |
	/usr/bin/python3 -c 'import json,sys; r=json.load(sys.stdin)["data"]["result"]; print(r[0]["value"][1] if r else 0)')
if [ "${n:-0}" -ge 100 ]; then ok "SLO windows are full from the start ($n points over 2 h)"; else not_ok "SLO windows are full from the start (only ${n:-0} points over 2 h)"; fi

snap() {   # snap ROLE [args...]: a snapshot on stdout, its exit status
	local role=$1; shift
	"$ms5top" "${STACK_ARGS[@]}" --role "$role" --snapshot "$@" 2>"$T_TMP/snap.err"
}

out=$(snap floor --width 120 --height 40); snap_rc=$?
expect_eq "floor snapshot exits 0" 0 "$snap_rc"
expect_match "floor snapshot shows the line board with OEE" 'Lines.*' "$out"
expect_match "floor snapshot shows percentages" '[0-9]+(\.[0-9])?%' "$out"
expect_match "floor snapshot shows the Andon feed" 'Andon' "$out"
expect_match "floor snapshot names the plant" 'Demo plant' "$out"
if printf '%s' "$out" | grep -q $'\033'; then not_ok "plain text when piped"; else ok "plain text when piped (no escape codes)"; fi

out=$(snap ops --width 120 --height 40); snap_rc=$?
expect_eq "ops snapshot exits 0" 0 "$snap_rc"
expect_match "ops snapshot shows the SLO board" 'SLO' "$out"
expect_match "ops snapshot shows API latency" 'API p95' "$out"

out=$(snap exec --width 120 --height 40); snap_rc=$?
expect_eq "exec snapshot exits 0" 0 "$snap_rc"
expect_match "exec snapshot shows plant OEE" 'OEE' "$out"

out=$(snap exec --color=always --width 100 --height 30); snap_rc=$?
expect_match "--color=always writes ANSI colour" $'\033\\[' "$out"

out=$(LANG=C LC_ALL=C snap floor --width 100 --height 30)
if printf '%s' "$out" | LC_ALL=C grep -q '[^[:print:][:space:]]'; then
	not_ok "a C locale gets ASCII only"
	printf '%s\n' "$out" | LC_ALL=C grep -n '[^[:print:][:space:]]' | head -3 | sed 's/^/#   /'
else
	ok "a C locale gets ASCII only"
fi

out=$(LC_ALL=de_DE.UTF-8 snap floor --width 120 --height 40)
if printf '%s' "$out" | grep -Eq '[0-9],[0-9]+ ?%'; then
	not_ok "LC_NUMERIC=de_DE does not turn decimal points into commas"
else
	ok "LC_NUMERIC=de_DE does not turn decimal points into commas"
fi

for role in floor ops exec; do
	json=$(snap $role --format=json)
	check "$role JSON snapshot parses: every panel ok, sources up, Andon events" /usr/bin/python3 -c '
import json, sys
d = json.loads(sys.argv[1])
assert d["role"] == sys.argv[2], d["role"]
assert d["sources"]["Prometheus"]["state"] == "up", d["sources"]
assert len(d["panels"]) >= 4
assert all(p["state"] == "ok" for p in d["panels"]), [(p["title"], p["state"], p["error"]) for p in d["panels"]]
assert "andon" in d and isinstance(d["andon"]["active"], list)
values = [s for p in d["panels"] for t in p["targets"].values() for s in t["series"]]
assert values, "no series at all"
' "$json" "$role"
done

# The Andon events of the snapshot are exactly those ms5sim holds active.
token=$(curl -fsS -X POST -H 'Content-Type: application/json' \
	-d '{"username":"demo","password":"demo","remember_me":false}' \
	"http://127.0.0.1:$SIM_PORT/api/v1/auth/login" | /usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])')
server=$(curl -fsS -H "Authorization: Bearer $token" "http://127.0.0.1:$SIM_PORT/api/v1/andon/events/active" |
	/usr/bin/python3 -c 'import json,sys; print(" ".join(sorted(e["id"] for e in json.load(sys.stdin))))')
json=$(snap floor --format=json)
client=$(printf '%s' "$json" | /usr/bin/python3 -c 'import json,sys; print(" ".join(sorted(e["id"] for e in json.load(sys.stdin)["andon"]["active"])))')
expect_eq "the snapshot holds ms5sim's active Andon events" "$server" "$client"

# A source that fails: exit 2, the frame still prints and says why.
out=$("$ms5top" --prometheus "http://127.0.0.1:$(free_port)" --andon-url "" --role exec --snapshot 2>/dev/null)
rc=$?
expect_eq "a failing source exits 2" 2 "$rc"
expect_match "the frame says what failed" 'connection refused' "$out"

# Live, in tmux.
cat >"$T_TMP/run.sh" <<SH
#!/usr/bin/env bash
stty -g >"$T_TMP/stty.before"
"$ms5top" $(printf '%q ' "${STACK_ARGS[@]}") --log "$T_TMP/ms5top.log"
echo "EXITED \$?"
stty -g >"$T_TMP/stty.after"
exec sleep 600   # keeps the pane (and what it printed) for capture-pane; not a wait
SH
chmod +x "$T_TMP/run.sh"
tmux -S "$sock" -f /dev/null new-session -d -s e2e -x 120 -y 40 "$T_TMP/run.sh"
cap() { tmux -S "$sock" capture-pane -p -t e2e; }
# screen_has REGEX: the pane shows it now.
screen_has() { cap | grep -Eq -- "$1"; }
# wait_screen REGEX [SECONDS]: until the pane shows it (default 15 s).
wait_screen() { wait_for "${2:-15}" screen_has "$1"; }
# drawn_at W H: the pane holds a frame drawn for W x H: the "too small"
# notice naming that size, or a floor header whose right-aligned clock ends
# at the last column or the one before (an old frame that the resize cut
# or kept ends elsewhere, or not in a clock).
drawn_at() {
	local screen header LC_ALL=C.UTF-8   # ${#header} counts characters, not bytes
	screen=$(cap)
	printf '%s' "$screen" | grep -q "(now $1x$2)" && return 0
	header=$(printf '%s\n' "$screen" | head -n 1)
	[ "${#header}" -ge $(($1 - 2)) ] && [ "${#header}" -le "$1" ] &&
		printf '%s' "$header" | grep -Eq 'Floor.* [0-9]{2}:[0-9]{2}(:[0-9]{2})?$'
}
# ms5top_pid: the pid of the ms5top in the pane. The pane runs run.sh (its
# pid is the pane's, tmux knows it); ms5top is its child. No pgrep: procps
# is not in a minimal Debian.
ms5top_pid() {
	local pane c
	pane=$(tmux -S "$sock" display -p -t e2e '#{pane_pid}') || return 1
	for c in "$pane" $(child_pids "$pane"); do
		[ "$(basename "$(readlink "/proc/$c/exe" 2>/dev/null)")" = ms5top ] && { echo "$c"; return 0; }
	done
	return 1
}
check "live floor view shows the lines with OEE" wait_screen 'Lines.*' 15
check "live floor view fills in numbers" wait_screen '[0-9]+(\.[0-9])?%' 15
tmux -S "$sock" send-keys 2
check "key 2 switches to the ops view" wait_screen 'Operations' 10
check "the ops view shows the SLO board" wait_screen 'SLOs' 10
tmux -S "$sock" send-keys 3
check "key 3 switches to the exec view" wait_screen 'Executive' 10
tmux -S "$sock" send-keys '?'
check "? shows the help" wait_screen 'any key closes this help' 5
tmux -S "$sock" send-keys x
tmux -S "$sock" send-keys 1
check "key 1 goes back to the floor" wait_screen 'Floor' 10

for size in 80x24 40x12 250x70 120x40; do
	tmux -S "$sock" resize-window -x "${size%x*}" -y "${size#*x}" 2>/dev/null ||
		tmux -S "$sock" resize-pane -x "${size%x*}" -y "${size#*x}"
	wait_for 10 drawn_at "${size%x*}" "${size#*x}"
	screen=$(cap)
	lines=$(printf '%s\n' "$screen" | wc -l)
	if drawn_at "${size%x*}" "${size#*x}"; then
		ok "resized to $size: the view redraws ($lines rows)"
	else
		not_ok "resized to $size: the view redraws"
		printf '%s\n' "$screen" | head -n 12 | sed 's/^/#   /'
	fi
done

kill "$PROM_PID"; wait "$PROM_PID" 2>/dev/null
tmux -S "$sock" send-keys r
check "a killed Prometheus shows as down" wait_screen 'Prometheus (✖|x) down' 20
check "the panels say why" wait_screen 'connection refused' 10
stack_prom_start
tmux -S "$sock" send-keys r
check "a restarted Prometheus recovers" wait_screen 'Prometheus (●|\+) [0-9]' 30

pid=$(ms5top_pid)
expect_match "tmux names the pane's ms5top" '^[0-9]+$' "$pid"
[ -n "$pid" ] && kill -TERM "$pid"
check "SIGTERM ends ms5top" wait_screen 'EXITED 0' 10
wait_for 5 test -s "$T_TMP/stty.after"
expect_eq "the terminal settings are restored after SIGTERM" "$(cat "$T_TMP/stty.before")" "$(cat "$T_TMP/stty.after" 2>/dev/null)"

# Kiosk: locked to its role, q ignored, only the unlock keys quit.
tmux_stop
cat >"$T_TMP/kiosk.sh" <<SH
#!/usr/bin/env bash
"$ms5top" $(printf '%q ' "${STACK_ARGS[@]}") --kiosk --kiosk-unlock xyz
echo "KIOSK EXITED \$?"
exec sleep 600   # keeps the pane (and what it printed) for capture-pane; not a wait
SH
chmod +x "$T_TMP/kiosk.sh"
tmux -S "$sock" -f /dev/null new-session -d -s e2e -x 160 -y 48 "$T_TMP/kiosk.sh"
check "kiosk shows the floor" wait_screen 'Floor' 15
check "kiosk draws big tiles on the floor board" wait_screen '█' 15
tmux -S "$sock" send-keys q
tmux -S "$sock" send-keys 2
check "kiosk keeps its role" wait_screen 'kiosk mode' 5
tmux -S "$sock" send-keys C-c
# Nothing may happen here: a kiosk that quit says so within the second.
if wait_screen 'KIOSK EXITED' 1; then not_ok "q and Ctrl-C do not quit a kiosk"; else ok "q and Ctrl-C do not quit a kiosk"; fi
tmux -S "$sock" send-keys x y z
check "the unlock keys quit the kiosk" wait_screen 'KIOSK EXITED 0' 5

# SIGHUP (the SSH link dies) restores the terminal too.
tmux_stop
rm -f "$T_TMP/stty.after"
tmux -S "$sock" -f /dev/null new-session -d -s e2e -x 120 -y 40 "$T_TMP/run.sh"
check "the view comes up again" wait_screen 'Floor' 15
pid=$(ms5top_pid)
expect_match "tmux names the pane's ms5top again" '^[0-9]+$' "$pid"
[ -n "$pid" ] && kill -HUP "$pid"
check "SIGHUP ends ms5top" wait_screen 'EXITED 0' 10
wait_for 5 test -s "$T_TMP/stty.after"
expect_eq "the terminal settings are restored after SIGHUP" "$(cat "$T_TMP/stty.before")" "$(cat "$T_TMP/stty.after" 2>/dev/null)"
# The login's MS5 role limits the views: an operator gets the floor only.
op_port=$(free_port)
start ms5sim-operator "$T_TMP/op.log" "$MS5_BUILD/src/ms5sim/ms5sim" --listen "127.0.0.1:$op_port" --role operator
wait_http "http://127.0.0.1:$op_port/metrics" 10
op_args=(--prometheus "http://127.0.0.1:$PROM_PORT" --andon-url "ws://127.0.0.1:$op_port/ws/"
	--user demo --password-file "$STACK_DIR/password")
out=$("$ms5top" "${op_args[@]}" --role exec --snapshot 2>&1); rc=$?
expect_eq "an operator may not open the exec view (exit 1)" 1 "$rc"
expect_match "and is told why" "MS5 role 'operator' may not open the exec view" "$out"
"$ms5top" "${op_args[@]}" --role floor --snapshot >/dev/null 2>&1; rc=$?
expect_eq "an operator may open the floor view" 0 "$rc"
done_testing

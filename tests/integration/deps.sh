#!/usr/bin/env bash
# Integration: every program that scripts/*, tests/integration/* and bench/*
# call is there on a minimal Debian 12 (debootstrap --variant=minbase) once
# scripts/deps.sh has run: it is either in a package of deps.sh's lists
# (MS5_BUILD_PKGS, MS5_RUN_PKGS, MS5_TEST_PKGS) or in the minbase set kept
# below, or it is called only after `command -v` says it is there (listed
# in OPTIONAL, with why). The same for the Python modules they import that
# are not in the standard library. The calls are found by cmdscan.py (bash
# read as bash: pipes, substitutions, wrappers such as timeout and check).
# Where dpkg can say, the lists are checked against the packages that own
# the programs here, and the minbase ones against Priority: required. A
# self-check on a temporary script shows that a new call to a tool nobody
# installs (pgrep, xxd, jq, ...) fails this suite.
cd "$(dirname "$0")"
. ./lib.sh
root=$(cd ../.. && pwd)
scan=$(pwd)/cmdscan.py
py=/usr/bin/python3
# shellcheck source=../../scripts/deps.sh
. "$root/scripts/deps.sh"
installed=" $(echo $MS5_BUILD_PKGS $MS5_RUN_PKGS $MS5_TEST_PKGS $MS5_CHROOT_PKGS) "

# The programs of a minbase Debian 12 that the scripts may call, by package
# (every one of these packages has Priority: required; apt is added by
# debootstrap). procps (ps, pgrep, pkill, kill, free) is NOT among them.
MINBASE="
coreutils: basename cat chmod chown cp cut date dd dirname echo env false head id ln ls
  mkdir mkfifo mktemp mv nice nproc od printf readlink realpath rm rmdir seq sleep sort
  stat stty sync tail tee test timeout touch tr true uname uniq wc yes chroot
bash: bash
dash: sh
grep: grep egrep fgrep
sed: sed
mawk: awk mawk
findutils: find xargs
diffutils: cmp diff
util-linux: flock getopt setsid mountpoint
mount: mount umount
libc-bin: getconf getent iconv ldd locale
dpkg: dpkg dpkg-query
apt: apt-get apt-cache
debianutils: which
gzip: gzip gunzip zcat
tar: tar
"
# Programs from packages that scripts/deps.sh installs: program:package, or
# program:package/owner when a dependency of that package owns the file.
PACKAGED="
curl:curl tmux:tmux python3:python3/python3-minimal prometheus:prometheus promtool:prometheus
prometheus-alertmanager:prometheus-alertmanager prometheus-node-exporter:prometheus-node-exporter
htpasswd:apache2-utils meson:meson ninja:ninja-build gcc:gcc clang:clang openssl:openssl
locale-gen:locales groff:groff-base man:man-db col:bsdextrautils
debootstrap:debootstrap git:git
"
# Python modules outside the standard library: module:package.
PYMODULES="websockets:python3-websockets yaml:python3-yaml"
# Called only where `command -v` finds them first: program:why.
OPTIONAL="
sudo:only when not root (scripts/deps.sh)
systemctl:only where systemd runs, to stop the daemons that Debian starts (scripts/deps.sh)
systemd-analyze:docs.sh skips the unit checks without it
htop:bench/tui.sh compares with it when it is installed
"

minbase_pkg() {   # minbase_pkg PROGRAM: its package in MINBASE, or nothing
	printf '%s\n' "$MINBASE" | awk -v c="$1" '
		/^[a-z0-9.+-]+:/ { pkg = substr($1, 1, length($1) - 1); $1 = "" }
		{ for (i = 1; i <= NF; i++) if ($i == c) { print pkg; exit } }'
}
packaged_pkg() {  # packaged_pkg PROGRAM: its package in PACKAGED, or nothing
	local e
	local p
	for e in $PACKAGED; do
		p=${e#*:}
		[ "${e%%:*}" = "$1" ] && { echo "${p%/*}"; return; }
	done
}
optional_why() {
	printf '%s\n' "$OPTIONAL" | sed -n "s/^$1://p"
}

# classify SCANFILE: one line per program or module the scan found:
# "ok NAME WHERE..." when it is covered, "bad NAME WHERE... : why" when not.
classify() {
	local kind name where pkg guards
	guards=$(awk '$1 == "guard" { print $2 " " $3 }' "$1")
	while read -r kind name; do
		where=$(awk -v k="$kind" -v n="$name" '$1 == k && $2 == n { print $3 }' "$1" | head -n 3 | tr '\n' ' ')
		case $kind in
		cmd)
			if pkg=$(minbase_pkg "$name") && [ -n "$pkg" ]; then
				echo "ok $name ($pkg, minbase)"
			elif pkg=$(packaged_pkg "$name") && [ -n "$pkg" ] && [[ $installed == *" $pkg "* ]]; then
				echo "ok $name ($pkg, installed by scripts/deps.sh)"
			elif [ -n "$pkg" ]; then
				echo "bad $name ${where}: its package $pkg is not in scripts/deps.sh's lists"
			elif [ -n "$(optional_why "$name")" ]; then
				# Every file that calls it must ask `command -v` first.
				local f unguarded=""
				for f in $(awk -v n="$name" '$1 == "cmd" && $2 == n { sub(/:[0-9]+$/, "", $3); print $3 }' "$1" | sort -u); do
					printf '%s\n' "$guards" | grep -q "^$name $f:" || unguarded="$unguarded $f"
				done
				if [ -z "$unguarded" ]; then
					echo "ok $name (optional: $(optional_why "$name"))"
				else
					echo "bad $name:$unguarded calls it without asking command -v first"
				fi
			else
				echo "bad $name ${where}: neither in minbase nor in a package that scripts/deps.sh installs"
			fi
			;;
		import)
			if $py -c 'import sys; sys.exit(sys.argv[1] not in sys.stdlib_module_names)' "$name"; then
				continue
			fi
			pkg=""
			for e in $PYMODULES; do [ "${e%%:*}" = "$name" ] && pkg=${e#*:}; done
			if [ -n "$pkg" ] && [[ $installed == *" $pkg "* ]]; then
				echo "ok python module $name ($pkg, installed by scripts/deps.sh)"
			else
				echo "bad python module $name ${where}: not in the standard library nor in a package of scripts/deps.sh"
			fi
			;;
		esac
	done < <(awk '$1 == "cmd" || $1 == "import" { print $1, $2 }' "$1" | sort -u)
}

# run_scan OUT FILE...: the scan, with bash's own builtins and keywords.
run_scan() {
	local out=$1; shift
	compgen -b -k >"$T_TMP/builtins"
	$py "$scan" "$T_TMP/builtins" "$@" >"$out"
}

# ---- 1. the project's scripts ----------------------------------------------------
shopt -s nullglob
files=()
for f in "$root"/scripts/* "$root"/tests/integration/*.sh "$root"/tests/integration/*.py "$root"/bench/*; do
	[ -f "$f" ] && files+=("$f")
done
if run_scan "$T_TMP/scan.txt" "${files[@]}"; then
	ok "cmdscan.py reads the ${#files[@]} scripts of scripts/, tests/integration/ and bench/"
else
	not_ok "cmdscan.py reads the scripts"; tail -n 20 "$T_TMP/scan.txt" | sed 's/^/#   /'
fi
sed -i "s|$root/||" "$T_TMP/scan.txt"
found=$(awk '$1 == "cmd" { print $2 }' "$T_TMP/scan.txt" | sort -u | tr '\n' ' ')
expect_match "the scan finds the programs the suites are known to call" \
	'(^| )curl .*promtool .*python3 .*sed .*tmux ' "$found"
expect_eq "the scan finds no syntax it cannot read" "" "$(grep '^error ' "$T_TMP/scan.txt")"
classify "$T_TMP/scan.txt" >"$T_TMP/classes.txt"
while read -r verdict rest; do
	if [ "$verdict" = ok ]; then ok "$rest"; else not_ok "$rest"; fi
done <"$T_TMP/classes.txt"
expect_eq "nothing calls procps (ps, pgrep, pkill, kill as a program) or killall" "" \
	"$(awk '$1 == "cmd" && $2 ~ /^(ps|pgrep|pkill|pidof|killall|top|free|watch)$/ { print $2, $3 }' "$T_TMP/scan.txt")"

# Waits are for conditions (wait_for); a sleep that is not one (a window
# that is the measurement, a pane kept open) says so on its line.
bare=""
while read -r _ _ where; do
	file=${where%:*} line=${where##*:}
	case $file in tests/integration/*|bench/*|scripts/wait.sh) ;; *) continue ;; esac
	sed -n "${line}p" "$root/$file" | grep -q '#' || bare="$bare $where"
done < <(awk '$1 == "cmd" && $2 == "sleep"' "$T_TMP/scan.txt")
expect_eq "every sleep in tests/integration, bench and scripts/wait.sh says on its line why it is no wait" "" "$bare"

# ---- 2. the lists against the packages of this machine ---------------------------------
# owner PROGRAM: the package that owns the program here (usr-merged paths too).
owner() {
	local p c
	p=$(type -P "$1") || return 1
	for c in "$p" "/bin/$1" "/usr/bin/$1" "/sbin/$1" "/usr/sbin/$1" "$(readlink -f "$p")"; do
		dpkg -S "$c" 2>/dev/null | grep -v '^diversion by' | sed -n '1s/:.*//p' | grep . && return 0
	done
	return 1
}
if command -v dpkg >/dev/null && command -v dpkg-query >/dev/null; then
	wrong="" notreq=""
	for name in $(printf '%s\n' "$MINBASE" | sed 's/^[a-z0-9.+-]*://' | tr ' ' '\n' | grep . | sort -u); do
		want=$(minbase_pkg "$name")
		have=$(owner "$name") || continue
		[ "$have" = "$want" ] || wrong="$wrong $name:$have(not $want)"
		prio=$(dpkg-query -W -f='${Priority}' "$have" 2>/dev/null)
		[ "$prio" = required ] || [ "$have" = apt ] || notreq="$notreq $name:$have($prio)"
	done
	expect_eq "each minbase program belongs to the package it is listed under" "" "$wrong"
	expect_eq "each minbase package has Priority: required" "" "$notreq"
	wrong=""
	for e in $PACKAGED; do
		have=$(owner "${e%%:*}") || continue
		want=${e#*:}; want=${want#*/}
		[ "$have" = "$want" ] || wrong="$wrong ${e%%:*}:$have(not $want)"
	done
	expect_eq "each packaged program belongs to the package it is listed under" "" "$wrong"
else
	ok "the lists against this machine's packages # SKIP dpkg is not here"
fi

# ---- 3. self-check: a new call to an uninstalled tool fails ------------------------------
mkdir -p "$T_TMP/self"
cat >"$T_TMP/self/bad.sh" <<'BAD'
#!/usr/bin/env bash
. ./lib.sh
pid=$(pgrep -f "ms5top --role floor")
n=$(echo "1 / 3" | bc -l)
if xxd -p /dev/null >/dev/null; then :; fi
check "the port is open" nc -z 127.0.0.1 9090
timeout 5 jq . <"$T_TMP/x.json"
for p in $(lsof -t -i :9090); do kill "$p"; done
wait_for 5 ss -ltn
systemd-analyze verify x.service
BAD
cat >"$T_TMP/self/bad.py" <<'BAD'
import subprocess, requests
subprocess.run(["netstat", "-ltn"])
BAD
cat >"$T_TMP/self/good.sh" <<'GOOD'
#!/usr/bin/env bash
. ./lib.sh
py=/usr/bin/python3
helper() { curl -fsS "$1" | awk '{ print $1 }'; }
out=$(helper http://127.0.0.1:1/ 2>&1) || true
n=$($py -c 'print(1)')
if command -v systemd-analyze >/dev/null; then systemd-analyze verify x.service; fi
cat <<'TXT'
pgrep and xxd in a here-document are data
TXT
echo "pgrep in a string is no call"   # nor in a comment: xxd
GOOD
# With lib.sh, whose functions (check, wait_for) they call.
run_scan "$T_TMP/self/bad.txt" "$T_TMP/self/bad.sh" "$T_TMP/self/bad.py" "$(pwd)/lib.sh" "$root/scripts/wait.sh"
classify "$T_TMP/self/bad.txt" >"$T_TMP/self/bad.classes"
bad=$(awk '$1 == "bad" { print $2 }' "$T_TMP/self/bad.classes" | sed 's/:.*//' | LC_ALL=C sort -u | tr '\n' ' ')
expect_eq "self-check: each call to an uninstalled tool is flagged (and an unguarded optional one)" \
	"bc jq lsof nc netstat pgrep python ss systemd-analyze xxd " "$bad"
expect_match "self-check: an unknown Python module is flagged" 'bad python module requests' \
	"$(cat "$T_TMP/self/bad.classes")"
run_scan "$T_TMP/self/good.txt" "$T_TMP/self/good.sh" "$(pwd)/lib.sh" "$root/scripts/wait.sh"
classify "$T_TMP/self/good.txt" >"$T_TMP/self/good.classes"
expect_eq "self-check: installed tools, functions, variables, strings and here-documents pass" "" \
	"$(grep -v '^ok ' "$T_TMP/self/good.classes")"
expect_eq "self-check: ... and the good script's calls were all seen" "awk cat curl python3 systemd-analyze" \
	"$(awk -v f="$T_TMP/self/good.sh" '$1 == "cmd" && index($3, f ":") == 1 { print $2 }' "$T_TMP/self/good.txt" |
		LC_ALL=C sort -u | tr '\n' ' ' | sed 's/ $//')"

done_testing

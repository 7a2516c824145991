#!/usr/bin/env bash
# Integration: scripts/count-results, the summary of scripts/test, on
# testlogs made to fail: a real meson project of its own (a TAP suite with
# a failing check, one that skips a check, one skipped whole with exit 77,
# one that passes) whose testlog.json is read as scripts/test reads it, and
# a hand-made testlog with criterion output and a timeout. The failing
# checks are named with their comment lines, skips are counted as skips,
# and the last line is exactly "N passed, N failed, N skipped".
cd "$(dirname "$0")"
. ./lib.sh
root=$(cd ../.. && pwd)
count=$root/scripts/count-results
py=/usr/bin/python3

# ---- 1. a real meson testlog ---------------------------------------------------
proj=$T_TMP/proj
mkdir -p "$proj"
cat >"$proj/meson.build" <<'MESON'
project('fake', version: '0')
foreach s : ['failing', 'skipping', 'skipped', 'passing']
  test(s, find_program(s + '.sh'))
endforeach
MESON
cat >"$proj/failing.sh" <<'SH'
#!/bin/sh
echo "ok 1 - the first check"
echo "not ok 2 - the screen shows the lines"
echo "#   expected /Lines/ in:"
echo "#   Terminal too small"
echo "ok 3 - the last check"
exit 1
SH
cat >"$proj/skipping.sh" <<'SH'
#!/bin/sh
echo "ok 1 - runs"
echo "ok 2 - systemd-analyze verify # SKIP systemd-analyze is not installed"
SH
cat >"$proj/skipped.sh" <<'SH'
#!/bin/sh
echo "ok 1 - printed before the suite gave up"
exit 77
SH
cat >"$proj/passing.sh" <<'SH'
#!/bin/sh
echo "ok 1 - one"
echo "ok 2 - two"
SH
chmod +x "$proj"/*.sh
if meson setup "$T_TMP/proj-build" "$proj" >"$T_TMP/setup.log" 2>&1; then
	meson test -C "$T_TMP/proj-build" >"$T_TMP/mtest.log" 2>&1
	ok "a meson project with a failing suite sets up and runs"
else
	not_ok "a meson project with a failing suite sets up and runs"
	tail -n 10 "$T_TMP/setup.log" | sed 's/^/#   /'
fi
log=$T_TMP/proj-build/meson-logs/testlog.json
check "meson wrote testlog.json" test -s "$log"

out=$($py "$count" --failures "$log" normal)
expect_match "--failures names the failed test" '^--- normal failing: FAIL$' "$out"
expect_match "--failures prints its not ok line" '^   not ok 2 - the screen shows the lines$' "$out"
expect_match "--failures prints the comment lines under it" \
	'#   expected /Lines/ in:.*#   Terminal too small' "$(printf '%s' "$out" | tr '\n' ' ')"
expect_eq "--failures leaves out the checks that passed" 0 "$(printf '%s\n' "$out" | grep -c 'ok [13] - ')"
expect_eq "--failures leaves out the tests that did not fail" 0 \
	"$(printf '%s\n' "$out" | grep -cE 'passing|skipping|skipped')"

mkdir -p "$T_TMP/r1"
cp "$log" "$T_TMP/r1/normal.json"
out=$($py "$count" "$T_TMP/r1" 0); rc=$?
expect_eq "a failing run exits 1" 1 "$rc"
# passing 2 + skipping 1 + failing 2 passed; failing 1 failed; skipping 1 +
# skipped (whole) 1 skipped.
expect_eq "the last line counts passed, failed and skipped" "5 passed, 1 failed, 2 skipped" \
	"$(printf '%s\n' "$out" | tail -n 1)"
expect_match "a check with a SKIP directive counts as skipped, not passed" \
	'skipping +1 passed +0 failed +1 skipped' "$out"
expect_match "a suite skipped whole (exit 77) shows in the table" \
	'skipped +0 passed +0 failed +1 skipped +SKIPPED \(whole suite\)' "$out"
expect_eq "exactly one line has the closing form" 1 \
	"$(printf '%s\n' "$out" | grep -cE '^[0-9]+ passed, [0-9]+ failed, [0-9]+ skipped$')"

# ---- 2. a hand-made testlog: criterion, a timeout, a crash -----------------------
mkdir -p "$T_TMP/r2"
$py - "$T_TMP/r2/sanitizers.json" <<'PY'
import json, sys
crit = "\n".join([
    "[----] Criterion v2.4.1",
    "[RUN ] url::parse",
    "[PASS] url::parse: (0.00s)",
    "[RUN ] url::join",
    "[----] test_url.c:42: Assertion Failed",
    "[----]   ",
    "[----]   join kept the query: got 'a?b'",
    "[----]   ",
    "[FAIL] url::join: (0.00s)",
    "[RUN ] url::crash",
    "[----] test_url.c:50: Unexpected signal caught below this line!",
    "[FAIL] url::crash: CRASH!",
    "[RUN ] url::locale",
    "[SKIP] url::locale: de_DE.UTF-8 is not installed",
    "[====] Synthesis: Tested: 3 | Passing: 1 | Failing: 2 | Crashing: 1 ",
])
tests = [
    {"name": "url", "result": "FAIL", "stdout": "", "stderr": crit},
    {"name": "e2e", "result": "TIMEOUT", "stdout": "ok 1 - the stack starts\nok 2 - a view\n", "stderr": ""},
    {"name": "fmt", "result": "OK", "stdout": "", "stderr": "[====] Synthesis: Tested: 4 | Passing: 4 | Failing: 0 | Crashing: 0 "},
    {"name": "hang", "result": "ERROR", "stdout": "starting\nsegmentation fault\n", "stderr": ""},
]
with open(sys.argv[1], "w") as f:
    for t in tests:
        f.write(json.dumps(t) + "\n")
PY
out=$($py "$count" --failures "$T_TMP/r2/sanitizers.json" sanitizers)
expect_match "criterion: the failed assertion and its message" \
	'test_url.c:42: Assertion Failed.*join kept the query.*\[FAIL\] url::join' "$(printf '%s' "$out" | tr '\n' ' ')"
expect_match "criterion: a crash is named" 'Unexpected signal caught.*\[FAIL\] url::crash: CRASH!' \
	"$(printf '%s' "$out" | tr '\n' ' ')"
expect_match "a timeout is named, with the end of its output" \
	'--- sanitizers e2e: TIMEOUT.*ok 2 - a view' "$(printf '%s' "$out" | tr '\n' ' ')"
expect_match "a test without TAP or criterion lines shows the end of its output" \
	'--- sanitizers hang: ERROR.*segmentation fault' "$(printf '%s' "$out" | tr '\n' ' ')"
expect_eq "a test that passed is not listed" 0 "$(printf '%s\n' "$out" | grep -c 'fmt')"
out=$($py "$count" "$T_TMP/r2" 1); rc=$?
expect_eq "failures and a failed build exit 1" 1 "$rc"
# passed: url 1 + e2e 2 + fmt 4; failed: url 2 (the crash is one of them) +
# e2e 1 (timed out) + hang 1 + 1 build; skipped: url 1.
expect_eq "criterion's counts, a crash counted once, a criterion skip" "7 passed, 5 failed, 1 skipped" \
	"$(printf '%s\n' "$out" | tail -n 1)"
expect_match "a timed-out suite says so in the table" 'e2e +2 passed +1 failed +0 skipped +TIMEOUT' "$out"

# ---- 3. everything passed -----------------------------------------------------------
mkdir -p "$T_TMP/r3"
printf '%s\n' '{"name": "cli", "result": "OK", "stdout": "ok 1 - a\nok 2 - b # skip not here\n", "stderr": ""}' \
	>"$T_TMP/r3/normal.json"
printf 'ok 1 - fuzz prom for 20s\n' >"$T_TMP/r3/fuzz.out"
out=$($py "$count" "$T_TMP/r3" 0); rc=$?
expect_eq "a run with nothing failed exits 0" 0 "$rc"
expect_eq "... and ends with its counts" "2 passed, 0 failed, 1 skipped" "$(printf '%s\n' "$out" | tail -n 1)"
out=$($py "$count" --failures "$T_TMP/r3/normal.json" normal)
expect_eq "--failures prints nothing when nothing failed" "" "$out"

# ---- 4. scripts/test uses it ---------------------------------------------------------
check "scripts/test prints the failing checks from testlog.json" \
	grep -q 'count-results --failures "$results/$label.json"' "$root/scripts/test"
expect_eq "scripts/test no longer greps meson's text output for FAIL blocks" 0 \
	"$(grep -c 'FAIL|TIMEOUT' "$root/scripts/test")"

done_testing

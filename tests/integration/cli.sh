#!/usr/bin/env bash
# Integration: the command line itself: --version, --help, configuration
# errors (one clear line, exit 1), precedence of flags, environment and file.
cd "$(dirname "$0")"
. ./lib.sh
ms5top=$MS5_BUILD/ms5top
export XDG_CONFIG_HOME=$T_TMP/xdg HOME=$T_TMP/home
mkdir -p "$XDG_CONFIG_HOME/ms5top" "$HOME"

out=$($ms5top --version); rc=$?
expect_eq "--version exits 0" 0 "$rc"
expect_match "--version names the version" '^ms5top [0-9]+\.[0-9]+\.[0-9]+' "$out"
out=$($ms5top --help); rc=$?
expect_eq "--help exits 0" 0 "$rc"
for flag in --prometheus --alertmanager --andon-url --api-url --token --token-file --user \
	--password-file --ca-file --cert --key --insecure --header --role --config --log \
	--check --query --format; do
	expect_match "--help lists $flag" -- "$flag" "$out"
done

out=$($ms5top --role forman --check 2>&1); rc=$?
expect_eq "a bad role exits 1" 1 "$rc"
expect_match "a bad role is named with its value" "forman" "$out"
expect_eq "a config error is one line" 1 "$(printf '%s\n' "$out" | wc -l)"
out=$($ms5top --bogus 2>&1); rc=$?
expect_eq "an unknown flag exits 1" 1 "$rc"
expect_match "an unknown flag is named" "bogus" "$out"
out=$($ms5top --prometheus localhost:9090 --check 2>&1); rc=$?
expect_eq "a URL without scheme exits 1" 1 "$rc"
out=$($ms5top --config "$T_TMP/nope.conf" --check 2>&1); rc=$?
expect_eq "a missing --config file exits 1" 1 "$rc"
expect_match "a missing --config file is named" "nope.conf" "$out"

# Precedence: file < environment < flags, seen through --check's report.
dead=$(free_port)
cat >"$XDG_CONFIG_HOME/ms5top/config" <<CONF
[prometheus]
url = http://127.0.0.1:$dead/from-file
[andon]
url = ws://127.0.0.1:$dead/ws/
CONF
out=$($ms5top --check 2>&1)
expect_match "the config file is read" "from-file" "$out"
out=$(MS5TOP_PROMETHEUS=http://127.0.0.1:$dead/from-env $ms5top --check 2>&1)
expect_match "the environment overrides the file" "from-env" "$out"
out=$(MS5TOP_PROMETHEUS=http://127.0.0.1:$dead/from-env $ms5top --prometheus "http://127.0.0.1:$dead/from-flag" --check 2>&1)
expect_match "a flag overrides the environment" "from-flag" "$out"
printf '[prometheus]\nurl http://x\n' >"$T_TMP/bad.conf"
out=$($ms5top --config "$T_TMP/bad.conf" --check 2>&1); rc=$?
expect_eq "a malformed config file exits 1" 1 "$rc"
expect_match "a malformed config file names path and line" 'bad\.conf:2' "$out"

# The debug log records requests and never the token.
$ms5top --prometheus "http://127.0.0.1:$dead" --andon-url "ws://127.0.0.1:$dead/ws/?token=abc123" \
	--log "$T_TMP/ms5.log" --check >/dev/null 2>&1
log=$(cat "$T_TMP/ms5.log" 2>/dev/null)
expect_match "--log records each request" 'http: GET http://127.0.0.1:[0-9]+/from-file|http: GET http://127.0.0.1:[0-9]+/api/v1/status/buildinfo' "$log"
expect_eq "--log never records a token" 0 "$(printf '%s' "$log" | grep -c abc123)"

done_testing

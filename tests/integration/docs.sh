#!/usr/bin/env bash
# Integration: the documentation. ms5top(1), ms5top.conf(5), dist/config.example
# and the README's configuration block and flag table are made at build time
# by ms5top-gendoc from the options table of src/core/config.c and the key
# table of the help overlay (man/*.in are the man pages' templates). This
# checks the making: every artifact is made, the made man pages render
# without a warning and fit 80 columns, have every flag, key, variable and
# overlay key of the tables, `meson install` installs them, and the copies in
# the source tree (man pages, dist/config.example, the README's blocks) are
# what the build makes, so that a stale copy fails. Then, as before: ms5sim(1)
# has every ms5sim flag; the panel kinds, units and theme keys of the code are
# in ms5top.conf(5), whose examples load; dist/config.example is accepted
# (every key, also the commented ones); the systemd files pass
# `systemd-analyze verify`; the README's Quick start is two commands.
cd "$(dirname "$0")"
. ./lib.sh
root=$(cd ../.. && pwd)
ms5top=$MS5_BUILD/ms5top
ms5sim=$MS5_BUILD/src/ms5sim/ms5sim
export XDG_CONFIG_HOME=$T_TMP/xdg HOME=$T_TMP/home
mkdir -p "$XDG_CONFIG_HOME" "$HOME"
unset MS5TOP_CONFIG
export LC_ALL=C.UTF-8 MANWIDTH=80

# skip "what" "why": a check that cannot run here.
skip() { T_N=$((T_N + 1)); echo "ok $T_N - $1 # SKIP $2"; }

# The source of a man page with the escapes that matter for a search taken
# out: \- is '-', \f? font changes, \% \& \~ \| vanish or become blanks.
man_text() {
	sed -e 's/\\-/-/g' -e 's/\\f[BIRP]//g' -e 's/\\[%&|]//g' -e 's/\\~/ /g' "$1"
}

# has_word FILE WORD: WORD occurs in FILE not followed by a letter, digit,
# '-' or '_' ("--token" is not found in "--token-file").
has_word() {
	grep -qE -- "$(printf '%s' "$2" | sed 's/[][\.*^$]/\\&/g')([^A-Za-z0-9_-]|\$)" "$1"
}

gendoc=$MS5_BUILD/ms5top-gendoc

# 0. The generation: every artifact, the made files, no marker left, and the
# copies in the source tree are what the build makes.
for a in man-options man-env man-keys key-list conf-keys config-example readme-config readme-flags; do
	out=$("$gendoc" "$a" 2>&1); rc=$?
	if [ "$rc" = 0 ] && [ -n "$out" ]; then
		ok "ms5top-gendoc $a makes its text"
	else
		not_ok "ms5top-gendoc $a makes its text (exit $rc)"
		printf '%s\n' "$out" | head -n 5 | sed 's/^/#   /'
	fi
done
made="man/ms5top.1 man/ms5top.conf.5 dist/config.example README.md"
for f in $made; do
	check "the build makes $f" test -s "$MS5_BUILD/$f"
done
left=$(grep -lE '^(\.\\" |# |<!-- )@[a-z-]+@' "$MS5_BUILD/man/ms5top.1" "$MS5_BUILD/man/ms5top.conf.5" \
	"$MS5_BUILD/dist/config.example")
expect_eq "no marker is left in the made man pages and dist/config.example" "" "$left"
for f in $made; do
	if cmp -s "$MS5_BUILD/$f" "$root/$f"; then
		ok "$f in the source tree is what the build makes"
	else
		not_ok "$f in the source tree is what the build makes (edit its source, then ninja update-docs)"
		diff -u "$root/$f" "$MS5_BUILD/$f" | head -n 20 | sed 's/^/#   /'
	fi
done
expect_eq "scripts/docs-sync check agrees" 0 "$("$root/scripts/docs-sync" check "$MS5_BUILD" "$root" >/dev/null 2>&1; echo $?)"
# The controls: a stale copy fails the check, a marker of nothing fails.
mkdir -p "$T_TMP/stale/man" "$T_TMP/stale/dist"
for f in $made; do cp "$root/$f" "$T_TMP/stale/$f"; done
sed -i 's/^| `--prometheus URL`/| `--prometheus URI`/' "$T_TMP/stale/README.md"
out=$("$root/scripts/docs-sync" check "$MS5_BUILD" "$T_TMP/stale" 2>&1); rc=$?
expect_eq "... and a README with a hand-edited flag table fails it" 1 "$rc"
expect_match "... naming README.md" '^README.md differs' "$out"
printf '.TH X 1\n.\\" @no-such-thing@\n' >"$T_TMP/bad.in"
out=$("$gendoc" fill "$T_TMP/bad.in" "$T_TMP/bad.out" 2>&1); rc=$?
expect_eq "ms5top-gendoc fill refuses an unknown marker" "1" "$rc"
expect_match "... and names it" "unknown marker 'no-such-thing'" "$out"
# meson install installs the made man pages (not the copies of the tree).
if meson install -C "$MS5_BUILD" --no-rebuild --destdir "$T_TMP/dest" >"$T_TMP/install.log" 2>&1; then
	inst1=$(find "$T_TMP/dest" -path '*/man1/ms5top.1' | head -n 1)
	inst5=$(find "$T_TMP/dest" -path '*/man5/ms5top.conf.5' | head -n 1)
	check "meson install installs the made ms5top.1" cmp -s "$inst1" "$MS5_BUILD/man/ms5top.1"
	check "meson install installs the made ms5top.conf.5" cmp -s "$inst5" "$MS5_BUILD/man/ms5top.conf.5"
else
	not_ok "meson install --destdir works"
	tail -n 5 "$T_TMP/install.log" | sed 's/^/#   /'
fi

# The made pages are the ones checked from here on; ms5sim(1) is written by hand.
declare -A page=([ms5top.1]=$MS5_BUILD/man/ms5top.1 [ms5top.conf.5]=$MS5_BUILD/man/ms5top.conf.5
	[ms5sim.1]=$root/man/ms5sim.1)
pages="ms5top.1 ms5top.conf.5 ms5sim.1"
for p in $pages; do
	man_text "${page[$p]}" >"$T_TMP/$p.src"
done

# 1. The man pages render cleanly.
if command -v groff >/dev/null; then
	for p in $pages; do
		err=$(groff -ww -man -Tutf8 "${page[$p]}" 2>&1 >/dev/null); rc=$?
		expect_eq "groff renders $p without warnings" "0:" "$rc:$err"
	done
else
	skip "groff renders the man pages without warnings" "groff is not installed"
fi
if command -v man >/dev/null && command -v col >/dev/null; then
	for p in $pages; do
		err=$(man --warnings -l "${page[$p]}" 2>&1 >"$T_TMP/$p.txt"); rc=$?
		expect_eq "man -l renders $p without warnings" "0:" "$rc:$err"
		width=$(col -bx <"$T_TMP/$p.txt" | wc -L)
		if [ "$width" -le 80 ]; then
			ok "$p fits 80 columns"
		else
			not_ok "$p fits 80 columns"
			col -bx <"$T_TMP/$p.txt" | awk 'length($0) > 80' | head -n 5 | sed 's/^/#   /'
		fi
	done
else
	skip "man -l renders the man pages without warnings" "man is not installed"
fi

# 2. Flags, config keys and variables, from the program itself.
help=$("$ms5top" --help); rc=$?
expect_eq "ms5top --help exits 0" 0 "$rc"
flags=$(printf '%s\n' "$help" | sed -nE 's/^ +(-[A-Za-z], )?--([a-z][a-z-]*).*/\2/p')
expect_match "--help lists flags" 'prometheus' "$flags"
# "(MS5TOP_X; [section] key)" may be wrapped over two lines of --help.
joined=$(printf '%s\n' "$help" | tr '\n' ' ' | tr -s ' ')
keys=$(printf '%s' "$joined" | grep -oE '; \[[a-z]+\] [a-z_]+\)' | sed -E 's/^; //; s/\)$//')
expect_match "--help names config keys" '\[prometheus\] url' "$keys"
vars=$( { printf '%s' "$joined" | grep -oE 'MS5TOP_[A-Z_]+'
	grep -oE '\.env = "MS5TOP_[A-Z_]+"' "$root/src/core/config.c" | grep -oE 'MS5TOP_[A-Z_]+'; } |
	sort -u)
expect_match "the options table has MS5TOP_ variables" 'MS5TOP_PROMETHEUS' "$vars"

missing_man="" missing_readme=""
for f in $flags; do
	has_word "$T_TMP/ms5top.1.src" "--$f" || missing_man="$missing_man --$f"
	has_word "$root/README.md" "--$f" || missing_readme="$missing_readme --$f"
done
expect_eq "every flag of --help is in ms5top(1)" "" "$missing_man"
# Each has an entry of its own: the tag (the line after .TP) of one in
# OPTIONS, or in MODES for the modes.
tags=$(awk 'tag { print; tag = 0 } /^\.TP( |$)/ { tag = 1 }' "$T_TMP/ms5top.1.src" |
	grep -oE -- '--[a-z][a-z-]*' | sort -u)
missing=""
for f in $flags; do
	printf '%s\n' "$tags" | grep -qxF -- "--$f" || missing="$missing --$f"
done
expect_eq "every flag of --help has an entry in ms5top(1) MODES or OPTIONS" "" "$missing"
expect_eq "every flag of --help is in README.md" "" "$missing_readme"

missing_conf="" missing_readme="" missing_example=""
while IFS= read -r k; do
	[ -n "$k" ] || continue
	grep -qF -- "$k" "$T_TMP/ms5top.conf.5.src" || missing_conf="$missing_conf $k;"
	grep -qF -- "\`$k\`" "$root/README.md" || missing_readme="$missing_readme $k;"
	section=${k%%]*}; section=${section#[}; key=${k#*] }
	awk -v s="$section" -v k="$key" '
		/^\[/ { cur = substr($0, 2, index($0, "]") - 2) }
		cur == s && $0 ~ "^(# )?" k " = " { found = 1 }
		END { exit !found }' "$MS5_BUILD/dist/config.example" || missing_example="$missing_example $k;"
done <<<"$keys"
expect_eq "every config key is in ms5top.conf(5)" "" "$missing_conf"
expect_eq "every config key is in README.md" "" "$missing_readme"
expect_eq "every config key is in dist/config.example" "" "$missing_example"

missing=""
for v in $vars; do
	has_word "$T_TMP/ms5top.1.src" "$v" || missing="$missing $v"
done
expect_eq "every MS5TOP_ variable of the options table is in ms5top(1)" "" "$missing"
missing=""
for v in $vars; do
	grep -qxF -- ".B $v" "$T_TMP/ms5top.1.src" || missing="$missing $v"
done
expect_eq "... each with an entry of ENVIRONMENT" "" "$missing"
for v in NO_COLOR COLORTERM COLUMNS LINES XDG_CONFIG_HOME HOME; do
	if has_word "$T_TMP/ms5top.1.src" "$v"; then ok "ms5top(1) names $v"; else not_ok "ms5top(1) names $v"; fi
done

# The keys of the help overlay, from the key table (ms5top-gendoc key-list).
overlay=$("$gendoc" key-list)
expect_match "the key table has keys" '^q$' "$overlay"
missing=""
while IFS= read -r k; do
	grep -qxF -- ".B $k" "$T_TMP/ms5top.1.src" || missing="$missing '$k'"
done <<<"$overlay"
expect_eq "every key of the help overlay has an entry in ms5top(1) KEYS" "" "$missing"

# 3. ms5sim(1) has every ms5sim flag.
if [ -x "$ms5sim" ]; then
	sim_flags=$("$ms5sim" --help | sed -nE 's/^ +(-[A-Za-z], )?--([a-z][a-z-]*).*/\2/p')
	expect_match "ms5sim --help lists flags" 'listen' "$sim_flags"
	missing=""
	for f in $sim_flags; do
		has_word "$T_TMP/ms5sim.1.src" "--$f" || missing="$missing --$f"
	done
	expect_eq "every flag of ms5sim --help is in man/ms5sim.1" "" "$missing"
else
	skip "every flag of ms5sim --help is in man/ms5sim.1" "ms5sim is not built"
fi

# 4. ms5top.conf(5) against the code: panel kinds, units, theme keys.
kinds=$(sed -nE 's/^[[:space:]]*\.name = "([a-z_]+)",.*/\1/p' "$root"/src/core/panels/*.c)
units=$(grep -oE '\[UNIT_[A-Z0-9_]+\] = "[a-z0-9_]+"' "$root/src/core/dashboard.c" | sed -E 's/.*"(.*)"/\1/')
theme_keys=$( { echo main_bg; echo header_bg; echo selected_bg
	sed -n '/fg_keys\[ROLE_COUNT\] = {/,/};/p' "$root/src/core/draw/theme.c" | grep -oE '"[a-z0-9_]+"' | tr -d '"'
	sed -n '/role_names\[ROLE_COUNT\] = {/,/};/p' "$root/src/core/draw/theme.c" | grep -oE '"[a-z0-9_]+"' | tr -d '"' |
		sed 's/$/_attr/'; } | sort -u)
expect_eq "src/core/panels has ten panel kinds" 10 "$(printf '%s\n' "$kinds" | grep -c .)"
missing=""
for w in $kinds $units; do
	has_word "$T_TMP/ms5top.conf.5.src" "$w" || missing="$missing $w"
done
expect_eq "every panel kind and unit is in ms5top.conf(5)" "" "$missing"
missing=""
for k in $theme_keys; do
	case $k in *_attr) grep -qF -- "${k%_attr}" "$T_TMP/ms5top.conf.5.src" || missing="$missing $k" ;;
	*) has_word "$T_TMP/ms5top.conf.5.src" "$k" || missing="$missing $k" ;;
	esac
done
expect_eq "every theme key is in ms5top.conf(5)" "" "$missing"

# The examples of ms5top.conf(5) load: the dashboard checks OK, the theme
# is accepted (a snapshot against a closed port exits 2, not 1).
if [ -s "$T_TMP/ms5top.conf.5.txt" ]; then
	col -bx <"$T_TMP/ms5top.conf.5.txt" | sed -n '/A one-panel dashboard:/,/^SEE ALSO/p' |
		sed -e '1d' -e '$d' >"$T_TMP/example.json"
	out=$("$ms5top" --dashboard "$T_TMP/example.json" --check 2>&1); rc=$?
	expect_eq "the dashboard example of ms5top.conf(5) passes --check" "0" "$rc"
	expect_match "... and says OK" 'dashboard +OK' "$out"
	mkdir -p "$XDG_CONFIG_HOME/ms5top/themes"
	col -bx <"$T_TMP/ms5top.conf.5.txt" | sed -n '/A theme that only changes/,/A one-panel dashboard:/p' |
		grep -E '^ +theme\[' | sed 's/^ *//' >"$XDG_CONFIG_HOME/ms5top/themes/amber.theme"
	expect_eq "the theme example of ms5top.conf(5) has two lines" 2 \
		"$(wc -l <"$XDG_CONFIG_HOME/ms5top/themes/amber.theme")"
	dead=$(free_port)
	out=$("$ms5top" --prometheus "http://127.0.0.1:$dead" --andon-url '' --theme amber \
		--snapshot --color=always --width 80 --height 24 2>&1 >/dev/null); rc=$?
	expect_eq "the theme example of ms5top.conf(5) is accepted (exit 2: no Prometheus)" "2:" "$rc:$out"
	rm -rf "$XDG_CONFIG_HOME/ms5top"
else
	skip "the examples of ms5top.conf(5) load" "man is not installed"
fi

# 5. dist/config.example (as made; the copy is the same, see 0): accepted as
# it is, and with every key set.
example=$MS5_BUILD/dist/config.example
dead=$(free_port)
export MS5TOP_PROMETHEUS=http://127.0.0.1:$dead MS5TOP_ALERTMANAGER=http://127.0.0.1:$dead \
	MS5TOP_ANDON_URL=ws://127.0.0.1:$dead/ws/ MS5TOP_TIMEOUT=2
out=$("$ms5top" --config "$example" --check 2>"$T_TMP/err"); rc=$?
expect_eq "dist/config.example is accepted (--check exits 2 with the sources down, not 1)" 2 "$rc"
expect_eq "dist/config.example draws no warning" "" "$(cat "$T_TMP/err")"
expect_match "dist/config.example is read" 'FAIL connection refused' "$out"

# Every commented "# key = value" line switched on: the secret files and
# certificates get files of the test's, the token line goes (token and
# token_file exclude each other), and so does the dashboard (with it,
# --check checks only that file).
printf 'secret\n' >"$T_TMP/secret"
printf 'not a certificate\n' >"$T_TMP/pem"
sed -E -e 's/^# ([a-z_]+ = )/\1/' -e '/^token = /d' -e '/^dashboard = /d' \
	-e "s|^(token_file\|password_file) = .*|\1 = $T_TMP/secret|" \
	-e "s|^(ca_file\|cert\|key) = .*|\1 = $T_TMP/pem|" \
	-e "s|^file = .*|file = $T_TMP/ms5top.log|" \
	"$example" >"$T_TMP/all.conf"
chmod 600 "$T_TMP/all.conf"
expect_eq "every key of dist/config.example is switched on in the copy" \
	"$(grep -cE '^(# )?[a-z_]+ = ' "$example")" \
	"$(( $(grep -cE '^[a-z_]+ = ' "$T_TMP/all.conf") + 2 ))"
out=$("$ms5top" --config "$T_TMP/all.conf" --check 2>&1); rc=$?
expect_eq "dist/config.example with every key set is accepted (exit 2, not 1)" 2 "$rc"
[ "$rc" = 2 ] || printf '%s\n' "$out" | sed 's/^/#   /'
check "... and it writes the debug log it names" test -s "$T_TMP/ms5top.log"
unset MS5TOP_PROMETHEUS MS5TOP_ALERTMANAGER MS5TOP_ANDON_URL MS5TOP_TIMEOUT

# The README shows dist/config.example as it is.
if /usr/bin/python3 -c 'import sys; sys.exit(open(sys.argv[2]).read() not in open(sys.argv[1]).read())' \
	"$root/README.md" "$example"; then
	ok "README.md holds dist/config.example word for word"
else
	not_ok "README.md holds dist/config.example word for word"
fi

# 6. The systemd files.
if command -v systemd-analyze >/dev/null; then
	mkdir -p "$T_TMP/units" "$T_TMP/man/man1" "$T_TMP/man/man5"
	cp "${page[ms5top.1]}" "$T_TMP/man/man1/" && cp "${page[ms5top.conf.5]}" "$T_TMP/man/man5/"
	sed "s|^ExecStart=/usr/local/bin/ms5top |ExecStart=$ms5top |" \
		"$root/dist/ms5top-kiosk@.service" >"$T_TMP/units/ms5top-kiosk@tty9.service"
	expect_match "the kiosk unit starts ms5top --kiosk" "^ExecStart=$ms5top --kiosk" \
		"$(cat "$T_TMP/units/ms5top-kiosk@tty9.service")"
	out=$(MANPATH=$T_TMP/man systemd-analyze verify "$T_TMP/units/ms5top-kiosk@tty9.service" 2>&1); rc=$?
	expect_eq "systemd-analyze verify dist/ms5top-kiosk@.service (no message)" "0:" "$rc:$out"
	if [ -f /lib/systemd/system/getty@.service ] || [ -f /usr/lib/systemd/system/getty@.service ]; then
		mkdir -p "$T_TMP/dropin/getty@.service.d"
		cp "$root/dist/getty-autologin.conf" "$T_TMP/dropin/getty@.service.d/autologin.conf"
		out=$(SYSTEMD_UNIT_PATH=$T_TMP/dropin: systemd-analyze verify --man=no getty@tty9.service 2>&1); rc=$?
		expect_eq "systemd-analyze verify getty@ with dist/getty-autologin.conf (no message)" "0:" "$rc:$out"
		# The control: a second ExecStart= in the same drop-in must be refused,
		# or verify did not read the drop-in at all.
		echo 'ExecStart=-/sbin/agetty --noclear - $TERM' >>"$T_TMP/dropin/getty@.service.d/autologin.conf"
		out=$(SYSTEMD_UNIT_PATH=$T_TMP/dropin: systemd-analyze verify --man=no getty@tty9.service 2>&1)
		expect_match "... and verify reads the drop-in (a broken copy is refused)" 'more than one ExecStart' "$out"
	else
		skip "systemd-analyze verify getty@ with dist/getty-autologin.conf" "no getty@.service here"
	fi
else
	skip "systemd-analyze verify dist/ms5top-kiosk@.service" "systemd-analyze is not installed"
	skip "systemd-analyze verify getty@ with dist/getty-autologin.conf" "systemd-analyze is not installed"
fi

# 7. The README's Quick start: one code block of exactly two commands.
quick=$(awk '/^## /{ on = ($0 == "## Quick start") } on' "$root/README.md")
cmds=$(printf '%s\n' "$quick" | awk '/^```/{ inside = !inside; next } inside' |
	sed 's/#.*//; s/[[:space:]]*$//' | grep -v '^[[:space:]]*$')
expect_eq "README's Quick start has one code block" 2 "$(printf '%s\n' "$quick" | grep -c '^```')"
expect_eq "README's Quick start is scripts/demo and scripts/test" \
	"$(printf 'scripts/demo\nscripts/test')" "$cmds"

done_testing

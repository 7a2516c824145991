# Installs the Debian 12 packages a task needs (sourced by scripts/test and
# scripts/demo). Idempotent and quiet: when everything is there it only
# asks dpkg. Needs root, or sudo.

MS5_BUILD_PKGS="meson ninja-build pkg-config gcc libncurses-dev libcurl4-openssl-dev
 libcjson-dev libwebsockets-dev libwebsockets-evlib-uv libuv1-dev ca-certificates"
MS5_RUN_PKGS="prometheus prometheus-alertmanager prometheus-node-exporter curl
 python3 python3-yaml tmux"
# scripts/test-chroot only (not part of scripts/test): a minbase Debian to test in.
MS5_CHROOT_PKGS="debootstrap git"
MS5_TEST_PKGS="libcriterion-dev clang libclang-rt-14-dev python3-websockets
 apache2-utils locales groff-base man-db bsdextrautils openssl"

deps_missing() {
	local p missing=""
	for p in "$@"; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' \
			|| missing="$missing $p"
	done
	echo "$missing"
}

deps_install() {
	local missing sudo=""
	# shellcheck disable=SC2086
	missing=$(deps_missing "$@")
	[ -z "$missing" ] && return 0
	if [ "$(id -u)" != 0 ]; then
		command -v sudo >/dev/null || { echo "ms5top: need root or sudo to install:$missing" >&2; return 1; }
		sudo="sudo"
	fi
	echo "Installing:$missing"
	export DEBIAN_FRONTEND=noninteractive
	$sudo apt-get update -qq >/dev/null
	# shellcheck disable=SC2086
	$sudo apt-get install -y -qq --no-install-recommends $missing >/dev/null
	# Debian packages start their daemons where systemd runs; ours start
	# their own on free ports, so stop the system ones if they came up.
	if command -v systemctl >/dev/null && [ -d /run/systemd/system ]; then
		$sudo systemctl disable --now prometheus prometheus-alertmanager \
			prometheus-node-exporter >/dev/null 2>&1 || true
	fi
}

# The locales the number-formatting tests switch to.
deps_locales() {
	local sudo=""
	[ "$(id -u)" != 0 ] && sudo="sudo"
	if ! locale -a 2>/dev/null | grep -qi '^de_DE\.utf-\?8$'; then
		$sudo sed -i -e 's/^# *\(de_DE.UTF-8 UTF-8\)/\1/' -e 's/^# *\(en_US.UTF-8 UTF-8\)/\1/' /etc/locale.gen
		grep -q '^de_DE.UTF-8 UTF-8' /etc/locale.gen || echo 'de_DE.UTF-8 UTF-8' | $sudo tee -a /etc/locale.gen >/dev/null
		$sudo locale-gen >/dev/null
	fi
}

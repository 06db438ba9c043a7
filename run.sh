#!/usr/bin/env bash
# run.sh - set up, build and run oomkit on a fresh Debian 12 machine.
#
#   ./run.sh oomtop [ARGS...]   install what is missing, build, run oomtop
#   ./run.sh test               install what is missing, build, run all tests
#   ./run.sh build              install what is missing, build only
#   ./run.sh deps               install the Debian packages only
#
# Missing Debian packages are installed with apt-get (as root) or through
# sudo. The build goes to ./build (override with OOMKIT_BUILD_DIR).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
build=${OOMKIT_BUILD_DIR:-$here/build}

packages=(
	build-essential cmake pkg-config
	libproc2-dev libncurses-dev libsmartcols-dev libsystemd-dev
	zlib1g-dev liblzma-dev libzstd-dev libcmocka-dev
	# used by the tests: the kernel-log tools we compare with and feed,
	# an independent reader (procps), a journal writer, a terminal driver
	procps util-linux systemd-journal-remote tmux python3 gzip xz-utils zstd
	# GNU time: peak RSS in tests/cli/test_oomlog_probe_output.sh and the benchmark
	time
	clang libclang-rt-14-dev
	# tests/cli/test_format.sh (clang-format 14 writes the tree's layout)
	clang-format
	# the fleet tests: node_exporter's textfile collector, a Prometheus server
	# and promtool (check metrics, test rules)
	prometheus-node-exporter prometheus
	# an independent parser of the text format (prometheus_client.parser)
	python3-prometheus-client curl
	# tests/static/run.sh and tests/cli/test_valgrind.sh
	cppcheck clang-tidy valgrind
	# a GFM renderer: oomwhy's markdown must stay text (tests/cli/test_oomwhy_markdown.sh)
	cmark-gfm
	# the Debian packages (tests/cli/test_deb.sh: dpkg-buildpackage, lintian)
	debhelper fakeroot lintian
)

log() { printf '==> %s\n' "$*" >&2; }

install_deps() {
	local missing=() p
	for p in "${packages[@]}"; do
		[[ $p == \#* ]] && continue
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' ||
			missing+=("$p")
	done
	((${#missing[@]} == 0)) && return 0
	log "installing Debian packages: ${missing[*]}"
	local sudo=()
	if ((EUID != 0)); then
		command -v sudo >/dev/null || { echo "run.sh: need root or sudo to install: ${missing[*]}" >&2; exit 1; }
		sudo=(sudo)
	fi
	"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq
	"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

do_build() {
	local werror=OFF
	[[ ${CI:-} == true || ${OOMKIT_WERROR:-} == ON ]] && werror=ON
	cmake -S "$here" -B "$build" -DOOMKIT_WERROR=$werror ${OOMKIT_CMAKE_ARGS:-} >/dev/null
	cmake --build "$build" -j"$(nproc)" >/dev/null || cmake --build "$build" -j1
}

cmd=${1:-oomtop}
shift || true
case $cmd in
deps)	install_deps ;;
build)	install_deps; do_build ;;
oomtop)	install_deps; do_build; exec "$build/cmd/oomtop/oomtop" "$@" ;;
test)
	install_deps; do_build
	cd "$build"
	ctest --output-on-failure -j"$(nproc)" "$@"
	;;
*)	echo "usage: ./run.sh {oomtop [ARGS]|test|build|deps}" >&2; exit 2 ;;
esac

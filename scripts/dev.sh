#!/usr/bin/env bash
# One entry point for a fresh Linux machine with Python 3.11+:
#   scripts/dev.sh demo   install everything and start the demo
#   scripts/dev.sh test   install everything and run the whole test suite
# System packages come from apt when run as root; otherwise that step is skipped
# and the missing packages are named so you can install them yourself.
set -euo pipefail
cd "$(dirname "$0")/.."

SYSTEM_PACKAGES=(
    pcscd libpcsclite-dev swig vsmartcard-vpcd opensc   # PC/SC stack, pyscard build, virtual reader, OpenSC check
    postgresql                                   # the multi-desk store tests
    fonts-noto-cjk                               # real Japanese glyphs
    libegl1 libgl1 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 libdbus-1-3 libglib2.0-0
    libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 xvfb x11-utils   # Qt's xcb plugin, a virtual screen (bench/build.py)
    dbus-daemon gnome-keyring                    # a real Secret Service keyring for the frozen self-test
)

install_system_packages() {
    local missing=() pkg
    for pkg in "${SYSTEM_PACKAGES[@]}"; do
        dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "ok installed" || missing+=("$pkg")
    done
    ((${#missing[@]})) || return 0
    if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then
        echo "==> apt-get install ${missing[*]}"
        DEBIAN_FRONTEND=noninteractive apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    else
        echo "==> not root (or no apt): skipping system packages. Missing: ${missing[*]}" >&2
        echo "    install them with: sudo apt-get install ${missing[*]}" >&2
    fi
}

install_python_packages() {
    [[ -x .venv/bin/python ]] || python3 -m venv .venv
    echo "==> pip install -e .[dev]"
    .venv/bin/python -m pip install -q --upgrade pip >/dev/null
    .venv/bin/python -m pip install -q -e '.[dev]'
    echo "==> translations"; .venv/bin/python -m clinic_app.resources.build_translations >/dev/null
}

case "${1:-}" in
    demo)
        install_system_packages
        install_python_packages
        shift
        exec .venv/bin/madoguchi --demo "$@"
        ;;
    test)
        install_system_packages
        install_python_packages
        shift
        export QT_QPA_PLATFORM=offscreen MADOGUCHI_REQUIRE_INTEGRATION=1
        # shellcheck source=scripts/test-services.sh
        source scripts/test-services.sh
        start_test_services
        echo "==> ruff";  .venv/bin/ruff check .
        echo "==> mypy";  .venv/bin/mypy
        echo "==> pytest"; .venv/bin/pytest "$@"
        ;;
    *)
        echo "usage: scripts/dev.sh demo|test [args]" >&2
        exit 2
        ;;
esac

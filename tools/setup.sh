# Shared set-up for tools/run-app and tools/run-tests. Sourced, not run:
# it only defines things; the caller runs `bpviz_setup EXTRAS LIBSET`.
#
# Makes the machine ready to run bpviz: a Python >= 3.11 in .venv, the Debian
# libraries Qt needs, and the project installed in editable mode. Every step
# checks first, so a second run does nothing and takes well under a second.

BPVIZ_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BPVIZ_VENV="$BPVIZ_ROOT/.venv"

# What Qt loads from the system: the offscreen platform (tests), then a real
# window on X11 (the app). Names from /work/shared/docs/qt-notes.md.
BPVIZ_DEBS_OFFSCREEN=(libegl1 libgl1 libxkbcommon0 libfontconfig1 libglib2.0-0
    libdbus-1-3 fonts-dejavu-core)
BPVIZ_DEBS_WINDOW=("${BPVIZ_DEBS_OFFSCREEN[@]}" libxkbcommon-x11-0 libx11-xcb1
    libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0
    libxcb-render-util0 libxcb-shape0 libxcb-randr0 libxcb-xkb1)

export PIP_DISABLE_PIP_VERSION_CHECK=1 DEBIAN_FRONTEND=noninteractive

bpviz_say() { echo "bpviz setup: $*" >&2; }
bpviz_die() { bpviz_say "error: $*"; exit 1; }

# Run a command silently; if it fails, show everything it printed.
bpviz_quietly() {
    local log rc=0
    log=$(mktemp)
    "$@" >"$log" 2>&1 || rc=$?
    [ "$rc" -eq 0 ] || cat "$log" >&2
    rm -f "$log"
    return "$rc"
}

# True when "$1" runs and is Python >= 3.11 (pyenv shims exist but may fail).
bpviz_python_ok() {
    "$1" -c 'import sys; sys.exit(sys.version_info < (3, 11))' >/dev/null 2>&1
}

# Print the path of the first Python >= 3.11 on PATH, or die.
bpviz_find_python() {
    local cand
    for cand in python3 python3.13 python3.12 python3.11; do
        if command -v "$cand" >/dev/null && bpviz_python_ok "$cand"; then
            command -v "$cand"
            return 0
        fi
    done
    bpviz_die "bpviz needs Python >= 3.11; none of python3, python3.13, python3.12, python3.11 on PATH is (install one, e.g. 'apt-get install python3')"
}

# Print those of the given Debian packages that are not installed.
bpviz_missing_debs() {
    local installed
    installed=$(dpkg-query -W -f='${db:Status-Abbrev} ${Package}\n' "$@" 2>/dev/null |
        awk '$1 == "ii" { print $2 }' || true)
    local pkg
    for pkg in "$@"; do
        grep -qxF "$pkg" <<<"$installed" || echo "$pkg"
    done
}

# Install the given Debian packages that are missing. Returns non-zero when
# something is missing and cannot be installed (after saying what to install).
bpviz_ensure_debs() {
    if ! command -v dpkg-query >/dev/null; then
        bpviz_say "note: not a Debian-like system, skipping apt; Qt needs the equivalents of: $*"
        return 0
    fi
    local missing
    mapfile -t missing < <(bpviz_missing_debs "$@")
    [ "${#missing[@]}" -gt 0 ] || return 0

    local sudo=()
    if [ "$(id -u)" -ne 0 ]; then
        if command -v sudo >/dev/null; then
            sudo=(sudo)
        else
            bpviz_say "please install (as root): apt-get install ${missing[*]}"
            return 1
        fi
    fi
    bpviz_say "installing Debian packages: ${missing[*]}"
    if ! bpviz_quietly "${sudo[@]}" apt-get update ||
        ! bpviz_quietly "${sudo[@]}" apt-get install -y --no-install-recommends "${missing[@]}"; then
        bpviz_say "could not install them; please run: sudo apt-get install ${missing[*]}"
        return 1
    fi
}

# Create .venv with a Python >= 3.11, fetching Debian's venv support if needed.
bpviz_ensure_venv() {
    if [ -x "$BPVIZ_VENV/bin/python" ] && bpviz_python_ok "$BPVIZ_VENV/bin/python"; then
        return 0
    fi
    [ ! -e "$BPVIZ_VENV" ] || bpviz_say "replacing unusable $BPVIZ_VENV"
    rm -rf "$BPVIZ_VENV"
    local python ver
    python=$(bpviz_find_python)
    # Debian and Ubuntu ship venv's pip bootstrap (ensurepip) in pythonX.Y-venv.
    if ! "$python" -c 'import ensurepip' 2>/dev/null; then
        ver=$("$python" -c 'import sys; print("%d.%d" % sys.version_info[:2])')
        bpviz_ensure_debs "python$ver-venv" || bpviz_die "cannot create .venv without python$ver-venv"
    fi
    bpviz_say "creating .venv with $python"
    if ! bpviz_quietly "$python" -m venv "$BPVIZ_VENV"; then
        rm -rf "$BPVIZ_VENV"  # half-made; the next run starts clean
        bpviz_die "'$python -m venv $BPVIZ_VENV' failed (see above)"
    fi
}

# pip install -e the project (with EXTRAS) unless this pyproject.toml and
# these extras are already installed, as recorded in a stamp file.
bpviz_ensure_project() {
    local extras=$1 stamp="$BPVIZ_VENV/.bpviz-installed" want have target
    want="$(sha256sum "$BPVIZ_ROOT/pyproject.toml" | cut -d' ' -f1) [$extras]"
    have=$(cat "$stamp" 2>/dev/null || true)
    # Up to date if the same, or if we want no extras and this pyproject is installed.
    if [ "$have" = "$want" ] || { [ -z "$extras" ] && [ "${have%% *}" = "${want%% *}" ]; }; then
        return 0
    fi
    target=$BPVIZ_ROOT${extras:+[$extras]}
    bpviz_say "installing bpviz${extras:+[$extras]} and its Python packages into .venv (about a minute the first time)"
    bpviz_quietly "$BPVIZ_VENV/bin/python" -m pip install -q -e "$target" ||
        bpviz_die "pip install failed (see above)"
    echo "$want" >"$stamp"
}

# Give Qt a private runtime dir when there is none (else it warns), removed on exit.
bpviz_ensure_runtime_dir() {
    [ -z "${XDG_RUNTIME_DIR:-}" ] || return 0
    XDG_RUNTIME_DIR=$(mktemp -d "${TMPDIR:-/tmp}/bpviz-runtime-XXXXXX") # mode 0700
    export XDG_RUNTIME_DIR
    trap 'rm -rf "$XDG_RUNTIME_DIR"' EXIT
}

# bpviz_setup EXTRAS LIBSET: EXTRAS is "" or "test"; LIBSET is offscreen or window.
bpviz_setup() {
    local extras=$1 libset=$2 debs
    if [ "$libset" = window ]; then debs=("${BPVIZ_DEBS_WINDOW[@]}"); else debs=("${BPVIZ_DEBS_OFFSCREEN[@]}"); fi
    # Missing libraries are not fatal here: Qt may still find them elsewhere.
    bpviz_ensure_debs "${debs[@]}" || true
    bpviz_ensure_venv
    bpviz_ensure_project "$extras"
    bpviz_ensure_runtime_dir
}

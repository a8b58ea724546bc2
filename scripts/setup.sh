#!/usr/bin/env bash
# Prepare a checkout for tests and demo: system packages, .venv, plugin symlink, QGIS profile.
# Idempotent and quick when everything is already in place. BLUECARBON_VENV and BLUECARBON_BUILD
# move .venv and .build (the QGIS 3.40 chroot uses .build-qgis340/venv and .build-qgis340).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
VENV="${BLUECARBON_VENV:-$ROOT/.venv}"
BUILD="${BLUECARBON_BUILD:-$ROOT/.build}"
PROFILE="$BUILD/qgis-profile"
PLUGINS="$BUILD/plugins"
SYS_PY=/usr/bin/python3
read -r -a APT_PACKAGES <<<"$(grep -v '^#' scripts/apt-packages.txt | tr '\n' ' ')"
SYSTEM_PINS=(numpy scipy rasterio shapely pyproj matplotlib)

log() { echo "setup: $*"; }

as_root() {
  # Run a command as root, through sudo when needed and available.
  if [ "$(id -u)" -eq 0 ]; then "$@"
  elif command -v sudo >/dev/null; then sudo "$@"
  else log "need root to run: $*"; return 1; fi
}

system_ready() {
  # True when qgis_process and the Python bindings with the scientific stack are installed.
  command -v qgis_process.bin >/dev/null || command -v qgis_process >/dev/null || return 1
  command -v lrelease >/dev/null || [ -x /usr/lib/qt5/bin/lrelease ] || return 1
  fc-list :lang=zh 2>/dev/null | grep -q . || return 1
  command -v chromium >/dev/null || return 1
  command -v pdftotext >/dev/null && command -v pdftoppm >/dev/null || return 1
  [ -x "$SYS_PY" ] || return 1
  "$SYS_PY" -c 'import qgis.core, numpy, scipy, rasterio, pyproj, shapely, matplotlib, ensurepip' \
    >/dev/null 2>&1
}

install_system_packages() {
  system_ready && return 0
  log "installing QGIS and Python packages with apt-get"
  as_root apt-get update
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${APT_PACKAGES[@]}"
}

make_venv() {
  if [ ! -x "$VENV/bin/python" ]; then
    log "creating $VENV"
    "$SYS_PY" -m venv --system-site-packages "$VENV"
  fi
  # Pin the Debian versions so pip never replaces them (numpy 2.x breaks Debian's scipy and GDAL).
  local pins
  pins="$("$SYS_PY" - "${SYSTEM_PINS[@]}" <<'PY'
import sys
from importlib.metadata import version
print("\n".join(f"{name}=={version(name)}" for name in sys.argv[1:]))
PY
)"
  if [ ! -f "$VENV/constraints.txt" ] || [ "$(cat "$VENV/constraints.txt")" != "$pins" ]; then
    printf '%s\n' "$pins" >"$VENV/constraints.txt"
  fi
  local stamp="$VENV/.requirements-dev.stamp"
  if [ ! -f "$stamp" ] || [ requirements-dev.txt -nt "$stamp" ] || [ "$VENV/constraints.txt" -nt "$stamp" ]; then
    log "installing requirements-dev.txt into $VENV"
    "$VENV/bin/python" -m pip install --disable-pip-version-check -q \
      -c "$VENV/constraints.txt" -r requirements-dev.txt
    touch "$stamp"
  fi
}

link_plugin() {
  # .build/plugins/bluecarbon -> repository root, whatever the checkout folder is called.
  mkdir -p "$PLUGINS" "$PROFILE"
  local target
  target="$(realpath --relative-to="$PLUGINS" "$ROOT")"
  if [ "$(readlink "$PLUGINS/bluecarbon" 2>/dev/null)" != "$target" ]; then
    rm -rf "$PLUGINS/bluecarbon"
    ln -s "$target" "$PLUGINS/bluecarbon"
  fi
}

compile_translations() {
  # i18n/*.ts -> i18n/*.qm (git-ignored build output), only when a .ts is newer than its .qm.
  local ts
  for ts in i18n/*.ts; do
    [ -e "$ts" ] || continue
    if [ ! -f "${ts%.ts}.qm" ] || [ "$ts" -nt "${ts%.ts}.qm" ]; then
      "$SYS_PY" scripts/i18n.py compile
      return 0
    fi
  done
}

enable_plugin() {
  # Enable the plugin once in the isolated profile so qgis_process loads its provider.
  local ini="$PROFILE/profiles/default/QGIS/QGIS3.ini"
  if [ -f "$ini" ] && grep -qx 'bluecarbon=true' "$ini"; then return 0; fi
  log "enabling the bluecarbon plugin in $PROFILE"
  "$ROOT/scripts/qgis_process" plugins enable bluecarbon >/dev/null 2>&1 || true
  if ! "$ROOT/scripts/qgis_process" plugins 2>/dev/null | grep -Eq '^\* +bluecarbon$'; then
    log "ERROR: qgis_process did not enable the bluecarbon plugin:"
    "$ROOT/scripts/qgis_process" plugins enable bluecarbon || true
    return 1
  fi
}

install_system_packages
make_venv
compile_translations
link_plugin
enable_plugin
log "ready"

#!/usr/bin/env bash
# The test suite on QGIS 3.40 LTR (Debian 13 "trixie") beside the host's QGIS, in a cached chroot.
#
#   scripts/qgis340.sh build        build the chroot (or reuse it when complete) and stop
#   scripts/qgis340.sh test [ARGS]  `make test` inside it; ARGS (or PYTEST_ARGS) go to pytest
#   scripts/qgis340.sh run CMD...   any command inside it, in this checkout (e.g. run bash)
#
# Needs root (sudo is used when available). The chroot lives outside the checkout, in
# BLUECARBON_CHROOT (default /var/cache/bluecarbon/trixie-qgis340), and is reused while its stamp
# file lists the same packages; a half-built one is rebuilt. The checkout is bind-mounted at /src;
# the venv and build folders there are .build-qgis340/venv and .build-qgis340/, never the host's
# .venv/ and .build/. All mounts live in a private mount namespace and are unmounted on exit.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CHROOT="${BLUECARBON_CHROOT:-/var/cache/bluecarbon/trixie-qgis340}"
SUITE=trixie
MIRROR="${BLUECARBON_DEBIAN_MIRROR:-http://deb.debian.org/debian}"
INNER_SRC=/src
INNER_BUILD="$INNER_SRC/.build-qgis340"
HOST_CA=/etc/ssl/certs/ca-certificates.crt
INNER_CA=/etc/bluecarbon/host-ca-certificates.crt  # not the Debian-managed bundle path
# The host packages of scripts/setup.sh, plus what the chroot lacks that a Debian host has.
read -r -a PACKAGES <<<"$(grep -v '^#' "$ROOT/scripts/apt-packages.txt" | tr '\n' ' ')"
PACKAGES+=(python3-pip make fontconfig ca-certificates)
STAMP="$CHROOT/.bluecarbon-complete"
case "$CHROOT" in /?*/?*) ;; *) echo "qgis340: BLUECARBON_CHROOT must be a folder two levels below / at least" >&2; exit 2 ;; esac

log() { echo "qgis340: $*" >&2; }

if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { log "needs root (or sudo)"; exit 1; }
  exec sudo --preserve-env bash "$0" "$@"
fi
# Every mount below is private to this process tree and vanishes with it, even after `kill -9`.
if [ -z "${BLUECARBON_IN_NAMESPACE:-}" ]; then
  BLUECARBON_IN_NAMESPACE=1 exec unshare --mount --propagation private bash "$0" "$@"
fi

MOUNTED=()
mount_in() {  # mount_in TARGET MOUNT-ARGS...: mount and remember for unmount_all
  local target="$1"; shift
  mkdir -p "$target"
  mount "$@" "$target"
  MOUNTED+=("$target")
}
unmount_all() {
  local i
  for ((i = ${#MOUNTED[@]} - 1; i >= 0; i--)); do
    umount -R "${MOUNTED[i]}" 2>/dev/null || umount -R -l "${MOUNTED[i]}" || true
  done
  MOUNTED=()
}
trap unmount_all EXIT
trap 'exit 130' INT TERM

mount_system() {  # /proc, /dev, /dev/pts, /sys inside chroot $1
  mount_in "$1/proc" -t proc proc
  mount_in "$1/dev" --rbind /dev
  mount_in "$1/sys" -t sysfs sysfs
  mount_in "$1/dev/shm" -t tmpfs tmpfs  # Qt and multiprocessing want a writable /dev/shm
}

in_chroot() {  # in_chroot DIR CMD...: run CMD as root in DIR with a clean, explicit environment
  local dir="$1"; shift
  local -a envs=(PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin HOME=/root
    LANG=C.UTF-8 LC_ALL=C.UTF-8 DEBIAN_FRONTEND=noninteractive TERM="${TERM:-dumb}"
    SSL_CERT_FILE="$INNER_CA" REQUESTS_CA_BUNDLE="$INNER_CA")
  local var
  while IFS= read -r var; do envs+=("$var=${!var}"); done < <(compgen -e | grep '^PIP_' || true)
  envs+=(PIP_CERT="$INNER_CA")
  chroot "$dir" /usr/bin/env -i "${envs[@]}" "$@"
}

copy_host_config() {  # CA bundle, DNS and pip configuration of the host into chroot $1
  local dir="$1" src
  mkdir -p "$dir/etc/bluecarbon"
  cp -L "$HOST_CA" "$dir$INNER_CA"
  cp -L /etc/resolv.conf "$dir/etc/resolv.conf" 2>/dev/null || true
  for src in /etc/pip.conf /etc/xdg/pip "${HOME:-/root}/.config/pip"; do
    [ -e "$src" ] || continue
    local dest="$dir$src"
    [ "$src" = "${HOME:-/root}/.config/pip" ] && dest="$dir/root/.config/pip"
    mkdir -p "$(dirname "$dest")"
    rm -rf "$dest"
    cp -rL "$src" "$dest"
  done
}

chroot_complete() { [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "${PACKAGES[*]}" ]; }

build_chroot() {
  # A complete chroot is reused; another package list only adds packages; anything else is rebuilt.
  if chroot_complete; then log "reusing $CHROOT"; return 0; fi
  local start=$SECONDS
  if [ -f "$STAMP" ]; then
    log "package list changed: updating $CHROOT"
    mount_system "$CHROOT"
    copy_host_config "$CHROOT"
    in_chroot "$CHROOT" apt-get update -q
    in_chroot "$CHROOT" apt-get install -y -q --no-install-recommends "${PACKAGES[@]}"
    unmount_all
    printf '%s\n' "${PACKAGES[*]}" >"$STAMP"
    log "updated in $((SECONDS - start)) s"
    return 0
  fi
  if ! command -v debootstrap >/dev/null; then
    log "installing debootstrap"
    apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends debootstrap
  fi
  local partial="$CHROOT.partial"
  rm -rf --one-file-system "$partial" "$CHROOT"
  mkdir -p "$(dirname "$CHROOT")"
  log "debootstrap $SUITE into $partial"
  debootstrap --variant=minbase "$SUITE" "$partial" "$MIRROR" >"$(dirname "$CHROOT")/debootstrap.log" 2>&1 \
    || { tail -30 "$(dirname "$CHROOT")/debootstrap.log" >&2; log "debootstrap failed"; return 1; }
  log "debootstrap done after $((SECONDS - start)) s; installing QGIS 3.40 and ${#PACKAGES[@]} packages"
  mount_system "$partial"
  copy_host_config "$partial"
  in_chroot "$partial" apt-get update -q
  in_chroot "$partial" apt-get install -y -q --no-install-recommends "${PACKAGES[@]}" >/dev/null
  in_chroot "$partial" apt-get clean
  unmount_all
  printf '%s\n' "${PACKAGES[*]}" >"$partial/.bluecarbon-complete"
  mv "$partial" "$CHROOT"
  log "chroot built in $((SECONDS - start)) s: $(chroot "$CHROOT" dpkg-query -W -f '${Version}' qgis 2>/dev/null | sed 's/^/QGIS /')"
}

mount_pip_locations() {  # local package folders the host's pip settings name, read-only at the same path
  # The whole top-level folder (e.g. /opt): a local index's pages link to files beside it.
  local word path top
  for word in $(cat /etc/pip.conf /etc/xdg/pip/pip.conf "${HOME:-/root}/.config/pip/pip.conf" 2>/dev/null) \
      $(compgen -e | grep '^PIP_' | while read -r v; do echo "${!v}"; done); do
    path="${word#file://}"
    [[ "$path" == /?* ]] || continue
    top="/$(cut -d/ -f2 <<<"$path")"
    case "$top" in /etc | /usr | /var | /tmp | /proc | /dev | /sys | /run | /bin | /sbin | /lib* | /boot | /src) top="$path" ;; esac
    [ -d "$top" ] || continue
    findmnt -rno TARGET "$1$top" >/dev/null 2>&1 && continue
    mount_in "$1$top" --bind -o ro "$top"
  done
}

run_in_checkout() {  # run CMD inside the chroot, in the bind-mounted checkout
  mount_system "$CHROOT"
  mount_in "$CHROOT$INNER_SRC" --bind "$ROOT"
  mount_pip_locations "$CHROOT"
  local rc=0
  in_chroot "$CHROOT" /bin/sh -c 'cd "$0" && exec "$@"' "$INNER_SRC" \
    env BLUECARBON_VENV="$INNER_BUILD/venv" BLUECARBON_BUILD="$INNER_BUILD" \
    BLUECARBON_SCREENSHOTS="$INNER_BUILD/screenshots" "$@" || rc=$?
  unmount_all
  return "$rc"
}

# One builder at a time; runs share the finished chroot (a shared lock keeps a rebuild away).
mkdir -p "$(dirname "$CHROOT")"
exec 9>"$CHROOT.lock"
cmd="${1:-test}"; shift || true
flock -x 9
build_chroot
copy_host_config "$CHROOT"  # each run: the host's certificates or pip settings may have changed
flock -s 9
case "$cmd" in
  build) ;;
  test)
    [ $# -gt 0 ] && PYTEST_ARGS="$(printf '%q ' "$@")"  # make's shell splits them again
    run_in_checkout make test PYTEST_ARGS="${PYTEST_ARGS:-}" ;;
  run) run_in_checkout "$@" ;;
  *) log "unknown command $cmd (build, test, run)"; exit 2 ;;
esac

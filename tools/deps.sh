#!/bin/sh
# Checks that the Debian packages boundcheck builds against are installed,
# and installs the missing ones with apt-get when running as root.
# Usage: tools/deps.sh PKG...   (the Makefile passes its DEPS_PKGS)
set -u
missing=""
if command -v dpkg-query >/dev/null 2>&1; then
  for p in "$@"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
      missing="$missing $p"
    fi
  done
else
  # Not Debian: fall back to what pkg-config and PATH can tell.
  for pc in gsl lapacke openblas libcjson cmocka zlib; do
    pkg-config --exists "$pc" 2>/dev/null || missing="$missing $pc(pkg-config)"
  done
  command -v gnuplot >/dev/null 2>&1 || missing="$missing gnuplot"
  command -v chromium >/dev/null 2>&1 || missing="$missing chromium"
  if [ -n "$missing" ]; then
    echo "deps: missing:$missing (not a Debian system: install them with your package manager)" >&2
    exit 1
  fi
  exit 0
fi
[ -z "$missing" ] && exit 0
cmd="apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y$missing"
if [ "$(id -u)" -eq 0 ]; then
  echo "deps: installing$missing"
  if ! sh -c "$cmd"; then
    echo "deps: the install failed; run as root: $cmd" >&2
    exit 1
  fi
else
  echo "deps: missing Debian packages:$missing" >&2
  echo "deps: run as root: $cmd" >&2
  exit 1
fi

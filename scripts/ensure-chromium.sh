#!/usr/bin/env sh
# Makes sure Debian's chromium is installed (the docs-page browser test drives it through
# playwright-core). A no-op when it is already there; otherwise installs it with apt-get (as root,
# or through passwordless sudo). Prints the binary's path on success.
set -eu
if ! command -v chromium >/dev/null 2>&1; then
  if [ "$(id -u)" -eq 0 ]; then
    SUDO=""
  elif command -v sudo >/dev/null 2>&1; then
    SUDO="sudo -n"
  else
    echo "ensure-chromium: chromium is missing and neither root nor sudo is available to install it" >&2
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq >&2
  $SUDO apt-get install -y -qq --no-install-recommends chromium >&2
fi
command -v chromium

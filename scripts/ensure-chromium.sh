#!/bin/sh
# Makes sure Debian's Chromium is at /usr/bin/chromium for the browser tests (examples/web).
# Installs it with apt-get when it is missing and we are root; otherwise says what to do and fails.
set -eu
CHROMIUM=/usr/bin/chromium
if [ -x "$CHROMIUM" ]; then
  exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "ensure-chromium: installing chromium with apt-get (a few minutes)..." >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq chromium >&2
  [ -x "$CHROMIUM" ] && exit 0
fi
echo "ensure-chromium: $CHROMIUM is missing. Install Debian's Chromium: sudo apt-get install -y chromium" >&2
exit 1

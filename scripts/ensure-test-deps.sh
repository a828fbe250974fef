#!/usr/bin/env bash
# Installs the Debian packages the test suite needs, when they are missing and we may install them:
# - chromium: the real browser the web backend's tests drive (examples/web, /usr/bin/chromium);
# - opencv-doc: a real photograph (examples/data/fruits.jpg) for the VAElight round-trip test;
# - redis-server: the queue's tests start their own private instance (never a system Redis).
# Model weights are never downloaded; these are system packages from Debian's archive.
set -euo pipefail
need=()
[ -x /usr/bin/chromium ] || need+=(chromium)
[ -f /usr/share/doc/opencv-doc/examples/data/fruits.jpg ] || [ -n "${SOW_TEST_PHOTO:-}" ] || need+=(opencv-doc)
command -v redis-server >/dev/null || need+=(redis-server)
[ ${#need[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null; then
  echo "ensure-test-deps: please install the Debian packages: ${need[*]} (or set SOW_TEST_PHOTO to a photo)" >&2
  exit 1
fi
echo "ensure-test-deps: installing ${need[*]} with apt-get (a few minutes)" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >&2
apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null

#!/usr/bin/env bash
# Installs the Debian packages the test suite reads, when they are missing and we may install them:
# - opencv-doc: a real photograph (examples/data/fruits.jpg) for the VAElight round-trip test.
# Model weights are never downloaded; these are system packages from Debian's archive.
set -euo pipefail
need=()
[ -f /usr/share/doc/opencv-doc/examples/data/fruits.jpg ] || [ -n "${SOW_TEST_PHOTO:-}" ] || need+=(opencv-doc)
[ ${#need[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null; then
  echo "ensure-test-deps: please install the Debian packages: ${need[*]} (or set SOW_TEST_PHOTO to a photo)" >&2
  exit 1
fi
echo "ensure-test-deps: installing ${need[*]}"
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null

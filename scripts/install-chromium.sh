#!/usr/bin/env bash
# Browser tests drive Debian's chromium (never a downloaded browser). Install it
# with apt-get when it is missing and we may; otherwise say why and carry on.
set -uo pipefail
if command -v chromium >/dev/null 2>&1; then exit 0; fi
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "chromium is not installed and apt-get is not usable here" >&2; exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null && apt-get install -y -qq chromium >/dev/null

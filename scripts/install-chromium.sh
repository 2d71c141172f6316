#!/usr/bin/env bash
# Browser tests drive Debian's chromium (never a downloaded browser). Install it
# with apt-get when it is missing; exit non-zero, saying why, when that cannot
# be done (scripts/check.sh then stops: browser tests never skip).
set -uo pipefail
if command -v chromium >/dev/null 2>&1; then exit 0; fi
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "chromium is not installed and apt-get is not usable here (install Debian's" \
       "chromium package as root)" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
if ! { apt-get update -qq >/dev/null && apt-get install -y -qq chromium >/dev/null; }; then
  echo "apt-get could not install chromium" >&2; exit 1
fi
command -v chromium >/dev/null 2>&1 || { echo "chromium is still missing after apt-get" >&2; exit 1; }

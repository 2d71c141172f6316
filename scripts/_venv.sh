# Sourced by the scripts: find Python >= 3.11 and make .venv with it (once).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
PY=""
for cand in python3.11 python3.12 python3.13 python3; do
  if command -v "$cand" >/dev/null 2>&1 &&
     "$cand" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
    PY="$cand"; break
  fi
done
if [ -z "$PY" ]; then echo "realpolitik needs Python 3.11 or newer" >&2; exit 1; fi
if [ ! -x .venv/bin/python ]; then "$PY" -m venv .venv; fi
VPY=.venv/bin/python
"$VPY" -m pip install --quiet --disable-pip-version-check --upgrade pip >/dev/null

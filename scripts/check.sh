#!/usr/bin/env bash
# Quick start 2: install the development dependencies (every extra + test tools)
# into .venv and run every check: ruff, mypy --strict on src/, the import
# contracts (.importlinter: the layers, no cycles) and the test suite in
# parallel (pytest-xdist; slow tests included). Browser tests need Debian's
# chromium: it is installed here, and this script fails if it cannot be.
# Extra arguments go to pytest (e.g. `-m "not slow"`, `-n 0`, a test path).
source "$(dirname "${BASH_SOURCE[0]}")/_venv.sh"
"$VPY" -m pip install --quiet -c constraints.txt -e ".[dev]"
if ! bash scripts/install-chromium.sh; then
  echo "check.sh: chromium is needed by the browser tests and could not be installed" >&2
  exit 1
fi
echo "== ruff";  .venv/bin/ruff check src tests benchmarks
echo "== mypy";  .venv/bin/mypy
echo "== import contracts"; .venv/bin/lint-imports --no-cache
echo "== pytest"
# -n auto: one worker per core. --dist loadgroup hands out tests one by one, but
# tests/conftest.py keeps a file's tests together when they share a module-scoped
# fixture (a server, a browser) and puts the heaviest first; --no-loadscope-reorder
# keeps that order (by file, --dist loadfile left one worker alone with the long
# browser files at the end). Any non-zero exit fails, including 5 (no test
# collected): a check that ran nothing is not a pass.
.venv/bin/pytest -q -p no:cacheprovider -n auto --dist loadgroup --no-loadscope-reorder "$@"

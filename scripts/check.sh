#!/usr/bin/env bash
# Quick start 2: install the development dependencies into .venv and run every
# check: ruff, mypy --strict on src/, the import contracts (.importlinter: the
# layers, no cycles) and the test suite.
source "$(dirname "${BASH_SOURCE[0]}")/_venv.sh"
"$VPY" -m pip install --quiet -c constraints.txt -e ".[dev]"
bash scripts/install-chromium.sh || echo "chromium unavailable: browser tests will be skipped"
echo "== ruff";  .venv/bin/ruff check src tests benchmarks
echo "== mypy";  .venv/bin/mypy
echo "== import contracts"; .venv/bin/lint-imports --no-cache
echo "== pytest"; .venv/bin/pytest -q -p no:cacheprovider "$@"

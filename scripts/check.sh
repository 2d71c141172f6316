#!/usr/bin/env bash
# Quick start 2: install the development dependencies (every extra + test tools)
# into .venv and run every check: ruff, mypy --strict on src/, the import
# contracts (.importlinter: the layers, no cycles) and the test suite in
# parallel (pytest-xdist; slow tests included). Browser tests need Debian's
# chromium: it is installed here, and this script fails if it cannot be.
# Extra arguments go to pytest (e.g. `-m "not slow"`, `-n 0`, a test path).
source "$(dirname "${BASH_SOURCE[0]}")/_venv.sh"
LOGS=$(mktemp -d)
# apt (chromium, when missing) and pip install side by side. pip byte-compiles
# (keep it: with PYTHONDONTWRITEBYTECODE set, as on CI's machines, nothing else
# would, and every test process would compile every module it imports again).
bash scripts/install-chromium.sh >"$LOGS/chromium" 2>&1 &
CHROMIUM_PID=$!
"$VPY" -m pip install --quiet -c constraints.txt -e ".[dev]"
if ! wait "$CHROMIUM_PID"; then
  cat "$LOGS/chromium" >&2
  echo "check.sh: chromium is needed by the browser tests and could not be installed" >&2
  exit 1
fi
cat "$LOGS/chromium"
echo "== ruff";  .venv/bin/ruff check src tests benchmarks
# mypy and the import contracts run beside the tests (the tests leave a core idle
# while they wait on browsers, servers and child processes); their output is
# printed after the tests', and either failing fails the check.
{ echo "== mypy"; .venv/bin/mypy && echo "== import contracts" &&
    .venv/bin/lint-imports --no-cache; } >"$LOGS/lint" 2>&1 &
LINT_PID=$!
echo "== pytest"
# -n auto: one worker per core. --dist loadgroup hands out tests one by one, but
# tests/conftest.py keeps a file's tests together when they share a module-scoped
# fixture (a server, a browser) and puts the heaviest first; --no-loadscope-reorder
# keeps that order (by file, --dist loadfile left one worker alone with the long
# browser files at the end). Any non-zero exit fails, including 5 (no test
# collected): a check that ran nothing is not a pass.
TESTS=0
.venv/bin/pytest -q -p no:cacheprovider -n auto --dist loadgroup --no-loadscope-reorder "$@" \
  | tee "$LOGS/pytest" || TESTS=$?
LINT=0
wait "$LINT_PID" || LINT=$?
cat "$LOGS/lint"
echo "== pytest, its closing line again"
tail -n 1 "$LOGS/pytest"
if [ "$LINT" -ne 0 ]; then echo "check.sh: mypy or the import contracts failed" >&2; exit 1; fi
exit "$TESTS"

#!/usr/bin/env bash
# Quick start 1: install realpolitik with every extra ([all]: web app, report,
# Dask) into .venv, forecast the bundled default
# scenario (minerals-deal-2025: the US-Ukraine minerals deal and the war, as of
# 2025-02-28) month by month with 10,000 Monte Carlo runs, and write the HTML
# report. Extra arguments go to `realpolitik simulate`.
source "$(dirname "${BASH_SOURCE[0]}")/_venv.sh"
"$VPY" -m pip install --quiet -c constraints.txt -e ".[all]"
.venv/bin/realpolitik simulate minerals-deal-2025 --runs 10000 --seed 2025 "$@"
.venv/bin/realpolitik report minerals-deal-2025 --runs 10000 --seed 2025 -o realpolitik-report.html

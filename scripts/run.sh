#!/usr/bin/env bash
# Quick start 1: install realpolitik into .venv and run the main job on the
# bundled default scenario (minerals-deal-2025).
source "$(dirname "${BASH_SOURCE[0]}")/_venv.sh"
"$VPY" -m pip install --quiet -c constraints.txt -e . 
exec .venv/bin/realpolitik run "$@"

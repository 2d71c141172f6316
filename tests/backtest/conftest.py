"""Backtest fixtures: the DEU table, and small scenario files with outcomes written on the fly."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import reference_path

DEU = reference_path("deu/deu-1996-2000.tsv")

SCENARIO = """\
format: realpolitik/1
metadata: {{title: {title}}}
issues:
  - {{id: tax, bounds: [0, 10], outcome: {out1}}}
  - {{id: plan, dimensions: [speed, scope], outcome: [40, 60]}}
  - {{id: open, bounds: [0, 100]}}
actors:
  - id: north
    attributes: {{role: member_state}}  # eu_calibrated runs on EU decisions only
    capability: 60
    stances:
      tax: {{position: 2, salience: 0.8}}
      plan: {{position: [10, 30], salience: [0.5, 0.4]}}
      open: {{position: 10, salience: 0.5}}
  - id: south
    attributes: {{role: member_state}}  # eu_calibrated runs on EU decisions only
    capability: {cap}
    stances:
      tax: {{position: 7, salience: 0.6}}
      plan: {{position: [80, 60], salience: [0.3, 0.6]}}
  - id: east
    attributes: {{role: member_state}}  # eu_calibrated runs on EU decisions only
    capability: 45
    stances:
      tax: {{position: 5.5, salience: 0.9}}
      plan: {{position: [50, 90], salience: [0.7, 0.2]}}
"""


def write_scenario(path: Path, title: str = "Test", out1: float = 4.0, cap: float = 30) -> Path:
    """A three-actor scenario: 'tax' (0-10, outcome ``out1``), a 2-D 'plan' with an
    outcome, and 'open' without one."""
    path.write_text(SCENARIO.format(title=title, out1=out1, cap=cap), encoding="utf-8")
    return path


@pytest.fixture
def scenario_file(tmp_path: Path) -> Path:
    return write_scenario(tmp_path / "small.yaml")

"""Inputs the long fuzzing run found, kept as regression tests (docs/reliability.md).

20,000 inputs (``python -m tests.fuzz.fuzzer --count 20000 --seed 1``) found
one kind of failure: a "10 MB row" of ``1,1,1,...`` inserted into a JSON or
YAML flow mapping makes a million YAML nodes, which took minutes to build.
Scenario files with more entries than :data:`MAX_ENTRIES` are now refused
before parsing, with one message.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from realpolitik.errors import InputError
from realpolitik.io import load_scenarios
from realpolitik.io.scenario_file import MAX_ENTRIES, _entries_estimate
from tests.conftest import reference_path
from tests.fuzz.fuzzer import check_one
from tests.sim.scenarios import big_data

JSON_CASE = reference_path("bdm/eu_car_emissions_round1_intermediates.json")


def _long_row(data: bytes, line: int, filler: bytes) -> bytes:
    lines = data.splitlines(keepends=True)
    return b"".join(lines[:line]) + filler + b"\n" + b"".join(lines[line:])


@pytest.mark.parametrize("filler", [b"1," * 500_000, b"[1]," * 200_000])
def test_a_huge_flow_mapping_is_refused_with_one_message(tmp_path: Path, filler: bytes) -> None:
    data = _long_row(JSON_CASE.read_bytes(), 3, filler)  # inside the top-level { ... }
    outcome, detail = check_one(data, ".json", tmp_path)
    assert outcome == "rejected", detail
    assert "too large for a scenario file" in detail


def test_the_same_row_in_yaml_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "war.yaml"
    src = Path(__file__).parents[1] / "data" / "dynamics" / "two-sides.yaml"
    path.write_bytes(_long_row(src.read_bytes(), 40, b"1," * 500_000))
    with pytest.raises(InputError, match=r"about [\d,]+ entries"):
        load_scenarios(path)


@pytest.mark.slow
def test_large_real_scenarios_stay_well_under_the_limit() -> None:
    text = yaml.safe_dump(big_data(n=1000, issues=20), sort_keys=False)
    assert _entries_estimate(text) < MAX_ENTRIES  # 1000 actors x 20 issues: about 63,000

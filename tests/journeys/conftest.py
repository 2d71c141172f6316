"""Journeys: each kind of scenario walked through a surface the way a person does.

The kinds: the bundled war scenario; a one-dimensional stakeholder table; a
multi-dimensional KTAB file; one issue of a DEU table. The web journeys drive
Debian's chromium (``scripts/install-chromium.sh``): when it is missing they
fail, they never skip.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import reference_path

HERE = Path(__file__).parent


def deu_issue(folder: Path) -> Path:
    """One issue of the DEU reference table (header, weights and its first decision)."""
    lines = reference_path("deu/deu-1996-2000.tsv").read_text(encoding="utf-8").splitlines()
    path = folder / "deu-one-issue.tsv"
    path.write_text("\n".join(lines[:3]) + "\n", encoding="utf-8")
    return path


KINDS = {
    "stakeholder table": lambda tmp: reference_path("bdm/cases/kyoto.csv"),
    "KTAB file (3 dimensions)": lambda tmp: reference_path("ktab/inputs/dummyData_3Dim.csv"),
    "DEU issue": deu_issue,
}
"""The kinds of file a user brings, besides the bundled war scenario."""


@pytest.fixture(params=sorted(KINDS))
def scenario_file(request: pytest.FixtureRequest, tmp_path: Path) -> Path:
    """Each kind of file a user brings."""
    path: Path = KINDS[request.param](tmp_path)
    return path

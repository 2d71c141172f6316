"""The four kinds of scenario a user brings, as files in a fresh folder.

- ``war``: the bundled ``minerals-deal-2025`` (a war month by month, levers, deals).
- ``stakeholder``: a one-dimensional stakeholder table (CSV; Bueno de Mesquita 1994's
  EC car emissions case, old-Mac CR line endings as published).
- ``ktab``: a multi-dimensional KTAB scenario (XML; KTAB's ``dummyData_3Dim``, 3 dimensions).
- ``deu``: one DEU issue (TSV: the header, capability line and first issue line of
  ``deu-1996-2000.tsv``, Thomson et al. 2006), as a user with one issue would save it.
"""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from pathlib import Path

from tests.conftest import reference_path
from tests.journeys.conftest import deu_issue

DEU = reference_path("deu/deu-1996-2000.tsv")
DEU_ISSUE = "d00032i1"  # the first issue line of the DEU table


@dataclass(frozen=True, kw_only=True)
class Kind:
    """A kind of scenario and the model a user would run it with."""

    name: str
    model: str
    title: str  # what the run's heading starts with

    def source(self, folder: Path) -> str:
        """Put the scenario where a user would have it; return what they would type."""
        if self.name == "war":
            return "minerals-deal-2025"
        if self.name == "stakeholder":
            src = reference_path("bdm/cases/eu_car_emissions_1994.csv")
            return str(shutil.copy(src, folder / "car-emissions.csv"))
        if self.name == "ktab":
            src = reference_path("ktab/variants/dummyData_3Dim_V1.xml")
            return str(shutil.copy(src, folder / "dummy-3dim.xml"))
        return str(deu_issue(folder))


KINDS = [
    Kind(name="war", model="compromise", title="US-Ukraine minerals deal and the war"),
    Kind(name="stakeholder", model="eum", title="car-emissions"),
    Kind(name="ktab", model="smp", title="DummyData_3Dim"),
    Kind(name="deu", model="compromise", title="DEU documents d00032i1"),
]
IDS = [k.name for k in KINDS]

_SPEC = re.compile(
    r'<script type="application/json" class="rp-figure-spec" data-target="([^"]+)">(.*?)</script>',
    re.S,
)


def figure_specs(html: str) -> dict[str, str]:
    """The Plotly figure specs a report page draws, by the id of their element."""
    return dict(_SPEC.findall(html))

"""The stakeholder-table importer on every case of the literature and on made-up variants."""

from __future__ import annotations

import csv
import logging
import warnings
from pathlib import Path

import pytest

from realpolitik.errors import InputError
from realpolitik.io.notices import collect_notices
from realpolitik.io.stakeholder import natural_bounds, read_stakeholder_csv
from realpolitik.io.text import read_text
from realpolitik.scenario import Scenario
from tests.conftest import reference_path

CASES = reference_path("bdm/cases")

# file -> (actors, salience scale, bounds); counted and read off the files by hand.
EXPECTED: dict[str, tuple[int, int, tuple[float, float]]] = {
    "china_1989.csv": (24, 100, (0, 100)),
    "cold_war_1948.csv": (36, 100, (0, 100)),
    "eu_car_emissions_1994.csv": (10, 100, (0, 10)),
    "honduras_crisis.csv": (5, 1, (0, 1)),
    "iran_election_2013.csv": (8, 1, (0, 10)),
    "kyoto.csv": (13, 100, (0, 100)),
    "litigation.csv": (46, 1, (0, 1)),
    "saudi_oil_price.csv": (17, 1, (0, 100)),
    "uk_emu_1997.csv": (9, 100, (0, 10)),
    "ww1_july_crisis_10.csv": (10, 1, (0, 1)),
    "ww1_july_crisis_7.csv": (7, 1, (0, 1)),
}

# replication -> case file (tests/data/reference/bdm/README.md)
REPLICATIONS = {
    "EU_emissions_BDM1994": "eu_car_emissions_1994.csv",
    "Saudi_oil_price_Sultan": "saudi_oil_price.csv",
    "China_Masad": "china_1989.csv",
    "Honduras_Masad": "honduras_crisis.csv",
    "Iran_election_2013_minimalgeek": "iran_election_2013.csv",
    "WW1_BDM_minimalgeek": "ww1_july_crisis_7.csv",
    "WW1_minimalgeek": "ww1_july_crisis_10.csv",
    "Litigation_minimalgeek": "litigation.csv",
    "Kyoto_haven": "kyoto.csv",
    "UK_EMU_1997_thirdwave": "uk_emu_1997.csv",
}


def read(path: Path) -> Scenario:
    with collect_notices():
        return read_stakeholder_csv(path, read_text(path))


def write(tmp_path: Path, text: str, name: str = "table.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8"))
    return path


def test_every_case_file_is_listed() -> None:
    files = {p.name for p in CASES.glob("*.csv") if not p.name.startswith("ktab_")}
    assert files == set(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_case_imports(name: str) -> None:
    n_actors, scale, bounds = EXPECTED[name]
    sc = read(CASES / name)
    issue = sc.issues[0]
    assert len(sc.issues) == 1
    assert issue.id == Path(name).stem
    assert len(sc.actors) == n_actors
    assert sc.salience_scale == scale
    assert issue.bounds == bounds
    assert "bounds" in issue.notes
    assert len({a.id for a in sc.actors}) == n_actors


@pytest.mark.parametrize(("replication", "name"), sorted(REPLICATIONS.items()))
def test_names_and_numbers_match_the_replications_round_0(replication: str, name: str) -> None:
    """Round 0 of each replication is its input: same actors, order and positions."""
    path = reference_path(f"bdm/replication_rounds_{replication}.csv")
    with path.open(newline="") as f:
        round0 = next(csv.DictReader(f))
    names = [k[2:] for k in round0 if k.startswith("x_")]
    sc = read(CASES / name)
    issue_id = sc.issues[0].id
    assert [a.name for a in sc.actors] == names
    assert [a.stances[issue_id].position for a in sc.actors] == [
        float(round0[f"x_{n}"]) for n in names
    ]


def test_values_of_one_row_with_its_extra_column() -> None:
    sc = read(CASES / "kyoto.csv")
    eu = next(a for a in sc.actors if a.name == "EU")
    assert eu.capability == 87
    assert eu.stances["kyoto"].position == 95
    assert eu.stances["kyoto"].salience == 90
    assert eu.attributes == {"resolve": 35.0}


def test_cr_only_file_reads_like_lf(tmp_path: Path) -> None:
    cr = CASES / "eu_car_emissions_1994.csv"
    assert b"\n" not in cr.read_bytes()
    lf = write(tmp_path, cr.read_text().replace("\r", "\n"), "eu_car_emissions_1994.csv")
    assert read(cr) == read(lf)
    netherlands = read(cr).actors[0]
    assert (netherlands.capability, netherlands.stances["eu_car_emissions_1994"].position) == (
        0.08,
        4,
    )


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_line_endings_give_the_same_scenario_and_lines(tmp_path: Path, newline: str) -> None:
    rows = ["Actor,Capability,Position,Salience", "A,1,10,0.5", "B,2,20,0.5", "C,0,30,0.5"]
    path = write(tmp_path, newline.join(rows) + newline)
    with pytest.raises(InputError) as err:
        read(path)
    (problem,) = err.value.problems
    assert (problem.line, problem.field) == (4, "Capability")


def test_duplicate_names_are_renamed_with_a_warning() -> None:
    path = CASES / "litigation.csv"
    with collect_notices() as notices:
        sc = read_stakeholder_csv(path, read_text(path))
    names = [a.name for a in sc.actors]
    assert names.count("Local Democrat") == 1
    assert "Local Democrat#2" in names
    assert {"Attorney", "Attorney#2", "Attorney#3"} <= set(names)
    renames = [n for n in notices if n.severity == "warning" and "renamed" in n.message]
    assert [n.line for n in renames] == [13, 33, 34, 39]
    assert all(n.file == str(path) for n in renames)


def test_salience_scale_is_announced() -> None:
    path = CASES / "kyoto.csv"
    with collect_notices() as notices:
        read_stakeholder_csv(path, read_text(path))
    scale = [n for n in notices if "saliences read on" in n.message]
    assert len(scale) == 1
    assert "0-100" in scale[0].message
    assert scale[0].field == "salience"


def test_notices_are_logged_not_warned_when_not_collected(
    caplog: pytest.LogCaptureFixture,
) -> None:
    path = CASES / "honduras_crisis.csv"
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a Python warning would fail the test
        with caplog.at_level(logging.INFO, logger="realpolitik.io"):
            read_stakeholder_csv(path, read_text(path))
    messages = [r.getMessage() for r in caplog.records if r.name == "realpolitik.io"]
    assert any("saliences read on 0-1" in m for m in messages)
    assert any("bounds [0, 1]" in m for m in messages)


def test_collect_notices_passes_other_warnings_on() -> None:
    with pytest.warns(DeprecationWarning, match="other"), collect_notices() as notices:
        warnings.warn("other", DeprecationWarning, stacklevel=1)
    assert notices == []


def test_mixed_salience_scales_are_flagged(tmp_path: Path) -> None:
    path = write(tmp_path, "Actor,Capability,Position,Salience\nA,1,10,80\nB,1,20,0.5\n")
    with collect_notices() as notices:
        sc = read_stakeholder_csv(path, read_text(path))
    assert sc.salience_scale == 100
    (warning,) = [n for n in notices if n.severity == "warning"]
    assert warning.line == 3


def test_semicolons_and_decimal_commas(tmp_path: Path) -> None:
    path = write(
        tmp_path, "Stakeholder;Power;Position;Salience (0-100)\nA;0,5;10,5;80\nB;1;20;60\n"
    )
    sc = read(path)
    a = sc.actors[0]
    assert (a.capability, a.stances["table"].position) == (0.5, 10.5)
    assert sc.salience_scale == 100


def test_tabs_quotes_and_header_words(tmp_path: Path) -> None:
    text = 'Name\tClout\tposition\tImportance\tNote\n"Smith, J."\t3\t1\t0.2\tleader\nB\t1\t0\t1\t\n'
    sc = read(write(tmp_path, text, "Board Vote 2024.tsv.csv"))
    assert sc.issues[0].id == "Board_Vote_2024.tsv"
    smith = sc.actors[0]
    assert (smith.id, smith.name) == ("Smith_J", "Smith, J.")
    assert smith.attributes == {"Note": "leader"}
    assert sc.actors[1].attributes == {}


def test_trailing_delimiter_column_is_dropped_but_unnamed_values_kept(tmp_path: Path) -> None:
    sc = read(write(tmp_path, "Actor,Capability,Position,Salience,\nA,1,1,1,\nB,1,2,1,x\n"))
    assert sc.actors[0].attributes == {}
    assert sc.actors[1].attributes == {"column 5": "x"}


@pytest.mark.parametrize(
    ("positions", "bounds"),
    [
        ([0.25, 1.0], (0, 1)),
        ([1, 10], (0, 10)),
        ([12.85, 14.25], (0, 100)),
        ([-5, 3], (-5, 3)),
        ([150, 400], (150, 400)),
        ([150, 150], (149, 151)),
    ],
)
def test_natural_bounds_rule(positions: list[float], bounds: tuple[float, float]) -> None:
    got, sentence = natural_bounds(positions)
    assert got == bounds
    assert sentence.startswith("bounds [")


def test_loader_reads_a_case_file() -> None:
    pytest.importorskip("realpolitik.io.ktab")
    from realpolitik.io import load_scenario

    with collect_notices():
        sc = load_scenario(CASES / "kyoto.csv")
    assert len(sc.actors) == 13

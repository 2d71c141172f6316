"""KTAB's CSV and XML formats: reading them, and every error naming file, line and field."""

from __future__ import annotations

from pathlib import Path

import pytest

from realpolitik.compile import compile_issue
from realpolitik.errors import InputError
from realpolitik.io import load_scenario
from realpolitik.io.ktab import is_ktab_csv, read_ktab_csv, read_ktab_xml
from realpolitik.scenario import Scenario
from tests.conftest import reference_path

DUMMY = reference_path("ktab/inputs/dummyData_3Dim.csv")
V1 = reference_path("ktab/variants/dummyData_3Dim_V1.xml")


def csv_text(
    rows: list[str],
    first: str = "Test,A test scenario,3,2,",
    header: str = "Actor,Description,Power,P1,S1,P2,S2,",
) -> str:
    return "\n".join([first, header, *rows]) + "\n"


GOOD_ROWS = ["A,First,10,10,20,30,40,", "B,Second,20,50,50,50,50,", "C,Third,30,90,10,70,0,"]


def read_csv(tmp_path: Path, text: str) -> Scenario:
    path = tmp_path / "in.csv"
    path.write_text(text)
    return read_ktab_csv(path, text)


def problems(info: pytest.ExceptionInfo[InputError]) -> list[tuple[int | None, str | None]]:
    return [(p.line, p.field) for p in info.value.problems]


# ----------------------------------------------------------------------------- CSV


def test_reads_ktab_example_with_trailing_commas_and_quotes() -> None:
    sc = load_scenario(DUMMY)
    assert sc.metadata.title == "DummyData_3Dim"
    assert sc.metadata.description == "Dummy scenario to test reading format"
    assert sc.salience_scale == 100
    issue = sc.issues[0]
    assert issue.dimensions == ["Pstn1", "Pstn2", "Pstn3"]
    assert issue.bounds == (0.0, 100.0)
    first = sc.actors[0]
    assert (first.id, first.name, first.notes, first.capability) == (
        "SActor-00",
        "SActor-00",
        "Random Spatial Actor",
        102.543,
    )
    assert first.stances[issue.id].position == [75.79, 6.37, 70.45]
    assert first.stances[issue.id].salience == [49.53, 5.91, 28.15]
    arrays = compile_issue(sc, issue.id)
    assert arrays.position.shape == (1, 7, 3)
    assert arrays.salience[0, 0, 0] == pytest.approx(0.4953)


@pytest.mark.parametrize(
    "name", ["inputs/SOE-Pol-Comp.csv", "inputs/rand_a30_d3.csv", "inputs/rand_a10_d1.csv"]
)
def test_reads_every_reference_input(name: str) -> None:
    sc = load_scenario(reference_path(f"ktab/{name}"))
    rows = reference_path(f"ktab/{name}").read_text().splitlines()
    assert len(sc.actors) == int(rows[0].split(",")[2])
    assert sc.issues[0].n_dims == int(rows[0].split(",")[3])


def test_one_dimension_gives_a_plain_issue_named_after_its_column() -> None:
    sc = load_scenario(reference_path("bdm/cases/ktab_SOE-Policy_China2014.csv"))
    issue = sc.issues[0]
    assert issue.dimensions is None
    assert issue.name == "Policy Position"
    assert len(sc.actors) == 26
    xj = sc.actors[0]
    assert (xj.id, xj.notes, xj.stances[issue.id].position) == ("XJ", "Xi Jinping", 30.0)


def test_names_become_safe_unique_ids(tmp_path: Path) -> None:
    rows = [
        "Ministry of Finance,x,10,10,20,30,40,",
        "Ministry of Finance,y,20,50,50,50,50,",
        "(Shanxi),z,30,90,10,70,0,",
    ]
    sc = read_csv(tmp_path, csv_text(rows))
    assert [a.id for a in sc.actors] == ["Ministry_of_Finance", "Ministry_of_Finance_2", "Shanxi"]
    assert sc.actors[2].name == "(Shanxi)"


def test_detects_the_format_by_its_first_line() -> None:
    assert is_ktab_csv(DUMMY.read_text())
    assert is_ktab_csv(csv_text(GOOD_ROWS))
    assert not is_ktab_csv("name,capability,position,salience\nA,1,2,3\n")
    assert not is_ktab_csv("")


@pytest.mark.parametrize(
    ("first", "rows", "where", "message"),
    [
        ("T,d,x,2,", GOOD_ROWS, (1, "number of actors"), "whole number"),
        ("T,d,2,2,", GOOD_ROWS[:2], (1, "number of actors"), "3 to 250"),
        ("T,d,3,0,", GOOD_ROWS, (1, "number of dimensions"), "dimensions"),
        ("T,d,4,2,", GOOD_ROWS, (5, "number of actors"), "announces 4 actors"),
        ("T,d,3,2,", [*GOOD_ROWS[:2], "C,Third,big,90,10,70,0,"], (5, "Power"), "a number"),
        ("T,d,3,2,", [*GOOD_ROWS[:2], "C,Third,0,90,10,70,0,"], (5, "Power"), "positive"),
        ("T,d,3,2,", [*GOOD_ROWS[:2], "C,Third,5,90,10,170,0,"], (5, "position[1]"), "[0, 100]"),
        ("T,d,3,2,", [*GOOD_ROWS[:2], "C,Third,5,90,70,70,40,"], (5, "salience"), "at most 100"),
        ("T,d,3,2,", [*GOOD_ROWS[:2], "C,Third,5,90,0,70,0,"], (5, "salience"), "positive"),
        ("T,d,3,2,", [*GOOD_ROWS[:2], "C,Third,5,90,nan,70,0,"], (5, "S1"), "finite"),
        ("T,d,3,2,", [*GOOD_ROWS[:2], "C,Third,5,90"], (5, None), "expected 7 values"),
    ],
)
def test_csv_errors_name_line_and_field(
    tmp_path: Path, first: str, rows: list[str], where: tuple[int, str], message: str
) -> None:
    with pytest.raises(InputError, match=message) as info:
        read_csv(tmp_path, csv_text(rows, first=first))
    assert where in problems(info)
    assert all(p.file == str(tmp_path / "in.csv") for p in info.value.problems)


def test_csv_reports_every_problem_at_once(tmp_path: Path) -> None:
    rows = ["A,x,-1,10,20,30,40,", "B,y,20,150,50,50,50,", "C,z,30,90,10,70,0,"]
    with pytest.raises(InputError) as info:
        read_csv(tmp_path, csv_text(rows))
    assert problems(info) == [(3, "Power"), (4, "position[0]")]


def test_short_header_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="header needs 7 columns") as info:
        read_csv(tmp_path, csv_text(GOOD_ROWS, header="Actor,Description,Power,P1,S1"))
    assert (2, "header") in problems(info)


# ----------------------------------------------------------------------------- XML


def xml_text(params: str = "", actors: str | None = None, extra: str = "") -> str:
    actor = (
        "<Actor><name>{n}</name><description>d</description><capability>{c}</capability>"
        "<Position><dCoord>{p}</dCoord><dCoord>50</dCoord></Position>"
        "<Salience><dSal>30</dSal><dSal>20</dSal></Salience></Actor>"
    )
    body = (
        actors
        if actors is not None
        else "\n".join(
            actor.format(n=n, c=c, p=p) for n, c, p in [("A", 10, 10), ("B", 20, 60), ("C", 5, 90)]
        )
    )
    return (
        f"<?xml version='1.0'?>\n<Scenario>\n<name>X</name>\n<desc>D</desc>\n"
        f"<prngSeed>7</prngSeed>\n{params}\n<Dimensions><dName>one</dName>"
        f"<dName>two</dName></Dimensions>\n<Actors>\n{body}\n</Actors>\n{extra}</Scenario>\n"
    )


def read_xml(tmp_path: Path, text: str) -> Scenario:
    path = tmp_path / "in.xml"
    path.write_text(text)
    return read_ktab_xml(path, text)


def test_reads_variant_with_its_model_parameters() -> None:
    sc = load_scenario(V1)
    assert sc.model_params["smp"] == {
        "VictoryProbModel": "Square",
        "PCEModel": "MarkovIncentive",
        "StateTransitions": "Deterministic",
        "VotingRule": "PropCbc",
        "BigRAdjust": "Half",
        "BigRRange": "Max",
        "ThirdPartyCommit": "FullCommit",
        "InterVecBrgn": "S1P1",
        "BargnModel": "InitRcvrInterp",
    }
    csv_version = load_scenario(DUMMY)
    assert [a.stances for a in sc.actors] == [a.stances for a in csv_version.actors]
    assert any("prngSeed 1" in note for note in sc.metadata.assumptions)


def test_parameter_values_are_matched_without_regard_to_case(tmp_path: Path) -> None:
    params = "<ModelParameters><VotingRule>propbin</VotingRule></ModelParameters>"
    sc = read_xml(tmp_path, xml_text(params))
    assert sc.model_params == {"smp": {"VotingRule": "PropBin"}}


@pytest.mark.parametrize(
    ("text", "where", "message"),
    [
        (
            xml_text("<ModelParameters><VotingRule>Majority</VotingRule></ModelParameters>"),
            (6, "ModelParameters.VotingRule"),
            "not one of",
        ),
        (
            xml_text("<ModelParameters><Speed>Fast</Speed></ModelParameters>"),
            (6, "ModelParameters.Speed"),
            "unknown model parameter",
        ),
        (
            xml_text(actors="<Actor><name>A</name><capability>x</capability></Actor>"),
            (9, "Actors.Actor[0].capability"),
            "a number",
        ),
        (
            xml_text(
                actors="<Actor><name>A</name><capability>1</capability>"
                "<Position><dCoord>1</dCoord></Position></Actor>"
            ),
            (9, "Actors.Actor[0].Position"),
            "expected 2 <dCoord>",
        ),
        (
            xml_text(
                extra="<IdealAdjustment><iaPair><adjustingIdeal>A</adjustingIdeal>"
                "<referencePos>B</referencePos><adjust>0.5</adjust></iaPair>"
                "</IdealAdjustment>\n"
            ),
            (13, "IdealAdjustment.iaPair"),
            "identity",
        ),
        (
            "<?xml version='1.0'?>\n<Scenario>\n<name>X</name>\n</Actors>\n</Scenario>",
            (4, None),
            "not well-formed",
        ),
        (
            "<?xml version='1.0'?>\n<!DOCTYPE s [<!ENTITY e 'x'>]>\n<Scenario/>",
            (2, None),
            "DOCTYPE",
        ),
    ],
)
def test_xml_errors_name_line_and_element(
    tmp_path: Path, text: str, where: tuple[int, str | None], message: str
) -> None:
    with pytest.raises(InputError, match=message) as info:
        read_xml(tmp_path, text)
    assert where in problems(info)


def test_xml_external_entities_are_refused(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("top secret")
    text = (
        f"<?xml version='1.0'?>\n<!DOCTYPE s [<!ENTITY e SYSTEM 'file://{secret}'>]>\n"
        "<Scenario><name>&e;</name></Scenario>"
    )
    with pytest.raises(InputError, match="DOCTYPE") as info:
        read_xml(tmp_path, text)
    assert "top secret" not in str(info.value)


def test_xml_identity_ideal_adjustment_is_accepted(tmp_path: Path) -> None:
    extra = (
        "<IdealAdjustment><iaPair><adjustingIdeal>A</adjustingIdeal>"
        "<referencePos>A</referencePos><adjust>1.0</adjust></iaPair></IdealAdjustment>\n"
    )
    assert len(read_xml(tmp_path, xml_text(extra=extra)).actors) == 3


def test_xml_wrong_root_and_too_few_actors(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="root element"):
        read_xml(tmp_path, "<Model/>")
    one = (
        "<Actor><name>A</name><capability>1</capability><Position><dCoord>1</dCoord>"
        "<dCoord>2</dCoord></Position><Salience><dSal>1</dSal><dSal>2</dSal></Salience>"
        "</Actor>"
    )
    with pytest.raises(InputError, match="3 to 250 actors") as info:
        read_xml(tmp_path, xml_text(actors=one))
    assert (8, "Actors") in problems(info)


def test_loader_dispatches_both_formats(tmp_path: Path) -> None:
    (tmp_path / "k.csv").write_text(csv_text(GOOD_ROWS))
    (tmp_path / "k.xml").write_text(xml_text())
    assert len(load_scenario(tmp_path / "k.csv").actors) == 3
    assert len(load_scenario(tmp_path / "k.xml").actors) == 3

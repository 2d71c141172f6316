"""Bad files give ONE InputError naming the file, the line and the field, and what to fix.

Each case below is a small file with a known defect, for each format: scenario
files (YAML, JSON), stakeholder tables (CSV) and DEU tables (TSV). A file with
several defects must report all of them in the same error.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from realpolitik.errors import InputError
from realpolitik.io import load_scenarios
from realpolitik.io.notices import collect_notices
from realpolitik.io.stakeholder import read_stakeholder_csv
from realpolitik.io.text import read_text
from realpolitik.scenario import Scenario

YAML = """\
format: realpolitik/1
metadata:
  title: Tariffs
salience_scale: 1
issues:
  - id: tariff
    bounds: [0, 100]
actors:
  - id: usa
    capability: 60
    stances:
      tariff: {position: 20, salience: 0.8}
  - id: chn
    capability: 40
    stances:
      tariff:
        position: 70
        salience: 0.6
"""

CSV = "Actor,Capability,Position,Salience\nUSA,60,20,80\nChina,40,70,60\n"

DEU_HEAD = "isnr\tproc\tpcom\tpde\tscom\tsde\trp\tout\n\t\t4.1\t4.1\t\t\t\t\n"
DEU = DEU_HEAD + "x1\tCOD\t100\t40\t80\t50\t0\t60\nx2\tCNS\t0\t50\t70\t20\t\t30\n"


@dataclass(frozen=True)
class Case:
    """A defective file and the problems it must report: (line, field, words in the message)."""

    name: str
    content: bytes
    expected: tuple[tuple[int | None, str | None, str], ...]


def y(old: str, new: str) -> bytes:
    assert old in YAML
    return YAML.replace(old, new, 1).encode()


def line(text: bytes | str, needle: str, nth: int = 1) -> int:
    lines = (text.decode() if isinstance(text, bytes) else text).splitlines()
    hits = [k + 1 for k, ln in enumerate(lines) if needle in ln]
    return hits[nth - 1]


def yaml_cases() -> list[Case]:
    pos = y("position: 70", "position: 170")
    sal = y("salience: 0.8", "salience: 80")
    cap = y("capability: 40", "capability: 0")
    nan = y("capability: 60", "capability: .nan")
    inf = y("position: 70", "position: .inf")
    dup = y("id: chn", "id: usa")
    dupkey = y("capability: 40", "capability: 40\n    capability: 41")
    nostance = YAML.encode() + b"  - id: eu\n    capability: 10\n"
    unknown = y("capability: 60", "capability: 60\n    colour: red")
    missing = y("  title: Tariffs\n", "  description: no title\n")
    typo = y("salience_scale: 1\n", "salience_scale: 1\nuncertainty: {salinece: 10%}\n")
    text = y("position: 70", "position: seventy")
    comma = y("position: 70", "position: uniform(60 80)")
    day = y("  title: Tariffs\n", "  title: Tariffs\n  as_of: 31/01/2025\n")
    month = y("  title: Tariffs\n", "  title: Tariffs\n  as_of: 2025-13-01\n")
    scale100 = YAML.replace("salience_scale: 1", "salience_scale: 100").replace(
        "salience: 0.8", "salience: 180"
    )
    f = "actors[1].stances.tariff"
    return [
        Case("pos.yaml", pos, ((line(pos, "170"), f"{f}.position", "outside [0.0, 100.0]"),)),
        Case("sal.yaml", sal, ((12, "actors[0].stances.tariff.salience", "salience_scale: 100"),)),
        Case(
            "sal100.yaml",
            scale100.encode(),
            ((12, "actors[0].stances.tariff.salience", "outside [0, 100]"),),
        ),
        Case("cap.yaml", cap, ((line(cap, "capability: 0"), "actors[1].capability", "positive"),)),
        Case("nan.yaml", nan, ((10, "actors[0].capability", "finite number"),)),
        Case("inf.yaml", inf, ((line(inf, ".inf"), f"{f}.position", "finite number"),)),
        Case("dup.yaml", dup, ((13, "actors[1].id", "duplicate id 'usa'"),)),
        Case(
            "dupkey.yaml",
            dupkey,
            ((line(dupkey, "capability: 41"), "actors[1].capability", "appears twice"),),
        ),
        Case("nostance.yaml", nostance, ((19, "actors[2].stances", "no stance on any issue"),)),
        Case("unknown.yaml", unknown, ((11, "actors[0].colour", "unknown key 'colour'"),)),
        Case("typo.yaml", typo, ((5, "uncertainty.salinece", "did you mean 'salience'?"),)),
        Case("missing.yaml", missing, ((2, "metadata.title", "required field 'title'"),)),
        Case("text.yaml", text, ((17, f"{f}.position", "neither a number nor a distribution"),)),
        Case("comma.yaml", comma, ((17, f"{f}.position", "separate the numbers with commas"),)),
        Case("day.yaml", day, ((4, "metadata.as_of", "'31/01/2025' is not a date: write"),)),
        Case("month.yaml", month, ((4, "metadata.as_of", "'2025-13-01' is not a date"),)),
        Case("syntax.yaml", y("  - id: chn", "  - id: [chn"), ((14, None, "not valid YAML"),)),
        Case("list.yaml", b"- just\n- a list\n", ((1, None, "must be a mapping"),)),
    ]


def json_cases() -> list[Case]:
    text = (
        '{\n  "metadata": {"title": "T"},\n  "issues": [{"id": "a"}],\n'
        '  "actors": [\n    {"id": "x", "capability": -1,\n     "stances": {"a": '
        '{"position": 5, "salience": 0.5}}}\n  ]\n}\n'
    )
    return [Case("neg.json", text.encode(), ((5, "actors[0].capability", "greater than 0"),))]


def csv_cases() -> list[Case]:
    def c(old: str, new: str) -> bytes:
        assert old in CSV
        return CSV.replace(old, new, 1).encode()

    return [
        Case("cap.csv", c("USA,60", "USA,0"), ((2, "Capability", "greater than 0"),)),
        Case("neg.csv", c("70,60", "70,-5"), ((3, "Salience", "outside [0, 1] and [0, 100]"),)),
        Case("big.csv", c("70,60", "70,250"), ((3, "Salience", "on 0-1 or on 0-100"),)),
        Case("nan.csv", c("USA,60", "USA,NaN"), ((2, "Capability", "finite number"),)),
        Case("inf.csv", c(",20,", ",inf,"), ((2, "Position", "finite number"),)),
        Case("text.csv", c(",20,", ",twenty,"), ((2, "Position", "'twenty' is not a number"),)),
        Case("blank.csv", c(",20,", ",,"), ((2, "Position", "position is empty"),)),
        Case("noname.csv", c("China", ""), ((3, "Actor", "give every actor a name"),)),
        Case("nosal.csv", c("Salience", "Weightiness"), ((1, "salience", "no salience column"),)),
        Case(
            "twocap.csv",
            c("Position", "Power"),
            (
                (1, "Power", "two columns give the capability"),
                (1, "position", "no position column"),
            ),
        ),
        Case(
            "extra.csv", c("USA,60,20,80", "USA,60,20,0,8"), ((2, "column 5", "stray delimiter"),)
        ),
        Case("header.csv", b"Actor,Capability,Position,Salience\n", ((1, None, "no actor rows"),)),
        Case("quote.csv", c("China", '"China'), ((3, None, "check its quotes"),)),
    ]


def deu_cases() -> list[Case]:
    def d(old: str, new: str) -> bytes:
        assert old in DEU
        return DEU.replace(old, new, 1).encode()

    return [
        Case("pos.tsv", d("100\t40", "140\t40"), ((3, "pcom", "outside [0, 100]"),)),
        Case("sal.tsv", d("80\t50", "80\t-50"), ((3, "sde", "outside [0, 100]"),)),
        Case("cap.tsv", d("4.1\t4.1", "4.1\t0"), ((2, "pde", "greater than 0"),)),
        Case("nan.tsv", d("\t0\t60", "\t0\tinf"), ((3, "out", "finite number"),)),
        Case("dup.tsv", d("x2", "x1"), ((4, "isnr", "repeats line 3"),)),
        Case("text.tsv", d("\t30\n", "\tthirty\n"), ((4, "out", "'thirty' is not a number"),)),
        Case("norp.tsv", d("\trp\t", "\trefp\t"), ((1, "rp", "no 'rp' column"),)),
        Case("nosal.tsv", d("\tsde\t", "\tsdx\t"), ((1, "sde", "no salience column 'sde'"),)),
        Case(
            "nobody.tsv",
            d("x2\tCNS\t0\t50\t70\t20", "x2\tCNS\t\t\t\t"),
            ((4, None, "no actor has a position"),),
        ),
    ]


def any_format_cases() -> list[Case]:
    latin1 = "Actor,Capability,Position,Salience\nUSA,60,20,80\nSociété,40,70,60\n"
    out = []
    for suffix in (".yaml", ".csv", ".tsv"):
        out += [
            Case(f"empty{suffix}", b"", ((1, None, "empty"),)),
            Case(f"blank{suffix}", b"  \n\n", ((1, None, "empty"),)),
            Case(
                f"latin1{suffix}", latin1.encode("latin-1"), ((3, None, "Save the file as UTF-8"),)
            ),
            Case(f"garbage{suffix}", bytes(range(128, 256)) * 4, ((1, None, "not UTF-8"),)),
            Case(f"nul{suffix}", b"Actor,Capability\n\x00\x01\x02", ((2, None, "binary file"),)),
            Case(f"xlsx{suffix}", b"PK\x03\x04" + bytes(60), ((1, None, "spreadsheet"),)),
        ]
    return out


ALL = yaml_cases() + json_cases() + csv_cases() + deu_cases() + any_format_cases()


def load(path: Path) -> list[Scenario]:
    """Every format through its reader (stakeholder CSV directly: no KTAB sniffing needed)."""
    with collect_notices():
        if path.suffix == ".csv":
            return [read_stakeholder_csv(path, read_text(path))]
        return load_scenarios(path)


def test_the_good_files_load(tmp_path: Path) -> None:
    for name, text in (("ok.yaml", YAML), ("ok.csv", CSV), ("ok.tsv", DEU)):
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        assert load(path)


@pytest.mark.parametrize("case", ALL, ids=[c.name for c in ALL])
def test_one_error_naming_file_line_and_field(tmp_path: Path, case: Case) -> None:
    path = tmp_path / case.name
    path.write_bytes(case.content)
    with pytest.raises(InputError) as err:
        load(path)
    problems = err.value.problems
    assert str(path) in str(err.value)
    assert all(p.file == str(path) for p in problems)
    got = sorted((p.line or 0, p.field or "") for p in problems)
    assert got == sorted((line or 0, field or "") for line, field, _ in case.expected)
    for line_no, field, words in case.expected:
        (problem,) = [p for p in problems if (p.line, p.field) == (line_no, field)]
        assert words in problem.message, problem.message


def test_yaml_with_several_problems_reports_all(tmp_path: Path) -> None:
    text = (
        YAML.replace("capability: 60", "capability: 0\n    colour: red")
        .replace("position: 70", "position: 170")
        .replace("salience: 0.8", "salience: 8")
        .replace("salience: 0.6", "salience: abc")
    ) + "  - id: eu\n    capability: .inf\n"
    path = tmp_path / "many.yaml"
    path.write_text(text)
    with pytest.raises(InputError) as err:
        load(path)
    got = [(p.line, p.field) for p in err.value.problems]
    assert got == [
        (line(text, "capability: 0"), "actors[0].capability"),
        (line(text, "colour"), "actors[0].colour"),
        (line(text, "salience: 8"), "actors[0].stances.tariff.salience"),
        (line(text, "position: 170"), "actors[1].stances.tariff.position"),
        (line(text, "salience: abc"), "actors[1].stances.tariff.salience"),
        (line(text, "- id: eu"), "actors[2].stances"),
        (line(text, ".inf"), "actors[2].capability"),
    ]
    assert str(err.value).startswith("7 problems:")


def test_csv_with_several_problems_reports_all(tmp_path: Path) -> None:
    text = CSV + "EU,x,50,50\nIndia,-1,,50\n"
    path = tmp_path / "many.csv"
    path.write_text(text.replace("60,20,80", "60,20,800"))
    with pytest.raises(InputError) as err:
        load(path)
    got = [(p.line, p.field) for p in err.value.problems]
    assert got == [(2, "Salience"), (4, "Capability"), (5, "Position"), (5, "Capability")]


def test_deu_with_several_problems_reports_all(tmp_path: Path) -> None:
    text = DEU.replace("100\t40", "x\t40").replace("70\t20", "170\t20")
    path = tmp_path / "many.tsv"
    path.write_text(text)
    with pytest.raises(InputError) as err:
        load(path)
    assert [(p.line, p.field) for p in err.value.problems] == [(3, "pcom"), (4, "scom")]


def test_missing_file_and_folder(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="file not found"):
        load(tmp_path / "nope.yaml")
    with pytest.raises(InputError, match="is a folder"):
        read_text(tmp_path)


def test_utf16_text_is_read_with_a_notice(tmp_path: Path) -> None:
    path = tmp_path / "excel.tsv"
    path.write_bytes(DEU.encode("utf-16"))
    with collect_notices() as notices:
        scenarios = load_scenarios(path)
    assert len(scenarios) == 2
    assert any("UTF-16" in n.message for n in notices)

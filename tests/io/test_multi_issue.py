"""Stakeholder tables with several issues: long and wide CSV, .xlsx workbooks.

Fixtures: ``tests/data/tables`` (written by ``make_tables.py`` there).
"""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from realpolitik.cli import app
from realpolitik.errors import InputError
from realpolitik.io import load_scenario
from realpolitik.io.multi_issue import column_letter, layout, wide_column
from realpolitik.io.notices import collect_notices
from realpolitik.io.tables import Row
from realpolitik.io.workbook import import_table

TABLES = Path(__file__).parents[1] / "data" / "tables"


def book(sheets: dict[str, list[list[object]]]) -> bytes:
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for title, rows in sheets.items():
        ws = wb.create_sheet(title)
        for row in rows:
            ws.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def stance(sc: object, actor: str, issue: str) -> tuple[float, float]:
    a = next(a for a in sc.actors if a.name == actor)  # type: ignore[attr-defined]
    s = a.stances[issue]
    return float(s.position), float(s.salience)


def test_layout_of_a_header() -> None:
    assert layout(Row(1, ["Actor", "Issue", "Capability", "Position", "Salience"])) == "long"
    assert layout(Row(1, ["Actor", "Clout", "trade:position", "trade:salience"])) == "wide"
    assert layout(Row(1, ["Actor", "Capability", "Position", "Salience"])) == "single"
    assert wide_column("Security guarantees: Salience (0-100)") == (
        "Security guarantees",
        "salience",
    )
    assert wide_column("notes:remark") is None
    assert [column_letter(k) for k in (0, 25, 26, 701, 702)] == ["A", "Z", "AA", "ZZ", "AAA"]


def test_a_long_table_with_three_issues_imports() -> None:
    with collect_notices() as notices:
        sc = load_scenario(TABLES / "long-three-issues.csv")
    assert [i.name for i in sc.issues] == [
        "Security guarantees",
        "Sanctions relief",
        "Reconstruction fund",
    ]
    assert [i.id for i in sc.issues] == [
        "Security_guarantees",
        "Sanctions_relief",
        "Reconstruction_fund",
    ]
    assert [a.name for a in sc.actors] == [
        "United States",
        "European Union",
        "China",
        "Ukraine",
        "Russia",
    ]
    assert "Reconstruction_fund" not in next(a for a in sc.actors if a.id == "China").stances
    assert stance(sc, "Russia", "Sanctions_relief") == (100, 80)
    assert sc.salience_scale == 100
    assert sum("bounds [0, 100]" in n.message for n in notices) == 3


def test_a_wide_table_reads_like_the_long_one() -> None:
    with collect_notices():
        wide = load_scenario(TABLES / "wide-two-issues.csv")
        long = load_scenario(TABLES / "long-three-issues.csv")
    assert [i.name for i in wide.issues] == ["Security guarantees", "Sanctions relief"]
    for a in wide.actors:
        b = next(b for b in long.actors if b.id == a.id)
        assert a.capability == b.capability
        assert a.stances == {k: b.stances[k] for k in a.stances}


def test_a_workbook_with_one_sheet_per_issue_imports(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app, ["import", str(TABLES / "book.xlsx"), "-o", str(tmp_path / "x.yaml")]
    )
    assert result.exit_code == 0, result.output
    assert "sheet 'Notes'" in result.output  # the skipped sheet is named
    sc = load_scenario(tmp_path / "x.yaml")
    assert [i.name for i in sc.issues] == ["Security guarantees", "Sanctions relief"]
    assert len(sc.actors) == 5
    assert stance(sc, "Ukraine", "Security_guarantees") == (95, 100)


def test_a_workbook_with_one_long_sheet_equals_the_csv() -> None:
    with collect_notices():
        a = load_scenario(TABLES / "long-sheet.xlsx")
        b = load_scenario(TABLES / "long-three-issues.csv")
    assert [(i.id, i.bounds) for i in a.issues] == [(i.id, i.bounds) for i in b.issues]
    assert [x.stances for x in a.actors] == [x.stances for x in b.actors]


def test_import_table_takes_bytes_and_returns_notices() -> None:
    data = (TABLES / "book.xlsx").read_bytes()
    imported = import_table(data, filename="upload.xlsx")
    assert len(imported.scenario.issues) == 2
    assert any("saliences read on 0-100" in n.message for n in imported.notices)
    text = b"Actor,Issue,Clout,Position,Salience\nA,x,1,0.2,0.5\nB,x,2,0.8,0.5\nA,y,,1,1\n"
    imported = import_table(text, filename="t.csv")
    assert [i.id for i in imported.scenario.issues] == ["x", "y"]
    assert imported.scenario.salience_scale == 1


def test_workbook_errors_name_file_sheet_row_and_column() -> None:
    data = book(
        {
            "trade": [
                ["Actor", "Capability", "Position", "Salience"],
                ["A", 1, 10, 50],
                ["B", 2, "lots", 40],
            ]
        }
    )
    with pytest.raises(InputError) as err:
        import_table(data, filename="case.xlsx")
    (p,) = err.value.problems
    assert (p.file, p.line, p.field) == ("case.xlsx, sheet 'trade'", 3, "C (Position)")
    assert "'lots' is not a number" in p.message


def test_conflicting_capabilities_across_sheets_are_refused() -> None:
    header = ["Actor", "Capability", "Position", "Salience"]
    data = book({"x": [header, ["A", 1, 10, 50]], "y": [header, ["A", 3, 10, 50]]})
    with pytest.raises(InputError) as err:
        import_table(data, filename="case.xlsx")
    (p,) = err.value.problems
    assert (p.file, p.line, p.field) == ("case.xlsx, sheet 'y'", 2, "B (Capability)")
    assert "case.xlsx, sheet 'x', line 2" in p.message


@pytest.mark.parametrize(
    ("text", "line", "field", "words"),
    [
        (
            "Actor,Issue,Capability,Position,Salience\nA,x,1,10,50\nA,x,1,20,50\n",
            3,
            None,
            "already has a stance on 'x'",
        ),
        (
            "Actor,Issue,Capability,Position,Salience\nA,x,,10,50\nB,x,1,20,50\n",
            2,
            "Capability",
            "no capability on any row",
        ),
        ("Actor,Issue,Capability,Position,Salience\nA,,1,10,50\n", 2, "Issue", "issue is empty"),
        (
            "Actor,Capability,x:position,x:salience,y:position\nA,1,1,1,\n",
            1,
            "y:position",
            "'y' has no salience column",
        ),
        (
            "Actor,Capability,x:position,x:salience\nA,1,,\n",
            2,
            None,
            "no position and salience on any issue",
        ),
        (
            "Actor,Capability,x:position,x:salience\nA,1,5,\n",
            2,
            "x:salience",
            "salience is empty",
        ),
        ("Actor,Issue,Position,Salience\nA,x,1,1\n", 1, "capability", "no capability column"),
    ],
)
def test_csv_errors_name_the_line_and_column(
    tmp_path: Path, text: str, line: int, field: str | None, words: str
) -> None:
    path = tmp_path / "t.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as err, collect_notices():
        load_scenario(path)
    (p,) = err.value.problems
    assert (p.file, p.line, p.field) == (str(path), line, field)
    assert words in p.message


def test_not_a_workbook_is_one_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "fake.xlsx"
    path.write_text("Actor,Capability\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["import", str(path)])
    assert result.exit_code == 2
    assert "not a readable .xlsx workbook" in result.output
    assert "Traceback" not in result.output


def test_a_workbook_without_a_table_is_refused() -> None:
    with pytest.raises(InputError, match="no sheet holds a stakeholder table"):
        import_table(book({"notes": [["hello"]]}), filename="n.xlsx")


def test_missing_openpyxl_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "openpyxl", None)
    with pytest.raises(InputError, match=r"realpolitik\[xlsx\]"):
        import_table(b"PK", filename="a.xlsx")


DOC = Path(__file__).parents[2] / "docs" / "file-format.md"


@pytest.mark.parametrize("kind", ["long", "wide"])
def test_the_docs_examples_import(tmp_path: Path, kind: str) -> None:
    import re

    (text,) = re.findall(rf"```csv {kind}\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S)
    path = tmp_path / f"{kind}.csv"
    path.write_text(text, encoding="utf-8")
    with collect_notices():
        sc = load_scenario(path)
    assert [i.name for i in sc.issues] == ["Security guarantees", "Sanctions relief"]
    assert [a.name for a in sc.actors] == ["United States", "Ukraine", "Russia"]


def test_every_bad_cell_of_a_workbook_is_reported_at_once() -> None:
    data = book(
        {
            "trade": [
                ["Actor", "Capability", "Position", "Salience"],
                ["A", 1, 10, 500],
                ["B", -2, "lots", 40],
            ]
        }
    )
    with pytest.raises(InputError) as err:
        import_table(data, filename="case.xlsx")
    found = {(p.line, p.field) for p in err.value.problems}
    assert found == {(2, "D (Salience)"), (3, "B (Capability)"), (3, "C (Position)")}


def test_import_table_reads_one_issue_and_ktab_tables_too() -> None:
    cases = Path(__file__).parents[1] / "data" / "reference" / "bdm" / "cases"
    one = import_table(cases / "kyoto.csv")
    assert len(one.scenario.issues) == 1
    assert any("saliences read on" in n.message for n in one.notices)
    data = (cases / "ktab_SOE-Policy_China2014.csv").read_bytes()
    ktab = import_table(data, filename="soe.csv")
    assert len(ktab.scenario.actors) == 26


def test_a_title_above_the_header_is_skipped() -> None:
    header = ["Actor", "Capability", "Position", "Salience"]
    data = book({"trade": [["Trade talks, 2025"], [], header, ["A", 1, 10, 50], ["B", 2, 30, 50]]})
    imported = import_table(data, filename="t.xlsx")
    assert [a.id for a in imported.scenario.actors] == ["A", "B"]
    assert any("the header is row 3" in n.message for n in imported.notices)

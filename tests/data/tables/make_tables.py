"""Write the multi-issue stakeholder fixtures of tests/io/test_multi_issue.py.

Run from the repository root: ``python tests/data/tables/make_tables.py``.
The numbers are illustrative (a made-up three-issue negotiation), not data.
"""

from __future__ import annotations

import datetime
from pathlib import Path

import openpyxl

HERE = Path(__file__).parent

ACTORS = {"United States": 50, "European Union": 35, "China": 40, "Ukraine": 10, "Russia": 30}
STANCES = {
    "Security guarantees": {
        "United States": (30, 70),
        "European Union": (60, 60),
        "China": (20, 30),
        "Ukraine": (95, 100),
        "Russia": (0, 90),
    },
    "Sanctions relief": {
        "United States": (50, 40),
        "European Union": (20, 50),
        "China": (80, 40),
        "Ukraine": (10, 70),
        "Russia": (100, 80),
    },
    "Reconstruction fund": {
        "United States": (40, 30),
        "European Union": (70, 50),
        "Ukraine": (100, 90),
        "Russia": (0, 20),
    },
}


def long_rows(issues: list[str]) -> list[list[object]]:
    rows: list[list[object]] = [["Actor", "Issue", "Capability", "Position", "Salience"]]
    for issue in issues:
        for actor, (pos, sal) in STANCES[issue].items():
            rows.append([actor, issue, ACTORS[actor], pos, sal])
    return rows


def wide_rows(issues: list[str]) -> list[list[object]]:
    header: list[object] = ["Actor", "Capability"]
    for issue in issues:
        header += [f"{issue}:position", f"{issue}:salience"]
    rows = [header]
    for actor, cap in ACTORS.items():
        row: list[object] = [actor, cap]
        for issue in issues:
            row += list(STANCES[issue].get(actor, ("", "")))
        rows.append(row)
    return rows


def write_csv(path: Path, rows: list[list[object]]) -> None:
    path.write_text("\n".join(",".join(map(str, r)) for r in rows) + "\n", encoding="utf-8")


def write_book(path: Path, sheets: dict[str, list[list[object]]]) -> None:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        ws = book.create_sheet(title)
        for row in rows:
            ws.append([None if c == "" else c for c in row])
    stamp = datetime.datetime(2025, 1, 1)  # same content on every run
    book.properties.created = book.properties.modified = stamp
    book.save(path)


def per_issue_sheet(issue: str) -> list[list[object]]:
    rows: list[list[object]] = [["Actor", "Capability", "Position", "Salience"]]
    rows += [[a, ACTORS[a], p, s] for a, (p, s) in STANCES[issue].items()]
    return rows


def main() -> None:
    three = list(STANCES)
    write_csv(HERE / "long-three-issues.csv", long_rows(three))
    write_csv(HERE / "wide-two-issues.csv", wide_rows(three[:2]))
    write_book(
        HERE / "book.xlsx",
        {
            "Security guarantees": per_issue_sheet(three[0]),
            "Sanctions relief": per_issue_sheet(three[1]),
            "Notes": [["Made-up numbers for tests"]],
        },
    )
    write_book(HERE / "long-sheet.xlsx", {"Stakeholders": long_rows(three)})


if __name__ == "__main__":
    main()

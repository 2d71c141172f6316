"""``report`` on a damaged result document: one clear input error, exit 2 (issue 17, item 8).

Of 292 mutated ``--json`` documents, 82 gave "internal error" (TypeError,
KeyError, IndexError) — e.g. a position set to ``null``. Documents are now
checked against their pydantic schemas (``results/schemas.py``) when read.
Each document below is mutated at seeded random places (null, deleted key,
wrong type, emptied list, huge number, string) and reported: exit 0 or 2, never 1.
"""

from __future__ import annotations

import copy
import json
import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from realpolitik.cli import app as cli
from tests.report.helpers import SMALL
from tests.sim.scenarios import deal_data, write

runner = CliRunner()
MUTATIONS_PER_DOCUMENT = 25


def _paths(node: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    yield path
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _paths(value, (*path, key))
    elif isinstance(node, list):
        for k, value in enumerate(node[:3]):
            yield from _paths(value, (*path, k))


def mutate(document: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    """A copy of ``document`` with one value replaced or removed at a random place."""
    doc = copy.deepcopy(document)
    path = rng.choice([p for p in _paths(doc) if p])
    parent = doc
    for part in path[:-1]:
        parent = parent[part]
    key = path[-1]
    how = rng.choice(["null", "delete", "string", "list", "object", "huge", "negative", "bool"])
    if how == "delete":
        if isinstance(parent, dict):
            del parent[key]
        else:
            parent.pop(key)
    else:
        parent[key] = {
            "null": None,
            "string": "x",
            "list": [],
            "object": {},
            "huge": 1e300,
            "negative": -5,
            "bool": True,
        }[how]
    return doc


def _json(*args: str) -> dict[str, Any]:
    result = runner.invoke(cli, [*args, "--json", "--no-store"])
    assert result.exit_code == 0, result.output
    data: dict[str, Any] = json.loads(result.stdout)
    return data


@pytest.fixture(scope="module")
def documents(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Any]]:
    deal_file = write(tmp_path_factory.mktemp("docs") / "deal.yaml", deal_data())
    return {
        "run": _json("run", str(SMALL)),
        "run-eum": _json("run", deal_file, "--model", "eum"),
        "simulate": _json("simulate", str(SMALL), "--runs", "64"),
        "sensitivity": _json("sensitivity", deal_file, "--runs", "64"),
    }


def _try(tmp_path: Path, kind: str, document: dict[str, Any], count: int) -> None:
    rng = random.Random(f"damaged-{kind}")
    for k in range(count):
        doc = mutate(document, rng)
        path = tmp_path / f"{kind}-{k}.json"
        path.write_text(json.dumps(doc), encoding="utf-8")
        result = runner.invoke(cli, ["report", str(path), "-o", str(tmp_path / f"{k}.html")])
        assert result.exit_code in (0, 2), (doc, result.output)
        assert "internal error" not in result.output


@pytest.mark.parametrize("kind", ["run", "run-eum", "simulate", "sensitivity"])
def test_a_damaged_document_is_an_input_error_never_a_crash(
    tmp_path: Path, documents: dict[str, dict[str, Any]], kind: str
) -> None:
    _try(tmp_path, kind, documents[kind], MUTATIONS_PER_DOCUMENT)


@pytest.mark.slow
def test_a_damaged_war_document_is_an_input_error_never_a_crash(tmp_path: Path) -> None:
    document = _json("simulate", "minerals-deal-2025", "--runs", "64", "--seed", "1")
    _try(tmp_path, "dynamic", document, MUTATIONS_PER_DOCUMENT)


def test_a_position_set_to_null_names_its_field(
    tmp_path: Path, documents: dict[str, dict[str, Any]]
) -> None:
    doc = copy.deepcopy(documents["run"])
    doc["forecast"]["budget"] = None
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    result = runner.invoke(cli, ["report", str(path), "-o", str(tmp_path / "r.html")])
    assert result.exit_code == 2
    assert f"{path}, field 'forecast.budget'" in result.stderr
    assert not (tmp_path / "r.html").exists()  # nothing half-written

"""The JSON Schema of scenario files: generated from the models, shipped up to date."""

from __future__ import annotations

import json
import re

import pytest

from realpolitik.io.schema import (
    DISTRIBUTION_PATTERN,
    scenario_json_schema,
    schema_text,
    shipped_schema_path,
)
from realpolitik.scenario import Actor, Issue, Scenario, Stance


def test_shipped_schema_is_up_to_date() -> None:
    shipped = shipped_schema_path().read_text(encoding="utf-8")
    assert shipped == schema_text(), "regenerate it: python -m realpolitik.io.schema"


def test_schema_describes_every_field_and_forbids_unknown_keys() -> None:
    schema = scenario_json_schema()
    assert schema["$schema"].endswith("2020-12/schema")
    defs = schema["$defs"]
    for model, node in (
        (Scenario, schema),
        (Actor, defs["Actor"]),
        (Issue, defs["Issue"]),
        (Stance, defs["Stance"]),
    ):
        assert set(node["properties"]) == set(model.model_fields)
        assert node["additionalProperties"] is False
    assert set(schema["required"]) == {"metadata", "issues", "actors"}
    assert "attributes" in defs["Issue"]["properties"]


def test_numbers_may_be_distribution_strings() -> None:
    capability = scenario_json_schema()["$defs"]["Actor"]["properties"]["capability"]
    kinds = [b["type"] for b in capability["anyOf"]]
    assert kinds == ["number", "string"]
    assert capability["anyOf"][1]["pattern"] == DISTRIBUTION_PATTERN


@pytest.mark.parametrize(
    ("text", "ok"),
    [
        ("60", True),
        ("60 ± 10", True),
        ("60 +- 10%", True),
        ("uniform(40, 70)", True),
        ("beta(2, 5, 40, 70)", True),
        ("sixty", False),
        ("gamma(2, 3)", False),
    ],
)
def test_distribution_pattern(text: str, ok: bool) -> None:
    assert bool(re.match(DISTRIBUTION_PATTERN, text)) is ok


def test_schema_text_is_json() -> None:
    assert json.loads(schema_text()) == scenario_json_schema()

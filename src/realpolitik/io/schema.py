"""The JSON Schema of scenario files, generated from the pydantic models.

Editors (VS Code's YAML extension, for one) validate and complete scenario
files with it: put ``# yaml-language-server: $schema=<path>/scenario.schema.json``
on the first line. The schema describes files as written, so an uncertain
number is a number or a string in the distribution syntax of
:mod:`realpolitik.scenario.uncertain`. Cross-field rules (positions inside
the issue's bounds, unique ids, ...) cannot be said in JSON Schema; run
``realpolitik validate`` for those.

The generated schema ships as ``realpolitik/data/scenario.schema.json``; a
test checks it is up to date (regenerate with
``python -m realpolitik.io.schema``).
"""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from typing import Any

from realpolitik.scenario import Scenario

SCHEMA_ID = "https://realpolitik.invalid/schema/scenario-1.json"
"""The schema's ``$id`` (a name, not a place to download it from)."""

DISTRIBUTION_PATTERN = (
    r"^\s*([-+]?[0-9.eE+-]+\s*((±|\+-|\+/-)\s*[0-9.eE+-]+\s*%?)?"
    r"|(normal|uniform|triangular|beta|choice)\s*\(.*\))\s*$"
)
"""What a string number may look like: ``60``, ``60 ± 10``, ``uniform(40, 70)``..."""

_DISTRIBUTION_TEXT = (
    "A distribution: '60 ± 10' (normal), '60 ± 10%', 'normal(60, 10)', "
    "'uniform(40, 70)', 'triangular(40, 50, 70)', 'beta(2, 5)', 'beta(2, 5, 40, 70)' "
    "or 'choice(10, 20, 40)'."
)


def scenario_json_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a scenario file (format ``realpolitik/1``)."""
    schema = Scenario.model_json_schema(mode="serialization")
    _describe_distributions(schema)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        **schema,
        "title": "realpolitik scenario file (format realpolitik/1)",
    }


def _describe_distributions(node: Any) -> None:
    """Give the string branch of every number-or-string union its syntax and pattern."""
    if isinstance(node, dict):
        branches = node.get("anyOf")
        if isinstance(branches, list) and {"type": "number"} in branches:
            for k, branch in enumerate(branches):
                if branch == {"type": "string"}:
                    branches[k] = {
                        "type": "string",
                        "pattern": DISTRIBUTION_PATTERN,
                        "description": _DISTRIBUTION_TEXT,
                    }
        for value in node.values():
            _describe_distributions(value)
    elif isinstance(node, list):
        for value in node:
            _describe_distributions(value)


def schema_text() -> str:
    """The schema as the JSON text shipped in the package (sorted keys, 2-space indent)."""
    return json.dumps(scenario_json_schema(), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def shipped_schema_path() -> Path:
    """Where the generated schema file lives in the installed package."""
    return Path(str(resources.files("realpolitik") / "data" / "scenario.schema.json"))


def main() -> None:
    """Regenerate the shipped schema file."""
    shipped_schema_path().write_text(schema_text(), encoding="utf-8")


if __name__ == "__main__":
    main()

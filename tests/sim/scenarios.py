"""Scenarios for the simulation tests, built in code (and written to files for the CLI)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from realpolitik.io.scenario_file import scenario_from_data
from realpolitik.scenario import Scenario


def deal_data(**extra: Any) -> dict[str, Any]:
    """Four actors on one issue, with every kind of distribution and two named ranges."""
    data: dict[str, Any] = {
        "metadata": {"title": "Test deal"},
        "salience_scale": 100,
        "issues": [
            {"id": "deal", "bounds": [0, 100], "ranges": {"acceptable": [40, 60], "low": [0, 30]}}
        ],
        "actors": [
            {
                "id": "us",
                "capability": "60 ± 10",
                "stances": {"deal": {"position": 80, "salience": "uniform(40, 70)"}},
            },
            {
                "id": "ua",
                "capability": 30,
                "stances": {"deal": {"position": "triangular(10, 20, 40)", "salience": 90}},
            },
            {
                "id": "ru",
                "capability": 50,
                "stances": {"deal": {"position": 0, "salience": "beta(2, 5, 50, 100)"}},
            },
            {
                "id": "eu",
                "capability": "choice(10, 20, 40)",
                "stances": {"deal": {"position": 40, "salience": 50}},
            },
        ],
    }
    data.update(extra)
    return data


def deal(**extra: Any) -> Scenario:
    """The scenario of :func:`deal_data`."""
    return scenario_from_data(deal_data(**extra), file="deal.yaml")


def big_data(n: int = 20, issues: int = 2, seed: int = 0) -> dict[str, Any]:
    """``n`` actors on ``issues`` issues, saliences ± 10 % and positions ± 5 by default noise."""
    import numpy as np

    rng = np.random.default_rng(seed)
    ids = [f"i{k}" for k in range(issues)]
    actors = [
        {
            "id": f"a{i}",
            "capability": round(float(rng.uniform(10, 100)), 1),
            "stances": {
                k: {
                    "position": round(float(rng.uniform(5, 95)), 1),
                    "salience": round(float(rng.uniform(0.2, 0.9)), 2),
                }
                for k in ids
            },
        }
        for i in range(n)
    ]
    return {
        "metadata": {"title": f"{n} actors"},
        "issues": [{"id": k, "ranges": {"middle": [40, 60]}} for k in ids],
        "actors": actors,
        "uncertainty": {"salience": "10%", "position": 5, "capability": "20%"},
    }


def write(path: Path, data: dict[str, Any]) -> str:
    """Write scenario data as YAML; return the path as a string."""
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return str(path)

"""Documents of the documented shapes, for the report and web tests."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from realpolitik.results.schemas import check_document

DEAL = Path(__file__).parent / "data" / "deal.yaml"
"""A scenario with uncertain inputs: two issues (one two-dimensional), named ranges."""

SMALL = Path(__file__).parents[1] / "data" / "scenarios" / "small.yaml"

DYNAMIC = Path(__file__).parents[1] / "data" / "dynamics" / "two-sides.yaml"
"""The dynamics tests' example: a war, levers, a deal."""

MONTHS = [f"2025-{m:02d}" for m in range(3, 13)] + ["2026-01", "2026-02"]


def typed(data: dict[str, Any]) -> Any:
    """A document of these shapes as its typed model (what the report and headline take)."""
    return check_document(data)


def quantiles(centre: float, spread: float) -> dict[str, float]:
    """Quantiles keyed as in the JSON documents, symmetric around ``centre``."""
    return {
        "0.05": centre - 2 * spread,
        "0.25": centre - spread,
        "0.5": centre,
        "0.75": centre + spread,
        "0.95": centre + 2 * spread,
    }


def summary(centre: float, spread: float, probabilities: dict[str, float]) -> dict[str, Any]:
    """A complete one-dimensional summary, as ``results.summaries.summarise`` gives it."""
    return {
        "mean": centre,
        "median": centre,
        "sd": spread,
        "quantiles": quantiles(centre, spread),
        "probabilities": probabilities,
        "stderr": {
            "mean": spread / 30,
            "median": spread / 25,
            "quantiles": quantiles(spread / 20, 0.0),
            "probabilities": {k: 0.01 for k in probabilities},
        },
    }


def simulation_document() -> dict[str, Any]:
    """A static ``simulate`` document (one 1-D and one 2-D issue)."""
    budget = summary(46.0, 5.0, {"middle": 0.6})
    budget["mean"] = 45.0
    plan_a, plan_b = summary(41.0, 6.0, {"middle": 0.3}), summary(56.0, 8.0, {"middle": 0.4})
    plan = {
        key: _pair(plan_a[key], plan_b[key])
        for key in ("mean", "median", "sd", "quantiles", "probabilities")
    }
    plan["mean"] = [40.0, 55.0]
    plan["stderr"] = {k: _pair(plan_a["stderr"][k], plan_b["stderr"][k]) for k in plan_a["stderr"]}
    budget["stderr"]["probabilities"] = {"middle": 0.015}
    plan["stderr"]["probabilities"] = {"middle": [0.01, 0.02]}
    return {
        "run_id": None,
        "runs": 1000,
        "seed": 7,
        "model": "compromise",
        "params": {},
        "inputs": ["capability[us]"],
        "issues": {"budget": budget, "plan": plan},
    }


def _pair(a: Any, b: Any) -> Any:
    """Two one-dimensional summaries' entries as one two-dimensional entry."""
    if isinstance(a, dict):
        return {k: _pair(a[k], b[k]) for k in a}
    return [a, b]


def dynamic_document() -> dict[str, Any]:
    """A dynamic ``simulate`` document (events, terms, ground, range, levers, sensitivity)."""
    n = len(MONTHS)
    return {
        "kind": "dynamic",
        "scenario": "War test",
        "runs": 2000,
        "seed": 3,
        "inputs": ["war.ground"],
        "model": "compromise",
        "params": {},
        "months": MONTHS,
        "events": {
            "settlement": {
                "probability_by": {m: min(1.0, 0.05 * k) for k, m in enumerate(MONTHS)},
                "median_month": MONTHS[10],
                "probability": 0.55,
                "stderr": 0.01,
            },
            "deal:minerals": {
                "probability_by": {m: min(1.0, 0.1 * k) for k, m in enumerate(MONTHS)},
                "median_month": MONTHS[5],
                "probability": 1.0,
                "stderr": 0.0,
            },
        },
        "terms": {
            **summary(0.7, 0.05, {}),
            "issue": "territory",
            "bounds": [0.0, 1.0],
            "n": 1100,
        },
        "ground": {m: quantiles(0.8, 0.01 * (k + 1)) for k, m in enumerate(MONTHS)},
        "range": {
            m: {
                "L": quantiles(0.75 - 0.01 * k, 0.02),
                "U": quantiles(0.6 + 0.01 * k, 0.02),
                "open": k / n,
                "runs": 2000,
            }
            for k, m in enumerate(MONTHS)
        },
        "levers": {
            "us-aid": {
                m: {"on": 0.0 if 3 < k < 6 else 1.0, "mean": 1.0} for k, m in enumerate(MONTHS)
            },
            "eu-sanctions": {m: {"on": 0.8, "mean": 0.5} for m in MONTHS},
        },
        "deals": {},
        "sensitivity": {
            "output": "settlement date",
            "method": "one at a time, lever off, common random numbers",
            "runs": 1024,
            "baseline": {"mean_months": 9.0, "probability": 0.55},
            "indices": {
                "us-aid": {"months_earlier": 2.5, "probability": 0.1},
                "eu-sanctions": {"months_earlier": -0.5, "probability": -0.02},
            },
            "top": ["us-aid", "eu-sanctions"],
        },
        "issues": {},
    }


def sensitivity_document() -> dict[str, Any]:
    """A static ``sensitivity`` document (Sobol), rows most influential first."""
    return {
        "run_id": None,
        "method": "sobol",
        "model": "compromise",
        "seed": 1,
        "runs": 256,
        "evaluations": 256 * 5,
        "inputs": ["capability[us]", "position[ua, deal]", "salience[ru, deal]"],
        "outcomes": {
            "deal": [
                {"input": "capability[us]", "S1": 0.5, "S1_conf": 0.05, "ST": 0.6, "ST_conf": 0.04},
                {
                    "input": "position[ua, deal]",
                    "S1": 0.2,
                    "S1_conf": 0.03,
                    "ST": 0.3,
                    "ST_conf": 0.02,
                },
                {
                    "input": "salience[ru, deal]",
                    "S1": None,
                    "S1_conf": None,
                    "ST": 0.05,
                    "ST_conf": 0.01,
                },
            ]
        },
    }

"""Documents of the documented shapes, for the report and web tests."""

from __future__ import annotations

from pathlib import Path
from typing import Any

DEAL = Path(__file__).parent / "data" / "deal.yaml"
"""A scenario with uncertain inputs: two issues (one two-dimensional), named ranges."""

SMALL = Path(__file__).parents[1] / "data" / "scenarios" / "small.yaml"

DYNAMIC = Path(__file__).parents[1] / "data" / "dynamics" / "two-sides.yaml"
"""The dynamics tests' example: a war, levers, a deal."""

MONTHS = [f"2025-{m:02d}" for m in range(3, 13)] + ["2026-01", "2026-02"]


def quantiles(centre: float, spread: float) -> dict[str, float]:
    """Quantiles keyed as in the JSON documents, symmetric around ``centre``."""
    return {
        "0.05": centre - 2 * spread,
        "0.25": centre - spread,
        "0.5": centre,
        "0.75": centre + spread,
        "0.95": centre + 2 * spread,
    }


def simulation_document() -> dict[str, Any]:
    """A static ``simulate`` document (one 1-D and one 2-D issue)."""
    return {
        "runs": 1000,
        "seed": 7,
        "model": "compromise",
        "issues": {
            "budget": {
                "mean": 45.0,
                "median": 46.0,
                "quantiles": quantiles(46.0, 5.0),
                "probabilities": {"middle": 0.6},
                "stderr": {"mean": 0.2, "probabilities": {"middle": 0.015}},
            },
            "plan": {
                "mean": [40.0, 55.0],
                "median": [41.0, 56.0],
                "quantiles": {
                    k: [a, b]
                    for (k, a), b in zip(
                        quantiles(41.0, 6.0).items(), quantiles(56.0, 8.0).values(), strict=True
                    )
                },
                "probabilities": {"middle": [0.3, 0.4]},
                "stderr": {"probabilities": {"middle": [0.01, 0.02]}},
            },
        },
    }


def dynamic_document() -> dict[str, Any]:
    """A dynamic ``simulate`` document (events, terms, ground, range, levers, sensitivity)."""
    n = len(MONTHS)
    return {
        "kind": "dynamic",
        "scenario": "War test",
        "runs": 2000,
        "seed": 3,
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
            "mean": 0.7,
            "quantiles": quantiles(0.7, 0.05),
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
        "sensitivity": {
            "output": "settlement date",
            "method": "one at a time, lever off, common random numbers",
            "indices": {
                "us-aid": {"months_earlier": 2.5, "probability": 0.1},
                "eu-sanctions": {"months_earlier": -0.5, "probability": -0.02},
            },
        },
    }


def sensitivity_document() -> dict[str, Any]:
    """A static ``sensitivity`` document (Sobol), rows most influential first."""
    return {
        "method": "sobol",
        "model": "compromise",
        "seed": 1,
        "runs": 256,
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

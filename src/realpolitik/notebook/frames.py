"""Tidy tables of forecasts, Monte Carlo simulations and model comparisons, as columns.

Built with numpy from the result's arrays (no loop over runs or actors): one
row per observation, one column per variable, long format. Issues and actors
appear by id and by name; a dimension column names the dimension of a
multi-dimensional issue (empty for a one-dimensional one).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from realpolitik.app.results import quantile_items
from realpolitik.arrays import FloatArray
from realpolitik.notebook.view import Columns
from realpolitik.results.schemas import Summary
from realpolitik.scenario import Issue, Scenario


def dims(issue: Issue, d: int) -> list[str]:
    """The names of an issue's ``d`` dimensions (``[""]`` for one unnamed dimension)."""
    names = list(issue.dimensions or [])
    return names if len(names) == d else ([""] if d == 1 else [f"dim {k}" for k in range(d)])


def _as_list(value: Any) -> list[float]:
    return [float(v) for v in value] if isinstance(value, list) else [float(value)]


def concat(parts: Sequence[Columns]) -> Columns:
    """Columns of several tables with the same columns, one after the other."""
    if not parts:
        return {}
    return {k: np.concatenate([np.asarray(p[k]) for p in parts]) for k in parts[0]}


def point_rows(scenario: Scenario, values: Mapping[str, Any], name: str) -> Columns:
    """One row per issue dimension: issue, issue_name, dimension, ``name`` (a value each)."""
    issue_ids, names, dim, out = [], [], [], []
    for issue in scenario.issues:
        if issue.id not in values:
            continue
        v = _as_list(values[issue.id])
        issue_ids += [issue.id] * len(v)
        names += [issue.name or issue.id] * len(v)
        dim += dims(issue, len(v))
        out += v
    return {"issue": issue_ids, "issue_name": names, "dimension": dim, name: out}


def positions(
    scenario: Scenario, issue_id: str, x: FloatArray, actor_ids: Sequence[str]
) -> Columns:
    """Positions ``x (T + 1, n, d)`` of one run: issue, round, actor, dimension, position."""
    t, n, d = x.shape
    labels = {a.id: a.label for a in scenario.actors}
    r, a, k = np.meshgrid(np.arange(t), np.arange(n), np.arange(d), indexing="ij")
    ids = np.asarray(actor_ids, dtype=object)
    dnames = np.asarray(dims(scenario.issue(issue_id), d), dtype=object)
    return {
        "issue": np.full(x.size, issue_id, dtype=object),
        "round": r.ravel(),
        "actor": ids[a.ravel()],
        "actor_name": np.asarray([labels.get(i, i) for i in actor_ids], dtype=object)[a.ravel()],
        "dimension": dnames[k.ravel()],
        "position": x.ravel(),
    }


def rounds(issue_id: str, dnames: Sequence[str], median: FloatArray, mean: FloatArray) -> Columns:
    """The model's median and weighted mean per round ``(T + 1, d)`` as rows."""
    t, d = median.shape
    r, k = np.meshgrid(np.arange(t), np.arange(d), indexing="ij")
    return {
        "issue": np.full(median.size, issue_id, dtype=object),
        "round": r.ravel(),
        "dimension": np.asarray(dnames, dtype=object)[k.ravel()],
        "median": median.ravel(),
        "mean": mean.ravel(),
    }


def per_run(issue_id: str, dnames: Sequence[str], x: FloatArray, **fixed: Any) -> Columns:
    """Outcomes ``x (runs, d)`` as rows: [fixed columns], run, issue, dimension, value."""
    runs, d = x.shape
    run, k = np.meshgrid(np.arange(runs), np.arange(d), indexing="ij")
    out: Columns = {key: np.full(x.size, v, dtype=object) for key, v in fixed.items()}
    out.update(
        {
            "run": run.ravel(),
            "issue": np.full(x.size, issue_id, dtype=object),
            "dimension": np.asarray(dnames, dtype=object)[k.ravel()],
            "value": x.ravel(),
        }
    )
    return out


def outcomes(scenario: Scenario, arrays: Mapping[str, FloatArray], **fixed: Any) -> Columns:
    """Every issue's per-run outcomes, issue after issue."""
    parts = [
        per_run(i.id, dims(i, arrays[i.id].shape[1]), arrays[i.id], **fixed)
        for i in scenario.issues
        if i.id in arrays
    ]
    return concat(parts)


def samples(names: Sequence[str], values: FloatArray) -> Columns:
    """Sampled inputs ``(runs, K)`` as rows: run, input, value."""
    runs, k = values.shape
    run, j = np.meshgrid(np.arange(runs), np.arange(k), indexing="ij")
    return {
        "run": run.ravel(),
        "input": np.asarray(list(names), dtype=object)[j.ravel()],
        "value": values.ravel(),
    }


def wide_runs(
    names: Sequence[str], values: FloatArray, scenario: Scenario, arrays: Mapping[str, FloatArray]
) -> Columns:
    """One row per run: its sampled inputs, then each issue's outcome (``issue[dim]``)."""
    runs = values.shape[0]
    out: Columns = {"run": np.arange(runs)}
    out.update({name: values[:, j] for j, name in enumerate(names)})
    for issue in scenario.issues:
        if issue.id not in arrays:
            continue
        x = arrays[issue.id]
        labels = dims(issue, x.shape[1])
        for k, label in enumerate(labels):
            out[f"{issue.id}[{label}]" if label else issue.id] = x[:, k]
    return out


def summary_rows(scenario: Scenario, summaries: Mapping[str, Summary]) -> Columns:
    """Simulation summaries as rows: issue, issue_name, dimension, statistic, value, stderr."""
    cols: dict[str, list[Any]] = {
        k: [] for k in ("issue", "issue_name", "dimension", "statistic", "value", "stderr")
    }
    for issue in scenario.issues:
        s = summaries.get(issue.id)
        if s is None:
            continue
        err = s.stderr
        stats: list[tuple[str, Any, Any]] = [
            ("mean", s.mean, err.mean),
            ("median", s.median, err.median),
            ("sd", s.sd, None),  # a standard deviation has no standard error here
        ]
        stats += [
            (f"q{q}", v, se)
            for (q, v), (_, se) in zip(
                quantile_items(s.quantiles), quantile_items(err.quantiles), strict=True
            )
        ]
        for name, value, se in stats:
            v = _as_list(value)
            e = _as_list(se) if se is not None else [float("nan")] * len(v)
            cols["issue"] += [issue.id] * len(v)
            cols["issue_name"] += [issue.name or issue.id] * len(v)
            cols["dimension"] += dims(issue, len(v))
            cols["statistic"] += [name] * len(v)
            cols["value"] += v
            cols["stderr"] += e
    return dict(cols)


def probability_rows(scenario: Scenario, summaries: Mapping[str, Summary]) -> Columns:
    """Named-range probabilities as rows: issue, dimension, range, probability, stderr."""
    cols: dict[str, list[Any]] = {
        k: [] for k in ("issue", "dimension", "range", "probability", "stderr")
    }
    for issue in scenario.issues:
        s = summaries.get(issue.id)
        if s is None:
            continue
        errors = s.stderr.probabilities
        for name, p in s.probabilities.items():
            ps = _as_list(p)
            cols["issue"] += [issue.id] * len(ps)
            cols["dimension"] += dims(issue, len(ps))
            cols["range"] += [name] * len(ps)
            cols["probability"] += ps
            cols["stderr"] += _as_list(errors.get(name, [float("nan")] * len(ps)))
    return dict(cols)

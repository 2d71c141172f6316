"""Run registered models on cases with known outcomes and score them side by side.

Every requested model runs on every case (inputs at their means). A model
that cannot handle a case (it raises :class:`~realpolitik.errors.InputError`,
or the issue has more dimensions than it supports) is *n/a* on that case,
with the reason; the others go on. Distributions come from a model's
quantiles (:class:`~realpolitik.models._predictive.PredictiveSpec`) or, for
stochastic models, from ``draws`` runs of the same case; the point forecast of
a stochastic model is the median of its draws.

Each scored item is one dimension of one case; errors are in points of a
0-100 scale (:mod:`realpolitik.backtest.metrics`).
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from realpolitik.backtest.cases import Case, CaseSet, load_cases
from realpolitik.backtest.metrics import Predictive, scores
from realpolitik.backtest.scoring import FloatArray
from realpolitik.errors import InputError
from realpolitik.forecast import model_params
from realpolitik.models import get_model, model_names
from realpolitik.models._eu_components import span
from realpolitik.models._predictive import PredictiveSpec
from realpolitik.models.base import ModelSpec
from realpolitik.results.schemas import ModelScores, Scores, make

BAR = "compromise"
"""The model every other must beat; always run."""

DRAWS = 200
"""Runs per case of a stochastic model (its predictive sample)."""


@dataclass(frozen=True, kw_only=True)
class ModelResult:
    """One model on every scored item.

    Attributes:
        name: the model.
        forecast: ``(m,)`` forecasts in points (NaN where the model is n/a).
        predictive: its distributions in points, when it gives them.
        reasons: why it is n/a, by case id.
        seconds: wall time of all its runs.
        fitted: for a model fitted on one of the backtest's files, what it was
            fitted on and its cross-validated scores (its scores here are
            in-sample); None otherwise.
    """

    name: str
    forecast: FloatArray
    predictive: Predictive | None
    reasons: dict[str, str]
    seconds: float
    fitted: Mapping[str, Any] | None = None


@dataclass(frozen=True, kw_only=True)
class Backtest:
    """Models scored on the same cases.

    Attributes:
        cases: the cases and their files.
        item_case: ``(m,)`` case index of each scored item.
        item_dim: ``(m,)`` dimension of each item.
        outcome: ``(m,)`` outcomes in points.
        models: results by model name, in the order run.
        seed: seed of the stochastic models.
    """

    cases: CaseSet
    item_case: np.ndarray[Any, np.dtype[np.intp]]
    item_dim: np.ndarray[Any, np.dtype[np.intp]]
    outcome: FloatArray
    models: dict[str, ModelResult] = field(default_factory=dict)
    seed: int = 0

    def scores(self) -> dict[str, ModelScores]:
        """Per model: its :func:`scores` plus ``n_a``, ``bar_mae`` (the bar on the same
        items), ``seconds``, ``in_sample`` and, for a model fitted on this data,
        ``cross_validated`` (its honest figures, from its coefficients file).

        Best first by mean absolute error (the cross-validated one for a model
        fitted on this data), models with no forecast last.
        """
        bar = self.models.get(BAR)
        out = {}
        for name, r in self.models.items():
            own = scores(r.forecast, self.outcome, r.predictive)
            ok = ~np.isnan(r.forecast)
            bar_mae = None
            if bar is not None and ok.any():
                bar_mae = scores(bar.forecast[ok], self.outcome[ok]).mae
            fitted: dict[str, Any] = {}
            if r.fitted is not None:
                # read from the model's coefficients file: its honest figures, checked
                honest = r.fitted.get("cross_validated", {}).get(name)
                fitted["fitted_on"] = r.fitted.get("fitted_on")
                fitted["cross_validated"] = None if honest is None else make(Scores, **honest)
            out[name] = make(
                ModelScores,
                **{field: getattr(own, field) for field in Scores.model_fields},
                n_a=len(r.reasons),
                bar_mae=bar_mae,
                seconds=round(r.seconds, 4),
                in_sample=r.fitted is not None,
                **fitted,
            )
        return {n: out[n] for n in sorted(out, key=lambda n: _rank(n, out[n]))}


def _rank(name: str, doc: ModelScores) -> tuple[bool, float, str]:
    honest = doc.mae if doc.cross_validated is None else doc.cross_validated.mae
    return honest is None, honest or 0.0, name


def _points(case: Case, values: FloatArray) -> FloatArray:
    a = case.arrays
    out: FloatArray = (values - a.lower) * 100.0 / span(a)
    return out


Outputs = tuple[FloatArray, FloatArray | None, FloatArray | None]
"""A model's output on one case: forecast ``(d,)``, distribution ``(d, W)``, levels."""


def _one(spec: ModelSpec, case: Case, rng: np.random.Generator, draws: int) -> Outputs:
    """``spec`` on ``case``: forecast, distribution (quantiles or draws), levels; in points."""
    a, d = case.arrays, case.arrays.n_dims
    params = model_params(spec, case.scenario, {})
    limit = spec.info.max_dims
    if limit is not None and d > limit:
        raise InputError.one(f"the model handles at most {limit} dimension(s), this issue has {d}")
    if not spec.info.deterministic:
        sample = spec.run(a.repeat(draws), params, rng).forecast  # (draws, d)
        if not np.all(np.isfinite(sample)):
            raise InputError.one("the model gave no finite forecast (NaN or infinity)")
        return _points(case, np.median(sample, axis=0)), _points(case, sample).T, None
    forecast = _points(case, spec.run(a, params, rng).forecast[0])
    if not np.all(np.isfinite(forecast)):
        raise InputError.one("the model gave no finite forecast (NaN or infinity)")
    if isinstance(spec, PredictiveSpec):
        q = spec.predict(a, params)
        return forecast, _points(case, q.values[0]).T, q.levels
    return forecast, None, None


def _reason(exc: InputError) -> str:
    return "; ".join(p.message for p in exc.problems)


def _fitted(spec: ModelSpec, digests: set[str]) -> Mapping[str, Any] | None:
    """The model's fitting record if it was fitted on one of the files (by SHA-256)."""
    if not isinstance(spec, PredictiveSpec):
        return None
    info = spec.fitted(spec.make_params())
    return info if info.get("fitted_on", {}).get("sha256") in digests else None


def sha256s(files: Sequence[str]) -> set[str]:
    """SHA-256 of each file's bytes."""
    return {hashlib.sha256(Path(f).read_bytes()).hexdigest() for f in files}


def run_model(
    name: str,
    cases: Sequence[Case],
    seed: int = 0,
    draws: int = DRAWS,
    digests: set[str] | None = None,
) -> ModelResult:
    """One registered model on every case; n/a (with the reason) where it cannot run.

    Case ``k`` draws from ``SeedSequence(seed, spawn_key=(k,))``, so a model's
    numbers do not depend on which other models run.
    """
    spec = get_model(name)
    outputs: list[Outputs | None] = []
    reasons: dict[str, str] = {}
    start = time.perf_counter()
    for k, case in enumerate(cases):
        rng = np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(k,)))
        try:
            outputs.append(_one(spec, case, rng, draws))
        except InputError as exc:
            reasons[case.case_id] = _reason(exc)
            outputs.append(None)
    seconds = time.perf_counter() - start
    nan = [np.full(c.arrays.n_dims, np.nan) for c in cases]
    forecast = np.concatenate([o[0] if o else nan[k] for k, o in enumerate(outputs)])
    return ModelResult(
        name=name,
        forecast=forecast,
        predictive=_predictive(cases, outputs),
        reasons=reasons,
        seconds=seconds,
        fitted=_fitted(spec, digests or set()),
    )


def _predictive(cases: Sequence[Case], outputs: list[Outputs | None]) -> Predictive | None:
    dists = [o[1] for o in outputs if o is not None and o[1] is not None]
    if not dists:
        return None
    width = dists[0].shape[1]
    rows = [
        o[1] if o is not None and o[1] is not None else np.full((c.arrays.n_dims, width), np.nan)
        for c, o in zip(cases, outputs, strict=True)
    ]
    levels = next((o[2] for o in outputs if o is not None and o[2] is not None), None)
    stacked = np.concatenate(rows)
    if levels is None:
        return Predictive(samples=stacked)
    return Predictive(levels=levels, quantiles=stacked)


def _items(cases: Sequence[Case]) -> tuple[np.ndarray[Any, Any], np.ndarray[Any, Any], FloatArray]:
    case_idx = np.concatenate([np.full(c.arrays.n_dims, k) for k, c in enumerate(cases)])
    dims = np.concatenate([np.arange(c.arrays.n_dims) for c in cases])
    outcome = np.concatenate([_points(c, c.outcome) for c in cases])
    return case_idx.astype(np.intp), dims.astype(np.intp), outcome


def run_backtest(
    source: str | Path | CaseSet,
    models: Sequence[str] | None = None,
    *,
    seed: int = 0,
    draws: int = DRAWS,
) -> Backtest:
    """Run models on every case with a known outcome and keep their forecasts.

    Args:
        source: a file or directory (see :func:`load_cases`), or loaded cases.
        models: registry names; None: every registered model. The bar
            (``compromise``) is always added.
        seed: seed of the stochastic models (each case gets its own child seed).
        draws: runs per case for stochastic models.

    Returns:
        The backtest; :meth:`Backtest.scores` gives the table.

    Raises:
        InputError: unreadable source, no case with an outcome, unknown model.
    """
    cs = source if isinstance(source, CaseSet) else load_cases(source)
    names = list(models) if models else model_names()
    for n in names:
        get_model(n)
    if BAR not in names:
        names.insert(0, BAR)
    case_idx, dims, outcome = _items(cs.cases)
    bt = Backtest(cases=cs, item_case=case_idx, item_dim=dims, outcome=outcome, seed=seed)
    digests = sha256s(cs.files)
    for n in dict.fromkeys(names):
        bt.models[n] = run_model(n, cs.cases, seed=seed, draws=draws, digests=digests)
    return bt

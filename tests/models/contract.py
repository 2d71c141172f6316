"""The contract every model honours (DESIGN.md, conventions 2).

A model's test module subclasses :class:`ModelContract` and sets ``model`` (the
registry name) and, optionally, ``params`` and ``cases`` (scenarios as
IssueArrays the model supports). The shared tests then check: seeded
reproducibility, inputs left unchanged, the forecast inside the range of the
positions, a batch equal to its runs done one by one, and actor order
irrelevant.
"""

from __future__ import annotations

from typing import Any, ClassVar

import numpy as np
import pytest

from realpolitik.compile import IssueArrays, stack
from realpolitik.models import get_model
from realpolitik.models.base import Trajectory


def random_issue(seed: int, n: int = 7, d: int = 1, batch: int = 1) -> IssueArrays:
    """A random issue on the 0-100 scale with distinct positions (no exact ties)."""
    rng = np.random.default_rng(seed)
    pos = rng.uniform(0, 100, size=(batch, n, d)).round(3)
    sal = rng.uniform(0.1, 1.0, size=(batch, n, d))
    if d > 1:
        sal = sal / sal.sum(axis=2, keepdims=True) * rng.uniform(0.5, 1.0, size=(batch, n, 1))
    return IssueArrays(
        issue_id="x",
        actor_ids=tuple(f"a{i}" for i in range(n)),
        capability=rng.uniform(1, 100, size=(batch, n)),
        position=pos,
        salience=sal,
        lower=np.zeros(d),
        upper=np.full(d, 100.0),
    )


class ModelContract:
    """Shared tests; subclasses set ``model`` and may override ``cases``."""

    model: ClassVar[str]
    params: ClassVar[dict[str, Any]] = {}
    dims: ClassVar[tuple[int, ...]] = (1,)
    order_tolerance: ClassVar[float] = 1e-9

    def cases(self) -> list[IssueArrays]:
        """Issues to test on; by default random ones in each supported dimension."""
        return [random_issue(seed, n=6 + seed % 4, d=d) for d in self.dims for seed in range(3)]

    def run(self, arrays: IssueArrays, seed: int = 1) -> Trajectory:
        spec = get_model(self.model)
        return spec.run(arrays, spec.make_params(self.params), np.random.default_rng(seed))

    def test_seeded_reproducible(self) -> None:
        for arrays in self.cases():
            a, b = self.run(arrays, seed=7), self.run(arrays, seed=7)
            np.testing.assert_array_equal(a.forecast, b.forecast)
            np.testing.assert_array_equal(a.positions, b.positions)

    def test_inputs_unchanged(self) -> None:
        for arrays in self.cases():
            before = [arrays.capability.copy(), arrays.position.copy(), arrays.salience.copy()]
            self.run(arrays)
            after = [arrays.capability, arrays.position, arrays.salience]
            for old, new in zip(before, after, strict=True):
                np.testing.assert_array_equal(old, new)

    def test_forecast_inside_range_of_positions(self) -> None:
        for arrays in self.cases():
            out = self.run(arrays)
            lo = arrays.position.min(axis=1) - 1e-9
            hi = arrays.position.max(axis=1) + 1e-9
            assert np.all(out.forecast >= lo)
            assert np.all(out.forecast <= hi)

    def test_shapes(self) -> None:
        for arrays in self.cases():
            out = self.run(arrays)
            b, n, d = arrays.batch, arrays.n_actors, arrays.n_dims
            t = out.positions.shape[1]
            assert out.positions.shape == (b, t, n, d)
            assert out.median.shape == (b, t, d)
            assert out.mean.shape == (b, t, d)
            assert out.forecast.shape == (b, d)
            assert out.rounds.shape == (b,)
            np.testing.assert_allclose(out.positions[:, 0], arrays.position)

    def test_batch_equals_runs_one_by_one(self) -> None:
        if not get_model(self.model).info.deterministic:
            pytest.skip("stochastic model: batch and single runs draw different numbers")
        for d in self.dims:
            parts = [random_issue(seed, n=8, d=d) for seed in range(4)]
            batch = self.run(stack(parts))
            for k, part in enumerate(parts):
                single = self.run(part)
                t = single.positions.shape[1]
                np.testing.assert_allclose(batch.forecast[k], single.forecast[0], atol=1e-9)
                np.testing.assert_allclose(batch.positions[k, :t], single.positions[0], atol=1e-9)

    def test_actor_order_irrelevant(self) -> None:
        for arrays in self.cases():
            order = np.random.default_rng(3).permutation(arrays.n_actors)
            a = self.run(arrays)
            b = self.run(arrays.permute(order))
            np.testing.assert_allclose(a.forecast, b.forecast, atol=self.order_tolerance)

"""Uncertain inputs: which numbers are uncertain, how they are sampled and compiled."""

from __future__ import annotations

import numpy as np
import pytest

from realpolitik.errors import InputError
from realpolitik.io.scenario_file import scenario_from_data
from realpolitik.rng import block_rng
from realpolitik.sim.uncertainty import input_plan, sample_uniforms
from tests.sim.scenarios import big_data, deal, deal_data


def test_plan_lists_every_distribution_once_in_file_order() -> None:
    plan = input_plan(deal())
    assert plan.names == [
        "capability[us]",
        "salience[us, deal]",
        "position[ua, deal]",
        "salience[ru, deal]",
        "capability[eu]",
    ]


def test_capability_is_one_input_shared_by_all_issues_of_an_actor() -> None:
    data = big_data(n=3, issues=2)
    data["uncertainty"] = {"capability": "20%"}
    plan = input_plan(scenario_from_data(data, file="x"))
    assert plan.names == ["capability[a0]", "capability[a1]", "capability[a2]"]
    values = plan.values(sample_uniforms(block_rng(1, 0), 50, 3))
    a, b = plan.issue_arrays("i0", values), plan.issue_arrays("i1", values)
    np.testing.assert_array_equal(a.capability, b.capability)
    np.testing.assert_array_equal(a.capability, values)


def test_values_respect_bounds_and_salience_scale() -> None:
    sc = deal()
    plan = input_plan(sc)
    values = plan.values(sample_uniforms(block_rng(3, 0), 4000, len(plan.inputs)))
    arrays = plan.issue_arrays("deal", values)
    assert arrays.batch == 4000
    us_sal = arrays.salience[:, 0, 0]
    assert us_sal.min() >= 0.40
    assert us_sal.max() <= 0.70
    ua_pos = arrays.position[:, 1, 0]
    assert ua_pos.min() >= 10
    assert ua_pos.max() <= 40
    assert set(np.unique(arrays.capability[:, 3])) == {10.0, 20.0, 40.0}
    # plain numbers stay put
    assert np.all(arrays.position[:, 0, 0] == 80)
    assert np.all(arrays.salience[:, 1, 0] == 0.9)
    assert np.all(arrays.capability > 0)


def test_sample_means_match_the_distributions() -> None:
    """Means of 20 000 draws within 4 standard errors of the exact means."""
    plan = input_plan(deal())
    values = plan.values(sample_uniforms(block_rng(5, 0), 20_000, len(plan.inputs)))
    exact = {  # uniform(40,70); triangular(10,20,40); 50 + 50 * 2/7; choice(10,20,40)
        "salience[us, deal]": (55.0, 30 / np.sqrt(12)),
        "position[ua, deal]": (70 / 3, np.sqrt((100 + 400 + 1600 - 200 - 400 - 800) / 18)),
        "salience[ru, deal]": (50 + 50 * 2 / 7, 50 * np.sqrt(10 / (49 * 8))),
        "capability[eu]": (70 / 3, np.std([10, 20, 40])),
    }
    for k, name in enumerate(plan.names):
        if name in exact:
            mean, sd = exact[name]
            assert abs(values[:, k].mean() - mean) < 4 * sd / np.sqrt(20_000), name


def test_normal_is_truncated_to_the_bounds() -> None:
    data = deal_data()
    data["actors"][0]["stances"]["deal"]["position"] = "95 ± 30"
    plan = input_plan(scenario_from_data(data, file="x"))
    k = plan.names.index("position[us, deal]")
    values = plan.values(sample_uniforms(block_rng(2, 0), 5000, len(plan.inputs)))
    assert values[:, k].max() <= 100
    assert values[:, k].min() >= 0
    assert (values[:, k] > 95).mean() > 0.05  # the law is truncated, not squashed at 100


def test_uncertainty_block_adds_noise_to_plain_numbers_only() -> None:
    data = deal_data(uncertainty={"salience": "10%", "position": 5})
    plan = input_plan(scenario_from_data(data, file="x"))
    by_name = {i.name: i for i in plan.inputs}
    # explicit distributions keep their law
    assert by_name["salience[us, deal]"].dist.kind == "uniform"
    # plain saliences: sd 10 % of the value; plain positions: sd 5
    assert by_name["salience[ua, deal]"].dist.args == (90.0, 9.0)
    assert by_name["position[us, deal]"].dist.args == (80.0, 5.0)
    # a plain position of 0 with absolute noise is uncertain; capability has no default noise
    assert "position[ru, deal]" in by_name
    assert "capability[ua]" not in by_name


def test_percentage_noise_on_zero_leaves_the_number_plain() -> None:
    data = deal_data(uncertainty={"position": "10%"})
    plan = input_plan(scenario_from_data(data, file="x"))
    assert "position[ru, deal]" not in plan.names  # 10 % of 0 is no noise


@pytest.mark.parametrize(
    ("noise", "message"),
    [("ten", "not a noise level"), (-1, ">= 0"), ("10 %%", "not a noise level")],
)
def test_bad_noise_level_names_the_field(noise: object, message: str) -> None:
    with pytest.raises(InputError) as exc:
        scenario_from_data(deal_data(uncertainty={"salience": noise}), file="bad.yaml")
    assert "uncertainty.salience" in str(exc.value)
    assert message in str(exc.value)


def test_unknown_key_in_uncertainty_block_is_rejected() -> None:
    with pytest.raises(InputError, match=r"uncertainty\.saliance"):
        scenario_from_data(deal_data(uncertainty={"saliance": "10%"}), file="bad.yaml")

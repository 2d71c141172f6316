"""One test per mechanism M1-M13 of docs/dynamics.md's table: switching it off (or resizing it)
moves the relevant output in the direction the theory says.

Every comparison runs the two variants on the same seed (common random
numbers: the same battles' uniforms and the same sampled inputs), 2048 runs
each, and requires the paired difference to exceed five standard errors
(``helpers.assert_larger``), far beyond Monte Carlo error.
"""

from __future__ import annotations

import copy

import numpy as np

from realpolitik.dynamics.output import DynamicsOutput
from tests.dynamics.helpers import (
    assert_larger,
    drop_lever,
    example_data,
    lever,
    months_to_settle,
    simulate,
)


def test_m1_deal_event_fires_inside_both_intervals_and_changes_the_forecast() -> None:
    data = example_data()
    out = simulate(data)
    month = out.deal_month[:, 0]
    assert (month >= 0).mean() > 0.99
    signed_at = out.deal_outcome[np.arange(out.batch), month, 0]
    shift = -10 * 0.6  # broker's rival_shift × the rival's alignment level
    assert np.all((signed_at >= 58 + shift - 1e-9) & (signed_at <= 58 + 1e-9))
    before = out.deal_outcome[:, : month.min(), 0]
    assert np.all(before < 58 + shift)  # not inside the broker's interval before signing
    assert month.min() >= 1
    no_effect = example_data()
    no_effect["deals"][0]["effects"] = []
    without = simulate(no_effect)
    # The deal's effects (double broker aid, a side payment to red, the broker's
    # preferred terms +5) speed up settlement (side payment) ...
    assert_larger(months_to_settle(without), months_to_settle(out))
    # ... and raise the defender's battle odds (more aid).
    assert_larger(out.theta[:, -1], without.theta[:, -1])


def test_m2_private_interval_wider_than_public_stance_lets_the_deal_happen() -> None:
    data = example_data()
    public_only = example_data()
    public_only["deals"][0]["signatories"]["blue"]["accept"] = [0, 10]
    signed = (simulate(data).deal_month[:, 0] >= 0).astype(float)
    never = (simulate(public_only).deal_month[:, 0] >= 0).astype(float)
    assert never.sum() == 0
    assert_larger(signed, never)


def test_m2_audience_costs_of_public_claims_delay_settlement() -> None:
    data = example_data()
    free = example_data()
    free["war"]["defender"]["audience_cost"] = 0
    free["war"]["attacker"]["audience_cost"] = 0
    assert_larger(months_to_settle(simulate(data)), months_to_settle(simulate(free)))


def test_m3_conditional_pressure_softens_once_the_target_moves() -> None:
    conditional = example_data()
    always = example_data()
    lever(always, "broker_pressure").pop("condition")
    out_c, out_a = simulate(conditional), simulate(always)
    k = 2  # broker_pressure, third lever in the file
    late = slice(6, None)
    assert_larger(out_a.levers[:, late, k].mean(axis=1), out_c.levers[:, late, k].mean(axis=1))
    # The target stops where the holder stops pushing: its preferred terms + threshold.
    claim_c = out_c.claim[:, -1, 0]
    assert np.all(claim_c >= 50 + 5 - 1e-6)
    assert_larger(claim_c, out_a.claim[:, -1, 0])


def test_m3_pressure_at_a_deal_table_moves_what_the_target_would_sign() -> None:
    # Blue signs only outcomes within 12 points of its current public position.
    pressed = example_data()
    pressed["deals"][0]["signatories"]["blue"] = {"tolerance": 12}
    free = copy.deepcopy(pressed)
    free["levers"] = [lv for lv in free["levers"] if lv["id"] != "broker_fund_pressure"]
    out_p, out_f = simulate(pressed), simulate(free)
    assert np.all(out_f.deal_month[:, 0] == -1)  # unmoved, blue never accepts
    signed = out_p.deal_month[:, 0]
    assert np.all(signed >= 1)  # only after the pressure has moved it
    assert_larger((signed >= 0).astype(float), (out_f.deal_month[:, 0] >= 0).astype(float))


def test_m4_carrot_for_one_side_and_stick_for_the_other_both_shift_the_balance() -> None:
    both = simulate(example_data())
    no_carrot = simulate(drop_lever(example_data(), "broker_aid"))
    no_stick = simulate(drop_lever(example_data(), "broker_sanctions"))
    neither = simulate(drop_lever(drop_lever(example_data(), "broker_aid"), "broker_sanctions"))
    month = 12
    assert_larger(both.theta[:, month], no_carrot.theta[:, month])
    assert_larger(both.theta[:, month], no_stick.theta[:, month])
    assert_larger(no_carrot.theta[:, month], neither.theta[:, month])
    assert_larger(no_stick.theta[:, month], neither.theta[:, month])


def test_m5_aid_builds_capability_over_time() -> None:
    data = example_data()
    lever(data, "broker_aid").pop("condition")
    without = simulate(drop_lever(data, "broker_aid"))
    out = simulate(data)
    gap = out.theta - without.theta
    assert_larger(gap[:, 12], gap[:, 1])  # the gap grows with the stock of aid
    assert_larger(out.ground[:, -1], without.ground[:, -1])


def test_m6_sanctions_drain_the_target() -> None:
    data = example_data()
    lever(data, "broker_sanctions").pop("condition")
    without = simulate(drop_lever(data, "broker_sanctions"))
    out = simulate(data)
    gap = out.theta - without.theta
    assert_larger(gap[:, 12], gap[:, 1])
    assert_larger(out.theta[:, 12], without.theta[:, 12])


def test_m7_attrition_costs_bring_settlement_forward() -> None:
    cheap = example_data()
    costly = example_data()
    for side in ("defender", "attacker"):
        costly["war"][side]["monthly_cost"] = 1.0
    assert_larger(months_to_settle(simulate(cheap)), months_to_settle(simulate(costly)))


def test_m8_maximal_territorial_claims_delay_settlement_and_lower_the_terms() -> None:
    modest = example_data()
    maximal = example_data()
    maximal["war"]["attacker"]["claim"] = 0  # "constitutional borders": all of it
    out_m, out_x = simulate(modest), simulate(maximal)
    assert_larger(months_to_settle(out_x), months_to_settle(out_m))
    both = (out_m.settled >= 0) & (out_x.settled >= 0)
    assert_larger(out_m.terms[both], out_x.terms[both])


def test_m9_long_range_strikes_raise_the_targets_cost() -> None:
    data = example_data()
    out = simulate(data)
    without = simulate(drop_lever(data, "blue_strikes"))
    assert_larger(months_to_settle(without), months_to_settle(out))
    # Higher costs for red widen the range upward: the upper bound U rises.
    assert_larger(out.upper[:, 0], without.upper[:, 0])


def _gap(out: DynamicsOutput) -> np.ndarray:
    return out.belief[:, :, 0] - out.belief[:, :, 1]


def test_m10_fighting_reveals_the_balance_of_power_and_the_season_sets_its_pace() -> None:
    seasonal = example_data()
    out = simulate(seasonal)
    gap = out.belief[:, :, 0] - out.belief[:, :, 1]
    # Beliefs converge: the optimism gap shrinks over the first campaign ...
    assert_larger(gap[:, 0], gap[:, 5])
    # The season sets the pace: against a flat season with the same mean, the
    # spring-summer campaign reveals more (season mean 0.975) (smaller gap by the end of July) ...
    flat = example_data()
    flat["clock"]["season"] = [1.0] * 12
    flat_gap = _gap(simulate(flat))
    assert_larger(flat_gap[:, 5], gap[:, 5])
    # ... and a winter reveals less (start in November, gap after three months).
    winter, winter_flat = example_data(), example_data()
    for d in (winter, winter_flat):
        d["clock"]["start"] = "2025-11"
        d["events"] = []
    winter_flat["clock"]["season"] = [1.0] * 12
    assert_larger(_gap(simulate(winter))[:, 3], _gap(simulate(winter_flat))[:, 3])
    # Settlement waits for the range to open: none in the first (low) months.
    assert np.all(out.settled != 0)
    assert np.all(out.lower[:, 0] > out.upper[:, 0])


def test_m11_resolve_falls_with_own_costs() -> None:
    patient = example_data()
    patient["war"]["resolve"] = {}
    weary = example_data()
    out_p, out_w = simulate(patient), simulate(weary)
    k = 4  # ally_aid
    assert_larger(out_p.levers[:, -1, k], out_w.levers[:, -1, k])
    assert np.all(np.diff(out_w.levers[:, :, k], axis=1) <= 1e-12)  # it only declines
    assert_larger(out_p.theta[:, -1], out_w.theta[:, -1])


def test_m12_the_holder_supports_whoever_offers_more() -> None:
    stingy = example_data()
    generous = example_data()
    for actor in generous["actors"]:
        if actor["id"] == "blue":
            actor["stances"]["fund"]["position"] = 40
    out_s, out_g = simulate(stingy), simulate(generous)
    k = 8  # broker_price_aid: aid that grows as blue's offer nears the broker's
    assert_larger(out_g.levers[:, 0, k], out_s.levers[:, 0, k])
    assert_larger(out_g.theta[:, 3], out_s.theta[:, 3])


def test_m13_a_rivals_alignment_changes_the_value_of_deals_and_the_balance() -> None:
    aligned = example_data()
    aligned["war"]["alignments"][0]["level"] = 0.9
    loose = example_data()
    loose["war"]["alignments"][0]["level"] = 0.1
    out_a, out_l = simulate(aligned), simulate(loose)
    # The broker accepts a smaller share when the rival leans harder to red: earlier deal.
    assert_larger(out_l.deal_month[:, 0], out_a.deal_month[:, 0])
    # The rival's support to red scales with its alignment: red fights better.
    assert_larger(out_l.theta[:, 6], out_a.theta[:, 6])

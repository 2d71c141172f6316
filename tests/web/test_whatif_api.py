"""What if through the JSON API: paired runs beside the baseline, bad changes as problems,
and a what-if saved as a new scenario."""

from __future__ import annotations

from fastapi.testclient import TestClient

from realpolitik import load_scenario
from realpolitik.app.whatif import what_if
from realpolitik.io.overrides import Overrides

WAR = "b-minerals-deal-2025"


def _metric(result: dict[str, object], key: str) -> dict[str, float]:
    metrics = result["metrics"]
    assert isinstance(metrics, list)
    found: dict[str, float] = next(m for m in metrics if m["key"] == key)
    return found


def test_no_change_gives_no_difference_and_the_simulate_baseline(client: TestClient) -> None:
    r = client.post(f"/api/scenarios/{WAR}/whatif", json={"runs": 1000, "seed": 2025})
    assert r.status_code == 200, r.text
    doc = r.json()
    assert doc["engine"] == "war"
    for m in doc["metrics"]:
        assert m["difference"] == 0.0
        assert m["baseline"] == m["variant"]
    # the baseline is `simulate`'s first 1000 runs with seed 2025 (README: 86% by 2027-02 on
    # 10,000 runs; 1,000 runs give it within 3 standard errors, 3 * 1.1 points)
    assert abs(_metric(doc, "settled_by:2027-02")["baseline"] - 0.86) < 0.033


def test_a_stronger_lever_moves_the_settlement_with_a_small_paired_error(
    client: TestClient,
) -> None:
    body = {"overrides": {"levers": {"us_pressure_on_kyiv": {"size": 0.5}}}}
    doc = client.post(f"/api/scenarios/{WAR}/whatif", json=body).json()
    early = _metric(doc, "settled_by:2025-06")
    assert early["difference"] > 0.1  # the bundled scenario: +25 points on 1,000 runs
    assert early["stderr"] < early["difference"] / 5  # common random numbers: small error
    assert doc["overrides"]["levers"]["us_pressure_on_kyiv"]["size"] == 0.5


def test_unpaired_noise_is_larger_than_the_paired_error() -> None:
    """The point of common random numbers: the paired error is well below the unpaired one."""
    sc = load_scenario("minerals-deal-2025")
    res = what_if(
        sc,
        Overrides.model_validate({"events": {"russia_mobilisation": {"probability": 1.0}}}),
        runs=1000,
        seed=7,
    )
    m = next(x for x in res.metrics if x.key == "settled_by:2027-02")
    assert m.baseline is not None
    assert m.stderr is not None
    unpaired = (2 * m.baseline * (1 - m.baseline) / 1000) ** 0.5
    assert m.stderr < unpaired / 2


def test_bad_changes_are_problems_naming_their_field(client: TestClient) -> None:
    bad = {"overrides": {"levers": {"no_such": {"size": 1}}, "actors": {"USA": {"capability": -3}}}}
    r = client.post(f"/api/scenarios/{WAR}/whatif", json=bad)
    assert r.status_code == 400
    fields = [p["field"] for p in r.json()["problems"]]
    assert fields == ["levers.no_such"]
    r = client.post(
        f"/api/scenarios/{WAR}/whatif", json={"overrides": {"actors": {"USA": {"capability": -3}}}}
    )
    assert r.status_code == 400
    assert "capability" in r.json()["problems"][0]["field"]
    r = client.post(
        f"/api/scenarios/{WAR}/whatif",
        json={"overrides": {"levers": {"us_sanctions": {"threshold": 3}}}},
    )
    assert r.status_code == 400
    assert "no condition" in r.json()["problems"][0]["message"]
    r = client.post(f"/api/scenarios/{WAR}/whatif", json={"overrides": {"nope": {}}})
    assert r.status_code == 400
    assert client.post("/api/scenarios/b-nothing/whatif", json={}).status_code == 404


def test_save_a_what_if_as_a_new_scenario(client: TestClient) -> None:
    body = {"overrides": {"events": {"russia_mobilisation": {"probability": 0.9}}}}
    r = client.post(f"/api/scenarios/{WAR}/whatif/save", json=body)
    assert r.status_code == 201, r.text
    saved = client.get(f"/api/scenarios/{r.json()['id']}").json()
    assert saved["title"].endswith("(what-if)")
    event = next(e for e in saved["data"]["events"] if e["id"] == "russia_mobilisation")
    assert event["probability"] == 0.9


def test_a_static_scenario_compares_each_issue(client: TestClient) -> None:
    from tests.web.conftest import EIGHT, upload

    sc = upload(client, EIGHT)
    actor = sc["data"]["actors"][0]
    issue = next(iter(actor["stances"]))
    body = {"overrides": {"actors": {actor["id"]: {"capability": 500}}}, "runs": 300}
    doc = client.post(f"/api/scenarios/{sc['id']}/whatif", json=body).json()
    assert doc["engine"] == "static"
    assert doc["metrics"][0]["key"].startswith(issue)
    assert any(abs(m["difference"]) > 0 for m in doc["metrics"])
    again = client.post(f"/api/scenarios/{sc['id']}/whatif", json=body).json()
    assert again["baseline_cached"] is True
    assert again["metrics"] == doc["metrics"]  # same seed, same numbers


def test_the_war_scenario_issues_outside_the_war_move_with_their_stances(
    client: TestClient,
) -> None:
    change = {"actors": {"USA": {"stances": {"security_guarantees": {"position": 60}}}}}
    doc = client.post(f"/api/scenarios/{WAR}/whatif", json={"overrides": change}).json()
    guarantees = _metric(doc, "security_guarantees")
    # README: security guarantees 37.2 on 10,000 runs; 1,000 runs within half a point
    assert abs(guarantees["baseline"] - 37.2) < 0.5
    assert guarantees["difference"] > 5  # the US moves from 30 to 60: the forecast follows
    assert _metric(doc, "settled_by:2025-06")["difference"] == 0.0  # the war does not read it
    assert _metric(doc, "sanctions_relief")["difference"] == 0.0


def test_a_stance_on_an_unknown_issue_names_the_actor_and_the_issue(client: TestClient) -> None:
    change = {"actors": {"USA": {"stances": {"nope": {"position": 1}}}}}
    r = client.post(f"/api/scenarios/{WAR}/whatif", json={"overrides": change})
    assert r.status_code == 400
    [problem] = r.json()["problems"]
    assert problem["field"] == "actors.USA.stances.nope"
    assert "territorial_line" in problem["message"]  # the issues it has

"""Edits keep the file: the table editor writes only the changed cells, shows a diff, can undo.

Before: saving one cell rewrote the whole YAML in another style (flow lists
as blocks, indentation changed) and dropped every comment, with no way back.
"""

from __future__ import annotations

from fastapi.testclient import TestClient

from realpolitik.io import load_scenario
from realpolitik.io.roundtrip import edit_text
from realpolitik.io.scenario_file import scenario_to_data
from tests.report.helpers import SMALL
from tests.web.conftest import upload

HX = {"HX-Request": "true"}


def test_one_cell_changes_one_line_and_every_comment_stays() -> None:
    text = SMALL.read_text(encoding="utf-8")
    old = load_scenario(SMALL)
    data = scenario_to_data(old)
    data["actors"][0]["capability"] = 62
    data["actors"][1]["stances"]["plan"] = {"position": [81, 60], "salience": [0.3, 0.6]}
    new = type(old).model_validate(data)
    edited = edit_text(text, old, new)
    assert edited is not None
    before, after = text.splitlines(), edited.splitlines()
    assert len(before) == len(after)
    changed = [(a, b) for a, b in zip(before, after, strict=True) if a != b]
    assert changed == [
        ("    capability: 60", "    capability: 62"),
        (
            "      plan: {position: [80, 60], salience: [0.3, 0.6]}",
            "      plan: {position: [81, 60], salience: [0.3, 0.6]}",
        ),
    ]
    assert after[0].startswith("# A small two-issue scenario")  # the comment
    assert "sources: [made up for tests]" in edited  # flow style kept


def test_the_table_shows_a_diff_first_and_saves_only_when_confirmed(client: TestClient) -> None:
    sc = upload(client, SMALL)
    form = {"cap-0": "61"}
    r = client.post(f"/scenarios/{sc['id']}/table", data=form, headers=HX)
    assert 'id="table-diff"' in r.text
    assert "-    capability: 60" in r.text
    assert "+    capability: 61" in r.text
    text = client.get(f"/api/scenarios/{sc['id']}").json()["text"]
    assert "capability: 60" in text  # nothing saved yet
    r = client.post(f"/scenarios/{sc['id']}/table", data={**form, "confirm": "1"}, headers=HX)
    assert "Saved." in r.text
    assert 'id="table-undo"' in r.text
    saved = client.get(f"/api/scenarios/{sc['id']}").json()["text"]
    assert saved.startswith("# A small two-issue scenario")  # the comment survives
    assert "capability: 61" in saved


def test_undo_goes_back_and_again_forward(client: TestClient) -> None:
    sc = upload(client, SMALL)
    original = client.get(f"/api/scenarios/{sc['id']}").json()["text"]
    client.post(f"/scenarios/{sc['id']}/table", data={"cap-0": "61", "confirm": "1"}, headers=HX)
    r = client.post(f"/scenarios/{sc['id']}/undo", headers=HX)
    assert "Went back to the previous version" in r.text
    assert client.get(f"/api/scenarios/{sc['id']}").json()["text"] == original
    client.post(f"/scenarios/{sc['id']}/undo", headers=HX)
    assert "capability: 61" in client.get(f"/api/scenarios/{sc['id']}").json()["text"]


def test_undo_without_an_earlier_version_is_a_page_in_words(client: TestClient) -> None:
    sc = upload(client, SMALL)
    r = client.post(f"/scenarios/{sc['id']}/undo")
    assert r.status_code == 404
    assert "has no earlier version" in r.text
    assert '{"detail"' not in r.text

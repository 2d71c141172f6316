"""Uploads in UTF-16 or UTF-32 (with or without a byte-order mark) are read as ``validate``
reads them (issue 17, item 2): they were an HTTP 500 (UnicodeDecodeError)."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from realpolitik.errors import InputError
from realpolitik.io.notices import collect_notices
from realpolitik.io.text import decode_text
from tests.report.helpers import SMALL

ENCODINGS = ["utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le", "utf-32-be"]


def _encoded(encoding: str) -> bytes:
    return Path(SMALL).read_text(encoding="utf-8").encode(encoding)


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_decode_text_reads_every_unicode_encoding(encoding: str) -> None:
    text = Path(SMALL).read_text(encoding="utf-8")
    with collect_notices() as notices:
        assert decode_text(_encoded(encoding), "x.yaml") == text
    wide = encoding != "utf-8-sig"
    assert any("read as UTF-" in str(n) for n in notices) == wide


def test_wide_text_with_nul_characters_is_refused() -> None:
    with pytest.raises(InputError, match="UTF-16"):
        decode_text("a\x00b: 1\n".encode("utf-16"), "x.yaml")


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_the_api_reads_an_upload_in_any_unicode_encoding(client: TestClient, encoding: str) -> None:
    r = client.post("/api/scenarios", files={"file": ("case.yaml", _encoded(encoding))})
    assert r.status_code == 201, r.text
    data = r.json()
    assert data["title"] == "Small test scenario"
    assert data["text"].startswith(Path(SMALL).read_text(encoding="utf-8")[:20])
    if encoding != "utf-8-sig":
        assert any("read as UTF-" in n for n in data["notices"]), data["notices"]
    again = client.get(f"/api/scenarios/{data['id']}")
    assert again.status_code == 200  # stored as UTF-8, read back


@pytest.mark.parametrize("encoding", ["utf-16", "utf-32-le"])
def test_the_upload_page_reads_utf16_and_utf32(client: TestClient, encoding: str) -> None:
    r = client.post(
        "/upload", files={"file": ("case.yaml", _encoded(encoding))}, follow_redirects=False
    )
    assert r.status_code == 303, r.text
    page = client.get(r.headers["location"])
    assert page.status_code == 200
    assert "Small test scenario" in page.text


def test_a_broken_utf16_upload_is_a_400_naming_the_encoding(client: TestClient) -> None:
    r = client.post("/api/scenarios", files={"file": ("case.yaml", b"\xff\xfe\x00\xd8")})
    assert r.status_code == 400
    assert "UTF-16" in r.json()["problems"][0]["message"]

"""Schema-driven fuzzing of the HTTP API with schemathesis (issue 17).

schemathesis reads the app's own OpenAPI document (``/api/openapi.json``) and
generates requests for every operation: valid and invalid bodies, path and
query values of every type, long and odd strings. Whatever it sends, the app
must never answer 5xx (``not_a_server_error``), and a 4xx from the API must
carry a ``problems`` list.

Short mode (CI): a bounded number of examples per operation, seeded.
Long mode (by hand)::

    REALPOLITIK_API_FUZZ_EXAMPLES=500 .venv/bin/pytest -q tests/web/test_api_fuzz.py

The app runs on a temporary store and scenarios folder, with runs limited to
100 per job so the jobs it starts finish quickly.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from realpolitik.web import WebConfig, create_app

EXAMPLES = int(os.environ.get("REALPOLITIK_API_FUZZ_EXAMPLES", "25"))
_TMP = Path(tempfile.mkdtemp(prefix="realpolitik-api-fuzz-"))
APP = create_app(
    WebConfig(
        store=_TMP / "store.duckdb",
        scenarios_dir=_TMP / "scenarios",
        max_upload_bytes=100_000,
        max_runs=100,
    )
)
schema = schemathesis.openapi.from_asgi("/api/openapi.json", APP, headers={"Host": "127.0.0.1"})
SEEN: dict[str, int] = {"calls": 0, "5xx": 0}


@pytest.fixture(scope="module", autouse=True)
def _figures(request: pytest.FixtureRequest) -> Iterator[None]:
    """Print the figures (requests sent, 5xx answers) once the module is done."""
    yield
    capture = request.config.pluginmanager.get_plugin("capturemanager")
    line = (
        f"\napi fuzz: {SEEN['calls']} requests, {SEEN['5xx']} answers 5xx "
        f"({EXAMPLES} examples per operation)"
    )
    if capture is not None:
        with capture.global_and_fixture_disabled():
            print(line)


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
def test_the_api_never_answers_5xx(case: schemathesis.Case) -> None:
    response = case.call(headers={"Host": "127.0.0.1"})
    SEEN["calls"] += 1
    SEEN["5xx"] += response.status_code >= 500
    case.validate_response(response, checks=(not_a_server_error,))
    if 400 <= response.status_code < 500 and case.path.startswith("/api/"):
        body = response.json()
        assert isinstance(body.get("problems"), list), body
        assert body["problems"], body

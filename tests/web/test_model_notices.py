"""The web result page shows what the model said: smp names ktab_compat on a KTAB file.

Before: a KTAB XML with ``BargnModel=InitRcvrInterp`` ran in the web app with
the corrected model and nothing said that ``smpc`` gives another trajectory.
"""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.conftest import reference_path
from tests.web.conftest import run, upload


def test_the_result_page_of_smp_on_a_ktab_file_names_ktab_compat(client: TestClient) -> None:
    sc = upload(client, reference_path("ktab/variants/dummyData_3Dim_V1.xml"))
    job = run(client, sc["id"], model="smp")
    assert job["status"] == "done", job
    page = client.get(f"/runs/{job['run_id']}").text
    assert 'class="notice model-notice"' in page
    assert "ktab_compat=true reproduces smpc" in page


def test_no_notice_where_the_model_has_nothing_to_say(client: TestClient) -> None:
    sc = upload(client, reference_path("ktab/variants/dummyData_3Dim_V3.xml"))  # InitOnlyInterp
    job = run(client, sc["id"], model="smp")
    assert job["status"] == "done", job
    assert "model-notice" not in client.get(f"/runs/{job['run_id']}").text

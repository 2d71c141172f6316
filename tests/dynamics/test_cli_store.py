"""`simulate` on a war and the results store: per-run rows, export, options that do not apply."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pyarrow.csv as pa_csv
import pytest
from typer.testing import CliRunner

from realpolitik.cli import app
from realpolitik.dynamics.api import simulate_dynamics
from realpolitik.io import load_scenario
from realpolitik.store import open_store

RUNS, SEED = 300, 9
SCENARIO = "minerals-deal-2025"  # some runs settle within the horizon, some do not


def _simulate(*extra: str) -> int:
    args = ["simulate", SCENARIO, "--runs", str(RUNS), "--seed", str(SEED), *extra]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    return open_store().list()[-1].id


def _export(run_id: int, target: Path) -> dict[str, list]:
    result = CliRunner().invoke(app, ["runs", "export", str(run_id), "-o", str(target)])
    assert result.exit_code == 0, result.output
    return pa_csv.read_csv(target).to_pydict()


def _rows(table: dict[str, list], variable: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    keep = np.array(table["variable"]) == variable
    run = np.array(table["run"])[keep]
    order = np.lexsort((np.array(table["step"])[keep], run))
    return run[order], np.array(table["step"])[keep][order], np.array(table["value"])[keep][order]


@pytest.mark.slow
def test_keep_outcomes_stores_what_happened_in_each_run(tmp_path: Path) -> None:
    run_id = _simulate("--keep", "outcomes")
    out = simulate_dynamics(load_scenario(SCENARIO), runs=RUNS, seed=SEED).output
    table = _export(run_id, tmp_path / "outcomes.csv")
    settled = np.flatnonzero(out.settled >= 0)
    assert 0 < settled.size < RUNS  # both kinds of runs are in the example
    run, step, value = _rows(table, "settlement")
    np.testing.assert_array_equal(run, settled)
    assert set(step) == {-1}
    np.testing.assert_array_equal(value, out.settled[settled])
    np.testing.assert_allclose(_rows(table, "terms")[2], out.terms[settled])
    signed = np.flatnonzero(out.deal_month[:, 0] >= 0)
    run, _, value = _rows(table, "deal:minerals")
    np.testing.assert_array_equal(run, signed)
    np.testing.assert_array_equal(value, out.deal_month[signed, 0])
    assert "ground" not in set(table["variable"])


def test_keep_trajectories_adds_monthly_series(tmp_path: Path) -> None:
    run_id = _simulate("--keep", "trajectories")
    out = simulate_dynamics(load_scenario(SCENARIO), runs=RUNS, seed=SEED).output
    table = _export(run_id, tmp_path / "paths.csv")
    _, step, value = _rows(table, "ground")
    np.testing.assert_array_equal(value.reshape(RUNS, -1), out.ground[:, 1:])
    np.testing.assert_array_equal(step[:24], np.arange(24))
    lever = np.array(table["variable"]) == "lever:eu_military_aid"
    assert set(np.array(table["actor"])[lever]) == {"EU"}
    assert open_store().get(run_id).settings["keep"] == "trajectories"


def test_export_of_a_war_run_without_rows_says_how_to_get_them(tmp_path: Path) -> None:
    run_id = _simulate()
    result = CliRunner().invoke(app, ["runs", "export", str(run_id), "-o", str(tmp_path / "x")])
    assert result.exit_code == 2
    assert "keeping the per-run outcomes" in result.stderr
    assert not (tmp_path / "x").exists()


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--model", "nosuch"], "unknown model 'nosuch'"),  # the static issues' model
        (["--param", "rounds=3"], "has no option 'rounds'"),
        (["--keep", "all"], "--keep': keep takes one of"),
        (["--backend", "dask", "--scheduler", "tcp://127.0.0.1:1"], "cannot reach the Dask"),
    ],
)
def test_bad_options_for_a_war_are_refused(extra: list[str], message: str) -> None:
    result = CliRunner().invoke(app, ["simulate", SCENARIO, "--runs", "10", *extra])
    assert result.exit_code == 2, result.output
    assert message in result.stderr
    assert "Traceback" not in result.output


def test_runs_show_names_a_war_summary_instead_of_printing_thousands_of_lines() -> None:
    run_id = _simulate()
    shown = CliRunner().invoke(app, ["runs", "show", str(run_id)])
    assert shown.exit_code == 0, shown.output
    text = " ".join(shown.stdout.split())
    assert "Answer Settlement of the war:" in text  # the headline, not raw JSON
    assert '"months"' not in shown.stdout
    assert f"`realpolitik runs show {run_id} --json` prints it" in text
    assert shown.stdout.count("\n") < 60
    full = CliRunner().invoke(app, ["runs", "show", str(run_id), "--json"])
    assert '"months"' in full.stdout


def test_the_war_tables_say_what_the_ends_of_the_scale_mean() -> None:
    args = ["simulate", SCENARIO, "--runs", "64", "--seed", "1", "--no-store"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    text = " ".join(result.stdout.split())
    assert "Ground held by Ukraine: Territorial line (0 = Russia holds all it claims" in text
    assert "100 = Ukraine holds its 1991 borders; in %) (end of month)" in text

"""The results store when its disk fails: full, read-only, missing, unwritable or damaged.

Each fault gives one clear sentence and exit code 2 — never a traceback —
and leaves what was committed before readable; a simulation stopped by a full
disk resumes, once there is room, to the result of an uninterrupted run.

How the faults are made:

- full disk: ``RLIMIT_FSIZE`` in a child process (writes past the limit fail
  with EFBIG, "File too large", everywhere on Linux), and, when the tests may
  mount file systems (root with CAP_SYS_ADMIN), a real 3 MB tmpfs that fills up
  (ENOSPC, "No space left on device");
- read-only: file permissions for a normal user; as root, whom permissions do
  not stop, a tmpfs remounted read-only;
- damaged: garbage bytes, a truncated store, flipped bytes in a real store.

A killed simulation (SIGKILL) and its resume: ``tests/cli/test_simulate_resume.py``.
"""

from __future__ import annotations

import json
import os
import random
import resource
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from realpolitik.cli import app
from realpolitik.sim import simulate
from realpolitik.store import Store
from tests.sim.scenarios import deal, deal_data, write

ROOT = Path(__file__).resolve().parents[2]
runner = CliRunner()


def cli(*args: str) -> tuple[int, str, str]:
    """Run the command line in this process: (exit code, stdout, stderr)."""
    result = runner.invoke(app, list(args))
    if result.exit_code not in (0, 2):  # an exception escaped: show it
        raise AssertionError(f"exit {result.exit_code}: {result.exception!r}\n{result.stderr}")
    return result.exit_code, result.stdout, result.stderr


def child(*args: str, store: Path, fsize: int | None = None) -> subprocess.CompletedProcess[str]:
    """Run ``python -m realpolitik`` in a child process, optionally with a file-size limit."""

    def limit() -> None:
        if fsize is not None:
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a failed write, not a killed process
            resource.setrlimit(resource.RLIMIT_FSIZE, (fsize, fsize))

    env = {**os.environ, "REALPOLITIK_STORE": str(store), "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-m", "realpolitik", *args],
        capture_output=True,
        text=True,
        env=env,
        preexec_fn=limit,
        timeout=120,
        check=False,
    )


def assert_clear_error(code: int, stderr: str, *phrases: str) -> None:
    """Exit code 2, one error message containing every phrase, no traceback."""
    assert code == 2, stderr
    assert "Traceback" not in stderr
    text = " ".join(stderr.split())  # rich wraps long lines
    assert text.startswith("error:"), text
    for phrase in phrases:
        assert phrase in text, text


@pytest.fixture
def deal_file(tmp_path: Path) -> str:
    return write(tmp_path / "deal.yaml", deal_data())


# --- full disk -----------------------------------------------------------------------------

SIM = ["--runs", "6144", "--seed", "9", "--keep", "trajectories", "--chunk", "1"]
"""A simulation writing about 3 MB of rows, committed block by block."""


def _resume_gives_the_uninterrupted_result(store: Path, run_id: int) -> None:
    code, out, err = cli("simulate", "--resume", str(run_id), "--store", str(store), "--json")
    assert code == 0, err
    ref = simulate(deal(), runs=6144, seed=9)
    assert json.loads(out)["issues"] == ref.to_json()["issues"]
    assert Store(store).get(run_id).complete


@pytest.mark.slow
def test_a_full_disk_stops_a_simulation_cleanly_and_it_resumes(
    tmp_path: Path, deal_file: str
) -> None:
    store = tmp_path / "full.duckdb"
    assert child("run", deal_file, store=store).returncode == 0
    limit = store.stat().st_size + 400_000  # room for a few blocks, not for all
    proc = child("simulate", deal_file, *SIM, "--commit-every", "0", store=store, fsize=limit)
    assert_clear_error(proc.returncode, proc.stderr, "disk holding the results store is full")
    runs = Store(store).list()  # still readable: the earlier run and the interrupted one
    assert [(r.kind, r.status) for r in runs] == [("run", "complete"), ("simulate", "incomplete")]
    _resume_gives_the_uninterrupted_result(store, runs[1].id)


@pytest.mark.slow
def test_a_full_disk_leaves_no_half_recorded_run(tmp_path: Path, deal_file: str) -> None:
    store = tmp_path / "full.duckdb"
    assert child("run", deal_file, store=store).returncode == 0
    war = str(ROOT / "tests" / "data" / "dynamics" / "two-sides.yaml")
    for args in (["run", deal_file], ["simulate", war, "--runs", "64"]):
        proc = child(*args, store=store, fsize=1024)  # not even one write-ahead log entry
        assert_clear_error(proc.returncode, proc.stderr, "disk holding the results store is full")
    assert [r.status for r in Store(store).list()] == ["complete"]
    assert child("run", deal_file, store=store).returncode == 0  # room again: it works


def _mount(target: Path, options: str) -> str | None:
    """Mount a tmpfs; None, or why it cannot be done here."""
    target.mkdir(exist_ok=True)
    proc = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(target)],
        capture_output=True,
        text=True,
        check=False,
    )
    return None if proc.returncode == 0 else (proc.stderr.strip() or f"exit {proc.returncode}")


@pytest.fixture
def tmpfs(tmp_path: Path) -> Iterator[Path]:
    """A 3 MB tmpfs (root with CAP_SYS_ADMIN only)."""
    target = tmp_path / "disk"
    reason = _mount(target, "size=3m") if os.geteuid() == 0 else "not root"
    if reason is not None:
        pytest.skip(
            f"mounting a tmpfs needs root with CAP_SYS_ADMIN ({reason}); the RLIMIT_FSIZE "
            "tests above make the same failure without privileges"
        )
    try:
        yield target
    finally:
        subprocess.run(["umount", "-l", str(target)], check=False)


def test_a_real_full_disk(tmpfs: Path, deal_file: str) -> None:
    store = tmpfs / "store.duckdb"
    assert cli("run", deal_file, "--store", str(store))[0] == 0
    code, _, err = cli("simulate", deal_file, *SIM, "--commit-every", "0", "--store", str(store))
    assert_clear_error(code, err, "No space left on device")
    runs = Store(store).list()
    assert [r.status for r in runs] == ["complete", "incomplete"]
    subprocess.run(["mount", "-o", "remount,size=64m", str(tmpfs)], check=True)
    _resume_gives_the_uninterrupted_result(store, runs[1].id)


# --- read-only, missing and unwritable places ----------------------------------------------


@pytest.fixture
def read_only(tmp_path: Path, deal_file: str) -> Iterator[Path]:
    """A folder holding a store with one run, that nobody here can write to."""
    folder = tmp_path / "ro"
    if os.geteuid() != 0:
        folder.mkdir()
        assert cli("run", deal_file, "--store", str(folder / "store.duckdb"))[0] == 0
        (folder / "store.duckdb").chmod(0o444)
        folder.chmod(0o555)
        yield folder
        folder.chmod(0o755)
        return
    reason = _mount(folder, "size=16m")
    if reason is not None:
        pytest.skip(
            "as root, file permissions do not stop writes and a read-only tmpfs cannot be "
            f"mounted here ({reason})"
        )
    try:
        assert cli("run", deal_file, "--store", str(folder / "store.duckdb"))[0] == 0
        subprocess.run(["mount", "-o", "remount,ro", str(folder)], check=True)
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


def test_a_read_only_store_is_a_clear_error(read_only: Path, deal_file: str) -> None:
    store = str(read_only / "store.duckdb")
    for args in (
        ["run", deal_file, "--store", store],
        ["simulate", deal_file, "--runs", "100", "--store", store],
        ["runs", "list", "--store", store],
    ):
        code, _, err = cli(*args)
        assert_clear_error(code, err, "cannot be written here", store)


def test_a_new_store_in_an_unwritable_folder_is_a_clear_error(
    read_only: Path, deal_file: str
) -> None:
    code, _, err = cli("run", deal_file, "--store", str(read_only / "new.duckdb"))
    assert_clear_error(code, err, "cannot be written here")
    assert not (read_only / "new.duckdb").exists()


def test_a_store_in_a_missing_folder_is_a_clear_error(tmp_path: Path, deal_file: str) -> None:
    store = tmp_path / "nowhere" / "store.duckdb"
    for args in (["run", deal_file], ["simulate", deal_file, "--runs", "100"]):
        code, _, err = cli(*args, "--store", str(store))
        assert_clear_error(code, err, "does not exist")
    assert not store.parent.exists()


# --- damaged stores ------------------------------------------------------------------------


def _good_store(path: Path, deal_file: str) -> bytes:
    assert cli("run", deal_file, "--store", str(path))[0] == 0
    assert cli("simulate", deal_file, "--runs", "3000", "--seed", "1", "--store", str(path))[0] == 0
    Store(path).list()  # checkpointed: everything is in the file, no write-ahead log left
    return path.read_bytes()


def _flipped(data: bytes) -> bytes:
    buf, rnd = bytearray(data), random.Random(3)
    for _ in range(2000):
        buf[rnd.randrange(4096, len(buf))] = rnd.randrange(256)
    return bytes(buf)


DAMAGES = {
    "garbage": (lambda data: random.Random(1).randbytes(300_000), "cannot open the results store"),
    "truncated": (lambda data: data[:20_000], "store is damaged and cannot be read"),
    "half": (lambda data: data[: len(data) // 2], "store is damaged and cannot be read"),
    "flipped bytes": (_flipped, "store is damaged and cannot be read"),
}


@pytest.mark.parametrize("damage", sorted(DAMAGES))
def test_a_damaged_store_is_a_clear_error(tmp_path: Path, deal_file: str, damage: str) -> None:
    store = tmp_path / "store.duckdb"
    make, phrase = DAMAGES[damage]
    store.write_bytes(make(_good_store(store, deal_file)))
    for wal in tmp_path.glob("*.wal"):
        wal.unlink()
    for args in (
        ["runs", "list"],
        ["runs", "show", "2"],
        ["run", deal_file],
        ["simulate", deal_file, "--runs", "100"],
    ):
        code, _, err = cli(*args, "--store", str(store))
        assert_clear_error(code, err, phrase)

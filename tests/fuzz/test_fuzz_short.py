"""Short fuzzing run in CI: mutated real files either load or give one clear message."""

from __future__ import annotations

import pytest

from tests.fuzz.fuzzer import MUTATORS, corpus, main, run


def test_corpus_is_the_real_files() -> None:
    names = {p.name for p in corpus()}
    assert "kyoto.csv" in names
    assert "deu-1996-2000.tsv" in names
    assert len(names) >= 20


@pytest.mark.slow
def test_short_fuzz_run_has_no_failures(capsys: pytest.CaptureFixture[str]) -> None:
    report = run(count=len(MUTATORS) * 30, seed=20261128)
    with capsys.disabled():  # the count of inputs tried shows in the CI log
        print(f"\n{report.line()}")
    assert report.tried == len(MUTATORS) * 30
    assert not report.failures, "\n".join(report.failures[:10])


def test_a_memory_bounded_run_in_a_child_process(capfd: pytest.CaptureFixture[str]) -> None:
    assert main(["--count", str(2 * len(MUTATORS)), "--seed", "7", "--memory-mb", "1024"]) == 0
    out = capfd.readouterr().out
    assert f"fuzz: {2 * len(MUTATORS)} inputs tried" in out
    assert "(limit 1024 MB)" in out

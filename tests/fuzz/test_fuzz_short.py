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


def test_the_attack_classes_of_issue_17_are_fuzzed(capsys: pytest.CaptureFixture[str]) -> None:
    from tests.fuzz.attacks import NEW_MUTATORS

    assert set(NEW_MUTATORS) <= set(MUTATORS)
    report = run(count=len(NEW_MUTATORS) * 30, seed=20261205, only=frozenset(NEW_MUTATORS))
    with capsys.disabled():
        print(f"\nissue 17 classes, {report.line()}")
    assert report.loaded >= 10  # enough inputs load to reach the command line checks
    assert not report.failures, "\n".join(report.failures[:10])


def test_damaged_result_documents_are_refused_cleanly(capsys: pytest.CaptureFixture[str]) -> None:
    from tests.fuzz.attacks import run_documents
    from tests.report.helpers import SMALL

    tried, failures = run_documents(40, 20261205, SMALL)
    with capsys.disabled():
        print(f"\nfuzz: {tried} damaged result documents reported, {len(failures)} failures")
    assert not failures, failures[:5]


def test_a_memory_bounded_run_in_a_child_process(capfd: pytest.CaptureFixture[str]) -> None:
    assert main(["--count", str(2 * len(MUTATORS)), "--seed", "7", "--memory-mb", "1024"]) == 0
    out = capfd.readouterr().out
    assert f"fuzz: {2 * len(MUTATORS)} inputs tried" in out
    assert "(limit 1024 MB)" in out

"""Files are written whole or not at all, into folders made as needed, with errors naming them."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pyarrow.csv as pacsv
import pytest

from realpolitik.errors import InputError
from realpolitik.io.atomic import atomic_path, write_text_atomic


def test_missing_folders_are_made(tmp_path: Path) -> None:
    target = tmp_path / "new" / "dir" / "out.txt"
    assert write_text_atomic(target, "hello") == target
    assert target.read_text(encoding="utf-8") == "hello"
    assert sorted(p.name for p in target.parent.iterdir()) == ["out.txt"]


def test_a_failure_names_the_file_asked_for_and_leaves_nothing(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(InputError) as err:
        write_text_atomic(blocker / "out.txt", "hello", "the report")
    assert str(err.value).startswith(f"{blocker / 'out.txt'}: cannot write the report: ")
    assert list(tmp_path.iterdir()) == [blocker]


def test_a_library_error_mentioning_the_temporary_file_names_the_target(tmp_path: Path) -> None:
    target = tmp_path / "out.csv"

    def write_then_fail() -> None:
        with atomic_path(target) as tmp:
            pacsv.write_csv(pa.table({"a": [1]}), str(tmp))
            raise OSError(f"Failed to open local file '{tmp}'")

    with pytest.raises(InputError) as err:
        write_then_fail()
    assert ".out.csv.tmp" not in str(err.value)
    assert f"Failed to open local file '{target}'" in str(err.value)
    assert list(tmp_path.iterdir()) == []


def test_an_error_that_is_not_about_the_disk_passes_through_and_leaves_nothing(
    tmp_path: Path,
) -> None:
    def write_then_fail() -> None:
        with atomic_path(tmp_path / "out.txt") as tmp:
            tmp.write_text("half")
            _ = 1 / 0

    with pytest.raises(ZeroDivisionError):
        write_then_fail()
    assert list(tmp_path.iterdir()) == []

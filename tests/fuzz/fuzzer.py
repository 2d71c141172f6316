"""Mutation fuzzer for every importer and the scenario loader.

The corpus is every real input file the project knows (the reference cases,
KTAB inputs and variants, the DEU table, the test scenarios and the bundled
scenario). Each input is a corpus file mutated by one of the mutators below
and loaded with :func:`realpolitik.io.load_scenarios` under a time limit. The
only allowed outcomes are a successful load or one :class:`InputError` with a
message; anything else (another exception, a hang) is a failure, and the input
is saved to ``test-output/fuzz-failures/`` for replay.

Memory is bounded too: with ``--memory-mb M`` the run happens in a child
process whose address space is limited to M MB (``RLIMIT_AS``), so an input
that needs more fails with ``MemoryError`` (a failure, saved like the others)
instead of swapping; a child killed outright is reported.

The attack classes of issue 17 (markup in strings, very long strings, extreme
magnitudes, UTF-16/32 and BOMs; damaged result documents) live in
:mod:`tests.fuzz.attacks`; their inputs that load are also run on the command line.

Short run (CI): ``tests/fuzz/test_fuzz_short.py``. Long run::

    .venv/bin/python -m tests.fuzz.fuzzer --count 20000 --seed 1 --memory-mb 1024 --documents 2000
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import signal
import subprocess
import sys
import tempfile
import time
import traceback
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType

from realpolitik.errors import InputError
from realpolitik.io import load_scenarios
from tests.fuzz.attacks import NEW_MUTATORS, cli_check, run_documents

ROOT = Path(__file__).resolve().parents[2]
FAILURES = ROOT / "test-output" / "fuzz-failures"
SUFFIXES = {".yaml", ".yml", ".json", ".csv", ".tsv", ".xml"}
TIME_LIMIT_S = 10


def corpus() -> list[Path]:
    """Every real input file, sorted (a fixed order keeps runs reproducible)."""
    roots = [
        ROOT / "tests" / "data",
        ROOT / "src" / "realpolitik" / "data" / "scenarios",
    ]
    files = {
        p
        for r in roots
        for p in r.rglob("*")
        if p.is_file() and p.suffix in SUFFIXES and "positions" not in p.name
    }
    return sorted(files)


Mutator = Callable[[bytes, random.Random], bytes]


def flip_bytes(data: bytes, rnd: random.Random) -> bytes:
    buf = bytearray(data or b"\0")
    for _ in range(rnd.randint(1, 8)):
        buf[rnd.randrange(len(buf))] = rnd.randrange(256)
    return bytes(buf)


def truncate(data: bytes, rnd: random.Random) -> bytes:
    return data[: rnd.randrange(len(data) + 1)]


def huge_numbers(data: bytes, rnd: random.Random) -> bytes:
    token = rnd.choice([b"1e309", b"-1e309", b"9" * 400, b"nan", b"NaN", b"inf", b"-0", b"1e-320"])
    digits = [i for i, c in enumerate(data) if chr(c).isdigit()]
    if not digits:
        return data + token
    i = rnd.choice(digits)
    return data[:i] + token + data[i + 1 :]


def unicode_junk(data: bytes, rnd: random.Random) -> bytes:
    junk = rnd.choice(["\u202e", "\u200b", "😀", "é", "\ufeff", "\x00", "Ω" * 50, "\r", "\u2028"])
    i = rnd.randrange(len(data) + 1)
    return data[:i] + junk.encode("utf-8") + data[i:]


def long_row(data: bytes, rnd: random.Random) -> bytes:
    lines = data.splitlines(keepends=True) or [b""]
    i = rnd.randrange(len(lines))
    filler = rnd.choice([b"x", b"1,", b"9"]) * rnd.choice([10_000, 1_000_000, 10_000_000])
    return b"".join(lines[:i]) + filler + b"\n" + b"".join(lines[i:])


def deep_nesting(data: bytes, rnd: random.Random) -> bytes:
    depth = rnd.choice([100, 1_000, 50_000])
    return b"metadata: " + b"[" * depth + b"]" * depth + b"\n" + data


def alias_bomb(data: bytes, rnd: random.Random) -> bytes:
    lines = [b'a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for k in range(1, rnd.choice([5, 9, 12])):
        refs = ",".join([f"*a{k - 1}"] * 9).encode()
        lines.append(f"a{k}: &a{k} [".encode() + refs + b"]")
    return b"\n".join(lines) + b"\nmetadata: *a" + str(len(lines) - 1).encode() + b"\n"


def duplicate_lines(data: bytes, rnd: random.Random) -> bytes:
    lines = data.splitlines(keepends=True) or [b""]
    i = rnd.randrange(len(lines))
    return b"".join(lines[: i + 1]) + lines[i] * rnd.choice([2, 100, 5000]) + b"".join(lines[i:])


def swap_lines(data: bytes, rnd: random.Random) -> bytes:
    lines = data.splitlines(keepends=True)
    if len(lines) < 2:
        return data
    i, j = rnd.randrange(len(lines)), rnd.randrange(len(lines))
    lines[i], lines[j] = lines[j], lines[i]
    return b"".join(lines)


MUTATORS: dict[str, Mutator] = {
    "flip_bytes": flip_bytes,
    "truncate": truncate,
    "huge_numbers": huge_numbers,
    "unicode_junk": unicode_junk,
    "long_row": long_row,
    "deep_nesting": deep_nesting,
    "alias_bomb": alias_bomb,
    "duplicate_lines": duplicate_lines,
    "swap_lines": swap_lines,
    **NEW_MUTATORS,
}
DEEP = frozenset(NEW_MUTATORS)
"""Mutators whose inputs, when they load, also go through the command line (cli_check)."""


class HangError(Exception):
    """The time limit of one input ran out."""


@contextmanager
def time_limit(seconds: int) -> Iterator[None]:
    def on_alarm(signum: int, frame: FrameType | None) -> None:
        raise HangError(f"no answer within {seconds} s")

    old = signal.signal(signal.SIGALRM, on_alarm)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


@dataclass
class Report:
    """Counts of a fuzzing run."""

    tried: int = 0
    loaded: int = 0
    rejected: int = 0
    failures: list[str] = field(default_factory=list)
    slowest_s: float = 0.0

    def line(self) -> str:
        mem = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        return (
            f"fuzz: {self.tried} inputs tried, {self.loaded} loaded, {self.rejected} rejected "
            f"with a message, {len(self.failures)} failures; slowest {self.slowest_s:.2f} s, "
            f"peak memory {mem:.0f} MB"
        )


def check_one(data: bytes, suffix: str, tmp: Path, deep: bool = False) -> tuple[str, str]:
    """Load one input; return (outcome, detail) with outcome ok|rejected|failure.

    With ``deep``, an input that loads is also validated and run on the command line.
    """
    path = tmp / f"input{suffix}"
    path.write_bytes(data)
    try:
        with time_limit(TIME_LIMIT_S), warnings.catch_warnings():
            warnings.simplefilter("ignore")  # import notices are expected, not failures
            load_scenarios(path)
            problem = cli_check(path) if deep else None
    except InputError as exc:
        if not str(exc).strip():
            return "failure", "InputError with an empty message"
        return "rejected", str(exc)
    except Exception:
        return "failure", traceback.format_exc()
    return ("failure", problem) if problem else ("ok", "")


def run(
    count: int, seed: int, verbose: bool = False, only: frozenset[str] | None = None
) -> Report:
    """Try ``count`` mutated inputs (seeded) and report the outcomes (``only``: these
    mutators)."""
    rnd = random.Random(seed)
    files = corpus()
    names = sorted(only or MUTATORS)
    report = Report()
    with tempfile.TemporaryDirectory() as tmpdir:
        tmp = Path(tmpdir)
        for k in range(count):
            src = files[k % len(files)]
            mutator = names[rnd.randrange(len(names))]
            data = MUTATORS[mutator](src.read_bytes(), rnd)
            start = time.perf_counter()
            outcome, detail = check_one(data, src.suffix, tmp, deep=mutator in DEEP)
            report.slowest_s = max(report.slowest_s, time.perf_counter() - start)
            report.tried += 1
            if outcome == "ok":
                report.loaded += 1
            elif outcome == "rejected":
                report.rejected += 1
            else:
                report.failures.append(_save_failure(k, src, mutator, data, detail))
            if verbose and outcome == "failure":
                print(f"FAIL {src.name} {mutator}: {detail.splitlines()[-1]}", file=sys.stderr)
    return report


def _save_failure(k: int, src: Path, mutator: str, data: bytes, detail: str) -> str:
    FAILURES.mkdir(parents=True, exist_ok=True)
    target = FAILURES / f"{k:06d}-{mutator}-{src.name}"
    target.write_bytes(data)
    target.with_suffix(target.suffix + ".txt").write_text(detail)
    last = detail.strip().splitlines()[-1] if detail.strip() else "?"
    return f"{src.name} / {mutator}: {last} (saved as {target})"


def limited_child(argv: list[str], memory_mb: int) -> int:
    """Run this fuzzer with ``argv`` in a child process limited to ``memory_mb`` MB of
    address space; its exit code (1, with a message, if it was killed)."""
    limit = memory_mb * 1024 * 1024

    def set_limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))

    cmd = [sys.executable, "-m", "tests.fuzz.fuzzer", *argv, "--child"]
    # one BLAS thread: its per-thread buffers would otherwise scale the address space with
    # the machine's cores, and the limit would mean something else on every machine
    threads = {k: "1" for k in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")}
    env = {**os.environ, **threads}
    proc = subprocess.run(cmd, cwd=ROOT, env=env, preexec_fn=set_limit, check=False)
    if proc.returncode < 0:
        name = signal.Signals(-proc.returncode).name
        print(f"fuzz: the fuzzing process was killed by {name} (memory limit {memory_mb} MB)")
        return 1
    return proc.returncode


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=2000, help="inputs to try")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--memory-mb", type=int, default=None, help="address-space limit of the run (RLIMIT_AS)"
    )
    parser.add_argument(
        "--documents", type=int, default=0, help="also give N damaged result documents to report"
    )
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.memory_mb is not None and not args.child:
        argv = ["--count", str(args.count), "--seed", str(args.seed)]
        return limited_child([*argv, "--documents", str(args.documents)], args.memory_mb)
    try:
        report = run(args.count, args.seed, verbose=True)
    except MemoryError:  # building an input (a 10 MB row) already needs more
        print("fuzz: the memory limit is too low for the fuzzer itself to build its inputs")
        return 2
    limit = resource.getrlimit(resource.RLIMIT_AS)[0]
    bound = "" if limit == resource.RLIM_INFINITY else f" (limit {limit // 2**20} MB)"
    print(report.line() + bound)
    for failure in report.failures[:20]:
        print("  " + failure)
    failed = bool(report.failures)
    if args.documents:
        small = ROOT / "tests" / "data" / "scenarios" / "small.yaml"
        tried, doc_failures = run_documents(args.documents, args.seed, small)
        print(f"fuzz: {tried} damaged result documents reported, {len(doc_failures)} failures")
        for failure in doc_failures[:20]:
            print("  " + failure)
        failed = failed or bool(doc_failures)
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())

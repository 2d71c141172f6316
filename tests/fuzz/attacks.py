"""The attack classes of issue 17, made permanent in the fuzzer.

Mutators (registered in :data:`tests.fuzz.fuzzer.MUTATORS`): rich markup in a
string field, very long strings, extreme magnitudes, and the whole file
re-encoded as UTF-16/UTF-32 (with or without a byte-order mark) or with a UTF-8
one. An input that loads is then also run through the command line
(:func:`cli_check`: ``validate`` and ``run --json``), because these attacks
broke the printing and the models, not the loader: the outcome must be exit 0
or 2, no "internal error", and no non-finite number in the document.

Damaged result documents (:func:`run_documents`): real ``--json`` documents
with one value nulled, deleted or replaced, given to ``report``: exit 0 or 2.
"""

from __future__ import annotations

import copy
import json
import random
import re
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

MARKUP = ["[/]", "[/bold]", "[bold]", "[link=file:///etc/passwd]x", "[red on blue]", "ends\\"]
MAGNITUDES = [b"1e308", b"-1e308", b"1e12", b"1.0000001e12", b"-1e12", b"5e-324", b"1e30", b"1e31"]
ENCODINGS = ["utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le", "utf-32-be", "utf-8-sig"]
_FIELD = re.compile(rb"(\b(?:title|name|unit|low|high|description)\"?\s*:\s*)(\"?)([^\n\",]*)")


def _into_field(data: bytes, rnd: random.Random, text: str) -> bytes:
    """``text`` put at the start of a random string field (YAML/JSON) or CSV name cell."""
    hits = list(_FIELD.finditer(data))
    value = text.replace("\\", "\\\\").replace('"', '\\"').encode()
    if hits:
        m = rnd.choice(hits)
        quoted = m.group(1) + b'"' + value + b" " + m.group(3).strip(b"'\"") + b'"'
        return data[: m.start()] + quoted + data[m.end() :]
    lines = data.splitlines(keepends=True)
    if len(lines) < 2:
        return data
    i = rnd.randrange(1, len(lines))
    return b"".join(lines[:i]) + text.replace(",", " ").encode() + b" " + b"".join(lines[i:])


def markup_strings(data: bytes, rnd: random.Random) -> bytes:
    return _into_field(data, rnd, rnd.choice(MARKUP))


def long_strings(data: bytes, rnd: random.Random) -> bytes:
    return _into_field(data, rnd, rnd.choice("xy[") * rnd.choice([10_000, 200_000]))


def extreme_magnitudes(data: bytes, rnd: random.Random) -> bytes:
    numbers = [m.span() for m in re.finditer(rb"(?<![\w.])\d+(?:\.\d+)?(?![\w.])", data)]
    if not numbers:
        return data
    out = data
    for start, end in sorted(rnd.sample(numbers, min(len(numbers), rnd.randint(1, 3))))[::-1]:
        out = out[:start] + rnd.choice(MAGNITUDES) + out[end:]
    return out


def wide_encoding(data: bytes, rnd: random.Random) -> bytes:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data
    return text.encode(rnd.choice(ENCODINGS))


NEW_MUTATORS = {
    "markup_strings": markup_strings,
    "long_strings": long_strings,
    "extreme_magnitudes": extreme_magnitudes,
    "wide_encoding": wide_encoding,
}


def cli_check(path: Path) -> str | None:
    """Run ``validate`` and ``run --json`` on a file that loads; why it failed, or None."""
    from typer.testing import CliRunner

    from realpolitik.cli import app

    runner = CliRunner()
    for args in (["validate", str(path)], ["run", str(path), "--json", "--no-store"]):
        result = runner.invoke(app, args)
        text = result.stdout + result.stderr
        if result.exit_code not in (0, 2) or "internal error" in text:
            return f"{' '.join(args[:1])}: exit {result.exit_code}: {text[-500:]}"
        if args[0] == "run" and result.exit_code == 0:
            found = re.search(r"\b(?:-?Infinity|NaN)\b", result.stdout)
            if found:
                return f"run --json printed {found.group(0)}"
    return None


def _paths(node: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    yield path
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _paths(value, (*path, key))
    elif isinstance(node, list):
        for k, value in enumerate(node[:3]):
            yield from _paths(value, (*path, k))


DAMAGE = {
    "null": None,
    "string": "x",
    "list": [],
    "object": {},
    "huge": 1e300,
    "negative": -5,
    "bool": True,
    "markup": "[/bold]",
}


def damage(document: dict[str, Any], rnd: random.Random) -> dict[str, Any]:
    """A copy of a result document with one value replaced or removed at a random place."""
    doc = copy.deepcopy(document)
    path = rnd.choice([p for p in _paths(doc) if p])
    parent: Any = doc
    for part in path[:-1]:
        parent = parent[part]
    how = rnd.choice([*DAMAGE, "delete"])
    if how == "delete":
        del parent[path[-1]]
    else:
        parent[path[-1]] = DAMAGE[how]
    return doc


def result_documents(small: Path) -> dict[str, dict[str, Any]]:
    """Real ``run --json`` (compromise, eum) and ``simulate --json`` documents."""
    from typer.testing import CliRunner

    from realpolitik.cli import app

    runner = CliRunner()
    docs = {}
    for name, args in {
        "run": ["run", str(small)],
        "simulate": ["simulate", str(small), "--runs", "64", "--seed", "1"],
    }.items():
        result = runner.invoke(app, [*args, "--json", "--no-store"])
        docs[name] = json.loads(result.stdout)
    return docs


def run_documents(count: int, seed: int, small: Path) -> tuple[int, list[str]]:
    """Give ``count`` damaged documents to ``report``; (tried, failures)."""
    from typer.testing import CliRunner

    from realpolitik.cli import app

    rnd = random.Random(seed)
    docs = result_documents(small)
    names = sorted(docs)
    failures = []
    runner = CliRunner()
    with tempfile.TemporaryDirectory() as tmp:
        for k in range(count):
            doc = damage(docs[names[k % len(names)]], rnd)
            path = Path(tmp) / f"doc-{k}.json"
            path.write_text(json.dumps(doc), encoding="utf-8")
            result = runner.invoke(app, ["report", str(path), "-o", str(Path(tmp) / "r.html")])
            if result.exit_code not in (0, 2) or "internal error" in result.output:
                failures.append(f"document {k}: exit {result.exit_code}: {result.output[-300:]}")
    return count, failures

"""The scenarios the web app offers: bundled, uploaded (or edited), and stored with runs.

Every scenario has an id made by the app, never from a user's file name:
``b-<name>`` for a bundled scenario (a name from the package's own list),
``u-<32 hex digits>`` for an uploaded or edited one (a file in the scenarios
folder), ``r-<run id>`` for the scenario stored with a run. Ids are checked
against these patterns before any file is touched.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import tempfile
import uuid
import warnings
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from realpolitik.errors import InputError, Problem
from realpolitik.io import dump_scenario, load_scenario
from realpolitik.io.atomic import write_text_atomic
from realpolitik.io.notices import notices_to
from realpolitik.io.scenario_file import parse_yaml, scenario_from_data
from realpolitik.scenario import Scenario
from realpolitik.store import open_store
from realpolitik.web.config import WebConfig

UPLOAD_SUFFIXES = (".yaml", ".yml", ".json", ".csv", ".txt", ".xml", ".tsv", ".xlsx")
_UPLOADED = re.compile(r"^u-([0-9a-f]{32})$")
_STORED = re.compile(r"^r-([0-9]{1,12})$")
_BUNDLED = re.compile(r"^b-([A-Za-z0-9][A-Za-z0-9_.-]{0,80})$")


@dataclass(frozen=True, kw_only=True)
class Entry:
    """A scenario in the list: its id, where it comes from, its title."""

    id: str
    source: str
    title: str
    name: str
    editable: bool
    actors: int = 0
    issues: int = 0


@dataclass(frozen=True, kw_only=True)
class Loaded:
    """A scenario with its entry, its text and the notices of its import."""

    entry: Entry
    scenario: Scenario
    text: str
    notices: list[str] = field(default_factory=list)


def display_name(name: str | None) -> str:
    """A file name for display only: its last part, printable, at most 100 characters."""
    base = re.split(r"[\\/]", name or "")[-1]
    clean = "".join(ch for ch in base if ch.isprintable()).strip()
    return clean[:100] or "upload"


def safe_stem(name: str) -> str:
    """Letters, digits, ``-`` and ``_`` of a file name's stem (importers use it as a title).

    Only used inside a fresh private temporary folder: never a path of its own.
    """
    stem = re.sub(r"[^A-Za-z0-9_-]+", "-", Path(name).stem).strip("-")
    return stem[:60] or "upload"


def _bundled_dir() -> Path:
    return Path(str(resources.files("realpolitik") / "data" / "scenarios"))


def _entry(sid: str, source: str, sc: Scenario, name: str, editable: bool) -> Entry:
    return Entry(
        id=sid,
        source=source,
        title=sc.metadata.title,
        name=name,
        editable=editable,
        actors=len(sc.actors),
        issues=len(sc.issues),
    )


class Catalogue:
    """Bundled, uploaded and stored scenarios (see the module docstring)."""

    def __init__(self, config: WebConfig) -> None:
        self.config = config
        self.folder = config.scenarios_dir

    def entries(self) -> list[Entry]:
        """Every scenario: bundled first, then uploaded (newest first), then stored."""
        return self._bundled() + self._uploaded() + self._stored()

    def _bundled(self) -> list[Entry]:
        out = []
        for path in sorted(_bundled_dir().glob("*.yaml")):
            try:
                sc = load_scenario(path)
            except InputError:
                continue
            out.append(_entry(f"b-{path.stem}", "bundled", sc, path.name, False))
        return out

    def _uploaded(self) -> list[Entry]:
        if not self.folder.is_dir():
            return []
        paths = sorted(self.folder.glob("*.yaml"), key=lambda p: p.stat().st_mtime, reverse=True)
        out = []
        for path in paths:
            sid = f"u-{path.stem}"
            if _UPLOADED.match(sid):
                try:
                    out.append(self.load(sid).entry)
                except InputError:
                    continue
        return out

    def _stored(self) -> list[Entry]:
        store = open_store(self.config.store)
        latest: dict[str, tuple[int, str]] = {}
        for rec in store.list():
            latest[rec.scenario_hash] = (rec.id, rec.scenario_title)
        return [
            Entry(id=f"r-{rid}", source="stored", title=title, name=f"run {rid}", editable=False)
            for rid, title in sorted(latest.values(), reverse=True)
        ]

    def load(self, sid: str) -> Loaded:
        """The scenario with this id (InputError naming the id if there is none)."""
        if m := _UPLOADED.match(sid):
            return self._load_uploaded(m.group(1), sid)
        if m := _STORED.match(sid):
            run_id = int(m.group(1))
            sc = open_store(self.config.store).scenario(run_id)
            return Loaded(
                entry=_entry(sid, "stored", sc, f"run {run_id}", False),
                scenario=sc,
                text=dump_scenario(sc),
            )
        if (m := _BUNDLED.match(sid)) and m.group(1) in self._bundled_names():
            path = _bundled_dir() / f"{m.group(1)}.yaml"
            sc = load_scenario(path)
            return Loaded(
                entry=_entry(sid, "bundled", sc, path.name, False),
                scenario=sc,
                text=path.read_text(encoding="utf-8"),
            )
        raise InputError.one(f"no scenario '{sid}'", field="scenario")

    @staticmethod
    def _bundled_names() -> set[str]:
        return {p.stem for p in _bundled_dir().glob("*.yaml")}

    def _load_uploaded(self, key: str, sid: str) -> Loaded:
        path = self.folder / f"{key}.yaml"
        if not path.is_file():
            raise InputError.one(f"no scenario '{sid}'", field="scenario")
        meta = self._meta(key)
        name = str(meta.get("name") or "scenario.yaml")
        text = path.read_text(encoding="utf-8")
        sc = parse_text(text, name)
        return Loaded(
            entry=_entry(sid, "uploaded", sc, name, True),
            scenario=sc,
            text=text,
            notices=[str(n) for n in meta.get("notices", [])],
        )

    def _meta(self, key: str) -> dict[str, Any]:
        path = self.folder / f"{key}.json"
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError):
            return {}
        return data if isinstance(data, dict) else {}

    def upload(self, filename: str | None, content: bytes) -> Loaded:
        """Import an uploaded file (any supported format) and keep it as a scenario.

        Raises:
            InputError: an unsupported type, or every problem of the file, each
                naming the uploaded file's name (never a path on the server).
        """
        name = display_name(filename)
        suffix = Path(name).suffix.lower()
        if suffix not in UPLOAD_SUFFIXES:
            raise InputError.one(
                f"unsupported file type '{suffix or '(none)'}'; upload a scenario file "
                "(.yaml, .json), a stakeholder or KTAB table (.csv), a stakeholder workbook "
                "(.xlsx), a KTAB scenario (.xml) or a DEU table (.tsv)",
                file=name,
            )
        with tempfile.TemporaryDirectory(prefix="realpolitik-upload-") as tmp:
            path = Path(tmp) / f"{safe_stem(name)}{suffix}"
            path.write_bytes(content)
            with warnings.catch_warnings(record=True) as caught, notices_to() as found:
                warnings.simplefilter("always")
                try:
                    sc = load_scenario(path)
                except InputError as exc:
                    raise _renamed(exc, str(path), name) from None
        texts = [*map(str, found), *(str(w.message) for w in caught)]
        notices = [t.replace(str(path), name) for t in texts]
        text = content.decode("utf-8-sig") if suffix in (".yaml", ".yml") else dump_scenario(sc)
        return self._write(uuid.uuid4().hex, text, sc, name, notices)

    def save_text(self, sid: str, text: str) -> Loaded:
        """Validate a scenario's new text and save it (a copy, unless it was uploaded)."""
        current = self.load(sid)
        sc = parse_text(text, current.entry.name)
        return self._write(self._key_for(current), text, sc, current.entry.name, [])

    def save_scenario(self, sid: str, scenario: Scenario) -> Loaded:
        """Save an edited scenario (a copy, unless it was uploaded)."""
        current = self.load(sid)
        return self._write(
            self._key_for(current), dump_scenario(scenario), scenario, current.entry.name, []
        )

    def save_new(self, scenario: Scenario, name: str) -> Loaded:
        """Save a scenario as a new uploaded one (a what-if, a scenario built on the page)."""
        return self._write(uuid.uuid4().hex, dump_scenario(scenario), scenario, name, [])

    def _key_for(self, current: Loaded) -> str:
        m = _UPLOADED.match(current.entry.id)
        return m.group(1) if m else uuid.uuid4().hex

    def _write(self, key: str, text: str, sc: Scenario, name: str, notices: list[str]) -> Loaded:
        self.folder.mkdir(parents=True, exist_ok=True)
        meta = {
            "name": name,
            "saved": dt.datetime.now().isoformat(timespec="seconds"),
            "notices": notices,
        }
        write_text_atomic(self.folder / f"{key}.json", json.dumps(meta, ensure_ascii=False))
        write_text_atomic(self.folder / f"{key}.yaml", text)
        sid = f"u-{key}"
        return Loaded(
            entry=_entry(sid, "uploaded", sc, name, True), scenario=sc, text=text, notices=notices
        )

    def delete(self, sid: str) -> None:
        """Delete an uploaded scenario (bundled and stored ones cannot be deleted here)."""
        m = _UPLOADED.match(sid)
        if not m or not (self.folder / f"{m.group(1)}.yaml").is_file():
            raise InputError.one(f"no uploaded scenario '{sid}'", field="scenario")
        for ext in (".yaml", ".json"):
            (self.folder / f"{m.group(1)}{ext}").unlink(missing_ok=True)


def parse_text(text: str, name: str) -> Scenario:
    """Validate the text of a scenario file (YAML or JSON); problems name ``name``."""
    data, node = parse_yaml(text, name)
    return scenario_from_data(data, file=name, node=node)


def _renamed(exc: InputError, path: str, name: str) -> InputError:
    """The same problems, naming the uploaded file instead of the temporary path."""
    return InputError(
        Problem(
            message=p.message.replace(path, name),
            file=name if p.file else None,
            line=p.line,
            field=p.field,
        )
        for p in exc.problems
    )

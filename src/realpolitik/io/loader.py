"""One entry point for every input format: pick the reader by content and suffix."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from realpolitik.errors import InputError
from realpolitik.io.scenario_file import load_scenario_file, read_text
from realpolitik.scenario import Scenario

SCENARIO_SUFFIXES = {".yaml", ".yml", ".json"}


def bundled_path(name: str) -> Path:
    """Path of a bundled scenario, by name (``minerals-deal-2025``)."""
    root = resources.files("realpolitik") / "data" / "scenarios"
    path = Path(str(root)) / f"{name}.yaml"
    if not path.exists():
        known = sorted(p.stem for p in Path(str(root)).glob("*.yaml"))
        raise InputError.one(f"no bundled scenario '{name}'; bundled: {', '.join(known)}")
    return path


def load_scenarios(path: str | Path) -> list[Scenario]:
    """Load every scenario a file holds (a DEU file holds one per issue).

    Accepts scenario files (``.yaml``, ``.yml``, ``.json``) and the importers'
    formats; a name without a suffix that is not a file is looked up among the
    bundled scenarios.
    """
    p = Path(path)
    suffix = p.suffix.lower()
    if p.is_dir():
        raise InputError.one("is a folder, not a file; give one file", file=str(p))
    if not p.exists():
        if not suffix:
            return [load_scenario_file(bundled_path(str(path)))]
        raise InputError.one("file not found", file=str(p))
    if suffix in SCENARIO_SUFFIXES:
        return [load_scenario_file(p)]
    if suffix in {".csv", ".txt"}:
        return [_read_csv(p)]
    if suffix == ".xlsx":
        from realpolitik.io.workbook import read_workbook

        return [read_workbook(p)]
    if suffix == ".xml":
        from realpolitik.io.ktab import read_ktab_xml

        return [read_ktab_xml(p, read_text(p))]
    if suffix == ".tsv":
        from realpolitik.io.deu import read_deu

        return read_deu(p, read_text(p))
    raise InputError.one(
        f"unknown file type '{suffix or '(none)'}'; expected a scenario file (.yaml, .json), "
        "a stakeholder table or KTAB file (.csv), a stakeholder workbook (.xlsx), "
        "a KTAB scenario (.xml) or a DEU table (.tsv)",
        file=str(p),
    )


def _read_csv(path: Path) -> Scenario:
    """A KTAB CSV (first line: name, description, actors, dimensions) or a stakeholder table

    (one issue, or several in the long or wide layout).
    """
    from realpolitik.io.ktab import is_ktab_csv, read_ktab_csv
    from realpolitik.io.stakeholder import read_stakeholder_csv
    from realpolitik.io.workbook import is_multi_issue, read_multi_csv

    text = read_text(path)
    if is_ktab_csv(text):
        return read_ktab_csv(path, text)
    if is_multi_issue(text):
        return read_multi_csv(path, text)
    return read_stakeholder_csv(path, text)


def load_scenario(path: str | Path) -> Scenario:
    """Load a file that holds exactly one scenario."""
    scenarios = load_scenarios(path)
    if len(scenarios) != 1:
        raise InputError.one(
            f"the file holds {len(scenarios)} scenarios (one per issue); use `realpolitik "
            "backtest` for it, or import it to separate scenario files",
            file=str(path),
        )
    return scenarios[0]

"""Fit ``eu_calibrated`` on the DEU 1996-2000 table and write its coefficients file.

Usage::

    .venv/bin/python benchmarks/fit_eu_calibrated.py [FILE] [--out PATH] [--check]

FILE defaults to ``../shared/reference/deu/deu-1996-2000.tsv`` (else the copy
in ``tests/data/reference``); PATH to the shipped
``src/realpolitik/data/models/eu_calibrated.json``. The fit is deterministic
(fixed penalty grid, fixed inner folds), so running it twice writes the same
file. It prints the cross-validated, in-sample and baseline figures side by
side. ``--check`` writes nothing and exits 1 if PATH differs from a fresh fit.
The nested leave-one-proposal-out cross-validation takes about 20 s.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from realpolitik.backtest.fit import fit_document  # noqa: E402

SHIPPED = ROOT / "src" / "realpolitik" / "data" / "models" / "eu_calibrated.json"


def reference(relative: str) -> Path:
    """A reference file from ../shared/reference, else from tests/data/reference."""
    shared = ROOT.parent / "shared" / "reference" / relative
    return shared if shared.exists() else ROOT / "tests" / "data" / "reference" / relative


def _row(label: str, s: dict[str, Any]) -> str:
    cov = s.get("coverage") or {}
    cells = [
        f"{s['mae']:7.2f}",
        f"{s['median_ae']:7.2f}",
        f"{s['within10']:6.1%}",
        f"{s['within20']:6.1%}",
        *(f"{cov[k]:6.1%}" if k in cov else "     -" for k in ("0.5", "0.8", "0.9")),
        f"{s['crps']:6.2f}" if s.get("crps") is not None else "     -",
    ]
    return f"{label:38s} " + " ".join(cells)


def report(doc: dict[str, Any]) -> str:
    """The figures of a coefficients document as a text table."""
    head = f"{'':38s} {'MAE':>7s} {'MedAE':>7s} {'<=10':>6s} {'<=20':>6s} "
    head += f"{'50%':>6s} {'80%':>6s} {'90%':>6s} {'CRPS':>6s}"
    cv = doc["cross_validated"]
    lines = [
        head,
        _row("eu_calibrated, nested CV", cv["eu_calibrated"]),
        _row("eu_calibrated, in-sample", doc["in_sample"]),
        _row("compromise (the bar, no fitting)", cv["compromise"]),
    ]
    lines += [
        _row(f"  component alone: {k}", v)
        for k, v in doc["components_alone"].items()
        if k != "compromise"
    ]
    bar, ours = cv["compromise"]["mae"], cv["eu_calibrated"]["mae"]
    lines.append(f"cross-validated MAE change vs the bar: {100 * (ours - bar) / bar:+.2f} %")
    lines.append(f"weights: {doc['calibration']['weights']}")
    lines.append(f"scale: {doc['calibration']['scale']}, penalty: {doc['penalty']}")
    lines.append(f"penalties chosen in the outer folds: {cv['penalties_chosen']}")
    lines.append(f"snapping thresholds chosen in the outer folds: {cv['snaps_chosen']}")
    lines.append(f"snapping threshold: {doc['calibration']['snap']} points")
    return "\n".join(lines)


def main() -> int:
    """Fit, print, write (or check)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file", nargs="?", default=str(reference("deu/deu-1996-2000.tsv")))
    parser.add_argument("--out", default=str(SHIPPED))
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args()
    start = time.perf_counter()
    doc = fit_document(args.file)
    text = json.dumps(doc, indent=2, ensure_ascii=False) + "\n"
    print(report(doc))
    print(f"fitted and cross-validated in {time.perf_counter() - start:.1f} s")
    out = Path(args.out)
    if args.check:
        same = out.exists() and out.read_text(encoding="utf-8") == text
        print(f"{out}: {'up to date' if same else 'DIFFERS from a fresh fit'}")
        return 0 if same else 1
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text, encoding="utf-8")
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

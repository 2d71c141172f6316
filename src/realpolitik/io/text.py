"""Reading input files as text, with errors a person can act on.

Every reader gets its text from :func:`read_text`, which refuses what is not
text (spreadsheets, binary files, other encodings) with the file and line of
the problem and what to do about it.
"""

from __future__ import annotations

from pathlib import Path

from realpolitik.errors import InputError
from realpolitik.io.notices import notify

MAX_BYTES = 20_000_000
"""Input files larger than this are refused before parsing."""

_SIGNATURES = {
    b"PK\x03\x04": "a zip archive (an .xlsx or .ods spreadsheet? an .xlsx workbook is read "
    "when its name ends in .xlsx)",
    b"\xd0\xcf\x11\xe0": "an old Office document (an .xls spreadsheet?)",
    b"%PDF": "a PDF document",
}


def read_text(path: Path) -> str:
    """Read a text file as UTF-8 (a byte-order mark is tolerated).

    UTF-16 text with a byte-order mark (Excel's "Unicode text") is decoded too,
    with a notice. Anything else that is not UTF-8 text raises
    :class:`InputError` naming the line of the first bad byte.

    Args:
        path: the file.

    Returns:
        The text, with the byte-order mark removed.
    """
    return decode_text(_read_bytes(path), str(path))


def decode_text(data: bytes, name: str) -> str:
    """The text of a file's content, as :func:`read_text` reads it (``name`` in messages)."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _decode_utf16(data, name)
    for signature, kind in _SIGNATURES.items():
        if data.startswith(signature):
            raise InputError.one(
                f"this is {kind}, not a text file; save or export it as CSV (UTF-8)",
                file=name,
                line=1,
            )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = _line_at(data, exc.start)
        raise InputError.one(_encoding_message(data, exc.start), file=name, line=line) from None
    nul = text.find("\x00")
    if nul >= 0:
        raise InputError.one(
            "this looks like a binary file (it contains NUL bytes), not text; give a YAML, "
            "JSON, CSV or TSV file saved as UTF-8 text",
            file=name,
            line=_line_at(data, data.find(b"\x00")),
        )
    return text


def _read_bytes(path: Path) -> bytes:
    name = str(path)
    if not path.exists():
        raise InputError.one("file not found; check the path", file=name)
    if path.is_dir():
        raise InputError.one("is a folder, not a file; give the path of a file", file=name)
    try:
        if path.stat().st_size > MAX_BYTES:
            raise InputError.one(
                f"file is larger than {MAX_BYTES // 1_000_000} MB; this is not a scenario "
                "or stakeholder table",
                file=name,
            )
        return path.read_bytes()
    except OSError as exc:
        raise InputError.one(f"cannot read the file: {exc.strerror}", file=name) from None


def _decode_utf16(data: bytes, name: str) -> str:
    try:
        text = data.decode("utf-16")
    except UnicodeDecodeError as exc:
        raise InputError.one(
            f"the file starts like UTF-16 text but byte {exc.start} is not; save it as UTF-8",
            file=name,
        ) from None
    notify("read as UTF-16 text (it starts with a UTF-16 byte-order mark)", file=name)
    return text


def _line_at(data: bytes, offset: int) -> int:
    """1-based line of a byte offset; CR, LF and CRLF all end a line."""
    head = data[:offset].replace(b"\r\n", b"\n").replace(b"\r", b"\n")
    return head.count(b"\n") + 1


def _encoding_message(data: bytes, offset: int) -> str:
    byte = data[offset]
    try:
        data.decode("cp1252")
    except UnicodeDecodeError:
        guess = "it is not text, or in an encoding other than UTF-8"
    else:
        char = bytes([byte]).decode("cp1252", errors="replace")
        guess = f"it looks like Windows-1252/Latin-1 text ('{char}')"
    return (
        f"not UTF-8: byte 0x{byte:02x} at offset {offset} cannot be read; {guess}. "
        "Save the file as UTF-8 (in Excel: 'CSV UTF-8')"
    )

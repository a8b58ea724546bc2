"""The project's CSV tables: optional ``# key: value`` comment lines, then a header and rows.

Legends, parameter tables and other user-editable tables share this layout; errors name the
line as an editor counts it (comment and blank lines included).
"""

from __future__ import annotations

import csv
import os
from pathlib import Path
from typing import Union

from .errors import InputError


def read_table_file(path: Union[str, os.PathLike], kind: str) -> str:
    """The text of a user table CSV (UTF-8, a BOM allowed); errors name the ``kind`` (e.g. "legend") and the path."""
    path = Path(path)
    if not path.exists():
        raise InputError(f"The {kind} file '{path}' does not exist.", f"Check the path of the {kind} CSV.")
    try:
        return path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as err:
        raise InputError(f"The {kind} file '{path}' cannot be read ({err}).", "Save it as UTF-8 CSV.") from err


def read_commented_csv(text: str, kind: str, name: str) -> tuple[dict[str, str], list[tuple[int, list[str]]]]:
    """Metadata from ``# key: value`` lines and the non-empty CSV rows with their file line numbers.

    ``kind`` and ``name`` say which table it is in error messages (e.g. "legend", the file path).
    """
    meta: dict[str, str] = {}
    rows: list[tuple[int, list[str]]] = []
    for line_no, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if stripped.startswith("#"):
            key, sep, value = stripped.lstrip("#").partition(":")
            if sep:
                meta[key.strip().lower()] = value.strip()
            continue
        if not stripped:
            continue
        try:
            cells = next(csv.reader([line], strict=True))
        except csv.Error as err:
            raise InputError(
                f"Line {line_no} of {kind} '{name}' is not valid CSV ({err}).",
                "Quote cells that contain commas or quotes with double quotes, and double the quotes inside.",
            ) from None
        if any(cell.strip() for cell in cells):
            rows.append((line_no, cells))
    return meta, rows

"""Writing outputs completely or not at all: CSV tables and GeoTIFF rasters.

Every writer writes to a temporary file next to the destination and renames it
into place only when everything was written, so an error or a cancellation
never leaves a half-written file behind.
"""

from __future__ import annotations

import contextlib
import csv
import math
import os
import tempfile
from typing import Iterator, Mapping, Optional, Sequence

import numpy as np

from .errors import OutputError


def check_writable(path: str) -> None:
    """Raise :class:`OutputError` when ``path`` cannot be created (checked before any work is done)."""
    folder = os.path.dirname(os.path.abspath(path)) or "."
    if not os.path.isdir(folder):
        raise OutputError(
            f"The output folder '{folder}' does not exist.",
            "Create the folder or choose another output path.",
        )
    if not os.access(folder, os.W_OK):
        raise OutputError(
            f"The output folder '{folder}' is not writable.",
            "Choose a folder you may write to (e.g. in your home folder).",
        )
    if os.path.isdir(path):
        raise OutputError(f"The output path '{path}' is a folder.", "Give a file name, e.g. result.csv.")


class OutputBatch:
    """Several outputs staged in temporary files and moved into place together, or not at all.

    Use as a context manager: leaving the block normally commits every staged file,
    an exception (an error or a cancellation) deletes them all.
    """

    def __init__(self) -> None:
        self._staged: list[tuple[str, str]] = []

    def stage(self, path: str) -> str:
        """A temporary file next to ``path`` that :meth:`commit` will move onto it."""
        tmp = temporary_next_to(path)
        self._staged.append((tmp, path))
        return tmp

    def commit(self) -> None:
        """Move every staged file into place."""
        for tmp, path in self._staged:
            publish(tmp, path)
        self._staged = []

    def discard(self) -> None:
        """Delete every staged file."""
        for tmp, _path in self._staged:
            remove_partial(tmp)
        self._staged = []

    def __enter__(self) -> "OutputBatch":
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is None:
            self.commit()
        else:
            self.discard()


@contextlib.contextmanager
def atomic_path(path: str, batch: Optional[OutputBatch] = None) -> Iterator[str]:
    """Yield a temporary path next to ``path``; it becomes ``path`` only if the block succeeds
    (at once, or when ``batch`` commits)."""
    tmp = batch.stage(path) if batch is not None else temporary_next_to(path)
    try:
        yield tmp
        if batch is None:
            publish(tmp, path)
    except BaseException:
        remove_partial(tmp)
        raise


def temporary_next_to(path: str, suffix: str = "") -> str:
    """Create an empty hidden temporary file in the folder of ``path`` (checked writable) and return its path."""
    check_writable(path)
    folder = os.path.dirname(os.path.abspath(path))
    stem, ext = os.path.splitext(os.path.basename(path))
    fd, tmp = tempfile.mkstemp(prefix=f".{stem}.", suffix=f".part{suffix or ext}", dir=folder)
    os.close(fd)
    return tmp


def publish(tmp: str, path: str) -> None:
    """Give ``tmp`` the usual file permissions and move it onto ``path``."""
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(tmp, 0o666 & ~umask)
    os.replace(tmp, path)


def remove_partial(tmp: str) -> None:
    """Delete a temporary output and its GDAL side file, if present."""
    for leftover in (tmp, tmp + ".aux.xml"):
        if os.path.exists(leftover):
            os.remove(leftover)


def format_value(value: object) -> str:
    """CSV text of one value: integers as such, floats with 10 significant digits, NaN as empty."""
    if value is None:
        return ""
    if isinstance(value, (float, np.floating)):
        if math.isnan(value) or math.isinf(value):
            return ""
        if float(value).is_integer() and abs(value) < 1e15:
            return str(int(value)) if isinstance(value, np.integer) else f"{float(value):.10g}"
        return f"{float(value):.10g}"
    if isinstance(value, np.integer):
        return str(int(value))
    return str(value)


def write_csv(
    path: str, columns: Mapping[str, Sequence], index: Optional[Sequence[str]] = None, batch: Optional[OutputBatch] = None
) -> None:
    """Write a column table as CSV (one row per element), atomically."""
    names = list(index or columns.keys())
    length = len(next(iter(columns.values()))) if columns else 0
    with atomic_path(path, batch) as tmp:
        with open(tmp, "w", newline="", encoding="utf-8") as f:
            writer = csv.writer(f)
            writer.writerow(names)
            for i in range(length):
                writer.writerow([format_value(columns[name][i]) for name in names])


def write_record_csv(path: str, record: Mapping[str, object], batch: Optional[OutputBatch] = None) -> None:
    """Write one record (e.g. the landscape metrics) as a one-row CSV, atomically."""
    write_csv(path, {k: [v] for k, v in record.items()}, batch=batch)


def write_raster_strips(
    path: str,
    profile: dict,
    strips: Iterator[tuple[int, np.ndarray]],
    band_names: Optional[Sequence[str]] = None,
    batch: Optional[OutputBatch] = None,
) -> None:
    """Write a GeoTIFF from ``(row0, array)`` strips (arrays are (bands, rows, cols) or (rows, cols)), atomically.

    DEFLATE at level 1 on every core (several times faster than the default level for files a little
    larger); the file is reopened for each strip, so GDAL's block cache never holds more than a strip
    (kept open, it would grow up to 5 % of the RAM on a large raster).
    """
    import rasterio
    from rasterio.windows import Window

    prof = dict(profile)
    prof.setdefault("driver", "GTiff")
    prof.setdefault("tiled", True)
    prof.setdefault("blockxsize", 256)
    prof.setdefault("blockysize", 256)
    prof.setdefault("compress", "deflate")
    prof.setdefault("zlevel", 1)
    prof.setdefault("num_threads", "ALL_CPUS")
    if prof["width"] < 256 or prof["height"] < 256:
        prof["tiled"] = False
        prof.pop("blockxsize", None)
        prof.pop("blockysize", None)
    with atomic_path(path, batch) as tmp:
        with rasterio.open(tmp, "w", **prof) as dst:
            if band_names:
                for i, name in enumerate(band_names, start=1):
                    dst.set_band_description(i, name)
        for row0, block in strips:
            block = block if block.ndim == 3 else block[None]
            with rasterio.open(tmp, "r+", num_threads=prof["num_threads"]) as dst:
                dst.write(block, window=Window(0, row0, block.shape[2], block.shape[1]))

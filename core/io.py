"""Writing outputs completely or not at all: CSV tables and GeoTIFF rasters (one strip writer for all).

Every writer writes to a temporary file next to the destination and renames it
into place only when everything was written, so an error or a cancellation
never leaves a half-written file behind.
"""

from __future__ import annotations

import contextlib
import csv
import math
import os
import stat
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
    check_replaceable(path)


def is_read_only(path: str) -> bool:
    """True when ``path`` exists and its owner may not write it: no write bit for anyone (also for root,
    whom the system would let through), or no write access for this user."""
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        return False
    return not mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH) or not os.access(path, os.W_OK)


def check_replaceable(path: str) -> None:
    """Raise :class:`OutputError` when ``path`` is an existing file the user cannot write: it is never replaced."""
    if os.path.isfile(path) and is_read_only(path):
        raise OutputError(
            f"The output file '{path}' exists and is read-only; it was not replaced.",
            "Make the file writable, delete it, or choose another output path.",
        )


class AllOrNothing:
    """A context manager over staged output: leaving the block normally commits, an exception discards."""

    def commit(self) -> None:  # pragma: no cover - defined by each output
        raise NotImplementedError

    def discard(self) -> None:  # pragma: no cover - defined by each output
        raise NotImplementedError

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is None:
            self.commit()
        else:
            self.discard()


class OutputBatch(AllOrNothing):
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
        """Move every staged file into place (none when one of the destinations has become read-only)."""
        for _tmp, path in self._staged:
            check_replaceable(path)
        for tmp, path in self._staged:
            publish(tmp, path)
        self._staged = []

    def discard(self) -> None:
        """Delete every staged file."""
        for tmp, _path in self._staged:
            remove_partial(tmp)
        self._staged = []


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
    """Give ``tmp`` the usual file permissions and move it onto ``path`` (never onto a read-only file)."""
    check_replaceable(path)
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


TILE = 256  # side of the output tiles (cells)


def geotiff_profile(profile: Mapping[str, object]) -> dict:
    """``profile`` completed with the strip writers' settings; what ``profile`` sets is kept.

    DEFLATE at level 1 on every core (several times faster than the default level for files a
    little larger); 256 x 256 tiles when the raster is at least a tile each way, otherwise strips.
    """
    prof = dict(profile)
    prof.setdefault("driver", "GTiff")
    prof.setdefault("compress", "deflate")
    prof.setdefault("zlevel", 1)
    prof.setdefault("num_threads", "ALL_CPUS")
    if "tiled" not in prof:
        if prof["width"] < TILE or prof["height"] < TILE:
            prof["tiled"] = False
            prof.pop("blockxsize", None)
            prof.pop("blockysize", None)
        else:
            prof["tiled"] = True
            prof.setdefault("blockxsize", TILE)
            prof.setdefault("blockysize", TILE)
    return prof


class RasterStrips(AllOrNothing):
    """One GeoTIFF written strip by strip into a staged file, published whole or deleted.

    The file is created with ``profile`` (completed by :func:`geotiff_profile`) beside ``path``
    (or staged in ``batch``) and reopened for the strips that follow one ending on a block
    boundary: closing it hands the written blocks to the disk, so GDAL's block cache never holds
    more than a strip and one row of blocks (kept open, it would grow up to 5 % of the RAM on a
    large raster), and no block is compressed twice. :meth:`commit` moves the file onto ``path``
    (with a ``batch``, the batch does), :meth:`discard` deletes it; as a context manager, leaving the
    block normally commits and an exception discards.
    """

    def __init__(
        self,
        path: str,
        profile: Mapping[str, object],
        band_names: Optional[Sequence[str]] = None,
        units: Optional[Sequence[str]] = None,
        batch: Optional[OutputBatch] = None,
        suffix: str = "",
    ) -> None:
        import rasterio

        self.path = path
        self.profile = geotiff_profile(profile)
        self._batch = batch
        self.tmp = batch.stage(path) if batch is not None else temporary_next_to(path, suffix)
        self._ds = None
        self._row0: Optional[int] = None
        self._end = 0
        try:
            with rasterio.open(self.tmp, "w", **self.profile) as dst:
                for i, name in enumerate(band_names or (), start=1):
                    dst.set_band_description(i, name)
                if units:
                    dst.units = tuple(units)
                self._block_rows = dst.block_shapes[0][0]
        except BaseException:
            remove_partial(self.tmp)
            raise

    def write(self, row0: int, values: np.ndarray, band: Optional[int] = None) -> None:
        """Write rows from ``row0``: ``values`` (bands, rows, cols) for every band, or (rows, cols) for
        ``band`` (1-based; band 1 when not given)."""
        import rasterio
        from rasterio.windows import Window

        if row0 != self._row0:
            if self._ds is not None and (self._end % self._block_rows == 0 or self._end >= self.profile["height"]):
                self.close()
            if self._ds is None:
                threads = {"num_threads": self.profile["num_threads"]} if "num_threads" in self.profile else {}
                self._ds = rasterio.open(self.tmp, "r+", **threads)
            self._row0 = row0
        window = Window(0, row0, values.shape[-1], values.shape[-2])
        if values.ndim == 3:
            self._ds.write(values, window=window)
        else:
            self._ds.write(values, band or 1, window=window)
        self._end = max(self._end, row0 + values.shape[-2])

    def close(self) -> None:
        """Close the file, leaving it staged (:meth:`write` reopens it)."""
        ds, self._ds = self._ds, None
        if ds is not None and not ds.closed:
            ds.close()

    def commit(self) -> None:
        """Close the file and move it onto its destination (with a batch, when the batch commits)."""
        self.close()
        if self._batch is None:
            publish(self.tmp, self.path)

    def discard(self) -> None:
        """Close and delete the file."""
        try:
            self.close()
        finally:
            remove_partial(self.tmp)


def write_raster_strips(
    path: str,
    profile: dict,
    strips: Iterator[tuple[int, np.ndarray]],
    band_names: Optional[Sequence[str]] = None,
    batch: Optional[OutputBatch] = None,
) -> None:
    """Write a GeoTIFF from ``(row0, array)`` strips (arrays are (bands, rows, cols) or (rows, cols)), atomically.

    Settings and memory as :class:`RasterStrips`.
    """
    with RasterStrips(path, profile, band_names, batch=batch) as out:
        for row0, block in strips:
            out.write(row0, block if block.ndim == 3 else block[None])


# -- output folders --------------------------------------------------------------------------------------
STAGING_OWNER = ".owner"
"""Marker file inside a staging folder: which process (host, pid) fills it, so a later run can tell a staging
folder left by a run that was killed outright from one still being filled, and never touches anything else."""


def _process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def remove_stale_staging(folder: str, prefix: str) -> list[str]:
    """Delete staging folders ``<folder>/<prefix>*`` that this plugin made (they hold its owner marker) for a
    process of this host that no longer runs; return their paths. Anything else is left alone."""
    import shutil
    import socket

    removed = []
    try:
        names = os.listdir(folder)
    except OSError:
        return removed
    for name in names:
        path = os.path.join(folder, name)
        marker = os.path.join(path, STAGING_OWNER)
        if not (name.startswith(prefix) and os.path.isdir(path) and os.path.isfile(marker)):
            continue
        try:
            with open(marker, encoding="utf-8") as handle:
                host, pid_text = handle.read().split()[:2]
            pid = int(pid_text)
        except (OSError, ValueError):
            continue
        if host == socket.gethostname() and pid != os.getpid() and not _process_alive(pid):
            shutil.rmtree(path, ignore_errors=True)
            removed.append(path)
    return removed


class StagedFolder:
    """An output folder filled through a hidden staging folder inside it, published whole or not at all.

    ``open()`` creates the output folder if needed (clear :class:`OutputError` when it cannot be), removes the
    staging folders of earlier runs that were killed outright, and makes a new hidden staging folder;
    ``publish()`` moves every visible staged entry into the output folder after checking that none of the
    files it replaces is read-only; ``discard()`` deletes the staging folder (and the output folder when this
    run created it and it stayed empty).
    """

    def __init__(self, folder: str, prefix: str) -> None:
        self.folder = os.path.abspath(folder)
        self.prefix = prefix
        self.path = ""
        self.created = False

    def open(self) -> str:
        """Create the output folder and a fresh staging folder inside it; return the staging folder's path."""
        import socket

        folder = self.folder
        if os.path.exists(folder) and not os.path.isdir(folder):
            raise OutputError(f"The output folder '{folder}' is a file.", "Choose a folder (or a new folder name).")
        self.created = not os.path.exists(folder)
        try:
            os.makedirs(folder, exist_ok=True)
        except OSError as err:
            raise OutputError(
                f"The output folder '{folder}' cannot be created ({err.strerror or err}).",
                "Choose a folder inside one that exists and that you may write to.",
            ) from err
        if not os.access(folder, os.W_OK):
            raise OutputError(f"The output folder '{folder}' is not writable.",
                              "Choose a folder you may write to (e.g. in your home folder).")
        remove_stale_staging(folder, self.prefix)
        self.path = tempfile.mkdtemp(prefix=self.prefix, dir=folder)
        with open(os.path.join(self.path, STAGING_OWNER), "w", encoding="utf-8") as handle:
            handle.write(f"{socket.gethostname()} {os.getpid()}\n")
        return self.path

    def _entries(self) -> list[str]:
        return [n for n in sorted(os.listdir(self.path)) if not n.startswith(".")]

    def replaced(self) -> list[str]:
        """The staged entries that will replace something of the same name in the output folder."""
        return [n for n in self._entries() if os.path.lexists(os.path.join(self.folder, n))]

    def check_publishable(self) -> None:
        """Raise :class:`OutputError` naming the first read-only file that publishing would replace."""
        for name in self._entries():
            target = os.path.join(self.folder, name)
            paths = [target]
            if os.path.isdir(target):
                paths = [os.path.join(root, f) for root, _dirs, files in os.walk(target) for f in files]
            for path in paths + [target + ".aux.xml"]:
                check_replaceable(path)

    def publish(self) -> int:
        """Move the staged entries into the output folder (replacing earlier ones); return the number of files."""
        import shutil

        self.check_publishable()
        entries = self._entries()
        count = sum(len(files) for name in entries for _root, _dirs, files in os.walk(os.path.join(self.path, name)))
        count += sum(1 for name in entries if os.path.isfile(os.path.join(self.path, name)))
        for name in entries:
            src, dst = os.path.join(self.path, name), os.path.join(self.folder, name)
            if os.path.isdir(src) and os.path.isdir(dst):
                shutil.rmtree(dst)
            elif os.path.isdir(src) and os.path.lexists(dst):
                os.remove(dst)
            if os.path.exists(dst + ".aux.xml"):
                os.remove(dst + ".aux.xml")
            os.replace(src, dst)
        shutil.rmtree(self.path, ignore_errors=True)
        self.path = ""
        return count

    def discard(self) -> None:
        """Delete the staging folder, and the output folder when this run created it and it is empty."""
        import shutil

        if self.path:
            shutil.rmtree(self.path, ignore_errors=True)
            self.path = ""
        if self.created and os.path.isdir(self.folder) and not os.listdir(self.folder):
            os.rmdir(self.folder)

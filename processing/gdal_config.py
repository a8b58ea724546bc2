"""GDAL settings of the QGIS side: layers loaded to check parameters write no auxiliary file beside an input."""

from __future__ import annotations

import contextlib
from typing import Iterator


@contextlib.contextmanager
def no_auxiliary_files() -> Iterator[None]:
    """GDAL's persistent auxiliary metadata (PAM, ``<file>.aux.xml``) off on this thread inside the block.

    Datasets opened inside keep PAM off until they close, so statistics a layer's renderer computes are not saved
    beside the file. Without GDAL's Python bindings (not a QGIS install) the block changes nothing.
    """
    try:
        from osgeo import gdal
    except ImportError:  # pragma: no cover - QGIS ships osgeo
        yield
        return
    before = gdal.GetThreadLocalConfigOption("GDAL_PAM_ENABLED", None)
    gdal.SetThreadLocalConfigOption("GDAL_PAM_ENABLED", "NO")
    try:
        yield
    finally:
        gdal.SetThreadLocalConfigOption("GDAL_PAM_ENABLED", before)

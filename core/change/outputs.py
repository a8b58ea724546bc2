"""Files of a change analysis: the CSV tables and, in pass 2, the rasters looked up by history.

Rasters are float32 in t C/ha with nodata −9999; every file is staged and appears together with
the others (or not at all).
"""

from __future__ import annotations

from typing import Mapping, Optional

import numpy as np

from ..feedback import FeedbackLike, Steps, as_steps
from ..io import OutputBatch, RasterStrips, write_csv
from ..landcover import plan_strips
from .result import ChangeResult
from .snapshots import Snapshots, block_rows as snapshot_block_rows

NODATA = -9999.0


RASTER_KINDS: tuple[str, ...] = ("net_sequestration", "accumulation", "emissions", "gain_loss")


def write_change_tables(
    result: ChangeResult,
    periods: Optional[str] = None,
    stocks: Optional[str] = None,
    transition_areas: Optional[str] = None,
    transitions: Optional[str] = None,
    batch: Optional[OutputBatch] = None,
) -> None:
    """Write the CSV tables asked for (each path may be None)."""
    if periods:
        write_csv(periods, result.periods, batch=batch)
    if stocks:
        write_csv(stocks, result.stocks, batch=batch)
    if transition_areas:
        write_csv(transition_areas, result.transition_areas, batch=batch)
    if transitions:
        result.transitions.to_csv(transitions, result.legend, batch=batch)


def write_change_rasters(
    result: ChangeResult,
    snapshots: Snapshots,
    paths: Mapping[str, Optional[str]],
    batch: Optional[OutputBatch] = None,
    feedback: "Optional[FeedbackLike | Steps]" = None,
) -> None:
    """Pass 2: write the rasters asked for (``paths``: kind → path), float32 t C/ha, nodata −9999.

    Each strip of the snapshots is read once and every raster gets its strip by looking the
    cells' histories up; all files are staged and appear together (or not at all).
    """
    wanted = [(k, p) for k, p in paths.items() if p]
    if not wanted:
        return
    steps = as_steps(feedback)
    hist = result.histories
    grid = snapshots.grid
    lookup = hist.index_lookup()
    tables = []
    for kind, _path in wanted:
        values, names = result.raster_bands(kind)
        table = np.full((values.shape[1], hist.n + 1), NODATA, dtype=np.float32)
        table[:, : hist.n] = values.T
        tables.append((table, names))
    tiled = grid.width >= 256 and grid.height >= 256
    block_rows = 256 if tiled else 16
    profile = {
        "width": grid.width, "height": grid.height, "dtype": "float32", "nodata": NODATA,
        "crs": grid.crs_wkt, "transform": grid.transform,
    }
    profile.update(tiled=True, blockxsize=256, blockysize=256) if tiled else profile.update(tiled=False, blockysize=block_rows)
    own_batch = batch is None
    batch = batch if batch is not None else OutputBatch()
    files: list[RasterStrips] = []
    try:
        for (_kind, path), (table, names) in zip(wanted, tables):
            files.append(RasterStrips(path, {**profile, "count": table.shape[0]}, names, batch=batch))
        # Strips of whole output blocks: each file is closed after every strip, so GDAL's block cache never
        # holds more than a strip (RasterStrips).
        unit = block_rows
        input_rows = snapshot_block_rows(snapshots)
        if input_rows and input_rows % block_rows == 0:
            unit = input_rows  # whole input blocks too: none is decompressed twice
        rows = result.options.rows_per_strip or max(1, (1 << 22) // max(grid.width, 1))
        rows = max(unit, rows // unit * unit)
        strips = plan_strips(grid.height, grid.width, rows)
        for n_done, (r0, r1) in enumerate(strips):
            digits = [hist.encoder.digits(i, lc.read_rows(r0, r1)) for i, lc in enumerate(snapshots.landcovers)]
            row_of = lookup(hist.encoder.encode(digits, grow=False))
            del digits
            row_of[row_of < 0] = hist.n
            row_of = row_of.reshape(r1 - r0, grid.width)
            for out, (table, _names) in zip(files, tables):
                out.write(r0, table[:, row_of])
            steps.progress((n_done + 1) / len(strips))
        for out in files:
            out.commit()
        if own_batch:
            batch.commit()
    except BaseException:
        for out in files:
            out.close()
        if own_batch:
            batch.discard()
        raise

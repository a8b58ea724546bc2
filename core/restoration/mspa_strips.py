"""MSPA in row strips with bounded memory: the same codes as :func:`core.restoration.mspa.mspa_array`.

The seven classes (module docstring of :mod:`core.restoration.mspa`) split into local operations and
connected components, each done strip by strip:

1. **core and opening** are local: core = F ∩ ε_s(F) needs the cells within s of a cell, the opening
   γ_s(F) = F ∩ δ_s(core) the core within s, so each strip is computed from the rows within 2s of it (its
   halo; rows and columns outside the raster are background with ``boundary_is_background``, else
   nothing), with the whole-raster distance functions on that window. The strip's provisional codes
   (missing, background, core, ring of the opening as edge, the rest of F as branch) go to the code raster.
2. **components**, labelled in the same pass by strips joined across strip borders (the patch engine's
   :func:`core.patches.label_classes`, :func:`core.patches.border_pairs`, :func:`core.patches.join_labels`,
   label stores in memory or on disk as :class:`core.patches.LabelStore` decides): the foreground
   (foreground rule) with its count of core cells, the non-core (background rule) with its bounding box,
   and the opening (foreground rule: the core regions).
3. per strip, **islets** are the foreground cells of components with no core cell, **perforation** the
   ring cells of non-core components whose bounding box does not reach the raster's border (a hole of
   the core; the whole-raster analysis pads the raster with one ring of non-core and calls holes the
   components not joined to it, the same thing); the remaining branch cells are the **connectors**,
   labelled again by strips.
4. **bridge / loop / branch** with the spurs: connector components are classified by the whole-raster
   function :func:`core.restoration.mspa._classify_connectors` on a window of full rows holding whole
   components plus one cell around them, with the raster-wide core-region ids read from the label store
   (only their equality matters). Components are taken together by the strip of their first row when
   they span at most a strip's rows (window: their joint bounding box, at most twice a strip's rows), one
   at a time in their own bounding box (+ 1 cell) otherwise. Components never interact in the rule
   (a path between two contacts stays in one component), so the result is that of the whole raster.

Memory: a strip with its 2s halo, the label stores (int32 per cell: in memory up to
:data:`IN_MEMORY_CELLS` cells, files on disk above) and the uint8 code raster (a file-backed memory map above
the same size), plus the bounding box of the largest connector component, which cannot
be avoided: a bridge is a property of the whole component.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from typing import Callable, Optional

import numpy as np

from ..errors import InputError
from ..feedback import Steps
from ..landcover import plan_strips
from ..patches import LabelStore, border_pairs, join_labels, label_classes, structure_of
from .mspa import BACKGROUND, BRANCH, CORE, EDGE, ISLET, MISSING, PERFORATION, _classify_connectors, _distance_to

IN_MEMORY_CELLS = 1 << 24
"""Label stores and the code raster stay in memory up to this many cells (4 stores × 4 bytes + 1 byte a cell,
about 0.29 GB at the limit), and go to temporary files beyond, so that memory stays bounded by the strips."""

RowReader = Callable[[int, int], tuple[np.ndarray, np.ndarray]]
"""``(row0, row1) -> (foreground, valid)`` boolean rows; rows outside the raster are not valid."""


@dataclass
class _Components:
    """Components of a mask given strip by strip from the top, joined across strip borders."""

    height: int
    width: int
    neighbours: int
    in_memory: Optional[bool] = None
    store: LabelStore = field(init=False)
    n: int = 0  # components, once finished
    row_min: np.ndarray = field(init=False)
    row_max: np.ndarray = field(init=False)
    col_min: np.ndarray = field(init=False)
    col_max: np.ndarray = field(init=False)
    weight: np.ndarray = field(init=False)  # per component: cells of the weight mask

    def __post_init__(self) -> None:
        self.store = LabelStore(self.height, self.width, in_memory=self.in_memory)
        self._structure = structure_of(self.neighbours)
        self._parts: list[dict[str, np.ndarray]] = []
        self._pairs: list[tuple[np.ndarray, np.ndarray]] = []
        self._base = self._base_prev = 0
        self._prev: Optional[tuple[np.ndarray, np.ndarray]] = None

    def add(self, row0: int, mask: np.ndarray, weight: Optional[np.ndarray] = None) -> None:
        """Label the next strip (rows ``row0..``) of the mask; ``weight`` (boolean) is counted per component."""
        row1 = row0 + mask.shape[0]
        buf = self.store.strip_buffer(row0, row1)
        labels = buf if buf is not None else np.zeros(mask.shape, dtype=self.store.dtype)
        k = mask.astype(np.uint8)
        part = label_classes(k, labels, self._structure, 1)
        n_local = part["cls"].size
        part["row_min"] = part["row_min"] + row0
        part["row_max"] = part["row_max"] + row0
        part["weight"] = (np.bincount(labels[weight], minlength=n_local + 1)[1:] if weight is not None
                          else np.zeros(n_local, dtype=np.int64))
        if self._prev is not None:
            a, b = border_pairs(self._prev[0], self._prev[1], k[0], labels[0], self.neighbours)
            self._pairs.append((a + self._base_prev, b + self._base))
        self.store.put(row0, row1, self._base, n_local, labels if buf is None else None)
        self._parts.append(part)
        self._prev = (k[-1].copy(), labels[-1].copy())
        self._base_prev = self._base
        self._base += n_local

    def finish(self) -> None:
        """Join the strips: components numbered 1..n, their bounding boxes and weights."""
        _n_comp, comp = join_labels(self._base, self._pairs)
        uniq = np.unique(comp[1:])
        global_of_local = np.searchsorted(uniq, comp) + 1
        global_of_local[0] = 0
        self.n = int(uniq.size)
        g = global_of_local[1:] - 1
        cat = {key: np.concatenate([p[key] for p in self._parts]) for key in ("row_min", "row_max", "col_min", "col_max", "weight")}
        self.row_min = np.full(self.n, self.height, dtype=np.int64)
        self.col_min = np.full(self.n, self.width, dtype=np.int64)
        self.row_max = np.full(self.n, -1, dtype=np.int64)
        self.col_max = np.full(self.n, -1, dtype=np.int64)
        np.minimum.at(self.row_min, g, cat["row_min"])
        np.minimum.at(self.col_min, g, cat["col_min"])
        np.maximum.at(self.row_max, g, cat["row_max"])
        np.maximum.at(self.col_max, g, cat["col_max"])
        self.weight = np.bincount(g, weights=cat["weight"], minlength=self.n).astype(np.int64)
        self.store.finalize(global_of_local)
        self._parts, self._pairs = [], []

    def close(self) -> None:
        """Free the labels (memory or files)."""
        self.store.close()


def code_raster(height: int, width: int, in_memory: Optional[bool] = None) -> np.ndarray:
    """A zeroed uint8 raster: in memory up to :data:`IN_MEMORY_CELLS` cells, else memory-mapped on an unlinked
    temporary file (freed with the array)."""
    if in_memory is None:
        in_memory = height * width <= IN_MEMORY_CELLS
    if in_memory:
        return np.zeros((height, width), dtype=np.uint8)
    return np.memmap(tempfile.TemporaryFile(prefix="bluecarbon_mspa_"), dtype=np.uint8, mode="w+", shape=(height, width))


def _local_codes(read: RowReader, r0: int, r1: int, height: int, s: int, neighbours: int,
                 boundary_is_background: bool) -> tuple[np.ndarray, ...]:
    """Provisional codes, foreground, core and opening of rows ``r0..r1-1``, from the rows within 2s."""
    halo = 2 * s
    fg, valid = read(r0 - halo, r1 + halo)
    fg = fg & valid
    bg = valid & ~fg
    if boundary_is_background:
        outside = np.zeros(bg.shape[0], dtype=bool)
        rows = np.arange(r0 - halo, r1 + halo)
        outside[(rows < 0) | (rows >= height)] = True
        bg = np.pad(bg | outside[:, None], ((0, 0), (1, 1)), constant_values=True)
        dist_bg = _distance_to(bg, neighbours)[:, 1:-1]
    else:
        dist_bg = _distance_to(bg, neighbours)
    core = fg & (dist_bg > s)
    del dist_bg
    opening = fg & (_distance_to(core, neighbours) <= s)
    mid = slice(halo, halo + r1 - r0)
    fg, valid, core, opening = fg[mid], valid[mid], core[mid], opening[mid]
    out = np.full(fg.shape, BACKGROUND, dtype=np.uint8)
    out[~valid] = MISSING
    out[fg] = BRANCH
    out[opening] = EDGE
    out[core] = CORE
    return out, fg, core, opening


def mspa_strips(
    read: RowReader,
    height: int,
    width: int,
    edge_width: int = 1,
    neighbours: int = 8,
    boundary_is_background: bool = False,
    rows_per_strip: Optional[int] = None,
    steps: Optional[Steps] = None,
    in_memory: Optional[bool] = None,
) -> np.ndarray:
    """MSPA byte codes (uint8 raster, memory-mapped when large) computed in strips; equal to ``mspa_array``."""
    if edge_width < 1 or int(edge_width) != edge_width:
        raise InputError(f"The MSPA edge width must be a whole number of cells ≥ 1, not {edge_width}.", "Give 1 or more.")
    s = int(edge_width)
    steps = steps or Steps(None)
    if in_memory is None:
        in_memory = height * width <= IN_MEMORY_CELLS
    bg_rule = 4 if neighbours == 8 else 8
    structure = structure_of(neighbours)
    strips = plan_strips(height, width, rows_per_strip)
    n_strips = len(strips)
    codes = code_raster(height, width, in_memory)
    fg_comp = _Components(height, width, neighbours, in_memory)
    nc_comp = _Components(height, width, bg_rule, in_memory)
    region = _Components(height, width, neighbours, in_memory)
    conn = _Components(height, width, neighbours, in_memory)
    try:
        # pass 1: local codes; foreground, non-core and opening components
        for i, (r0, r1) in enumerate(strips):
            steps.progress(0.4 * i / n_strips)
            out, fg, core, opening = _local_codes(read, r0, r1, height, s, neighbours, boundary_is_background)
            codes[r0:r1] = out
            fg_comp.add(r0, fg, core)
            nc_comp.add(r0, ~core)
            region.add(r0, opening)
        for c in (fg_comp, nc_comp, region):
            c.finish()
        # pass 2: islets and perforation; connector components
        has_core = np.concatenate(([True], fg_comp.weight > 0))
        in_hole = np.concatenate(([False], (nc_comp.row_min > 0) & (nc_comp.col_min > 0)
                                  & (nc_comp.row_max < height - 1) & (nc_comp.col_max < width - 1)))
        for i, (r0, r1) in enumerate(strips):
            steps.progress(0.4 + 0.2 * i / n_strips)
            out = np.array(codes[r0:r1])
            out[(out == BRANCH) & ~has_core[fg_comp.store.rows(r0, r1)]] = ISLET
            out[(out == EDGE) & in_hole[nc_comp.store.rows(r0, r1)]] = PERFORATION
            codes[r0:r1] = out
            conn.add(r0, out == BRANCH)
        fg_comp.close()
        nc_comp.close()
        conn.finish()
        # pass 3: bridge, loop, branch, a window of whole components at a time
        rows = strips[0][1] - strips[0][0]
        tall = (conn.row_max - conn.row_min + 1) > rows
        start = np.searchsorted([r1 for _r0, r1 in strips], conn.row_min, side="right")
        group = np.concatenate(([-1], np.where(tall, -1, start)))
        for i, (r0, r1) in enumerate(strips):
            steps.progress(0.6 + 0.4 * i / n_strips)
            members = np.flatnonzero(~tall & (start == i))
            if members.size:
                a, b = max(r0 - 1, 0), min(int(conn.row_max[members].max()) + 2, height)
                c0, c1 = max(int(conn.col_min[members].min()) - 1, 0), min(int(conn.col_max[members].max()) + 2, width)
                sel = group[conn.store.window(a, b, c0, c1)] == i
                _classify_window(codes, sel, region.store, structure, a, b, c0, c1)
        for j in np.flatnonzero(tall):
            steps.check()
            a, b = max(int(conn.row_min[j]) - 1, 0), min(int(conn.row_max[j]) + 2, height)
            c0, c1 = max(int(conn.col_min[j]) - 1, 0), min(int(conn.col_max[j]) + 2, width)
            sel = conn.store.window(a, b, c0, c1) == j + 1
            _classify_window(codes, sel, region.store, structure, a, b, c0, c1)
        steps.progress(1.0)
    finally:
        for c in (fg_comp, nc_comp, region, conn):
            c.close()
    return codes


def _classify_window(codes: np.ndarray, sel: np.ndarray, regions: LabelStore, structure: np.ndarray,
                     a: int, b: int, c0: int, c1: int) -> None:
    """Classify the whole connector components ``sel`` of a window (rows a..b-1, columns c0..c1-1) in place."""
    if not sel.any():
        return
    out = np.array(codes[a:b, c0:c1])
    _classify_connectors(out, sel, regions.window(a, b, c0, c1), structure)
    block = np.array(codes[a:b, c0:c1])
    block[sel] = out[sel]
    codes[a:b, c0:c1] = block


def array_reader(foreground: np.ndarray, valid: Optional[np.ndarray] = None) -> RowReader:
    """A :data:`RowReader` over arrays in memory (tests and small rasters)."""
    height = foreground.shape[0]
    valid = np.ones(foreground.shape, dtype=bool) if valid is None else valid.astype(bool)
    fg = foreground.astype(bool)

    def read(row0: int, row1: int) -> tuple[np.ndarray, np.ndarray]:
        f = np.zeros((row1 - row0, fg.shape[1]), dtype=bool)
        v = np.zeros_like(f)
        r0, r1 = max(row0, 0), min(row1, height)
        if r1 > r0:
            f[r0 - row0 : r1 - row0] = fg[r0:r1]
            v[r0 - row0 : r1 - row0] = valid[r0:r1]
        return f, v

    return read

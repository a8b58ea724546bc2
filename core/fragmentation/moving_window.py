"""Moving-window fragmentation surfaces: a class metric computed in a window around every cell.

The window W(x) is centred on the focal cell x. A ``"circle"`` holds the cells
whose centre lies within ``radius_m`` of the centre of x (distance ≤ radius ·
(1 + 1e-9)); a ``"square"`` holds the cells within ``radius_m`` of x both
across and along the rows (side 2·floor(r/dx)+1 cells). Distances use the cell
width ``dx_m`` and height ``dy_m`` in metres (on a geographic raster the
representative ones of :class:`~..landcover.CellGeometry`); areas and side
lengths are always the true per-row ones. Cells of class 0 (nodata, outside
the raster) are not landscape. For a focal cell x and a class c:

- A (m²): true area of the landscape cells in W(x). A nodata focal cell, or
  A = 0, gives nodata in every band.
- PLAND (%): 100 · area of class c in W / A. Range 0-100.
- ED (m/ha): length (m) of the sides of the class-c cells lying in W that face
  a cell of another landscape class (and, with ``count_boundary_edge``, a
  nodata cell or the raster edge), / A · 10 000. Each side is counted once, for
  its class-c cell, even when the neighbour lies just outside W. Range ≥ 0.
- PD (patches per 100 ha): number of distinct patches of class c (the map's
  patches under the 4- or 8-neighbour rule, not re-delineated inside W) with at
  least one cell in W, / A · 1 000 000. Range ≥ 0.
- AI (%): FRAGSTATS aggregation index inside W: like adjacencies of class c
  (orthogonal cell pairs, counted once, both cells in W) over the largest
  number of like adjacencies the same number of cells can have
  (:func:`.formulas.max_like_adjacencies`) · 100; nodata when that maximum is 0
  (fewer than 2 class-c cells in W). Range 0-100.
- MESH (ha): Σ over the patches of PD of (their area inside W, m²)² / A / 10 000.
  Range 0 to A in ha.
- LPI (%): 100 · largest area (m²) one of those patches has inside W / A. Range 0-100.

Only PD, MESH and LPI depend on the neighbour rule.

No Python loop runs per cell. PLAND, ED and AI are window sums of per-cell
quantities: the window is a union of row segments, so each sum is a row-wise
cumulative sum differenced once per distinct segment width and added up over
the row offsets (runs of equal widths through a column-wise cumulative sum, so
a square is fully separable); on projected grids they are exact integer sums of
cells and sides, scaled by the cell size. AI's pair counts use the window
intersected with itself shifted by one cell. PD, LPI and MESH loop over the
patches of the chosen classes: each patch's bounding box, grown by the window,
is packed with others into a canvas where grown boxes do not overlap; one window
sum of the canvas gives every packed patch's area inside the window around each
cell of its grown box, which is folded into a count (> 0), a running maximum and
a sum of squares. One-cell patches are handled all at once by window sums. The
raster is processed in row strips with a halo of the window's row radius.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any, Callable, Iterable, Iterator, Optional, Sequence

import numpy as np
from rasterio.crs import CRS
from rasterio._err import CPLE_BaseError
from rasterio.errors import RasterioError

from ..classes import ClassScheme, read_class_rows
from ..errors import InputError, OutputError
from ..feedback import FeedbackLike, Steps, as_steps
from ..io import RasterStrips, remove_partial
from ..landcover import CellGeometry, Grid, LandCover, plan_strips
from ..parallel import Parallelism, StripRunner
from ..patches import Labelling, label_patches
from .formulas import max_like_adjacencies
from .window_kernels import Kernels, check_radius, check_shape, window_kernels, window_max, window_sum

METRICS: tuple[str, ...] = ("PLAND", "ED", "PD", "AI", "MESH", "LPI")
"""Moving-window metrics, in band order."""

UNITS: dict[str, str] = {
    "PLAND": "%",
    "ED": "m/ha",
    "PD": "patches/100 ha",
    "AI": "%",
    "MESH": "ha",
    "LPI": "%",
}
PATCH_METRICS = frozenset({"PD", "MESH", "LPI"})
NODATA = -9999.0
WINDOW_STRIP_CELLS = 1 << 21  # default strip size (cells): 16 MB per float64 work array, ~350 MB peak
TILE = 256  # output block size; default strips are multiples of it
CANVAS_CELLS = 1 << 21  # cells of one canvas of packed patch boxes
CANVAS_WIDTH = 2048  # columns of a canvas (wider when a grown patch box is wider)
WRITE_ERRORS = (OSError, RasterioError, CPLE_BaseError)
IN_MEMORY_BYTES = 1 << 30  # largest result returned in memory (out_path=None)
PROGRESS_PATCHES = 256  # patches between progress reports


@dataclass(frozen=True)
class BandStats:
    """Minimum, maximum and mean of one band over its valid cells (values as stored)."""

    name: str
    minimum: float
    maximum: float
    mean: float
    valid_cells: int


@dataclass
class SurfaceResult:
    """What a moving-window run produced: one band per (metric, class) in band order."""

    path: Optional[str]  # the GeoTIFF, or None when the arrays were returned in memory
    band_names: list[str]  # band descriptions, e.g. "PLAND mangrove (%)"
    bands: list[tuple[str, int]]  # (metric, class index) of each band
    stats: list[BandStats]
    window_cells: int  # cells of the window, offsets clipped to ±(height-1) rows and ±(width-1) columns
    arrays: Optional[np.ndarray] = None  # (bands, height, width) float64, NaN = nodata; only when path is None

    def band(self, metric: str, cls: int) -> np.ndarray:
        """The in-memory surface of ``metric`` for class index ``cls`` (NaN = nodata)."""
        if self.arrays is None:
            raise ValueError("The surfaces were written to a file; read them from result.path.")
        return self.arrays[self.bands.index((metric.upper(), int(cls)))]


# -- checks ------------------------------------------------------------------------------------


def _check_metrics(metrics: Iterable[str]) -> list[str]:
    asked = {str(m).strip().upper() for m in metrics}
    unknown = asked - set(METRICS)
    if unknown:
        raise InputError(
            f"Unknown moving-window metric(s): {', '.join(sorted(unknown))}.",
            f"Choose among {', '.join(METRICS)}.",
        )
    if not asked:
        raise InputError("No moving-window metric was chosen.", f"Choose one or more of {', '.join(METRICS)}.")
    return [m for m in METRICS if m in asked]


def _check_classes(classes: Iterable[int], scheme: ClassScheme) -> list[int]:
    out: list[int] = []
    for c in classes:
        if isinstance(c, bool) or not isinstance(c, (int, np.integer)) or not 1 <= int(c) <= scheme.n_classes:
            raise InputError(
                f"Class index {c!r} does not exist: the map has classes 1 to {scheme.n_classes} "
                f"({', '.join(scheme.names)}).",
                "Choose classes by their index in the class scheme (1-based).",
            )
        if int(c) not in out:
            out.append(int(c))
    if not out:
        raise InputError("No class was chosen for the moving-window maps.", "Choose one or more classes.")
    return out


def band_name(metric: str, scheme: ClassScheme, cls: int) -> str:
    """Band description, e.g. ``"PLAND mangrove (%)"``."""
    return f"{metric} {scheme.names[cls - 1]} ({UNITS[metric]})"


# -- per-strip computation ---------------------------------------------------------------------


Emit = Callable[[tuple[str, int], np.ndarray], None]  # receives (metric, class) and a strip of values


@dataclass
class _Run:
    """Everything one run needs, shared by the strips."""

    lc: LandCover
    scheme: ClassScheme
    classes: list[int]
    metrics: list[str]
    kernels: Kernels
    count_boundary_edge: bool
    labelling: "Optional[Labelling | _StripPatches]"
    singleton: Optional[np.ndarray] = None  # per patch id (0 = none): True for one-cell patches

    @property
    def geometry(self) -> CellGeometry:
        return self.lc.geometry

    @property
    def unit_m2(self) -> float:
        """Area (m²) of one unit of what is window-summed: the cell on uniform grids (sums are cell counts), else 1."""
        return self.geometry.row_area_m2[0] if self.geometry.uniform else 1.0

    def measure(self, mask: np.ndarray, area: np.ndarray) -> np.ndarray:
        """What to window-sum for the area of ``mask``: the mask itself on uniform grids, else cell areas (m²)."""
        return mask if self.geometry.uniform else mask * area[:, None]

    def area_sum(self, mask: np.ndarray, area: np.ndarray) -> np.ndarray:
        """True area (m², float64) of the cells of ``mask`` in the window around each output cell."""
        return window_sum(self.measure(mask, area), self.kernels.window) * self.unit_m2


def _rows_of(values: np.ndarray, row0: int, row1: int) -> np.ndarray:
    """``values[row0:row1]`` with 0 for rows outside the array."""
    out = np.zeros(row1 - row0)
    a, b = max(row0, 0), min(row1, values.size)
    if b > a:
        out[a - row0 : b - row0] = values[a:b]
    return out


def _edge_sides(k_ext: np.ndarray, c: int, boundary: bool) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per cell of ``k_ext[1:-1]``: its left+right, top and bottom sides that are class-c edge (counts)."""
    k = k_ext[1:-1]
    outside = np.zeros((k.shape[0], 1), dtype=k.dtype)
    is_c = k == c

    def face(nb: np.ndarray) -> np.ndarray:
        edge = nb != c if boundary else (nb != c) & (nb != 0)
        edge &= is_c
        return edge

    sides = face(np.concatenate((outside, k[:, :-1]), axis=1)).astype(np.uint8)
    sides += face(np.concatenate((k[:, 1:], outside), axis=1))
    return sides, face(k_ext[:-2]), face(k_ext[2:])


def _edge_sum(run: _Run, k_ext: np.ndarray, c: int, s0: int, s1: int) -> np.ndarray:
    """Length (m, float64) of class-c edge of the cells in the window around each output cell."""
    geom, kern = run.geometry, run.kernels.window
    r = kern.row_radius
    left_right, top, bottom = _edge_sides(k_ext, c, run.count_boundary_edge)
    if geom.uniform:  # sides are cell heights (left, right) and widths (top, bottom)
        if geom.dx_m == geom.dy_m:
            return window_sum(left_right + top + bottom, kern) * geom.dx_m
        return window_sum(left_right, kern) * geom.dy_m + window_sum(top + bottom.astype(np.uint8), kern) * geom.dx_m
    lengths = left_right * _rows_of(geom.edge_v_m, s0 - r, s1 + r)[:, None]
    lengths += top * _rows_of(geom.edge_h_m, s0 - r, s1 + r)[:, None]
    lengths += bottom * _rows_of(geom.edge_h_m, s0 - r + 1, s1 + r + 1)[:, None]
    return window_sum(lengths, kern)


def _strip_surfaces(run: _Run, s0: int, s1: int, steps: Steps, emit: Emit) -> None:
    """Compute every band on output rows ``s0..s1-1`` (float64, NaN = nodata) and pass each to ``emit``."""
    r = run.kernels.window.row_radius
    n = s1 - s0
    k_ext = read_class_rows(run.lc, run.scheme, s0 - r - 1, s1 + r + 1)
    k = k_ext[1:-1]
    area = _rows_of(run.geometry.row_area_m2, s0 - r, s1 + r)
    landscape = run.area_sum(k > 0, area)
    valid = (k[r : r + n] > 0) & (landscape > 0)
    with np.errstate(divide="ignore", invalid="ignore"):
        per_area = np.where(valid, 1.0 / landscape, np.nan)
    del landscape, valid
    need_patches = bool(PATCH_METRICS & set(run.metrics))
    lab = run.labelling.store.rows(s0 - r, s1 + r) if need_patches else None
    for i, c in enumerate(run.classes):
        part = steps.sub(i / len(run.classes), (i + 1) / len(run.classes))
        part.progress(0.0)
        patch = _patch_sums(run, c, lab, s0, s1, area, part) if need_patches else None
        _class_surfaces(run, c, k_ext, s0, s1, area, per_area, patch, emit)
        del patch


def _class_surfaces(
    run: _Run, c: int, k_ext: np.ndarray, s0: int, s1: int, area: np.ndarray, per_area: np.ndarray,
    patch: Optional[tuple[np.ndarray, np.ndarray, np.ndarray]], emit: Emit,
) -> None:
    """Compute the chosen metrics of class ``c`` on the output rows and pass each to ``emit`` (NaN = nodata)."""
    want = set(run.metrics)
    is_c = k_ext[1:-1] == c
    if "PLAND" in want:
        emit(("PLAND", c), _scaled(run.area_sum(is_c, area), per_area, 100.0))
    if "ED" in want:
        emit(("ED", c), _scaled(_edge_sum(run, k_ext, c, s0, s1), per_area, 1e4))
    if "AI" in want:
        emit(("AI", c), _aggregation_index(is_c, run.kernels, per_area))
    if patch is not None:
        unit = run.unit_m2
        for metric, values, scale in zip(("PD", "LPI", "MESH"), patch, (1e6, 100.0 * unit, 1e-4 * unit * unit)):
            if metric in want:
                emit((metric, c), _scaled(values, per_area, scale))


def _scaled(values: np.ndarray, per_area: np.ndarray, scale: float) -> np.ndarray:
    """``values / A · scale`` as float64 (``per_area`` is 1/A, NaN where nodata)."""
    out = np.multiply(values, per_area, dtype=np.float64)
    out *= scale
    return out


def _aggregation_index(is_c: np.ndarray, kern: Kernels, per_area: np.ndarray) -> np.ndarray:
    """AI (%) of the class marked by ``is_c`` in every window; NaN where undefined or nodata."""
    pairs = np.zeros(is_c.shape, dtype=bool)
    np.logical_and(is_c[:, :-1], is_c[:, 1:], out=pairs[:, :-1])  # horizontal pair, by its left cell
    like = window_sum(pairs, kern.pairs_h)
    pairs[:, -1] = False
    np.logical_and(is_c[:-1], is_c[1:], out=pairs[:-1])  # vertical pair, by its top cell
    pairs[-1] = False
    like += window_sum(pairs, kern.pairs_v)
    del pairs
    cells = window_sum(is_c, kern.window)
    ok = (cells >= 2) & ~np.isnan(per_area)  # fewer than 2 cells: no adjacency possible, max is 0
    ai = np.full(cells.shape, np.nan)
    ai[ok] = 100.0 * like[ok] / max_like_adjacencies(cells[ok])
    return ai


def _patch_sums(
    run: _Run, c: int, lab: np.ndarray, s0: int, s1: int, area: np.ndarray, steps: Steps
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """For class c, around each output cell: patches touching the window, and the largest and the
    sum of squares of their areas inside it (in units of ``run.unit_m2`` and its square)."""
    kern = run.kernels.window
    r, p = kern.row_radius, kern.col_pad
    n, w = s1 - s0, lab.shape[1]
    t = run.labelling.patches
    largest = np.int64 if run.geometry.uniform else np.float64  # cells, or m²
    acc = (np.zeros((n, w), dtype=np.int32), np.zeros((n, w), dtype=largest), np.zeros((n, w)))
    _add_singletons(run, lab, c, area, acc)
    wanted = (t.cls == c) & ~run.singleton[1:]
    todo = np.flatnonzero(wanted & (t.row_max >= s0 - r) & (t.row_min < s1 + r))
    done = 0
    for height, width, slots in _pack(todo, t, s0 - r, lab.shape[0], r, p):
        steps.progress(0.9 * done / max(todo.size, 1))
        canvas = np.zeros((height + 2 * r, width), dtype=bool if run.geometry.uniform else np.float64)
        for q, y, x, r0, r1, c0, c1 in slots:
            cells = lab[r0:r1, c0:c1] == q + 1
            target = canvas[y + 2 * r : y + 2 * r + r1 - r0, x + p : x + p + c1 - c0]
            if run.geometry.uniform:
                target[...] = cells
            else:
                np.multiply(cells, area[r0:r1, None], out=target)
        inside = window_sum(canvas, kern)
        del canvas
        for i, (q, y, x, r0, r1, c0, c1) in enumerate(slots):
            if i % PROGRESS_PATCHES == PROGRESS_PATCHES - 1:
                steps.progress(0.9 * (done + i) / todo.size)
            full = inside[y : y + r1 - r0 + 2 * r, x : x + c1 - c0 + 2 * p]
            _accumulate(acc, full, r0 - r, c0 - p, r, n, w)
        done += len(slots)
    return acc


def _pack(
    todo: np.ndarray, t, e0: int, h_ext: int, r: int, p: int
) -> Iterator[tuple[int, int, list[tuple[int, ...]]]]:
    """Shelf-pack the bounding boxes of patches ``todo``, grown by the window, into canvases.

    Yields ``(height, width, slots)``; a slot ``(q, y, x, r0, r1, c0, c1)`` puts patch
    ``q``'s rows ``r0..r1-1`` (of the halo strip starting at raster row ``e0``) and
    columns ``c0..c1-1`` at canvas output position ``(y, x)``. Grown boxes do not
    overlap, so no window around one box reaches another patch's cells.
    """
    if todo.size == 0:
        return
    r0 = np.maximum(t.row_min[todo] - e0, 0)
    r1 = np.minimum(t.row_max[todo] + 1 - e0, h_ext)
    c0 = t.col_min[todo]
    c1 = t.col_max[todo] + 1
    grown_h = (r1 - r0 + 2 * r).tolist()
    grown_w = (c1 - c0 + 2 * p).tolist()
    width = max(CANVAS_WIDTH, max(grown_w))
    rows = list(zip(todo.tolist(), r0.tolist(), r1.tolist(), c0.tolist(), c1.tolist()))
    slots: list[tuple[int, ...]] = []
    x = y = shelf = 0
    for i in np.argsort(-np.asarray(grown_h), kind="stable").tolist():
        if x + grown_w[i] > width:
            y, x, shelf = y + shelf, 0, 0
            if (y + grown_h[i]) * width > CANVAS_CELLS:
                yield y, width, slots
                slots, y = [], 0
        q, a, b, c, d = rows[i]
        slots.append((q, y, x, a, b, c, d))
        x += grown_w[i]
        shelf = max(shelf, grown_h[i])
    yield y + shelf, width, slots


def _add_singletons(run: _Run, lab: np.ndarray, c: int, area: np.ndarray, acc: tuple[np.ndarray, ...]) -> None:
    """Add all one-cell patches of class ``c`` at once: window sums and a window maximum."""
    count, largest, squares = acc
    t = run.labelling.patches
    ones = run.singleton & np.concatenate(([False], t.cls == c))
    single = ones[lab]
    if not single.any():
        return
    kern = run.kernels.window
    n_single = window_sum(single, kern)
    count += n_single
    if run.geometry.uniform:  # in cells: each one-cell patch adds 1 to the sum of squares
        squares += n_single
        np.maximum(largest, n_single > 0, out=largest)
        return
    cell_area = single * area[:, None]
    squares += window_sum(cell_area * cell_area, kern)
    np.maximum(largest, window_max(cell_area, kern), out=largest)


def _accumulate(acc: tuple[np.ndarray, ...], full: np.ndarray, row0: int, col0: int, r: int, n: int, w: int) -> None:
    """Fold one patch's areas inside the windows (rows from ``row0``, cols from ``col0`` of the halo strip) in."""
    a0, a1 = max(row0, r), min(row0 + full.shape[0], r + n)
    b0, b1 = max(col0, 0), min(col0 + full.shape[1], w)
    if a1 <= a0 or b1 <= b0:
        return
    part = full[a0 - row0 : a1 - row0, b0 - col0 : b1 - col0]
    count, largest, squares = (x[a0 - r : a1 - r, b0:b1] for x in acc)
    count += part > 0
    np.maximum(largest, part, out=largest)
    squares += np.multiply(part, part, dtype=np.float64)


# -- strips as tasks (core.parallel) -----------------------------------------------------------


@dataclass
class _PatchBoxes:
    """Class index and bounding box (raster rows and columns) of some patches, indexed by patch id − 1."""

    cls: np.ndarray
    row_min: np.ndarray
    row_max: np.ndarray
    col_min: np.ndarray
    col_max: np.ndarray


@dataclass
class _StripPatches:
    """What a strip task in another process needs of the labelling: the patches its rows and halo touch,
    renumbered compactly (id i is the i-th of them, 0 = none), and a reader of those rows' ids."""

    patches: _PatchBoxes
    store: Any  # core.patches.ShardReader: .rows(row0, row1)


@dataclass
class SurfaceTask:
    """One strip of a moving-window run: output rows ``s0..s1-1`` of every band, values as ``dtype``."""

    run: _Run
    s0: int
    s1: int
    dtype: Any


def surface_strip(task: SurfaceTask) -> list[tuple[tuple[str, int], np.ndarray]]:
    """Every band of one strip, in the order the serial run emits them: ``((metric, class), values)``."""
    out: list[tuple[tuple[str, int], np.ndarray]] = []
    _strip_surfaces(task.run, task.s0, task.s1, Steps(None),
                    lambda key, values: out.append((key, values.astype(task.dtype, copy=False))))
    return out


def _describe_surface_task(task: SurfaceTask) -> tuple[str, tuple[int, int], str]:
    return "Moving-window surfaces", (task.s0, task.s1), task.run.lc.path


def _strip_run(run: _Run, s0: int, s1: int, in_process: bool) -> _Run:
    """The run a strip task takes: the whole labelling in this process, else only the patches of its rows."""
    if run.labelling is None or in_process:
        return run
    r = run.kernels.window.row_radius
    store, t = run.labelling.store, run.labelling.patches
    maps = [m for a, b, m in store.strip_maps() if b > s0 - r and a < s1 + r]
    ids = np.unique(np.concatenate(maps)) if maps else np.zeros(1, dtype=np.int64)  # sorted, 0 first
    sel = ids[1:] - 1
    boxes = _PatchBoxes(t.cls[sel], t.row_min[sel], t.row_max[sel], t.col_min[sel], t.col_max[sel])
    patches = _StripPatches(boxes, store.reader(s0 - r, s1 + r, ids))
    return _Run(run.lc, run.scheme, run.classes, run.metrics, run.kernels, run.count_boundary_edge, patches,
                run.singleton[ids])


def _run_strips_on(
    run: _Run, strips: list[tuple[int, int]], bands: list[tuple[str, int]], sink: _Sink, steps: Steps,
    runner: StripRunner,
) -> None:
    """Compute the strips on the runner's workers and hand them to the sink in strip order."""
    slot = {key: b for b, key in enumerate(bands)}
    dtype = np.float32 if isinstance(sink, _GeoTiffSink) else np.float64  # what the sink stores
    tasks = [SurfaceTask(_strip_run(run, s0, s1, runner.in_process), s0, s1, dtype) for s0, s1 in strips]
    ahead = 2 * runner.slots  # strips of output held while an earlier one is still running
    results = runner.map(surface_strip, tasks, steps, _describe_surface_task, ahead=ahead)
    for (s0, _s1), emitted in zip(strips, results):
        for key, values in emitted:
            sink.write(slot[key], s0, values)
    steps.progress(1.0)


# -- output ------------------------------------------------------------------------------------


class _Sink:
    """Collects the bands strip by strip and keeps per-band statistics of the stored values."""

    def __init__(self, names: list[str]) -> None:
        self.names = names
        n = len(names)
        self._min = np.full(n, np.inf)
        self._max = np.full(n, -np.inf)
        self._sum = np.zeros(n)
        self._count = np.zeros(n, dtype=np.int64)

    def _tally(self, b: int, values: np.ndarray) -> None:
        ok = values[~np.isnan(values)]
        if ok.size:
            self._min[b] = min(self._min[b], float(ok.min()))
            self._max[b] = max(self._max[b], float(ok.max()))
            self._sum[b] += float(ok.sum(dtype=np.float64))
            self._count[b] += ok.size

    def stats(self) -> list[BandStats]:
        """Per-band statistics (NaN for a band without valid cells)."""
        out = []
        for b, name in enumerate(self.names):
            c = int(self._count[b])
            out.append(
                BandStats(
                    name=name,
                    minimum=float(self._min[b]) if c else float("nan"),
                    maximum=float(self._max[b]) if c else float("nan"),
                    mean=float(self._sum[b] / c) if c else float("nan"),
                    valid_cells=c,
                )
            )
        return out

    def abort(self) -> None:
        """Drop whatever was written."""


class _MemorySink(_Sink):
    def __init__(self, names: list[str], height: int, width: int) -> None:
        super().__init__(names)
        need = len(names) * height * width * 8
        if need > IN_MEMORY_BYTES:
            raise InputError(
                f"The {len(names)} surfaces of a {width} x {height} raster need {need / 2**30:.1f} GiB in memory.",
                "Give an output file (out_path); the surfaces are then written strip by strip.",
            )
        self.arrays = np.full((len(names), height, width), np.nan)

    def write(self, b: int, row0: int, values: np.ndarray) -> None:
        self._tally(b, values)
        self.arrays[b, row0 : row0 + values.shape[0]] = values


class _GeoTiffSink(_Sink):
    """A float32 GeoTIFF written strip by strip to a temporary file beside ``path`` and moved there on commit."""

    def __init__(self, names: list[str], units: list[str], path: str, grid: Grid) -> None:
        super().__init__(names)
        self.path = os.path.abspath(os.fspath(path))
        try:
            self.out = RasterStrips(self.path, _profile(grid, len(names)), names, units, suffix=".tif")
        except OutputError:
            raise
        except WRITE_ERRORS as err:
            if isinstance(err, OSError) and not isinstance(err, RasterioError):  # the temporary file itself
                raise OutputError(
                    f"Cannot write in '{os.path.dirname(self.path)}' ({err}).",
                    "Choose a folder you can write to, with free space.",
                ) from err
            raise self._failed(err) from err

    def _failed(self, err: Exception) -> OutputError:
        return OutputError(
            f"Writing the moving-window surfaces to '{self.path}' failed ({err}).",
            "Check the folder has free space and the file is not open in another program, then run again.",
        )

    def write(self, b: int, row0: int, values: np.ndarray) -> None:
        stored = values.astype(np.float32)
        self._tally(b, stored)
        stored[np.isnan(stored)] = NODATA
        try:
            self.out.write(row0, stored, band=b + 1)
        except WRITE_ERRORS as err:
            raise self._failed(err) from err

    def commit(self) -> None:
        """Close the temporary file and move it onto the destination."""
        try:
            self.out.commit()
        except WRITE_ERRORS as err:
            raise self._failed(err) from err
        stale = self.path + ".aux.xml"  # statistics of the file this run replaced
        if os.path.exists(stale):
            os.remove(stale)

    def abort(self) -> None:
        """Close and delete the temporary file."""
        out = getattr(self, "out", None)
        if out is not None:
            try:
                out.discard()
            except WRITE_ERRORS:
                remove_partial(out.tmp)


def _profile(grid: Grid, count: int) -> dict:
    """Creation options of the output: float32, tiled even when small, by band, DEFLATE level 1 (no predictor: it
    doubles these files; level 1 is 5x faster than the default 6 for ~15 % larger files, :func:`..io.geotiff_profile`)."""
    return {
        "width": grid.width,
        "height": grid.height,
        "count": count,
        "dtype": "float32",
        "crs": CRS.from_wkt(grid.crs_wkt),
        "transform": grid.transform,
        "nodata": NODATA,
        "tiled": True,
        "blockxsize": TILE,
        "blockysize": TILE,
        "interleave": "band",
        "bigtiff": "IF_SAFER",
    }


def _default_rows_per_strip(width: int, row_radius: int) -> int:
    """Rows per strip: about WINDOW_STRIP_CELLS cells, a multiple of the output tile's rows whenever that costs at
    most twice the cells.

    Strips that end on the tiles' rows let :class:`..io.RasterStrips` close the file after each strip, so GDAL's
    block cache holds one strip of blocks; unaligned strips (209 rows on a 10000-column raster) left it to grow to
    5 % of the RAM (1.2 GB here, docs/benchmarks.md).
    """
    rows = max(WINDOW_STRIP_CELLS // max(width, 1), 4 * row_radius, 1)
    if rows >= 2 * TILE:
        return rows - rows % TILE
    aligned = -(-rows // TILE) * TILE
    return aligned if aligned * max(width, 1) <= 2 * WINDOW_STRIP_CELLS else rows


# -- entry point -------------------------------------------------------------------------------


def fragmentation_surfaces(
    lc: LandCover,
    scheme: ClassScheme,
    classes: Sequence[int],
    metrics: Sequence[str],
    radius_m: float,
    shape: str = "circle",
    neighbours: int = 8,
    count_boundary_edge: bool = False,
    out_path: Optional[str] = None,
    feedback: Optional["FeedbackLike | Steps"] = None,
    rows_per_strip: Optional[int] = None,
    workers: Optional[int] = None,
    scheduler: Any = None,
    backend: str = "auto",
    scratch_dir: Optional[str] = None,
) -> SurfaceResult:
    """Moving-window PLAND (%), ED (m/ha), PD (patches/100 ha), AI (%), MESH (ha), LPI (%) surfaces.

    Bands go metric by metric in the order of :data:`METRICS` (whatever the order
    of ``metrics``), and within a metric class by class in the order of
    ``classes`` (1-based class indices of ``scheme``). With ``out_path`` one
    float32 GeoTIFF (nodata -9999) is written atomically; without it the surfaces
    are returned in memory as float64 with NaN for nodata.

    Parameters
    ----------
    lc : LandCover
        The land-cover raster.
    scheme : ClassScheme
        Its classes.
    classes : sequence of int
        1-based class indices of ``scheme`` to map.
    metrics : sequence of str
        Any of :data:`METRICS` (PLAND, ED, PD, AI, MESH, LPI).
    radius_m : float
        Window radius in metres (at least one cell).
    shape : str
        ``"circle"`` or ``"square"``.
    neighbours : int
        Patch rule for PD, MESH and LPI: 8 (FRAGSTATS default) or 4.
    count_boundary_edge : bool
        Count ED's sides against nodata and the raster edge.
    out_path : str, optional
        The GeoTIFF to write; None returns the surfaces in memory (at most 1 GiB).
    feedback : FeedbackLike or Steps, optional
        Progress and cancellation.
    rows_per_strip : int, optional
        Rows per strip; None for about 2 million cells.
    workers, scheduler, backend, scratch_dir
        Where the strips (and the patch labelling) run, as in :class:`..parallel.Parallelism`: None workers
        means the machine's cores − 1 (one for a raster of a single default strip), 1 this process; a
        Dask scheduler address, ``Client`` or ``LocalCluster`` runs them on a cluster (``scratch_dir``: a
        folder every worker can reach for the label files). The surfaces are the same bit for bit.

    Returns
    -------
    SurfaceResult
        Band names and (metric, class) of each band, per-band statistics, the window's cells,
        and the path or the in-memory arrays.
    """
    steps = as_steps(feedback)
    shape = check_shape(shape)
    metrics = _check_metrics(metrics)
    classes = _check_classes(classes, scheme)
    if neighbours not in (4, 8):
        raise InputError(f"The neighbour rule must be 4 or 8, not {neighbours}.", "Use 8 (FRAGSTATS default) or 4.")
    grid, geom = lc.grid, lc.geometry
    check_radius(radius_m, geom.dx_m, geom.dy_m)
    kernels = window_kernels(float(radius_m), geom.dx_m, geom.dy_m, shape, grid.height, grid.width)
    bands = [(m, c) for m in metrics for c in classes]
    names = [band_name(m, scheme, c) for m, c in bands]
    need_patches = bool(PATCH_METRICS & set(metrics))
    rows = rows_per_strip or _default_rows_per_strip(grid.width, kernels.window.row_radius)
    strips = plan_strips(grid.height, grid.width, rows)
    par = Parallelism(workers=workers, backend=backend, scheduler=scheduler, scratch_dir=scratch_dir)
    how, n_workers = par.resolve(grid.n_cells, len(strips))
    if how != "serial":
        steps.info(f"Moving window: {len(strips)} strips on {n_workers or 'the cluster'}'s {how} workers"
                   if how == "dask" else f"Moving window: {len(strips)} strips on {n_workers} {how}")
    labelling: Optional[Labelling] = None
    sink: Optional[_Sink] = None
    try:
        with StripRunner(how, n_workers, par.scheduler) as runner:
            if out_path is None:
                sink = _MemorySink(names, grid.height, grid.width)
            else:
                sink = _GeoTiffSink(names, [UNITS[m] for m, _ in bands], out_path, grid)
            if need_patches:
                labelling = label_patches(lc, scheme, neighbours, steps.sub(0.0, 0.2), rows_per_strip,
                                          runner=runner, scratch_dir=par.scratch_dir)
            run = _prepare(lc, scheme, classes, metrics, kernels, count_boundary_edge, labelling)
            part = steps.sub(0.2 if need_patches else 0.0, 1.0)
            if runner.backend == "serial":
                _run_strips(run, strips, bands, sink, part)
            else:
                _run_strips_on(run, strips, bands, sink, part, runner)
        steps.check()  # a cancel at the last progress report still discards the file
        if isinstance(sink, _GeoTiffSink):
            sink.commit()
    except BaseException:
        if sink is not None:
            sink.abort()
        raise
    finally:
        if labelling is not None:
            labelling.store.close()
    return SurfaceResult(
        path=sink.path if isinstance(sink, _GeoTiffSink) else None,
        band_names=names,
        bands=bands,
        stats=sink.stats(),
        window_cells=kernels.window.n_cells,
        arrays=sink.arrays if isinstance(sink, _MemorySink) else None,
    )


def _prepare(
    lc: LandCover, scheme: ClassScheme, classes: list[int], metrics: list[str], kernels: Kernels,
    count_boundary_edge: bool, labelling: Optional[Labelling],
) -> _Run:
    """Gather the run's settings; mark the one-cell patches when patches are needed."""
    run = _Run(lc, scheme, classes, metrics, kernels, count_boundary_edge, labelling)
    if labelling is not None:
        run.singleton = np.concatenate(([False], labelling.patches.n_cells == 1))
    return run


def _run_strips(
    run: _Run, strips: list[tuple[int, int]], bands: list[tuple[str, int]], sink: _Sink, steps: Steps
) -> None:
    """Compute and hand over every strip, reporting progress between strips."""
    slot = {key: b for b, key in enumerate(bands)}
    for i, (s0, s1) in enumerate(strips):
        part = steps.sub(i / len(strips), (i + 1) / len(strips))
        part.progress(0.0)
        _strip_surfaces(run, s0, s1, part, lambda key, values: sink.write(slot[key], s0, values))
    steps.progress(1.0)

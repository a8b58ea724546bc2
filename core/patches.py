"""Patch labelling in row strips, stitched across strip borders with union-find.

Each strip is labelled class by class with ``scipy.ndimage.label``; labels that
touch across a strip border (4- or 8-neighbour rule) are joined as connected
components of a sparse graph, so the patches are exactly those of labelling the
whole array at once, while memory stays bounded by one strip. Patch ids are
ordered by class, then by the raster-scan position of the patch's first cell,
whatever the strip layout.

While labelling, the per-patch sums that need no global view are gathered
(cells, true area, exposed sides and perimeter, centroid sums, bounding box, the
raster position of the first cell), together with the class adjacency counts used
by TE, CONTAG, PLADJ, AI, IJI. On request, the cells per row and per column of every
patch are gathered too, as dense histograms over each label's row and column span
(4 bytes per (label, row) or (label, column) pair: a connected label covers an
unbroken range of rows and of columns), and reduced to FRAGSTATS's grouped-data
median centre of each patch once the labels are joined.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from typing import Optional

import numpy as np
from scipy import ndimage as ndi
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

from . import labelshare
from .classes import ClassScheme, read_class_rows
from .feedback import Steps
from .landcover import LandCover, plan_strips
from .parallel import StripRunner

STRUCTURE_8 = np.ones((3, 3), dtype=bool)
STRUCTURE_4 = ndi.generate_binary_structure(2, 1)
CHUNK = 1 << 20  # cells per bincount chunk: bounds the intp copies bincount makes
IN_MEMORY_CELLS = 1 << 26  # label rasters up to 64 M cells stay in memory, larger ones spill to disk


def structure_of(neighbours: int) -> np.ndarray:
    """The connectivity structure of the 4- or 8-neighbour rule."""
    if neighbours not in (4, 8):
        raise ValueError("neighbours must be 4 or 8")
    return STRUCTURE_8 if neighbours == 8 else STRUCTURE_4


def labelled_sum(labels: np.ndarray, n: int, weights: Optional[np.ndarray] = None) -> np.ndarray:
    """``np.bincount`` of a 2-D label array, by chunks of rows so no large temporary is made.

    ``weights`` is None (count cells), or an array broadcastable to ``labels``
    (full, one value per row ``(h, 1)``, or one per column ``(1, w)``).
    """
    h, w = labels.shape
    rows_per_chunk = max(1, CHUNK // max(w, 1))
    out = np.zeros(n, dtype=np.int64 if weights is None else np.float64)
    for r in range(0, h, rows_per_chunk):
        block = labels[r : r + rows_per_chunk]
        if weights is None:
            out += np.bincount(block.reshape(-1), minlength=n)[:n]
            continue
        wb = weights[r : r + rows_per_chunk] if weights.shape[0] == h and h > 1 else weights
        wb = np.broadcast_to(wb, block.shape).reshape(-1)
        out += np.bincount(block.reshape(-1), weights=wb, minlength=n)[:n]
    return out


def row_weighted_sum(labels: np.ndarray, n: int, row_weights: np.ndarray) -> np.ndarray:
    """Per-label sum of a weight that depends on the row only."""
    return labelled_sum(labels, n, np.asarray(row_weights, dtype=np.float64)[:, None])


def shard_path(folder: str, row0: int) -> str:
    """The label file of the strip starting at ``row0`` in a store's folder."""
    return os.path.join(folder, f"strip_{row0:010d}.bin")


def write_shard(folder: str, row0: int, labels: np.ndarray, dtype: np.dtype) -> None:
    """Write a strip's labels (strip-relative ids) to its file in ``folder``."""
    with open(shard_path(folder, row0), "wb") as f:
        f.write(np.ascontiguousarray(labels, dtype=dtype).tobytes())


def _read_shards(strips: list, width: int, height: int, dtype: np.dtype, row0: int, row1: int, col0: int, col1: int) -> np.ndarray:
    """Global (mapped) ids of a window from strip files ``(row0, row1, path, map)``; outside cells are 0."""
    out = np.zeros((row1 - row0, col1 - col0), dtype=dtype)
    r0, r1 = max(row0, 0), min(row1, height)
    c0, c1 = max(col0, 0), min(col1, width)
    if r1 <= r0 or c1 <= c0:
        return out
    item = np.dtype(dtype).itemsize
    for s0, s1, path, strip_map in strips:
        a, b = max(r0, s0), min(r1, s1)
        if a >= b:
            continue
        with open(path, "rb") as f:
            f.seek((a - s0) * width * item)
            block = np.fromfile(f, dtype=dtype, count=(b - a) * width).reshape(b - a, width)
        out[a - row0 : b - row0, c0 - col0 : c1 - col0] = strip_map[block[:, c0:c1]]
    return out


@dataclass
class ShardReader:
    """A picklable view of some strips of an on-disk label store, for tasks in other processes.

    ``strips`` holds ``(row0, row1, path, map)``: each map turns the strip's own labels into the ids the
    task works with (global patch ids, or the task's compact ids).
    """

    width: int
    height: int
    dtype: np.dtype
    strips: list

    def rows(self, row0: int, row1: int) -> np.ndarray:
        """Ids of rows ``row0..row1-1``; rows outside the raster are 0."""
        return _read_shards(self.strips, self.width, self.height, self.dtype, row0, row1, 0, self.width)


class LabelStore:
    """The patch-id raster: strip-relative labels as written, global patch ids when read.

    Small rasters stay in memory (and are relabelled in place once); larger ones are kept on disk, one
    file per strip in a temporary folder (written by whichever worker labelled the strip), and read back
    by rows or windows.
    """

    def __init__(self, height: int, width: int, in_memory: Optional[bool] = None, tmpdir: Optional[str] = None):
        self.height, self.width = height, width
        self.in_memory = height * width <= IN_MEMORY_CELLS if in_memory is None else in_memory
        self.dtype = np.dtype(np.int32 if height * width < 2**31 - 1 else np.int64)
        self._strips: list[tuple[int, int, int, int]] = []  # (row0, row1, base, labels in strip)
        self._maps: list[np.ndarray] = []
        self._array: Optional[np.ndarray] = None
        self._dir: Optional[str] = None
        self._pinned = False  # shared by several steps (core.labelshare): close() waits for release()
        if self.in_memory:
            self._array = np.zeros((height, width), dtype=self.dtype)
        else:
            self._dir = tempfile.mkdtemp(prefix="bluecarbon_labels_", dir=tmpdir)

    @property
    def shard_dir(self) -> Optional[str]:
        """The folder of the strips' label files (None when in memory)."""
        return self._dir

    def strip_buffer(self, row0: int, row1: int) -> Optional[np.ndarray]:
        """The in-memory rows ``row0..row1-1`` to label into, or None when the labels go to files."""
        return self._array[row0:row1] if self._array is not None else None

    def put(self, row0: int, row1: int, base: int, n_local: int, labels: Optional[np.ndarray] = None) -> None:
        """Record a labelled strip whose first label has all-local id ``base + 1`` (``labels``: write its file)."""
        self._strips.append((row0, row1, base, n_local))
        if self._dir is not None and labels is not None:
            write_shard(self._dir, row0, labels, self.dtype)

    def finalize(self, global_of_local: np.ndarray) -> None:
        """Switch to global ids, given the global id of every all-local label (index 0 → 0)."""
        for row0, row1, base, n_local in self._strips:
            strip_map = np.concatenate(([0], global_of_local[base + 1 : base + 1 + n_local])).astype(self.dtype)
            self._maps.append(strip_map)
            if self._array is not None:
                block = self._array[row0:row1]
                np.take(strip_map, block, out=block, mode="clip")
        if self._array is not None:
            self._maps = []  # already applied

    def strip_maps(self) -> list[tuple[int, int, np.ndarray]]:
        """``(row0, row1, map from strip label to global id)`` of every strip (on-disk stores)."""
        return [(s[0], s[1], m) for s, m in zip(self._strips, self._maps)]

    def reader(self, row0: int, row1: int, compact: Optional[np.ndarray] = None) -> ShardReader:
        """A picklable reader of rows ``row0..row1-1`` (on-disk stores); ``compact`` (sorted global ids,
        0 first) makes it return each id's index in ``compact`` instead of the global id."""
        strips = []
        for (s0, s1, _base, _n), m in zip(self._strips, self._maps):
            if s1 > row0 and s0 < row1:
                if compact is not None:
                    m = np.searchsorted(compact, m).astype(self.dtype)
                strips.append((s0, s1, shard_path(self._dir, s0), m))
        return ShardReader(self.width, self.height, self.dtype, strips)

    def rows(self, row0: int, row1: int) -> np.ndarray:
        """Global patch ids of rows ``row0..row1-1``; rows outside the raster are 0."""
        return self.window(row0, row1, 0, self.width)

    def window(self, row0: int, row1: int, col0: int, col1: int) -> np.ndarray:
        """Global patch ids of a window; cells outside the raster are 0."""
        if self._array is None:
            strips = [(s[0], s[1], shard_path(self._dir, s[0]), m) for s, m in zip(self._strips, self._maps)]
            return _read_shards(strips, self.width, self.height, self.dtype, row0, row1, col0, col1)
        out = np.zeros((row1 - row0, col1 - col0), dtype=self.dtype)
        r0, r1 = max(row0, 0), min(row1, self.height)
        c0, c1 = max(col0, 0), min(col1, self.width)
        if r1 > r0 and c1 > c0:
            out[r0 - row0 : r1 - row0, c0 - col0 : c1 - col0] = self._array[r0:r1, c0:c1]
        return out

    @property
    def array(self) -> Optional[np.ndarray]:
        """The whole global-id raster when kept in memory, else None."""
        return self._array

    def pin(self) -> None:
        """Make :meth:`close` a no-op until :meth:`release` (the store is shared, :mod:`core.labelshare`)."""
        self._pinned = True

    def release(self) -> None:
        """End the sharing and close."""
        self._pinned = False
        self.close()

    def close(self) -> None:
        """Free memory and delete the label files (unless the store is shared: then at its release)."""
        if self._pinned:
            return
        self._array = None
        if self._dir and os.path.isdir(self._dir):
            shutil.rmtree(self._dir, ignore_errors=True)
        self._dir = None

    def __del__(self) -> None:
        with contextlib.suppress(Exception):  # at interpreter exit os may already be gone
            self.close()


@dataclass
class PatchTable:
    """Per-patch sums gathered while labelling. Arrays are indexed by patch id - 1."""

    cls: np.ndarray  # class index (1..n)
    n_cells: np.ndarray  # cells
    area_m2: np.ndarray  # true area
    perim_m: np.ndarray  # length of all exposed sides, landscape boundary included (FRAGSTATS PERIM)
    sides: np.ndarray  # number of exposed cell sides (perimeter in cell-side units)
    sum_row: np.ndarray  # sum of row indices (centroid = sum / n)
    sum_col: np.ndarray
    row_min: np.ndarray
    row_max: np.ndarray
    col_min: np.ndarray
    col_max: np.ndarray
    first_cell: np.ndarray  # raster index (row * width + column) of the patch's first cell in raster order
    median_row: Optional[np.ndarray] = None  # grouped-data median of the cells' rows (asked with ``medians``)
    median_col: Optional[np.ndarray] = None

    @property
    def n_patches(self) -> int:
        """Number of patches."""
        return int(self.cls.size)

    @property
    def fragstats_pid(self) -> np.ndarray:
        """FRAGSTATS's patch ID: rank (1-based) of each patch's first cell in raster order, all classes."""
        pid = np.empty(self.n_patches, dtype=np.int64)
        pid[np.argsort(self.first_cell, kind="stable")] = np.arange(1, self.n_patches + 1)
        return pid


@dataclass
class Adjacency:
    """Cell-side adjacency counts between classes (index 0 = nodata or outside the raster).

    ``counts[i, k]`` counts cell sides with class i on one side and k on the other,
    each adjacency once per direction (FRAGSTATS's double-count method), so the
    matrix is symmetric and ``counts[i, i]`` is twice the like adjacencies.
    ``lengths_m`` holds the same sides as true lengths in metres.
    """

    counts: np.ndarray
    lengths_m: np.ndarray


@dataclass
class Labelling:
    """The result of labelling: patch table, patch-id raster and class adjacency."""

    patches: PatchTable
    store: LabelStore
    adjacency: Adjacency
    strips: list[tuple[int, int]] = field(default_factory=list)
    medians: bool = False  # the patch table has FRAGSTATS's median row and column


@dataclass(frozen=True)
class LabelTask:
    """One strip of pass 1: what a worker needs to label it (picklable, small)."""

    lc: LandCover
    scheme: ClassScheme
    row0: int
    row1: int
    neighbours: int
    medians: bool
    shard_dir: Optional[str]  # where to write the strip's labels when they are not kept in memory
    dtype: np.dtype


@dataclass
class StripLabels:
    """What labelling one strip returns: per-label sums and the strip's border rows, never its labels."""

    part: dict
    hist: Optional[tuple[np.ndarray, np.ndarray]]
    adj_counts: np.ndarray
    adj_lengths: np.ndarray
    top: tuple[np.ndarray, np.ndarray]  # (classes, labels) of the strip's first row
    bottom: tuple[np.ndarray, np.ndarray]  # and of its last row
    n_local: int


def label_strip(task: LabelTask, labels: Optional[np.ndarray] = None) -> StripLabels:
    """Label one strip (into ``labels`` when given, else into its own array written to ``task.shard_dir``)."""
    lc, scheme = task.lc, task.scheme
    row0, row1 = task.row0, task.row1
    geom, nc = lc.geometry, scheme.n_classes
    k_ext = read_class_rows(lc, scheme, row0 - 1, row1 + 1)
    k = k_ext[1:-1]
    if labels is None:
        labels = np.zeros(k.shape, dtype=task.dtype)
    part = _label_strip(k, labels, structure_of(task.neighbours), nc)
    n_strip = part["cls"].size
    _bbox_rows_to_raster(part, row0)
    _add_sides(part, k_ext, labels, row0, geom, n_strip)
    runs = _add_run_sums(part, labels, row0, geom, n_strip)
    hist = _span_histograms(part, runs, row0) if task.medians else None
    adj_counts = np.zeros((nc + 1) * (nc + 1), dtype=np.int64)
    adj_lengths = np.zeros((nc + 1) * (nc + 1))
    _count_adjacency(k_ext, row0, row1 == lc.grid.height, geom, nc, adj_counts, adj_lengths)
    if task.shard_dir is not None:
        write_shard(task.shard_dir, row0, labels, task.dtype)
    return StripLabels(
        part, hist, adj_counts, adj_lengths, (k[0].copy(), labels[0].copy()), (k[-1].copy(), labels[-1].copy()), n_strip
    )


def _describe_label_task(task: LabelTask) -> tuple[str, tuple[int, int], str]:
    return "Patch labelling", (task.row0, task.row1), task.lc.path


def label_patches(
    lc: LandCover,
    scheme: ClassScheme,
    neighbours: int = 8,
    steps: Optional[Steps] = None,
    rows_per_strip: Optional[int] = None,
    in_memory: Optional[bool] = None,
    medians: bool = False,
    runner: Optional[StripRunner] = None,
    scratch_dir: Optional[str] = None,
) -> Labelling:
    """Label the patches of every class strip by strip and gather their sums.

    ``medians`` also gathers each patch's cells per row and per column and gives the
    patch table its grouped-data median row and column (FRAGSTATS's GYRATE centre).
    ``runner`` runs the strips (default: one after the other in this process); the strips are joined in
    raster order whatever order they finish in, so the result does not depend on the runner.
    Inside :func:`core.labelshare.shared_labelling` a map already labelled the same way is not labelled
    again: the kept labelling is returned.
    """
    steps = steps or Steps(None)
    runner = runner or StripRunner("serial", 1)
    grid = lc.grid
    height, width, nc = grid.height, grid.width, scheme.n_classes
    structure_of(neighbours)  # checks the rule before any work
    strips = plan_strips(height, width, rows_per_strip)
    key = labelshare.share_key(lc, scheme, neighbours, strips) if labelshare.active() else None
    kept = labelshare.find(key, medians, runner.in_process)
    if kept is not None:
        steps.info(f"Patches of '{os.path.basename(lc.path)}': labelled earlier in this run, reused")
        steps.progress(1.0)
        return kept
    if not runner.in_process:
        in_memory = False  # workers in other processes write their labels to files
    store = LabelStore(height, width, in_memory=in_memory, tmpdir=scratch_dir)
    try:
        lc.geometry  # computed once here, sent with the tasks
        tasks = [
            LabelTask(lc, scheme, r0, r1, neighbours, medians, store.shard_dir, store.dtype) for r0, r1 in strips
        ]
        if store.array is not None:
            fn = lambda t: label_strip(t, store.strip_buffer(t.row0, t.row1))  # noqa: E731 (in-process runners)
        else:
            fn = label_strip
        parts: list[dict[str, np.ndarray]] = []
        pairs: list[tuple[np.ndarray, np.ndarray]] = []
        adj_counts = np.zeros((nc + 1) * (nc + 1), dtype=np.int64)
        adj_lengths = np.zeros((nc + 1) * (nc + 1))
        hists: list[tuple[np.ndarray, np.ndarray]] = []  # per strip: (cells per label row, per label column)
        base = base_prev = 0
        prev = None
        for res, (row0, row1) in zip(runner.map(fn, tasks, steps, _describe_label_task), strips):
            if medians:
                hists.append(res.hist)
            adj_counts += res.adj_counts
            adj_lengths += res.adj_lengths
            if prev is not None:
                a, b = _border_pairs(prev[0], prev[1], res.top[0], res.top[1], neighbours)
                pairs.append((a + base_prev, b + base))
            store.put(row0, row1, base, res.n_local)
            parts.append(res.part)
            prev, base_prev = res.bottom, base
            base += res.n_local
        steps.progress(1.0)
        patches, global_of_local = _merge(parts, pairs, base)
        if medians:
            _set_medians(patches, parts, hists, global_of_local)
        store.finalize(global_of_local)
    except BaseException:
        store.close()
        raise
    m = adj_counts.reshape(nc + 1, nc + 1)
    lm = adj_lengths.reshape(nc + 1, nc + 1)
    adjacency = Adjacency(counts=m + m.T, lengths_m=lm + lm.T)
    labelling = Labelling(patches, store, adjacency, strips, medians)
    labelshare.keep(key, labelling)
    return labelling


def _label_strip(k: np.ndarray, labels: np.ndarray, structure: np.ndarray, nc: int) -> dict[str, np.ndarray]:
    """Label each class of a strip into ``labels`` (1..n, class by class); return class and bbox per label.

    ``labels`` must hold 0 where no class is labelled; the bounding boxes come from one pass over it.
    """
    cls = []
    next_label = 0
    for c in range(1, nc + 1):
        mask = k == c
        if not mask.any():
            continue
        lab, n = ndi.label(mask, structure)
        if n == 0:
            continue
        np.add(lab, next_label, out=labels, where=mask)
        cls.append(np.full(n, c, dtype=np.uint16))
        next_label += n
        del lab, mask
    objs = ndi.find_objects(labels, max_label=next_label) if next_label else []
    box = np.array([(o[0].start, o[0].stop - 1, o[1].start, o[1].stop - 1) for o in objs], dtype=np.int32).reshape(-1, 4)
    return {"cls": np.concatenate(cls) if cls else np.zeros(0, dtype=np.uint16), "row_min": box[:, 0].copy(),
            "row_max": box[:, 1].copy(), "col_min": box[:, 2].copy(), "col_max": box[:, 3].copy()}


def _bbox_rows_to_raster(part: dict[str, np.ndarray], row0: int) -> None:
    part["row_min"] += row0
    part["row_max"] += row0


def _add_sides(part: dict, k_ext: np.ndarray, labels: np.ndarray, row0: int, geom, n: int) -> None:
    """Exposed sides per label: count and length in metres.

    A side is exposed when the cell across it has another class (orthogonal neighbours of one class
    always belong to one patch), nodata, or lies outside the map.
    """
    k = k_ext[1:-1]
    h, w = k.shape
    side_count = np.zeros(n + 1)
    perim = np.zeros(n + 1)
    rows = np.arange(row0, row0 + h)
    # (cells, their neighbours across the side, length of the side per row)
    sides = (
        (k[:, 1:], k[:, :-1], labels[:, 1:], geom.edge_v_m[rows]),  # left sides
        (k[:, :-1], k[:, 1:], labels[:, :-1], geom.edge_v_m[rows]),  # right sides
        (k, k_ext[:-2], labels, geom.edge_h_m[rows]),  # top sides
        (k, k_ext[2:], labels, geom.edge_h_m[rows + 1]),  # bottom sides
    )
    for cells, across, labs, length in sides:
        exposed = cells != across
        lab = labs[exposed]
        counts = np.bincount(lab, minlength=n + 1)
        side_count += counts
        if geom.uniform:
            perim += counts * length[0]
        else:
            row_len = np.broadcast_to(length[:, None], exposed.shape)[exposed]
            perim += np.bincount(lab, weights=row_len, minlength=n + 1)
    # the sides on the map's left and right edges
    for col in (0, w - 1):
        lab = labels[:, col]
        length = geom.edge_v_m[rows]
        side_count += np.bincount(lab, minlength=n + 1)
        perim += np.bincount(lab, weights=length, minlength=n + 1)
    part["perim_m"] = perim[1:]
    part["sides"] = np.rint(side_count[1:]).astype(np.int32)


def _add_run_sums(part: dict, labels: np.ndarray, row0: int, geom, n: int) -> tuple[np.ndarray, ...]:
    """Cells, true area, centroid sums and first cell per label, from the strip's row runs of equal label.

    Returns the runs as ``(label, row in strip, first column, length)``.
    """
    h, w = labels.shape
    start = np.empty(labels.shape, dtype=bool)
    start[:, 0] = True
    np.not_equal(labels[:, 1:], labels[:, :-1], out=start[:, 1:])
    first = np.flatnonzero(start)
    last = np.empty_like(first)
    last[:-1] = first[1:] - 1
    last[-1] = labels.size - 1
    lab = labels.reshape(-1)[first]
    fg = lab > 0
    first, last, lab = first[fg], last[fg], lab[fg]
    row = first // w
    count = (last - first + 1).astype(np.float64)
    c0 = (first - row * w).astype(np.float64)
    row_abs = (row + row0).astype(np.float64)
    part["n_cells"] = np.rint(np.bincount(lab, weights=count, minlength=n + 1)[1:]).astype(np.int32)
    if geom.uniform:
        part["area_m2"] = part["n_cells"] * geom.row_area_m2[0]
    else:
        part["area_m2"] = np.bincount(lab, weights=count * geom.row_area_m2[row + row0], minlength=n + 1)[1:]
    part["sum_row"] = np.bincount(lab, weights=count * row_abs, minlength=n + 1)[1:]
    part["sum_col"] = np.bincount(lab, weights=count * (c0 + (count - 1) / 2.0), minlength=n + 1)[1:]
    # first cell: the leftmost run on the label's top row (few runs qualify, so ufunc.at stays cheap)
    top = row_abs == part["row_min"][lab - 1]
    first_cell = np.full(n, np.iinfo(np.int64).max, dtype=np.int64)
    np.minimum.at(first_cell, lab[top] - 1, (row[top] + row0).astype(np.int64) * w + c0[top].astype(np.int64))
    part["first_cell"] = first_cell
    return lab, row, c0.astype(np.int64), count.astype(np.int64)


def _span_histograms(part: dict, runs: tuple[np.ndarray, ...], row0: int) -> tuple[np.ndarray, np.ndarray]:
    """Cells of each label per row and per column of its span in this strip, label after label.

    A label is connected within its strip, so its rows and its columns each form an unbroken range:
    label l owns ``row_max - row_min + 1`` (``col_max - col_min + 1``) consecutive entries.
    """
    lab, row, c0, count = runs
    i = lab - 1
    heights = (part["row_max"] - part["row_min"] + 1).astype(np.int64)
    widths = (part["col_max"] - part["col_min"] + 1).astype(np.int64)
    off_r = np.cumsum(heights) - heights
    per_row = np.bincount(off_r[i] + row + row0 - part["row_min"][i], weights=count, minlength=int(heights.sum()))
    # columns: +1 where a run starts, -1 just after it ends, in a slot one wider than each span; cumsum
    slots = widths + 1
    off_c = np.cumsum(slots) - slots
    start = off_c[i] + c0 - part["col_min"][i]
    delta = np.bincount(start, minlength=int(slots.sum())) - np.bincount(start + count, minlength=int(slots.sum()))
    per_col = np.cumsum(delta)
    keep = np.ones(per_col.size, dtype=bool)
    keep[off_c + widths] = False
    return per_row.astype(np.int32), per_col[keep].astype(np.int32)


def _set_medians(table: "PatchTable", parts: list[dict], hists: list, global_of_local: np.ndarray) -> None:
    """Grouped-data median row and column of every patch from the strips' span histograms."""
    g = global_of_local[1:] - 1
    for axis, lo, hi, k in (("row", "row_min", "row_max", 0), ("col", "col_min", "col_max", 1)):
        local_lo = np.concatenate([p[lo] for p in parts]).astype(np.int64)
        local_len = np.concatenate([p[hi] for p in parts]).astype(np.int64) - local_lo + 1
        counts = np.concatenate([h[k] for h in hists])
        glob_lo = getattr(table, lo).astype(np.int64)
        glob_len = getattr(table, hi).astype(np.int64) - glob_lo + 1
        setattr(table, f"median_{axis}", _grouped_median(counts, g, local_lo, local_len, glob_lo, glob_len, table.n_cells))


def _grouped_median(
    counts: np.ndarray, g: np.ndarray, local_lo: np.ndarray, local_len: np.ndarray,
    glob_lo: np.ndarray, glob_len: np.ndarray, n_cells: np.ndarray,
) -> np.ndarray:
    """Interpolated median index per patch: each cell spread evenly over [k - 0.5, k + 0.5], the median is
    where the patch's cumulative count reaches half its cells.

    ``counts`` holds the local labels' histograms one after the other (label i: ``local_len[i]`` entries
    from index ``local_lo[i]``); label i belongs to patch ``g[i]``.
    """
    n = glob_len.size
    gend = np.cumsum(glob_len)
    goff = gend - glob_len
    loff = np.cumsum(local_len) - local_len
    order = np.argsort(g, kind="stable")  # local labels patch by patch
    g_sorted = g[order]
    median = np.empty(n)
    # patches in groups of about CHUNK * 2 histogram entries: each group is one bincount over its own
    # entries only, so no temporary grows with the raster
    pa = 0
    while pa < n:
        pb = max(pa + 1, int(np.searchsorted(gend, goff[pa] + CHUNK * 2, side="right")))
        labels = order[np.searchsorted(g_sorted, pa) : np.searchsorted(g_sorted, pb)]
        lens = local_len[labels]
        rep = np.repeat(labels, lens)
        j = np.arange(rep.size) - np.repeat(np.cumsum(lens) - lens, lens)
        gp = g[rep]
        where = goff[gp] - goff[pa] + local_lo[rep] + j - glob_lo[gp]
        hist = np.bincount(where, weights=counts[loff[rep] + j], minlength=int(gend[pb - 1] - goff[pa]))
        cum = np.cumsum(hist)
        before_patch = np.concatenate(([0.0], cum))[goff[pa:pb] - goff[pa]]
        half = n_cells[pa:pb] / 2.0
        at = np.searchsorted(cum, before_patch + half, side="left")  # first entry whose cumulative count >= n/2
        before = cum[at] - hist[at] - before_patch
        median[pa:pb] = glob_lo[pa:pb] + (at - (goff[pa:pb] - goff[pa])) - 0.5 + (half - before) / hist[at]
        pa = pb
    return median


def _count_adjacency(k_ext: np.ndarray, row0: int, last: bool, geom, nc: int, counts: np.ndarray, lengths: np.ndarray) -> None:
    """Add this strip's directed side adjacencies (left→right, above→below) to the tallies."""
    k = k_ext[1:-1]
    h, w = k.shape
    base = nc + 1
    code_t = np.uint16 if base * base < 65536 else np.int64
    # horizontal neighbours, plus the raster's left and right edges (class 0 outside)
    padded = np.zeros((h, w + 2), dtype=k.dtype)
    padded[:, 1:-1] = k
    codes = padded[:, :-1].astype(code_t) * base + padded[:, 1:]
    _tally(codes, geom.edge_v_m[row0 : row0 + h], counts, lengths, geom.uniform)
    # vertical neighbours: each row with the row above; the last strip also closes the bottom edge
    stop = h + 1 if last else h
    codes = k_ext[0:stop].astype(code_t) * base + k_ext[1 : stop + 1]
    _tally(codes, geom.edge_h_m[row0 : row0 + stop], counts, lengths, geom.uniform)


def _tally(codes: np.ndarray, row_lengths: np.ndarray, counts: np.ndarray, lengths: np.ndarray, uniform: bool) -> None:
    n = counts.size
    c = labelled_sum(codes, n)
    counts += c
    if uniform:
        lengths += c * row_lengths[0]
    else:
        lengths += row_weighted_sum(codes, n, row_lengths)


def _border_pairs(k_a: np.ndarray, l_a: np.ndarray, k_b: np.ndarray, l_b: np.ndarray, neighbours: int):
    """Label pairs joined across a strip border (row a above row b)."""
    same = (k_a == k_b) & (k_a > 0)
    a, b = [l_a[same]], [l_b[same]]
    if neighbours == 8:
        d1 = (k_a[:-1] == k_b[1:]) & (k_a[:-1] > 0)
        d2 = (k_a[1:] == k_b[:-1]) & (k_a[1:] > 0)
        a += [l_a[:-1][d1], l_a[1:][d2]]
        b += [l_b[1:][d1], l_b[:-1][d2]]
    a, b = np.concatenate(a).astype(np.int64), np.concatenate(b).astype(np.int64)
    # a patch crossing the border gives one pair per cell: keep one of each run of equal pairs (a 40000-column
    # raster cut in 385 strips gave 4.6e7 pairs, and its union-find 2.3 GB)
    new = np.ones(a.size, dtype=bool)
    new[1:] = (a[1:] != a[:-1]) | (b[1:] != b[:-1])
    return a[new], b[new]


def join_labels(n_local: int, pairs: list[tuple[np.ndarray, np.ndarray]]) -> tuple[int, np.ndarray]:
    """Connected components of labels 0..n_local joined by lists of pairs ``(a[i], b[i])`` (union-find);
    label 0 stays alone in component 0."""
    a = np.concatenate([p[0] for p in pairs]) if pairs else np.zeros(0, dtype=np.int64)
    b = np.concatenate([p[1] for p in pairs]) if pairs else np.zeros(0, dtype=np.int64)
    graph = coo_matrix((np.ones(a.size, dtype=np.int8), (a, b)), shape=(n_local + 1, n_local + 1))
    return connected_components(graph, directed=False)


def border_pairs(k_a: np.ndarray, l_a: np.ndarray, k_b: np.ndarray, l_b: np.ndarray, neighbours: int):
    """Label pairs joined across a strip border (row a above row b), same class on both sides."""
    return _border_pairs(k_a, l_a, k_b, l_b, neighbours)


def label_classes(k: np.ndarray, labels: np.ndarray, structure: np.ndarray, nc: int) -> dict[str, np.ndarray]:
    """Label every class of ``k`` into ``labels`` (1..n, class by class); class and bbox per label."""
    return _label_strip(k, labels, structure, nc)


def _merge(parts: list[dict], pairs: list, n_local: int) -> tuple[PatchTable, np.ndarray]:
    """Join labels across strips and reduce their sums to one row per patch."""
    keys = parts[0].keys()
    cat = {key: np.concatenate([p[key] for p in parts]) for key in keys}
    n_comp, comp = join_labels(n_local, pairs)
    # node 0 (background) is alone in component 0; order patches by class, then first all-local label,
    # which is the raster-scan order of their first cell whatever the strips
    comp_of_local = comp[1:]
    uniq, first = np.unique(comp_of_local, return_index=True)
    cls_of_comp = cat["cls"][first]
    order = np.lexsort((first, cls_of_comp))
    rank = np.zeros(n_comp, dtype=np.int64)
    rank[uniq[order]] = np.arange(1, order.size + 1)
    global_of_local = np.concatenate(([0], rank[comp_of_local]))
    g = global_of_local[1:] - 1
    n = order.size

    def total(key: str) -> np.ndarray:
        return np.bincount(g, weights=cat[key], minlength=n)

    def count(key: str) -> np.ndarray:
        return np.rint(total(key)).astype(np.int64)

    def extreme(key: str, fn: np.ufunc) -> np.ndarray:
        values = cat[key]
        out = np.full(n, values.max() if fn is np.minimum else values.min(), dtype=np.int64)
        fn.at(out, g, values)
        return out

    table = PatchTable(
        cls=cls_of_comp[order].astype(np.int64),
        n_cells=count("n_cells"),
        area_m2=total("area_m2"),
        perim_m=total("perim_m"),
        sides=count("sides"),
        sum_row=total("sum_row"),
        sum_col=total("sum_col"),
        row_min=extreme("row_min", np.minimum),
        row_max=extreme("row_max", np.maximum),
        col_min=extreme("col_min", np.minimum),
        col_max=extreme("col_max", np.maximum),
        first_cell=extreme("first_cell", np.minimum),
    )
    return table, global_of_local

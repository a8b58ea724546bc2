"""Run a fragmentation analysis: label, gather per-patch sums strip by strip, compute the metrics.

Pass 1 (:mod:`..patches`) labels patches and gathers what needs no global view.
Pass 2 reads the patch-id raster strip by strip with a halo and adds what needs
neighbours or the finished patches: gyration (about the patch
centre pass 1 found: FRAGSTATS's grouped-data median, or the mean cell centre), contiguity, core areas and their
disjunct regions, circumscribing circles and the ENN column scan. The rare patches
whose nearest neighbour lies beyond the halo, and PROX, follow patch by patch,
reading only windows of the patch-id raster.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Optional

import numpy as np

from ..classes import ClassScheme
from ..feedback import FeedbackLike, Steps, as_steps
from ..landcover import LandCover, plan_strips
from ..parallel import StripRunner
from ..patches import Labelling, border_pairs, join_labels, label_classes, label_patches, row_weighted_sum, structure_of
from . import core_area, nearest, shape
from .class_ import class_columns
from .landscape import landscape_values
from .options import CIRCLE_PIS, FragmentationOptions
from .patch import PatchData, patch_columns


@dataclass
class FragmentationResult:
    """Metrics at the three levels plus what is needed to draw the patches."""

    scheme: ClassScheme
    options: FragmentationOptions
    patch_data: PatchData
    labelling: Labelling
    patches: dict[str, np.ndarray]
    classes: dict[str, np.ndarray]
    landscape: dict[str, float]

    def close(self) -> None:
        """Release the patch-id raster (and its temporary file)."""
        self.labelling.store.close()


def analyse_fragmentation(
    landcover: LandCover,
    scheme: ClassScheme,
    options: Optional[FragmentationOptions] = None,
    feedback: Optional["FeedbackLike | Steps"] = None,
    workers: Optional[int] = None,
    scheduler: Any = None,
) -> FragmentationResult:
    """Patch, class and landscape metrics of ``landcover`` classified by ``scheme``.

    ``workers`` and ``scheduler``, when given, override ``options.workers`` and ``options.scheduler``: the
    strips run on that many processes of this machine, or on a Dask distributed scheduler (address,
    ``distributed.Client`` or ``LocalCluster``). The result is the same bit for bit whatever runs them.
    """
    options = options or FragmentationOptions()
    steps = as_steps(feedback)
    par = options.parallelism(workers=workers, scheduler=scheduler)
    grid = landcover.grid
    n_strips = len(plan_strips(grid.height, grid.width, options.rows_per_strip))
    backend, n_workers = par.resolve(grid.n_cells, n_strips)
    if backend != "serial":
        steps.info(f"Fragmentation: {n_strips} strips on {n_workers or 'the cluster'}'s {backend} workers"
                   if backend == "dask" else f"Fragmentation: {n_strips} strips on {n_workers} {backend}")
    with StripRunner(backend, n_workers, par.scheduler) as runner:
        return _analyse(landcover, scheme, options, steps, runner, par.scratch_dir)


def _analyse(
    landcover: LandCover, scheme: ClassScheme, options: FragmentationOptions, steps: Steps, runner: StripRunner,
    scratch_dir: Optional[str],
) -> FragmentationResult:
    medians = options.wants("GYRATE") and options.gyrate_centre == "fragstats"
    labelling = label_patches(
        landcover, scheme, options.neighbours, steps.sub(0.0, 0.4), options.rows_per_strip, options.in_memory,
        medians=medians, runner=runner, scratch_dir=scratch_dir,
    )
    try:
        t = labelling.patches
        data = PatchData(
            cls=t.cls,
            n_cells=t.n_cells,
            area_m2=t.area_m2,
            perim_m=t.perim_m,
            sides=t.sides,
            centroid_row=t.median_row if medians else t.sum_row / t.n_cells,
            centroid_col=t.median_col if medians else t.sum_col / t.n_cells,
            circle_pi=CIRCLE_PIS[options.circle_pi],
        )
        _second_pass(landcover, labelling, data, scheme, options, steps.sub(0.4, 0.85), runner)
        if options.wants("ENN"):
            _enn_windows(landcover, labelling, data, options, steps.sub(0.85, 0.93))
        if options.wants("PROX"):
            _proximity(landcover, labelling, data, options, steps.sub(0.93, 0.99))
        steps.progress(1.0)
    except BaseException:
        labelling.store.close()  # a cancelled or failed run leaves no label file behind
        raise
    counts, lengths = labelling.adjacency.counts, labelling.adjacency.lengths_m
    patches = _identify(data, scheme, labelling.patches.fragstats_pid)
    patches.update(patch_columns(data))
    classes = {
        "class": np.array(scheme.codes, dtype=object),
        "name": np.array(scheme.names, dtype=object),
        "ecosystem": np.array(scheme.ecosystems, dtype=object),
    }
    classes.update(class_columns(data, counts, lengths, options.count_boundary_edge))
    landscape = landscape_values(data, counts, lengths, options.count_boundary_edge)
    return FragmentationResult(scheme, options, data, labelling, patches, classes, landscape)


def _identify(d: PatchData, scheme: ClassScheme, pid: np.ndarray) -> dict[str, np.ndarray]:
    """Identification columns; ``PID_fragstats`` is the PID FRAGSTATS gives the same patch (join key)."""
    codes = np.array(scheme.codes, dtype=object)
    return {
        "patch_id": np.arange(1, d.n_patches + 1),
        "PID_fragstats": pid,
        "class": codes[d.cls - 1],
        "name": np.array(scheme.names, dtype=object)[d.cls - 1],
        "ecosystem": np.array(scheme.ecosystems, dtype=object)[d.cls - 1],
    }


@dataclass(frozen=True)
class MeasureTask:
    """One strip of pass 2 (picklable): its rows, a reader of the patch ids around them and what it measures.

    Ids are global patch ids when ``ids`` is None (tasks in this process read the store itself), else the
    task's compact ids: index i stands for global id ``ids[i]`` (``ids[0] == 0``), and the per-patch arrays
    (``cls_of``, ``cy``, ``cx``, ``enn_wanted``) are given for those ids only.
    """

    r0: int
    r1: int
    reader: Any
    ids: Optional[np.ndarray]
    cls_of: np.ndarray
    cy: np.ndarray
    cx: np.ndarray
    enn_wanted: Optional[np.ndarray]
    n_classes: int
    neighbours: int
    halo: int
    core_halo: int
    scan_halo: int
    core_rows: Optional[list]
    want: dict
    want_regions: bool
    geom: Any
    path: str


@dataclass
class StripMeasures:
    """What measuring one strip returns: sums per id of the task (see :class:`MeasureTask`), never arrays of cells."""

    ids: Optional[np.ndarray]
    gyr: Optional[np.ndarray] = None
    contig: Optional[np.ndarray] = None
    extremes: Optional[tuple] = None
    core_cells: Optional[np.ndarray] = None
    core_m2: Optional[np.ndarray] = None
    regions: Optional[tuple] = None  # (global patch id, m²) per local core region
    core_top: Optional[tuple] = None  # (classes, core labels) of the first and last rows
    core_bottom: Optional[tuple] = None
    n_core_local: int = 0
    enn: Optional[np.ndarray] = None


def measure_strip(t: MeasureTask) -> StripMeasures:
    """Pass 2 on one strip: gyration, contiguity, circle extremes, core areas and regions, ENN column scan."""
    geom = t.geom
    n = t.cls_of.size
    dx, dy = geom.dx_m, geom.dy_m
    r0, r1, halo = t.r0, t.r1, t.halo
    h = r1 - r0
    out = StripMeasures(ids=t.ids)
    to_global = (lambda a: a) if t.ids is None else (lambda a: t.ids[a])  # noqa: E731
    g_ext = t.reader.rows(r0 - halo, r1 + halo)
    k_ext = t.cls_of[g_ext]
    g = g_ext[halo : halo + h]
    if t.want["GYRATE"]:
        gyr_scale = None if geom.uniform else (geom.edge_h_m, np.concatenate(([0.0], np.cumsum(geom.edge_v_m))))
        out.gyr = shape.gyration_sum(g, r0, n, t.cy, t.cx, dx, dy, gyr_scale)
    if t.want["CONTIG"]:
        out.contig = shape.contiguity_sum(g_ext[halo - 1 : halo + h + 1], n)
    if t.want["CIRCLE"]:
        ids, rows, c0, c1 = shape.row_extremes(g, r0)
        out.extremes = (to_global(ids).astype(np.int32), rows, c0, c1)
    if t.core_rows:
        core_halo = t.core_halo
        cm = core_area.core_mask(k_ext[halo - core_halo : halo + h + core_halo], core_halo, t.core_rows)
        gc = np.where(cm, g, 0)
        row_areas = geom.row_area_m2[r0:r1]
        out.core_cells = np.bincount(gc.reshape(-1), minlength=n)[:n].astype(np.float64)
        out.core_m2 = row_weighted_sum(gc, n, row_areas)
        if t.want_regions:
            kc = np.where(cm, k_ext[halo : halo + h], 0).astype(k_ext.dtype)
            core_lab = np.zeros(kc.shape, dtype=np.int64)
            n_local = label_classes(kc, core_lab, structure_of(t.neighbours), t.n_classes)["cls"].size
            region_patch = np.zeros(n_local + 1, dtype=np.int64)
            region_patch[core_lab[cm]] = g[cm]
            region_m2 = row_weighted_sum(core_lab, n_local + 1, row_areas)
            out.regions = (to_global(region_patch[1:]).astype(np.int64), region_m2[1:])
            out.core_top = (kc[0].copy(), core_lab[0].copy())
            out.core_bottom = (kc[-1].copy(), core_lab[-1].copy())
            out.n_core_local = n_local
    if t.enn_wanted is not None:
        scan_halo = t.scan_halo
        best = np.full(n - 1, np.inf)
        window = g_ext[halo - scan_halo : halo + h + scan_halo]
        nearest.column_scan(window, t.cls_of, scan_halo, scan_halo + h, dx, dy, best, t.enn_wanted,
                            geometry=geom, row0=r0 - scan_halo)
        out.enn = best
    return out


def _describe_measure_task(t: MeasureTask) -> tuple[str, tuple[int, int], str]:
    return "Patch measures (pass 2)", (t.r0, t.r1), t.path


def _add_into(total: np.ndarray, ids: Optional[np.ndarray], part: np.ndarray) -> None:
    """Add a task's per-id sums (index 0 = background) into the per-patch-id totals, in strip order."""
    if ids is None:
        total += part
    else:
        total[ids] += part


def _second_pass(
    lc: LandCover, lab: Labelling, d: PatchData, scheme: ClassScheme, options: FragmentationOptions, steps: Steps,
    runner: Optional[StripRunner] = None,
) -> None:
    runner = runner or StripRunner("serial", 1)
    geom = lc.geometry
    n = d.n_patches + 1
    dx, dy = geom.dx_m, geom.dy_m
    cls_of = np.concatenate(([0], d.cls)).astype(scheme.dtype)
    want = {m: options.wants(m) for m in ("GYRATE", "CONTIG", "CIRCLE", "ENN")}
    core_rows = core_area.edge_rows(options.edge_depth_m, dx, dy, geom) if options.wants_core else None
    core_halo = max(abs(r) for r, _ in core_rows) if core_rows else 0
    scan_halo = min(options.enn_halo_rows, lc.grid.height) if want["ENN"] else 0
    halo = max(1, core_halo, scan_halo)

    gyr = np.zeros(n) if want["GYRATE"] else None
    contig = np.zeros(n) if want["CONTIG"] else None
    cy = np.concatenate(([0.0], d.centroid_row))
    cx = np.concatenate(([0.0], d.centroid_col))
    core_cells = np.zeros(n) if core_rows else None
    core_m2 = np.zeros(n) if core_rows else None
    want_regions = core_rows is not None and options.wants("NCORE")
    core_parts: list[tuple[np.ndarray, np.ndarray]] = []  # (patch id, area m²) per local core region
    core_pairs: list[tuple[np.ndarray, np.ndarray]] = []
    core_base = 0
    prev_core = None
    enn = np.full(d.n_patches, np.inf) if want["ENN"] else None
    np_per_class = np.bincount(d.cls, minlength=scheme.n_classes + 1)
    enn_wanted = np.concatenate(([False], np_per_class[d.cls] > 1))
    extremes: list[tuple[np.ndarray, ...]] = []

    strips = lab.strips

    def task(r0: int, r1: int) -> MeasureTask:
        if runner.in_process:
            reader, ids, sel = lab.store, None, slice(None)
        else:  # compact ids: only the patches of the strips this task reads
            maps = [m for s0, s1, m in lab.store.strip_maps() if s1 > r0 - halo and s0 < r1 + halo]
            ids = np.unique(np.concatenate(maps)) if maps else np.zeros(1, dtype=np.int64)
            reader, sel = lab.store.reader(r0 - halo, r1 + halo, ids), ids
        return MeasureTask(
            r0, r1, reader, ids, cls_of[sel], cy[sel], cx[sel], enn_wanted[sel] if want["ENN"] else None,
            scheme.n_classes, options.neighbours, halo, core_halo, scan_halo, core_rows, want, want_regions, geom,
            lc.path,
        )

    tasks = [task(r0, r1) for r0, r1 in strips]
    for res in runner.map(measure_strip, tasks, steps, _describe_measure_task):
        ids = res.ids
        if gyr is not None:
            _add_into(gyr, ids, res.gyr)
        if contig is not None:
            _add_into(contig, ids, res.contig)
        if want["CIRCLE"]:
            extremes.append(res.extremes)
        if core_rows:
            _add_into(core_cells, ids, res.core_cells)
            _add_into(core_m2, ids, res.core_m2)
            if want_regions:
                core_parts.append(res.regions)
                if prev_core is not None:
                    a, b = border_pairs(prev_core[0], prev_core[1], res.core_top[0], res.core_top[1], options.neighbours)
                    core_pairs.append((a + prev_core[2], b + core_base))
                prev_core = (res.core_bottom[0], res.core_bottom[1], core_base)
                core_base += res.n_core_local
        if enn is not None:
            if ids is None:
                np.minimum(enn, res.enn, out=enn)
            else:
                enn[ids[1:] - 1] = np.minimum(enn[ids[1:] - 1], res.enn)
    steps.progress(1.0)

    if gyr is not None:
        d.gyration_sum_m = gyr[1:]
        if options.gyrate_centre == "fragstats":
            # FRAGSTATS's program gives a one-cell patch half a cell (its help page says 0)
            single = d.n_cells == 1
            d.gyration_sum_m[single] = 0.5 * np.sqrt(d.area_m2[single])
    if contig is not None:
        d.contig_sum = contig[1:]
    if want["CIRCLE"]:
        parts = [np.concatenate(x) for x in zip(*extremes)]
        d.circle_diameter_m = shape.corner_diameters(*parts, n, dx, dy)[1:]
    if core_rows:
        d.core_cells = core_cells[1:]
        d.core_m2 = core_m2[1:]
    if want_regions:
        _join_core_regions(d, core_parts, core_pairs, core_base, n)
    if enn is not None:
        whole = all(r0 - scan_halo <= 0 and r1 + scan_halo >= lc.grid.height for r0, r1 in strips)
        limit = np.inf if whole else scan_halo * float(geom.edge_v_m.min())
        enn[enn > limit] = np.inf  # not certified: settled by the window search
        d.enn_m = enn


def _join_core_regions(d: PatchData, parts: list, pairs: list, n_local: int, n: int) -> None:
    """Join core regions cut by strip borders; NCORE per patch and the disjunct core areas."""
    patch_of = np.concatenate([p[0] for p in parts]) if parts else np.zeros(0, dtype=np.int64)
    m2 = np.concatenate([p[1] for p in parts]) if parts else np.zeros(0)
    n_comp, comp = join_labels(n_local, pairs)
    region = comp[1:] - 1
    n_regions = n_comp - 1
    d.core_region_m2 = np.bincount(region, weights=m2, minlength=n_regions)
    reg_patch = np.zeros(n_regions, dtype=np.int64)
    reg_patch[region] = patch_of
    d.core_region_patch = reg_patch - 1
    d.ncore = np.bincount(reg_patch, minlength=n)[1:]


def _enn_windows(lc: LandCover, lab: Labelling, d: PatchData, options: FragmentationOptions, steps: Steps) -> None:
    """Settle ENN of patches with no neighbour within the scan radius."""
    geom = lc.geometry
    t = lab.patches
    cls_of = np.concatenate(([0], d.cls))
    np_per_class = np.bincount(d.cls)
    todo = np.flatnonzero(np.isinf(d.enn_m))
    start = 2.0 * options.enn_halo_rows * geom.dy_m
    for i, p in enumerate(todo):
        if i % 64 == 0:
            steps.progress(i / max(todo.size, 1))
        if np_per_class[d.cls[p]] < 2:
            d.enn_m[p] = np.nan
            continue
        bbox = (int(t.row_min[p]), int(t.row_max[p]), int(t.col_min[p]), int(t.col_max[p]))
        d.enn_m[p] = nearest.window_search(
            p + 1, cls_of, bbox, lab.store.window, (lc.grid.height, lc.grid.width), geom.dx_m, geom.dy_m, start,
            geometry=geom,
        )


def _proximity(lc: LandCover, lab: Labelling, d: PatchData, options: FragmentationOptions, steps: Steps) -> None:
    """PROX of every patch within the search radius."""
    geom = lc.geometry
    t = lab.patches
    cls_of = np.concatenate(([0], d.cls))
    prox = np.zeros(d.n_patches)
    for p in range(d.n_patches):
        if p % 64 == 0:
            steps.progress(p / max(d.n_patches, 1))
        bbox = (int(t.row_min[p]), int(t.row_max[p]), int(t.col_min[p]), int(t.col_max[p]))
        prox[p] = nearest.proximity(
            p + 1, cls_of, bbox, lab.store.window, (lc.grid.height, lc.grid.width),
            geom.dx_m, geom.dy_m, float(options.search_radius_m), geom.row_area_m2, geometry=geom,
        )
    d.prox = prox

"""Supply from cells: every sequestering cell is a source with its own distances to the units.

s_c = rate of the cell's ecosystem (t C/ha/yr, Σ of the accumulation rates) × cell area (ha)
      × (edge factor f when the cell lies in the edge band, else 1)

The edge band is the sink's (:mod:`core.sink`: cells within the edge depth of another class,
nodata or the map edge; FRAGSTATS's core-area rule), so Σ_c s_c over a patch's cells equals the
patch's sequestration in the sink table.

Distances are the cell's own: straight line from the cell centre to the unit's point (0 when the
point lies in the cell), or the least cost from the unit to the cell (:mod:`.leastcost`,
``per_cell=True``). The allocation runs over (cell, unit) pairs and is summed to patches for the
tables (:func:`cells_to_patches`), so how cells are grouped into patches changes no unit's
allocation: a creek that splits a belt moves no sequestering cell (only the creek's own cells, and
with an edge band the cells whose edge status changes, leave or change).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

import numpy as np
from scipy.spatial import cKDTree

from ..classes import ClassScheme, read_class_rows
from ..feedback import Steps
from ..fragmentation.core_area import core_mask, edge_rows
from ..landcover import CellGeometry, LandCover
from ..parameters import ParameterTable
from ..patches import Labelling
from ..sink import DRAINAGE, SinkOptions, rates_per_class, sink_ecosystems
from .allocation import Allocation, Pairs

CELL_CHUNK = 1 << 20  # cells per KD-tree query (bounds the temporary pair arrays)


@dataclass
class CellSources:
    """The sequestering cells of the supply patches, in raster order."""

    row: np.ndarray  # int64
    col: np.ndarray  # int64
    patch: np.ndarray  # int64, supply index of the cell's patch
    cls: np.ndarray  # class index (1-based, the scheme's)
    edge: np.ndarray  # bool, in the edge band
    area_ha: np.ndarray  # cell area (ha)
    supply: np.ndarray  # s_c, t C/yr
    width: int  # raster width (flat index = row · width + col)

    @property
    def size(self) -> int:
        """Number of cells."""
        return int(self.row.size)

    @property
    def flat(self) -> np.ndarray:
        """Flat raster index of every cell (sorted)."""
        return self.row * self.width + self.col

    def supply_with(self, rate_of_class: np.ndarray, edge_factor: float) -> np.ndarray:
        """s_c for other rates (t C/ha/yr per class index) or another edge factor (Monte Carlo, sensitivity)."""
        return rate_of_class[self.cls] * self.area_ha * np.where(self.edge, edge_factor, 1.0)


def rate_of_class(scheme: ClassScheme, parameters: ParameterTable, values: Optional[dict] = None,
                  status: str = "intact") -> np.ndarray:
    """Net accumulation rate (t C/ha/yr) per class index (0 for nodata and classes without a rate).

    The rates are those the sink uses (:func:`core.sink.rates_per_class`: a class's own row before its
    ecosystem's, the row for the cells' ``status`` before an ``any`` row). ``values`` maps a parameter row's
    key to a value (e.g. one Monte Carlo draw of ``ParameterTable.sample``); default: the central values.
    """
    ecosystems = set(sink_ecosystems(scheme, parameters))
    out = np.zeros(scheme.n_classes + 1)
    rates = rates_per_class(parameters, scheme.codes, scheme.ecosystems, status)
    for i, (code, e) in enumerate(zip(scheme.codes, scheme.ecosystems), start=1):
        if e not in ecosystems or code not in rates:
            continue
        for row in rates[code].rows:
            value = row.value if values is None else values.get(row.key, row.value)
            out[i] += -value if row.parameter == DRAINAGE else value
    return out


def gather_cell_sources(
    lc: LandCover,
    scheme: ClassScheme,
    labelling: Labelling,
    index_of_id: np.ndarray,
    rates: np.ndarray,
    options: SinkOptions,
    steps: Steps,
) -> CellSources:
    """Every cell of a supply patch (``index_of_id >= 0``) with its supply, strip by strip."""
    geom = lc.geometry
    rows_disc = edge_rows(options.edge_depth_m, geom.dx_m, geom.dy_m, geom) if options.edge_effect else None
    halo = max(abs(r) for r, _ in rows_disc) if rows_disc else 0
    parts = []
    strips = labelling.strips
    for s, (r0, r1) in enumerate(strips):
        steps.progress(s / max(len(strips), 1))
        idx = index_of_id[labelling.store.rows(r0, r1)]
        rr, cc = np.nonzero(idx >= 0)
        if rr.size == 0:
            continue
        k_ext = read_class_rows(lc, scheme, r0 - halo, r1 + halo)
        k = k_ext[halo : halo + (r1 - r0)]
        edge = np.zeros(k.shape, bool)
        if rows_disc:
            edge = (k > 0) & ~core_mask(k_ext, halo, rows_disc)
        parts.append((rr + r0, cc, idx[rr, cc], k[rr, cc].astype(np.int64), edge[rr, cc], geom.row_area_m2[rr + r0] / 1e4))
    steps.progress(1.0)
    if parts:
        row, col, patch, cls, edge, area = (np.concatenate(x) for x in zip(*parts))
    else:
        row = col = patch = cls = np.zeros(0, np.int64)
        edge, area = np.zeros(0, bool), np.zeros(0)
    factor = options.edge_factor if options.edge_effect else 1.0
    supply = rates[cls] * area * np.where(edge, factor, 1.0)
    return CellSources(row.astype(np.int64), col.astype(np.int64), patch.astype(np.int64), cls, edge, area, supply,
                       lc.grid.width)


def straight_line_cell_pairs(
    cells: CellSources,
    unit_x: np.ndarray,
    unit_y: np.ndarray,
    unit_row: np.ndarray,
    unit_col: np.ndarray,
    dx_m: float,
    dy_m: float,
    max_distance: float,
    steps: Steps,
    geometry: Optional[CellGeometry] = None,
) -> Pairs:
    """(cell, unit, distance) for every cell within ``max_distance`` of a unit (local metric frame).

    With the ``geometry`` of a geographic grid the pairs are found in its azimuthal equidistant frame and
    measured with ``Geod.inv``.

    Distance from the cell centre to the unit's point, 0 when the point lies in the cell
    (``unit_row``/``unit_col`` its cell).
    """
    if cells.size == 0 or unit_x.size == 0:
        return Pairs.empty()
    geo = geometry if geometry is not None and not geometry.uniform else None
    reach_m = max_distance
    if geo is not None:  # azimuthal equidistant frame for the search, Geod.inv for the distances
        unit_row_f, unit_col_f = unit_y / dy_m, unit_x / dx_m
        unit_x, unit_y = geo.metric_frame(unit_row_f, unit_col_f)
        reach_m = max_distance * (1.0 + geo.frame_error)
    units = np.column_stack([unit_x, unit_y])
    unit_tree = cKDTree(units)
    # a point inside a cell lies within half its diagonal of the centre (the largest cell on a geographic grid)
    margin = 0.5 * (np.hypot(dx_m, dy_m) if geo is None else geo.largest_diagonal_m * (1.0 + geo.frame_error))
    parts = []
    for c0 in range(0, cells.size, CELL_CHUNK):
        steps.progress(c0 / cells.size)
        c1 = min(cells.size, c0 + CELL_CHUNK)
        if geo is None:
            xy = np.column_stack([(cells.col[c0:c1] + 0.5) * dx_m, (cells.row[c0:c1] + 0.5) * dy_m])
        else:
            xy = np.column_stack(geo.metric_frame(cells.row[c0:c1] + 0.5, cells.col[c0:c1] + 0.5))
        sdm = cKDTree(xy).sparse_distance_matrix(unit_tree, reach_m + margin, output_type="ndarray")
        c = sdm["i"].astype(np.int64) + c0
        u = sdm["j"].astype(np.int64)
        d = sdm["v"].astype(np.float64)
        if geo is not None:
            d = geo.distance_m(cells.row[c] + 0.5, cells.col[c] + 0.5, unit_row_f[u], unit_col_f[u])
        inside = (unit_row[u] == cells.row[c]) & (unit_col[u] == cells.col[c])
        d[inside] = 0.0
        ok = d <= max_distance
        parts.append((c[ok], u[ok], d[ok]))
    steps.progress(1.0)
    c, u, d = (np.concatenate(x) for x in zip(*parts))
    return Pairs(c, u, d)


def cell_pairs_from_flat(cells: CellSources, flat_pairs: Pairs) -> Pairs:
    """Least-cost pairs keyed by flat raster index → keyed by cell (pairs on cells not listed are dropped)."""
    flat = cells.flat
    pos = np.searchsorted(flat, flat_pairs.patch)
    pos = np.minimum(pos, max(flat.size - 1, 0))
    ok = flat.size > 0
    hit = (flat[pos] == flat_pairs.patch) if ok else np.zeros(flat_pairs.size, bool)
    return Pairs(pos[hit].astype(np.int64), flat_pairs.unit[hit], flat_pairs.distance[hit])


def cells_to_patches(cell_alloc: Allocation, cells: CellSources, patch_supply: np.ndarray, n_units: int) -> Allocation:
    """Sum a cell allocation to patches: links per (patch, unit), distance = the flow-weighted mean of its cells'."""
    n_p = patch_supply.size
    p_of_link = cells.patch[cell_alloc.patch]
    key = p_of_link * n_units + cell_alloc.unit
    uniq, inv = np.unique(key, return_inverse=True)
    inv = inv.reshape(-1)
    flow = np.bincount(inv, weights=cell_alloc.flow, minlength=uniq.size)
    with np.errstate(invalid="ignore", divide="ignore"):
        dist = np.bincount(inv, weights=cell_alloc.flow * cell_alloc.distance, minlength=uniq.size) / flow
        share = flow / patch_supply[uniq // n_units]
    p, u = uniq // n_units, uniq % n_units
    sent = np.bincount(p, weights=flow, minlength=n_p)

    def by_patch(values):
        return None if values is None else np.bincount(cells.patch, weights=values, minlength=n_p)

    return Allocation(
        patch=p, unit=u, flow=flow, distance=dist, share=share, sent=sent,
        unallocated=np.maximum(patch_supply - sent, 0.0), received=cell_alloc.received,
        n_links_of_patch=np.bincount(p, minlength=n_p), n_links_of_unit=np.bincount(u, minlength=n_units),
        method=cell_alloc.method, unallocated_no_demand=by_patch(cell_alloc.unallocated_no_demand),
        unallocated_saturated=by_patch(cell_alloc.unallocated_saturated), report=cell_alloc.report,
    )

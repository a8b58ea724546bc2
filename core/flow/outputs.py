"""Files of a flow assessment: patch, demand, network, change and decomposition tables (CSV), the balance raster.

Every writer stages into a :class:`core.io.OutputBatch`, so a run writes all its files or none.
With two dates the patch and demand tables hold the rows of both dates (column ``date``: 1 or 2),
the network table one column per date and their change, and the balance raster two bands per date.
"""

from __future__ import annotations

from typing import Optional, Sequence

import numpy as np

from ..io import OutputBatch, write_csv
from ..landcover import Grid, plan_strips
from .attribution import CHANNELS, FlowDecomposition
from .dates import FlowChange
from .demand import GRID, POINT, POLYGON, DemandUnits
from .engine import FlowResult

BALANCE_NODATA = float("nan")


def _stack(results: Sequence[FlowResult], table: str) -> dict[str, np.ndarray]:
    """Rows of every date under one header, with a leading ``date`` column."""
    columns = getattr(results[0], table)
    sizes = [len(next(iter(getattr(r, table).values()))) for r in results]
    out: dict[str, np.ndarray] = {"date": np.concatenate([np.full(n, k + 1) for k, n in enumerate(sizes)])}
    for name in columns:
        out[name] = np.concatenate([np.asarray(getattr(r, table)[name]) for r in results])
    return out


def write_patch_table(path: str, results: Sequence[FlowResult], batch: Optional[OutputBatch] = None) -> None:
    """Per patch: supply, delivered, unallocated (t C/yr), beneficiaries, main beneficiary, point."""
    write_csv(path, _stack(results, "patches"), batch=batch)


def write_demand_table(path: str, results: Sequence[FlowResult], batch: Optional[OutputBatch] = None) -> None:
    """Per demand unit: demand, received, balance (t C/yr), ESDR, share met, suppliers, point."""
    write_csv(path, _stack(results, "units"), batch=batch)


def network_rows(results: Sequence[FlowResult], change: Optional[FlowChange] = None) -> dict[str, list]:
    """Indicators in rows: ``indicator,value`` (one date) or ``indicator,date_1,date_2,change`` (two)."""
    names = list(results[0].network)
    if len(results) == 1:
        return {"indicator": names, "value": [results[0].network[n] for n in names]}
    rows: dict[str, list] = {"indicator": [], "date_1": [], "date_2": [], "change": []}
    for n in names:
        v1, v2 = results[0].network[n], results[1].network[n]
        rows["indicator"].append(n)
        rows["date_1"].append(v1)
        rows["date_2"].append(v2)
        numeric = all(isinstance(v, (int, float, np.floating, np.integer)) for v in (v1, v2))
        rows["change"].append(float(v2) - float(v1) if numeric else "")
    if change is not None:
        for n, v in change.summary.items():
            if n.startswith("delivered_tC_yr_"):
                continue
            rows["indicator"].append(n)
            rows["date_1"].append("")
            rows["date_2"].append("")
            rows["change"].append(v)
    return rows


def write_network_table(
    path: str, results: Sequence[FlowResult], change: Optional[FlowChange] = None, batch: Optional[OutputBatch] = None
) -> None:
    """Totals (t C/yr), share of demand met and graph indices; with two dates, their change and the attribution."""
    write_csv(path, network_rows(results, change), batch=batch)


def write_change_table(path: str, change: FlowChange, batch: Optional[OutputBatch] = None) -> None:
    """One row per lineage (date-1 patch or new date-2 patch): status, areas, supply and delivered flow at both dates."""
    write_csv(path, change.lineages, batch=batch)


def decomposition_rows(dec: FlowDecomposition) -> dict[str, list]:
    """One row per channel (area, edge, reach, saturation, demand) and one for the total change of attributed flow.

    ``change_tC_yr``: the channel's term (the terms add up to the total); ``share_of_change``: term / total
    (empty when the total is 0); ``shapley_attributed_tC_yr``: φ_k of the attributed total itself and
    ``sequential_tC_yr``: the step of the one-order chain area → edge → reach → demand (factors only);
    ``attributed_tC_yr_1`` / ``_2`` and ``accessible_tC_yr_1`` / ``_2`` on the total row. With Monte Carlo
    draws, ``change_tC_yr_mean`` / ``_lo`` / ``_hi``.
    """
    total = dec.change_tC_yr
    names = [*CHANNELS, "total"]
    terms = [dec.terms[k] for k in CHANNELS] + [total]
    rows: dict[str, list] = {
        "term": names,
        "change_tC_yr": terms,
        "share_of_change": [t / total + 0.0 if total != 0 else "" for t in terms],
        "shapley_attributed_tC_yr": [dec.shapley_attributed.get(k, "") for k in CHANNELS] + [total],
        "sequential_tC_yr": [dec.sequential.get(k, "") for k in CHANNELS] + [total],
        "attributed_tC_yr_1": [""] * len(CHANNELS) + [dec.attributed_tC_yr_1],
        "attributed_tC_yr_2": [""] * len(CHANNELS) + [dec.attributed_tC_yr_2],
        "accessible_tC_yr_1": [""] * len(CHANNELS) + [dec.accessible_tC_yr_1],
        "accessible_tC_yr_2": [""] * len(CHANNELS) + [dec.accessible_tC_yr_2],
    }
    if dec.intervals:
        keys = [*CHANNELS, "change"]
        for k, part in enumerate(("mean", "lo", "hi")):
            rows[f"change_tC_yr_{part}"] = [dec.intervals[n][k] if n in dec.intervals else "" for n in keys]
    return rows


def write_decomposition_table(path: str, dec: FlowDecomposition, batch: Optional[OutputBatch] = None) -> None:
    """The change in attributed flow between two dates split into area, edge, reach, saturation and demand (t C/yr)."""
    write_csv(path, decomposition_rows(dec), batch=batch)


def write_zone_table(path: str, table: dict[str, list], batch: Optional[OutputBatch] = None) -> None:
    """Per zone (and the cells outside the zones): moving-window means, blue-carbon area, flow-change channels."""
    write_csv(path, table, batch=batch)


def write_link_change_table(path: str, change: FlowChange, batch: Optional[OutputBatch] = None) -> None:
    """One row per lineage and unit linked at either date: flows and kept / lost / gained."""
    write_csv(path, change.links, batch=batch)


def balance_bands(results: Sequence[FlowResult]) -> list[str]:
    """Band descriptions of the balance raster."""
    names = []
    for k in range(len(results)):
        suffix = f", date {k + 1}" if len(results) > 1 else ""
        names += [f"balance R - D (t C/yr){suffix}", f"ESDR{suffix}"]
    return names


def write_balance_raster(
    path: str, results: Sequence[FlowResult], landcover: Grid, max_distance_m: float, batch: Optional[OutputBatch] = None
) -> None:
    """Balance R_j − D_j (t C/yr) and ESDR of every unit, as a float32 GeoTIFF (NaN = no unit).

    Grid units: one raster cell per grid unit (the grid of the chosen cell size). Polygon units: the
    polygons burnt into the land-cover grid. Point units: every land-cover cell within the maximum
    distance of a unit takes the values of its nearest unit (Thiessen regions).
    """
    from ..io import write_raster_strips

    units = results[0].demand
    values = np.column_stack([np.column_stack([r.units["balance_tC_yr"], r.units["esdr"]]) for r in results]).T
    n_bands = values.shape[0]
    if units.kind == GRID:
        g = units.grid
        out = np.full((n_bands, g.height, g.width), BALANCE_NODATA, dtype=np.float32)
        out[:, g.row, g.col] = values
        profile = {"width": g.width, "height": g.height, "transform": g.transform}
        strips = iter([(0, out)])
    else:
        profile = {"width": landcover.width, "height": landcover.height, "transform": landcover.transform}
        strips = _unit_strips(units, values, landcover, max_distance_m)
    profile.update({"count": n_bands, "dtype": "float32", "nodata": BALANCE_NODATA, "crs": landcover.crs_wkt})
    write_raster_strips(path, profile, strips, balance_bands(results), batch=batch)


def _unit_strips(units: DemandUnits, values: np.ndarray, grid: Grid, max_distance_m: float):
    """Strips of the land-cover grid holding each cell's unit values (polygons burnt in, points by Thiessen)."""
    from rasterio import features
    from scipy.spatial import cKDTree

    from ..landcover import cell_geometry

    geom = cell_geometry(grid)
    tree = None
    if units.kind == POINT:
        col_f, row_f = ~grid.transform * (units.x, units.y)
        tree = cKDTree(np.column_stack([np.asarray(col_f) * geom.dx_m, np.asarray(row_f) * geom.dy_m]))
    shapes = [(g, i + 1) for i, g in enumerate(units.polygons)] if units.kind == POLYGON else None
    for r0, r1 in plan_strips(grid.height, grid.width, max(1, (1 << 20) // max(grid.width, 1))):
        out = np.full((values.shape[0], r1 - r0, grid.width), BALANCE_NODATA, dtype=np.float32)
        if shapes is not None:
            t = grid.transform * grid.transform.translation(0, r0)
            index = features.rasterize(shapes, out_shape=(r1 - r0, grid.width), transform=t, fill=0, dtype="int32") - 1
        else:
            rr, cc = np.mgrid[r0:r1, 0 : grid.width]
            pts = np.column_stack([(cc.ravel() + 0.5) * geom.dx_m, (rr.ravel() + 0.5) * geom.dy_m])
            dist, nearest = tree.query(pts, distance_upper_bound=max_distance_m)
            index = np.where(np.isfinite(dist), nearest, -1).reshape(r1 - r0, grid.width)
        hit = index >= 0
        out[:, hit] = values[:, index[hit]]
        yield r0, out

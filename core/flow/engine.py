"""One date: supply per patch (sink engine), distances to the demand units, gravity flows, tables.

:func:`assess_flow` runs the chain

1. supply S_i (t C/yr) of every blue-carbon patch from :func:`core.sink.assess_sink`, with the
   edge effect when the sink options ask for it (so fragmentation lowers supply); patch ids are
   those of the fragmentation patches;
2. distances d_ij ≤ d_max: straight line (:mod:`.distance`) or least cost over the resistance grid
   (:mod:`.leastcost`, in cost-metres);
3. the allocation (:mod:`.allocation`): ``capped`` (default, :mod:`.transport`), ``accessible_supply``
   (the first model, gravity without capacity) or ``aspatial`` (SPANs); from cells (default,
   :mod:`.cellsupply`: each cell's supply and own distances, summed to patches) or from patches;
4. with ``options.routes`` (least cost), the route of every link above the link threshold
   (:mod:`.routes`: cell chains from the patch's cheapest cell to the unit, cost in cost-metres,
   length in m; they sum to the flow-through raster, t C/yr per cell);
5. the per-patch, per-unit and network tables. Flows are *attributed* (a convention of local
   offsetting: CO₂ uptake benefits everyone through the atmosphere), not transported; the old
   names (``delivered_tC_yr``, ``received_tC_yr``, ``flow_tC_yr``) stay beside the new
   ``attributed_tC_yr`` columns until the Processing layer is rewired.

Units: t C/yr for every supply, demand and flow; metres (or cost-metres) for distances. The main
amounts of the patch, unit and link tables are repeated in t CO₂e/yr beside them
(:data:`CO2E_COLUMNS`: ``<name>_tCO2e_yr`` = ``<name>_tC_yr`` × 44/12, the one factor
:data:`core.sink.CO2_PER_C`). The
patch-id raster stays open in the result (for two-date comparisons and drawing); call
:meth:`FlowResult.close` when done.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass, field
from typing import Optional

import numpy as np

from ..classes import ClassScheme
from ..errors import InputError
from ..feedback import FeedbackLike, Steps, as_steps
from ..landcover import Grid, LandCover
from ..parallel import Parallelism
from ..parameters import ParameterTable
from ..patches import Labelling
from ..sink import CO2_PER_C, SinkOptions, assess_sink
from .allocation import (
    ALLOCATION_METHODS, CAPPED, Allocation, Pairs, allocate, aspatial_received, esdr,
    share_of_demand_met,
)
from .cellsupply import (
    CellSources, cell_pairs_from_flat, cells_to_patches, gather_cell_sources, rate_of_class, straight_line_cell_pairs,
)
from .indices import flow_indices, threshold_links
from .transport import DEFAULT_MAX_ITERATIONS, DEFAULT_TOLERANCE
from .decay import DistanceDecay
from .demand import DemandUnits, check_overlap, check_same_crs
from .distance import nearest_patch_cells, straight_line_pairs
from .leastcost import CostSurface, least_cost_pairs
from .network import network_indices
from .patchcells import PatchCells, gather_patch_cells, supply_index
from .resistance import ResistanceTable, load_resistance
from .routes import Routes, least_cost_routes

STRAIGHT_LINE = "straight_line"
LEAST_COST = "least_cost"
DISTANCE_MODES: tuple[str, ...] = (STRAIGHT_LINE, LEAST_COST)
CELLS = "cells"
PATCHES = "patches"
SOURCES: tuple[str, ...] = (CELLS, PATCHES)
MAX_CELL_PAIRS = 40_000_000  # estimated (cell, unit) pairs above which the sources fall back to patches
CO2E_COLUMNS: dict[str, tuple[str, ...]] = {
    "patches": ("supply_tC_yr", "attributed_tC_yr", "unallocated_tC_yr"),
    "units": ("demand_tC_yr", "attributed_tC_yr", "balance_tC_yr"),
    "links": ("attributed_tC_yr",),
}
"""The t C/yr columns of each table repeated in t CO₂e/yr right after them (``…_tCO2e_yr``)."""


def with_co2e(table: dict, names: tuple[str, ...]) -> dict:
    """``table`` with ``<stem>_tCO2e_yr`` = ``<stem>_tC_yr`` × 44/12 (t CO₂e/yr) after each column of ``names``."""
    out: dict = {}
    for key, values in table.items():
        out[key] = values
        if key in names:
            out[key[: -len("_tC_yr")] + "_tCO2e_yr"] = np.asarray(values, dtype=np.float64) * CO2_PER_C
    return out


@dataclass(frozen=True)
class FlowOptions:
    """The flow model: decay law, reach, distance mode, resistances and the supply (sink) options.

    ``parallelism`` runs the least-cost searches (pairs and routes) on worker processes, threads or a
    Dask cluster (:mod:`..parallel`; results identical bit for bit to one worker); ``routes`` keeps the
    least-cost routes of the links (least cost only: refused in straight-line mode).
    """

    decay: DistanceDecay
    max_distance_m: float
    distance_mode: str = STRAIGHT_LINE
    resistance: Optional[ResistanceTable] = None  # least cost only; None = the shipped default table
    sink: SinkOptions = field(default_factory=lambda: SinkOptions(draws=0))
    allocation: str = CAPPED  # capped | accessible_supply | aspatial
    source: str = CELLS  # cells (invariant to how cells are grouped into patches) | patches (the first model)
    tolerance: float = DEFAULT_TOLERANCE  # capped: largest relative margin violation at convergence
    max_iterations: int = DEFAULT_MAX_ITERATIONS  # capped: iteration cap (reported when reached)
    link_threshold: float = 0.0  # flow indices: a link needs F_ij ≥ this share of its patch's supply
    parallelism: Optional[Parallelism] = None  # least cost: where the tiles' searches run (None = this process)
    routes: bool = False  # least cost: keep the routes of the links above the link threshold (FlowResult.routes)

    def __post_init__(self) -> None:
        if self.allocation not in ALLOCATION_METHODS:
            raise InputError(f"Unknown allocation method '{self.allocation}'.", f"Use one of {', '.join(ALLOCATION_METHODS)}.")
        if self.source not in SOURCES:
            raise InputError(f"Unknown flow source '{self.source}'.", f"Use one of {', '.join(SOURCES)}.")
        if not (0 < self.tolerance < 1e-2):
            raise InputError(f"The transport tolerance must lie in (0, 0.01), not {self.tolerance}.", "Give e.g. 1e-9.")
        if self.distance_mode not in DISTANCE_MODES:
            raise InputError(f"Unknown distance mode '{self.distance_mode}'.", f"Use one of {', '.join(DISTANCE_MODES)}.")
        if self.routes and self.distance_mode != LEAST_COST:
            raise InputError(
                "Routes and the flow-through raster need least-cost distances: in straight-line mode a link is the "
                "straight segment of the links layer, and no path crosses the cells between.",
                "Choose the least-cost distance mode, or use the links layer for straight-line links.",
            )
        if not (self.max_distance_m > 0 and math.isfinite(self.max_distance_m)):
            raise InputError(
                f"The maximum flow distance must be a positive number of metres, not {self.max_distance_m}.",
                "Give the distance beyond which a patch serves no unit (e.g. 5000 m).",
            )


@dataclass
class FlowResult:
    """Tables of one date: patches, demand units, links and network indices."""

    patches: dict[str, np.ndarray]
    units: dict[str, np.ndarray]
    links: dict[str, np.ndarray]
    network: dict[str, object]
    demand: DemandUnits
    options: FlowOptions
    grid: Grid
    warnings: list[str]
    supply_ids: np.ndarray  # patch ids of the supply patches (S > 0), in supply-index order
    labelling: Optional[Labelling] = field(default=None, repr=False)
    allocation: Optional[Allocation] = field(default=None, repr=False)
    model: Optional["SourceModel"] = field(default=None, repr=False)
    routes: Optional[Routes] = field(default=None, repr=False)  # least cost with ``options.routes``

    def close(self) -> None:
        """Release the patch-id raster."""
        if self.labelling is not None:
            self.labelling.store.close()


@dataclass
class SourceModel:
    """What re-running the allocation needs: sources, their pairs in reach, and how they map to patches."""

    supply: np.ndarray  # per source (cell or patch), t C/yr
    pairs: Pairs  # (source, unit, distance) within reach
    patch_of_source: np.ndarray  # supply index of each source's patch
    patch_supply: np.ndarray  # per supply patch, t C/yr
    cells: Optional[CellSources]  # the cells when the sources are cells
    rates: np.ndarray  # t C/ha/yr per class index (central)
    demand: np.ndarray  # per unit, t C/yr

    def allocate(self, options: "FlowOptions", supply: Optional[np.ndarray] = None,
                 demand: Optional[np.ndarray] = None, pairs: Optional[Pairs] = None,
                 decay: Optional[DistanceDecay] = None, max_distance: Optional[float] = None,
                 method: Optional[str] = None) -> Allocation:
        """The patch-level allocation with some inputs replaced (Monte Carlo, sensitivity, counterfactuals)."""
        s = self.supply if supply is None else supply
        d = self.demand if demand is None else demand
        a = allocate(s, d, self.pairs if pairs is None else pairs, decay or options.decay,
                     options.max_distance_m if max_distance is None else max_distance,
                     method or options.allocation, options.tolerance, options.max_iterations)
        if self.cells is None:
            return a
        patch_supply = np.bincount(self.patch_of_source, weights=s, minlength=self.patch_supply.size)
        return cells_to_patches(a, self.cells, patch_supply, d.size)


def assess_flow(
    lc: LandCover,
    scheme: ClassScheme,
    parameters: ParameterTable,
    demand: DemandUnits,
    options: FlowOptions,
    feedback: Optional["FeedbackLike | Steps"] = None,
) -> FlowResult:
    """Supply, flows to the demand units and their balance for one land-cover map.

    Parameters
    ----------
    lc : LandCover
        The land-cover raster, in the CRS of the demand units.
    scheme : ClassScheme
        Its classes, each with an ecosystem from the legend.
    parameters : ParameterTable
        Sequestration rates (t C/ha/yr) per ecosystem: the supply of each patch.
    demand : DemandUnits
        Demand units and their demand (:func:`point_units`, :func:`polygon_units` or :func:`raster_demand`).
    options : FlowOptions
        Distance decay, reach (m), straight-line or least-cost distance, resistances and the sink options.
    feedback : FeedbackLike or Steps, optional
        Progress and cancellation.

    Returns
    -------
    FlowResult
        Patch, demand-unit and link tables (t C/yr attributed to each unit), network indices and
        warnings; call ``close()`` to release the patch-id raster.
    """
    steps = as_steps(feedback)
    grid = lc.grid
    check_same_crs(demand.crs_wkt, grid.crs_wkt, "The demand layer")
    check_overlap(demand.bounds(), grid, "The demand layer")
    resistance = None
    if options.distance_mode == LEAST_COST:
        resistance = options.resistance or load_resistance()
        resistance.value_lut(scheme)  # fail early when a class has no resistance
    sink_options = dataclasses.replace(options.sink, draws=0)
    sink = assess_sink(lc, scheme, parameters, sink_options, steps.sub(0.0, 0.5), per_patch=True)
    try:
        return _flows(lc, scheme, parameters, sink, demand, options, resistance, steps.sub(0.5, 1.0))
    except BaseException:
        sink.close()
        raise


def _flows(lc, scheme, parameters: ParameterTable, sink, demand: DemandUnits, options: FlowOptions, resistance, steps: Steps) -> FlowResult:
    grid, geom = lc.grid, lc.geometry
    supply_all = np.asarray(sink.patches["sequestration_tC_yr"], dtype=np.float64)
    positive = supply_all > 0
    if not positive.any():
        raise InputError(
            "No blue-carbon patch supplies any sequestration (every patch's annual sequestration is 0), so nothing "
            "can flow.",
            "Check the legend maps the map's codes to mangrove, salt_marsh or seagrass, that the parameter table gives "
            "them a rate, and that the edge factor is not 0 for patches that are all edge.",
        )
    labelling: Labelling = sink.labelling
    table = labelling.patches
    supply_ids = sink.patch_ids[positive]
    supply = supply_all[positive]
    index_of_id = supply_index(table.n_patches, supply_ids)
    cent_r = table.sum_row[supply_ids - 1] / table.n_cells[supply_ids - 1]
    cent_c = table.sum_col[supply_ids - 1] / table.n_cells[supply_ids - 1]
    cells = gather_patch_cells(labelling, index_of_id, cent_r, cent_c, steps.sub(0.0, 0.15))
    col_f, row_f = ~grid.transform * (demand.x, demand.y)
    col_f, row_f = np.asarray(col_f, dtype=np.float64), np.asarray(row_f, dtype=np.float64)
    u_row, u_col = np.floor(row_f).astype(np.int64), np.floor(col_f).astype(np.int64)
    warnings: list[str] = []
    sources = None
    unit_patch = None
    pair_nearest: list = []  # straight line from patches: the boundary cell of each pair
    use_cells = options.source == CELLS
    if use_cells:
        n_cells = float(table.n_cells[supply_ids - 1].sum())
        reach_m = options.max_distance_m
        if options.distance_mode == LEAST_COST:
            reach_m /= float(np.nanmin(np.where(np.isfinite(resistance.value_lut(scheme)[1]),
                                                resistance.value_lut(scheme)[1], np.nan)))
        disc = min(math.pi * reach_m**2 / (geom.dx_m * geom.dy_m), float(grid.width * grid.height))
        estimate = demand.size * disc * n_cells / float(grid.width * grid.height)
        if estimate > MAX_CELL_PAIRS:
            use_cells = False
            warnings.append(
                f"About {estimate:,.0f} (cell, unit) pairs lie within reach, more than the {MAX_CELL_PAIRS:,} the "
                "allocation from cells holds in memory, so patches are the sources of this run (their allocation "
                "depends on how cells are grouped into patches). For allocation from cells use a shorter maximum "
                "distance, fewer demand units or larger cells."
            )
    if use_cells:
        rates = rate_of_class(scheme, parameters)
        sources = gather_cell_sources(lc, scheme, labelling, index_of_id, rates, options.sink, steps.sub(0.15, 0.3))
    if options.distance_mode == STRAIGHT_LINE:
        if sources is not None:
            pairs = straight_line_cell_pairs(
                sources, col_f * geom.dx_m, row_f * geom.dy_m, u_row, u_col, geom.dx_m, geom.dy_m,
                options.max_distance_m, steps.sub(0.3, 0.85), geometry=geom,
            )
        else:
            unit_patch = _patch_at(labelling, index_of_id, u_row, u_col, grid)
            pairs = straight_line_pairs(
                cells, col_f * geom.dx_m, row_f * geom.dy_m, unit_patch, geom.dx_m, geom.dy_m,
                options.max_distance_m, steps.sub(0.15, 0.85), geometry=geom, nearest_out=pair_nearest,
            )
    else:
        surface = _cost_surface(lc, scheme, labelling, index_of_id, resistance)
        pairs, outside = least_cost_pairs(surface, u_row, u_col, options.max_distance_m, steps.sub(0.3, 0.85),
                                          per_cell=sources is not None, parallelism=options.parallelism,
                                          path=getattr(lc, "path", ""))
        if sources is not None:
            pairs = cell_pairs_from_flat(sources, pairs)
        if outside.any():
            ids = ", ".join(map(str, demand.unit_id[outside][:10]))
            warnings.append(
                f"{int(outside.sum())} demand unit(s) lie outside the land-cover raster and cannot be reached by "
                f"least-cost paths (ids {ids}); they receive nothing."
            )
    if sources is not None:
        model = SourceModel(sources.supply, pairs, sources.patch, supply, sources, rates, demand.demand_tC_yr)
    else:
        model = SourceModel(supply, pairs, np.arange(supply.size), supply, None, rate_of_class(scheme, parameters),
                            demand.demand_tC_yr)
    alloc = model.allocate(options)
    if alloc.report is not None and not alloc.report.converged:
        warnings.append(
            f"The capped allocation stopped after {alloc.report.iterations} iterations with a margin violation of "
            f"{alloc.report.error:.2g} (tolerance {alloc.report.tolerance:g}); its flows still respect every supply "
            "and demand, but the attributed total may fall short of the maximum deliverable amount."
        )
    routes = None
    if options.routes:
        on = threshold_links(alloc, options.link_threshold)
        routes = least_cost_routes(surface, u_row, u_col, options.max_distance_m, alloc.patch[on], alloc.unit[on],
                                   alloc.flow[on], steps.sub(0.85, 0.95), options.parallelism, getattr(lc, "path", ""))
    steps.progress(0.95)
    patches = with_co2e(_patch_table(sink, positive, supply_all, alloc, cells, grid, demand), CO2E_COLUMNS["patches"])
    units = with_co2e(_unit_table(demand, alloc, float(supply.sum())), CO2E_COLUMNS["units"])
    if options.distance_mode == STRAIGHT_LINE:  # links start at the patch cell their distance is measured from
        if unit_patch is None:
            unit_patch = _patch_at(labelling, index_of_id, u_row, u_col, grid)
        if pair_nearest:  # links are pairs: take the cell the pair search measured to
            key = pairs.patch * demand.size + pairs.unit
            by_key = np.argsort(key, kind="stable")
            at = by_key[np.searchsorted(key[by_key], alloc.patch * demand.size + alloc.unit)]
            del key, by_key
            start = nearest_patch_cells(cells, alloc.patch, None, None, u_row[alloc.unit], u_col[alloc.unit],
                                        unit_patch[alloc.unit], geom.dx_m, geom.dy_m, nearest=pair_nearest[0][at])
        else:
            start = nearest_patch_cells(cells, alloc.patch, col_f[alloc.unit] * geom.dx_m,
                                        row_f[alloc.unit] * geom.dy_m, u_row[alloc.unit], u_col[alloc.unit],
                                        unit_patch[alloc.unit], geom.dx_m, geom.dy_m, geometry=geom)
    else:  # the route's first cell (the patch's cheapest), else the representative cell
        start = (cells.rep_row[alloc.patch].copy(), cells.rep_col[alloc.patch].copy())
        if routes is not None and routes.size:
            key = alloc.patch * demand.size + alloc.unit
            by_key = np.argsort(key, kind="stable")
            pos = by_key[np.searchsorted(key[by_key], routes.patch * demand.size + routes.unit)]
            first = routes.cells[routes.start[:-1]]
            start[0][pos], start[1][pos] = first // grid.width, first % grid.width
    links = with_co2e(_link_table(alloc, supply_ids, demand, start, grid), CO2E_COLUMNS["links"])
    network = _network(supply, demand, alloc, options, sink)
    network["source"] = CELLS if sources is not None else PATCHES  # the sources actually used
    steps.progress(1.0)
    return FlowResult(patches, units, links, network, demand, options, grid, warnings, supply_ids, labelling, alloc,
                      model, routes)


def _patch_at(labelling: Labelling, index_of_id: np.ndarray, rows: np.ndarray, cols: np.ndarray, grid: Grid) -> np.ndarray:
    """Supply index of the patch holding each cell (−1 for none or outside the raster)."""
    out = np.full(rows.size, -1, dtype=np.int64)
    inside = (rows >= 0) & (rows < grid.height) & (cols >= 0) & (cols < grid.width)
    store = labelling.store
    if store.array is not None:
        out[inside] = index_of_id[store.array[rows[inside], cols[inside]]]
        return out
    for k in np.flatnonzero(inside):
        out[k] = index_of_id[store.window(int(rows[k]), int(rows[k]) + 1, int(cols[k]), int(cols[k]) + 1)[0, 0]]
    return out


def _cost_surface(lc: LandCover, scheme: ClassScheme, labelling: Labelling, index_of_id, resistance) -> CostSurface:
    values, res = resistance.value_lut(scheme)
    lowest = resistance.lowest_passable(res, "flows")

    def resistance_window(r0: int, r1: int, c0: int, c1: int) -> np.ndarray:
        raw = lc.read_window(r0, r1, c0, c1)
        return resistance.lookup(values, res, raw, lc.valid(raw))

    def patch_window(r0: int, r1: int, c0: int, c1: int) -> np.ndarray:
        return index_of_id[labelling.store.window(r0, r1, c0, c1)]

    geom = lc.geometry
    return CostSurface(
        lc.grid.height, lc.grid.width, geom.dx_m, geom.dy_m, resistance_window, patch_window, lowest
    )


def _xy(grid: Grid, row: np.ndarray, col: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """CRS coordinates of cell centres."""
    x, y = grid.transform * (np.asarray(col, dtype=np.float64) + 0.5, np.asarray(row, dtype=np.float64) + 0.5)
    return np.asarray(x, dtype=np.float64), np.asarray(y, dtype=np.float64)


def _main_recipient(alloc: Allocation, n: int, ids: np.ndarray) -> np.ndarray:
    """Id of the unit receiving the largest flow from each patch (0 when it sends nothing)."""
    out = np.zeros(n, dtype=np.int64)
    if alloc.n_links:
        order = np.lexsort((-alloc.flow, alloc.patch))
        first = order[np.r_[True, alloc.patch[order][1:] != alloc.patch[order][:-1]]]
        out[alloc.patch[first]] = ids[alloc.unit[first]]
    return out


def _patch_table(sink, positive, supply_all, alloc: Allocation, cells: PatchCells, grid: Grid, demand) -> dict:
    n_all = supply_all.size
    at = np.full(n_all, -1, dtype=np.int64)
    at[positive] = np.arange(int(positive.sum()))
    sel = at >= 0

    def spread(values, fill=0.0, dtype=np.float64):
        out = np.full(n_all, fill, dtype=dtype)
        out[sel] = values[at[sel]]
        return out

    delivered = spread(alloc.sent)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean_d = np.bincount(alloc.patch, weights=alloc.flow * alloc.distance, minlength=cells.n_patches) / alloc.sent
    rx, ry = _xy(grid, cells.rep_row, cells.rep_col)
    return {
        "patch_id": sink.patch_ids,
        "class": sink.patches["class"],
        "ecosystem": sink.patches["ecosystem"],
        "area_ha": sink.patches["area_ha"],
        "edge_area_ha": sink.patches["edge_area_ha"],
        "supply_tC_yr": supply_all,
        "delivered_tC_yr": delivered,
        "unallocated_tC_yr": spread(alloc.unallocated),
        "attributed_tC_yr": delivered,
        "unallocated_no_demand_tC_yr": spread(alloc.unallocated_no_demand),
        "unallocated_saturated_tC_yr": spread(alloc.unallocated_saturated),
        "n_beneficiaries": spread(alloc.n_links_of_patch, 0, np.int64),
        "main_beneficiary": spread(_main_recipient(alloc, cells.n_patches, demand.unit_id), 0, np.int64),
        "mean_distance_m": spread(mean_d, np.nan),
        "x": spread(rx, np.nan),
        "y": spread(ry, np.nan),
    }


def _unit_table(demand: DemandUnits, alloc: Allocation, total_supply: float) -> dict:
    d = demand.demand_tC_yr
    r = alloc.received
    aspatial = aspatial_received(total_supply, d)
    with np.errstate(invalid="ignore", divide="ignore"):
        met = np.where(d > 0, np.minimum(r, d) / d, np.nan)
        ratio = np.where(d > 0, r / d, np.nan)
    table = {"unit_id": demand.unit_id}
    if demand.name is not None:
        table["name"] = demand.name
    table.update(
        {
            "demand_tC_yr": d,
            "received_tC_yr": r,
            "balance_tC_yr": r - d,
            "esdr": esdr(r, d),
            "share_met": met,
            "attributed_tC_yr": r,
            "received_to_demand": ratio,
            "aspatial_received_tC_yr": aspatial,
            "departure_from_aspatial_tC_yr": r - aspatial,
            "n_suppliers": alloc.n_links_of_unit,
            "x": demand.x,
            "y": demand.y,
        }
    )
    return table


def _link_table(alloc: Allocation, supply_ids: np.ndarray, demand: DemandUnits, start: tuple, grid: Grid) -> dict:
    """One row per link; it is drawn from the centre of the patch cell ``start`` (rows, columns) to the unit's point."""
    rx, ry = _xy(grid, start[0], start[1])
    with np.errstate(invalid="ignore", divide="ignore"):
        of_received = alloc.flow / alloc.received[alloc.unit]
    return {
        "patch_id": supply_ids[alloc.patch],
        "unit_id": demand.unit_id[alloc.unit],
        "flow_tC_yr": alloc.flow,
        "attributed_tC_yr": alloc.flow,
        "distance_m": alloc.distance,
        "share": alloc.share,
        "share_of_received": of_received,
        "x0": rx,
        "y0": ry,
        "x1": demand.x[alloc.unit],
        "y1": demand.y[alloc.unit],
    }


def _network(supply: np.ndarray, demand: DemandUnits, alloc: Allocation, options: FlowOptions, sink) -> dict:
    d = demand.demand_tC_yr
    total_s, total_d = float(supply.sum()), float(d.sum())
    delivered = float(alloc.flow.sum())
    out: dict[str, object] = {
        "distance_mode": options.distance_mode,
        "decay": options.decay.describe(),
        "max_distance_m": options.max_distance_m,
        "supply_tC_yr": total_s,
        "delivered_tC_yr": delivered,
        "unallocated_tC_yr": float(alloc.unallocated.sum()),
        "demand_tC_yr": total_d,
        "supply_demand_gap_tC_yr": total_d - total_s,
        "unmet_demand_tC_yr": float(np.maximum(d - alloc.received, 0.0).sum()),
        "share_of_demand_met": share_of_demand_met(alloc.received, d),
        "mean_link_distance_m": float(np.sum(alloc.flow * alloc.distance) / delivered) if delivered > 0 else float("nan"),
        "edge_loss_tC_yr": float(np.sum(sink.patches["edge_loss_tC_yr"])),
        "allocation": options.allocation,
        "source": options.source,
        "demand_measure": demand.measure,
        "demand_factor_tC_per_unit": demand.factor,
        "attributed_tC_yr": delivered,
        "unallocated_no_demand_tC_yr": float(np.sum(alloc.unallocated_no_demand)),
        "unallocated_saturated_tC_yr": float(np.sum(alloc.unallocated_saturated)),
    }
    rep = alloc.report
    out.update({
        "max_deliverable_tC_yr": rep.max_deliverable_tC_yr if rep else float("nan"),
        "transport_iterations": rep.iterations if rep else 0,
        "transport_error": rep.error if rep else 0.0,
        "transport_converged": rep.converged if rep else True,
        "transport_tolerance": rep.tolerance if rep else float("nan"),
    })
    out.update(network_indices(supply > 0, d > 0, alloc.patch, alloc.unit))
    out.update(flow_indices(supply, d, alloc, options.link_threshold))
    return out

"""Each candidate site's gain in the carbon-service flow attributed to demand units.

The flow engine (:mod:`core.flow`) attributes the supply of sources i (cells, or patches when the cells are too many)
to demand units j over the pairs in reach (d_ij ≤ d_max, D_j > 0). Restoring site s adds its cells c as sources with
supply s_c = r · a_c (r the restored rate of the target ecosystem, t C/ha/yr; a_c the cell area, ha; no edge factor)
and their own pairs in reach (straight line from the cell centre, or least cost over the *current* resistance surface:
the site's cells keep the resistance of their present class). The gain is

    ΔF_s = T(sources ∪ cells of s) − T(sources)      (t C/yr)

where T is the total attributed flow of the run's allocation method:

- ``capped`` (default): T = M*, the largest amount the reach graph can carry with every source ≤ its supply and every
  unit ≤ its demand (the capped allocation attributes exactly M*, :mod:`core.flow.transport`; the decay law shapes who
  gets what, not how much). M* is the value of a maximum flow s → i → j → t
  (:func:`core.flow.transport.max_deliverable`), so ΔF_s needs no entropic solve;
- ``accessible_supply``: T = Σ S_i over the sources with a unit in reach (each such source sends all its supply);
- ``aspatial``: T = Σ S_i when any unit has demand (reach plays no part), so ΔF_s = the site's whole supply.

The cheapest exact way (capped): a maximum flow only depends on which units each source reaches, so sources with the
same set of units in reach are merged into one (their capacities add; the max-flow value is unchanged, since any flow
of the merged graph splits back in proportion to the supplies). The run's sources collapse to their *reach sets*
(hundreds to a few thousand, whatever the number of cells), and so do each site's cells. The pairs of all site cells
are computed once (one KD-tree query, or one least-cost pass); each site then costs one maximum flow on the merged
graph (reach sets × units). Reach sets are identified by two independent 64-bit random hashes of their unit lists plus
their size (a collision, probability about 2⁻¹²⁸ per pair of sets, would merge two different sets).

**Portfolio.** With the flow gain as a criterion, the picked sites' cells join the sources after each pick and every
remaining site's marginal gain is computed again (M* is submodular in the sources: a site's marginal gain never grows
as others are picked). Cost: one maximum flow per remaining site per pick.

Not modelled: restoring a site changes the edge band of the habitat cells next to it and the resistance of its own
cells; both are left as they are (the gain is the site's own supply reaching units that still have room).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional, Sequence

import numpy as np

from ..classes import ClassScheme
from ..errors import InputError
from ..feedback import Steps, as_steps
from ..flow.allocation import ACCESSIBLE_SUPPLY, ALLOCATION_METHODS, ASPATIAL, CAPPED, Pairs
from ..flow.cellsupply import CellSources, cell_pairs_from_flat, straight_line_cell_pairs
from ..flow.demand import DemandUnits
from ..flow.leastcost import CostSurface, least_cost_pairs
from ..flow.resistance import load_resistance
from ..flow.transport import max_deliverable
from ..landcover import LandCover
from .sites import Sites

_HASH_SEED = 20261207


@dataclass
class ReachGroups:
    """Sources merged by the set of units they reach: supply per group and the group's (unique) pairs."""

    supply: np.ndarray  # t C/yr per group
    src: np.ndarray  # group index per pair
    unit: np.ndarray  # unit index per pair
    key: np.ndarray  # the key each group belongs to (e.g. the site index; 0 for the run's own sources)

    @classmethod
    def empty(cls) -> "ReachGroups":
        """No group at all."""
        z = np.zeros(0, np.int64)
        return cls(np.zeros(0), z, z, z)


def reach_groups(supply: np.ndarray, src: np.ndarray, unit: np.ndarray, n_units: int,
                 key: Optional[np.ndarray] = None) -> ReachGroups:
    """Merge the sources (supply per source, pairs ``src``→``unit``) with the same ``key`` and the same reach set.

    Sources without a pair are dropped (they reach nothing)."""
    supply = np.asarray(supply, dtype=np.float64)
    key = np.zeros(supply.size, np.int64) if key is None else np.asarray(key, dtype=np.int64)
    if src.size == 0:
        return ReachGroups.empty()
    pair_key = np.unique(np.asarray(src, np.int64) * max(n_units, 1) + np.asarray(unit, np.int64))
    s, u = pair_key // max(n_units, 1), pair_key % max(n_units, 1)
    rng = np.random.default_rng(_HASH_SEED)
    r1 = rng.integers(0, np.iinfo(np.int64).max, n_units, dtype=np.int64).view(np.uint64)
    r2 = rng.integers(0, np.iinfo(np.int64).max, n_units, dtype=np.int64).view(np.uint64)
    starts = np.flatnonzero(np.r_[True, s[1:] != s[:-1]])
    sources = s[starts]
    with np.errstate(over="ignore"):
        h1 = np.add.reduceat(r1[u], starts)  # uint64 sums wrap around: a hash of the unit set
        h2 = np.add.reduceat(r2[u], starts)
    count = np.diff(np.r_[starts, s.size])
    table = np.column_stack([key[sources], h1.view(np.int64), h2.view(np.int64), count])
    _, first, group = np.unique(table, axis=0, return_index=True, return_inverse=True)
    group = group.reshape(-1)
    group_supply = np.bincount(group, weights=supply[sources], minlength=first.size)
    is_rep = np.zeros(supply.size, bool)
    is_rep[sources[first]] = True
    rep_group = np.full(supply.size, -1, np.int64)
    rep_group[sources[first]] = np.arange(first.size)
    sel = is_rep[s]
    return ReachGroups(group_supply, rep_group[s[sel]], u[sel], key[sources[first]])


def attributed_total(supply: np.ndarray, demand: np.ndarray, src: np.ndarray, unit: np.ndarray, method: str) -> float:
    """T, the total flow (t C/yr) the allocation ``method`` attributes with these sources and pairs in reach."""
    supply = np.asarray(supply, dtype=np.float64)
    demand = np.asarray(demand, dtype=np.float64)
    ok = (supply[src] > 0) & (demand[unit] > 0) if src.size else np.zeros(0, bool)
    src, unit = src[ok], unit[ok]
    if method == ASPATIAL:
        return float(supply[supply > 0].sum()) if (demand > 0).any() else 0.0
    if src.size == 0:
        return 0.0
    if method == ACCESSIBLE_SUPPLY:
        return float(supply[np.unique(src)].sum())
    used_s = np.unique(src)
    used_u = np.unique(unit)
    return max_deliverable(supply[used_s], demand[used_u], np.searchsorted(used_s, src),
                           np.searchsorted(used_u, unit)).value


class FlowGain:
    """The run's sources merged by reach set, the sites' cells merged likewise, and the marginal gain of each site."""

    def __init__(self, base: ReachGroups, sites: ReachGroups, site_supply: np.ndarray, demand: np.ndarray,
                 method: str = CAPPED) -> None:
        if method not in ALLOCATION_METHODS:
            raise InputError(f"Unknown allocation method '{method}'.", f"Use one of {', '.join(ALLOCATION_METHODS)}.")
        self.method = method
        self.demand = np.asarray(demand, dtype=np.float64)
        self.site_supply = np.asarray(site_supply, dtype=np.float64)  # whole supply per site (t C/yr)
        self.n_sites = int(self.site_supply.size)
        self._base = base
        # the groups of each site: indices into ``sites``
        order = np.argsort(sites.key, kind="stable")
        bounds = np.searchsorted(sites.key[order], np.arange(self.n_sites + 1))
        self._site_groups = [order[bounds[k]:bounds[k + 1]] for k in range(self.n_sites)]
        pair_order = np.argsort(sites.src, kind="stable")
        pbounds = np.searchsorted(sites.src[pair_order], np.arange(sites.supply.size + 1))
        self._sites = sites
        self._pairs_of_group = [pair_order[pbounds[g]:pbounds[g + 1]] for g in range(sites.supply.size)]
        self._supply = base.supply.copy()
        self._src = base.src.copy()
        self._unit = base.unit.copy()
        self.total = self._total(self._supply, self._src, self._unit)
        self.base_total = self.total
        self._reached = np.zeros(self.n_sites)
        for k in range(self.n_sites):
            self._reached[k] = float(sites.supply[self._site_groups[k]].sum())

    def _total(self, supply, src, unit) -> float:
        return attributed_total(supply, self.demand, src, unit, self.method)

    def _with(self, site: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        groups = self._site_groups[site]
        if groups.size == 0:
            return self._supply, self._src, self._unit
        remap = np.full(self._sites.supply.size, -1, np.int64)
        remap[groups] = self._supply.size + np.arange(groups.size)
        pair_idx = np.concatenate([self._pairs_of_group[int(g)] for g in groups])
        new_src = remap[self._sites.src[pair_idx]]
        return (np.r_[self._supply, self._sites.supply[groups]], np.r_[self._src, new_src],
                np.r_[self._unit, self._sites.unit[pair_idx]])

    def marginal(self, site: int) -> float:
        """ΔF of restoring ``site`` (0-based) now, with the sites added so far (t C/yr, ≥ 0)."""
        if self.method == ASPATIAL:
            return float(self.site_supply[site]) if (self.demand > 0).any() else 0.0
        if self.method == ACCESSIBLE_SUPPLY:
            return float(self._reached[site]) if (self.demand > 0).any() else 0.0
        if self._site_groups[site].size == 0:
            return 0.0
        return max(0.0, self._total(*self._with(site)) - self.total)

    def gains(self, sites: Optional[Sequence[int]] = None) -> np.ndarray:
        """Marginal gains of the given sites (default all), t C/yr."""
        todo = range(self.n_sites) if sites is None else sites
        return np.array([self.marginal(int(s)) for s in todo], dtype=np.float64)

    def add(self, site: int) -> float:
        """Restore ``site`` for good (its cells join the sources); returns its marginal gain."""
        gain = self.marginal(site)
        self._supply, self._src, self._unit = self._with(site)
        self.total += gain
        return gain


# -- from a raster -----------------------------------------------------------------------------------------------

def site_cells(sites: Sites, rate_tC_ha_yr: float, row_area_m2: np.ndarray) -> CellSources:
    """Every cell of every site as a source: s_c = rate × cell area (t C/yr); ``patch`` holds the site index (0-based)."""
    rr, cc = np.nonzero(sites.labels > 0)
    area = np.asarray(row_area_m2, dtype=np.float64)[rr] / 1e4
    site = sites.labels[rr, cc].astype(np.int64) - 1
    return CellSources(rr.astype(np.int64), cc.astype(np.int64), site, np.zeros(rr.size, np.int64),
                       np.zeros(rr.size, bool), area, float(rate_tC_ha_yr) * area, sites.labels.shape[1])


def site_pairs(lc: LandCover, scheme: ClassScheme, cells: CellSources, sites: Sites, demand: DemandUnits,
               options: object, steps: Optional[Steps] = None) -> Pairs:
    """(site cell, unit, distance) in reach, by the flow options' distance mode (``options``: core.flow.FlowOptions)."""
    steps = as_steps(steps)
    grid, geom = lc.grid, lc.geometry
    col_f, row_f = ~grid.transform * (demand.x, demand.y)
    col_f, row_f = np.asarray(col_f, dtype=np.float64), np.asarray(row_f, dtype=np.float64)
    u_row, u_col = np.floor(row_f).astype(np.int64), np.floor(col_f).astype(np.int64)
    if options.distance_mode != "least_cost":
        return straight_line_cell_pairs(cells, col_f * geom.dx_m, row_f * geom.dy_m, u_row, u_col, geom.dx_m,
                                        geom.dy_m, options.max_distance_m, steps, geometry=geom)
    resistance = options.resistance or load_resistance()
    values, res = resistance.value_lut(scheme)
    lowest = resistance.lowest_passable(res, "flows")

    def resistance_window(r0: int, r1: int, c0: int, c1: int) -> np.ndarray:
        raw = lc.read_window(r0, r1, c0, c1)
        return resistance.lookup(values, res, raw, lc.valid(raw))

    def site_window(r0: int, r1: int, c0: int, c1: int) -> np.ndarray:
        return sites.labels[r0:r1, c0:c1].astype(np.int64) - 1

    surface = CostSurface(grid.height, grid.width, geom.dx_m, geom.dy_m, resistance_window, site_window, lowest)
    pairs, _ = least_cost_pairs(surface, u_row, u_col, options.max_distance_m, steps, per_cell=True)
    return cell_pairs_from_flat(cells, pairs)


def site_flow_gain(lc: LandCover, scheme: ClassScheme, parameters: object, demand: DemandUnits, options: object,
                   sites: Sites, rate_tC_ha_yr: float, feedback: object = None) -> tuple[FlowGain, list[str]]:
    """The run's flow (:func:`core.flow.assess_flow`) and every site's cells as extra sources: a :class:`FlowGain`.

    Returns it with the flow run's warnings."""
    from ..flow.engine import assess_flow

    steps = as_steps(feedback)
    result = assess_flow(lc, scheme, parameters, demand, options, steps.sub(0.0, 0.6))
    try:
        model = result.model
        warnings = list(result.warnings)
        n_units = int(model.demand.size)
        keep = (model.pairs.distance <= options.max_distance_m) & (model.demand[model.pairs.unit] > 0)
        base = reach_groups(model.supply, model.pairs.patch[keep], model.pairs.unit[keep], n_units)
        demand_tc = model.demand
    finally:
        result.close()
    cells = site_cells(sites, rate_tC_ha_yr, lc.geometry.row_area_m2)
    pairs = site_pairs(lc, scheme, cells, sites, demand, options, steps.sub(0.6, 0.95))
    keep = (pairs.distance <= options.max_distance_m) & (demand_tc[pairs.unit] > 0)
    groups = reach_groups(cells.supply, pairs.patch[keep], pairs.unit[keep], n_units, key=cells.patch)
    site_supply = np.bincount(cells.patch, weights=cells.supply, minlength=sites.n)
    gain = FlowGain(base, groups, site_supply, demand_tc, options.allocation)
    steps.progress(1.0)
    return gain, warnings


__all__ = ["FlowGain", "ReachGroups", "attributed_total", "reach_groups", "site_cells", "site_flow_gain",
           "site_pairs"]

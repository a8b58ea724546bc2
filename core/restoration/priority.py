"""Restoration priority: each candidate site's gains, a weighted ranking, the Pareto set and a budgeted portfolio.

For every candidate site s (:mod:`.sites`) of area a_s (ha) restored to the target ecosystem:

- **Sequestration gain** = a_s × r, r the target ecosystem's rate for *restored* cells from
  :func:`core.sink.rates_per_class` (status ``restored``: the table's restoration / IPCC EF_RE rows), in t C/yr
  and t CO₂e/yr (× 44/12).
- **Connectivity gain**: s joins the habitat graph of :mod:`.connectivity` (nodes = habitat patches, straight-line or
  least-cost edge-to-edge distances, p_ij = exp(−k d_ij), k = −ln p / threshold, links and paths below p_min count 0) as a new
  node with its area and its distances to the existing nodes (a site touching a patch, d = one cell step, gets
  d = 0, p = 1: it extends the patch). With p* the max-product matrix of the current network and p_sk the new
  node's direct probabilities:

  - p*_sj = max_k p_sk · p*_kj (a path from s leaves through one neighbour k and then follows the best path of the
    old graph, which never returns to s: the result of a Dijkstra from s on −ln p, in one vectorised step);
  - p*'_ij = max(p*_ij, p*_is · p*_sj) (a best path through s passes s once): exact for one added node;
  - ΔPCnum = a_s² (intra) + 2 a_s Σ_j a_j p*_sj (flux) + Σ_ij a_i a_j (p*'_ij − p*_ij) (connector);
  - ΔEC = √(PCnum + ΔPCnum) − √PCnum (ha), and the site's own dPC = 100 ΔPCnum / (PCnum + ΔPCnum) with its
    intra / flux / connector parts (Saura & Rubio 2010): its importance once restored. The connector part is what
    the site adds to the connections between its neighbours.

  Only the rows and columns reached from s change, so a site costs O(r²) for r nodes within reach of it, never a
  recomputation of all pairs.
- **Flow gain** (optional, with demand units): ΔF_s, the rise of the total carbon-service flow attributed to the
  demand units (t C/yr) when the site's cells become sources at the restored rate, by the flow engine's allocation
  (capped by default: the rise of the largest deliverable amount M*); see :mod:`.flowgain`.
- **Cost** (optional): cost raster summed over the site, or cost per ha × area.
- **Score** = Σ_g w_g · gain_g / max_s gain_g over the gains (sequestration, EC, and the flow gain when computed),
  weights as given; rank 1 = highest.
- **Pareto set**: sites no other site beats in every gain (and cost, when given) and strictly in one.
- **Portfolio** (greedy): repeatedly pick the site with the largest marginal gain of the chosen objective per unit
  of budget (ha, or money with a cost) that still fits in the remaining budget; after each pick the site joins
  the network (p* updated as above, its links to later sites included) and every marginal EC gain is computed
  again; with the flow gain, the site's cells join the flow sources and every marginal flow gain is computed again.
  Stops when nothing fits or nothing gains.

**Distances**: straight line (m) or least cost (cost-metres, :func:`.nodes.edge_distances` over the resistance table,
the sites' cells keeping the resistance of their present class); in both, a site one cell step from a patch has
d = 0.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Callable, Optional, Sequence

import numpy as np
from scipy import ndimage as ndi
from scipy.sparse.csgraph import dijkstra

from ..classes import ClassScheme
from ..errors import InputError
from ..feedback import as_steps
from ..io import OutputBatch, write_csv
from ..landcover import LandCover
from ..patches import row_weighted_sum, structure_of
from ..sink import CO2_PER_C, rates_per_class
from .connectivity import P_MIN, _symmetric, decay_constant
from .nodes import LEAST_COST, STRAIGHT_LINE, Nodes, edge_distances, padded_window, straight_line_distances
from .sites import Sites, group_sites, site_costs

if TYPE_CHECKING:
    from .flowgain import FlowGain

OBJECTIVES = ("score", "carbon", "connectivity", "flow")
BUDGET_KINDS = ("area", "cost")
MAX_DENSE_NODES = 8000
"""Largest number of habitat nodes (plus picked sites) held as a dense p* matrix (512 MB)."""

ROUND_OFF = 1e-12
"""Relative size below which a rise of p*_ij through a site is float round-off (the connector part), not a gain."""


# -- the network and its incremental update ----------------------------------------------------------------------

def max_product_matrix(n: int, i: np.ndarray, j: np.ndarray, weight: np.ndarray, p_min: float = P_MIN) -> np.ndarray:
    """Dense p*: the largest product of probabilities over paths (weights −ln p), 0 below ``p_min``, 1 on the diagonal."""
    if n > MAX_DENSE_NODES:
        raise InputError(
            f"The habitat has {n:,} patches, more than the {MAX_DENSE_NODES:,} the restoration priority holds at once.",
            "Clip the raster to the study area, or resample it to larger cells.",
        )
    if n == 0:
        return np.zeros((0, 0))
    limit = -math.log(p_min) if p_min > 0 else np.inf
    g = _symmetric(n, i, j, np.maximum(np.asarray(weight, dtype=float), 1e-300))
    dist = dijkstra(g, directed=False, limit=limit)
    return np.exp(-dist)


@dataclass
class SiteGain:
    """What adding one node changes: ΔPCnum split into intra, flux and connector (ha²), and its p* row."""

    intra: float
    flux: float
    connector: float
    row: np.ndarray

    @property
    def total(self) -> float:
        """ΔPCnum (ha²)."""
        return self.intra + self.flux + self.connector


class Network:
    """Node areas and the dense p* matrix, with the exact update for one added node."""

    def __init__(self, area_ha: np.ndarray, pstar: np.ndarray, p_min: float = P_MIN) -> None:
        self.area = np.asarray(area_ha, dtype=float).copy()
        self.pstar = pstar
        self.p_min = p_min
        self.pcnum = float(self.area @ pstar @ self.area)

    @property
    def n(self) -> int:
        """Number of nodes."""
        return int(self.area.size)

    @property
    def ec(self) -> float:
        """EC(PC) (ha)."""
        return math.sqrt(self.pcnum)

    def gain(self, area_ha: float, neighbours: np.ndarray, probability: np.ndarray) -> SiteGain:
        """ΔPCnum of a new node of ``area_ha`` with direct probabilities ``probability`` to nodes ``neighbours``."""
        a = float(area_ha)
        row = np.zeros(self.n)
        if len(neighbours):
            row = np.max(np.asarray(probability, dtype=float)[:, None] * self.pstar[np.asarray(neighbours)], axis=0)
            row[row < self.p_min] = 0.0
        reach = np.flatnonzero(row > 0)
        connector = 0.0
        if reach.size > 1:
            r = row[reach]
            through = r[:, None] * r[None, :]
            through[through < self.p_min] = 0.0
            inc = through - self.pstar[np.ix_(reach, reach)]
            # a path through the site that only equals the best one differs from it by round-off: no gain
            inc[inc <= ROUND_OFF * through] = 0.0
            ar = self.area[reach]
            connector = float(ar @ inc @ ar)
        return SiteGain(a * a, 2.0 * a * float(self.area @ row), connector, row)

    def add(self, area_ha: float, neighbours: np.ndarray, probability: np.ndarray) -> SiteGain:
        """Add the node for good: p* updated through it and extended by its row (returns its gain)."""
        if self.n + 1 > MAX_DENSE_NODES:
            raise InputError(f"The network would exceed {MAX_DENSE_NODES:,} nodes.", "Lower the budget.")
        g = self.gain(area_ha, neighbours, probability)
        reach = np.flatnonzero(g.row > 0)
        if reach.size:
            r = g.row[reach]
            through = r[:, None] * r[None, :]
            through[through < self.p_min] = 0.0
            sub = self.pstar[np.ix_(reach, reach)]
            self.pstar[np.ix_(reach, reach)] = np.maximum(sub, through)
        n = self.n
        grown = np.zeros((n + 1, n + 1))
        grown[:n, :n] = self.pstar
        grown[n, :n] = grown[:n, n] = g.row
        grown[n, n] = 1.0
        self.pstar = grown
        self.area = np.r_[self.area, float(area_ha)]
        self.pcnum += g.total
        return g


# -- ranking, Pareto set, portfolio ------------------------------------------------------------------------------

def weighted_score(gains: Sequence[np.ndarray], weights: Sequence[float]) -> np.ndarray:
    """Σ_g w_g · gain_g / max(gain_g) (a gain whose maximum is ≤ 0 adds nothing)."""
    score = np.zeros(len(gains[0]) if gains else 0)
    for g, w in zip(gains, weights):
        g = np.asarray(g, dtype=float)
        top = float(np.max(g)) if g.size else 0.0
        if top > 0 and w:
            score += float(w) * g / top
    return score


def ranks(score: np.ndarray) -> np.ndarray:
    """Rank 1 = highest score (ties by site order)."""
    order = np.lexsort((np.arange(score.size), -score))
    out = np.empty(score.size, dtype=np.int64)
    out[order] = np.arange(1, score.size + 1)
    return out


def pareto_front(benefits: Sequence[np.ndarray], costs: Sequence[np.ndarray] = ()) -> np.ndarray:
    """True for the non-dominated sites: no other site at least as good in every criterion and better in one."""
    cols = [np.asarray(b, dtype=float) for b in benefits] + [-np.asarray(c, dtype=float) for c in costs]
    x = np.column_stack(cols)
    ge = (x[:, None, :] >= x[None, :, :]).all(axis=2)  # ge[a, b]: a at least as good as b everywhere
    gt = (x[:, None, :] > x[None, :, :]).any(axis=2)
    dominated = (ge & gt).any(axis=0)
    return ~dominated


@dataclass
class Pick:
    """One step of the portfolio."""

    site: int  # 0-based
    marginal_gain: float
    marginal_ec_ha: float
    spent: float
    marginal_flow_tC_yr: float = float("nan")  # NaN when no flow gain is computed


def greedy_portfolio(
    network: Network,
    site_area: np.ndarray,
    links: Callable[[int, Sequence[int]], tuple[np.ndarray, np.ndarray]],
    fixed_gain: np.ndarray,
    ec_weight: float,
    spend: np.ndarray,
    budget: float,
    flow: Optional["FlowGain"] = None,
    flow_weight: float = 0.0,
) -> list[Pick]:
    """Greedy best-ratio picks: marginal gain = fixed_gain[s] + ec_weight · ΔEC_s + flow_weight · ΔF_s, per unit of
    ``spend[s]``.

    ``links(s, picked)`` gives site s's neighbours (indices in the network: habitat nodes, then picked sites in
    pick order) and direct probabilities. The network grows by each pick; ``network`` is modified, and so is
    ``flow`` (:class:`.flowgain.FlowGain`, the picked sites' cells join its sources).
    """
    if not budget > 0:
        raise InputError(f"The budget must be > 0, not {budget:g}.", "Give the area (ha) or money the portfolio may spend.")
    remaining = float(budget)
    left = set(range(site_area.size))
    picked: list[int] = []
    out: list[Pick] = []
    while left:
        best, best_ratio, best_gain, best_ec = -1, -math.inf, 0.0, 0.0
        best_flow = math.nan
        for s in sorted(left):
            if spend[s] > remaining * (1 + 1e-12):
                continue
            d_ec = 0.0
            if ec_weight:
                nb, p = links(s, picked)
                d_ec = math.sqrt(network.pcnum + network.gain(site_area[s], nb, p).total) - network.ec
            d_flow = flow.marginal(s) if flow is not None and flow_weight else 0.0
            gain = float(fixed_gain[s]) + ec_weight * d_ec + flow_weight * d_flow
            ratio = gain / spend[s] if spend[s] > 0 else (math.inf if gain > 0 else 0.0)
            if ratio > best_ratio + 1e-12 * abs(best_ratio if math.isfinite(best_ratio) else 0):
                best, best_ratio, best_gain, best_ec, best_flow = s, ratio, gain, d_ec, d_flow
        if best < 0 or not best_gain > 0:
            break
        nb, p = links(best, picked)
        ec_before = network.ec
        network.add(site_area[best], nb, p)
        if not ec_weight:  # not a criterion: the pick's EC gain, for the table
            best_ec = network.ec - ec_before
        if flow is not None:
            best_flow = flow.add(best)
        remaining -= float(spend[best])
        picked.append(best)
        left.discard(best)
        out.append(Pick(best, best_gain, best_ec, float(budget) - remaining, best_flow))
    return out


# -- the engine --------------------------------------------------------------------------------------------------

@dataclass
class PriorityOptions:
    """Settings of a restoration priority run; distances in metres, areas in ha."""

    target_ecosystem: str = "mangrove"
    threshold: float = 1000.0
    probability: float = 0.05
    p_min: float = P_MIN
    max_site_ha: Optional[float] = 50.0
    min_site_ha: float = 1.0
    neighbours: int = 8
    cost_per_ha: Optional[float] = None
    weight_carbon: float = 1.0
    weight_connectivity: float = 1.0
    weight_flow: float = 1.0  # used when the flow gain is computed (demand units given)
    objective: str = "score"
    budget_kind: str = "area"
    budget: float = 100.0
    distance_mode: str = STRAIGHT_LINE  # or least_cost (cost-metres over a resistance table)

    def check(self) -> None:
        """Raise :class:`InputError` on impossible settings (before any work)."""
        decay_constant(self.probability, self.threshold)
        if self.distance_mode not in (STRAIGHT_LINE, LEAST_COST):
            raise InputError(f"Unknown distance mode '{self.distance_mode}'.",
                             f"Use {STRAIGHT_LINE} or {LEAST_COST}.")
        if self.objective not in OBJECTIVES:
            raise InputError(f"Unknown objective '{self.objective}'.", f"Use one of {', '.join(OBJECTIVES)}.")
        if self.budget_kind not in BUDGET_KINDS:
            raise InputError(f"Unknown budget kind '{self.budget_kind}'.", f"Use one of {', '.join(BUDGET_KINDS)}.")
        if not self.budget > 0:
            raise InputError(f"The budget must be > 0, not {self.budget:g}.",
                             "Give the area (ha) or the money the portfolio may spend.")
        if not 0 <= self.p_min < self.probability:
            raise InputError(f"The smallest kept probability must lie in [0, {self.probability:g}), not {self.p_min:g}.",
                             "Use the default 1e-4.")
        if min(self.weight_carbon, self.weight_connectivity, self.weight_flow) < 0:
            raise InputError("The score weights must be ≥ 0.", "Give e.g. 1 and 1.")

    @property
    def cut_distance(self) -> float:
        """Pairs beyond this have p < p_min."""
        k = decay_constant(self.probability, self.threshold)
        return math.inf if self.p_min <= 0 else max(self.threshold, -math.log(self.p_min) / k)


@dataclass
class PriorityResult:
    """Sites with every gain, the ranking, the Pareto set and the portfolio."""

    sites: Sites
    table: dict[str, np.ndarray]
    portfolio: list[Pick]
    landscape: dict[str, float]
    rate_tC_ha_yr: float
    options: PriorityOptions
    transform: object = None
    notes: list[str] = field(default_factory=list)

    def site_table(self) -> dict[str, list]:
        """One row per site, in rank order."""
        order = np.argsort(self.table["rank"], kind="stable")
        return {k: list(np.asarray(v)[order]) for k, v in self.table.items()}

    def portfolio_table(self) -> dict[str, list]:
        """One row per pick: order, site, area, cost, gains and their running totals."""
        t = self.table
        rows: dict[str, list] = {k: [] for k in (
            "pick", "site_id", "area_ha", "cost", "sequestration_tCO2e_yr", "marginal_EC_gain_ha",
            "cumulative_area_ha", "cumulative_cost", "cumulative_sequestration_tCO2e_yr", "cumulative_EC_gain_ha",
            "EC_after_ha")}
        with_flow = "flow_gain_tC_yr" in t
        if with_flow:
            rows.update({"marginal_flow_gain_tC_yr": [], "cumulative_flow_gain_tC_yr": []})
        area = cost = seq = ec = fl = 0.0
        ec0 = self.landscape["EC_PC_ha"]
        for n, p in enumerate(self.portfolio, 1):
            s = p.site
            area += float(t["area_ha"][s])
            cost += float(t["cost"][s]) if np.isfinite(t["cost"][s]) else 0.0
            seq += float(t["sequestration_tCO2e_yr"][s])
            ec += p.marginal_ec_ha
            for key, value in (("pick", n), ("site_id", s + 1), ("area_ha", t["area_ha"][s]), ("cost", t["cost"][s]),
                               ("sequestration_tCO2e_yr", t["sequestration_tCO2e_yr"][s]),
                               ("marginal_EC_gain_ha", p.marginal_ec_ha), ("cumulative_area_ha", area),
                               ("cumulative_cost", cost), ("cumulative_sequestration_tCO2e_yr", seq),
                               ("cumulative_EC_gain_ha", ec), ("EC_after_ha", ec0 + ec)):
                rows[key].append(value)
            if with_flow:
                fl += p.marginal_flow_tC_yr
                rows["marginal_flow_gain_tC_yr"].append(p.marginal_flow_tC_yr)
                rows["cumulative_flow_gain_tC_yr"].append(fl)
        return rows


def _label_nodes(labels: np.ndarray, n: int, row_area_m2: np.ndarray, valid_ha: float) -> Nodes:
    area = row_weighted_sum(labels, n + 1, row_area_m2)[1:] / 1e4
    boxes = ndi.find_objects(labels, max_label=n)
    cells = np.bincount(labels.ravel(), minlength=n + 1)[1:]
    h, w = labels.shape

    window = functools.partial(padded_window, labels)

    rmin = np.array([b[0].start for b in boxes])
    rmax = np.array([b[0].stop - 1 for b in boxes])
    cmin = np.array([b[1].start for b in boxes])
    cmax = np.array([b[1].stop - 1 for b in boxes])
    return Nodes("patches+sites", area, cells, rmin, rmax, cmin, cmax, (rmin + rmax) / 2, (cmin + cmax) / 2, window,
                 h, w, valid_ha)


def _with_touching(i: np.ndarray, j: np.ndarray, d: np.ndarray, ti: np.ndarray, tj: np.ndarray, td: np.ndarray,
                   n: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Least-cost pairs (i < j) with the touching pairs (a site one cell step from a patch) set to d = 0, added when
    the search did not list them (a costly step)."""
    key = np.r_[i, ti].astype(np.int64) * n + np.r_[j, tj]
    dist = np.r_[d, np.zeros(ti.size)]
    order = np.lexsort((dist, key))
    first = np.r_[True, key[order][1:] != key[order][:-1]] if key.size else np.zeros(0, bool)
    key, dist = key[order][first], dist[order][first]
    return key // n, key % n, dist


def restored_rate(parameters: object, target_ecosystem: str) -> tuple[float, str]:
    """Net rate (t C/ha/yr) of restored cells of the target ecosystem and its semantics."""
    rate = rates_per_class(parameters, [target_ecosystem], [target_ecosystem], status="restored")[target_ecosystem]
    return rate.net_tC_ha_yr, rate.semantics


def assess_priority(
    classes: np.ndarray,
    habitat: Sequence[int],
    candidate: np.ndarray,
    row_area_m2: np.ndarray,
    dx_m: float,
    dy_m: float,
    rate_tC_ha_yr: float,
    options: PriorityOptions,
    cost_raster: Optional[np.ndarray] = None,
    feedback: object = None,
    flow_gain: Optional[Callable[[Sites], "FlowGain"]] = None,
    resistance: Optional[tuple[Callable, float]] = None,
) -> PriorityResult:
    """Sites from the candidate mask, their gains, score, rank, Pareto flag and the greedy portfolio.

    ``classes`` holds class indices (0 = nodata), ``habitat`` the habitat class indices, ``candidate`` the
    restorable cells (habitat cells are dropped from it). ``flow_gain``, given the sites, builds their
    :class:`.flowgain.FlowGain` (e.g. :func:`.flowgain.site_flow_gain` on the raster and the demand units): then every
    site has ``flow_gain_tC_yr`` and the score, Pareto set and portfolio include it. ``resistance`` is
    ``(reader, lowest resistance)`` of :func:`.nodes.resistance_reader`, needed with least-cost distances."""
    options.check()
    if options.distance_mode == LEAST_COST and resistance is None:
        raise InputError("Least-cost distances need a resistance table.",
                         "Give the resistance table (or use the shipped one), or use straight-line distances.")
    if options.objective == "flow" and flow_gain is None:
        raise InputError("The portfolio objective 'flow' needs demand units.",
                         "Give a demand layer (or raster), or choose another objective.")
    steps = as_steps(feedback)
    is_habitat = np.isin(classes, np.asarray(habitat, dtype=classes.dtype)) & (classes > 0)
    if not is_habitat.any():
        raise InputError(
            "The raster holds no cell of the habitat classes, so there is no foreground network to connect to.",
            "Choose the legend of the product the raster comes from, or name the habitat classes present.",
        )
    candidate = candidate & ~is_habitat & (classes > 0)
    sites = group_sites(candidate, row_area_m2, options.max_site_ha, options.min_site_ha, options.neighbours)
    if sites.n == 0:
        raise InputError(
            "No candidate site is left: the restorable cells form no area of at least the minimum site size.",
            "Lower the minimum site size, or name more restorable classes.",
        )
    if options.budget_kind == "cost" and cost_raster is None and options.cost_per_ha is None:
        raise InputError("A money budget needs a cost.", "Give a cost raster or a cost per hectare, or budget by area.")
    sites.cost = site_costs(sites, cost_raster, options.cost_per_ha)
    steps.progress(0.1)
    hab, n_hab = ndi.label(is_habitat, structure=structure_of(options.neighbours))
    if n_hab > MAX_DENSE_NODES:
        max_product_matrix(n_hab, np.zeros(0), np.zeros(0), np.zeros(0))  # raises the error
    labels = hab.astype(np.int32)
    labels[sites.labels > 0] = sites.labels[sites.labels > 0] + n_hab
    del hab
    valid_ha = float((row_area_m2[:, None] * (classes > 0)).sum()) / 1e4
    nodes = _label_nodes(labels, n_hab + sites.n, row_area_m2, valid_ha)
    touching = math.hypot(dx_m, dy_m) * (1 + 1e-9) if options.neighbours == 8 else max(dx_m, dy_m) * (1 + 1e-9)
    if options.distance_mode == LEAST_COST:
        i, j, d = edge_distances(nodes, dx_m, dy_m, options.cut_distance, resistance, steps.sub(0.1, 0.45))
        i, j, d = _with_touching(i, j, d, *straight_line_distances(nodes, dx_m, dy_m, touching, steps.sub(0.45, 0.5)),
                                 nodes.n)
    else:
        i, j, d = straight_line_distances(nodes, dx_m, dy_m, options.cut_distance, steps.sub(0.1, 0.5))
        d = np.where(d <= touching, 0.0, d)
    del labels
    k = decay_constant(options.probability, options.threshold)
    p = np.exp(-k * d)
    keep = p >= options.p_min if options.p_min > 0 else np.ones(p.size, dtype=bool)
    i, j, d, p = i[keep], j[keep], d[keep], p[keep]
    area_hab = nodes.area_ha[:n_hab]
    hh = (i < n_hab) & (j < n_hab)
    pstar = max_product_matrix(n_hab, i[hh], j[hh], k * d[hh], options.p_min)
    steps.progress(0.6)
    # links of each site: to habitat nodes and to other sites (i < j, so a site pair has both ids ≥ n_hab)
    site_hab: list[list[tuple[int, float]]] = [[] for _ in range(sites.n)]
    site_site: list[dict[int, float]] = [dict() for _ in range(sites.n)]
    for a, b, pp in zip(i[~hh].tolist(), j[~hh].tolist(), p[~hh].tolist()):
        if a < n_hab:
            site_hab[b - n_hab].append((a, pp))
        else:
            site_site[a - n_hab][b - n_hab] = pp
            site_site[b - n_hab][a - n_hab] = pp

    def links(s: int, picked: Sequence[int]) -> tuple[np.ndarray, np.ndarray]:
        nb = [a for a, _ in site_hab[s]]
        pr = [pp for _, pp in site_hab[s]]
        for pos, t in enumerate(picked):
            if t in site_site[s]:
                nb.append(n_hab + pos)
                pr.append(site_site[s][t])
        return np.asarray(nb, dtype=np.int64), np.asarray(pr, dtype=float)

    net = Network(area_hab, pstar, options.p_min)
    ec0, num0 = net.ec, net.pcnum
    cols = {name: np.zeros(sites.n) for name in ("EC_gain_ha", "dPC_site_pct", "dPC_intra_pct", "dPC_flux_pct",
                                                 "dPC_connector_pct")}
    n_links = np.zeros(sites.n, dtype=np.int64)
    for s in range(sites.n):
        if s % 32 == 0:
            steps.progress(0.6 + 0.15 * s / sites.n)
        nb, pr = links(s, ())
        g = net.gain(sites.area_ha[s], nb, pr)
        new = num0 + g.total
        cols["EC_gain_ha"][s] = math.sqrt(new) - ec0
        for key, part in (("dPC_site_pct", g.total), ("dPC_intra_pct", g.intra), ("dPC_flux_pct", g.flux),
                          ("dPC_connector_pct", g.connector)):
            cols[key][s] = 100.0 * part / new
        n_links[s] = int(np.sum(pr >= options.probability)) if pr.size else 0
    steps.progress(0.75)  # the flow gains (the caller gives them 0.75-0.9 of this span)
    flow = flow_gain(sites) if flow_gain is not None else None
    steps.progress(0.9)
    seq_c = sites.area_ha * rate_tC_ha_yr
    seq = seq_c * CO2_PER_C
    gains, weights = [seq, cols["EC_gain_ha"]], [options.weight_carbon, options.weight_connectivity]
    flow_col: dict[str, np.ndarray] = {}
    if flow is not None:
        flow_col["flow_gain_tC_yr"] = flow.gains()
        gains.append(flow_col["flow_gain_tC_yr"])
        weights.append(options.weight_flow)
    score = weighted_score(gains, weights)
    has_cost = bool(np.isfinite(sites.cost).any())
    pareto = pareto_front(gains, [sites.cost] if has_cost else [])
    # portfolio
    flow_w = 0.0
    if options.objective == "carbon":
        fixed, ec_w = seq, 0.0
    elif options.objective == "connectivity":
        fixed, ec_w = np.zeros(sites.n), 1.0
    elif options.objective == "flow":
        fixed, ec_w, flow_w = np.zeros(sites.n), 0.0, 1.0
    else:  # the score's weights on the normalised gains; the EC and flow parts recomputed as marginal gains
        top_seq = float(seq.max()) if seq.max() > 0 else 1.0
        top_ec = float(cols["EC_gain_ha"].max()) if cols["EC_gain_ha"].max() > 0 else 1.0
        fixed, ec_w = options.weight_carbon * seq / top_seq, options.weight_connectivity / top_ec
        if flow is not None:
            top_flow = float(flow_col["flow_gain_tC_yr"].max())
            flow_w = options.weight_flow / top_flow if top_flow > 0 else 0.0
    spend = sites.area_ha if options.budget_kind == "area" else sites.cost
    portfolio = greedy_portfolio(Network(area_hab, pstar.copy(), options.p_min), sites.area_ha, links, fixed, ec_w,
                                 spend, options.budget, flow, flow_w)
    in_portfolio = np.zeros(sites.n, dtype=np.int64)
    for n, pick in enumerate(portfolio, 1):
        in_portfolio[pick.site] = n
    table: dict[str, np.ndarray] = {
        "site_id": np.arange(1, sites.n + 1), "area_ha": sites.area_ha, "cells": sites.n_cells,
        "sequestration_tC_yr": seq_c, "sequestration_tCO2e_yr": seq, **cols, **flow_col,
        "links_within_threshold": n_links,
        "cost": sites.cost, "score": score, "rank": ranks(score), "pareto": pareto.astype(np.int64),
        "in_portfolio": (in_portfolio > 0).astype(np.int64), "pick_order": in_portfolio,
    }
    landscape = {"habitat_nodes": float(n_hab), "habitat_area_ha": float(area_hab.sum()), "PCnum_ha2": num0,
                 "EC_PC_ha": ec0, "candidate_sites": float(sites.n)}
    if flow is not None:
        landscape["attributed_flow_tC_yr"] = flow.base_total
    steps.progress(1.0)
    return PriorityResult(sites, table, portfolio, landscape, rate_tC_ha_yr, options)


def read_priority_inputs(
    lc: LandCover, scheme: ClassScheme, restorable: Sequence[int], suitability: Optional[LandCover] = None,
    cost: Optional[LandCover] = None,
) -> tuple[np.ndarray, np.ndarray, Optional[np.ndarray]]:
    """Class indices, candidate mask (restorable classes, or suitability == 1) and cost values of the whole raster."""
    from ..classes import read_class_rows

    h, w = lc.grid.height, lc.grid.width
    classes = read_class_rows(lc, scheme, 0, h)
    for other, what in ((suitability, "suitability"), (cost, "cost")):
        if other is not None and (other.grid.width, other.grid.height) != (w, h):
            raise InputError(f"The {what} raster ({other.grid.width} × {other.grid.height}) is not on the land-cover "
                             f"grid ({w} × {h}).", "Resample it onto the land-cover raster's grid (Align Rasters).")
    if suitability is not None:
        raw = suitability.read_rows(0, h)
        candidate = (raw == 1) & suitability.valid(raw)
    else:
        candidate = np.isin(classes, np.asarray(restorable, dtype=classes.dtype))
    values = None
    if cost is not None:
        raw = cost.read_rows(0, h).astype(float)
        values = np.where(cost.valid(cost.read_rows(0, h)), raw, np.nan)
    return classes, candidate, values


# -- outputs -----------------------------------------------------------------------------------------------------

def draw_portfolio_curve(fig, rows: dict[str, list], budget_kind: str, labels: dict[str, str]) -> bool:
    """Cumulative sequestration (and flow) and EC gain against the budget spent: core.report.charts' chart."""
    from ..report.charts import draw_restoration_portfolio

    return draw_restoration_portfolio(fig, rows, budget_kind, labels)


def portfolio_curve(rows: dict[str, list], budget_kind: str, path: str, labels: Optional[dict[str, str]] = None) -> str:
    """PNG of the cumulative gains against the budget (a note when the portfolio is empty)."""
    from ..report.charts import _finish, _figure, _save

    labels = labels or {
        "x": "Budget spent (ha)" if budget_kind == "area" else "Budget spent (cost units)",
        "carbon": "Cumulative sequestration gain (t CO2e/yr)", "ec": "Cumulative EC(PC) gain (ha)",
        "flow": "Cumulative flow gain (t CO2e/yr)", "title": "Restoration portfolio: gain against budget"}
    fig = _figure(7.0, 4.0)
    if not draw_portfolio_curve(fig, rows, budget_kind, labels):
        fig.text(0.5, 0.5, labels.get("empty", "No site fits in the budget."), ha="center")
    _finish(fig)
    return _save(fig, path)


def write_priority(result: PriorityResult, sites_csv: str = "", portfolio_csv: str = "", chart_png: str = "",
                   before_commit: Optional[Callable[[], None]] = None, chart_labels: Optional[dict] = None) -> None:
    """Write the site table, the portfolio table and the chart together, or nothing."""
    with OutputBatch() as batch:
        if sites_csv:
            write_csv(sites_csv, result.site_table(), batch=batch)
        rows = result.portfolio_table()
        if portfolio_csv:
            write_csv(portfolio_csv, rows, batch=batch)
        if chart_png:
            portfolio_curve(rows, result.options.budget_kind, batch.stage(chart_png), chart_labels)
        if before_commit is not None:
            before_commit()


__all__ = ["BUDGET_KINDS", "MAX_DENSE_NODES", "OBJECTIVES", "Network", "Pick", "PriorityOptions", "PriorityResult",
           "SiteGain", "assess_priority", "greedy_portfolio", "max_product_matrix", "pareto_front", "portfolio_curve",
           "ranks", "read_priority_inputs", "restored_rate", "weighted_score", "write_priority"]

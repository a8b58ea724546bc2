"""Allocation of source supply to demand units over the pairs within reach: three named methods.

- ``capped`` (the default of the engine, :mod:`.transport`): entropic partial optimal transport with
  kernel S_i D_j f(d_ij); every source sends at most its supply, every unit receives at most its
  demand, the total is the largest amount the reach graph can carry;
- ``accessible_supply`` (the first model, no capacity, 2SFCA-like): the production-constrained
  gravity model below; a unit may receive more than its demand;
- ``aspatial`` (SPANs for carbon): every source serves every unit with demand, in proportion to
  demand, F_ij = S_i D_j / Σ_k D_k, whatever the distance (reach plays no part).

The accessible-supply (gravity) model:

For patch i with supply S_i (t C/yr) and demand unit j with demand D_j (t C/yr) at distance d_ij:

    F_ij = S_i · D_j f(d_ij) / Σ_k D_k f(d_ik),   over the units k with d_ik ≤ d_max and D_k > 0

A patch with no such unit sends nothing: its whole supply is *unallocated* (U_i = S_i, else 0), so
S_i = Σ_j F_ij + U_i for every patch and Σ_i S_i = Σ_j R_j + Σ_i U_i with R_j = Σ_i F_ij. Units with
no demand attract nothing (D_j = 0 gives a zero weight). Links are the pairs with F_ij > 0 in double
precision (a weight e^(−800) relative to the patch's strongest link rounds to 0 and is no link).

Everything is vectorised over the pairs: one sort by patch, ``np.maximum.reduceat`` for each
patch's largest log weight (so the exponentials never all underflow), ``np.add.reduceat`` for the
denominators.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from typing import Optional

from ..errors import InputError
from .decay import DistanceDecay
from .transport import DEFAULT_MAX_ITERATIONS, DEFAULT_TOLERANCE, TransportReport, capped_transport

CAPPED = "capped"
ACCESSIBLE_SUPPLY = "accessible_supply"
ASPATIAL = "aspatial"
ALLOCATION_METHODS: tuple[str, ...] = (CAPPED, ACCESSIBLE_SUPPLY, ASPATIAL)
MAX_ASPATIAL_LINKS = 20_000_000  # sources × units with demand the aspatial rule may list as links


@dataclass
class Pairs:
    """Candidate (patch, unit) pairs with their distance; indices are positions, not ids."""

    patch: np.ndarray  # int64, index into the supply arrays
    unit: np.ndarray  # int64, index into the unit arrays
    distance: np.ndarray  # float64, metres (straight line) or cost-metres (least cost)

    @classmethod
    def empty(cls) -> "Pairs":
        """No pair at all."""
        return cls(np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0))

    @property
    def size(self) -> int:
        """Number of pairs."""
        return int(self.patch.size)


@dataclass
class Allocation:
    """Links (F > 0) and the per-patch and per-unit totals of one allocation."""

    patch: np.ndarray  # index of the sending patch, per link
    unit: np.ndarray  # index of the receiving unit, per link
    flow: np.ndarray  # F_ij, t C/yr
    distance: np.ndarray  # d_ij
    share: np.ndarray  # F_ij / S_i: share of the patch's supply
    sent: np.ndarray  # Σ_j F_ij per patch, t C/yr
    unallocated: np.ndarray  # U_i per patch, t C/yr
    received: np.ndarray  # R_j per unit, t C/yr
    n_links_of_patch: np.ndarray  # beneficiaries per patch
    n_links_of_unit: np.ndarray  # suppliers per unit
    method: str = ACCESSIBLE_SUPPLY
    unallocated_no_demand: Optional[np.ndarray] = None  # per source: no unit with demand in reach
    unallocated_saturated: Optional[np.ndarray] = None  # per source: units in reach, all of them full
    report: Optional[TransportReport] = None  # capped only: how the transport was solved

    @property
    def n_links(self) -> int:
        """Number of links with a positive flow."""
        return int(self.flow.size)


def gravity_allocation(
    supply: np.ndarray, demand: np.ndarray, pairs: Pairs, decay: DistanceDecay, max_distance: float
) -> Allocation:
    """Allocate each patch's supply to the units within ``max_distance`` by the gravity model."""
    supply = np.asarray(supply, dtype=np.float64)
    demand = np.asarray(demand, dtype=np.float64)
    n_p, n_u = supply.size, demand.size
    keep = (pairs.distance <= max_distance) & (demand[pairs.unit] > 0) & (supply[pairs.patch] > 0)
    p, u, d = pairs.patch[keep], pairs.unit[keep], pairs.distance[keep]
    order = np.lexsort((u, p))
    p, u, d = p[order], u[order], d[order]
    log_w = np.log(demand[u]) + decay.log_weight(d)
    flow = np.zeros(0)
    if p.size:
        starts = np.flatnonzero(np.r_[True, p[1:] != p[:-1]])
        top = np.maximum.reduceat(log_w, starts)
        counts = np.diff(np.r_[starts, p.size])
        w = np.exp(log_w - np.repeat(top, counts))
        denom = np.add.reduceat(w, starts)
        flow = supply[p] * w / np.repeat(denom, counts)
    link = flow > 0
    p, u, d, flow = p[link], u[link], d[link], flow[link]
    sent = np.bincount(p, weights=flow, minlength=n_p)
    n_links_of_patch = np.bincount(p, minlength=n_p)
    unallocated = np.where(n_links_of_patch > 0, 0.0, supply)
    with np.errstate(invalid="ignore", divide="ignore"):
        share = flow / supply[p]
    return Allocation(
        patch=p,
        unit=u,
        flow=flow,
        distance=d,
        share=share,
        sent=sent,
        unallocated=unallocated,
        received=np.bincount(u, weights=flow, minlength=n_u),
        n_links_of_patch=n_links_of_patch,
        n_links_of_unit=np.bincount(u, minlength=n_u),
        unallocated_no_demand=unallocated.copy(),
        unallocated_saturated=np.zeros(n_p),
    )


def allocate(
    supply: np.ndarray,
    demand: np.ndarray,
    pairs: Pairs,
    decay: DistanceDecay,
    max_distance: float,
    method: str = CAPPED,
    tolerance: float = DEFAULT_TOLERANCE,
    max_iterations: int = DEFAULT_MAX_ITERATIONS,
) -> Allocation:
    """Allocate the sources' supply (t C/yr) to the units by ``method`` (capped, accessible_supply, aspatial)."""
    if method not in ALLOCATION_METHODS:
        raise InputError(f"Unknown allocation method '{method}'.", f"Use one of {', '.join(ALLOCATION_METHODS)}.")
    if method == ACCESSIBLE_SUPPLY:
        return gravity_allocation(supply, demand, pairs, decay, max_distance)
    supply = np.asarray(supply, dtype=np.float64)
    demand = np.asarray(demand, dtype=np.float64)
    n_p = supply.size
    keep = (pairs.distance <= max_distance) & (demand[pairs.unit] > 0) & (supply[pairs.patch] > 0)
    p, u, d = pairs.patch[keep], pairs.unit[keep], pairs.distance[keep]
    in_reach = np.bincount(p, minlength=n_p) > 0
    report = None
    if method == CAPPED:
        flow, report = capped_transport(supply, demand, p, u, decay.log_weight(d), tolerance, max_iterations)
    else:
        total_d = float(demand.sum())
        sources, units = np.flatnonzero(supply > 0), np.flatnonzero(demand > 0)
        if sources.size * units.size > MAX_ASPATIAL_LINKS:
            raise InputError(
                f"The aspatial rule links every source to every unit: {sources.size:,} × {units.size:,} links, more "
                f"than the {MAX_ASPATIAL_LINKS:,} this tool lists.",
                "Use patches instead of cells as sources, fewer demand units (a coarser grid), or read the aspatial "
                "reference from the unit table of a capped run (aspatial_received_tC_yr).",
            )
        known = dict(zip(zip(p.tolist(), u.tolist()), d.tolist())) if p.size < 5_000_000 else {}
        p = np.repeat(sources, units.size)
        u = np.tile(units, sources.size)
        d = np.array([known.get((a, b), np.nan) for a, b in zip(p.tolist(), u.tolist())]) if known else np.full(p.size, np.nan)
        flow = supply[p] * demand[u] / total_d if total_d > 0 else np.zeros(p.size)
        in_reach = np.ones(n_p, bool) if total_d > 0 else np.zeros(n_p, bool)
    return _from_flows(supply, demand, p, u, d, flow, in_reach, method, report)


def _from_flows(supply, demand, p, u, d, flow, in_reach, method, report) -> Allocation:
    """An :class:`Allocation` from the flow of every pair (links: F > 0) and which sources have a unit in reach."""
    n_p, n_u = supply.size, demand.size
    link = flow > 0
    p, u, d, flow = p[link], u[link], d[link], flow[link]
    order = np.lexsort((u, p))
    p, u, d, flow = p[order], u[order], d[order], flow[order]
    sent = np.bincount(p, weights=flow, minlength=n_p)
    unallocated = np.maximum(supply - sent, 0.0)
    with np.errstate(invalid="ignore", divide="ignore"):
        share = flow / supply[p]
    return Allocation(
        patch=p, unit=u, flow=flow, distance=d, share=share, sent=sent, unallocated=unallocated,
        received=np.bincount(u, weights=flow, minlength=n_u),
        n_links_of_patch=np.bincount(p, minlength=n_p), n_links_of_unit=np.bincount(u, minlength=n_u),
        method=method,
        unallocated_no_demand=np.where(in_reach, 0.0, unallocated),
        unallocated_saturated=np.where(in_reach, unallocated, 0.0),
        report=report,
    )


def aspatial_received(total_supply: float, demand: np.ndarray) -> np.ndarray:
    """R_j of the aspatial (SPANs) rule: Σ_i S_i · D_j / Σ_k D_k (t C/yr; zeros without demand)."""
    demand = np.asarray(demand, dtype=np.float64)
    total_d = float(demand.sum())
    return demand * (total_supply / total_d) if total_d > 0 else np.zeros(demand.size)


def esdr(received: np.ndarray, demand: np.ndarray) -> np.ndarray:
    """ESDR_j = (R_j − D_j) / ((R_max + D_max) / 2), maxima over the units of this run (NaN if both are 0)."""
    received = np.asarray(received, dtype=np.float64)
    demand = np.asarray(demand, dtype=np.float64)
    if received.size == 0:
        return np.zeros(0)
    scale = (received.max() + demand.max()) / 2.0
    if scale <= 0:
        return np.full(received.size, np.nan)
    return (received - demand) / scale


def share_of_demand_met(received: np.ndarray, demand: np.ndarray) -> float:
    """Σ_j min(R_j, D_j) / Σ_j D_j (NaN without demand)."""
    total = float(np.sum(demand))
    if total <= 0:
        return float("nan")
    return float(np.minimum(received, demand).sum() / total)

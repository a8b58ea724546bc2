"""Gravity allocation of patch supply to demand units over the pairs within reach.

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

from .decay import DistanceDecay


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
    )


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

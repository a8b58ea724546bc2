"""Indices that measure the attributed flows, not only the links' existence.

With F_ij the attributed flows (t C/yr), S_i the supply of the n_s sources (S_i > 0), D_j the
demand of the n_d units (D_j > 0), v = n_s + n_d nodes:

| index | formula |
| --- | --- |
| ``links_above_threshold`` e_τ | links with F_ij ≥ τ · S_i (τ = the link threshold; τ = 0: every F_ij > 0) |
| ``sna_density`` | e_τ / (v (v − 1)): directed density of social-network analysis (links over ordered node pairs) |
| ``effective_links`` | exp(H), H = −Σ p_ij ln p_ij, p_ij = F_ij / Σ F (Shannon diversity of the flows) |
| ``weighted_connectance`` | exp(H) / (n_s n_d): effective links over the possible links (Bersier et al. 2002's flow-based connectance, bipartite form) |
| ``mean_source_strength_tC_yr`` | Σ F / n_s (node strength s_i = Σ_j F_ij, averaged) |
| ``mean_unit_strength_tC_yr`` | Σ F / n_d (s_j = Σ_i F_ij, averaged) |
| ``flow_weighted_distance_m`` | Σ F_ij d_ij / Σ F |
| ``essr`` | Σ F / Σ S: ecosystem-service supply ratio, the share of supply attributed |
| ``received_to_demand`` | Σ R / Σ D |

:func:`esdr_pooled` gives ESDR with one reference over several dates: (R_jt − D_jt) / ((R_max + D_max)/2)
with both maxima over every unit *and every date*, so values of different dates are comparable
(the per-run ESDR of :func:`.allocation.esdr` rescales each date by its own maxima).

:func:`add_pooled_esdr` puts it in the unit tables of one or two dates' results. Units with an area
(polygons, grid cells: A_j in ha) are compared by **intensity**, r_jt = R_jt / A_j and
d_jt = D_jt / A_j (t C/ha/yr), so a large unit does not dominate the maxima by its size alone:

    ESDR_jt = (r_jt − d_jt) / ((r_max + d_max) / 2),   r_max, d_max over every unit and every date

Point units have no area: their pooled ESDR is on the amounts R_jt, D_jt (t C/yr). The basis is
recorded in the network table (``esdr_pooled_basis``). R/D (``received_to_demand``) is unchanged by
the basis (the area cancels). Units without area (a polygon of area 0) are NaN.
"""

from __future__ import annotations

import math
from typing import Sequence

import numpy as np

from .allocation import Allocation


def threshold_links(alloc: Allocation, threshold: float) -> np.ndarray:
    """Mask of the links with F_ij ≥ threshold · S_i (their share of the source's supply)."""
    return alloc.share >= threshold if threshold > 0 else alloc.flow > 0


def flow_indices(supply: np.ndarray, demand: np.ndarray, alloc: Allocation, threshold: float = 0.0) -> dict[str, float]:
    """Flow-weighted network indices, SNA density, ESSR and Σ R / Σ D (see the module docstring)."""
    n_s = int(np.sum(np.asarray(supply) > 0))
    n_d = int(np.sum(np.asarray(demand) > 0))
    v = n_s + n_d
    total_f = float(alloc.flow.sum())
    total_s = float(np.sum(supply))
    total_d = float(np.sum(demand))
    e = int(threshold_links(alloc, threshold).sum())
    nan = float("nan")
    if total_f > 0:
        p = alloc.flow / total_f
        h = float(-np.sum(p * np.log(p)))
        eff = math.exp(h)
        dist = alloc.distance
        fwd = float(np.nansum(alloc.flow * dist) / total_f) if np.isfinite(dist).any() else nan
    else:
        eff, fwd = 0.0, nan
    return {
        "link_threshold": float(threshold),
        "links_above_threshold": float(e),
        "sna_density": e / (v * (v - 1)) if v > 1 else nan,
        "effective_links": eff,
        "weighted_connectance": eff / (n_s * n_d) if n_s * n_d > 0 else nan,
        "mean_source_strength_tC_yr": total_f / n_s if n_s else nan,
        "mean_unit_strength_tC_yr": total_f / n_d if n_d else nan,
        "flow_weighted_distance_m": fwd,
        "essr": total_f / total_s if total_s > 0 else nan,
        "received_to_demand": float(alloc.received.sum()) / total_d if total_d > 0 else nan,
    }


def _max(arrays: Sequence[np.ndarray]) -> float:
    """Largest finite value over the arrays (0 when there is none)."""
    finite = [np.asarray(a, dtype=np.float64)[np.isfinite(a)] for a in arrays]
    return max((float(f.max()) for f in finite if f.size), default=0.0)


def esdr_pooled(received: Sequence[np.ndarray], demand: Sequence[np.ndarray]) -> list[np.ndarray]:
    """ESDR of every date with the maxima pooled over all dates (NaN where both maxima are 0; NaN inputs stay NaN)."""
    r_max = _max(received)
    d_max = _max(demand)
    scale = (r_max + d_max) / 2.0
    out = []
    for r, d in zip(received, demand):
        r = np.asarray(r, dtype=np.float64)
        d = np.asarray(d, dtype=np.float64)
        out.append((r - d) / scale if scale > 0 else np.full(r.size, np.nan))
    return out


PER_HA = "t C/ha/yr"
TOTAL = "t C/yr"


def add_pooled_esdr(results: Sequence) -> str:
    """Add ``esdr_pooled`` (and ``area_ha``, ``demand_tC_ha_yr``, ``received_tC_ha_yr``) after ``esdr`` in every unit table.

    One reference over all the ``results`` (one date or two, :class:`.engine.FlowResult`): per hectare
    when every date's units have areas (polygons, grid cells), else on the amounts (t C/yr). Returns
    the basis (``"t C/ha/yr"`` or ``"t C/yr"``), also written to each network table as
    ``esdr_pooled_basis``.
    """
    areas = [r.demand.area_ha() for r in results]
    new: list[dict[str, np.ndarray]] = [{} for _ in results]
    per_ha = all(np.isfinite(a).any() for a in areas)
    received, demand = [], []
    for r, area in zip(results, areas):
        rec = np.asarray(r.units["received_tC_yr"], dtype=np.float64)
        dem = np.asarray(r.units["demand_tC_yr"], dtype=np.float64)
        if per_ha:
            with np.errstate(invalid="ignore", divide="ignore"):
                rec, dem = (np.where(area > 0, v / area, np.nan) for v in (rec, dem))
            new[len(received)].update({"area_ha": area, "demand_tC_ha_yr": dem, "received_tC_ha_yr": rec})
        received.append(rec)
        demand.append(dem)
    basis = PER_HA if per_ha else TOTAL
    for r, columns, values in zip(results, new, esdr_pooled(received, demand)):
        columns["esdr_pooled"] = values
        r.units = _after(r.units, "esdr", columns)
        r.network["esdr_pooled_basis"] = basis
    return basis


def _after(table: dict, key: str, columns: dict) -> dict:
    """``table`` with ``columns`` inserted right after ``key`` (at the end when ``key`` is absent)."""
    out: dict = {}
    for name, values in table.items():
        out[name] = values
        if name == key:
            out.update(columns)
    out.update({k: v for k, v in columns.items() if k not in out})
    return out

"""Graph connectivity indices of habitat nodes: IIC, PC, dIIC, dPC and their fractions, EC, components.

Nodes are habitat patches (or MSPA cores) with attribute a_i = area (ha); d_ij is the edge-to-edge
distance between nodes i and j (m, or cost units for least-cost distances; :mod:`.nodes`). A_L is the
landscape area (ha; default the raster's valid area).

- **IIC** (integral index of connectivity; Pascual-Hortal & Saura 2006):
  IIC = Σ_i Σ_j a_i a_j / (1 + nl_ij) / A_L², where nodes are linked when d_ij ≤ the threshold distance
  and nl_ij is the number of links on the shortest (fewest-links) path between i and j (nl_ii = 0;
  pairs in different components contribute 0).
- **PC** (probability of connectivity; Saura & Pascual-Hortal 2007):
  PC = Σ_i Σ_j a_i a_j p*_ij / A_L², with the direct dispersal probability p_ij = exp(−k d_ij) given by
  meaning: p_ij = p at d_ij = d_ref, so k = −ln p / d_ref (the "probability p at distance d"
  convention of Graphab and Makurhini), and p*_ij the maximum product probability over all paths
  through intermediate nodes (p*_ii = 1): a shortest path for the weights −ln p_ij = k d_ij.
- **Removal importance** (Saura & Rubio 2010): for an index X = Xnum / A_L² (Xnum the double sum),
  dX_k = 100 (Xnum − Xnum'_k) / Xnum with Xnum'_k the value once node k is removed; it splits exactly
  into dXintra_k = 100 a_k² / Xnum (k's own area), dXflux_k = 100 · 2 a_k Σ_{i≠k} a_i x_ik / Xnum
  (what flows from and to k) and dXconnector_k = dX_k − dXintra_k − dXflux_k (k as a stepping stone
  between other nodes), x = p* for PC and 1 / (1 + nl) for IIC.
- **EC** (equivalent connected area; Saura et al. 2011): EC(X) = sqrt(Xnum) (ha): the area of one
  patch that would give the same connectivity; independent of A_L.

Computation (no recompute-everything loop). The graph is pruned: a PC link is kept when p_ij ≥ p_min
(default :data:`P_MIN`), and every search stops at −ln p_min (``limit`` of scipy's Dijkstra), so p*_ij
is exact when ≥ p_min and taken as 0 below; the error of PCnum is below p_min (Σ a_i)². For each
source i, one Dijkstra gives the row of x_ij and the shortest-path tree T_i. Removing k changes row i
only if k is an inner node of T_i (otherwise T_i reaches every other node without k, at the same
costs). So for each k only the sources whose tree passes through k are searched again, on the graph
with k's links cut; dXconnector_k = Σ over those rows of the loss of Σ_{j≠k} a_i a_j x_ij. The cost is
the number of (source, inner node) pairs times one bounded search, instead of n all-pairs searches.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Callable, Optional

import numpy as np
from scipy.sparse import coo_matrix, csr_matrix
from scipy.sparse.csgraph import connected_components, dijkstra

from ..errors import InputError
from ..feedback import Steps

P_MIN = 1e-4
"""Default smallest dispersal probability kept: links and paths below it count as 0."""
BATCH_VALUES = 1 << 22  # distances of one Dijkstra call: sources × component nodes (32 MB)


def decay_constant(probability: float, distance: float) -> float:
    """k (per distance unit) of p(d) = exp(−k d) with p(distance) = probability."""
    if not distance > 0 or not math.isfinite(distance):
        raise InputError(
            f"The threshold (reference) distance must be > 0, not {distance:g}.",
            "Give the distance at which the dispersal probability is known, e.g. 1000 m.",
        )
    if not 0 < probability < 1:
        raise InputError(
            f"The dispersal probability at the threshold distance must lie strictly between 0 and 1, not {probability:g}.",
            "Give e.g. 0.5 (half of the dispersers cross the threshold distance) or 0.05.",
        )
    return -math.log(probability) / distance


@dataclass
class RemovalImportance:
    """Xnum of an index and, per node, the three parts of its removal loss (same units as Xnum)."""

    total: float
    intra: np.ndarray
    flux: np.ndarray
    connector: np.ndarray

    def percent(self) -> dict[str, np.ndarray]:
        """dX, dXintra, dXflux, dXconnector in % of Xnum."""
        scale = 100.0 / self.total if self.total > 0 else 0.0
        parts = {"intra": self.intra * scale, "flux": self.flux * scale, "connector": self.connector * scale}
        return {"": parts["intra"] + parts["flux"] + parts["connector"], **parts}


def removal_importance(
    n: int,
    i: np.ndarray,
    j: np.ndarray,
    weight: np.ndarray,
    attribute: np.ndarray,
    value: Callable[[np.ndarray], np.ndarray],
    limit: float = math.inf,
    steps: Optional[Steps] = None,
    connectors: bool = True,
) -> RemovalImportance:
    """Xnum = Σ_i Σ_j a_i a_j value(dist_ij) and each node's intra, flux and connector loss.

    The graph has undirected links (i, j) with ``weight`` > 0; dist is the shortest-path length
    (searches stop at ``limit``; value(inf) must be 0, value(0) = 1). Without ``connectors`` the connector
    losses are not computed (NaN): Xnum, intra and flux cost one search per node.
    """
    steps = steps or Steps(None)
    a = np.asarray(attribute, dtype=float)
    intra = a * a
    flux = np.zeros(n)
    connector = np.zeros(n) if connectors else np.full(n, np.nan)
    total = 0.0
    graph = _symmetric(n, i, j, weight)
    n_comp, comp = connected_components(graph, directed=False)
    order = np.argsort(comp, kind="stable")
    bounds = np.flatnonzero(np.r_[True, np.diff(comp[order]) != 0, True])
    done = 0
    for c0, c1 in zip(bounds[:-1], bounds[1:]):
        nodes = order[c0:c1]
        steps.progress(done / max(n, 1))
        done += nodes.size
        if nodes.size == 1:
            total += intra[nodes[0]]
            continue
        sub = graph[nodes][:, nodes].tocsr()
        t, fl, con = _component(sub, a[nodes], value, limit, connectors)
        total += t
        flux[nodes] = fl
        connector[nodes] = con
    steps.progress(1.0)
    return RemovalImportance(total, intra, flux, connector)


def _symmetric(n: int, i: np.ndarray, j: np.ndarray, w: np.ndarray) -> csr_matrix:
    i = np.asarray(i, dtype=np.int64)
    j = np.asarray(j, dtype=np.int64)
    w = np.asarray(w, dtype=float)
    keep = i != j
    i, j, w = i[keep], j[keep], w[keep]
    g = coo_matrix((np.r_[w, w], (np.r_[i, j], np.r_[j, i])), shape=(n, n)).tocsr()
    g.sum_duplicates()
    # a pair given twice keeps its smallest weight
    if g.nnz != 2 * i.size:
        g = _min_duplicates(n, np.r_[i, j], np.r_[j, i], np.r_[w, w])
    return g


def _min_duplicates(n: int, i: np.ndarray, j: np.ndarray, w: np.ndarray) -> csr_matrix:
    key = i * n + j
    order = np.lexsort((w, key))
    first = np.r_[True, key[order][1:] != key[order][:-1]]
    sel = order[first]
    return csr_matrix((w[sel], (i[sel], j[sel])), shape=(n, n))


def _component(g: csr_matrix, a: np.ndarray, value: Callable, limit: float,
               connectors: bool = True) -> tuple[float, np.ndarray, np.ndarray]:
    """Xnum, flux and connector losses of one connected component (local indices)."""
    m = g.shape[0]
    col_sum = np.zeros(m)  # Σ_i a_i x_ik
    row_total = np.zeros(m)  # R_i = Σ_j a_i a_j x_ij
    inner_src: list[np.ndarray] = []
    inner_node: list[np.ndarray] = []
    inner_val: list[np.ndarray] = []
    batch = max(1, BATCH_VALUES // m)
    for b0 in range(0, m, batch):
        src = np.arange(b0, min(m, b0 + batch))
        dist, pred = dijkstra(g, directed=False, indices=src, return_predecessors=True, limit=limit)
        x = value(dist)
        col_sum += a[src] @ x
        row_total[src] = a[src] * (x @ a)
        if not connectors:
            continue
        ok = np.isfinite(dist) & (pred >= 0) & (pred != src[:, None])
        rows, cols = np.nonzero(ok)
        k = pred[rows, cols].astype(np.int64)
        key = np.unique(rows.astype(np.int64) * m + k)
        r_u, k_u = key // m, key % m
        inner_src.append(src[r_u])
        inner_node.append(k_u)
        inner_val.append(x[r_u, k_u])
    total = float(row_total.sum())
    flux = 2.0 * a * (col_sum - a)
    if not connectors:
        return total, flux, np.full(m, np.nan)
    connector = np.zeros(m)
    srcs = np.concatenate(inner_src)
    ks = np.concatenate(inner_node)
    vals = np.concatenate(inner_val)
    if srcs.size == 0:
        return total, flux, connector
    order = np.argsort(ks, kind="stable")
    srcs, ks, vals = srcs[order], ks[order], vals[order]
    bounds = np.flatnonzero(np.r_[True, ks[1:] != ks[:-1], True])
    work = g.copy()
    col_pos = _column_positions(work)
    for s0, s1 in zip(bounds[:-1], bounds[1:]):
        k = int(ks[s0])
        sources = srcs[s0:s1]
        rows_k = slice(work.indptr[k], work.indptr[k + 1])
        saved_row, saved_col = work.data[rows_k].copy(), work.data[col_pos[k]].copy()
        work.data[rows_k] = np.inf
        work.data[col_pos[k]] = np.inf
        for b0 in range(0, sources.size, batch):
            sb = sources[b0 : b0 + batch]
            dist = dijkstra(work, directed=False, indices=sb, limit=limit)
            x = value(dist)
            x[:, k] = 0.0
            new_rows = a[sb] * (x @ a)
            old_rows = row_total[sb] - a[sb] * a[k] * vals[s0 + b0 : s0 + b0 + sb.size]
            connector[k] += float((old_rows - new_rows).sum())
        work.data[rows_k] = saved_row
        work.data[col_pos[k]] = saved_col
    return total, flux, connector


def _column_positions(g: csr_matrix) -> list[np.ndarray]:
    """For every column k, the positions in ``g.data`` of its entries."""
    order = np.argsort(g.indices, kind="stable")
    bounds = np.searchsorted(g.indices[order], np.arange(g.shape[0] + 1))
    return [order[bounds[k] : bounds[k + 1]] for k in range(g.shape[0])]


def pc_value(dist: np.ndarray) -> np.ndarray:
    """p* = exp(−Σ k d) from the shortest −ln p length (0 where unreached)."""
    return np.exp(-dist)


def iic_value(dist: np.ndarray) -> np.ndarray:
    """1 / (1 + nl) from the number of links (0 where unreached)."""
    return 1.0 / (1.0 + dist)


@dataclass
class ConnectivityIndices:
    """Landscape indices and per-node importance (percent) of one set of nodes."""

    n_nodes: int
    landscape: dict[str, float]
    node: dict[str, np.ndarray] = field(default_factory=dict)


def connectivity_indices(
    area_ha: np.ndarray,
    pair_i: np.ndarray,
    pair_j: np.ndarray,
    distance: np.ndarray,
    threshold: float,
    probability: float = 0.5,
    landscape_area_ha: Optional[float] = None,
    p_min: float = P_MIN,
    steps: Optional[Steps] = None,
    iic_connectors: bool = True,
) -> ConnectivityIndices:
    """IIC, PC, EC and dIIC, dPC with fractions from node areas and edge-to-edge distances of node pairs.

    ``pair_i``, ``pair_j``, ``distance`` must hold every pair closer than the PC cut distance
    −ln(p_min) / k (pairs farther away are ignored), and every pair within ``threshold`` for IIC.
    ``iic_connectors`` False skips dIICconnector (and so dIIC), which has no limit to bound its searches: in one
    network of thousands of nodes it costs minutes (docs/restoration.md).
    """
    steps = steps or Steps(None)
    area = np.asarray(area_ha, dtype=float)
    n = area.size
    k = decay_constant(probability, threshold)
    if not 0 <= p_min < probability:
        raise InputError(f"The smallest kept probability must lie in [0, {probability:g}), not {p_min:g}.",
                         "Use the default 1e-4, or 0 to keep every pair.")
    a_l = float(area.sum()) if landscape_area_ha is None else float(landscape_area_ha)
    if not a_l > 0 or a_l < area.sum() * (1 - 1e-9):
        raise InputError(
            f"The landscape area ({a_l:g} ha) must be > 0 and at least the habitat area ({area.sum():g} ha).",
            "Leave the landscape area empty (the raster's valid area) or give the study area in hectares.",
        )
    d = np.asarray(distance, dtype=float)
    pi, pj = np.asarray(pair_i, dtype=np.int64), np.asarray(pair_j, dtype=np.int64)
    limit = -math.log(p_min) if p_min > 0 else math.inf
    pc_keep = k * d <= limit
    iic_keep = d <= threshold
    # −ln p = k d; a zero distance (touching nodes) becomes a tiny positive weight so the link exists
    w = np.maximum(k * d[pc_keep], 1e-300)
    pc = removal_importance(n, pi[pc_keep], pj[pc_keep], w, area, pc_value, limit, steps.sub(0.0, 0.6))
    iic = removal_importance(n, pi[iic_keep], pj[iic_keep], np.ones(int(iic_keep.sum())), area, iic_value,
                             math.inf, steps.sub(0.6, 1.0), connectors=iic_connectors)
    n_comp, comp = connected_components(_symmetric(n, pi[iic_keep], pj[iic_keep], np.ones(int(iic_keep.sum()))),
                                        directed=False)
    landscape = {
        "n_nodes": n,
        "habitat_area_ha": float(area.sum()),
        "landscape_area_ha": a_l,
        "threshold_distance": float(threshold),
        "probability_at_threshold": float(probability),
        "decay_k_per_unit": k,
        "p_min": float(p_min),
        "n_links_threshold": int(iic_keep.sum()),
        "n_links_pc": int(pc_keep.sum()),
        "n_components": int(n_comp),
        "IIC": iic.total / a_l**2,
        "IICnum_ha2": iic.total,
        "EC_IIC_ha": math.sqrt(iic.total),
        "PC": pc.total / a_l**2,
        "PCnum_ha2": pc.total,
        "EC_PC_ha": math.sqrt(pc.total),
    }
    node: dict[str, np.ndarray] = {"component": comp + 1}
    for prefix, imp in (("dIIC", iic), ("dPC", pc)):
        for suffix, values in imp.percent().items():
            node[prefix + suffix] = values
    return ConnectivityIndices(n, landscape, node)

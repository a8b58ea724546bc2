"""Indices of the flow network, a bipartite graph of supply patches and demand units.

Nodes: the v = n_s + n_d patches with supply (S_i > 0) and units with demand (D_j > 0); edges: the
e links with F_ij > 0 (undirected, one per pair); p: the number of connected components of that
graph, isolated nodes included (Kansky 1963; Rodrigue, *The Geography of Transport Systems*):

- cyclomatic number μ = e − v + p (independent circuits);
- alpha α = μ / (2v − 5), beta β = e / v, gamma γ = e / (3(v − 2)): Kansky's classic definitions,
  whose maxima 2v − 5 and 3(v − 2) are those of a *planar* graph. They are given as the literature
  reports them, for comparison with ecological-network studies; the flow graph is neither planar
  nor general but bipartite (links only join a patch to a unit);
- link density = e / (n_s · n_d): links over the links possible in a bipartite graph (the
  "network density" of service-flow studies), 0..1;
- alpha_bipartite = μ / (n_s · n_d − v + 1): circuits over the circuits of the complete bipartite
  graph on the same nodes (connected, so p = 1 there), 0..1.

Ratios whose denominator is not positive (too few nodes) are NaN.
"""

from __future__ import annotations

import numpy as np
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components


def _ratio(num: float, den: float) -> float:
    return float(num / den) if den > 0 else float("nan")


def network_indices(
    supplying: np.ndarray, demanding: np.ndarray, link_patch: np.ndarray, link_unit: np.ndarray
) -> dict[str, float]:
    """Graph indices of the flow network; ``supplying``/``demanding`` are boolean masks of the nodes."""
    supplying = np.asarray(supplying, dtype=bool)
    demanding = np.asarray(demanding, dtype=bool)
    n_s, n_d = int(supplying.sum()), int(demanding.sum())
    v = n_s + n_d
    # nodes: supplying patches first, then demanding units
    patch_node = np.cumsum(supplying) - 1
    unit_node = n_s + np.cumsum(demanding) - 1
    a = patch_node[np.asarray(link_patch, dtype=np.int64)]
    b = unit_node[np.asarray(link_unit, dtype=np.int64)]
    e = int(a.size)
    if v:
        graph = coo_matrix((np.ones(e, dtype=np.int8), (a, b)), shape=(v, v))
        p = int(connected_components(graph, directed=False)[0])
    else:
        p = 0
    mu = e - v + p
    possible = n_s * n_d
    return {
        "supply_nodes": float(n_s),
        "demand_nodes": float(n_d),
        "nodes_v": float(v),
        "links_e": float(e),
        "components_p": float(p),
        "cyclomatic_number": float(mu),
        "link_density": _ratio(e, possible),
        "alpha": _ratio(mu, 2 * v - 5),
        "beta": _ratio(e, v),
        "gamma": _ratio(e, 3 * (v - 2)),
        "alpha_bipartite": _ratio(mu, possible - v + 1),
    }

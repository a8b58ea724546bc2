"""Least-cost corridors between nodes, the normalised corridor raster and current flow (circuit theory).

**Least-cost corridors.** For every linked node pair (i, j) (edge-to-edge cost ≤ the threshold), the
cheapest path between a cell of i and a cell of j over the resistance surface: a multi-source Dijkstra
from i's cells (8 neighbours, step cost = step length × mean resistance of the two cells, as
:func:`core.flow.leastcost.grid_graph`), the cheapest reached cell of j, and the predecessors traced
back to i. Each corridor carries its cost (cost-metres) and its length (m, sum of the steps between cell
centres) and is returned as the polyline of the cell centres.

**Normalised corridor raster** (Linkage Mapper; McRae & Kavanagh 2011): for a pair (A, B),
NLCC_AB(x) = cd_A(x) + cd_B(x) − lcd_AB, with cd_A the cost distance from A; lcd_AB = min_x (cd_A + cd_B)
is the pair's least cost, so NLCC is 0 along the least-cost path and grows away from it. The raster is
the minimum over the linked pairs (cells farther than the threshold from A or B stay empty). Each node's
cost distances are computed once, in a window grown by threshold / (lowest resistance × cell side),
and kept as sparse cell lists.

**Current flow** (Circuitscape; McRae et al. 2008). Every passable cell is a node, joined to its 4 or 8
neighbours by a resistor R = step length (m) × mean resistance of the two cells (a diagonal is √2 times
longer: Circuitscape's "average resistance" rule with 1/√2 diagonal conductance); the cells of the source
node are short-circuited into one node, likewise the ground. One ampere enters the source; the voltages
solve L v = I on the graph Laplacian L of the conductances 1/R with the ground at 0 V
(``scipy.sparse.linalg.spsolve``, on the connected part holding both). A cell's current is half the sum
of the absolute currents of its resistors (Circuitscape's node current), the focal cells carry the full
1 A; pinch points are where current concentrates. The effective resistance is v_source / 1 A. The
pairwise map is the sum over the linked pairs, one solve per pair (cost: one sparse factorisation per
pair, so it is meant for maps up to about a million cells).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Callable, Optional, Sequence

import numpy as np
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components, dijkstra
from scipy.sparse.linalg import spsolve

from ..errors import InputError
from ..feedback import Steps
from ..flow.leastcost import grid_graph
from .nodes import Nodes

MAX_CIRCUIT_CELLS = 1 << 20  # cells of one current-flow network (a sparse LU of 1 M cells takes minutes)
PAIRS_PER_SOLVE = 8  # right-hand sides solved together (memory: resistors × this many potentials differences)


@dataclass
class Corridor:
    """The least-cost path between nodes i and j (0-based), as cell centres."""

    i: int
    j: int
    cost: float  # cost-metres
    length_m: float
    rows: np.ndarray
    cols: np.ndarray


@dataclass
class CostField:
    """Cost distance from one node: flat raster indices of the reached cells and their costs."""

    cells: np.ndarray
    cost: np.ndarray


def _check_circuit_size(cells: int, what: str, area: str) -> None:
    """InputError when a current-flow ``what`` ('solve', 'map') would span more than MAX_CIRCUIT_CELLS cells."""
    if cells > MAX_CIRCUIT_CELLS:
        raise InputError(
            f"A current-flow {what} over {cells:,} cells exceeds the {MAX_CIRCUIT_CELLS:,} this tool solves at once.",
            f"Clip the raster to {area} or resample it to larger cells.",
        )


def _window(nodes: Nodes, k: int, reach_r: int, reach_c: int) -> tuple[int, int, int, int]:
    return (max(0, int(nodes.row_min[k]) - reach_r), min(nodes.height, int(nodes.row_max[k]) + reach_r + 1),
            max(0, int(nodes.col_min[k]) - reach_c), min(nodes.width, int(nodes.col_max[k]) + reach_c + 1))


def least_cost_corridors(
    nodes: Nodes,
    pairs: Sequence[tuple[int, int]],
    reader: Callable[[int, int, int, int], np.ndarray],
    min_resistance: float,
    dx_m: float,
    dy_m: float,
    max_cost: float,
    with_raster: bool = True,
    steps: Optional[Steps] = None,
) -> tuple[list[Corridor], Optional[np.ndarray]]:
    """Corridors of the given node pairs (0-based) and, if asked, the normalised corridor raster (float32, NaN empty)."""
    steps = steps or Steps(None)
    reach_r = math.ceil(max_cost / (min_resistance * dy_m)) + 1
    reach_c = math.ceil(max_cost / (min_resistance * dx_m)) + 1
    by_source: dict[int, list[int]] = {}
    for i, j in pairs:
        a, b = (int(i), int(j)) if i < j else (int(j), int(i))
        by_source.setdefault(a, []).append(b)
    involved = sorted(set(by_source) | {b for bs in by_source.values() for b in bs}) if with_raster else []
    fields: dict[int, CostField] = {}
    corridors: list[Corridor] = []
    w = nodes.width
    todo = sorted(set(involved) | set(by_source))
    for step, k in enumerate(todo):
        steps.progress(step / max(len(todo), 1))
        r0, r1, c0, c1 = _window(nodes, k, reach_r, reach_c)
        lab = nodes.window(r0, r1, c0, c1)
        res = reader(r0, r1, c0, c1)
        graph = grid_graph(res, dx_m, dy_m)
        src = np.flatnonzero((lab.ravel() == k + 1) & np.isfinite(res.ravel()))
        if src.size == 0:
            continue
        want_pred = k in by_source
        out = dijkstra(graph, directed=True, indices=src, min_only=True, limit=max_cost, return_predecessors=want_pred)
        dist = out[0] if want_pred else out
        ww = c1 - c0
        if with_raster:
            reached = np.flatnonzero(np.isfinite(dist))
            fields[k] = CostField((reached // ww + r0) * w + (reached % ww + c0), dist[reached])
        if want_pred:
            pred = out[1]
            flat_lab = lab.ravel()
            for j in by_source[k]:
                cand = np.flatnonzero((flat_lab == j + 1) & np.isfinite(dist))
                if cand.size == 0:
                    continue
                t = int(cand[np.argmin(dist[cand])])
                path = [t]
                while pred[path[-1]] >= 0:
                    path.append(int(pred[path[-1]]))
                path = np.array(path[::-1])
                pr, pc = path // ww, path % ww
                steps_len = np.hypot(np.diff(pr) * dy_m, np.diff(pc) * dx_m).sum()
                corridors.append(Corridor(k, j, float(dist[t]), float(steps_len), pr + r0, pc + c0))
    raster = None
    if with_raster:
        raster = np.full(nodes.height * nodes.width, np.inf, dtype=np.float64)
        for i, js in by_source.items():
            for j in js:
                if i not in fields or j not in fields:
                    continue
                common, ia, ib = np.intersect1d(fields[i].cells, fields[j].cells, assume_unique=True, return_indices=True)
                if common.size == 0:
                    continue
                total = fields[i].cost[ia] + fields[j].cost[ib]
                nlcc = total - total.min()
                np.minimum.at(raster, common, nlcc)
        raster = raster.reshape(nodes.height, nodes.width)
        raster[~np.isfinite(raster)] = np.nan
        raster = raster.astype(np.float32)
    steps.progress(1.0)
    return corridors, raster


@dataclass
class CurrentResult:
    """Current (A) through every cell for 1 A between a source and a ground, and the effective resistance."""

    current: np.ndarray  # (h, w), NaN on impassable cells
    voltage: np.ndarray  # (h, w), NaN where not connected
    effective_resistance: float


def _offsets(neighbours: int) -> list[tuple[int, int]]:
    half = [(0, 1), (1, 0), (1, 1), (1, -1)]
    return half if neighbours == 8 else half[:2]


def current_flow(
    resistance: np.ndarray, source: np.ndarray, ground: np.ndarray, dx_m: float = 1.0, dy_m: float = 1.0,
    neighbours: int = 8,
) -> CurrentResult:
    """Current map for 1 A from the ``source`` cells (short-circuited) to the ``ground`` cells (see module docstring)."""
    res = np.asarray(resistance, dtype=float)
    h, w = res.shape
    _check_circuit_size(res.size, "solve", "the corridor's area")
    passable = np.isfinite(res)
    src = source & passable
    gnd = ground & passable & ~src
    if not src.any() or not gnd.any():
        raise InputError("The source or the ground of the current-flow map has no passable cell.",
                         "Choose nodes on passable cells (finite resistance).")
    node = np.full(h * w, -1, dtype=np.int64)
    flat_pass = passable.ravel()
    n_cells = int(flat_pass.sum())
    node[flat_pass] = np.arange(n_cells)
    s_id, g_id = n_cells, n_cells + 1
    node[src.ravel()] = s_id
    node[gnd.ravel()] = g_id
    ea, eb, cond = [], [], []
    idx = np.arange(h * w).reshape(h, w)
    for dr, dc in _offsets(neighbours):
        ra, rb = slice(0, h - dr), slice(dr, h)
        ca, cb = (slice(0, w - dc), slice(dc, w)) if dc >= 0 else (slice(-dc, w), slice(0, w + dc))
        a, b = idx[ra, ca].ravel(), idx[rb, cb].ravel()
        ok = flat_pass[a] & flat_pass[b]
        a, b = a[ok], b[ok]
        length = math.hypot(dr * dy_m, dc * dx_m)
        r_edge = length * 0.5 * (res.ravel()[a] + res.ravel()[b])
        ea.append(a)
        eb.append(b)
        cond.append(1.0 / r_edge)
    a_cell, b_cell, g = np.concatenate(ea), np.concatenate(eb), np.concatenate(cond)
    na, nb = node[a_cell], node[b_cell]
    m = n_cells + 2
    keep = na != nb
    adjacency = coo_matrix((g[keep], (na[keep], nb[keep])), shape=(m, m)).tocsr()
    adjacency = adjacency + adjacency.T
    _, comp = connected_components(adjacency, directed=False)
    if comp[s_id] != comp[g_id]:
        raise InputError("The source and the ground are not connected by passable cells.",
                         "Lower the resistance of the barrier between them, or choose another pair.")
    part = np.flatnonzero(comp == comp[s_id])
    part = part[part != g_id]  # ground at 0 V
    local = np.full(m, -1, dtype=np.int64)
    local[part] = np.arange(part.size)
    sub = adjacency[part][:, part]
    degree = np.asarray(adjacency[part].sum(axis=1)).ravel()  # includes conductance to the ground
    lap = (coo_matrix((degree, (np.arange(part.size), np.arange(part.size))), shape=sub.shape) - sub).tocsc()
    rhs = np.zeros(part.size)
    rhs[local[s_id]] = 1.0
    v_part = spsolve(lap, rhs)
    v = np.full(m, np.nan)
    v[part] = v_part
    v[g_id] = 0.0
    # currents through resistors; node current = half the sum of |I| over its resistors (+ the injected 1 A)
    va, vb = v[na], v[nb]
    i_edge = np.where(keep, np.abs(g * (va - vb)), 0.0)
    i_edge = np.nan_to_num(i_edge)
    node_current = np.zeros(m)
    np.add.at(node_current, na, 0.5 * i_edge)
    np.add.at(node_current, nb, 0.5 * i_edge)
    node_current[s_id] = node_current[g_id] = 1.0
    current = np.full(h * w, np.nan)
    current[flat_pass] = node_current[node[flat_pass]]
    voltage = np.full(h * w, np.nan)
    voltage[flat_pass] = v[node[flat_pass]]
    return CurrentResult(current.reshape(h, w), voltage.reshape(h, w), float(v[s_id]))


def pairwise_current(
    resistance: np.ndarray, labels: np.ndarray, pairs: Sequence[tuple[int, int]], dx_m: float, dy_m: float,
    neighbours: int = 8, steps: Optional[Steps] = None,
) -> np.ndarray:
    """Cumulative current (A) of the node pairs (0-based ids; ``labels`` holds ids 1..n), 1 A between each pair.

    Every node's cells are short-circuited into one circuit node (Circuitscape's focal regions), so all pairs share
    one network: its Laplacian, grounded at one node per connected part, is factorised once (``splu``) and each pair
    costs two triangular solves (potentials are defined up to a constant, so any grounding gives the same currents).
    Pairs in different connected parts carry no current. Focal cells get the current injected or drawn there.
    """
    from scipy.sparse.linalg import splu

    steps = steps or Steps(None)
    res = np.asarray(resistance, dtype=float)
    h, w = res.shape
    _check_circuit_size(res.size, "map", "the area of the corridors")
    passable = np.isfinite(res).ravel()
    lab = np.asarray(labels).ravel()
    n_focal = int(lab.max()) if lab.size else 0
    node = np.full(h * w, -1, dtype=np.int64)
    free = passable & (lab <= 0)
    n_free = int(free.sum())
    node[free] = np.arange(n_free)
    focal = passable & (lab > 0)
    node[focal] = n_free + lab[focal] - 1
    m = n_free + n_focal
    na, nb, g = _resistors(res, node, dx_m, dy_m, neighbours)
    adjacency = coo_matrix((g, (na, nb)), shape=(m, m)).tocsr()
    adjacency = adjacency + adjacency.T
    n_part, part = connected_components(adjacency, directed=False)
    degree = np.asarray(adjacency.sum(axis=1)).ravel()
    laplacian = (coo_matrix((degree, (np.arange(m), np.arange(m))), shape=(m, m)) - adjacency).tocsc()
    edge_current = np.zeros(g.size)  # Σ over pairs of |I| through each resistor
    node_current = np.zeros(m)
    by_part: dict[int, list[tuple[int, int]]] = {}
    for i, j in pairs:
        a, b = n_free + int(i), n_free + int(j)
        if part[a] == part[b] and a != b:
            by_part.setdefault(int(part[a]), []).append((a, b))
    done = 0
    for pid, todo in by_part.items():
        members = np.flatnonzero(part == pid)
        rest = members[1:]  # members[0] is grounded at 0 V
        local = np.full(m, rest.size, dtype=np.int64)  # the ground (and other parts) → an appended 0 V row
        local[rest] = np.arange(rest.size)
        lu = splu(laplacian[rest][:, rest].tocsc(), permc_spec="MMD_AT_PLUS_A", options={"SymmetricMode": True})
        edges = np.flatnonzero(part[na] == pid)
        la, lb, ge = local[na[edges]], local[nb[edges]], g[edges]
        for c0 in range(0, len(todo), PAIRS_PER_SOLVE):
            steps.progress(done / max(len(pairs), 1))
            chunk = todo[c0 : c0 + PAIRS_PER_SOLVE]
            rhs = np.zeros((rest.size, len(chunk)))
            for col, (a, b) in enumerate(chunk):
                if local[a] < rest.size:
                    rhs[local[a], col] += 1.0
                if local[b] < rest.size:
                    rhs[local[b], col] -= 1.0
                node_current[a] += 0.5  # the injected and drawn ampere
                node_current[b] += 0.5
            v = np.vstack([lu.solve(rhs), np.zeros((1, len(chunk)))])
            edge_current[edges] += ge * np.abs(v[la] - v[lb]).sum(axis=1)
            done += len(chunk)
    node_current += 0.5 * (np.bincount(na, weights=edge_current, minlength=m)
                           + np.bincount(nb, weights=edge_current, minlength=m))
    steps.progress(1.0)
    out = np.full(h * w, np.nan)
    out[passable] = node_current[node[passable]]
    return out.reshape(h, w)


def _resistors(res: np.ndarray, node: np.ndarray, dx_m: float, dy_m: float, neighbours: int):
    """Resistors between neighbouring passable cells as (node a, node b, conductance), those inside a node dropped."""
    h, w = res.shape
    flat_res = res.ravel()
    idx = np.arange(h * w).reshape(h, w)
    ea, eb, cond = [], [], []
    for dr, dc in _offsets(neighbours):
        ra, rb = slice(0, h - dr), slice(dr, h)
        ca, cb = (slice(0, w - dc), slice(dc, w)) if dc >= 0 else (slice(-dc, w), slice(0, w + dc))
        a, b = idx[ra, ca].ravel(), idx[rb, cb].ravel()
        ok = (node[a] >= 0) & (node[b] >= 0)
        a, b = a[ok], b[ok]
        length = math.hypot(dr * dy_m, dc * dx_m)
        ea.append(node[a])
        eb.append(node[b])
        cond.append(1.0 / (length * 0.5 * (flat_res[a] + flat_res[b])))
    na, nb, g = np.concatenate(ea), np.concatenate(eb), np.concatenate(cond)
    keep = na != nb
    return na[keep], nb[keep], g[keep]


__all__ = ["Corridor", "CurrentResult", "least_cost_corridors", "current_flow", "pairwise_current"]

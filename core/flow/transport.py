"""Capacity-consistent attribution: entropic partial optimal transport on the pairs in reach.

Sources i (cells or patches, supply S_i > 0, t C/yr) and demand units j (D_j > 0, t C/yr) are joined
by the pairs in reach (d_ij ≤ d_max). The attributed flows F_ij solve

    min Σ_ij F_ij (ln(F_ij / K_ij) − 1)    with K_ij = S_i · D_j · f(d_ij)
    s.t. Σ_j F_ij ≤ S_i,  Σ_i F_ij ≤ D_j,  Σ_ij F_ij = M*

where M* is the largest amount the reach graph can carry with every source and unit capped (a
maximum flow on the bipartite graph s → i → j → t). The solution has the form
F_ij = K_ij exp(α_i + β_j + γ) with α_i ≤ 0 (< 0 only where the source sends all its supply),
β_j ≤ 0 (< 0 only where the unit is saturated): a doubly constrained gravity model with inequality
margins. Limits:

- demand ample (every source can send all its supply): every α_i is active, β = 0 and
  F_ij = S_i D_j f(d_ij) / Σ_k D_k f(d_ik), the production-constrained gravity model;
- f ≡ 1, demand ample and every unit in reach: F_ij = S_i D_j / Σ_k D_k, the aspatial (SPANs) rule.

The brief's kernel is D_j f(d_ij); the source factor S_i changes nothing for a source that sends all
its supply (α_i absorbs any row factor) and makes a source with supply left over send in proportion
to its supply. That is what makes the allocation from cells exact under grouping: cells with the
same pairs and distances get the same α and may be merged (their kernels add up).

Shortcut: when the gravity flows (every source sends all its supply) leave every unit within its
demand, they are the solution (all supply is deliverable, β = 0 meets every margin) and no max-flow
or iteration is run.

Solver: block coordinate ascent on the dual (= Dykstra's Bregman projections, Benamou et al. 2015)
in log-potentials with the kernel kept in linear space and the potentials absorbed into it whenever
they leave [−30, 30] (stabilised scaling), over the sparse pairs (CSR matrix-vector products, no
dense matrix). At exactly M* some pairs carry no flow in *every* maximum flow (a source whose units
can all be served by others); their F_ij is forced to 0 while K_ij > 0, which would make the duals
diverge and the iteration crawl. Those pairs are found exactly from one maximum flow: in its
residual graph, a pair (i, j) can carry flow in some maximum flow iff i and j lie in one strongly
connected component. They are dropped; on the remaining pairs the dual optimum is finite and the
iteration converges linearly.

M* comes from ``scipy.sparse.csgraph.maximum_flow`` (integer capacities, scaled so the total fits
int32) and is then recomputed in floating point as the value of the minimum cut that flow exhibits
(Σ S_i of the sources cut from s + Σ D_j of the units on the source side). A converged solve is a
feasible flow of that value, which certifies M* exactly (no flow exceeds a cut); the test suite also
checks it against ``scipy.optimize.linprog`` (HiGHS). Convergence: the largest relative violation
of a margin (or of complementary slackness: α_i < 0 with a margin not met) below ``tolerance``;
after it, rows then columns are scaled down where they exceed their margin by rounding, so
Σ_j F_ij ≤ S_i and Σ_i F_ij ≤ D_j hold to machine precision.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import connected_components, maximum_flow

INT32_MAX = 2**31 - 1
ABSORB = 30.0  # potentials are absorbed into the kernel when |log scaling| exceeds this
DEFAULT_TOLERANCE = 1e-9
DEFAULT_MAX_ITERATIONS = 20000
QUASI_NEWTON_AFTER = 50  # sweeps after which a slow solve switches to one L-BFGS-B jump
DUAL_START_MAX = 50_000  # largest inequality side started by L-BFGS-B (its own cost grows with the variables)


@dataclass
class TransportReport:
    """How the capped allocation was solved."""

    max_deliverable_tC_yr: float  # M*, the largest flow with every source and unit capped
    attributed_tC_yr: float  # Σ F after the final clipping
    iterations: int
    error: float  # largest relative margin (or complementary-slackness) violation at the end
    converged: bool
    tolerance: float
    pairs_in_reach: int
    pairs_used: int  # pairs that can carry flow in some maximum flow


@dataclass
class MaxFlow:
    """The maximum deliverable amount and the pairs that can carry flow in a maximum flow."""

    value: float
    usable: np.ndarray  # bool per pair
    flow: np.ndarray  # one maximum flow per pair (t C/yr, from the integer solution)
    demand_limited: np.ndarray  # bool per source: on the source side of the minimum cut (its units are full)


def max_deliverable(supply: np.ndarray, demand: np.ndarray, src: np.ndarray, unit: np.ndarray) -> MaxFlow:
    """M* = max Σ F_ij subject to Σ_j F_ij ≤ S_i, Σ_i F_ij ≤ D_j on the given (unique) pairs (max-flow / min-cut)."""
    supply = np.asarray(supply, dtype=np.float64)
    demand = np.asarray(demand, dtype=np.float64)
    n_s, n_u = supply.size, demand.size
    if src.size == 0:
        return MaxFlow(0.0, np.zeros(0, bool), np.zeros(0), np.zeros(supply.size, bool))
    used_s0 = np.bincount(src, minlength=n_s) > 0
    used_u0 = np.bincount(unit, minlength=n_u) > 0
    scale = 0.999 * INT32_MAX / max(min(supply[used_s0].sum(), demand[used_u0].sum()), 1e-300)
    cap_s = np.clip(np.rint(supply * scale), 1, INT32_MAX).astype(np.int64)
    cap_d = np.clip(np.rint(demand * scale), 1, INT32_MAX).astype(np.int64)
    s, t = 0, n_s + n_u + 1
    n = n_s + n_u + 2
    rows = np.concatenate([np.zeros(n_s, np.int64), 1 + src, 1 + n_s + np.arange(n_u)])
    cols = np.concatenate([1 + np.arange(n_s), 1 + n_s + unit, np.full(n_u, t)])
    caps = np.concatenate([cap_s, np.full(src.size, INT32_MAX, np.int64), cap_d])
    graph = csr_matrix((caps.astype(np.int32), (rows, cols)), shape=(n, n))  # pairs are unique: no duplicates
    res = maximum_flow(graph, s, t)
    flow_edge = _edge_flows(res.flow.tocsr(), n_s, n_u, src, unit)
    cap_edge = caps
    # residual graph: forward arcs with spare capacity, backward arcs with positive flow
    fwd = flow_edge < cap_edge
    bwd = flow_edge > 0
    r_rows = np.concatenate([rows[fwd], cols[bwd]])
    r_cols = np.concatenate([cols[fwd], rows[bwd]])
    residual = csr_matrix((np.ones(r_rows.size, np.int8), (r_rows, r_cols)), shape=(n, n))
    _, label = connected_components(residual, directed=True, connection="strong")
    usable = label[1 + src] == label[1 + n_s + unit]
    # minimum cut: the nodes reachable from s in the residual graph
    from scipy.sparse.csgraph import breadth_first_order

    reach = np.zeros(n, bool)
    reach[breadth_first_order(residual, s, directed=True, return_predecessors=False)] = True
    used_s = np.zeros(n_s, bool)
    used_s[src] = True
    used_u = np.zeros(n_u, bool)
    used_u[unit] = True
    value = float(supply[used_s & ~reach[1 : 1 + n_s]].sum() + demand[used_u & reach[1 + n_s : 1 + n_s + n_u]].sum())
    pair_flow = flow_edge[n_s : n_s + src.size] / scale
    return MaxFlow(value, usable, pair_flow, reach[1 : 1 + n_s].copy())


def _edge_flows(fl: csr_matrix, n_s: int, n_u: int, src: np.ndarray, unit: np.ndarray) -> np.ndarray:
    """Flows on the edges s → i, i → j (pairs) and j → t, in that order, read from the max-flow's flow matrix."""
    t = n_s + n_u + 1
    row_of = np.repeat(np.arange(fl.shape[0]), np.diff(fl.indptr))
    out_s = np.zeros(n_s, np.int64)
    first = fl.indptr[0], fl.indptr[1]
    cols0 = fl.indices[first[0] : first[1]]
    ok = (cols0 >= 1) & (cols0 <= n_s)
    np.add.at(out_s, cols0[ok] - 1, fl.data[first[0] : first[1]][ok])
    into_t = (fl.indices == t) & (row_of > n_s) & (row_of <= n_s + n_u)
    out_t = np.zeros(n_u, np.int64)
    np.add.at(out_t, row_of[into_t] - 1 - n_s, fl.data[into_t])
    pos = (fl.data > 0) & (row_of >= 1) & (row_of <= n_s) & (fl.indices > n_s) & (fl.indices <= n_s + n_u)
    pair_flow = np.zeros(src.size, np.int64)
    if pos.any():
        key = src.astype(np.int64) * n_u + unit
        order = np.arange(key.size) if np.all(key[1:] >= key[:-1]) else np.argsort(key, kind="stable")
        want = (row_of[pos] - 1).astype(np.int64) * n_u + (fl.indices[pos] - 1 - n_s)
        at = np.minimum(np.searchsorted(key[order], want), key.size - 1)
        hit = key[order][at] == want
        pair_flow[order[at[hit]]] = fl.data[pos][hit]
    return np.concatenate([out_s, pair_flow, out_t])


def semi_relaxed_transport(
    log_kernel: np.ndarray,
    eq: np.ndarray,
    ineq: np.ndarray,
    eq_margin: np.ndarray,
    ineq_margin: np.ndarray,
    tolerance: float = DEFAULT_TOLERANCE,
    max_iterations: int = DEFAULT_MAX_ITERATIONS,
) -> tuple[np.ndarray, int, float, bool]:
    """KL projection of a sparse kernel onto {Σ over each eq node = eq_margin, Σ over each ineq node ≤ ineq_margin}.

    Pairs are (eq[k], ineq[k]); every node listed must have a positive margin and the set must have a
    point positive on every pair (guaranteed after :func:`max_deliverable` drops the forced zeros).
    Returns the flow per pair, the iterations, the final relative violation and whether it converged.
    """
    if eq.size == 0:
        return np.zeros(0), 0, 0.0, True
    n_e, n_i = eq_margin.size, ineq_margin.size
    order = np.arange(eq.size) if np.all(eq[1:] >= eq[:-1]) else np.argsort(eq, kind="stable")
    inv = np.empty_like(order)
    inv[order] = np.arange(order.size)
    e_k, i_k, lk = eq[order], ineq[order], log_kernel[order]
    indptr = np.r_[0, np.cumsum(np.bincount(e_k, minlength=n_e))]
    log_e = np.log(np.where(eq_margin > 0, eq_margin, 1.0))
    log_i = np.log(np.where(ineq_margin > 0, ineq_margin, 1.0))
    a = np.zeros(n_e)  # free potentials of the equality side: start at −(largest ln K of the node), so no
    # node's kernel underflows however steep the decay
    starts = indptr[:-1][np.diff(indptr) > 0]
    b = np.zeros(n_i)  # potentials ≤ 0 of the inequality side
    a[e_k[starts]] = -np.maximum.reduceat(lk, starts)
    a0, b0 = a.copy(), b.copy()

    def kernel() -> csr_matrix:
        return csr_matrix((np.exp(lk + a0[e_k] + b0[i_k]), i_k, indptr), shape=(n_e, n_i))

    k = kernel()
    kt = k.T.tocsr()
    err = math.inf
    it = 0
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        for it in range(1, max_iterations + 1):
            eb = np.exp(b - b0)
            rows = k @ eb
            a = np.where(rows > 0, a0 + log_e - np.log(rows), a)
            ea = np.exp(a - a0)
            cols = eb * (kt @ ea)
            err = _violation(cols, ineq_margin, b)
            if err <= tolerance:
                break
            b = np.where(cols > 0, np.minimum(0.0, b + log_i - np.log(cols)), b)
            if it == QUASI_NEWTON_AFTER and n_i <= DUAL_START_MAX:
                # slow contraction (many sources competing for few full units, typical of cells): jump with
                # L-BFGS-B on the inequality side's potentials, then let the sweeps polish the last digits
                b = _dual_start(lk, e_k, i_k, indptr, eq_margin, ineq_margin, b)
                a[e_k[starts]] = -np.maximum.reduceat(lk + b[i_k], starts)
                a0, b0 = a.copy() + 1e300, b  # force the absorption below
            if max(np.abs(a - a0).max(), np.abs(b - b0).max()) > ABSORB:
                a0, b0 = a.copy(), b.copy()
                k = kernel()
                kt = k.T.tocsr()
    flow = np.exp(lk + a[e_k] + b[i_k])
    flow = np.where(np.isfinite(flow), flow, 0.0)
    # clip the rounding: the equality side, then the inequality side (which only shrinks the first further)
    sent = np.bincount(e_k, weights=flow, minlength=n_e)
    flow *= np.minimum(1.0, np.divide(eq_margin, sent, out=np.ones(n_e), where=sent > 0))[e_k]
    got = np.bincount(i_k, weights=flow, minlength=n_i)
    flow *= np.minimum(1.0, np.divide(ineq_margin, got, out=np.ones(n_i), where=got > 0))[i_k]
    return flow[inv], it, float(err), bool(err <= tolerance)


def _compact(index: np.ndarray, values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Renumber ``index`` 0..k−1 over the distinct entries it uses, and the matching ``values``."""
    used = np.bincount(index, minlength=values.size) > 0
    new = np.cumsum(used) - 1
    return new[index], values[used]


def _gravity(log_k: np.ndarray, src: np.ndarray, supply: np.ndarray) -> np.ndarray:
    """S_i K_ij / Σ_k K_ik per pair (log-stabilised per source): every source sends all its supply."""
    if src.size == 0:
        return np.zeros(0)
    order = np.arange(src.size) if np.all(src[1:] >= src[:-1]) else np.argsort(src, kind="stable")
    s_o, lk = src[order], log_k[order]
    starts = np.flatnonzero(np.r_[True, s_o[1:] != s_o[:-1]])
    counts = np.diff(np.r_[starts, s_o.size])
    w = np.exp(lk - np.repeat(np.maximum.reduceat(lk, starts), counts))
    out = np.empty(src.size)
    out[order] = supply[s_o] * w / np.repeat(np.add.reduceat(w, starts), counts)
    return out


def _dual_start(lk, e_k, i_k, indptr, eq_margin, ineq_margin, b0: np.ndarray, max_iterations: int = 300) -> np.ndarray:
    """Inequality-side potentials from L-BFGS-B on the dual with the equality side eliminated.

    h(b) = Σ_j b_j m_j − Σ_i M_i ln Σ_j K_ij e^(b_j), maximised over b ≤ 0 (concave; its gradient is
    m_j − Σ_i F_ij(b)). Sinkhorn sweeps alone contract slowly when many sources compete for a few full
    units (typical of cells); started here they only polish the last digits.
    """
    from scipy.optimize import Bounds, minimize

    n_i = ineq_margin.size
    counts = np.diff(indptr)
    has = counts > 0
    starts, cnt, m_eq = indptr[:-1][has], counts[has], eq_margin[has]
    scale = float(ineq_margin[np.bincount(i_k, minlength=n_i) > 0].sum()) or 1.0

    def fun(b):
        x = lk + b[i_k]
        top = np.maximum.reduceat(x, starts)
        w = np.exp(x - np.repeat(top, cnt))
        z = np.add.reduceat(w, starts)
        value = float(b @ ineq_margin - m_eq @ (top + np.log(z)))
        col = np.bincount(i_k, weights=w * np.repeat(m_eq / z, cnt), minlength=n_i)
        return -value / scale, -(ineq_margin - col) / scale

    res = minimize(fun, b0, jac=True, method="L-BFGS-B", bounds=Bounds(np.full(n_i, -np.inf), np.zeros(n_i)),
                   options={"maxiter": max_iterations, "maxfun": 2 * max_iterations, "ftol": 1e-14, "gtol": 1e-11, "maxcor": 10})
    b = np.minimum(res.x, 0.0)
    return np.where(np.isfinite(b), b, 0.0)


def _violation(sums: np.ndarray, cap: np.ndarray, potential: np.ndarray) -> float:
    """Largest relative excess over a margin, or shortfall where the margin is active (potential < 0)."""
    has = cap > 0
    rel = np.zeros(sums.size)
    rel[has] = (sums[has] - cap[has]) / cap[has]
    over = np.maximum(rel, 0.0)
    active = np.where(potential < 0, np.abs(rel), 0.0)
    return float(max(over.max(initial=0.0), active.max(initial=0.0)))


def capped_transport(
    supply: np.ndarray,
    demand: np.ndarray,
    src: np.ndarray,
    unit: np.ndarray,
    log_decay: np.ndarray,
    tolerance: float = DEFAULT_TOLERANCE,
    max_iterations: int = DEFAULT_MAX_ITERATIONS,
) -> tuple[np.ndarray, TransportReport]:
    """Capped attribution on pairs in reach (S_i > 0 and D_j > 0 on every pair): flow per pair and report.

    ``log_decay`` is ln f(d_ij) per pair. After the forced zeros are dropped the pairs split along the
    minimum cut into two independent blocks: sources off the source side send all their supply
    (rows are equalities, units ≤ demand), sources on it share units that are all filled (columns
    are equalities, sources ≤ supply). The total M* is implied, so each block is a semi-relaxed
    problem with no total constraint (:func:`semi_relaxed_transport`).
    """
    supply = np.asarray(supply, dtype=np.float64)
    demand = np.asarray(demand, dtype=np.float64)
    # only the sources and units with a pair take part: number them compactly (cells without a unit in reach
    # can be most of a map)
    src, supply = _compact(src, supply)
    unit, demand = _compact(unit, demand)
    # one sort by (source, unit): every later step (gravity, the flow graph, the first block) reads pairs in order
    key = src.astype(np.int64) * max(demand.size, 1) + unit
    perm = None if np.all(key[1:] >= key[:-1]) else np.argsort(key, kind="stable")
    if perm is not None:
        src, unit, log_decay = src[perm], unit[perm], np.asarray(log_decay)[perm]
    flow, report = _capped_sorted(supply, demand, src, unit, log_decay, tolerance, max_iterations)
    if perm is not None:
        out = np.empty_like(flow)
        out[perm] = flow
        flow = out
    return flow, report


def _capped_sorted(supply, demand, src, unit, log_decay, tolerance, max_iterations):
    """:func:`capped_transport` on compact, (source, unit)-sorted pairs."""
    log_k = np.log(supply[src]) + np.log(demand[unit]) + log_decay
    gravity = _gravity(log_k, src, supply)
    if np.all(np.bincount(unit, weights=gravity, minlength=demand.size) <= demand):
        # no unit would be over its demand: every source sends all its supply (the largest possible total) and
        # β = 0 satisfies every margin, so the gravity flows are the projection itself
        total = float(gravity.sum())
        return gravity, TransportReport(total, total, 0, 0.0, True, tolerance, int(src.size), int(src.size))
    mf = max_deliverable(supply, demand, src, unit)
    flow = np.zeros(src.size)
    iterations, error, ok = 0, 0.0, True
    side = mf.demand_limited[src]
    for supply_limited in (True, False):
        sel = mf.usable & (side != supply_limited)
        if not sel.any():
            continue
        if supply_limited:
            f, it, err, conv = semi_relaxed_transport(log_k[sel], src[sel], unit[sel], supply, demand, tolerance, max_iterations)
        else:
            f, it, err, conv = semi_relaxed_transport(log_k[sel], unit[sel], src[sel], demand, supply, tolerance, max_iterations)
        flow[sel] = f
        iterations, error, ok = max(iterations, it), max(error, err), ok and conv
    report = TransportReport(mf.value, float(flow.sum()), iterations, error, ok, tolerance, int(src.size), int(mf.usable.sum()))
    return flow, report

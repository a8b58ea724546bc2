"""Least-cost routes and the flow-through raster: hand cases, networkx as a second implementation, the engine."""

from __future__ import annotations

import math
import sys
from pathlib import Path

import networkx as nx
import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).parent))  # the small-raster helpers of test_flow
from test_flow import RATES, RESISTANCE, at, landscape, units_at  # noqa: E402

from bluecarbon.core.errors import InputError
from bluecarbon.core.feedback import Steps
from bluecarbon.core.flow import DistanceDecay, FlowOptions, assess_flow, parse_resistance
from bluecarbon.core.flow import leastcost
from bluecarbon.core.flow.leastcost import CostSurface, least_cost_pairs
from bluecarbon.core.flow.routes import Routes, flow_through_rows, flow_through_strips, least_cost_routes
from bluecarbon.core.parallel import Parallelism
from bluecarbon.core.parameters import parse_parameters
from bluecarbon.core.sink import SinkOptions

INF = np.inf


def surface_of(res: np.ndarray, patch: np.ndarray, dx: float = 10.0, dy: float = 10.0) -> CostSurface:
    h, w = res.shape
    return CostSurface(h, w, dx, dy, lambda r0, r1, c0, c1: res[r0:r1, c0:c1],
                       lambda r0, r1, c0, c1: patch[r0:r1, c0:c1], float(res[np.isfinite(res)].min()))


def cells_of(routes: Routes, k: int) -> list[tuple[int, int]]:
    r, c = routes.route_cells(k)
    return list(zip(r.tolist(), c.tolist()))


def test_a_barrier_forces_the_route_around_it() -> None:
    """A U-shaped corridor: the only way from the unit (0, 0) to the patch (0, 2) is down and round the barrier.

        U X P        U unit, P patch cell, X impassable; (2, 1) has resistance 3, the rest 1.
        . X .        Cheapest chain: (0,2) → (1,2) → (2,1) → (1,0) → (0,0) (two diagonals through (2, 1)).
        . 3 .
    """
    res = np.array([[1, INF, 1], [1, INF, 1], [1, 3, 1]], dtype=float)
    patch = np.full((3, 3), -1)
    patch[0, 2] = 0
    routes = least_cost_routes(surface_of(res, patch), np.array([0]), np.array([0]), 1000.0,
                               np.array([0]), np.array([0]), np.array([4.0]), Steps(None))
    assert routes.size == 1
    assert cells_of(routes, 0) == [(0, 2), (1, 2), (2, 1), (1, 0), (0, 0)]
    d = 10 * math.sqrt(2)
    assert routes.length_m[0] == pytest.approx(10 + d + d + 10, rel=1e-12)
    assert routes.cost[0] == pytest.approx(10 * 1 + d * 2 + d * 2 + 10 * 1, rel=1e-12)  # mean resistances 1, 2, 2, 1
    assert routes.flow.tolist() == [4.0]
    pairs, _ = least_cost_pairs(surface_of(res, patch), np.array([0]), np.array([0]), 1000.0, Steps(None))
    assert pairs.distance.tolist() == [routes.cost[0]]  # the same search: the same bits


def test_a_unit_on_a_barrier_enters_at_the_nearest_passable_cell() -> None:
    res = np.array([[INF, 1, 1, 1]], dtype=float)
    patch = np.array([[-1, -1, -1, 0]])
    routes = least_cost_routes(surface_of(res, patch), np.array([0]), np.array([0]), 1000.0,
                               np.array([0]), np.array([0]), np.array([1.0]), Steps(None))
    assert cells_of(routes, 0) == [(0, 3), (0, 2), (0, 1), (0, 0)]
    assert routes.cost[0] == pytest.approx(20.0 + 10.0 * 1)  # two steps, then the gap at the entry cell's resistance
    assert routes.length_m[0] == pytest.approx(30.0)


def graph_of(res: np.ndarray, dx: float, dy: float) -> nx.Graph:
    """8-neighbour grid graph: step length × mean resistance of the two cells; impassable cells left out."""
    g = nx.Graph()
    h, w = res.shape
    for r in range(h):
        for c in range(w):
            if not np.isfinite(res[r, c]):
                continue
            g.add_node((r, c))
            for dr, dc in ((0, 1), (1, -1), (1, 0), (1, 1)):
                rr, cc = r + dr, c + dc
                if 0 <= rr < h and 0 <= cc < w and np.isfinite(res[rr, cc]):
                    g.add_edge((r, c), (rr, cc), weight=math.hypot(dr * dy, dc * dx) * (res[r, c] + res[rr, cc]) / 2)
    return g


@pytest.mark.parametrize("seed", range(4))
def test_route_costs_equal_networkx(seed: int) -> None:
    """Random resistances: every route is a chain of neighbours inside its patch's reach whose edge weights add
    up to its cost, and that cost is networkx's shortest path length from the unit to the patch."""
    rng = np.random.default_rng(seed)
    h, w = 16, 19
    dx, dy = (10.0, 10.0) if seed % 2 else (30.0, 20.0)
    res = rng.choice([1.0, 2.0, 4.0, INF], size=(h, w), p=[0.45, 0.3, 0.15, 0.1])
    patch = np.where(rng.random((h, w)) < 0.15, rng.integers(0, 5, (h, w)), -1)
    patch[~np.isfinite(res)] = -1
    n_u = 6
    ur, uc = rng.integers(0, h, n_u), rng.integers(0, w, n_u)
    ok = np.isfinite(res[ur, uc])
    ur, uc = ur[ok], uc[ok]
    d_max = 250.0
    surface = surface_of(res, patch, dx, dy)
    pairs, _ = least_cost_pairs(surface, ur, uc, d_max, Steps(None))
    flow = rng.random(pairs.size)
    shuffle = rng.permutation(pairs.size)  # links in another order than the searches: routes follow the links
    routes = least_cost_routes(surface, ur, uc, d_max, pairs.patch[shuffle], pairs.unit[shuffle], flow[shuffle],
                               Steps(None))
    assert routes.size == pairs.size > 5
    assert np.array_equal(routes.patch, pairs.patch[shuffle]) and np.array_equal(routes.unit, pairs.unit[shuffle])
    assert np.array_equal(routes.cost, pairs.distance[shuffle]) and np.array_equal(routes.flow, flow[shuffle])
    g = graph_of(res, dx, dy)
    for k in range(routes.size):
        chain = cells_of(routes, k)
        j, p = int(routes.unit[k]), int(routes.patch[k])
        assert patch[chain[0]] == p and chain[-1] == (int(ur[j]), int(uc[j]))
        along = sum(g.edges[a, b]["weight"] for a, b in zip(chain[:-1], chain[1:]))  # KeyError if not neighbours
        assert along == pytest.approx(routes.cost[k], rel=1e-12)
        lengths = nx.single_source_dijkstra_path_length(g, (int(ur[j]), int(uc[j])))
        best = min(v for node, v in lengths.items() if patch[node] == p)
        assert routes.cost[k] == pytest.approx(best, rel=1e-12)
        assert routes.length_m[k] == pytest.approx(
            sum(math.hypot((b[0] - a[0]) * dy, (b[1] - a[1]) * dx) for a, b in zip(chain[:-1], chain[1:])), rel=1e-12)


def test_two_routes_sharing_cells_carry_the_sum() -> None:
    """A one-row corridor: patch 0 at column 0, patch 1 at column 2, the unit at column 6.

    Route 0 covers columns 0-6 (3 t C/yr), route 1 columns 2-6 (5 t C/yr): columns 0 and 1 carry 3, the shared
    columns 2-6 carry 8; row 1 (impassable) carries nothing.
    """
    res = np.array([[1.0] * 7, [INF] * 7])
    patch = np.full((2, 7), -1)
    patch[0, 0], patch[0, 2] = 0, 1
    routes = least_cost_routes(surface_of(res, patch), np.array([0]), np.array([6]), 1000.0,
                               np.array([0, 1]), np.array([0, 0]), np.array([3.0, 5.0]), Steps(None))
    assert [len(cells_of(routes, k)) for k in range(2)] == [7, 5]
    through = flow_through_rows(routes, 0, 2)
    assert through.tolist() == [[3, 3, 8, 8, 8, 8, 8], [0] * 7]
    strips = list(flow_through_strips(routes, 2, rows_per_strip=1))
    assert [r0 for r0, _ in strips] == [0, 1]
    assert np.array_equal(np.vstack([a for _, a in strips]), through.astype(np.float32))


def test_flow_is_conserved_along_routes() -> None:
    """Random routes: the flow-through raster sums to Σ_k F_k × (cells of route k): each cell of a route
    receives its flow once."""
    rng = np.random.default_rng(9)
    res = rng.choice([1.0, 3.0, INF], size=(25, 30), p=[0.6, 0.3, 0.1])
    patch = np.where((rng.random(res.shape) < 0.1) & np.isfinite(res), rng.integers(0, 7, res.shape), -1)
    ur, uc = rng.integers(0, 25, 8), rng.integers(0, 30, 8)
    surface = surface_of(res, patch)
    pairs, _ = least_cost_pairs(surface, ur, uc, 150.0, Steps(None))
    flow = rng.random(pairs.size)
    routes = least_cost_routes(surface, ur, uc, 150.0, pairs.patch, pairs.unit, flow, Steps(None))
    through = np.vstack([a for _, a in flow_through_strips(routes, 25, rows_per_strip=4)])
    assert float(through.astype(np.float64).sum()) == pytest.approx(float(np.sum(flow * np.diff(routes.start))), rel=1e-6)
    for k in range(routes.size):  # no route visits a cell twice
        assert len(set(cells_of(routes, k))) == len(cells_of(routes, k))


def test_routes_on_two_processes_equal_the_serial_ones(monkeypatch) -> None:
    monkeypatch.setattr(leastcost, "TILE_CELLS", 4)
    rng = np.random.default_rng(2)
    res = rng.choice([1.0, 2.0, INF], size=(40, 45), p=[0.6, 0.3, 0.1])
    patch = np.where(rng.random(res.shape) < 0.2, rng.integers(0, 9, res.shape), -1)
    ur, uc = rng.integers(0, 40, 20), rng.integers(0, 45, 20)
    surface = surface_of(res, patch)
    pairs, _ = least_cost_pairs(surface, ur, uc, 100.0, Steps(None))
    args = (surface, ur, uc, 100.0, pairs.patch, pairs.unit, np.ones(pairs.size), Steps(None))
    one = least_cost_routes(*args)
    two = least_cost_routes(*args, parallelism=Parallelism(workers=2))
    for name in ("patch", "unit", "flow", "cost", "length_m", "start", "cells"):
        assert np.array_equal(getattr(one, name), getattr(two, name))


# -- through the engine ----------------------------------------------------------------------------------------

def options(mode: str, routes: bool = True, threshold: float = 0.0, source: str = "patches") -> FlowOptions:
    return FlowOptions(DistanceDecay("exponential", scale_m=100.0), 400.0, mode,
                       parse_resistance(RESISTANCE) if mode == "least_cost" else None, SinkOptions(draws=0),
                       allocation="accessible_supply", source=source, link_threshold=threshold, routes=routes)


def test_engine_routes_follow_the_links(tmp_path: Path) -> None:
    """Mangrove (1) left, a creek (5, impassable) with one crossing, a village on the right: the route crosses
    at the gap; links start at the route's first cell; the route's cost is the link's distance (from patches)."""
    a = np.full((7, 12), 4, dtype=np.uint8)
    a[:, :3] = 1
    a[:, 6] = 5
    a[6, 6] = 4  # the only crossing, bottom row
    lc, scheme = landscape(tmp_path, a)
    units = units_at([(105.0, 5.0)], np.array([10.0]))  # cell (0, 10)
    result = assess_flow(lc, scheme, parse_parameters(RATES), units, options("least_cost"))
    result.close()
    routes = result.routes
    assert routes.size == 1 == result.links["patch_id"].size
    chain = cells_of(routes, 0)
    assert (6, 6) in chain and chain[-1] == (0, 10) and a[chain[0]] == 1
    assert routes.cost[0] == result.links["distance_m"][0]
    x0, y0 = at(chain[0][1] * 10 + 5, chain[0][0] * 10 + 5)
    assert (result.links["x0"][0], result.links["y0"][0]) == pytest.approx((x0, y0))
    assert routes.flow[0] == result.links["attributed_tC_yr"][0]


def test_engine_routes_only_for_links_above_the_threshold(tmp_path: Path) -> None:
    a = np.full((5, 20), 4, dtype=np.uint8)
    a[:, :2] = 1
    lc, scheme = landscape(tmp_path, a)
    units = units_at([(35.0, 25.0), (95.0, 25.0)], np.array([10.0, 10.0]))  # near and far
    result = assess_flow(lc, scheme, parse_parameters(RATES), units, options("least_cost", threshold=0.2))
    result.close()
    share = result.links["share"]
    assert (share < 0.2).any() and (share >= 0.2).any()
    assert result.routes.size == int((share >= 0.2).sum())


@pytest.mark.parametrize("source", ["patches", "cells"])
def test_straight_line_links_start_at_the_nearest_patch_cell(tmp_path: Path, source: str) -> None:
    """A 5 × 4 mangrove block (rows 0-4, columns 0-3); the unit at (95 m, 25 m) is nearest to cell (2, 3)."""
    a = np.full((5, 12), 4, dtype=np.uint8)
    a[:, :4] = 1
    lc, scheme = landscape(tmp_path, a)
    units = units_at([(95.0, 25.0), (15.0, 15.0)], np.array([10.0, 10.0]))  # outside; inside cell (1, 1)
    result = assess_flow(lc, scheme, parse_parameters(RATES), units, options("straight_line", routes=False,
                                                                             source=source))
    result.close()
    links = result.links
    by_unit = {int(u): (x, y) for u, x, y in zip(links["unit_id"], links["x0"], links["y0"])}
    assert by_unit[1] == pytest.approx(at(35.0, 25.0))  # cell (2, 3)'s centre: 60 m from the point
    assert by_unit[2] == pytest.approx(at(15.0, 15.0))  # the unit's own cell
    if source == "patches":  # from cells the link's distance is its cells' flow-weighted mean
        assert links["distance_m"][links["unit_id"] == 1][0] == pytest.approx(60.0)
    assert "attributed_tC_yr" in links and "flow_tC_yr" in links


def test_routes_in_straight_line_mode_are_refused() -> None:
    with pytest.raises(InputError, match="least-cost"):
        options("straight_line", routes=True)

"""Current flow against hand-solved resistor networks and networkx; least-cost corridors by hand."""

from __future__ import annotations

import math

import networkx as nx
import numpy as np
import pytest

from bluecarbon.core.errors import InputError
from bluecarbon.core.restoration.corridors import current_flow, least_cost_corridors, pairwise_current
from bluecarbon.core.restoration.nodes import array_nodes


def test_series_resistors() -> None:
    """1 × 3 cells of resistance 1, 2, 3 with 10 m cells: R01 = 10 · (1 + 2)/2 = 15, R12 = 10 · (2 + 3)/2 = 25,
    in series 40; the middle cell carries the whole 1 A; its voltage is 25 V."""
    res = np.array([[1.0, 2.0, 3.0]])
    src = np.array([[True, False, False]])
    gnd = np.array([[False, False, True]])
    out = current_flow(res, src, gnd, 10.0, 10.0)
    assert out.effective_resistance == pytest.approx(40.0)
    assert out.current[0, 1] == pytest.approx(1.0) and out.voltage[0, 1] == pytest.approx(25.0)


@pytest.mark.parametrize("neighbours", [4, 8])
def test_parallel_resistors(neighbours: int) -> None:
    """Rows of resistance 1 and 3 separated by an impassable row, source = left column, ground = right column
    (each short-circuited): three steps of 10 m give 30 and 90 in parallel: 1 / (1/30 + 1/90) = 22.5; the current
    splits 90/120 = 0.75 and 0.25."""
    res = np.array([[1.0] * 4, [np.inf] * 4, [3.0] * 4])
    src = np.zeros(res.shape, bool)
    src[:, 0] = True
    gnd = np.zeros(res.shape, bool)
    gnd[:, 3] = True
    out = current_flow(res, src, gnd, 10.0, 10.0, neighbours)
    assert out.effective_resistance == pytest.approx(22.5)
    assert out.current[0, 1:3] == pytest.approx([0.75, 0.75]) and out.current[2, 1:3] == pytest.approx([0.25, 0.25])
    assert np.isnan(out.current[1]).all()


def test_effective_resistance_equals_networkx_on_random_grids() -> None:
    rng = np.random.default_rng(5)
    for _ in range(3):
        res = rng.uniform(1, 10, (5, 6))
        res[rng.random(res.shape) < 0.15] = np.inf
        res[0, 0] = res[4, 5] = 1.0
        g = nx.Graph()
        h, w = res.shape
        for r in range(h):
            for c in range(w):
                for dr, dc in ((0, 1), (1, 0), (1, 1), (1, -1)):
                    r2, c2 = r + dr, c + dc
                    if 0 <= r2 < h and 0 <= c2 < w and np.isfinite(res[r, c]) and np.isfinite(res[r2, c2]):
                        g.add_edge((r, c), (r2, c2), weight=math.hypot(dr * 10, dc * 10) * (res[r, c] + res[r2, c2]) / 2)
        src = np.zeros(res.shape, bool)
        src[0, 0] = True
        gnd = np.zeros(res.shape, bool)
        gnd[4, 5] = True
        if not nx.has_path(g, (0, 0), (4, 5)):
            continue
        comp = g.subgraph(nx.node_connected_component(g, (0, 0)))
        expected = nx.resistance_distance(comp, (0, 0), (4, 5), weight="weight", invert_weight=True)
        assert current_flow(res, src, gnd, 10.0, 10.0).effective_resistance == pytest.approx(expected, rel=1e-9)


def test_disconnected_pair_is_an_error() -> None:
    res = np.array([[1.0, np.inf, 1.0]])
    with pytest.raises(InputError, match="not connected"):
        current_flow(res, np.array([[True, False, False]]), np.array([[False, False, True]]))


def test_least_cost_corridor_follows_the_cheap_channel() -> None:
    """Two 2×2 nodes 6 columns apart in a field of resistance 100 with a resistance-1 channel along row 3:
    the corridor leaves node A, runs along the channel and reaches B; its cost is the sum of its steps
    (length × mean resistance) and it is cheaper than the straight line through the field."""
    h, w = 8, 12
    res = np.full((h, w), 100.0)
    res[3, :] = 1.0
    mask = np.zeros((h, w), bool)
    mask[1:3, 1:3] = True
    mask[1:3, 9:11] = True
    labels_nodes = array_nodes(mask, np.full(h, 100.0), 0.96)
    res[mask] = 1.0

    def reader(r0, r1, c0, c1):
        out = np.full((r1 - r0, c1 - c0), np.inf)
        a0, a1, b0, b1 = max(r0, 0), min(r1, h), max(c0, 0), min(c1, w)
        out[a0 - r0:a1 - r0, b0 - c0:b1 - c0] = res[a0:a1, b0:b1]
        return out

    corridors, raster = least_cost_corridors(labels_nodes, [(0, 1)], reader, 1.0, 10.0, 10.0, 2000.0)
    (cor,) = corridors
    steps = list(zip(cor.rows, cor.cols))
    assert labels_nodes.window(0, h, 0, w)[steps[0]] == 1 and labels_nodes.window(0, h, 0, w)[steps[-1]] == 2
    cost = sum(math.hypot((r2 - r1) * 10, (c2 - c1) * 10) * (res[r1, c1] + res[r2, c2]) / 2
               for (r1, c1), (r2, c2) in zip(steps[:-1], steps[1:]))
    assert cor.cost == pytest.approx(cost)
    # via the channel: a diagonal step down, 5 steps along row 3, a diagonal step up, all of resistance 1
    assert cor.cost == pytest.approx(2 * 10 * math.sqrt(2) + 50)
    assert any(r == 3 for r, _ in steps)
    assert cor.length_m == pytest.approx(sum(math.hypot((r2 - r1) * 10, (c2 - c1) * 10)
                                             for (r1, c1), (r2, c2) in zip(steps[:-1], steps[1:])))
    # normalised corridor: 0 along the least-cost path, ≥ 0 elsewhere
    assert np.nanmin(raster) == pytest.approx(0.0)
    assert all(raster[r, c] == pytest.approx(0.0, abs=1e-6) for r, c in steps)
    assert (raster[np.isfinite(raster)] >= -1e-6).all()


def test_pairwise_current_sums_pairs() -> None:
    res = np.ones((3, 5))
    labels = np.zeros((3, 5), dtype=int)
    labels[:, 0] = 1
    labels[:, 4] = 2
    labels[1, 2] = 3
    one = current_flow(res, labels == 1, labels == 2)
    total = pairwise_current(res, labels, [(0, 1), (0, 1)], 1.0, 1.0)
    assert np.allclose(total, 2 * one.current)


def test_pairwise_current_equals_single_solves_and_adds_up() -> None:
    """With single-cell nodes, the pairwise map of one pair equals current_flow of that pair; two pairs add up;
    a pair on either side of a barrier carries nothing."""
    rng = np.random.default_rng(8)
    res = rng.uniform(1, 5, (6, 7))
    res[:, 5] = np.inf
    labels = np.zeros(res.shape, dtype=int)
    labels[0, 0], labels[5, 4], labels[2, 3], labels[3, 6] = 1, 2, 3, 4
    one = current_flow(res, labels == 1, labels == 2, 10.0, 10.0)
    two = current_flow(res, labels == 1, labels == 3, 10.0, 10.0)
    got = pairwise_current(res, labels, [(0, 1)], 10.0, 10.0)
    assert np.allclose(got, one.current, equal_nan=True)
    got = pairwise_current(res, labels, [(0, 1), (0, 2), (0, 3)], 10.0, 10.0)
    assert np.allclose(got, one.current + two.current, equal_nan=True)

"""Least-cost searches on worker processes give the serial run's pairs bit for bit; failures and cancellation."""

from __future__ import annotations

import numpy as np
import pytest

from bluecarbon.core.errors import Cancelled
from bluecarbon.core.feedback import Steps
from bluecarbon.core.flow import leastcost
from bluecarbon.core.flow.leastcost import CostSurface, least_cost_pairs, plan_tiles
from bluecarbon.core.parallel import Parallelism, StripFailed


def random_surface(seed: int, h: int = 60, w: int = 70) -> CostSurface:
    rng = np.random.default_rng(seed)
    res = rng.choice([1.0, 2.0, 5.0, np.inf], size=(h, w), p=[0.5, 0.25, 0.15, 0.1])
    patch = np.where(rng.random((h, w)) < 0.2, rng.integers(0, 9, (h, w)), -1)
    return CostSurface(h, w, 10.0, 10.0, lambda r0, r1, c0, c1: res[r0:r1, c0:c1],
                       lambda r0, r1, c0, c1: patch[r0:r1, c0:c1], 1.0)


@pytest.mark.parametrize("per_cell, backend", [(False, "auto"), (True, "auto"), (False, "threads")])
def test_two_processes_equal_the_serial_run(per_cell: bool, backend: str, monkeypatch) -> None:
    """30 units in tiles of 4 cells: many tasks; workers=2 forces the process pool on this small raster."""
    monkeypatch.setattr(leastcost, "TILE_CELLS", 4)
    surface = random_surface(3)
    rng = np.random.default_rng(4)
    ur, uc = rng.integers(0, 60, 30), rng.integers(0, 70, 30)
    tasks, _ = plan_tiles(surface, ur, uc, 120.0, per_cell)
    assert len(tasks) >= 4  # several tasks, so the pool really splits the work
    assert Parallelism(workers=2).resolve(60 * 70, len(tasks)) == ("processes", 2)
    serial, out_s = least_cost_pairs(surface, ur, uc, 120.0, Steps(None), per_cell=per_cell)
    pooled, out_p = least_cost_pairs(surface, ur, uc, 120.0, Steps(None), per_cell=per_cell,
                                     parallelism=Parallelism(workers=2, backend=backend))
    assert serial.size > 100
    assert np.array_equal(out_s, out_p)
    for name in ("patch", "unit", "distance"):
        assert np.array_equal(getattr(serial, name), getattr(pooled, name))


def test_surface_files_hold_the_serial_windows(tmp_path) -> None:
    surface = random_surface(5, 33, 21)
    files = leastcost.write_surface_files(surface, str(tmp_path), rows_per_strip=7)
    assert np.array_equal(files.resistance_window(3, 30, 2, 19), surface.resistance_window(3, 30, 2, 19))
    assert np.array_equal(files.patch_window(0, 33, 0, 21), surface.patch_window(0, 33, 0, 21))


def test_a_failing_worker_names_the_rows() -> None:
    """A task whose unit lies outside its window fails in the worker: the error names the rows and the file."""
    surface = random_surface(1, 20, 20)
    good, _ = plan_tiles(surface, np.array([2]), np.array([3]), 30.0)
    bad = leastcost.TileTask(np.array([1]), np.array([500]), np.array([3]), (5, 12, 0, 20), 30.0)
    with pytest.raises(StripFailed, match=r"least-cost search failed on rows 5-11 of 'lc.tif': IndexError"):
        leastcost.run_tiles(leastcost.search_tile, surface, [*good, bad], Steps(None), Parallelism(workers=2),
                            path="lc.tif")


class CancelAtOnce:
    def isCanceled(self) -> bool:  # noqa: N802 - QgsProcessingFeedback's name
        return True

    def setProgress(self, value: float) -> None:  # noqa: N802
        pass

    def pushInfo(self, text: str) -> None:  # noqa: N802
        pass


def test_cancelling_stops_the_workers_and_leaves_no_files(tmp_path) -> None:
    surface = random_surface(2)
    rng = np.random.default_rng(0)
    ur, uc = rng.integers(0, 60, 10), rng.integers(0, 70, 10)
    with pytest.raises(Cancelled):
        least_cost_pairs(surface, ur, uc, 120.0, Steps(CancelAtOnce()),
                         parallelism=Parallelism(workers=2, scratch_dir=str(tmp_path)))
    assert list(tmp_path.iterdir()) == []  # the surface files are removed


def test_dask_local_cluster_equals_the_serial_run(tmp_path, monkeypatch) -> None:
    """The surface scattered to a LocalCluster of 2 worker processes: the same pairs; the files removed."""
    distributed = pytest.importorskip("distributed")
    monkeypatch.setattr(leastcost, "TILE_CELLS", 4)
    surface = random_surface(6)
    rng = np.random.default_rng(8)
    ur, uc = rng.integers(0, 60, 12), rng.integers(0, 70, 12)
    serial, _ = least_cost_pairs(surface, ur, uc, 100.0, Steps(None))
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=None,
        worker_dashboard_address=None,
    ) as cluster:
        pooled, _ = least_cost_pairs(surface, ur, uc, 100.0, Steps(None),
                                     parallelism=Parallelism(scheduler=cluster, scratch_dir=str(tmp_path)))
    for name in ("patch", "unit", "distance"):
        assert np.array_equal(getattr(serial, name), getattr(pooled, name))
    assert list(tmp_path.iterdir()) == []

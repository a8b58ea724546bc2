"""Moving-window surfaces computed on several processes, threads or a Dask cluster equal one worker bit for bit.

Every band is compared exactly (NaN in the same places) with the one-worker run, which is itself checked
against the brute-force reference of test_moving_window; the GeoTIFF written by 2 processes has the same
pixels and statistics as the one written by one worker. A cancelled or failing parallel run leaves no file.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import numpy as np
import pytest
import rasterio

sys.path.insert(0, str(Path(__file__).parent))  # the raster helpers and brute-force reference of test_moving_window
from test_moving_window import ALL, CancelAfter, assert_matches, mosaic, open_map, write_raster  # noqa: E402

from bluecarbon.core.errors import Cancelled, InputError  # noqa: E402
from bluecarbon.core.fragmentation.moving_window import fragmentation_surfaces  # noqa: E402
from bluecarbon.core.parallel import StripFailed  # noqa: E402

CLASSES = [1, 2, 3]
RADIUS = 32.0
STRIP = 5  # rows per strip: 7 strips of a 33-row map, each with a halo of 3 rows


@pytest.fixture(scope="module")
def landscape(tmp_path_factory) -> tuple[Path, np.ndarray]:
    k = mosaic(33, 29, seed=4)
    k[2:31, 6] = 2  # a patch crossing every strip
    k[16, 20] = 1  # a one-cell patch
    return write_raster(tmp_path_factory.mktemp("surfaces") / "m.tif", k), k


def surfaces(path: Path, **kw):
    lc, scheme = open_map(path)
    opts = dict(rows_per_strip=STRIP, neighbours=8)
    opts.update(kw)
    return fragmentation_surfaces(lc, scheme, CLASSES, ALL, RADIUS, **opts)


@pytest.fixture(scope="module")
def serial(landscape):
    return surfaces(landscape[0], workers=1)


def assert_identical(a, b) -> None:
    assert a.bands == b.bands and a.band_names == b.band_names and a.window_cells == b.window_cells
    assert a.arrays.dtype == b.arrays.dtype and np.array_equal(a.arrays, b.arrays, equal_nan=True)
    assert a.stats == b.stats or all(
        x.name == y.name and x.valid_cells == y.valid_cells
        and all(u == v or (np.isnan(u) and np.isnan(v)) for u, v in zip((x.minimum, x.maximum, x.mean), (y.minimum, y.maximum, y.mean)))
        for x, y in zip(a.stats, b.stats))


def test_one_worker_matches_the_brute_force_reference(landscape, serial) -> None:
    path, k = landscape
    lc, _ = open_map(path)
    assert_matches(serial, lc, k, CLASSES, RADIUS, "circle", 8, False)


@pytest.mark.parametrize("backend", ["processes", "threads"])
def test_two_workers_equal_one_worker(landscape, serial, backend) -> None:
    assert_identical(serial, surfaces(landscape[0], workers=2, backend=backend))


def test_geotiff_from_two_processes_equals_one_worker(landscape, tmp_path) -> None:
    one = surfaces(landscape[0], workers=1, out_path=str(tmp_path / "one.tif"))
    two = surfaces(landscape[0], workers=2, backend="processes", out_path=str(tmp_path / "two.tif"))
    with rasterio.open(one.path) as a, rasterio.open(two.path) as b:
        assert a.descriptions == b.descriptions
        assert np.array_equal(a.read(), b.read())
    assert one.stats == two.stats
    assert sorted(os.listdir(tmp_path)) == ["one.tif", "two.tif"]


def test_dask_local_cluster_equals_one_worker(landscape, serial, tmp_path) -> None:
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=None,
        worker_dashboard_address=None,
    ) as cluster:
        res = surfaces(landscape[0], scheduler=cluster, scratch_dir=str(tmp_path))
    assert_identical(serial, res)
    assert os.listdir(tmp_path) == [], "the label files are removed at the end of the run"


def test_cancelled_parallel_run_leaves_no_file(landscape, tmp_path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    with pytest.raises(Cancelled):
        surfaces(landscape[0], workers=2, backend="processes", out_path=str(out / "s.tif"),
                 scratch_dir=str(scratch), feedback=CancelAfter(4, out))
    assert os.listdir(out) == [] and os.listdir(scratch) == []


def test_failing_worker_names_strip_and_file(landscape, tmp_path) -> None:
    lc, scheme = open_map(landscape[0])
    lc.band = 3  # the file has one band: every worker's read fails
    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises((StripFailed, InputError)) as err:
        fragmentation_surfaces(lc, scheme, [1], ["PLAND", "ED"], RADIUS, out_path=str(out / "s.tif"),
                               rows_per_strip=STRIP, workers=2, backend="processes")
    assert "rows 0-4" in str(err.value) and str(landscape[0]) in str(err.value)
    assert os.listdir(out) == []


def test_runner_hands_out_at_most_ahead_strips() -> None:
    """map(ahead=3): when result i is joined, at most i + 1 + 3 tasks have been handed out; order is kept."""
    import threading
    import time

    from bluecarbon.core.parallel import StripRunner

    started: list[int] = []
    lock = threading.Lock()

    def task(i: int) -> int:
        with lock:
            started.append(i)
        time.sleep(0.002 * (i % 3))  # finish out of order
        return i

    with StripRunner("threads", 2) as runner:
        for i, result in enumerate(runner.map(task, list(range(12)), ahead=3)):
            assert result == i
            time.sleep(0.01)  # a slow writer: the workers must wait for it
            with lock:
                assert len(started) <= i + 1 + 3, (i, started)
    assert sorted(started) == list(range(12))

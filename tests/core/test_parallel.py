"""Strips run on several processes, threads or a Dask cluster give the one-worker result bit for bit.

Every output table (patch, class, landscape) and the patch-id raster are compared exactly (floats by
value, NaN in the same places). A cancelled run and a failing strip leave no label file behind.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import rasterio
from rasterio.transform import from_origin
from scipy import ndimage as ndi

from bluecarbon.core.classes import build_scheme
from bluecarbon.core.errors import Cancelled, InputError
from bluecarbon.core.feedback import Feedback
from bluecarbon.core.fragmentation import FragmentationOptions, analyse_fragmentation
from bluecarbon.core.landcover import open_landcover
from bluecarbon.core.parallel import Parallelism, StripFailed, default_workers, python_executable

ALL = frozenset({"GYRATE", "CIRCLE", "CONTIG", "CORE", "NCORE", "CAI", "ENN"})


@pytest.fixture(scope="module")
def raster(tmp_path_factory) -> Path:
    rng = np.random.default_rng(5)
    z = ndi.gaussian_filter(rng.standard_normal((150, 173)), 3.0)
    a = (np.digitize(z, np.quantile(z, [0.25, 0.5, 0.75])) + 1).astype(np.uint8)
    a[rng.random(a.shape) < 0.01] = 0
    a[10:140, 4] = 7  # a patch crossing every strip
    a[70, 100] = 8  # two lone cells of a class, far apart: ENN by the window search
    a[3, 170] = 8
    path = tmp_path_factory.mktemp("parallel") / "r.tif"
    with rasterio.open(
        path, "w", driver="GTiff", width=a.shape[1], height=a.shape[0], count=1, dtype="uint8",
        crs="EPSG:32650", transform=from_origin(0, 0, 10, 10), nodata=0,
    ) as dst:
        dst.write(a, 1)
    return path


def run(path: Path, **kw):
    lc = open_landcover(path)
    scheme = build_scheme(lc.value_counts(), None)
    opts = dict(metrics=ALL, rows_per_strip=17, search_radius_m=40.0, enn_halo_rows=8)
    opts.update(kw.pop("options", {}))
    res = analyse_fragmentation(lc, scheme, FragmentationOptions(**opts), **kw)
    ids = res.labelling.store.rows(0, lc.grid.height)
    res.close()
    return res, ids


def assert_identical(a, b) -> None:
    """Every table equal bit for bit."""
    for level in ("patches", "classes"):
        x, y = getattr(a, level), getattr(b, level)
        assert list(x) == list(y)
        for key in x:
            u, v = np.asarray(x[key]), np.asarray(y[key])
            if u.dtype == object:
                assert list(u) == list(v), key
            else:
                assert u.dtype == v.dtype and np.array_equal(u, v, equal_nan=u.dtype.kind == "f"), f"{level} {key}"
    assert list(a.landscape) == list(b.landscape)
    for key, value in a.landscape.items():
        other = b.landscape[key]
        assert value == other or (np.isnan(value) and np.isnan(other)), key


@pytest.fixture(scope="module")
def serial(raster):
    return {n: run(raster, workers=1, options=dict(neighbours=n, edge_depth_m=25.0)) for n in (4, 8)}


@pytest.mark.parametrize("neighbours", [8, 4])
def test_processes_equal_one_worker(raster, serial, neighbours) -> None:
    res, ids = run(raster, workers=2, options=dict(neighbours=neighbours, edge_depth_m=25.0, backend="processes"))
    assert_identical(serial[neighbours][0], res)
    assert np.array_equal(serial[neighbours][1], ids)


def test_threads_equal_one_worker(raster, serial) -> None:
    res, ids = run(raster, workers=2, options=dict(edge_depth_m=25.0, backend="threads"))
    assert_identical(serial[8][0], res)
    assert np.array_equal(serial[8][1], ids)


def test_one_worker_on_disk_equals_in_memory(raster, serial) -> None:
    res, ids = run(raster, workers=1, options=dict(edge_depth_m=25.0, in_memory=False))
    assert_identical(serial[8][0], res)
    assert np.array_equal(serial[8][1], ids)


def test_dask_local_cluster_equals_one_worker(raster, serial, tmp_path) -> None:
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=None,
        worker_dashboard_address=None,
    ) as cluster:
        res, ids = run(raster, scheduler=cluster, options=dict(edge_depth_m=25.0, scratch_dir=str(tmp_path)))
    assert_identical(serial[8][0], res)
    assert np.array_equal(serial[8][1], ids)
    assert os.listdir(tmp_path) == [], "the label files are removed when the result is closed"


class CancelAfter(Feedback):
    def __init__(self, calls: int) -> None:
        super().__init__()
        self.calls = calls

    def isCanceled(self) -> bool:
        self.calls -= 1
        return self.calls < 0


@pytest.mark.parametrize("backend", ["processes", "serial"])
def test_cancelled_run_stops_and_leaves_no_file(raster, tmp_path, backend) -> None:
    lc = open_landcover(raster)
    scheme = build_scheme(lc.value_counts(), None)
    opts = FragmentationOptions(metrics=ALL, rows_per_strip=5, in_memory=False, scratch_dir=str(tmp_path), backend=backend)
    with pytest.raises(Cancelled):
        analyse_fragmentation(lc, scheme, opts, CancelAfter(3), workers=2)
    assert os.listdir(tmp_path) == []


def test_failing_worker_names_strip_and_file(raster, tmp_path) -> None:
    lc = open_landcover(raster)
    scheme = build_scheme(lc.value_counts(), None)
    lc.band = 3  # the file has one band: every worker's read fails
    opts = FragmentationOptions(rows_per_strip=50, scratch_dir=str(tmp_path), backend="processes")
    with pytest.raises((StripFailed, InputError)) as err:
        analyse_fragmentation(lc, scheme, opts, workers=2)
    assert "rows 0-49" in str(err.value) and str(raster) in str(err.value)
    assert os.listdir(tmp_path) == []


def test_scheduler_without_dask_says_what_to_install(raster, monkeypatch) -> None:
    import builtins

    real_import = builtins.__import__

    def no_dask(name, *args, **kwargs):
        if name.split(".")[0] in ("distributed", "dask"):
            raise ImportError(name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_dask)
    with pytest.raises(InputError, match="distributed"):
        run(raster, scheduler="tcp://127.0.0.1:1")


def test_defaults() -> None:
    assert default_workers() >= 1
    assert Parallelism().resolve(100, 10) == ("serial", 1)  # small rasters: no pool to start
    assert Parallelism(workers=3).resolve(10**8, 2) == ("processes", 2)  # never more workers than strips
    assert os.path.basename(python_executable()).startswith("python")


def test_workers_start_when_sys_executable_is_qgis(raster, serial, monkeypatch) -> None:
    """Inside QGIS ``sys.executable`` is the QGIS binary: the pool finds the Python next to it."""
    import sys

    monkeypatch.setattr(sys, "executable", "/usr/bin/qgis")
    exe = python_executable()
    assert os.path.basename(exe).startswith("python") and os.access(exe, os.X_OK)
    res, ids = run(raster, workers=2, options=dict(edge_depth_m=25.0, backend="processes"))
    assert_identical(serial[8][0], res)
    assert np.array_equal(serial[8][1], ids)


def test_worker_restores_a_large_mmap_threshold_only_when_the_environment_disabled_it(monkeypatch) -> None:
    import bluecarbon.core.parallel as parallel

    calls = []

    class FakeLibc:
        def mallopt(self, param, value):
            calls.append((param, value))

    monkeypatch.setattr(parallel.ctypes, "CDLL", lambda name: FakeLibc())
    monkeypatch.setattr(parallel.sys, "platform", "linux")
    for env, expected in (({}, []), ({"MALLOC_TRIM_THRESHOLD_": "65536"}, [(-3, 64 << 20)]),
                          ({"MALLOC_TRIM_THRESHOLD_": "65536", "MALLOC_MMAP_THRESHOLD_": "1"}, [])):
        calls.clear()
        monkeypatch.setattr(parallel, "_worker_ready", False)
        for name in ("MALLOC_TRIM_THRESHOLD_", "MALLOC_MMAP_THRESHOLD_", "MALLOC_TOP_PAD_", "MALLOC_MMAP_MAX_"):
            monkeypatch.delenv(name, raising=False)
        for name, value in env.items():
            monkeypatch.setenv(name, value)
        assert parallel.worker_call(lambda t: t + 1, 1) == 2
        parallel.worker_call(lambda t: t, 0)  # once per process
        assert calls == expected, env


UNGUARDED_SCRIPT = """
import sys
from bluecarbon.core.classes import build_scheme
from bluecarbon.core.fragmentation import FragmentationOptions, analyse_fragmentation
from bluecarbon.core.landcover import open_landcover

lc = open_landcover(sys.argv[1])
analyse_fragmentation(lc, build_scheme(lc.value_counts(), None), FragmentationOptions(rows_per_strip=500), workers=2)
"""


def test_script_without_main_guard_fails_clearly_and_exits(tmp_path) -> None:
    """A script that starts worker processes without ``if __name__ == "__main__":`` (each worker imports it again
    and dies) gets one error naming the fix, and Python exits: tasks larger than a pipe's buffer (this map's
    per-row cell sizes make each about 100 kB) used to leave the pool's feeder thread, and the exit, blocked."""
    path = tmp_path / "tall.tif"
    a = np.ones((6000, 4), dtype=np.uint8)
    a[::3, ::2] = 2
    with rasterio.open(path, "w", driver="GTiff", width=4, height=6000, count=1, dtype="uint8",
                       crs="EPSG:4326", transform=from_origin(100.0, 30.0, 1e-3, 1e-3), nodata=0) as dst:
        dst.write(a, 1)
    script = tmp_path / "unguarded.py"
    script.write_text(UNGUARDED_SCRIPT)
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(p for p in sys.path if p))
    # the timeout only catches a hang (the run takes about a second)
    done = subprocess.run([sys.executable, str(script), str(path)], capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 1
    # the error line (Python may print a resource tracker's warning after it)
    errors = [line for line in done.stderr.splitlines() if line.startswith("bluecarbon.core.parallel.StripFailed: ")]
    assert len(errors) == 1, done.stderr[-2000:]
    assert errors[0].startswith("bluecarbon.core.parallel.StripFailed: Patch labelling failed on rows 0-499")
    assert 'if __name__ == "__main__":' in errors[0] and "workers=1" in errors[0]

"""bluecarbon:patchfragmentation on several worker processes, inside a real QGIS process (qgis_process).

QGIS's own executable is not a Python interpreter, so the worker processes are spawned with the Python next
to it (core.parallel.python_executable). The tables must equal the one-worker run byte for byte.
"""

from pathlib import Path

import numpy as np
from scipy import ndimage

from rasters import write_raster


def test_two_workers_in_qgis_process_equal_one(run_qgis_process, tmp_path: Path) -> None:
    rng = np.random.default_rng(7)
    noise = ndimage.gaussian_filter(rng.random((2300, 2100)), 6)  # > 1 strip of 4.2 M cells: two tasks at least
    classes = np.digitize(noise, np.quantile(noise, [0.3, 0.6, 0.8])).astype(np.uint8) + 1
    raster = write_raster(tmp_path / "clustered.tif", classes, nodata=0)
    tables = {}
    for workers in (1, 2):
        out = tmp_path / f"w{workers}"
        out.mkdir()
        done = run_qgis_process([
            "run", "bluecarbon:patchfragmentation", "--", f"INPUT={raster}", "LEGEND_PRESET=raster_values",
            f"WORKERS={workers}", f"OUTPUT_PATCHES={out / 'p.gpkg'}", f"OUTPUT_CLASS_TABLE={out / 'c.csv'}",
            f"OUTPUT_LANDSCAPE_TABLE={out / 'l.csv'}",
        ], timeout=600)
        assert done.returncode == 0, done.stdout + done.stderr
        tables[workers] = ((out / "c.csv").read_bytes(), (out / "l.csv").read_bytes())
    assert tables[1] == tables[2]


def test_surfaces_on_two_workers_in_qgis_process_equal_one(run_qgis_process, tmp_path: Path) -> None:
    """bluecarbon:fragmentationsurface: 2 strips of the moving window on 2 processes, the pixels of one worker."""
    import rasterio

    rng = np.random.default_rng(11)
    noise = ndimage.gaussian_filter(rng.random((1500, 1400)), 4)  # 2 strips of the moving window's 2 M cells
    classes = np.digitize(noise, np.quantile(noise, [0.4, 0.7])).astype(np.uint8) + 1
    raster = write_raster(tmp_path / "m.tif", classes, nodata=0)
    bands = {}
    for workers in (1, 2):
        out = tmp_path / f"s{workers}.tif"
        done = run_qgis_process([
            "run", "bluecarbon:fragmentationsurface", "--", f"INPUT={raster}", "LEGEND_PRESET=raster_values",
            "CLASSES=1,3", "METRICS=PLAND", "METRICS=PD", "METRICS=MESH", "RADIUS=60", f"WORKERS={workers}",
            f"OUTPUT={out}",
        ], timeout=600)
        assert done.returncode == 0, done.stdout + done.stderr
        if workers == 2:
            assert "on 2 processes" in done.stdout + done.stderr, done.stdout + done.stderr
        with rasterio.open(out) as src:
            bands[workers] = src.read()
    assert np.array_equal(bands[1], bands[2])

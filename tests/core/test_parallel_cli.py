"""``python -m bluecarbon.core fragmentation`` writes the engine's tables, without QGIS, on 1 or 2 workers."""

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

import bluecarbon
from bluecarbon.core.classes import open_classified
from bluecarbon.core.fragmentation import FragmentationOptions, analyse_fragmentation
from bluecarbon.core.io import write_csv, write_record_csv

PLUGINS = os.path.dirname(os.path.dirname(os.path.abspath(bluecarbon.__file__)))  # .build/plugins, not the link target


@pytest.fixture(scope="module")
def raster(tmp_path_factory) -> Path:
    rng = np.random.default_rng(3)
    z = ndi.gaussian_filter(rng.standard_normal((80, 90)), 2.0)
    a = (np.digitize(z, np.quantile(z, [0.3, 0.6])) + 1).astype(np.uint8)
    path = tmp_path_factory.mktemp("cli") / "r.tif"
    with rasterio.open(path, "w", driver="GTiff", width=90, height=80, count=1, dtype="uint8",
                       crs="EPSG:32650", transform=from_origin(0, 0, 30, 30), nodata=0) as dst:
        dst.write(a, 1)
    return path


def cli(*args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=PLUGINS)
    return subprocess.run([sys.executable, "-m", "bluecarbon.core", *args], env=env, capture_output=True, text=True, timeout=300)


@pytest.mark.parametrize("workers", ["1", "2"])
def test_cli_tables_equal_engine(raster: Path, tmp_path: Path, workers: str) -> None:
    out = tmp_path / "cli"
    out.mkdir()
    proc = cli("fragmentation", str(raster), "--legend", "none", "--edge-depth", "60", "--rows-per-strip", "13",
               "--workers", workers, "--class-table", str(out / "class.csv"),
               "--landscape-table", str(out / "landscape.csv"), "--patch-table", str(out / "patch.csv"))
    assert proc.returncode == 0, proc.stderr
    lc, scheme = open_classified(str(raster), None, "")
    with lc:
        res = analyse_fragmentation(lc, scheme, FragmentationOptions(edge_depth_m=60.0, rows_per_strip=13), workers=1)
        res.close()
    ref = tmp_path / "ref"
    ref.mkdir()
    write_csv(str(ref / "class.csv"), res.classes)
    write_record_csv(str(ref / "landscape.csv"), res.landscape)
    write_csv(str(ref / "patch.csv"), res.patches)
    for name in ("class.csv", "landscape.csv", "patch.csv"):
        assert (out / name).read_bytes() == (ref / name).read_bytes(), name


def test_cli_imports_no_qgis_and_reports_bad_input(tmp_path: Path) -> None:
    code = "import sys, bluecarbon.core.cli; sys.exit(any(m.split('.')[0] == 'qgis' for m in sys.modules))"
    env = dict(os.environ, PYTHONPATH=PLUGINS)
    assert subprocess.run([sys.executable, "-c", code], env=env).returncode == 0
    proc = cli("fragmentation", str(tmp_path / "missing.tif"), "--class-table", str(tmp_path / "c.csv"),
               "--landscape-table", str(tmp_path / "l.csv"))
    assert proc.returncode == 2 and "does not exist" in proc.stderr
    assert not (tmp_path / "c.csv").exists()

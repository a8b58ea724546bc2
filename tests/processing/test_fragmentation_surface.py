"""bluecarbon:fragmentationsurface through Processing and qgis_process, against the engine and by hand."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import rasterio

from bluecarbon.core.fragmentation import fragmentation_surfaces
from bluecarbon.core.classes import open_classified
from bluecarbon.core.fragmentation.job import resolve_classes
from rasters import SAMPLE

ROOT = Path(__file__).resolve().parents[2]


def params(out: Path, **extra) -> dict:
    base = {
        "INPUT": str(SAMPLE),
        "LEGEND_PRESET": "esa_worldcover",
        "CLASSES": "mangrove",
        "METRICS": ["PLAND", "PD", "LPI"],
        "RADIUS": 200.0,
        "SHAPE": "circle",
        "OUTPUT": str(out),
    }
    base.update(extra)
    return base


def test_processing_run_writes_the_engine_surfaces(provider, tmp_path: Path) -> None:
    """Bands in metric order, equal to the engine in memory; a QML style beside the file, no statistics file."""
    import processing

    out = tmp_path / "surfaces.tif"
    result = processing.run("bluecarbon:fragmentationsurface", params(out))
    assert Path(result["OUTPUT"]) == out and out.exists()
    assert (tmp_path / "surfaces.qml").exists()
    assert not (tmp_path / "surfaces.tif.aux.xml").exists()
    lc, scheme = open_classified(str(SAMPLE), None, "esa_worldcover")
    with lc:
        expected = fragmentation_surfaces(lc, scheme, resolve_classes(scheme, ["mangrove"]), ["PLAND", "PD", "LPI"], 200.0)
    with rasterio.open(out) as src:
        assert src.count == 3
        assert [d.split(" ")[0] for d in src.descriptions] == ["PLAND", "PD", "LPI"]
        for b in range(3):
            band = src.read(b + 1, masked=True).astype(float).filled(np.nan)
            assert np.allclose(band, expected.arrays[b], rtol=1e-6, equal_nan=True)


def test_pland_and_lpi_of_an_all_mangrove_window_are_100(provider, tmp_path: Path) -> None:
    """Hand check: a cell whose whole 50 m window is mangrove has PLAND 100 and LPI 100."""
    import processing

    out = tmp_path / "s.tif"
    processing.run("bluecarbon:fragmentationsurface", params(out, RADIUS=50.0))
    with rasterio.open(SAMPLE) as src:
        codes = src.read(1)
    r = 5  # 50 m / 10 m
    from scipy import ndimage as ndi

    yy, xx = np.mgrid[-r : r + 1, -r : r + 1]
    disc = (yy**2 + xx**2) <= r * r
    full = ndi.minimum_filter((codes == 95).astype(np.uint8), footprint=disc, mode="constant", cval=0) == 1
    assert full.any(), "the sample should have cells deep inside mangroves"
    with rasterio.open(out) as src:
        pland, lpi = src.read(1), src.read(3)
    assert np.allclose(pland[full], 100.0) and np.allclose(lpi[full], 100.0)


def test_qgis_process_runs_it(run_qgis_process, tmp_path: Path) -> None:
    out = tmp_path / "qp.tif"
    args = ["run", "bluecarbon:fragmentationsurface", "--", f"INPUT={SAMPLE}", "LEGEND_PRESET=esa_worldcover",
            "CLASSES=mangrove", "METRICS=PLAND", "RADIUS=150", f"OUTPUT={out}"]
    done = run_qgis_process(args)
    assert done.returncode == 0, done.stdout + done.stderr
    with rasterio.open(out) as src:
        assert src.count == 1 and src.descriptions[0].startswith("PLAND")


@pytest.mark.parametrize("bad", [{"RADIUS": 1.0}, {"CLASSES": "kelp"}])
def test_bad_choices_are_clear_errors_and_write_nothing(provider, tmp_path: Path, bad: dict) -> None:
    import processing
    from qgis.core import QgsProcessingException

    out = tmp_path / "bad.tif"
    with pytest.raises(QgsProcessingException, match="Fix:"):
        processing.run("bluecarbon:fragmentationsurface", params(out, **bad))
    assert not out.exists() and not list(tmp_path.iterdir())

"""The provider's Processing options (Settings ▸ Options ▸ Processing ▸ Providers ▸ Blue Carbon): default workers and
Dask scheduler, read by the algorithms' WORKERS = 0 and empty DASK_SCHEDULER; added on load, removed on unload."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import rasterio

from rasters import write_raster

ALGORITHMS = ("patchfragmentation", "fragmentationsurface", "sinkcapacity", "carbonserviceflow", "blueassessment")


@pytest.fixture
def settings(provider):
    """ProcessingConfig with the provider's settings, put back as they were afterwards."""
    from processing.core.ProcessingConfig import ProcessingConfig

    from bluecarbon.processing.parameters import DASK_SCHEDULER_SETTING, WORKERS_SETTING

    before = {name: ProcessingConfig.getSetting(name) for name in (WORKERS_SETTING, DASK_SCHEDULER_SETTING)}
    yield ProcessingConfig
    for name, value in before.items():
        ProcessingConfig.setSettingValue(name, value if value is not None else "")


def read(name: str, parameters: dict) -> dict:
    from qgis.core import QgsApplication, QgsProcessingContext

    from bluecarbon.processing.parameters import read_performance

    alg = QgsApplication.processingRegistry().algorithmById(f"bluecarbon:{name}")
    return read_performance(alg, parameters, QgsProcessingContext())


def test_settings_are_listed_under_the_provider(provider, settings) -> None:
    from bluecarbon.processing.parameters import DASK_SCHEDULER_SETTING, WORKERS_SETTING

    groups = settings.getSettings()
    assert provider.name() in groups
    names = {s.name for s in groups[provider.name()]}
    assert {WORKERS_SETTING, DASK_SCHEDULER_SETTING} <= names


@pytest.mark.parametrize("name", ALGORITHMS)
def test_automatic_workers_read_the_setting(provider, settings, name) -> None:
    from bluecarbon.processing.parameters import DASK_SCHEDULER, DASK_SCHEDULER_SETTING, WORKERS, WORKERS_SETTING

    settings.setSettingValue(WORKERS_SETTING, 0)
    settings.setSettingValue(DASK_SCHEDULER_SETTING, "")
    assert read(name, {}) == {"workers": None, "scheduler": None}  # core.parallel chooses: cores − 1
    settings.setSettingValue(WORKERS_SETTING, 3)
    settings.setSettingValue(DASK_SCHEDULER_SETTING, "tcp://10.0.0.1:8786")
    assert read(name, {WORKERS: 0}) == {"workers": 3, "scheduler": "tcp://10.0.0.1:8786"}
    assert read(name, {}) == {"workers": 3, "scheduler": "tcp://10.0.0.1:8786"}
    # the algorithm's own values win over the settings
    assert read(name, {WORKERS: 2, DASK_SCHEDULER: "tcp://h:1"}) == {"workers": 2, "scheduler": "tcp://h:1"}


def test_unload_removes_the_settings_and_load_adds_them(provider, settings) -> None:
    from bluecarbon.processing.parameters import DASK_SCHEDULER_SETTING, WORKERS_SETTING
    from bluecarbon.processing.provider import BlueCarbonProvider

    other = BlueCarbonProvider()
    try:
        other.unload()  # nothing loaded yet: nothing removed
        assert settings.getSetting(WORKERS_SETTING) is not None
        assert other.load()
        other.unload()
        assert settings.getSetting(WORKERS_SETTING) is None and settings.getSetting(DASK_SCHEDULER_SETTING) is None
    finally:
        assert provider.load()  # the registered provider's settings back
    assert settings.getSetting(WORKERS_SETTING) is not None


def test_surfaces_with_the_setting_equal_one_worker(provider, settings, tmp_path: Path) -> None:
    """WORKERS left automatic with the setting at 2: the strips run on 2 processes, with the pixels of WORKERS=1."""
    import processing
    from qgis.core import QgsProcessingFeedback
    from scipy import ndimage

    from bluecarbon.processing.parameters import WORKERS_SETTING

    rng = np.random.default_rng(3)
    noise = ndimage.gaussian_filter(rng.random((1500, 1400)), 4)  # 2 strips of the moving window's 2 M cells
    classes = np.digitize(noise, np.quantile(noise, [0.4, 0.7])).astype(np.uint8) + 1
    raster = write_raster(tmp_path / "m.tif", classes, nodata=0)
    base = {"INPUT": str(raster), "LEGEND_PRESET": "raster_values", "CLASSES": "1, 3",
            "METRICS": ["PLAND", "ED", "PD", "MESH"], "RADIUS": 60.0}

    class Log(QgsProcessingFeedback):
        def __init__(self) -> None:
            super().__init__()
            self.lines: list[str] = []

        def pushInfo(self, info: str) -> None:  # noqa: N802 - QGIS name
            self.lines.append(info)

    processing.run("bluecarbon:fragmentationsurface", {**base, "WORKERS": 1, "OUTPUT": str(tmp_path / "one.tif")})
    settings.setSettingValue(WORKERS_SETTING, 2)
    log = Log()
    processing.run("bluecarbon:fragmentationsurface", {**base, "OUTPUT": str(tmp_path / "two.tif")}, feedback=log)
    assert any("on 2 processes" in line for line in log.lines), log.lines
    with rasterio.open(tmp_path / "one.tif") as a, rasterio.open(tmp_path / "two.tif") as b:
        assert np.array_equal(a.read(), b.read())

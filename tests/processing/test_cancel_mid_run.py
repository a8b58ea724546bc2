"""Cancelled mid-run through Processing (at a progress percentage, as the dialog's Cancel does): sinkcapacity,
carbonserviceflow with least-cost distances, fragmentationsurface. Nothing is written, no input changes."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from rasters import DEMAND, SAMPLE


def sink(out: Path) -> dict:
    return {"INPUT": str(SAMPLE), "LEGEND_PRESET": "esa_worldcover", "PARAMETERS": "mcleod_2011", "DRAWS": 200,
            "SEED": 7, "EDGE_DEPTH": 20.0, "EDGE_FACTOR": 0.6, "OUTPUT_TABLE": str(out / "sink.csv"),
            "OUTPUT_RASTER": str(out / "sequestration.tif"), "OUTPUT_PATCHES": str(out / "patches.gpkg")}


def flow(out: Path) -> dict:
    return {"INPUT": str(SAMPLE), "LEGEND_PRESET": "esa_worldcover", "PARAMETERS": "mcleod_2011",
            "DEMAND_UNITS": str(DEMAND), "DEMAND_FIELD": "emissions_tC_yr", "DISTANCE_MODE": "least_cost",
            "DECAY_DISTANCE": 1500.0, "MAX_DISTANCE": 4000.0,
            "OUTPUT_LINKS": str(out / "links.gpkg"), "OUTPUT_PATCHES": str(out / "patches.csv"),
            "OUTPUT_DEMAND": str(out / "demand.csv"), "OUTPUT_NETWORK": str(out / "network.csv"),
            "OUTPUT_BALANCE": str(out / "balance.tif"), "OUTPUT_UNITS": str(out / "units.gpkg")}


def surface(out: Path) -> dict:
    return {"INPUT": str(SAMPLE), "LEGEND_PRESET": "esa_worldcover", "CLASSES": "mangrove, salt_marsh",  # 2 progress steps
            "METRICS": ["PLAND", "PD", "LPI"], "RADIUS": 200.0, "SHAPE": "circle", "OUTPUT": str(out / "surfaces.tif")}


CASES = {"sinkcapacity": sink, "carbonserviceflow": flow, "fragmentationsurface": surface}


@pytest.mark.parametrize("at_percent", [30, 85])
@pytest.mark.parametrize("name", sorted(CASES))
def test_cancelled_mid_run_writes_nothing(provider, tmp_path: Path, name: str, at_percent: int) -> None:
    import processing
    from qgis.core import QgsProcessingFeedback

    inputs = (SAMPLE, DEMAND)
    before = {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in inputs}
    feedback = QgsProcessingFeedback()
    seen: list[float] = []

    def progress(percent: float) -> None:
        seen.append(percent)
        if percent >= at_percent:
            feedback.cancel()

    feedback.progressChanged.connect(progress)
    out = tmp_path / "out"
    out.mkdir()
    parameters = CASES[name](out)
    result = processing.run(f"bluecarbon:{name}", parameters, feedback=feedback)
    assert feedback.isCanceled() and min(seen) < at_percent <= max(seen), seen  # cancelled mid-run
    if at_percent == 30:
        assert max(seen) < 100, f"stopped at the next progress point, not at the end: {seen}"
    assert not any(Path(str(v)).exists() for v in result.values() if isinstance(v, str)), result
    assert sorted(p.name for p in out.iterdir()) == [], "nothing is written"
    assert {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in inputs} == before, "no input changed"

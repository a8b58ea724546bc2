"""Bad inputs through Processing and qgis_process: one message naming the problem, the input and the fix; no output
written, no input changed (issue 15: demand field, edge depth, corrupt snapshot, map without blue carbon)."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from rasters import DEMAND, SAMPLE

INPUTS = (SAMPLE, DEMAND)


def digests(paths=INPUTS) -> dict:
    return {str(p): hashlib.sha256(Path(p).read_bytes()).hexdigest() for p in paths}


def flow_params(out: Path, **extra) -> dict:
    base = {"INPUT": str(SAMPLE), "LEGEND_PRESET": "esa_worldcover", "PARAMETERS": "mcleod_2011",
            "DEMAND_UNITS": str(DEMAND), "DEMAND_FIELD": "emissions_tC_yr",
            "OUTPUT_LINKS": str(out / "links.gpkg"), "OUTPUT_PATCHES": str(out / "patches.csv"),
            "OUTPUT_DEMAND": str(out / "demand.csv"), "OUTPUT_NETWORK": str(out / "network.csv")}
    base.update(extra)
    return base


def sink_params(out: Path, **extra) -> dict:
    base = {"INPUT": str(SAMPLE), "LEGEND_PRESET": "esa_worldcover", "PARAMETERS": "mcleod_2011", "DRAWS": 0,
            "OUTPUT_TABLE": str(out / "sink.csv")}
    base.update(extra)
    return base


def fragmentation_params(out: Path, **extra) -> dict:
    base = {"INPUT": str(SAMPLE), "LEGEND_PRESET": "esa_worldcover", "OUTPUT_PATCHES": str(out / "patches.gpkg"),
            "OUTPUT_CLASS_TABLE": str(out / "class.csv"), "OUTPUT_LANDSCAPE_TABLE": str(out / "landscape.csv")}
    base.update(extra)
    return base


def truncated_snapshot(out: Path) -> Path:
    """The sample map cut to half its bytes (a download stopped halfway): its header is whole, its tiles not."""
    path = out.parent / "coastal 2035 half.tif"  # beside the output folder, with a space in its name
    data = SAMPLE.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    return path


def change_params(out: Path, **extra) -> dict:
    base = {"SNAPSHOTS": [str(SAMPLE), str(truncated_snapshot(out))], "YEARS": "2020,2035",
            "LEGEND_PRESET": "esa_worldcover", "OUTPUT_PERIODS": str(out / "periods.csv")}
    base.update(extra)
    return base


def assessment_params(out: Path, **extra) -> dict:
    base = {"INPUT": str(SAMPLE), "LEGEND_PRESET": "esa_worldcover", "DRAWS": 0, "OUTPUT_FOLDER": str(out / "report")}
    base.update(extra)
    return base


CASES = {
    # case: (algorithm, parameters, words the message must hold: the problem, the input, the fix)
    "flow, demand field missing": ("carbonserviceflow", lambda o: flow_params(o, DEMAND_FIELD="population"),
                                   ("'population' does not exist", "demand layer 'demand_units'", "'emissions_tC_yr'",
                                    "Fix: Choose one of those fields")),
    "flow, name field missing": ("carbonserviceflow", lambda o: flow_params(o, NAME_FIELD="town"),
                                 ("'town' does not exist", "demand layer 'demand_units'", "'name'", "Fix:")),
    "assessment, demand field missing": ("blueassessment", lambda o: assessment_params(
        o, DEMAND_UNITS=str(DEMAND), DEMAND_FIELD="population"),
        ("'population' does not exist", "demand layer 'demand_units'", "'emissions_tC_yr'", "Fix:")),
    "carbonchange, truncated snapshot": ("carbonchange", change_params,
                                         ("SNAPSHOTS, raster 2 of 2", "coastal 2035 half.tif' is truncated or damaged",
                                          "Fix: Copy or download the file again")),
    "sink, edge depth 1e308": ("sinkcapacity", lambda o: sink_params(o, EDGE_DEPTH=1e308, EDGE_FACTOR=0.6),
                               ("EDGE_DEPTH (1e+308 m)", "diagonal (10,000 m)", "Fix: Give the depth")),
    "fragmentation, edge depth 1e308": ("patchfragmentation", lambda o: fragmentation_params(o, EDGE_DEPTH=1e308),
                                        ("EDGE_DEPTH (1e+308 m)", "diagonal", "Fix: Give the depth")),
}


def written(out: Path) -> list[str]:
    return sorted(str(p.relative_to(out)) for p in out.rglob("*"))


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_input_through_processing(provider, tmp_path: Path, case: str) -> None:
    import processing
    from qgis.core import QgsProcessingException

    name, make, words = CASES[case]
    before = digests()
    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(QgsProcessingException) as err:
        processing.run(f"bluecarbon:{name}", make(out))
    text = str(err.value)
    for word in words:
        assert word in text, (word, text)
    assert "Traceback" not in text and "KeyError" not in text and "OverflowError" not in text
    assert text.count("Fix:") == 1, text
    assert written(out) == [], "nothing is written"
    assert digests() == before, "no input changed"


@pytest.mark.parametrize("case", ["flow, demand field missing", "sink, edge depth 1e308", "carbonchange, truncated snapshot",
                                  "assessment, demand field missing"])
def test_bad_input_through_qgis_process(run_qgis_process, tmp_path: Path, case: str) -> None:
    name, make, words = CASES[case]
    before = digests()
    out = tmp_path / "out"
    out.mkdir()
    args = [f"{k}={item}" for k, v in make(out).items() for item in (v if isinstance(v, list) else [v])]
    done = run_qgis_process(["run", f"bluecarbon:{name}", "--", *args])
    text = done.stdout + done.stderr
    assert done.returncode != 0, text
    for word in words:
        assert word in text, (word, text)
    assert "Traceback" not in text, text
    errors = [line for line in text.splitlines() if line.startswith("ERROR:")]
    assert len(errors) == 1, errors  # one error: the plugin's message
    assert written(out) == [], "nothing is written"
    assert digests() == before, "no input changed"


def cropland_map(folder: Path) -> Path:
    """The sample map (its WorldCover colours kept) holding only cropland (value 40)."""
    import numpy as np
    import rasterio

    with rasterio.open(SAMPLE) as src:
        profile, codes = src.profile, src.read(1)
        colormap = src.colormap(1)
    path = folder / "cropland only.tif"
    with rasterio.open(path, "w", **profile) as dst:
        dst.write(np.full_like(codes, 40), 1)
        dst.write_colormap(1, colormap)
    return path


NO_BLUE = ("No blue-carbon class in this map", "90 Herbaceous wetland, 95 Mangroves", "every class present instead (40 Cropland)")


def test_a_map_without_blue_carbon_is_fragmented_with_a_plain_warning(provider, tmp_path: Path) -> None:
    import processing
    from qgis.core import QgsProcessingFeedback, QgsVectorLayer

    class Recording(QgsProcessingFeedback):
        def __init__(self) -> None:
            super().__init__()
            self.warnings: list[str] = []

        def pushWarning(self, text: str) -> None:  # noqa: N802
            self.warnings.append(text)

    crop = cropland_map(tmp_path)
    before = digests([crop])
    out = tmp_path / "out"
    out.mkdir()
    feedback = Recording()
    result = processing.run("bluecarbon:patchfragmentation", fragmentation_params(out, INPUT=str(crop)), feedback=feedback)
    warned = [w for w in feedback.warnings if NO_BLUE[0] in w]
    assert len(warned) == 1 and all(word in warned[0] for word in NO_BLUE), feedback.warnings
    assert "CLASSES" in warned[0], "says how to keep these classes"
    assert result["N_PATCHES"] == 1, "a valid run: the cropland patch is written"
    assert QgsVectorLayer(str(out / "patches.gpkg"), "p", "ogr").featureCount() == 1
    assert digests([crop]) == before
    # a map with mangroves gets no such warning
    feedback = Recording()
    (tmp_path / "sample").mkdir()
    processing.run("bluecarbon:patchfragmentation", fragmentation_params(tmp_path / "sample"), feedback=feedback)
    assert not [w for w in feedback.warnings if NO_BLUE[0] in w]


def test_a_map_without_blue_carbon_warns_through_qgis_process(run_qgis_process, tmp_path: Path) -> None:
    crop = cropland_map(tmp_path)
    before = digests([crop])
    out = tmp_path / "out"
    out.mkdir()
    args = [f"{k}={v}" for k, v in fragmentation_params(out, INPUT=str(crop)).items()]
    done = run_qgis_process(["run", "bluecarbon:patchfragmentation", "--", *args])
    text = done.stdout + done.stderr
    assert done.returncode == 0, text
    warnings = [line for line in text.splitlines() if line.startswith("WARNING:") and NO_BLUE[0] in line]
    assert len(warnings) == 1 and all(word in warnings[0] for word in NO_BLUE), text
    assert written(out) == ["class.csv", "landscape.csv", "patches.gpkg"]
    assert digests([crop]) == before

"""A user's model saved by the Model Designer runs through `qgis_process run model.model3`.

tests/data/sink_and_fragmentation.model3 (written by tests/data/make_model3.py with QGIS 3.40's
QgsProcessingModelAlgorithm.toFile): a land-cover input feeding bluecarbon:patchfragmentation and then
bluecarbon:sinkcapacity, ESA WorldCover legend, other inputs at their defaults (Monte Carlo off).
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

from modeler import model_output_parameter

MODEL = Path(__file__).resolve().parents[1] / "data" / "sink_and_fragmentation.model3"


def rows(path: Path) -> dict[str, dict[str, str]]:
    """A CSV's rows keyed by their first column."""
    with open(path, newline="", encoding="utf-8") as f:
        reader = csv.DictReader(f)
        return {row[reader.fieldnames[0]]: row for row in reader}


def test_designer_model_runs_through_qgis_process(run_qgis_process, repo_root: Path, tmp_path: Path) -> None:
    """The model's tables equal those of the two algorithms run one by one, and agree on the mangrove area."""
    sample = repo_root / "resources" / "sample" / "coastal_mosaic.tif"
    # QGIS 3.22: "frag:class_table"; 3.26+ (the file has internal version 2): "class_table"
    class_key = model_output_parameter("frag", "class_table", "Class table")
    sink_key = model_output_parameter("sink", "sink_table", "Sink table")
    model_dir, direct = tmp_path / "model", tmp_path / "direct"
    model_dir.mkdir()
    direct.mkdir()

    result = run_qgis_process([
        "run", MODEL, "--json", "--",
        f"landcover={sample}", f"{class_key}={model_dir / 'classes.csv'}", f"{sink_key}={model_dir / 'sink.csv'}",
    ])
    assert result.returncode == 0, result.stdout + result.stderr
    results = json.loads(result.stdout)["results"]
    assert results == {class_key: str(model_dir / "classes.csv"), sink_key: str(model_dir / "sink.csv")}

    frag = run_qgis_process([
        "run", "bluecarbon:patchfragmentation", "--", f"INPUT={sample}", "LEGEND_PRESET=esa_worldcover",
        f"OUTPUT_PATCHES={direct / 'patches.gpkg'}", f"OUTPUT_CLASS_TABLE={direct / 'classes.csv'}",
        f"OUTPUT_LANDSCAPE_TABLE={direct / 'landscape.csv'}",
    ])
    assert frag.returncode == 0, frag.stdout + frag.stderr
    sink = run_qgis_process([
        "run", "bluecarbon:sinkcapacity", "--", f"INPUT={sample}", "LEGEND_PRESET=esa_worldcover", "DRAWS=0",
        # the preset list the model was saved with (the default then; the default now adds mcleod_2011)
        "PARAMETERS=ipcc_2013_tier1", f"OUTPUT_TABLE={direct / 'sink.csv'}",
    ])
    assert sink.returncode == 0, sink.stdout + sink.stderr
    for name in ("classes.csv", "sink.csv"):
        assert (model_dir / name).read_text(encoding="utf-8") == (direct / name).read_text(encoding="utf-8"), name

    classes, sinks = rows(model_dir / "classes.csv"), rows(model_dir / "sink.csv")
    assert classes["95"]["ecosystem"] == "mangrove"  # ESA WorldCover 95 = mangroves
    assert float(sinks["mangrove"]["area_ha"]) == float(classes["95"]["CA_ha"]) > 0

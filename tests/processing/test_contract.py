"""What every algorithm of the provider promises, checked once for all of them.

Each algorithm runs from qgis_process, runs as the only child of a model built as the Model Designer builds
one (every other input at its default), and writes nothing when cancelled before it starts. A SIGTERM sent
to qgis_process during the assessment stops it at the next progress point: exit code non-zero, "Stopped by
SIGTERM", nothing left in the output folder.
"""

from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path

import pytest

from bluecarbon.processing.algorithms import ALGORITHMS
from rasters import DEMAND, ROOT, SAMPLE, SAMPLE_2035, ZONES

INVEST_CASE = ROOT / "tests" / "data" / "invest_cbc_hand_case"


def case(name: str, out: Path) -> tuple[dict, dict]:
    """(inputs, outputs) of a small run of bluecarbon:<name>, its outputs written under ``out``."""
    legend = {"LEGEND_PRESET": "esa_worldcover"}
    cases = {
        "patchfragmentation": ({"INPUT": str(SAMPLE), **legend},
                               {"OUTPUT_PATCHES": out / "patches.gpkg", "OUTPUT_CLASS_TABLE": out / "class.csv",
                                "OUTPUT_LANDSCAPE_TABLE": out / "landscape.csv"}),
        "fragmentationsurface": ({"INPUT": str(SAMPLE), **legend, "CLASSES": "mangrove", "METRICS": ["PLAND"],
                                  "RADIUS": 150.0},
                                 {"OUTPUT": out / "surface.tif"}),
        "sinkcapacity": ({"INPUT": str(SAMPLE), **legend, "DRAWS": 0}, {"OUTPUT_TABLE": out / "sink.csv"}),
        "carbonchange": ({"SNAPSHOTS": [str(SAMPLE), str(SAMPLE_2035)], "YEARS": "2020, 2035", **legend},
                         {"OUTPUT_PERIODS": out / "periods.csv"}),
        "carbonserviceflow": ({"INPUT": str(SAMPLE), **legend, "DEMAND_UNITS": str(DEMAND),
                               "DEMAND_FIELD": "emissions_tC_yr", "INPUT_2": str(SAMPLE_2035), "ZONES": str(ZONES),
                               "ZONE_FIELD": "zone", "DISTANCE_MODE": "least_cost", "WORKERS": 2},
                              {"OUTPUT_LINKS": out / "links.gpkg", "OUTPUT_PATCHES": out / "flow_patches.csv",
                               "OUTPUT_DEMAND": out / "demand.csv", "OUTPUT_NETWORK": out / "network.csv",
                               "OUTPUT_ZONES": out / "zones.csv", "OUTPUT_ROUTES": out / "routes.gpkg",
                               "OUTPUT_FLOW_THROUGH": out / "through.tif"}),
        "blueassessment": ({"INPUT": str(SAMPLE), **legend, "DRAWS": 0}, {"OUTPUT_FOLDER": out / "assessment"}),
        "mspa": ({"INPUT": str(SAMPLE), **legend}, {"OUTPUT": out / "mspa.tif", "OUTPUT_TABLE": out / "mspa.csv"}),
        "connectivity": ({"INPUT": str(SAMPLE), **legend, "THRESHOLD": 300.0},
                         {"OUTPUT_NODES": out / "nodes.csv", "OUTPUT_LANDSCAPE": out / "connectivity.csv"}),
        "restorationpriority": ({"INPUT": str(SAMPLE), **legend, "CLASSES": "mangrove", "RESTORABLE": "60",
                                 "THRESHOLD": 300.0},
                                {"OUTPUT_SITES": out / "sites.gpkg", "OUTPUT_PORTFOLIO": out / "portfolio.csv"}),
        "flowsensitivity": ({"INPUT": str(SAMPLE), **legend, "DEMAND_UNITS": str(DEMAND),
                             "DEMAND_FIELD": "emissions_tC_yr", "SAMPLES": 2},
                            {"OUTPUT_TABLE": out / "sensitivity.csv", "OUTPUT_CHART": out / "sensitivity.png"}),
        "investtables": ({"INVEST_BIOPHYSICAL": str(INVEST_CASE / "biophysical.csv"),
                          "INVEST_TRANSITIONS": str(INVEST_CASE / "transitions_invest.csv")},
                         {"OUTPUT_FOLDER": out / "converted"}),
    }
    return cases[name]


NAMES = [cls().name() for cls in ALGORITHMS]


def test_every_algorithm_has_a_case() -> None:
    for name in NAMES:
        case(name, Path("."))


def _written(path: Path) -> bool:
    return path.is_file() or (path.is_dir() and any(path.iterdir()))


@pytest.mark.parametrize("name", NAMES)
def test_runs_from_qgis_process(run_qgis_process, tmp_path: Path, name: str) -> None:
    inputs, outputs = case(name, tmp_path)
    args = ["run", f"bluecarbon:{name}", "--"]
    for key, value in {**inputs, **outputs}.items():
        for item in value if isinstance(value, list) else [value]:
            args.append(f"{key}={item}")
    done = run_qgis_process(args)
    assert done.returncode == 0, done.stdout + done.stderr
    for key, path in outputs.items():
        assert _written(path), key


@pytest.mark.parametrize("name", NAMES)
def test_runs_in_a_model(provider, tmp_path: Path, name: str) -> None:
    """The algorithm as a model's only child; every other input at its default, as the Model Designer sets it."""
    import processing
    from qgis.core import (
        QgsProcessingModelAlgorithm,
        QgsProcessingModelChildAlgorithm,
        QgsProcessingModelChildParameterSource,
        QgsProcessingModelOutput,
    )

    inputs, outputs = case(name, tmp_path)
    model = QgsProcessingModelAlgorithm(f"{name} model", "tests")
    child = QgsProcessingModelChildAlgorithm(f"bluecarbon:{name}")
    child.setChildId("step")
    for definition in child.algorithm().parameterDefinitions():
        if not definition.isDestination() and definition.defaultValue() is not None:
            child.addParameterSources(definition.name(),
                                      [QgsProcessingModelChildParameterSource.fromStaticValue(definition.defaultValue())])
    for key, value in inputs.items():
        child.addParameterSources(key, [QgsProcessingModelChildParameterSource.fromStaticValue(value)])
    model_outputs = {}
    for key in outputs:
        output = QgsProcessingModelOutput(key.lower(), key)
        output.setChildId("step")
        output.setChildOutputName(key)
        model_outputs[key.lower()] = output
    child.setModelOutputs(model_outputs)
    model.addChildAlgorithm(child)
    model.updateDestinationParameters()
    ok, errors = model.validate()
    assert ok, errors
    from modeler import model_output_parameter

    processing.run(model, {model_output_parameter("step", key.lower(), key): str(path) for key, path in outputs.items()})
    for key, path in outputs.items():
        assert _written(path), key


@pytest.mark.parametrize("name", NAMES)
def test_a_cancel_writes_nothing(provider, tmp_path: Path, name: str) -> None:
    import processing
    from qgis.core import QgsProcessingContext, QgsProcessingFeedback

    inputs, outputs = case(name, tmp_path)
    feedback = QgsProcessingFeedback()
    feedback.cancel()
    results = processing.run(f"bluecarbon:{name}", {**inputs, **{k: str(p) for k, p in outputs.items()}},
                             context=QgsProcessingContext(), feedback=feedback)
    assert not any(key in results for key in outputs)
    assert os.listdir(tmp_path) == []


def test_sigterm_under_qgis_process_stops_and_writes_nothing(run_qgis_process, tmp_path: Path) -> None:
    """SIGTERM while the assessment runs: it stops at the next progress point, cleans up, exits non-zero."""
    run_qgis_process(["list"])  # the plugin enabled in the test profile
    folder = tmp_path / "assessment"
    inputs, _ = case("blueassessment", tmp_path)
    args = [str(ROOT / "scripts" / "qgis_process"), "run", "bluecarbon:blueassessment", "--",
            *(f"{k}={v}" for k, v in {**inputs, "DRAWS": 2000}.items()), f"OUTPUT_FOLDER={folder}"]
    process = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and process.poll() is None:
        if folder.is_dir() and any(p.name.startswith(".blueassessment-") for p in folder.iterdir()):
            break  # the staging folder exists: the run is under way
        time.sleep(0.05)
    assert process.poll() is None, "the run ended before the signal could be sent: " + "".join(process.communicate())
    time.sleep(0.5)
    process.send_signal(signal.SIGTERM)
    stdout, stderr = process.communicate(timeout=120)
    assert process.returncode != 0, stdout + stderr
    assert "Stopped by SIGTERM" in stdout + stderr
    assert not folder.exists() or os.listdir(folder) == []


def test_the_results_spec_names_real_outputs(provider) -> None:
    """Every file of core.results.RESULT_FILES is written by an output its algorithm declares."""
    from qgis.core import QgsApplication

    from bluecarbon.core.results import RESULT_FILES

    registry = QgsApplication.processingRegistry()
    for spec in RESULT_FILES:
        algorithm = registry.algorithmById(f"bluecarbon:{spec.step}")
        assert algorithm is not None, spec.step
        if spec.output:
            definition = algorithm.parameterDefinition(spec.output)
            assert definition is not None and definition.isDestination(), (spec.name, spec.output)

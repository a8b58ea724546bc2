"""bluecarbon:flowsensitivity through Processing and qgis_process on the sample with its demo demand layer."""

from __future__ import annotations

import csv
import os
import subprocess
from pathlib import Path

import numpy as np
import pytest
from rasters import DEMAND, ROOT, SAMPLE, SAMPLE_2035

QGIS_PROCESS = ROOT / "scripts" / "qgis_process"

ALG = "bluecarbon:flowsensitivity"
COLUMNS = ["factor", "output", "method", "low", "high", "mu_star", "mu", "sigma", "S1", "S1_conf", "ST", "ST_conf",
           "runs"]
CHANNEL_OUTPUTS = {"change_area_tC_yr", "change_edge_tC_yr", "change_reach_tC_yr", "change_saturation_tC_yr",
                   "change_demand_tC_yr", "change_tC_yr"}


class Log:
    """A feedback that keeps the log (a real QgsProcessingFeedback underneath)."""

    def __new__(cls):
        from qgis.core import QgsProcessingFeedback

        class _Log(QgsProcessingFeedback):
            def __init__(self) -> None:
                super().__init__()
                self.messages: list[str] = []

            def pushInfo(self, info: str) -> None:  # noqa: N802
                self.messages.append(info)
                super().pushInfo(info)

        return _Log()


def params(tmp_path: Path, **extra) -> dict:
    base = {
        "INPUT": str(SAMPLE), "LEGEND_PRESET": "esa_worldcover", "PARAMETERS": "mcleod_2011",
        "DEMAND_UNITS": str(DEMAND), "DEMAND_FIELD": "emissions_tC_yr", "DECAY": "exponential",
        "DECAY_DISTANCE": 1500.0, "MAX_DISTANCE": 4000.0, "EDGE_DEPTH": 20.0, "EDGE_FACTOR": 0.6,
        "OUTPUT_TABLE": str(tmp_path / "sensitivity.csv"), "OUTPUT_CHART": str(tmp_path / "sensitivity.png"),
    }
    base.update(extra)
    return base


def rows(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with open(path, newline="", encoding="utf-8") as f:
        reader = csv.DictReader(f)
        return list(reader.fieldnames or []), list(reader)


def numbers(table: list[dict], name: str) -> np.ndarray:
    return np.array([float(r[name]) for r in table])


def test_morris_on_the_sample(provider, tmp_path: Path) -> None:
    import processing

    result = processing.run(ALG, params(tmp_path, METHOD="morris", SAMPLES=3))
    names, table = rows(tmp_path / "sensitivity.csv")
    assert names == COLUMNS
    assert {r["factor"] for r in table} == {"decay", "max_distance", "edge_factor"}
    assert {r["output"] for r in table} == {"attributed_tC_yr", "share_of_demand_met"}
    assert len(table) == 6 and {r["method"] for r in table} == {"morris"}
    for name in ("mu_star", "mu", "sigma"):
        assert np.all(np.isfinite(numbers(table, name))), name
    assert all(r["S1"] == "" and r["ST"] == "" for r in table)
    assert result["RUNS"] == 3 * 4 and np.all(numbers(table, "runs") == 12)
    mu = {(r["factor"], r["output"]): float(r["mu_star"]) for r in table}
    assert mu["max_distance", "attributed_tC_yr"] > 0 and mu["edge_factor", "attributed_tC_yr"] > 0
    assert (tmp_path / "sensitivity.png").read_bytes()[:4] == b"\x89PNG"
    assert result["OUTPUT_CHART"] == str(tmp_path / "sensitivity.png")


def test_sobol_on_the_sample(provider, tmp_path: Path) -> None:
    """Sobol' (N = 8: 8 × (3 + 2) = 40 runs): every index finite, the run count in the log."""
    pytest.importorskip("SALib")
    import processing

    feedback = Log()
    result = processing.run(ALG, params(tmp_path, METHOD="sobol", SAMPLES=8), feedback=feedback)
    assert result["RUNS"] == 40 and any("40 model runs" in m for m in feedback.messages)
    names, table = rows(tmp_path / "sensitivity.csv")
    assert names == COLUMNS and len(table) == 6 and {r["method"] for r in table} == {"sobol"}
    for name in ("S1", "S1_conf", "ST", "ST_conf"):
        assert np.all(np.isfinite(numbers(table, name))), name
    assert all(r["mu_star"] == "" for r in table)
    assert (tmp_path / "sensitivity.png").read_bytes()[:4] == b"\x89PNG"


def test_morris_with_a_second_date(provider, tmp_path: Path) -> None:
    """With the 2035 map the channels of the change are outputs too (2 trajectories: 8 two-date runs)."""
    import processing

    processing.run(ALG, params(tmp_path, METHOD="morris", SAMPLES=2, MAX_DISTANCE=1500.0, INPUT_2=str(SAMPLE_2035)))
    names, table = rows(tmp_path / "sensitivity.csv")
    assert names == COLUMNS
    assert {r["output"] for r in table} == {"attributed_tC_yr", "share_of_demand_met"} | CHANNEL_OUTPUTS
    for name in ("mu_star", "mu", "sigma"):
        assert np.all(np.isfinite(numbers(table, name))), name
    mu = {(r["factor"], r["output"]): float(r["mu_star"]) for r in table}
    assert all(mu[f, "change_reach_tC_yr"] < 1e-9 for f in ("decay", "max_distance", "edge_factor"))  # straight line
    assert mu["edge_factor", "change_edge_tC_yr"] > 0
    assert (tmp_path / "sensitivity.png").is_file()


def test_bad_inputs_name_the_fix(provider, tmp_path: Path) -> None:
    import processing
    from qgis.core import QgsProcessingException

    with pytest.raises(QgsProcessingException, match=r"more than 5000.*Fix: Give at most 1250 trajectories"):
        processing.run(ALG, params(tmp_path, METHOD="morris", SAMPLES=2000))
    with pytest.raises(QgsProcessingException, match=r"power of two.*Fix: Give N = 8 or 16"):
        processing.run(ALG, params(tmp_path, METHOD="sobol", SAMPLES=10))
    with pytest.raises(QgsProcessingException, match=r"multipliers' range.*Fix"):
        processing.run(ALG, params(tmp_path, MULTIPLIER_LOW=2.0, MULTIPLIER_HIGH=0.5))
    assert not list(tmp_path.iterdir())  # nothing written


def test_sobol_without_salib_says_how_to_install_it(tmp_path: Path, run_qgis_process) -> None:
    """qgis_process with SALib hidden (as Python hides a module set to None): the algorithm stops before any run
    with an error naming pip, QPIP and Morris, writes nothing; Morris runs without SALib."""
    hide = tmp_path / "hide"
    hide.mkdir()
    (hide / "sitecustomize.py").write_text("import sys\nsys.modules['SALib'] = None\n", encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    env = dict(os.environ, PYTHONPATH=str(hide))

    def run(method: str) -> "subprocess.CompletedProcess[str]":
        args = [f"{k}={v}" for k, v in params(out, METHOD=method, SAMPLES=2 if method == "morris" else 8).items()]
        return subprocess.run([str(QGIS_PROCESS), "run", ALG, "--", *args], cwd=ROOT, env=env, capture_output=True,
                              text=True, timeout=300, check=False)

    done = run("sobol")
    text = done.stdout + done.stderr
    assert done.returncode != 0, text
    assert "SALib" in text and "pip install SALib" in text and "QPIP" in text and "Morris" in text, text
    assert not list(out.iterdir())
    done = run("morris")
    assert done.returncode == 0, done.stdout + done.stderr
    assert (out / "sensitivity.csv").is_file() and (out / "sensitivity.png").is_file()


def test_cancelled_mid_run_writes_nothing(provider, tmp_path: Path) -> None:
    """Cancelled at 50 % (as the dialog's Cancel): the run stops at the next model run, neither file is written."""
    import processing
    from qgis.core import QgsProcessingFeedback

    feedback = QgsProcessingFeedback()
    seen: list[float] = []

    def progress(percent: float) -> None:
        seen.append(percent)
        if percent >= 50:
            feedback.cancel()

    feedback.progressChanged.connect(progress)
    result = processing.run(ALG, params(tmp_path, METHOD="morris", SAMPLES=4), feedback=feedback)
    assert feedback.isCanceled() and min(seen) < 50 <= max(seen) < 75, seen
    assert result == {} or not any(Path(str(v)).exists() for v in result.values() if isinstance(v, str))
    assert not list(tmp_path.iterdir())

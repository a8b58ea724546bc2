"""bluecarbon:patchfragmentation through processing.run, in real QGIS.

Numbers are checked against an independent count: scipy.ndimage.label with the 8-neighbour
structure on the sample raster, cells of 10 m x 10 m = 0.01 ha.
"""

from __future__ import annotations

import csv
import gc
import hashlib
import os
import sqlite3
from pathlib import Path
from typing import Callable, Optional

import numpy as np
import pytest
import rasterio
from rasters import write_raster
from scipy import ndimage

ALG_ID = "bluecarbon:patchfragmentation"
CELL_HA = 0.01  # 10 m x 10 m
EIGHT = np.ones((3, 3), dtype=bool)
MANGROVE, MARSH = 95, 90

WORLDCOVER = np.array(
    [
        [95, 95, 90, 80],
        [80, 95, 90, 80],
        [10, 10, 95, 95],
    ],
    dtype=np.uint8,
)


# -- helpers ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def sample(repo_root: Path) -> Path:
    """The shipped sample raster (WorldCover codes, 800 x 600 cells of 10 m, nodata 0)."""
    return repo_root / "resources" / "sample" / "coastal_mosaic.tif"


@pytest.fixture(scope="module")
def sample_array(sample: Path) -> tuple[np.ndarray, np.ndarray]:
    """The sample's values and its valid-cell mask."""
    with rasterio.open(sample) as src:
        data = src.read(1)
        assert src.nodata == 0 and src.res == (10.0, 10.0)
    return data, data != 0


def fingerprint(path: Path) -> tuple[str, int, list[str]]:
    """SHA-256 and mtime of a file, and the names in its folder (to catch side-car files)."""
    return (
        hashlib.sha256(path.read_bytes()).hexdigest(),
        path.stat().st_mtime_ns,
        sorted(os.listdir(path.parent)),
    )


def release_layers() -> None:
    """Let Processing drop the layers it loaded (their GDAL datasets close and flush any side-car file)."""
    from qgis.PyQt.QtCore import QCoreApplication, QEvent

    gc.collect()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    QCoreApplication.processEvents()


def output_paths(folder: Path) -> dict[str, str]:
    """Every output of the algorithm, as files in ``folder``."""
    return {
        "OUTPUT_PATCHES": str(folder / "patches.gpkg"),
        "OUTPUT_CLASS_TABLE": str(folder / "classes.csv"),
        "OUTPUT_LANDSCAPE_TABLE": str(folder / "landscape.csv"),
        "OUTPUT_PATCH_TABLE": str(folder / "patch_table.csv"),
        "OUTPUT_PATCH_RASTER": str(folder / "patch_ids.tif"),
    }


def read_csv(path: str) -> list[dict[str, str]]:
    """Rows of a CSV as dicts."""
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def run_alg(parameters: dict, feedback=None) -> dict:
    """processing.run our algorithm (imported here, after the qgis_processing fixture)."""
    import processing

    return processing.run(ALG_ID, parameters, feedback=feedback)


def independent_patches(data: np.ndarray, value: int) -> tuple[np.ndarray, np.ndarray]:
    """8-neighbour labels of the cells equal to ``value`` and the cell count of each label (index 0 unused)."""
    labels, n = ndimage.label(data == value, structure=EIGHT)
    return labels, np.bincount(labels.ravel(), minlength=n + 1)


def cell_of(point, transform) -> tuple[int, int]:
    """(row, col) of the raster cell holding a map point."""
    col, row = ~transform * (point.x(), point.y())
    return int(np.floor(row)), int(np.floor(col))


def patch_features(gpkg: str) -> tuple:
    """The patch layer of a GeoPackage (layer named as the file) and its features."""
    from qgis.core import QgsVectorLayer

    layer = QgsVectorLayer(f"{gpkg}|layername={Path(gpkg).stem}", "patches", "ogr")
    assert layer.isValid(), gpkg
    return layer, list(layer.getFeatures())


# -- (a) the sample raster -------------------------------------------------------------------


def test_sample_outputs_match_independent_counts(provider, tmp_path: Path, sample: Path, sample_array) -> None:
    """Patch layer, class table and landscape table equal scipy's labels and cell counts."""
    data, valid = sample_array
    before = fingerprint(sample)
    outputs = output_paths(tmp_path)
    results = run_alg({"INPUT": str(sample), "LEGEND_PRESET": "esa_worldcover", **outputs})
    for key, path in outputs.items():
        assert Path(path).is_file(), key
        assert results[key] == path or str(results[key]).startswith(path), (key, results[key])
    assert sorted(os.listdir(tmp_path)) == sorted(Path(p).name for p in outputs.values())
    assert fingerprint(sample) == before, "the input raster was modified or got a side-car file"

    # patch layer: one feature per mangrove and salt-marsh patch, AREA_ha = cells x 0.01
    mangrove_labels, mangrove_cells = independent_patches(data, MANGROVE)
    marsh_labels, marsh_cells = independent_patches(data, MARSH)
    n_mangrove, n_marsh = len(mangrove_cells) - 1, len(marsh_cells) - 1
    assert (n_mangrove, n_marsh) == (177, 77), "the sample README's own counts"
    layer, features = patch_features(outputs["OUTPUT_PATCHES"])
    assert layer.crs().authid() == "EPSG:32649"
    assert len(features) == n_mangrove + n_marsh
    by_class = {MANGROVE: [], MARSH: []}
    for f in features:
        by_class[int(f["class"])].append(f["AREA_ha"])
    assert len(by_class[MANGROVE]) == n_mangrove and len(by_class[MARSH]) == n_marsh
    for value, cells in ((MANGROVE, mangrove_cells), (MARSH, marsh_cells)):
        assert sorted(by_class[value]) == pytest.approx(sorted(cells[1:] * CELL_HA), rel=1e-9, abs=1e-9)

    # each feature is one scipy patch: a point inside it falls in a patch of exactly its area
    with rasterio.open(sample) as src:
        transform = src.transform
    seen = set()
    for f in features:
        value = int(f["class"])
        assert f["ecosystem"] == ("mangrove" if value == MANGROVE else "salt_marsh")
        geom = f.geometry()
        assert geom.area() == pytest.approx(f["AREA_ha"] * 1e4, rel=1e-9)
        row, col = cell_of(geom.pointOnSurface().asPoint(), transform)
        labels, cells = (mangrove_labels, mangrove_cells) if value == MANGROVE else (marsh_labels, marsh_cells)
        label = labels[row, col]
        assert label > 0 and data[row, col] == value
        assert f["AREA_ha"] == pytest.approx(cells[label] * CELL_HA, rel=1e-9)
        seen.add((value, label))
    assert len(seen) == len(features), "two features share one patch"

    # class table: one row per raster value, CA_ha = cells x 0.01
    values, counts = np.unique(data[valid], return_counts=True)
    rows = read_csv(outputs["OUTPUT_CLASS_TABLE"])
    assert [int(r["class"]) for r in rows] == values.tolist()
    for r, count in zip(rows, counts):
        assert float(r["CA_ha"]) == pytest.approx(count * CELL_HA, rel=1e-9)
    ecosystems = {int(r["class"]): r["ecosystem"] for r in rows}
    assert ecosystems[MANGROVE] == "mangrove" and ecosystems[MARSH] == "salt_marsh"
    np_by_class = {int(r["class"]): int(r["NP"]) for r in rows}
    assert np_by_class[MANGROVE] == n_mangrove and np_by_class[MARSH] == n_marsh

    # landscape table: TA_ha = all valid cells x 0.01
    (landscape,) = read_csv(outputs["OUTPUT_LANDSCAPE_TABLE"])
    assert float(landscape["TA_ha"]) == pytest.approx(valid.sum() * CELL_HA, rel=1e-12)
    assert float(landscape["TA_ha"]) == pytest.approx(4788.24)
    all_patches = sum(int(ndimage.label(data == v, structure=EIGHT)[1]) for v in values)
    assert int(landscape["NP"]) == all_patches
    assert results["TOTAL_AREA_HA"] == pytest.approx(valid.sum() * CELL_HA)
    assert results["N_PATCHES"] == all_patches

    # optional patch table: every patch of every class
    patch_rows = read_csv(outputs["OUTPUT_PATCH_TABLE"])
    assert len(patch_rows) == all_patches
    assert sum(float(r["AREA_ha"]) for r in patch_rows) == pytest.approx(valid.sum() * CELL_HA)


def test_patch_layer_has_graduated_style_in_geopackage(provider, tmp_path: Path, sample: Path) -> None:
    """The GeoPackage holds a default style (layer_styles) graduated on AREA_ha; QGIS loads it."""
    outputs = {k: v for k, v in output_paths(tmp_path).items() if k not in ("OUTPUT_PATCH_TABLE", "OUTPUT_PATCH_RASTER")}
    run_alg({"INPUT": str(sample), "LEGEND_PRESET": "esa_worldcover", **outputs})
    gpkg = outputs["OUTPUT_PATCHES"]
    with sqlite3.connect(gpkg) as db:
        styles = db.execute("SELECT f_table_name, styleName, useAsDefault, styleQML FROM layer_styles").fetchall()
    assert len(styles) == 1
    table, name, default, qml = styles[0]
    assert table == "patches" and name and default
    assert 'type="graduatedSymbol"' in qml and 'attr="AREA_ha"' in qml
    layer, _features = patch_features(gpkg)
    assert layer.renderer().type() == "graduatedSymbol"
    assert layer.renderer().classAttribute() == "AREA_ha"
    assert len(layer.renderer().ranges()) >= 2


# -- (b) the patch-id raster -----------------------------------------------------------------


def test_patch_raster_is_the_scipy_partition(provider, tmp_path: Path, sample: Path, sample_array) -> None:
    """The patch-id raster partitions the valid cells exactly as scipy's 8-neighbour labels per value."""
    data, valid = sample_array
    outputs = output_paths(tmp_path)
    run_alg({"INPUT": str(sample), "LEGEND_PRESET": "esa_worldcover", **outputs})
    with rasterio.open(outputs["OUTPUT_PATCH_RASTER"]) as src, rasterio.open(sample) as ref:
        ids = src.read(1)
        assert src.crs == ref.crs and src.transform.almost_equals(ref.transform)
        assert src.shape == ref.shape and src.nodata == 0

    expected = np.zeros(data.shape, dtype=np.int64)
    offset = 0
    for value in np.unique(data[valid]):
        labels, n = ndimage.label(data == value, structure=EIGHT)
        expected[labels > 0] = labels[labels > 0] + offset
        offset += n
    assert ((ids > 0) == valid).all(), "patch ids on exactly the valid cells"
    pairs = np.unique(np.stack([ids[valid], expected[valid]]), axis=1)
    n_ids = np.unique(ids[valid]).size
    assert n_ids == offset
    assert pairs.shape[1] == n_ids == np.unique(expected[valid]).size, "not the same partition"

    # the polygons' patch_id is the raster's id under them
    _layer, features = patch_features(outputs["OUTPUT_PATCHES"])
    with rasterio.open(sample) as src:
        transform = src.transform
    for f in features:
        row, col = cell_of(f.geometry().pointOnSurface().asPoint(), transform)
        assert ids[row, col] == f["patch_id"]


# -- (c) bad inputs --------------------------------------------------------------------------


def _junk(d: Path) -> Path:
    path = d / "notes.tif"
    path.write_text("this is a text file, not a GeoTIFF\n")
    return path


def _zero_bytes(d: Path) -> Path:
    path = d / "empty.tif"
    path.write_bytes(b"")
    return path


def _truncated(d: Path) -> Path:
    full = write_raster(d / "full.tif", np.tile(WORLDCOVER, (100, 75)))
    path = d / "truncated.tif"
    data = full.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    full.unlink()
    return path



BadCase = tuple[Callable[[Path], Path], dict, tuple[str, ...]]

BAD_INPUTS: dict[str, BadCase] = {
    # name: (make the input raster in a folder, extra parameters, words of the problem)
    "float_raster": (lambda d: write_raster(d / "ndvi.tif", WORLDCOVER.astype(np.float32)), {}, ("float32", "integer")),
    "missing_crs": (lambda d: write_raster(d / "no_crs.tif", WORLDCOVER, crs=None), {}, ("no coordinate reference system",)),
    "legend_names_no_class": (
        lambda d: write_raster(d / "codes.tif", np.array([[1, 2], [3, 4]], np.uint8)), {}, ("none of the values",)
    ),
    "values_missing_from_legend": (
        lambda d: write_raster(d / "mixed.tif", np.array([[95, 7], [3, 90]], np.uint8)), {}, ("3, 7",)
    ),
    "all_nodata": (lambda d: write_raster(d / "all_nodata.tif", np.zeros((3, 4), np.uint8), nodata=0), {}, ("only nodata",)),
    "multiband_without_band": (
        lambda d: write_raster(d / "two_bands.tif", np.stack([WORLDCOVER, WORLDCOVER])), {}, ("bands and no band",)
    ),
    "malformed_legend_file": (
        lambda d: write_raster(d / "lc.tif", WORLDCOVER),
        {"LEGEND_FILE": "<legend>"},
        ("line 3", "'ecosystem'", "kelp"),
    ),
    "unknown_class_name": (lambda d: write_raster(d / "lc.tif", WORLDCOVER), {"CLASSES": "seagrass"}, ("seagrass",)),
    "missing_file": (lambda d: d / "nowhere.tif", {}, ("does not exist",)),
    "unreadable_file": (_junk, {}, ("cannot read",)),
    "zero_byte_file": (_zero_bytes, {}, ("cannot read",)),
    "truncated_file": (_truncated, {}, ("cannot read",)),
    "class_table_in_missing_folder": (
        lambda d: write_raster(d / "lc.tif", WORLDCOVER), {"OUTPUT_CLASS_TABLE": "<missing>/classes.csv"}, ("does not exist",)
    ),
    "landscape_table_in_missing_folder": (
        lambda d: write_raster(d / "lc.tif", WORLDCOVER), {"OUTPUT_LANDSCAPE_TABLE": "<missing>/l.csv"}, ("does not exist",)
    ),
    "patch_raster_in_missing_folder": (
        lambda d: write_raster(d / "lc.tif", WORLDCOVER), {"OUTPUT_PATCH_RASTER": "<missing>/ids.tif"}, ("does not exist",)
    ),
    "patch_layer_in_missing_folder": (
        lambda d: write_raster(d / "lc.tif", WORLDCOVER), {"OUTPUT_PATCHES": "<missing>/p.gpkg"}, ("does not exist",)
    ),
}

XFAIL: dict[str, str] = {}  # every bad input now fails cleanly (the former bugs are fixed)


@pytest.mark.parametrize(
    "case",
    [pytest.param(c, marks=pytest.mark.xfail(reason=XFAIL[c], strict=True)) if c in XFAIL else c for c in BAD_INPUTS],
)
def test_bad_input_gives_one_clear_error_and_no_output(provider, tmp_path: Path, case: str) -> None:
    """QgsProcessingException with the problem and 'Fix:'; input untouched; no output file at all."""
    from qgis.core import QgsProcessingException

    make, extra, words = BAD_INPUTS[case]
    in_dir, out_dir = tmp_path / "in", tmp_path / "out"
    in_dir.mkdir()
    out_dir.mkdir()
    raster = make(in_dir)
    parameters = {"INPUT": str(raster), "LEGEND_PRESET": "esa_worldcover", **output_paths(out_dir)}
    for key, value in extra.items():
        if value == "<legend>":
            legend = in_dir / "legend.csv"
            legend.write_text("value,name,ecosystem\n95,Mangroves,mangrove\n90,Kelp,kelp\n", encoding="utf-8")
            value = str(legend)
        parameters[key] = value.replace("<missing>", str(tmp_path / "missing"))
    inputs = sorted(in_dir.iterdir())
    before = {p.name: fingerprint(p) for p in inputs}

    with pytest.raises(QgsProcessingException) as excinfo:
        run_alg(parameters)
    message = str(excinfo.value)
    del excinfo
    release_layers()

    assert "Fix:" in message, message
    for word in words:
        assert word.lower() in message.lower(), f"{word!r} not in: {message}"
    assert "Traceback" not in message
    assert os.listdir(out_dir) == [], f"partial output: {os.listdir(out_dir)}"
    assert not (tmp_path / "missing").exists()
    assert {p.name: fingerprint(p) for p in inputs} == before, "an input was modified"
    assert sorted(in_dir.iterdir()) == inputs, "a file appeared beside the inputs"


def test_read_only_output_folder(repo_root: Path) -> None:
    """Outputs in a folder the user may not write to: 'not writable' and 'Fix:', nothing written.

    Through qgis_process as an unprivileged user (root writes into any folder): its own QGIS profile with the plugin
    enabled, in a world-writable folder."""
    from unprivileged import public_plugins, qgis_process_binary, run_unprivileged, shared_folder

    qgis_process = qgis_process_binary()
    with shared_folder() as shared:
        env = {"QGIS_CUSTOM_CONFIG_PATH": str(shared / "profile"), "QGIS_PLUGINPATH": str(public_plugins()),
               "QT_QPA_PLATFORM": "offscreen", "HOME": str(shared)}
        enabled = run_unprivileged([qgis_process, "plugins", "enable", "bluecarbon"], env)
        assert enabled.returncode == 0, enabled.stdout + enabled.stderr
        raster = write_raster(shared / "lc.tif", WORLDCOVER)
        digest = hashlib.sha256(raster.read_bytes()).hexdigest()
        out = shared / "read_only"
        out.mkdir()
        out.chmod(0o555)
        args = [f"{k}={v}" for k, v in {"INPUT": raster, "LEGEND_PRESET": "esa_worldcover", **output_paths(out)}.items()]
        done = run_unprivileged([qgis_process, "run", ALG_ID, "--", *args], env)
        text = done.stdout + done.stderr
        assert done.returncode != 0, text
        assert "not writable" in text and "Fix:" in text and str(out) in text, text
        assert "Traceback" not in text
        assert os.listdir(out) == []
        assert hashlib.sha256(raster.read_bytes()).hexdigest() == digest


def test_multiband_with_band_choice_runs(provider, tmp_path: Path) -> None:
    """The fix the multiband message gives (choose BAND) works."""
    raster = write_raster(tmp_path / "two_bands.tif", np.stack([np.full_like(WORLDCOVER, 80), WORLDCOVER]))
    out = tmp_path / "out"
    out.mkdir()
    outputs = output_paths(out)
    results = run_alg({"INPUT": str(raster), "BAND": 2, "LEGEND_PRESET": "esa_worldcover", **outputs})
    rows = read_csv(outputs["OUTPUT_CLASS_TABLE"])
    assert [int(r["class"]) for r in rows] == [10, 80, 90, 95]
    assert results["N_PATCHES"] == 5


def test_run_leaves_no_file_beside_the_input(provider, tmp_path: Path) -> None:
    """A successful run on a plain (non-paletted) raster adds nothing to the input's folder: QGIS's parameter
    check loads it as a layer whose renderer computes band statistics, which GDAL would save as <input>.aux.xml
    (processing/gdal_config.py turns that off for those loads)."""
    in_dir = tmp_path / "in"
    in_dir.mkdir()
    raster = write_raster(in_dir / "two_bands.tif", np.stack([np.full_like(WORLDCOVER, 80), WORLDCOVER]))
    before = fingerprint(raster)
    run_alg({"INPUT": str(raster), "BAND": 2, "LEGEND_PRESET": "esa_worldcover", **output_paths(tmp_path)})
    release_layers()
    assert fingerprint(raster) == before


# -- (d) cancellation ------------------------------------------------------------------------


def test_cancelled_after_the_analysis_writes_nothing(provider, tmp_path: Path, sample: Path) -> None:
    """A cancel once the metrics are computed (progress 80 %) still leaves no output file."""
    from qgis.core import QgsProcessingFeedback

    feedback = QgsProcessingFeedback()

    def cancel_late(progress: float) -> None:
        if progress >= 80:
            feedback.cancel()

    feedback.progressChanged.connect(cancel_late)
    outputs = output_paths(tmp_path)
    results = run_alg({"INPUT": str(sample), "LEGEND_PRESET": "esa_worldcover", **outputs}, feedback=feedback)
    assert feedback.isCanceled()
    assert not any(key in results for key in outputs)
    assert os.listdir(tmp_path) == [], f"partial output: {sorted(os.listdir(tmp_path))}"

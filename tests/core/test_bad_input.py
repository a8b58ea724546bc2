"""Bad input gives one clear error naming the problem and the fix; inputs untouched, no partial output.

Engine level: ``open_classified`` (raster + legend), ``load_legend``/``parse_legend``,
``resolve_classes`` and the atomic writers of ``core.io``. Every raster is a real GeoTIFF written
with rasterio in ``tmp_path``.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import Callable, Optional

import numpy as np
import pytest
import rasterio
from rasterio.errors import RasterioIOError
from rasterio.transform import from_origin

from bluecarbon.core.errors import InputError, OutputError
from bluecarbon.core.classes import open_classified
from bluecarbon.core.fragmentation.job import parse_class_list, resolve_classes
from bluecarbon.core.io import atomic_path, check_writable, write_csv, write_raster_strips, write_record_csv
from bluecarbon.core.legend import load_legend, parse_legend, preset_ids
from rasters import write_raster
from unprivileged import run_python_unprivileged, shared_folder


# A 3 x 4 WorldCover-coded landscape: mangrove (95), herbaceous wetland (90), water (80), trees (10).
WORLDCOVER = np.array(
    [
        [95, 95, 90, 80],
        [80, 95, 90, 80],
        [10, 10, 95, 95],
    ],
    dtype=np.uint8,
)


def fingerprint(path: Path) -> tuple[str, int, list[str]]:
    """SHA-256 and mtime of a file, and the names in its folder (to catch side-car files)."""
    return (
        hashlib.sha256(path.read_bytes()).hexdigest(),
        path.stat().st_mtime_ns,
        sorted(os.listdir(path.parent)),
    )


def assert_clear(err: BaseException, *words: str) -> None:
    """The message names the problem (every word, case-insensitive) and carries a fix."""
    text = str(err)
    assert "Fix:" in text, text
    problem, _, fix = text.partition("Fix:")
    assert problem.strip() and fix.strip(), text
    for word in words:
        assert word.lower() in problem.lower(), f"{word!r} not in problem part of: {text}"


# -- rasters ---------------------------------------------------------------------------------


def _float32(d: Path) -> Path:
    return write_raster(d / "continuous.tif", WORLDCOVER.astype(np.float32))


def _float64(d: Path) -> Path:
    return write_raster(d / "continuous64.tif", WORLDCOVER.astype(np.float64))


def _no_crs(d: Path) -> Path:
    return write_raster(d / "no_crs.tif", WORLDCOVER, crs=None)


def _all_nodata(d: Path) -> Path:
    return write_raster(d / "all_nodata.tif", np.zeros_like(WORLDCOVER), nodata=0)


def _all_nodata_int16(d: Path) -> Path:
    return write_raster(d / "all_nodata16.tif", np.full(WORLDCOVER.shape, -9999, np.int16), nodata=-9999)


def _multiband(d: Path) -> Path:
    return write_raster(d / "two_bands.tif", np.stack([WORLDCOVER, WORLDCOVER]))


def _not_a_raster(d: Path) -> Path:
    path = d / "notes.tif"
    path.write_text("this is a text file, not a GeoTIFF\n")
    return path


def _zero_bytes(d: Path) -> Path:
    path = d / "empty.tif"
    path.write_bytes(b"")
    return path


RasterCase = tuple[Callable[[Path], Path], Optional[int], Optional[str], tuple[str, ...]]

BAD_RASTERS: dict[str, RasterCase] = {
    # name: (make raster, band, legend, words the problem must contain)
    "float32": (_float32, None, "esa_worldcover", ("float32", "integer")),
    "float64": (_float64, None, None, ("float64", "integer")),
    "no_crs": (_no_crs, None, "esa_worldcover", ("no coordinate reference system",)),
    "all_nodata": (_all_nodata, None, "esa_worldcover", ("only nodata",)),
    "all_nodata_int16": (_all_nodata_int16, None, None, ("only nodata",)),
    "multiband_no_band": (_multiband, None, "esa_worldcover", ("2 bands and no band",)),
    "multiband_band_0": (_multiband, 0, "esa_worldcover", ("2 bands and no band",)),
    "multiband_band_out_of_range": (_multiband, 3, "esa_worldcover", ("band 3", "2 band")),
    "not_a_raster": (_not_a_raster, None, None, ("cannot read",)),
    "zero_bytes": (_zero_bytes, None, None, ("cannot read",)),
}


@pytest.mark.parametrize("case", list(BAD_RASTERS))
def test_bad_raster_raises_input_error_and_leaves_it_untouched(tmp_path: Path, case: str) -> None:
    """Each bad raster: InputError naming the problem and the fix; the file (and its folder) unchanged."""
    make, band, legend, words = BAD_RASTERS[case]
    path = make(tmp_path)
    before = fingerprint(path)
    with pytest.raises(InputError) as excinfo:
        open_classified(str(path), band, legend)
    assert_clear(excinfo.value, *words)
    assert excinfo.value.problem and excinfo.value.fix
    assert str(path) in str(excinfo.value), "the message names the file"
    assert fingerprint(path) == before


def test_multiband_with_band_choice_is_accepted(tmp_path: Path) -> None:
    """The same two-band raster works once a band is chosen (the fix the message gives)."""
    path = _multiband(tmp_path)
    before = fingerprint(path)
    lc, scheme = open_classified(str(path), 2, "esa_worldcover")
    with lc:
        assert lc.band == 2
        assert scheme.codes == [10, 80, 90, 95]
    assert fingerprint(path) == before, "the engine reads without writing side-car files"


def test_missing_raster(tmp_path: Path) -> None:
    """A path that does not exist: InputError 'does not exist' with the path; nothing created."""
    path = tmp_path / "nowhere" / "landcover.tif"
    with pytest.raises(InputError) as excinfo:
        open_classified(str(path), None, "esa_worldcover")
    assert_clear(excinfo.value, "does not exist", str(path))
    assert not path.parent.exists()


def test_truncated_raster_is_an_input_error(tmp_path: Path) -> None:
    """A GeoTIFF cut short (incomplete download) cannot be read: one InputError, not a GDAL traceback."""
    full = write_raster(tmp_path / "full.tif", np.tile(WORLDCOVER, (100, 75)))
    path = tmp_path / "truncated.tif"
    data = full.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    before = fingerprint(path)
    with pytest.raises(InputError) as excinfo:
        open_classified(str(path), None, "esa_worldcover")
    assert_clear(excinfo.value, "cannot read")
    assert fingerprint(path) == before


UNREADABLE = """
from bluecarbon.core.classes import open_classified
from bluecarbon.core.errors import InputError
try:
    open_classified(sys.argv[1], None, "esa_worldcover")
except InputError as e:
    print("REFUSED", e)
"""


def test_unreadable_permissions(plugins_dir: Path) -> None:
    """A raster the user may not read (mode 000): InputError 'cannot read'; run unprivileged, as root reads anything."""
    with shared_folder() as folder:
        path = write_raster(folder / "secret.tif", WORLDCOVER)
        path.chmod(0)
        before = fingerprint(path)
        done = run_python_unprivileged(UNREADABLE, plugins_dir, path)
        assert "REFUSED" in done.stdout, done.stdout + done.stderr
        assert "cannot read" in done.stdout and "Fix:" in done.stdout and str(path) in done.stdout
        assert fingerprint(path) == before


# -- legends ---------------------------------------------------------------------------------


def test_legend_naming_no_value_of_the_raster(tmp_path: Path) -> None:
    """WorldCover legend on a raster coded 1..4: the message names the legend, its values and the raster's."""
    path = write_raster(tmp_path / "codes_1_4.tif", np.array([[1, 2], [3, 4]], np.uint8))
    before = fingerprint(path)
    with pytest.raises(InputError) as excinfo:
        open_classified(str(path), None, "esa_worldcover")
    assert_clear(excinfo.value, "none of the values", "WorldCover", "95", "1, 2, 3, 4")
    assert "no legend" in excinfo.value.fix
    assert fingerprint(path) == before


def test_raster_values_missing_from_legend(tmp_path: Path) -> None:
    """Values 3 and 7 are not WorldCover codes: the message names exactly those values."""
    path = write_raster(tmp_path / "mixed.tif", np.array([[95, 7], [3, 90]], np.uint8))
    with pytest.raises(InputError) as excinfo:
        open_classified(str(path), None, "esa_worldcover")
    assert_clear(excinfo.value, "3, 7", "does not define")
    assert "95" not in excinfo.value.problem.split("legend")[0]


def test_nodata_value_is_not_a_missing_legend_value(tmp_path: Path) -> None:
    """Cells at the nodata value (0) are not asked for in the legend."""
    data = WORLDCOVER.copy()
    data[0, 0] = 0
    path = write_raster(tmp_path / "with_nodata.tif", data, nodata=0)
    lc, scheme = open_classified(str(path), None, "esa_worldcover")
    with lc:
        assert 0 not in scheme.codes


def test_unknown_legend_preset(tmp_path: Path) -> None:
    """An unknown preset id: the message names it and lists the shipped presets."""
    path = write_raster(tmp_path / "lc.tif", WORLDCOVER)
    with pytest.raises(InputError) as excinfo:
        open_classified(str(path), None, "worldcover_2099")
    assert_clear(excinfo.value, "no legend preset", "worldcover_2099")
    for preset in preset_ids():
        assert preset in excinfo.value.fix
    with pytest.raises(InputError) as excinfo:
        load_legend("worldcover_2099")
    assert_clear(excinfo.value, "worldcover_2099")


def test_missing_legend_file(tmp_path: Path) -> None:
    """A legend CSV path that does not exist."""
    with pytest.raises(InputError) as excinfo:
        load_legend(tmp_path / "my_legend.csv")
    assert_clear(excinfo.value, "does not exist", "my_legend.csv")


def test_legend_not_utf8(tmp_path: Path) -> None:
    """A legend saved in another encoding cannot be read: InputError naming the file."""
    path = tmp_path / "latin1.csv"
    path.write_bytes("value,name,ecosystem\n95,Mangue \xe0 palétuvier,mangrove\n".encode("latin-1"))
    with pytest.raises(InputError) as excinfo:
        load_legend(path)
    assert_clear(excinfo.value, "cannot be read", "latin1.csv")


MALFORMED = {
    # name: (CSV text, words of the problem: row number and column)
    "non_integer_value": ("value,name,ecosystem\n95,Mangroves,mangrove\nninety,Marsh,salt_marsh\n",
                          ("line 3", "'value'", "ninety", "not an integer")),
    "decimal_value": ("value,name,ecosystem\n95,Mangroves,mangrove\n90.5,Marsh,salt_marsh\n",
                      ("line 3", "'value'", "90.5")),
    "unknown_ecosystem": ("value,name,ecosystem\n95,Mangroves,mangrove\n90,Kelp,kelp_forest\n",
                          ("line 3", "'ecosystem'", "kelp_forest", "not a known ecosystem")),
    "duplicate_value": ("value,name,ecosystem\n95,Mangroves,mangrove\n90,Marsh,salt_marsh\n95,Again,mangrove\n",
                        ("line 4", "'value'", "95", "line 2")),
    "missing_column": ("value,name\n95,Mangroves\n", ("ecosystem", "lacks the column")),
    "empty": ("# title: nothing\n", ("no rows",)),
}


@pytest.mark.parametrize("case", list(MALFORMED))
def test_malformed_legend_csv(tmp_path: Path, case: str) -> None:
    """A malformed legend CSV names the row and the column at fault (or the missing column)."""
    text, words = MALFORMED[case]
    legend = tmp_path / f"{case}.csv"
    legend.write_text(text, encoding="utf-8")
    raster = write_raster(tmp_path / "lc.tif", WORLDCOVER)
    before = fingerprint(legend)
    with pytest.raises(InputError) as excinfo:
        open_classified(str(raster), None, str(legend))
    assert_clear(excinfo.value, *words)
    assert str(legend) in str(excinfo.value)
    assert fingerprint(legend) == before
    with pytest.raises(InputError) as direct:
        parse_legend(text, "mine")
    assert str(direct.value) == str(excinfo.value).replace(str(legend), "mine")


def test_malformed_legend_row_number_counts_comment_lines(tmp_path: Path) -> None:
    """The row number is the line a user sees in an editor or spreadsheet, comment lines included."""
    legend = tmp_path / "copied_preset.csv"
    legend.write_text(
        "# title: my copy of WorldCover\n"  # line 1
        "# note: edited\n"  # line 2
        "value,name,ecosystem\n"  # line 3
        "95,Mangroves,mangrove\n"  # line 4
        "ninety,Marsh,salt_marsh\n",  # line 5: the bad row
        encoding="utf-8",
    )
    with pytest.raises(InputError) as excinfo:
        load_legend(legend)
    assert_clear(excinfo.value, "line 5", "'value'")


# -- classes ---------------------------------------------------------------------------------


def test_unknown_class_names(tmp_path: Path) -> None:
    """resolve_classes names the unknown tokens and lists the classes present."""
    path = write_raster(tmp_path / "lc.tif", WORLDCOVER)
    lc, scheme = open_classified(str(path), None, "esa_worldcover")
    with lc:
        with pytest.raises(InputError) as excinfo:
            resolve_classes(scheme, parse_class_list("mangrove; seagrass, 42"))
        assert_clear(excinfo.value, "seagrass", "42", "not in this landscape")
        assert "mangrove" not in excinfo.value.problem
        for known in ("10", "80", "90", "95", "mangrove", "salt_marsh"):
            assert known in excinfo.value.fix
        assert resolve_classes(scheme, ["mangrove", "90"]) == [scheme.index_of(90), scheme.index_of(95)]


def test_unknown_grouping(tmp_path: Path) -> None:
    """A grouping other than value / ecosystem."""
    path = write_raster(tmp_path / "lc.tif", WORLDCOVER)
    with pytest.raises(InputError) as excinfo:
        open_classified(str(path), None, "esa_worldcover", group_by="species")
    assert_clear(excinfo.value, "species")


# -- outputs ---------------------------------------------------------------------------------


def test_csv_into_missing_folder(tmp_path: Path) -> None:
    """Writing into a folder that does not exist fails before anything is created."""
    target = tmp_path / "no_such_folder" / "classes.csv"
    with pytest.raises(OutputError) as excinfo:
        write_csv(str(target), {"class": [95], "CA_ha": [1.5]})
    assert_clear(excinfo.value, "does not exist", str(target.parent))
    assert not target.parent.exists()
    assert os.listdir(tmp_path) == []
    with pytest.raises(OutputError):
        write_record_csv(str(target), {"TA_ha": 1.0})
    with pytest.raises(OutputError):
        check_writable(str(target))
    assert os.listdir(tmp_path) == []


def test_output_path_is_a_folder(tmp_path: Path) -> None:
    """An output path naming an existing folder."""
    folder = tmp_path / "results"
    folder.mkdir()
    with pytest.raises(OutputError) as excinfo:
        write_csv(str(folder), {"class": [95]})
    assert_clear(excinfo.value, "is a folder")
    assert os.listdir(folder) == [] and os.listdir(tmp_path) == ["results"]


NOT_WRITABLE = """
from bluecarbon.core.io import write_csv
from bluecarbon.core.errors import OutputError
try:
    write_csv(sys.argv[1], {"class": [95]})
except OutputError as e:
    print("REFUSED", e)
"""


def test_output_folder_not_writable(plugins_dir: Path) -> None:
    """A read-only output folder (mode 555): OutputError 'not writable', nothing created; run unprivileged."""
    with shared_folder() as shared:
        folder = shared / "read_only"
        folder.mkdir()
        folder.chmod(0o555)
        done = run_python_unprivileged(NOT_WRITABLE, plugins_dir, folder / "classes.csv")
        assert "REFUSED" in done.stdout, done.stdout + done.stderr
        assert "not writable" in done.stdout and "Fix:" in done.stdout and str(folder) in done.stdout
        assert os.listdir(folder) == []


def test_atomic_path_leaves_nothing_when_the_body_raises(tmp_path: Path) -> None:
    """A failing body leaves no temporary file and no destination."""
    target = tmp_path / "table.csv"
    seen: list[str] = []
    with pytest.raises(RuntimeError, match="boom"):
        with atomic_path(str(target)) as tmp:
            seen.append(tmp)
            Path(tmp).write_text("half a table")
            Path(tmp + ".aux.xml").write_text("<PAMDataset/>")
            raise RuntimeError("boom")
    assert seen and os.path.dirname(seen[0]) == str(tmp_path)
    assert os.listdir(tmp_path) == []


def test_atomic_path_keeps_the_previous_file_when_the_body_raises(tmp_path: Path) -> None:
    """An existing result is not replaced by a partial one."""
    target = tmp_path / "table.csv"
    target.write_text("old,complete\n1,2\n")
    before = fingerprint(target)
    with pytest.raises(KeyboardInterrupt):
        with atomic_path(str(target)) as tmp:
            Path(tmp).write_text("new,partial\n")
            raise KeyboardInterrupt
    assert fingerprint(target) == before


def test_atomic_path_publishes_only_on_success(tmp_path: Path) -> None:
    """On success the destination appears with the content and the temporary file is gone."""
    target = tmp_path / "table.csv"
    with atomic_path(str(target)) as tmp:
        Path(tmp).write_text("a\n1\n")
        assert not target.exists()
    assert target.read_text() == "a\n1\n"
    assert os.listdir(tmp_path) == ["table.csv"]


def test_write_csv_failing_midway_leaves_no_file(tmp_path: Path) -> None:
    """Columns of unequal length fail while rows are written: no CSV, no temporary file."""
    target = tmp_path / "classes.csv"
    with pytest.raises(IndexError):
        write_csv(str(target), {"class": [10, 80, 90, 95], "CA_ha": [1.0, 2.0]})
    assert os.listdir(tmp_path) == []


def test_raster_writer_failing_midway_leaves_no_file(tmp_path: Path) -> None:
    """A strip generator that fails after the first strip: no GeoTIFF, no temporary file, no side-car."""
    target = tmp_path / "patch_ids.tif"
    profile = {
        "width": 4, "height": 4, "count": 1, "dtype": "int32", "nodata": 0,
        "crs": "EPSG:32649", "transform": from_origin(0, 40, 10, 10),
    }

    def strips():
        yield 0, np.ones((2, 4), np.int32)
        raise RuntimeError("labelling failed")

    with pytest.raises(RuntimeError, match="labelling failed"):
        write_raster_strips(str(target), profile, strips(), ["patch id"])
    assert os.listdir(tmp_path) == []

    missing = tmp_path / "nowhere" / "patch_ids.tif"
    with pytest.raises(OutputError) as excinfo:
        write_raster_strips(str(missing), profile, iter([(0, np.ones((4, 4), np.int32))]))
    assert_clear(excinfo.value, "does not exist")
    assert os.listdir(tmp_path) == []

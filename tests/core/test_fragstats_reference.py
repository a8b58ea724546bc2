"""Every metric against FRAGSTATS 4's own output on the 30 x 30 test landscape (tests/data/README.md).

Patches are joined to FRAGSTATS's rows by ``PID_fragstats``. GYRATE and CIRCLE follow FRAGSTATS's program
(grouped-data median centre, π = 3.1415), the engine's default.

FRAGSTATS prints 4 decimals: values must agree within 5e-5 plus a relative 5e-5. Settings behind the
reference: 8-neighbour rule, edge depth one cell, landscape boundary not counted in TE/ED. Where FRAGSTATS's
output departs from its own help page, a named test below pins what we do and why.
"""

from __future__ import annotations

import csv
import math
from pathlib import Path

import numpy as np
import pytest

from bluecarbon.core.classes import build_scheme
from bluecarbon.core.fragmentation import FragmentationOptions, analyse_fragmentation
from bluecarbon.core.landcover import open_landcover

DATA = Path(__file__).resolve().parents[1] / "data"
RASTER = DATA / "landscape_30x30.tif"
PINNED: set[str] = set()  # every printed metric is compared; departures from the help page are pinned below


def fs_name(column: str) -> str:
    """Our column name without its unit suffix, i.e. the FRAGSTATS acronym."""
    units = {"ha", "m", "pct", "per", "100ha"}
    return "_".join(p for p in column.split("_") if p not in units)


def close(ours: float, fragstats: float) -> bool:
    return abs(ours - fragstats) <= 5e-5 + 5e-5 * abs(fragstats)


@pytest.fixture(scope="module")
def result():
    lc = open_landcover(RASTER)
    scheme = build_scheme(lc.value_counts(), None)
    res = analyse_fragmentation(lc, scheme, FragmentationOptions())
    yield res
    res.close()
    lc.close()


def read(name: str) -> list[dict]:
    with open(DATA / f"landscape_30x30_fragstats_{name}.csv", newline="") as f:
        return list(csv.DictReader(f))


def by_pid(result) -> list[tuple[dict, int]]:
    """Each FRAGSTATS patch row with the index of our patch whose PID_fragstats is its PID."""
    pids = list(result.patches["PID_fragstats"])
    return [(row, pids.index(int(row["PID"]))) for row in read("patch")]


def test_pid_fragstats_joins_every_patch_to_fragstats(result) -> None:
    """PID_fragstats is FRAGSTATS's PID: the same patch (class, AREA, PERIM, CORE, ENN) under the same id."""
    assert sorted(result.patches["PID_fragstats"]) == list(range(1, 29))
    for row, i in by_pid(result):
        assert result.patches["class"][i] == int(row["TYPE"])
        for metric, ours in (("AREA", "AREA_ha"), ("PERIM", "PERIM_m"), ("CORE", "CORE_ha"), ("SHAPE", "SHAPE")):
            assert close(result.patches[ours][i], float(row[metric])), f"PID {row['PID']} {metric}"


def test_gyrate_of_every_patch_equals_fragstats_program(result) -> None:
    """GYRATE of all 28 patches, joined by PID, equals FRAGSTATS's printed value (absolute 5e-5).

    FRAGSTATS's program centres each patch on the per-axis grouped-data median of its cells' rows and
    columns and gives a one-cell patch half a cell (0.5 m here); the mean of the cell centres would miss
    e.g. PID 9-type irregular patches by up to 0.02 m.
    """
    bad = [
        (row["PID"], result.patches["GYRATE_m"][i], row["GYRATE"])
        for row, i in by_pid(result)
        if abs(result.patches["GYRATE_m"][i] - float(row["GYRATE"])) > 5e-5
    ]
    assert not bad


def test_gyrate_worked_examples_by_hand(tmp_path: Path) -> None:
    """Hand-computed FRAGSTATS centres of two patches of the reference landscape (1 m cells).

    ``##./..#``: rows 0,0,1 → row median −0.5 + 1.5/2 = 0.25, columns 0,1,2 → 1; distances
    √(0.25²+1), 0.25, √(0.75²+1) → GYRATE 0.8436 (FRAGSTATS prints 0.8436; the mean centre gives 0.8631).
    ``####/.##./.##./.#..``: rows 4,2,2,1 → 0.75; columns 1,4,3,1 → 0.5 + 3.5/4 = 1.375 → 1.2531 (mean 1.2368).
    """
    from rasterio.transform import from_origin
    import rasterio

    def gyr(rows: list[str], centre: str) -> float:
        a = np.array([[1 if ch == "#" else 2 for ch in r] for r in rows], dtype=np.uint8)
        a = np.pad(a, 1, constant_values=2)
        path = tmp_path / f"g{len(rows)}{centre}.tif"
        with rasterio.open(path, "w", driver="GTiff", width=a.shape[1], height=a.shape[0], count=1, dtype="uint8",
                           crs="EPSG:32650", transform=from_origin(500000, 2500000, 1, 1)) as dst:
            dst.write(a, 1)
        lc = open_landcover(path)
        res = analyse_fragmentation(lc, build_scheme(lc.value_counts(), None), FragmentationOptions(gyrate_centre=centre))
        res.close()
        lc.close()
        return float(res.patches["GYRATE_m"][list(res.patches["class"]).index(1)])

    three = ["##.", "..#"]
    hand = (math.hypot(0.25, 1) + 0.25 + math.hypot(0.75, 1)) / 3
    assert gyr(three, "fragstats") == pytest.approx(hand, abs=1e-12)
    assert abs(hand - 0.8436) < 5e-5
    assert abs(gyr(three, "mean") - 0.8631) < 5e-5
    nine = ["####", ".##.", ".##.", ".#.."]
    cells = [(r, c) for r, row in enumerate(nine) for c, ch in enumerate(row) if ch == "#"]
    hand = sum(math.hypot(r - 0.75, c - 1.375) for r, c in cells) / 9
    assert gyr(nine, "fragstats") == pytest.approx(hand, abs=1e-12)
    assert abs(hand - 1.2531) < 5e-5
    assert abs(gyr(nine, "mean") - 1.2368) < 5e-5
    assert gyr(["#"], "fragstats") == 0.5 and gyr(["#"], "mean") == 0.0


def test_circle_of_every_patch_and_class_stats_equal_fragstats_absolutely(result) -> None:
    """CIRCLE with π = 3.1415, as FRAGSTATS's program: every patch and the class MN/SD/CV within 5e-5 absolute.

    With numpy's π four of the 28 patches come out one unit high in the 4th decimal.
    """
    bad = [
        (row["PID"], result.patches["CIRCLE"][i], row["CIRCLE"])
        for row, i in by_pid(result)
        if abs(result.patches["CIRCLE"][i] - float(row["CIRCLE"])) > 5e-5
    ]
    assert not bad
    for row in read("class"):
        i = list(result.classes["class"]).index(int(row["TYPE"]))
        for stat in ("MN", "SD"):
            assert abs(result.classes[f"CIRCLE_{stat}"][i] - float(row[f"CIRCLE_{stat}"])) <= 5e-5, (row["TYPE"], stat)
        # CV is printed in % (4 decimals of a value ~ 100): same absolute bound on the printed number
        assert abs(result.classes["CIRCLE_CV_pct"][i] - float(row["CIRCLE_CV"])) <= 5e-5, row["TYPE"]
    land = read("landscape")[0]
    for stat in ("MN", "SD"):
        assert abs(result.landscape[f"CIRCLE_{stat}"] - float(land[f"CIRCLE_{stat}"])) <= 5e-5


def test_circle_exact_pi_option_misses_fragstats_by_one_unit() -> None:
    """``circle_pi="exact"`` (numpy's π) differs from FRAGSTATS's print on some patches: pins why 3.1415."""
    lc = open_landcover(RASTER)
    res = analyse_fragmentation(lc, build_scheme(lc.value_counts(), None), FragmentationOptions(circle_pi="exact"))
    ref = {int(r["PID"]): float(r["CIRCLE"]) for r in read("patch")}
    off = [abs(c - ref[int(p)]) > 5e-5 for c, p in zip(res.patches["CIRCLE"], res.patches["PID_fragstats"])]
    res.close()
    lc.close()
    assert 1 <= sum(off) <= 4


def test_class_gyrate_stats_equal_fragstats(result) -> None:
    """Class and landscape GYRATE_MN, GYRATE_SD (absolute 5e-5) and GYRATE_CV (printed, 4 decimals)."""
    for row in read("class"):
        i = list(result.classes["class"]).index(int(row["TYPE"]))
        for stat, ours in (("MN", "GYRATE_MN_m"), ("SD", "GYRATE_SD_m")):
            assert abs(result.classes[ours][i] - float(row[f"GYRATE_{stat}"])) <= 5e-5, (row["TYPE"], stat)
        assert close(result.classes["GYRATE_CV_pct"][i], float(row["GYRATE_CV"]))
    land = read("landscape")[0]
    assert abs(result.landscape["GYRATE_MN_m"] - float(land["GYRATE_MN"])) <= 5e-5
    assert abs(result.landscape["GYRATE_SD_m"] - float(land["GYRATE_SD"])) <= 5e-5
    assert close(result.landscape["GYRATE_CV_pct"], float(land["GYRATE_CV"]))


def test_patch_metrics_match_fragstats_class_by_class(result) -> None:
    """Per class, the multiset of each patch metric equals FRAGSTATS's (patch ids are ordered differently)."""
    ref = read("patch")
    ours = {fs_name(k): np.asarray(v) for k, v in result.patches.items()}
    compared = set()
    for metric in ref[0]:
        if metric in ("PID", "TYPE") or metric in PINNED:
            continue
        assert metric in ours, f"{metric} is not computed"
        for cls in (1, 2, 3):
            fs = sorted(float(r[metric]) for r in ref if int(r["TYPE"]) == cls)
            mine = sorted(float(v) for v, c in zip(ours[metric], ours["class"]) if c == cls)
            assert len(fs) == len(mine)
            bad = [(m, f) for m, f in zip(mine, fs) if not close(m, f)]
            assert not bad, f"{metric} class {cls}: {bad}"
        compared.add(metric)
    assert compared >= {"AREA", "PERIM", "PARA", "SHAPE", "FRAC", "CIRCLE", "CONTIG", "CORE", "NCORE", "CAI", "ENN"}


def test_patches_match_fragstats_jointly(result) -> None:
    """Each FRAGSTATS patch has one of ours with all its metrics equal at once."""
    ref = read("patch")
    ours = {fs_name(k): np.asarray(v) for k, v in result.patches.items()}
    metrics = [m for m in ref[0] if m not in ("PID", "TYPE") and m not in PINNED]
    free = set(range(len(ours["class"])))
    for row in ref:
        match = [
            i for i in free
            if ours["class"][i] == int(row["TYPE"]) and all(close(float(ours[m][i]), float(row[m])) for m in metrics)
        ]
        assert match, f"no patch matches FRAGSTATS PID {row['PID']}"
        free.remove(match[0])
    assert not free


def test_class_metrics_match_fragstats(result) -> None:
    """All class metrics FRAGSTATS printed, GYRATE family included."""
    ref = read("class")
    ours = {fs_name(k): v for k, v in result.classes.items()}
    checked = 0
    for row in ref:
        i = list(result.classes["class"]).index(int(row["TYPE"]))
        for metric, value in row.items():
            if metric == "TYPE" or metric.split("_")[0] in PINNED:
                continue
            assert metric in ours, f"class metric {metric} is not computed"
            if value == "":  # FRAGSTATS printed N/A
                assert math.isnan(float(ours[metric][i])), f"{metric} should be N/A"
                continue
            assert close(float(ours[metric][i]), float(value)), f"{metric} class {row['TYPE']}: {ours[metric][i]} vs {value}"
            checked += 1
    assert checked >= 3 * 48


def test_landscape_metrics_match_fragstats(result) -> None:
    """All landscape metrics FRAGSTATS printed, GYRATE family included."""
    row = read("landscape")[0]
    ours = {fs_name(k): v for k, v in result.landscape.items()}
    for metric, value in row.items():
        if metric.split("_")[0] in PINNED:
            continue
        assert metric in ours, f"landscape metric {metric} is not computed"
        assert close(float(ours[metric]), float(value)), f"{metric}: {ours[metric]} vs {value}"


def test_pinned_nlsi_uses_the_maximum_edge_fragstats_prints(result) -> None:
    """nLSI of class 3 (53.6 % of the map) is 0.1631 in FRAGSTATS's output.

    Its help page gives max e = 3A − 2a (= 1736 sides here, nLSI 0.1687) for a class covering between
    half and (A + B)/2 of the map, but the program uses Z + 4(A − a) (= 1792, nLSI 0.1631). We match the
    program, the only reference there is.
    """
    i = list(result.classes["class"]).index(3)
    assert close(result.classes["NLSI"][i], 0.1631)
    e, min_e = 366, 88
    assert abs((e - min_e) / (3 * 900 - 2 * 482 - min_e) - 0.1687) < 5e-5


def test_pinned_circle_is_the_longest_corner_to_corner_diameter(result) -> None:
    """CIRCLE uses a circle whose diameter is the longest distance between two cell corners of the patch.

    That is what FRAGSTATS's output shows (e.g. a 3 x 3 block minus corners: smallest enclosing
    circle and diameter circle differ) and one-cell patches get 0 (FRAGSTATS prints 0, not 1 − 2/π).
    """
    ours = {fs_name(k): np.asarray(v) for k, v in result.patches.items()}
    assert np.all(ours["CIRCLE"][ours["AREA"] == 0.0001] == 0.0)
    two = ours["CIRCLE"][ours["AREA"] == 0.0002]
    assert np.allclose(two, 1 - 2 / (3.1415 * 5 / 4))  # 1 x 2 cells: diameter √5 (FRAGSTATS's π)

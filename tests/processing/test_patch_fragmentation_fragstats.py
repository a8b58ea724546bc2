"""bluecarbon:patchfragmentation against FRAGSTATS's own patch output (tests/data README): the patch table's
PID_fragstats joins it to FRAGSTATS's PID, and the GYRATE_CENTRE choice gives FRAGSTATS's program or the
mean-centre definition."""

from __future__ import annotations

import csv
from pathlib import Path


ALG_ID = "bluecarbon:patchfragmentation"
DATA = Path(__file__).resolve().parents[1] / "data"


def read_csv(path: Path) -> list[dict[str, str]]:
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def run(tmp_path: Path, centre: str) -> list[dict[str, str]]:
    import processing

    out = tmp_path / f"c{centre}"
    out.mkdir()
    processing.run(ALG_ID, {
        "INPUT": str(DATA / "landscape_30x30.tif"),
        "CLASSES": "1,2,3",
        "GYRATE_CENTRE": centre,
        "OUTPUT_PATCHES": str(out / "patches.gpkg"),
        "OUTPUT_CLASS_TABLE": str(out / "classes.csv"),
        "OUTPUT_LANDSCAPE_TABLE": str(out / "landscape.csv"),
        "OUTPUT_PATCH_TABLE": str(out / "patch_table.csv"),
    })
    return read_csv(out / "patch_table.csv")


def test_patch_table_joins_fragstats_by_pid_and_gyrate_centre_option(provider, tmp_path: Path) -> None:
    """Joined on PID_fragstats = PID, class, AREA and GYRATE equal FRAGSTATS's; the mean centre gives 0 for one cell."""
    ref = {row["PID"]: row for row in read_csv(DATA / "landscape_30x30_fragstats_patch.csv")}
    ours = run(tmp_path, "fragstats")
    assert sorted(r["PID_fragstats"] for r in ours) == sorted(ref)
    for row in ours:
        fs = ref[row["PID_fragstats"]]
        assert row["class"] == fs["TYPE"]
        assert abs(float(row["AREA_ha"]) - float(fs["AREA"])) < 5e-9
        assert abs(float(row["GYRATE_m"]) - float(fs["GYRATE"])) <= 5e-5, row["PID_fragstats"]
    mean = {r["PID_fragstats"]: float(r["GYRATE_m"]) for r in run(tmp_path, "mean")}
    single = [pid for pid, fs in ref.items() if float(fs["AREA"]) == 0.0001]
    assert single and all(mean[pid] == 0.0 for pid in single)
    assert any(abs(mean[pid] - float(fs["GYRATE"])) > 1e-3 for pid, fs in ref.items() if pid not in single)

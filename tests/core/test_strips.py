"""Strip processing (bounded memory) gives exactly the results of one whole-raster strip.

Patches are stitched across strip borders with union-find; patch ids follow the raster-scan order of
each patch's first cell whatever the strips; the patch-id raster may live on disk.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import rasterio
from rasterio.transform import from_origin
from scipy import ndimage as ndi

from bluecarbon.core.classes import build_scheme
from bluecarbon.core.fragmentation import FragmentationOptions, analyse_fragmentation
from bluecarbon.core.landcover import open_landcover
from bluecarbon.core.patches import label_patches


def write(path: Path, a: np.ndarray, nodata=0) -> Path:
    with rasterio.open(
        path, "w", driver="GTiff", width=a.shape[1], height=a.shape[0], count=1, dtype=a.dtype.name,
        crs="EPSG:32650", transform=from_origin(0, 0, 10, 10), nodata=nodata,
    ) as dst:
        dst.write(a, 1)
    return path


@pytest.fixture(scope="module")
def raster(tmp_path_factory) -> Path:
    rng = np.random.default_rng(11)
    z = ndi.gaussian_filter(rng.standard_normal((97, 131)), 2.5)
    a = (np.digitize(z, np.quantile(z, [0.3, 0.55, 0.8])) + 1).astype(np.uint8)
    a[rng.random(a.shape) < 0.01] = 0
    # a snake of class 9 winding through many strips, joined only at the far end
    a[5:90, 3] = 9
    a[5:90, 6] = 9
    a[89, 3:7] = 9
    a[40, 60] = 9  # a lone cell far from the others: ENN needs the window search
    return write(tmp_path_factory.mktemp("strips") / "r.tif", a)


def run(path: Path, **kw):
    lc = open_landcover(path)
    scheme = build_scheme(lc.value_counts(), None)
    opts = FragmentationOptions(search_radius_m=35.0, edge_depth_m=kw.pop("edge_depth_m", None), **kw)
    res = analyse_fragmentation(lc, scheme, opts)
    ids = res.labelling.store.rows(0, lc.grid.height)
    res.close()
    lc.close()
    return res, ids


@pytest.mark.parametrize("neighbours", [8, 4])
@pytest.mark.parametrize("rows_per_strip,in_memory", [(1, True), (7, False), (33, True), (40, False)])
def test_strips_equal_one_strip(raster: Path, neighbours: int, rows_per_strip: int, in_memory: bool) -> None:
    whole, whole_ids = run(raster, neighbours=neighbours)
    strips, strip_ids = run(raster, neighbours=neighbours, rows_per_strip=rows_per_strip, in_memory=in_memory)
    assert np.array_equal(whole_ids, strip_ids), "patch ids must not depend on the strips"
    for level in ("patches", "classes"):
        a, b = getattr(whole, level), getattr(strips, level)
        assert a.keys() == b.keys()
        for key in a:
            x, y = np.asarray(a[key]), np.asarray(b[key])
            if x.dtype == object:
                assert list(x) == list(y), key
            else:
                assert np.allclose(x, y, rtol=1e-12, atol=1e-12, equal_nan=True), f"{level} {key}"
    for key, value in whole.landscape.items():
        assert np.isclose(value, strips.landscape[key], rtol=1e-12, equal_nan=True), key


def test_deep_edge_needs_a_deeper_halo(raster: Path) -> None:
    """A 35 m edge depth (3.5 cells) erodes across strip borders the same way."""
    whole, _ = run(raster, edge_depth_m=35.0)
    strips, _ = run(raster, edge_depth_m=35.0, rows_per_strip=2)
    assert np.array_equal(whole.patches["CORE_ha"], strips.patches["CORE_ha"])
    assert np.array_equal(whole.patches["NCORE"], strips.patches["NCORE"])


@pytest.mark.parametrize("neighbours", [8, 4])
def test_labels_equal_scipy_whole_array_labelling(raster: Path, neighbours: int) -> None:
    """One-cell strips still give exactly scipy's patches of the whole array, class by class."""
    lc = open_landcover(raster)
    scheme = build_scheme(lc.value_counts(), None)
    lab = label_patches(lc, scheme, neighbours, rows_per_strip=1)
    ids = lab.store.rows(0, lc.grid.height)
    with rasterio.open(raster) as src:
        a = src.read(1)
    structure = np.ones((3, 3)) if neighbours == 8 else ndi.generate_binary_structure(2, 1)
    expected_id = 1
    for value in sorted(set(np.unique(a)) - {0}):
        ref, n = ndi.label(a == value, structure)
        # scipy numbers patches in raster-scan order of their first cell, as our ids are within a class
        mapping = np.zeros(n + 1, dtype=np.int64)
        mapping[ref[a == value]] = ids[a == value]
        assert np.array_equal(mapping[1:], np.arange(expected_id, expected_id + n))
        expected_id += n
    assert lab.patches.n_patches == expected_id - 1
    lab.store.close()
    lc.close()


def test_gyrate_centres_equal_whole_array_medians_in_small_groups(raster: Path, monkeypatch) -> None:
    """The per-row and per-column span histograms, reduced in groups of a few patches (tiny CHUNK) over
    3-row strips, give every patch the grouped-data median of its cells' rows and columns as computed
    from a whole-array scipy labelling, and PID_fragstats the raster rank of its first cell."""
    import bluecarbon.core.patches as patches

    monkeypatch.setattr(patches, "CHUNK", 5)
    lc = open_landcover(raster)
    scheme = build_scheme(lc.value_counts(), None)
    lab = label_patches(lc, scheme, 8, rows_per_strip=3, medians=True)
    ids = lab.store.rows(0, lc.grid.height)
    t = lab.patches
    lab.store.close()
    lc.close()

    def median(idx: np.ndarray) -> float:
        ks, cs = np.unique(idx, return_counts=True)
        cum = np.cumsum(cs)
        i = int(np.searchsorted(cum, idx.size / 2))
        return float(ks[i] - 0.5 + (idx.size / 2 - (cum[i] - cs[i])) / cs[i])

    rows, cols = np.nonzero(ids)
    pid = ids[rows, cols]
    order = np.argsort(pid, kind="stable")
    rows, cols, pid = rows[order], cols[order], pid[order]
    starts = np.searchsorted(pid, np.arange(1, t.n_patches + 1))
    ends = np.r_[starts[1:], pid.size]
    for p, (a, b) in enumerate(zip(starts, ends)):
        assert t.median_row[p] == median(rows[a:b]) and t.median_col[p] == median(cols[a:b]), p + 1
    first = np.array([rows[a] * ids.shape[1] + cols[a:b][rows[a:b] == rows[a]].min() for a, b in zip(starts, ends)])
    assert np.array_equal(t.fragstats_pid, np.argsort(np.argsort(first)) + 1)

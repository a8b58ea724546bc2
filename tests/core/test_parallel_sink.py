"""Sink capacity with the patches labelled on 2 processes equals one worker bit for bit, and the one-pass totals."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest
from rasters import write_raster
from scipy import ndimage as ndi

sys.path.insert(0, str(Path(__file__).parent))  # the legend and parameter table of test_sink
from test_sink import LEGEND, table  # noqa: E402

from bluecarbon.core.classes import build_scheme  # noqa: E402
from bluecarbon.core.landcover import open_landcover  # noqa: E402
from bluecarbon.core.parallel import Parallelism  # noqa: E402
from bluecarbon.core.sink import SinkOptions, assess_sink  # noqa: E402


def assert_same(a: dict, b: dict) -> None:
    assert list(a) == list(b)
    for key in a:
        u, v = np.asarray(a[key]), np.asarray(b[key])
        if u.dtype == object:
            assert list(u) == list(v), key
        else:
            assert u.dtype == v.dtype and np.array_equal(u, v, equal_nan=u.dtype.kind == "f"), key


@pytest.mark.parametrize("backend", ["processes", "threads"])
def test_patches_on_two_workers_equal_one_worker(tmp_path: Path, backend: str) -> None:
    rng = np.random.default_rng(8)
    z = ndi.gaussian_filter(rng.standard_normal((61, 70)), 2)
    a = (np.digitize(z, np.quantile(z, [0.3, 0.5, 0.7])) + 1).astype(np.uint8)
    lc = open_landcover(write_raster(tmp_path / "r.tif", a, nodata=0))
    scheme = build_scheme(lc.value_counts(), LEGEND)
    opts = SinkOptions(edge_depth_m=10.0, edge_factor=0.3, draws=200, seed=3, rows_per_strip=7)
    one = assess_sink(lc, scheme, table(), opts, parallelism=Parallelism(workers=1))
    two = assess_sink(lc, scheme, table(), opts, parallelism=Parallelism(workers=2, backend=backend))
    ids_one = one.labelling.store.rows(0, lc.grid.height)
    ids_two = two.labelling.store.rows(0, lc.grid.height)
    one.close()
    two.close()
    assert_same(one.table, two.table)
    assert_same(one.patches, two.patches)
    assert np.array_equal(ids_one, ids_two)
    fast = assess_sink(lc, scheme, table(), opts, per_patch=False)  # no labelling at all: an independent path
    for key in ("area_ha", "sequestration_tC_yr", "edge_loss_tC_yr"):
        assert np.allclose(fast.table[key], two.table[key], rtol=1e-12), key

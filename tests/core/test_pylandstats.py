"""Every metric pylandstats 3.1 also implements equals it (relative 1e-6).

Rasters: the bundled sample, the real landscapemetrics test landscape, and seeded random clustered
rasters with nodata, under both neighbour rules. Where pylandstats departs from FRAGSTATS (FRAC of a
one-cell patch of 1 m²) a named test pins the difference.
"""

from __future__ import annotations

import tempfile
import warnings
from pathlib import Path

import numpy as np
import pytest
import rasterio
from rasterio.transform import from_origin
from scipy import ndimage as ndi

from bluecarbon.core.classes import build_scheme
from bluecarbon.core.fragmentation import FragmentationOptions, analyse_fragmentation
from bluecarbon.core.landcover import open_landcover
from rasters import SAMPLE

pls = pytest.importorskip("pylandstats")
warnings.filterwarnings("ignore", category=RuntimeWarning)

ROOT = Path(__file__).resolve().parents[2]
REAL = ROOT / "tests" / "data" / "landscape_30x30.tif"
RTOL = 1e-6
SCRATCH = Path(tempfile.mkdtemp(prefix="bluecarbon_pls_"))

PATCH = {
    "area": "AREA_ha",
    "perimeter": "PERIM_m",
    "perimeter_area_ratio": "PARA_m_per_ha",
    "shape_index": "SHAPE",
    "fractal_dimension": "FRAC",
    "core_area": "CORE_ha",
    "number_of_core_areas": "NCORE",
    "core_area_index": "CAI_pct",
    "euclidean_nearest_neighbor": "ENN_m",
}
SIMPLE = {
    "total_area": "CA_ha",
    "proportion_of_landscape": "PLAND_pct",
    "number_of_patches": "NP",
    "patch_density": "PD_per_100ha",
    "largest_patch_index": "LPI_pct",
    "total_edge": "TE_m",
    "edge_density": "ED_m_per_ha",
    "total_core_area": "TCA_ha",
    "core_area_proportion_of_landscape": "CPLAND_pct",
    "number_of_disjunct_core_areas": "NDCA",
    "landscape_shape_index": "LSI",
    "effective_mesh_size": "MESH_ha",
}
DISTRIBUTED = {
    "area": ("AREA", "ha"),
    "perimeter": ("PERIM", "m"),
    "perimeter_area_ratio": ("PARA", "m_per_ha"),
    "shape_index": ("SHAPE", ""),
    "fractal_dimension": ("FRAC", ""),
    "core_area": ("CORE", "ha"),
    "core_area_index": ("CAI", "pct"),
    "euclidean_nearest_neighbor": ("ENN", "m"),
    "disjunct_core_area": ("DCORE", "ha"),
}


def distributed_columns() -> dict[str, str]:
    out = {}
    for pls_name, (ours, unit) in DISTRIBUTED.items():
        for stat in ("mn", "am", "md", "ra", "sd", "cv"):
            suffix = "_pct" if stat == "cv" else (f"_{unit}" if unit else "")
            out[f"{pls_name}_{stat}"] = f"{ours}_{stat.upper()}{suffix}"
    return out


CLASS = {**SIMPLE, **distributed_columns()}
LANDSCAPE = {
    k: v
    for k, v in CLASS.items()
    if k not in ("proportion_of_landscape", "total_area", "core_area_proportion_of_landscape", "disjunct_core_area_am")
}
LANDSCAPE.update({"total_area": "TA_ha"})


def clustered(path: Path, seed: int, shape=(150, 163), sigma=2.0, classes=4, nodata_share=0.01) -> Path:
    """A seeded Gaussian random field in ``classes`` equal-frequency classes with scattered nodata (0)."""
    rng = np.random.default_rng(seed)
    z = ndi.gaussian_filter(rng.standard_normal(shape), sigma)
    a = (np.digitize(z, np.quantile(z, np.linspace(0, 1, classes + 1)[1:-1])) + 1).astype(np.uint8)
    a[rng.random(shape) < nodata_share] = 0
    with rasterio.open(
        path, "w", driver="GTiff", width=shape[1], height=shape[0], count=1, dtype="uint8",
        crs="EPSG:32650", transform=from_origin(500000, 2500000, 30, 30), nodata=0,
    ) as dst:
        dst.write(a, 1)
    return path


def ours_and_theirs(path: Path, neighbours: int):
    lc = open_landcover(path)
    scheme = build_scheme(lc.value_counts(), None)
    res = analyse_fragmentation(lc, scheme, FragmentationOptions(neighbours=neighbours))
    res.close()
    lc.close()
    return res, pls.Landscape(str(with_nodata_tag(path)), neighborhood_rule=str(neighbours))


def with_nodata_tag(path: Path) -> Path:
    """pylandstats 3.1 fails on rasters without a nodata value (TE drops a None label): give it a copy
    tagged with an unused nodata value, cell values unchanged."""
    with rasterio.open(path) as src:
        if src.nodata is not None:
            return path
        data, profile = src.read(1), src.profile
    unused = next(v for v in range(256) if not (data == v).any())
    copy = SCRATCH / f"{path.stem}.nodata{unused}.tif"
    if not copy.exists():
        profile.update(nodata=unused)
        with rasterio.open(copy, "w", **profile) as dst:
            dst.write(data, 1)
    return copy


def assert_close(name: str, ours, theirs) -> None:
    ours = np.asarray(ours, dtype=float)
    theirs = np.asarray(theirs, dtype=float)
    assert ours.shape == theirs.shape, name
    both_nan = np.isnan(ours) & np.isnan(theirs)
    assert np.array_equal(np.isnan(ours), np.isnan(theirs)), f"{name}: N/A differs"
    ok = both_nan | np.isclose(ours, theirs, rtol=RTOL, atol=1e-12)
    assert ok.all(), f"{name}: ours {ours[~ok][:5]} vs pylandstats {theirs[~ok][:5]}"


def compare(path: Path, neighbours: int, exclude: frozenset = frozenset(), geographic: bool = False) -> None:
    """Compare patch, class and landscape metrics, leaving out the pylandstats names in ``exclude``.

    On a geographic raster pylandstats measures in degrees; only unit-free metrics are compared there.
    """
    res, ls = ours_and_theirs(path, neighbours)
    keep_metric = (lambda name: name in UNIT_FREE) if geographic else (lambda name: True)
    # patches: pylandstats orders by class then scipy label order, as we do
    names = [m for m in PATCH if m not in exclude and keep_metric(m)]
    pdf = ls.compute_patch_metrics_df(metrics=names)
    assert list(pdf["class_val"]) == list(res.patches["class"])
    for pls_name in names:
        ours_name = PATCH[pls_name]
        assert_close(f"patch {pls_name}", res.patches[ours_name], pdf[pls_name].to_numpy(dtype=float))
    cdf = ls.compute_class_metrics_df(metrics=[m for m in CLASS if m not in exclude and keep_metric(m)])
    for pls_name in cdf.columns:
        assert_close(f"class {pls_name}", res.classes[CLASS[pls_name]], cdf[pls_name].to_numpy(dtype=float))
    ldf = ls.compute_landscape_metrics_df(metrics=[m for m in LANDSCAPE if m not in exclude and keep_metric(m)])
    for pls_name in ldf.columns:
        assert_close(f"landscape {pls_name}", [res.landscape[LANDSCAPE[pls_name]]], [float(ldf[pls_name].iloc[0])])


UNIT_FREE = {"shape_index", "number_of_core_areas", "number_of_patches", "landscape_shape_index", "number_of_disjunct_core_areas"}
UNIT_FREE |= {f"shape_index_{s}" for s in ("mn", "md", "ra", "sd", "cv")}
FRAC_FAMILY = frozenset({"fractal_dimension"} | {f"fractal_dimension_{s}" for s in ("mn", "am", "md", "ra", "sd", "cv")})


@pytest.mark.parametrize("neighbours", [8, 4])
def test_bundled_sample_equals_pylandstats(neighbours: int) -> None:
    compare(SAMPLE, neighbours)


@pytest.mark.parametrize("seed", [1, 2, 3])
@pytest.mark.parametrize("neighbours", [8, 4])
def test_random_clustered_rasters_equal_pylandstats(tmp_path: Path, seed: int, neighbours: int) -> None:
    path = clustered(tmp_path / f"r{seed}.tif", seed, sigma=1.0 + seed, classes=2 + seed, nodata_share=0.02 * (seed % 2))
    compare(path, neighbours)


@pytest.mark.parametrize("neighbours", [8, 4])
def test_real_landscape_equals_pylandstats_except_single_cell_frac(neighbours: int) -> None:
    """The landscapemetrics test landscape (1 m cells): all but FRAC, pinned below."""
    compare(REAL, neighbours, exclude=FRAC_FAMILY)


def test_real_geographic_raster_unit_free_metrics_equal_pylandstats() -> None:
    """ESA CCI land cover of Podlasie (EPSG:4326): counts and shape metrics in cell units agree."""
    compare(ROOT / "tests" / "data" / "podlasie_ccilc_2015.tif", 8, geographic=True)


def test_pinned_frac_of_one_cell_patch_is_one_as_in_fragstats() -> None:
    """FRAC = 2 ln(0.25 p) / ln(a) is 0/0 for a 1 m² cell; FRAGSTATS prints 1, pylandstats NaN.

    With 1 m cells this moves the class FRAC_MN by 9 %; we follow FRAGSTATS.
    """
    res, ls = ours_and_theirs(REAL, 8)
    single = res.patch_data.n_cells == 1
    assert single.sum() == 7
    assert np.all(np.asarray(res.patches["FRAC"])[single] == 1.0)
    theirs = ls.compute_patch_metrics_df(metrics=["fractal_dimension"])["fractal_dimension"].to_numpy(dtype=float)
    assert np.all(np.isnan(theirs[single]))


def test_pinned_landscape_dcore_am_is_weighted_by_core_area(tmp_path: Path) -> None:
    """Landscape DCORE_AM = Σ a² / Σ a over the disjunct core areas a (FRAGSTATS's area-weighted mean).

    pylandstats 3.1 averages its whole table, class column included, at the landscape level
    (``np.average(df, weights=df)``), so its value is not a core-area mean; its class level is right
    and is compared above.
    """
    path = clustered(tmp_path / "r.tif", 7, sigma=3.0, classes=3, nodata_share=0.0)
    res, ls = ours_and_theirs(path, 8)
    areas = res.patch_data.core_region_m2 / 1e4
    assert np.isclose(res.landscape["DCORE_AM_ha"], np.sum(areas**2) / np.sum(areas), rtol=1e-12)
    table = ls._disjunct_core_area(class_val=None)
    buggy = np.average(table.to_numpy(dtype=float), weights=table.to_numpy(dtype=float))
    assert np.isclose(ls.disjunct_core_area_am(), buggy)
    assert not np.isclose(ls.disjunct_core_area_am(), res.landscape["DCORE_AM_ha"], rtol=1e-3)


def test_pinned_shdi_and_contag_use_area_proportions_as_fragstats(tmp_path: Path) -> None:
    """SHDI and CONTAG use P_i, the share of the landscape's AREA in class i (FRAGSTATS).

    pylandstats 3.1 takes the class shares from its adjacency table instead (cell sides, so the map edge
    and nodata shift them); both agree with FRAGSTATS only where those effects vanish. Our SHDI and
    CONTAG equal FRAGSTATS's printed values on the reference landscape (test_fragstats_reference).
    """
    path = clustered(tmp_path / "r.tif", 2, sigma=3.0, classes=4, nodata_share=0.02)
    res, ls = ours_and_theirs(path, 8)
    share = np.asarray(res.classes["PLAND_pct"]) / 100.0
    assert np.isclose(res.landscape["SHDI"], -np.sum(share * np.log(share)), rtol=1e-12)
    adjacency_share = ls.compute_total_adjacency_df().sum().to_numpy(dtype=float)
    adjacency_share = adjacency_share / adjacency_share.sum()  # a new array: pandas copy-on-write lends read-only views
    assert np.isclose(ls.shannon_diversity_index(), -np.sum(adjacency_share * np.log(adjacency_share)), rtol=1e-9)
    assert not np.isclose(ls.shannon_diversity_index(), res.landscape["SHDI"], rtol=1e-6)
    # CONTAG: pylandstats = 1 - H(adjacency shares) / (2 ln m); FRAGSTATS weights rows by area shares
    g = ls.compute_total_adjacency_df().to_numpy(dtype=float)
    h = -np.sum((g / g.sum())[g > 0] * np.log((g / g.sum())[g > 0]))
    m = len(share)
    assert np.isclose(ls.contagion(), (1 - h / (2 * np.log(m))) * 100, rtol=1e-9)
    assert not np.isclose(ls.contagion(), res.landscape["CONTAG_pct"], rtol=1e-6)


def brute_force_mean_gyrate(path: Path, neighbours: int) -> dict[int, list[float]]:
    """Per class, sorted GYRATE (m) about the mean cell centre, by whole-array scipy labelling."""
    with rasterio.open(path) as src:
        a, nodata, cell = src.read(1), src.nodata, src.res[0]
    structure = np.ones((3, 3)) if neighbours == 8 else ndi.generate_binary_structure(2, 1)
    out: dict[int, list[float]] = {}
    for code in np.unique(a):
        if nodata is not None and code == nodata:
            continue
        lab, n = ndi.label(a == code, structure)
        values = []
        rows, cols = np.nonzero(lab)
        ids = lab[rows, cols]
        for p in range(1, n + 1):
            r, c = rows[ids == p], cols[ids == p]
            values.append(float(np.hypot(r - r.mean(), c - c.mean()).mean() * cell))
        out[int(code)] = sorted(values)
    return out


@pytest.mark.parametrize("seed", [1, 2])
@pytest.mark.parametrize("neighbours", [8, 4])
def test_mean_centre_gyrate_option_equals_help_page_definition(tmp_path: Path, seed: int, neighbours: int) -> None:
    """``gyrate_centre="mean"`` is FRAGSTATS's help-page GYRATE (pylandstats 3.1 has none): equal to a whole-array
    scipy oracle and to landschaft 1.52 (landscapemetrics' lsm_p_gyrate); the other pylandstats metrics unchanged."""
    path = clustered(tmp_path / f"g{seed}.tif", seed, sigma=1.0 + seed, classes=3, nodata_share=0.02)
    lc = open_landcover(path)
    scheme = build_scheme(lc.value_counts(), None)
    res = analyse_fragmentation(lc, scheme, FragmentationOptions(neighbours=neighbours, gyrate_centre="mean", rows_per_strip=7))
    res.close()
    lc.close()
    oracle = brute_force_mean_gyrate(path, neighbours)
    for code, values in oracle.items():
        ours = sorted(g for g, c in zip(res.patches["GYRATE_m"], res.patches["class"]) if c == code)
        assert_close(f"GYRATE class {code}", ours, values)
    pdf = pls.Landscape(str(path), neighborhood_rule=str(neighbours)).compute_patch_metrics_df(metrics=["area", "perimeter"])
    assert_close("area", res.patches["AREA_ha"], pdf["area"].to_numpy(dtype=float))
    landschaft = pytest.importorskip("landschaft")
    df = landschaft.landscape_metrics(str(path), what=["lsm_p_gyrate"], convention="fragstats", directions=neighbours)
    for code, values in oracle.items():
        theirs = sorted(df[(df["metric"] == "gyrate") & (df["class"] == code)]["value"].to_numpy(dtype=float))
        assert_close(f"landschaft GYRATE class {code}", values, theirs)

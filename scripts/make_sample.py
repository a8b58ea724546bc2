#!/usr/bin/env python3
"""Generate the bundled synthetic coastal land-cover sample (ESA WorldCover codes).

The plugin ships one small demo raster, ``resources/sample/coastal_mosaic.tif``. No real
coastal mangrove / salt-marsh raster could be shipped with the plugin, so this script draws a
*synthetic* but plausible South-China coastal mosaic and writes it in the ESA WorldCover 10 m
legend, so that the ``esa_worldcover`` legend preset applies to it unchanged.

Deterministic: the same seed gives the same array (the script prints its SHA-256 digest).
Dependencies: numpy, scipy and rasterio only (matplotlib only for the optional ``--preview``).
Runs in a few seconds.

Usage::

    python scripts/make_sample.py                      # writes resources/sample/coastal_mosaic.tif
    python scripts/make_sample.py --out /tmp/mosaic.tif --seed 7
    python scripts/make_sample.py --preview docs/img/sample_coastal_mosaic.png   # + docs image

Grid (see resources/sample/README.md):
    800 columns x 600 rows, 10 m cells, EPSG:32649 (WGS 84 / UTM zone 49N),
    upper-left corner x = 371000 m, y = 2390000 m (about 109.754 E, 21.608 N, near the
    Gaoqiao mangroves of the Leizhou Peninsula, Zhanjiang; the map does NOT depict that place),
    uint8, nodata = 0 (a masked corner triangle in the north-east), GeoTIFF tiled 256 x 256,
    DEFLATE compression, embedded WorldCover colour table.

Landscape, south (sea) to north (inland):
    80 permanent water bodies  open sea, tidal channels, a river and its estuary, a port basin
                               and the water of aquaculture ponds (a choice: filled ponds are
                               water surfaces; WorldCover has no aquaculture class)
    60 bare / sparse veg.      tidal flats seaward of the mangroves, pond dikes, clearings
    95 mangroves               a belt cut by tidal channels into patches of many sizes, pioneer
                               clumps and single cells on the flats, fringes on pond dikes,
                               riparian strips along the lower river, two offshore islets
    90 herbaceous wetland      salt marsh behind the mangroves, brackish marsh along the river,
                               small marsh clumps on the flats
    10 tree cover              coastal shelterbelt, woodland blocks inland
    20 shrubland               scattered scrub parcels inland
    30 grassland               grassy parcels, marsh-edge grassland
    40 cropland                field parcels (Voronoi mosaic)
    50 built-up                a town, villages, roads, a port with a pier
"""

import argparse
import hashlib
from pathlib import Path

import numpy as np
from scipy import ndimage as ndi

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUT = ROOT / "resources" / "sample" / "coastal_mosaic.tif"

WIDTH, HEIGHT = 800, 600          # columns, rows
RES = 10.0                        # metres
ORIGIN_X, ORIGIN_Y = 371000.0, 2390000.0   # upper-left corner, EPSG:32649
EPSG = 32649
NODATA = 0
DEFAULT_SEED = 20240611

# ESA WorldCover 10 m v100/v200 classes and official colours (resources/legends/esa_worldcover.csv).
WORLDCOVER = {
    10: ("Tree cover", "#006400"),
    20: ("Shrubland", "#ffbb22"),
    30: ("Grassland", "#ffff4c"),
    40: ("Cropland", "#f096ff"),
    50: ("Built-up", "#fa0000"),
    60: ("Bare / sparse vegetation", "#b4b4b4"),
    70: ("Snow and ice", "#f0f0f0"),
    80: ("Permanent water bodies", "#0064c8"),
    90: ("Herbaceous wetland", "#0096a0"),
    95: ("Mangroves", "#00cf75"),
    100: ("Moss and lichen", "#fae6a0"),
}

TREE, SHRUB, GRASS, CROP, BUILT, BARE, WATER, MARSH, MANGROVE = 10, 20, 30, 40, 50, 60, 80, 90, 95


# --------------------------------------------------------------------------- helpers

def smooth_noise(rng, shape, sigma):
    """Gaussian-filtered white noise, rescaled to zero mean and unit standard deviation."""
    field = ndi.gaussian_filter(rng.standard_normal(shape), sigma, mode="reflect")
    return (field - field.mean()) / field.std()


def disc_offsets(radius):
    """Row/column offsets of the cells whose centres lie within ``radius`` cells of (0, 0)."""
    r = int(np.ceil(radius))
    dr, dc = np.mgrid[-r:r + 1, -r:r + 1]
    keep = dr * dr + dc * dc <= radius * radius + 1e-9
    return dr[keep], dc[keep]


def stamp(mask, rows, cols, radii):
    """Set ``mask`` True in a disc of the given radius (in cells) around every point."""
    h, w = mask.shape
    cache = {}
    for r0, c0, rad in zip(rows, cols, radii):
        key = round(float(rad) * 4) / 4
        if key not in cache:
            cache[key] = disc_offsets(max(key, 0.0))
        dr, dc = cache[key]
        rr = dr + int(round(r0))
        cc = dc + int(round(c0))
        ok = (rr >= 0) & (rr < h) & (cc >= 0) & (cc < w)
        mask[rr[ok], cc[ok]] = True


def random_walk(rng, r0, c0, heading, steps, turn_sd, pull_to=None, pull=0.0):
    """Centre line of a meandering channel: arrays of rows and columns, one step per cell."""
    rows = np.empty(steps)
    cols = np.empty(steps)
    r, c, h = float(r0), float(c0), float(heading)
    for k in range(steps):
        rows[k], cols[k] = r, c
        h += rng.normal(0.0, turn_sd)
        if pull_to is not None:
            h += pull * np.arctan2(np.sin(pull_to - h), np.cos(pull_to - h))
        r += np.sin(h)
        c += np.cos(h)
    return rows, cols


def blob(rng, mask_shape, r0, c0, radius, roughness=0.35):
    """An irregular patch around (r0, c0): a disc whose edge is perturbed by noise."""
    pad = int(np.ceil(radius * 1.6)) + 2
    size = 2 * pad + 1
    dr, dc = np.mgrid[-pad:pad + 1, -pad:pad + 1]
    dist = np.hypot(dr, dc)
    wobble = ndi.gaussian_filter(rng.standard_normal((size, size)), max(radius / 3.0, 0.8))
    wobble /= wobble.std() + 1e-12
    local = dist <= radius * (1.0 + roughness * wobble)
    local[pad, pad] = True
    out_r = dr[local] + int(round(r0))
    out_c = dc[local] + int(round(c0))
    ok = (out_r >= 0) & (out_r < mask_shape[0]) & (out_c >= 0) & (out_c < mask_shape[1])
    return out_r[ok], out_c[ok]


# --------------------------------------------------------------------------- the landscape

def make_landscape(seed=DEFAULT_SEED):
    """Return the land-cover array (uint8, HEIGHT x WIDTH) in ESA WorldCover codes."""
    rng = np.random.default_rng(seed)
    H, W = HEIGHT, WIDTH
    rows, cols = np.mgrid[0:H, 0:W]

    # Shoreline (row of the mangrove seaward edge) per column; sea to the south.
    n_long = smooth_noise(rng, (1, W), (0, 70))[0]
    n_short = smooth_noise(rng, (1, W), (0, 12))[0]
    shore = 420.0 + 28.0 * n_long + 6.0 * n_short
    shore += 30.0 * np.exp(-((np.arange(W) - 250.0) / 90.0) ** 2)   # a shallow headland bulge south
    # d: metres inland of the mangrove seaward edge (negative = seaward), with a wavy edge.
    d_smooth = (shore[None, :] - rows) * RES
    d = d_smooth + 40.0 * smooth_noise(rng, (H, W), 5)

    # Zone widths (metres), varying along the shore.
    flat_w = np.clip(300 + 130 * smooth_noise(rng, (1, W), (0, 50))[0], 120, 550)[None, :]
    mang_w = np.clip(480 + 200 * smooth_noise(rng, (1, W), (0, 45))[0], 150, 900)[None, :]
    marsh_w = np.clip(420 + 150 * smooth_noise(rng, (1, W), (0, 40))[0], 120, 650)[None, :]
    d_flat, d_mang, d_marsh = -flat_w, mang_w, mang_w + marsh_w

    lc = np.full((H, W), CROP, dtype=np.uint8)
    lc[d < d_flat] = WATER
    lc[(d >= d_flat) & (d < 0)] = BARE
    lc[(d >= 0) & (d < d_mang)] = MANGROVE
    marsh_zone = (d >= d_mang) & (d < d_marsh)
    marsh_noise = smooth_noise(rng, (H, W), 4)
    lc[marsh_zone] = np.where(marsh_noise[marsh_zone] > -0.95, MARSH, GRASS)
    inland = d >= d_marsh

    # ---- inland mosaic: Voronoi field parcels, woodland, scrub, villages
    n_parcels = 900
    pr = rng.uniform(0, H, n_parcels)
    pc = rng.uniform(0, W, n_parcels)
    seeds = np.zeros((H, W), dtype=bool)
    seeds[pr.astype(int), pc.astype(int)] = True
    seed_id = np.zeros((H, W), dtype=np.int32)
    seed_id[pr.astype(int), pc.astype(int)] = np.arange(1, n_parcels + 1)
    _, (ir, ic) = ndi.distance_transform_edt(~seeds, return_indices=True)
    parcel = seed_id[ir, ic]
    parcel_class = rng.choice([CROP, TREE, GRASS, SHRUB], size=n_parcels + 1, p=[0.70, 0.12, 0.12, 0.06])
    inland_lc = parcel_class[parcel]
    wood = smooth_noise(rng, (H, W), 18)
    inland_lc = np.where((wood > 1.05) & (rows < 260), TREE, inland_lc)  # woodland blocks inland
    lc[inland] = inland_lc[inland]

    # Casuarina-type shelterbelt (tree cover) just behind the marsh, with gaps.
    belt = (d_smooth >= d_marsh + 60) & (d_smooth < d_marsh + 90) & \
        (smooth_noise(rng, (H, W), 6) > -0.9) & inland
    lc[belt] = TREE

    # Villages: small built-up clusters inland.
    village = np.zeros((H, W), dtype=bool)
    for _ in range(9):
        while True:
            r0, c0 = rng.uniform(20, 300), rng.uniform(20, W - 20)
            if d[int(r0), int(c0)] > d_marsh[0, int(c0)] + 150:
                break
        rr, cc = blob(rng, (H, W), r0, c0, rng.uniform(3, 7), 0.3)
        village[rr, cc] = True
    lc[village] = BUILT

    # ---- aquaculture ponds (reclaimed from mangrove / marsh) with bare dikes
    ponds_region = np.zeros((H, W), dtype=bool)
    # block A: reclaimed from the mangrove belt (centre-east); block B: behind the marsh (west)
    reg_a = (cols >= 430) & (cols < 585) & (d >= 120) & (d < d_marsh + 250)
    reg_b = (cols >= 60) & (cols < 235) & (d >= d_marsh + 40) & (d < d_marsh + 700)
    edge_noise = smooth_noise(rng, (H, W), 10)
    ponds_region |= reg_a & (edge_noise > -1.2)
    ponds_region |= reg_b & (edge_noise < 1.2)
    pond_lc = np.full((H, W), BARE, dtype=np.uint8)     # dikes by default
    abandoned_mangrove = np.zeros((H, W), dtype=bool)
    # irregular grid of rectangular ponds, 8-16 cells a side, 1-cell dikes
    r_edges = np.cumsum(np.r_[0, rng.integers(9, 17, size=80)])
    for r_start, r_end in zip(r_edges[:-1], r_edges[1:]):
        if r_start >= H:
            break
        c_edges = np.cumsum(np.r_[rng.integers(0, 8), rng.integers(9, 18, size=90)])
        for c_start, c_end in zip(c_edges[:-1], c_edges[1:]):
            if c_start >= W:
                break
            sl = (slice(r_start + 1, min(r_end, H)), slice(c_start + 1, min(c_end, W)))
            u = rng.random()
            if u < 0.80:
                pond_lc[sl] = WATER
            elif u < 0.90:
                pond_lc[sl] = GRASS               # drained / abandoned pond, grassed over
            else:
                pond_lc[sl] = BARE                # drained pond, bare
                if rng.random() < 0.6:            # mangroves recolonising an abandoned pond
                    rr, cc = blob(rng, (H, W), (sl[0].start + sl[0].stop) / 2,
                                  (sl[1].start + sl[1].stop) / 2, rng.uniform(1.5, 4.5), 0.4)
                    abandoned_mangrove[rr, cc] = True
    lc[ponds_region] = pond_lc[ponds_region]
    lc[ponds_region & abandoned_mangrove] = MANGROVE
    # mangrove fringes along some dike segments on the seaward side of block A
    dikes = ponds_region & (pond_lc == BARE) & reg_a & (d < d_mang)
    fringe = dikes & (smooth_noise(rng, (H, W), 3) > 0.6)
    lc[fringe] = MANGROVE

    # ---- clearings inside the mangrove belt and a ragged seaward fringe
    mangrove_zone = (d >= 0) & (d < d_mang) & ~ponds_region
    clear_noise = smooth_noise(rng, (H, W), 3.5)
    lc[mangrove_zone & (clear_noise < -1.55)] = BARE
    lc[mangrove_zone & (clear_noise > 2.1)] = GRASS
    ragged = mangrove_zone & (d < 70) & (smooth_noise(rng, (H, W), 2.5) < -0.3)
    lc[ragged] = BARE

    # ---- pioneer mangrove clumps and single cells on the flats (heavy-tailed sizes)
    flat_near = (lc == BARE) & (d < 0) & (d > -260)
    cand_r, cand_c = np.nonzero(flat_near)
    pick = rng.choice(len(cand_r), size=170, replace=False)
    radii = np.minimum(0.6 * (1.0 + rng.pareto(1.3, size=pick.size)), 9.0)
    pioneer = np.zeros((H, W), dtype=bool)
    for k, rad in zip(pick, radii):
        if rad < 0.75:
            pioneer[cand_r[k], cand_c[k]] = True
        else:
            rr, cc = blob(rng, (H, W), cand_r[k], cand_c[k], rad, 0.45)
            pioneer[rr, cc] = True
    lc[pioneer & (d < 0) & (lc == BARE)] = MANGROVE

    # salt-marsh clumps (e.g. Spartina) on the upper flats in the east
    flat_east = (lc == BARE) & (d < 0) & (d > -200) & (cols > 560)
    cand_r, cand_c = np.nonzero(flat_east)
    pick = rng.choice(len(cand_r), size=70, replace=False)
    marsh_clumps = np.zeros((H, W), dtype=bool)
    for k in pick:
        rad = min(0.4 * (1.0 + rng.pareto(1.8)), 5.0)
        if rad < 0.75:
            marsh_clumps[cand_r[k], cand_c[k]] = True
            continue
        rr, cc = blob(rng, (H, W), cand_r[k], cand_c[k], rad, 0.4)
        marsh_clumps[rr, cc] = True
    lc[marsh_clumps & (lc == BARE) & (d < 0)] = MARSH

    # ---- two offshore shoals with mangrove islets
    for r0, c0, rad_flat, rad_mang in ((545, 140, 26, 11), (560, 655, 20, 7)):
        rr, cc = blob(rng, (H, W), r0, c0, rad_flat, 0.3)
        lc[rr, cc] = BARE
        rr, cc = blob(rng, (H, W), r0 - 3, c0 + 2, rad_mang, 0.45)
        lc[rr, cc] = MANGROVE

    # ---- river from the north edge to the sea, with riparian mangroves and brackish marsh
    river_rows, river_cols = random_walk(rng, 0, 600, np.pi / 2, 700, 0.10,
                                         pull_to=np.pi / 2, pull=0.06)
    keep = (river_rows >= 0) & (river_rows < H) & (river_cols >= 0) & (river_cols < W)
    river_rows, river_cols = river_rows[keep], river_cols[keep]
    d_at = d[river_rows.astype(int), river_cols.astype(int)]
    # width grows towards the mouth (estuary) and stops once well out at sea
    in_sea = d_at < d_flat[0, river_cols.astype(int)] - 100
    stop = np.argmax(in_sea) if in_sea.any() else len(river_rows)
    river_rows, river_cols, d_at = river_rows[:stop], river_cols[:stop], d_at[:stop]
    river_rad = 2.0 + 7.0 / (1.0 + np.exp(d_at / 350.0))
    river = np.zeros((H, W), dtype=bool)
    stamp(river, river_rows, river_cols, river_rad)
    banks = np.zeros((H, W), dtype=bool)
    stamp(banks, river_rows, river_cols, river_rad + 2.6)
    bank_noise = smooth_noise(rng, (H, W), 3)
    riparian = banks & ~river & (d >= 0) & (d < 1600) & (bank_noise > -0.4) & (lc != BUILT)
    lc[riparian] = MANGROVE
    brackish = banks & ~river & (d >= 1600) & (d < 2300) & (bank_noise > -0.2) & (lc != BUILT)
    lc[brackish] = MARSH
    lc[river] = WATER

    # ---- dendritic tidal creeks: from the sea through the flats into mangroves and marsh
    creeks = np.zeros((H, W), dtype=bool)
    starts = np.sort(rng.choice(np.r_[15:420, 455:585, 640:790], size=17, replace=False))

    def grow(r0, c0, heading, rad0, depth, max_len):
        rr, cc = random_walk(rng, r0, c0, heading, max_len, 0.16,
                             pull_to=-np.pi / 2, pull=0.035 if depth == 0 else 0.01)
        ok = (rr >= 0) & (rr < H) & (cc >= 0) & (cc < W)
        rr, cc = rr[ok], cc[ok]
        if rr.size == 0:
            return
        d_here = d[rr.astype(int), cc.astype(int)]
        limit = d_mang[0, cc.astype(int)] + 0.7 * marsh_w[0, cc.astype(int)]
        beyond = d_here > limit
        n = np.argmax(beyond) if beyond.any() else rr.size
        rr, cc, d_here = rr[:n], cc[:n], d_here[:n]
        if rr.size == 0:
            return
        frac = np.clip(d_here / np.maximum(limit[:n], 1.0), 0.0, 1.0)
        rad = np.maximum(rad0 * (1.0 - 0.85 * frac), 0.45)
        stamp(creeks, rr, cc, rad)
        if depth < 3:
            for k in range(12, rr.size - 10, 1):
                if d_here[k] > -60 and rng.random() < 0.02:
                    side = rng.choice([-1.0, 1.0])
                    grow(rr[k], cc[k], -np.pi / 2 + side * rng.uniform(0.5, 1.2),
                         rad[k] * 0.65, depth + 1, int(rng.integers(25, 110)))

    for c0 in starts:
        r0 = min(H - 1, int(shore[c0] + flat_w[0, c0] / RES + 12))
        grow(r0, float(c0), -np.pi / 2 + rng.normal(0, 0.25), rng.uniform(2.2, 4.2), 0, 500)
    lc[creeks & ~ponds_region & (d > d_flat - 200)] = WATER

    # ---- town, port with quay, basin and pier, roads
    town_c = 690
    town_r = float(shore[town_c]) - (d_marsh[0, town_c] + 450.0) / RES
    rr, cc = blob(rng, (H, W), town_r, town_c, 30, 0.22)
    town = np.zeros((H, W), dtype=bool)
    town[rr, cc] = True
    lc[town & (d >= d_marsh)] = BUILT
    # reclaimed quay on the coast east of the town, cutting through mangroves and flats
    port_c0, port_c1 = 728, 786
    shore_row = int(round(shore[port_c0:port_c1].mean()))
    flat_rows = int(flat_w[0, port_c0:port_c1].mean() / RES)
    quay_r0 = shore_row - int(d_mang[0, port_c0:port_c1].mean() / RES) - 6
    quay_r1 = shore_row + flat_rows + 4
    quay = (cols >= port_c0) & (cols < port_c1) & (rows >= quay_r0) & (rows < quay_r1)
    lc[quay] = BUILT
    basin = (cols >= port_c0 + 10) & (cols < port_c1 - 12) & (rows >= shore_row + 4) & (rows < quay_r1)
    lc[basin] = WATER
    pier = (cols >= port_c0 - 3) & (cols < port_c0) & (rows >= shore_row) & (rows < quay_r1 + 45)
    lc[pier] = BUILT
    # roads: a coast road behind the shelterbelt, town to port, and two roads inland
    road = np.zeros((H, W), dtype=bool)
    road |= (d_smooth >= d_marsh + 100) & (d_smooth < d_marsh + 110) & (cols > 20) & (cols < town_c)
    n = 400
    for r_a, c_a, r_b, c_b in ((town_r, town_c - 20, 15, 430),
                               (town_r, town_c + 8, 0, town_c + 30),
                               (town_r + 20, town_c + 15, quay_r0 + 2, port_c0 + 20)):
        road[np.linspace(r_a, r_b, n).astype(int), np.linspace(c_a, c_b, n).astype(int)] = True
    road = ndi.binary_dilation(road, structure=np.ones((1, 2), bool)) & (lc != WATER) & inland
    lc[road & ~ponds_region] = BUILT

    # ---- outside the study area: a masked corner triangle (north-east)
    lc[(rows + (W - 1 - cols)) < 48] = NODATA
    return lc


# --------------------------------------------------------------------------- output

def hex_to_rgba(color):
    return tuple(int(color[i:i + 2], 16) for i in (1, 3, 5)) + (255,)


def write_geotiff(lc, out, seed):
    """Write the array as a tiled, DEFLATE-compressed GeoTIFF with colour table and tags."""
    import rasterio
    from rasterio.crs import CRS
    from rasterio.transform import from_origin

    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    profile = {
        "driver": "GTiff",
        "width": lc.shape[1],
        "height": lc.shape[0],
        "count": 1,
        "dtype": "uint8",
        "crs": CRS.from_epsg(EPSG),
        "transform": from_origin(ORIGIN_X, ORIGIN_Y, RES, RES),
        "nodata": NODATA,
        "tiled": True,
        "blockxsize": 256,
        "blockysize": 256,
        "compress": "deflate",
        "zlevel": 9,
        "interleave": "band",
    }
    colormap = {value: hex_to_rgba(color) for value, (_, color) in WORLDCOVER.items()}
    colormap[NODATA] = (0, 0, 0, 0)
    with rasterio.open(out, "w", **profile) as dst:
        dst.write(lc, 1)
        dst.write_colormap(1, colormap)
        dst.set_band_description(1, "Land cover, ESA WorldCover 10 m classes (synthetic sample)")
        dst.update_tags(
            TITLE="Blue Carbon Landscape synthetic coastal mosaic",
            DESCRIPTION=("Synthetic coastal land-cover mosaic in ESA WorldCover 10 m class codes; "
                         "not a map of any real place. See resources/sample/README.md."),
            GENERATOR="scripts/make_sample.py",
            SEED=str(seed),
            LICENSE="CC0-1.0",
            LEGEND="esa_worldcover",
        )
        dst.update_tags(1, **{f"CLASS_{v}": name for v, (name, _) in WORLDCOVER.items()})
    return out


QML_TEMPLATE = """<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>
<qgis version="3.22.0" styleCategories="AllStyleCategories" hasScaleBasedVisibilityFlag="0" minScale="1e+08" maxScale="0">
  <pipe>
    <provider>
      <resampling enabled="false" maxOversampling="2" zoomedInResamplingMethod="nearestNeighbour" zoomedOutResamplingMethod="nearestNeighbour"/>
    </provider>
    <rasterrenderer type="paletted" band="1" opacity="1" alphaBand="-1" nodataColor="">
      <rasterTransparency/>
      <minMaxOrigin>
        <limits>None</limits>
        <extent>WholeRaster</extent>
        <statAccuracy>Estimated</statAccuracy>
        <cumulativeCutLower>0.02</cumulativeCutLower>
        <cumulativeCutUpper>0.98</cumulativeCutUpper>
        <stdDevFactor>2</stdDevFactor>
      </minMaxOrigin>
      <colorPalette>
{entries}
      </colorPalette>
    </rasterrenderer>
    <brightnesscontrast brightness="0" contrast="0" gamma="1"/>
    <huesaturation saturation="0" grayscaleMode="0" colorizeOn="0" colorizeRed="255" colorizeGreen="128" colorizeBlue="128" colorizeStrength="100"/>
    <rasterresampler maxOversampling="2"/>
    <resamplingStage>resamplingFilter</resamplingStage>
  </pipe>
  <blendMode>0</blendMode>
</qgis>
"""


def write_qml(out, present_values):
    """A QGIS paletted style next to the raster (QGIS loads ``<name>.qml`` automatically)."""
    entries = "\n".join(
        f'        <paletteEntry value="{v}" color="{WORLDCOVER[v][1]}" alpha="255" '
        f'label="{v} {WORLDCOVER[v][0]}"/>'
        for v in sorted(WORLDCOVER) if v in present_values
    )
    qml = Path(out).with_suffix(".qml")
    qml.write_text(QML_TEMPLATE.format(entries=entries), encoding="utf-8")
    return qml


def write_preview(lc, png):
    """Render a PNG preview with legend and 1 km scale bar (needs matplotlib; docs image only)."""
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.colors import ListedColormap
    from matplotlib.patches import Patch

    values = [NODATA] + sorted(WORLDCOVER)
    colours = ["#ffffff"] + [WORLDCOVER[v][1] for v in sorted(WORLDCOVER)]
    index = np.searchsorted(values, lc)
    present = set(np.unique(lc).tolist())
    fig, ax = plt.subplots(figsize=(10.4, 6.0), dpi=100)
    ax.imshow(index, cmap=ListedColormap(colours), vmin=-0.5, vmax=len(values) - 0.5,
              interpolation="nearest")
    ax.set_xticks([])
    ax.set_yticks([])
    bar = 1000.0 / RES                          # 1 km in cells
    x0, y0 = 20, lc.shape[0] - 25
    ax.plot([x0, x0 + bar], [y0, y0], color="white", lw=6, solid_capstyle="butt")
    ax.plot([x0, x0 + bar], [y0, y0], color="black", lw=3, solid_capstyle="butt")
    ax.text(x0 + bar / 2, y0 - 10, "1 km", ha="center", va="bottom", color="white", fontsize=9)
    ax.annotate("", xy=(x0 + 5, 45), xytext=(x0 + 5, 90),
                arrowprops={"arrowstyle": "-|>", "color": "black"})
    ax.text(x0 + 5, 40, "N", ha="center", va="bottom", fontsize=10)
    handles = [Patch(facecolor=WORLDCOVER[v][1], edgecolor="0.4", label=f"{v}  {WORLDCOVER[v][0]}")
               for v in sorted(WORLDCOVER) if v in present]
    handles.append(Patch(facecolor="#ffffff", edgecolor="0.4", label="0  nodata (outside study area)"))
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8,
              frameon=False, title="ESA WorldCover class", title_fontsize=9)
    ax.set_title("Synthetic coastal mosaic (EPSG:32649, 10 m, 800 x 600 cells)", fontsize=10)
    fig.tight_layout()
    fig.savefig(png, dpi=100)
    plt.close(fig)
    return Path(png)


def class_counts(lc):
    values, counts = np.unique(lc, return_counts=True)
    return dict(zip(values.tolist(), counts.tolist()))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", default=str(DEFAULT_OUT),
                        help="output GeoTIFF (default: resources/sample/coastal_mosaic.tif)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="random seed")
    parser.add_argument("--no-style", action="store_true", help="do not write the .qml style")
    parser.add_argument("--preview", metavar="PNG",
                        help="also render a PNG preview (needs matplotlib), e.g. "
                             "docs/img/sample_coastal_mosaic.png")
    args = parser.parse_args(argv)

    lc = make_landscape(args.seed)
    out = write_geotiff(lc, args.out, args.seed)
    if not args.no_style:
        write_qml(out, set(np.unique(lc).tolist()))
    digest = hashlib.sha256(lc.tobytes()).hexdigest()[:16]
    print(f"wrote {out} ({out.stat().st_size} bytes), array sha256 {digest}")
    for value, count in class_counts(lc).items():
        name = WORLDCOVER.get(value, ("nodata", ""))[0]
        print(f"  {value:>3} {name:<26} {count:>7} cells")
    if args.preview:
        print(f"wrote {write_preview(lc, args.preview)}")


if __name__ == "__main__":
    main()

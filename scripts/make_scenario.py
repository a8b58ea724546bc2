#!/usr/bin/env python3
"""Derive the 2035 scenario of the bundled sample: ``resources/sample/coastal_mosaic_2035.tif``.

The sample ``coastal_mosaic.tif`` is read as the land cover of 2020. The 2035 map is the same grid
and legend (ESA WorldCover codes) with four documented changes, each a fixed geometric rule on the
2020 map (no random numbers, so the output is always the same):

1. Aquaculture expansion: every mangrove cell (95) in the zone seaward of the central pond block,
   rows 380-449 and columns 380-539 (x 374800-376400 m, y 2386200-2385500 m, EPSG:32649), becomes
   pond water (80).
2. Port expansion: every mangrove cell within 300 m of the port (the built-up cells, 50, of
   rows >= 420 and columns >= 700, the south-east quay and pier) becomes built-up (50).
3. Reclamation: every herbaceous-wetland (salt-marsh) cell (90) within 100 m of cropland (40)
   becomes cropland (40).
4. Restoration: every bare / tidal-flat cell (60) within 30 m of a 2020 mangrove cell, at row
   400 or below (y <= 2386000 m, seaward of the pond blocks and the coastal road) and outside the
   zones of rules 1 and 2, is replanted with mangroves (95).

Distances are Euclidean between cell centres (scipy.ndimage.distance_transform_edt, 10 m cells).
Nodata (0) stays nodata. The script prints the cells changed by each rule and the SHA-256 of the
array (first 16 hex digits); numpy, scipy and rasterio only.

Usage::

    python scripts/make_scenario.py                        # writes resources/sample/coastal_mosaic_2035.tif
    python scripts/make_scenario.py --out /tmp/2035.tif
"""

from __future__ import annotations

import argparse
import hashlib
from pathlib import Path

import numpy as np
from scipy import ndimage as ndi

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "resources" / "sample" / "coastal_mosaic.tif"
DEFAULT_OUT = ROOT / "resources" / "sample" / "coastal_mosaic_2035.tif"

CROP, BUILT, BARE, WATER, MARSH, MANGROVE = 40, 50, 60, 80, 90, 95
POND_ZONE = (slice(380, 450), slice(380, 540))  # rows, columns
PORT_ROWS_FROM, PORT_COLS_FROM = 420, 700
PORT_BUFFER_M = 300.0
RECLAIM_BUFFER_M = 100.0
RESTORE_BUFFER_M = 30.0
RESTORE_ROWS_FROM = 400


def distance_m(mask: np.ndarray, cell_m: float) -> np.ndarray:
    """Distance (m) from every cell centre to the nearest cell of ``mask``."""
    return ndi.distance_transform_edt(~mask) * cell_m


def scenario_2035(lc: np.ndarray, cell_m: float = 10.0) -> tuple[np.ndarray, dict[str, int]]:
    """The 2035 map and the number of cells each rule changed (rules on the 2020 map, applied together)."""
    rows, cols = np.indices(lc.shape)
    pond_zone = np.zeros(lc.shape, dtype=bool)
    pond_zone[POND_ZONE] = True
    port = (lc == BUILT) & (rows >= PORT_ROWS_FROM) & (cols >= PORT_COLS_FROM)
    port_zone = distance_m(port, cell_m) <= PORT_BUFFER_M

    ponds = (lc == MANGROVE) & pond_zone
    built = (lc == MANGROVE) & port_zone & ~pond_zone
    reclaimed = (lc == MARSH) & (distance_m(lc == CROP, cell_m) <= RECLAIM_BUFFER_M)
    restored = (
        (lc == BARE)
        & (distance_m(lc == MANGROVE, cell_m) <= RESTORE_BUFFER_M)
        & (rows >= RESTORE_ROWS_FROM)
        & ~pond_zone
        & ~port_zone
    )
    out = lc.copy()
    out[ponds] = WATER
    out[built] = BUILT
    out[reclaimed] = CROP
    out[restored] = MANGROVE
    counts = {
        "mangrove -> aquaculture ponds (95 -> 80)": int(ponds.sum()),
        "mangrove -> built-up port (95 -> 50)": int(built.sum()),
        "salt marsh -> cropland (90 -> 40)": int(reclaimed.sum()),
        "tidal flat -> restored mangrove (60 -> 95)": int(restored.sum()),
    }
    return out, counts


def write_scenario(source: Path, out: Path) -> tuple[dict[str, int], str]:
    """Read the 2020 sample, write the 2035 scenario with the same profile, colours and tags."""
    import rasterio

    with rasterio.open(source) as src:
        lc = src.read(1)
        profile = src.profile
        colormap = src.colormap(1)
        tags = src.tags()
        band_tags = src.tags(1)
        cell_m = abs(src.transform.a)
    scenario, counts = scenario_2035(lc, cell_m)
    out.parent.mkdir(parents=True, exist_ok=True)
    profile.update(compress="deflate", zlevel=9)
    with rasterio.open(out, "w", **profile) as dst:
        dst.write(scenario, 1)
        dst.write_colormap(1, colormap)
        dst.set_band_description(1, "Land cover 2035 scenario, ESA WorldCover 10 m classes (synthetic sample)")
        tags.update(
            TITLE="Blue Carbon Landscape synthetic coastal mosaic, 2035 scenario",
            DESCRIPTION=("2035 scenario of coastal_mosaic.tif (read as 2020): aquaculture and port expansion into "
                         "mangroves, salt-marsh reclamation, mangrove restoration on tidal flats. Synthetic; "
                         "see resources/sample/README.md."),
            GENERATOR="scripts/make_scenario.py",
            YEAR="2035",
            BASELINE="coastal_mosaic.tif (2020)",
        )
        tags.pop("SEED", None)
        dst.update_tags(**tags)
        dst.update_tags(1, **band_tags)
    digest = hashlib.sha256(np.ascontiguousarray(scenario).tobytes()).hexdigest()[:16]
    return counts, digest


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--source", type=Path, default=SOURCE, help="the 2020 map (default: the bundled sample)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="where to write the 2035 map")
    args = parser.parse_args()
    counts, digest = write_scenario(args.source, args.out)
    for rule, cells in counts.items():
        print(f"{rule}: {cells} cells ({cells * 0.01:.2f} ha)")
    print(f"wrote {args.out} (array SHA-256 {digest})")


if __name__ == "__main__":
    main()

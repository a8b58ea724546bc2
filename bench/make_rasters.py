"""Build deterministic clustered 5-class benchmark rasters (Gaussian random fields) tile by tile."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Optional

import numpy as np
import rasterio
from rasterio.transform import from_origin
from rasterio.windows import Window
from scipy.ndimage import gaussian_filter

OUTPUT = Path(__file__).resolve().parent / "output"
SIGMA = 8.0  # cells
HALO = int(4 * SIGMA)  # rows/cols beyond which the Gaussian kernel is cut (scipy truncate=4)
NOISE_BLOCK = 64  # rows of white noise drawn from one seed
TILE_CELLS = 1 << 24  # cells of field computed at once (about 0.3 GB of float32 work arrays)
SAMPLE_WINDOWS = 8  # windows of SAMPLE_ROWS rows used to estimate the class quantiles
SAMPLE_ROWS = 128
SEED = 20240611
CELL_M = 30.0
CRS = "EPSG:32650"
ORIGIN = (500000.0, 2500000.0)  # UTM 50N, upper-left corner
N_CLASSES = 5
GDAL_CACHE_MB = 128
SIZES = (1000, 4000, 10000)
HUGE = 40000


def raster_path(size: int) -> Path:
    """Cache path of the ``size``² raster."""
    return OUTPUT / f"clustered_{size}.tif"


def noise_rows(size: int, row0: int, row1: int) -> np.ndarray:
    """White noise of rows ``row0..row1-1`` (may lie outside the raster), ``size + 2*HALO`` columns.

    Row block k always gets the same numbers, whichever range asks for it, so
    neighbouring tiles see identical halos and the field has no seams.
    """
    width = size + 2 * HALO
    k0, k1 = row0 // NOISE_BLOCK, (row1 - 1) // NOISE_BLOCK
    blocks = []
    for k in range(k0, k1 + 1):
        rng = np.random.default_rng(np.random.SeedSequence([SEED, size, k + (1 << 20)]))
        blocks.append(rng.standard_normal((NOISE_BLOCK, width), dtype=np.float32))
    noise = np.concatenate(blocks) if len(blocks) > 1 else blocks[0]
    off = row0 - k0 * NOISE_BLOCK
    return noise[off : off + row1 - row0]


def field_rows(size: int, row0: int, row1: int) -> np.ndarray:
    """The smoothed field of rows ``row0..row1-1``, all ``size`` columns (float32)."""
    noise = noise_rows(size, row0 - HALO, row1 + HALO)
    smooth = gaussian_filter(noise, SIGMA, mode="constant", truncate=4.0)
    del noise
    return np.ascontiguousarray(smooth[HALO:-HALO, HALO:-HALO])


def class_breaks(size: int) -> np.ndarray:
    """Quantiles 20/40/60/80 % of the field, estimated on a few windows spread over the raster."""
    rows = min(SAMPLE_ROWS, size)
    starts = np.linspace(0, size - rows, SAMPLE_WINDOWS).astype(int)
    sample = np.concatenate([field_rows(size, int(s), int(s) + rows)[::3, ::3].ravel() for s in np.unique(starts)])
    return np.quantile(sample, np.arange(1, N_CLASSES) / N_CLASSES).astype(np.float32)


def tile_rows(size: int) -> int:
    """Rows per tile: a multiple of the 512-row GeoTIFF blocks, 512 to 2048, about TILE_CELLS cells."""
    return int(np.clip(TILE_CELLS // size // 512 * 512, 512, 2048))


def classify(field: np.ndarray, breaks: np.ndarray) -> np.ndarray:
    """Class 1..N_CLASSES of every cell (uint8), without int64 temporaries."""
    classes = np.ones(field.shape, dtype=np.uint8)
    for b in breaks:
        classes += field > b
    return classes


def make_raster(size: int, path: Optional[Path] = None) -> Path:
    """Write the ``size``² raster unless a file of that size already exists; return its path."""
    path = path or raster_path(size)
    if path.exists():
        try:
            with rasterio.open(path) as ds:
                if ds.width == size and ds.height == size:
                    return path
        except rasterio.errors.RasterioIOError:
            pass
    path.parent.mkdir(parents=True, exist_ok=True)
    breaks = class_breaks(size)
    profile = dict(
        driver="GTiff", width=size, height=size, count=1, dtype="uint8", crs=CRS,
        transform=from_origin(ORIGIN[0], ORIGIN[1], CELL_M, CELL_M),
        tiled=True, blockxsize=512, blockysize=512, compress="deflate", BIGTIFF="IF_SAFER",
    )
    tmp = path.with_suffix(".tmp.tif")
    # a small GDAL cache: by default it keeps up to 5 % of RAM of written blocks before compressing them
    with rasterio.Env(GDAL_CACHEMAX=GDAL_CACHE_MB), rasterio.open(tmp, "w", **profile) as ds:
        for r0 in range(0, size, tile_rows(size)):
            r1 = min(r0 + tile_rows(size), size)
            ds.write(classify(field_rows(size, r0, r1), breaks), 1, window=Window(0, r0, size, r1 - r0))
            print(f"  {path.name}: rows {r1}/{size}", file=sys.stderr, flush=True)
    os.replace(tmp, path)
    return path


def main(argv: Optional[list[str]] = None) -> None:
    """Command line: build the benchmark rasters (``--huge`` adds 40000²)."""
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--sizes", default=",".join(map(str, SIZES)), help="comma-separated edge lengths in cells")
    ap.add_argument("--huge", action="store_true", help=f"also build {HUGE}²")
    args = ap.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",") if s] + ([HUGE] if args.huge else [])
    for size in sizes:
        print(make_raster(size))


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Build the demo demand layer `resources/sample/demand_units.gpkg` from the sample land-cover raster.

The sample mosaic (`coastal_mosaic.tif`, synthetic) has a town, a port and villages drawn as built-up
cells (ESA WorldCover code 50). This script finds them and writes one point per settlement with an
invented annual emission in t C/yr, so that `bluecarbon:carbonserviceflow` has beneficiaries to
serve in `make demo` and in the tests:

1. built-up cells (50), opened with a 4 × 4 square (`scipy.ndimage.binary_opening`) so that roads
   and the pier (1-3 cells wide) drop out and only compact settlements remain;
2. the remaining blobs are labelled (8 neighbours); blobs under 20 cells (0.2 ha) are ignored;
3. each blob gives a point at the cell of the blob nearest its centre of mass (always inside it),
   and a kind: the blob touching the port basin's quay in the south-east is the `port`, the largest
   other one the `town`, the rest `village`s;
4. emissions (t C/yr), invented round numbers of a plausible order, not data: town 6000, port 7000
   (shipping and industry), villages 50 t C/ha/yr × their built-up area (ha), rounded to 5 t.

Deterministic: the same raster gives the same points, ids (1 = town, 2 = port, then villages by
decreasing size, ties by row then column) and values. Needs numpy, scipy, rasterio and GDAL's `ogr`
(all installed with QGIS). Usage::

    PROJ_DATA=/usr/share/proj .venv/bin/python scripts/make_demand.py [--raster R] [--out OUT.gpkg]
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "resources" / "sample" / "coastal_mosaic.tif"
OUT = ROOT / "resources" / "sample" / "demand_units.gpkg"
BUILT_UP = 50
OPENING = 4  # cells: removes roads and the pier
MIN_CELLS = 20
TOWN_T = 6000.0
PORT_T = 7000.0
VILLAGE_T_PER_HA = 50.0


def settlements(raster: Path) -> list[dict]:
    """The settlements of the sample: kind, point (CRS), built-up area (ha), emissions (t C/yr)."""
    import rasterio
    from scipy import ndimage as ndi

    with rasterio.open(raster) as src:
        codes = src.read(1)
        transform = src.transform
        crs = src.crs.to_wkt()
        cell_ha = abs(transform.a * transform.e) / 1e4
    built = ndi.binary_opening(codes == BUILT_UP, np.ones((OPENING, OPENING), dtype=bool))
    labels, n = ndi.label(built, np.ones((3, 3), dtype=bool))
    sizes = np.bincount(labels.ravel(), minlength=n + 1)
    blobs = []
    for k in range(1, n + 1):
        if sizes[k] < MIN_CELLS:
            continue
        rows, cols = np.nonzero(labels == k)
        r0, c0 = rows.mean(), cols.mean()
        i = int(np.argmin((rows - r0) ** 2 + (cols - c0) ** 2))
        x, y = transform * (cols[i] + 0.5, rows[i] + 0.5)
        blobs.append({"row": int(rows[i]), "col": int(cols[i]), "x": float(x), "y": float(y),
                      "cells": int(sizes[k]), "south_east": float(r0 + c0)})
    blobs.sort(key=lambda b: (-b["cells"], b["row"], b["col"]))
    port = max(blobs, key=lambda b: b["south_east"])
    rest = [b for b in blobs if b is not port]
    town, villages = rest[0], rest[1:]
    out = [
        dict(town, kind="town", name="Town", emissions=TOWN_T),
        dict(port, kind="port", name="Port", emissions=PORT_T),
    ]
    for k, v in enumerate(villages, start=1):
        area = v["cells"] * cell_ha
        out.append(dict(v, kind="village", name=f"Village {k}", emissions=5.0 * round(VILLAGE_T_PER_HA * area / 5.0)))
    for s in out:
        s["area_ha"] = s["cells"] * cell_ha
        s["crs"] = crs
    return out


def write_gpkg(points: list[dict], path: Path) -> None:
    """Write the points as layer `demand_units` of a new GeoPackage (replacing ``path``)."""
    from osgeo import gdal, ogr, osr

    gdal.UseExceptions()
    tmp = path.with_suffix(".part.gpkg")
    if tmp.exists():
        tmp.unlink()
    driver = ogr.GetDriverByName("GPKG")
    ds = driver.CreateDataSource(str(tmp))
    srs = osr.SpatialReference()
    srs.ImportFromWkt(points[0]["crs"])
    layer = ds.CreateLayer("demand_units", srs, ogr.wkbPoint, options=["FID=fid"])
    for name, kind in (("name", ogr.OFTString), ("kind", ogr.OFTString), ("emissions_tC_yr", ogr.OFTReal),
                       ("built_up_ha", ogr.OFTReal)):
        layer.CreateField(ogr.FieldDefn(name, kind))
    for fid, p in enumerate(points, start=1):
        feature = ogr.Feature(layer.GetLayerDefn())
        feature.SetFID(fid)
        feature.SetField("name", p["name"])
        feature.SetField("kind", p["kind"])
        feature.SetField("emissions_tC_yr", float(p["emissions"]))
        feature.SetField("built_up_ha", round(float(p["area_ha"]), 4))
        point = ogr.Geometry(ogr.wkbPoint)
        point.AddPoint_2D(p["x"], p["y"])
        feature.SetGeometry(point)
        layer.CreateFeature(feature)
    ds = None  # close
    os.replace(tmp, path)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--raster", type=Path, default=SAMPLE)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    points = settlements(args.raster)
    write_gpkg(points, args.out)
    for fid, p in enumerate(points, start=1):
        print(f"{fid:3d} {p['name']:<11} {p['kind']:<8} x={p['x']:.0f} y={p['y']:.0f} "
              f"built-up {p['area_ha']:.2f} ha  {p['emissions']:.0f} t C/yr")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Build the demo zone layer `resources/sample/zones.gpkg` for the zone summaries of `bluecarbon:carbonserviceflow`.

Three illustrative zones drawn by hand over the synthetic sample mosaic (`coastal_mosaic.tif`, see its
README and `docs/img/sample_coastal_mosaic.png`), after the zone types of the Liaohe delta study
(agricultural reclamation, industrial port, reed wetland). Rectangles in EPSG:32649, metres:

| id | zone | x (m) | y (m) | covers |
| ---: | --- | --- | --- | --- |
| 1 | coastal wetland | 371 000 – 375 250 | 2 385 200 – 2 387 300 | the western mangrove and marsh belt |
| 2 | aquaculture reclamation | 371 630 – 373 330 and 375 290 – 376 850 | 2 386 760 – 2 387 860 and 2 386 040 – 2 387 510 | the two blocks of ponds |
| 3 | industrial port | 377 600 – 379 000 | 2 384 300 – 2 387 500 | the town's south side, the quay and the port basin |

Zone 1 overlaps the western pond block; zones are listed in this order, so where they overlap the
later zone takes the cell. Not data: a demo of the zone summaries. Needs GDAL's `ogr` (installed with
QGIS). Usage::

    /usr/bin/python3 scripts/make_zones.py [--out OUT.gpkg]
"""

from __future__ import annotations

import argparse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "resources" / "sample" / "zones.gpkg"
ZONES = (
    ("coastal wetland", [(371000.0, 2385200.0, 375250.0, 2387300.0)]),
    ("aquaculture reclamation", [(371630.0, 2386760.0, 373330.0, 2387860.0),
                                 (375290.0, 2386040.0, 376850.0, 2387510.0)]),
    ("industrial port", [(377600.0, 2384300.0, 379000.0, 2387500.0)]),
)


def write(out: Path) -> None:
    """Write the zones (MultiPolygon layer ``zones`` with a text field ``zone``) to ``out``."""
    from osgeo import ogr, osr

    if out.exists():
        out.unlink()
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(32649)
    ds = ogr.GetDriverByName("GPKG").CreateDataSource(str(out))
    layer = ds.CreateLayer("zones", srs, ogr.wkbMultiPolygon)
    layer.CreateField(ogr.FieldDefn("zone", ogr.OFTString))
    for name, boxes in ZONES:
        geometry = ogr.Geometry(ogr.wkbMultiPolygon)
        for x0, y0, x1, y1 in boxes:
            ring = ogr.Geometry(ogr.wkbLinearRing)
            for x, y in ((x0, y0), (x1, y0), (x1, y1), (x0, y1), (x0, y0)):
                ring.AddPoint_2D(x, y)
            polygon = ogr.Geometry(ogr.wkbPolygon)
            polygon.AddGeometry(ring)
            geometry.AddGeometry(polygon)
        feature = ogr.Feature(layer.GetLayerDefn())
        feature.SetField("zone", name)
        feature.SetGeometry(geometry)
        layer.CreateFeature(feature)
    ds = None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT)
    write(parser.parse_args().out)


if __name__ == "__main__":
    main()

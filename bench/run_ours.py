"""Benchmark child: this plugin's engine on one raster, as a user script would call it."""

from __future__ import annotations

import _child  # noqa: F401  (starts the clock before the heavy imports)

import argparse  # noqa: E402
from typing import Optional  # noqa: E402

import numpy as np  # noqa: E402

from bluecarbon.core.classes import build_scheme  # noqa: E402
from bluecarbon.core.fragmentation import FragmentationOptions, analyse_fragmentation  # noqa: E402
from bluecarbon.core.landcover import open_landcover  # noqa: E402


def main(argv: Optional[list[str]] = None) -> None:
    """Run the class metrics (``required``: CORE and ENN; ``all``: the defaults) and write the class table."""
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("raster")
    ap.add_argument("--metrics", choices=("required", "all"), default="required")
    ap.add_argument("--rows-per-strip", type=int, default=None)
    ap.add_argument("--csv", default=None, help="write the class table here")
    args = ap.parse_args(argv)
    import_s = _child.since_start()
    lc = open_landcover(args.raster)
    scheme = build_scheme(lc.value_counts(), None)
    if args.metrics == "required":
        options = FragmentationOptions(metrics=frozenset({"CORE", "ENN"}), rows_per_strip=args.rows_per_strip)
    else:
        options = FragmentationOptions(rows_per_strip=args.rows_per_strip)
    result = analyse_fragmentation(lc, scheme, options)
    classes = result.classes
    n_patches = int(np.sum(classes["NP"]))
    result.close()
    lc.close()
    if args.csv:
        _child.write_table(args.csv, classes)
    _child.report(import_s=import_s, n_patches=n_patches, n_columns=len(classes))


if __name__ == "__main__":
    main()

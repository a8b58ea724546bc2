"""Command line for batch users: ``python -m bluecarbon.core fragmentation RASTER ...`` (no QGIS needed).

Writes the class, landscape and (optionally) patch tables of the *Patch fragmentation* algorithm with
the same engine and the same CSV writers, all or nothing. ``--workers`` runs the strips on this
machine's cores, ``--scheduler`` on a Dask distributed cluster (``tcp://host:8786``; needs the
``distributed`` package and a raster path every worker can open).
"""

from __future__ import annotations

import argparse
import sys
from typing import Optional, Sequence

from .classes import GROUP_BY_ECOSYSTEM, GROUP_BY_VALUE, open_classified
from .errors import BlueCarbonError, Cancelled
from .feedback import Feedback
from .fragmentation import BASE_PATCH_METRICS, FragmentationOptions, analyse_fragmentation
from .fragmentation.options import ESSENTIAL, GYRATE_CENTRES
from .io import OutputBatch, check_writable, write_csv, write_record_csv
from .legend import AUTO_LEGEND, resolve_legend

OPTIONAL_METRICS = [m for m in BASE_PATCH_METRICS if m not in ESSENTIAL and m != "PROX"]


def build_parser() -> argparse.ArgumentParser:
    """The ``python -m bluecarbon.core`` argument parser."""
    ap = argparse.ArgumentParser(prog="python -m bluecarbon.core", description="Blue Carbon Landscape without QGIS.")
    sub = ap.add_subparsers(dest="command", required=True)
    f = sub.add_parser("fragmentation", help="FRAGSTATS patch, class and landscape metrics of a land-cover raster")
    f.add_argument("raster", help="classified land-cover raster (GeoTIFF or any GDAL raster of integer codes)")
    f.add_argument("--band", type=int, default=None, help="1-based band (needed for multi-band rasters)")
    f.add_argument("--legend", default=AUTO_LEGEND,
                   help="legend preset id (e.g. esa_worldcover), legend CSV path, 'none', or 'auto' (default: recognise)")
    f.add_argument("--group-by", choices=(GROUP_BY_VALUE, GROUP_BY_ECOSYSTEM), default=GROUP_BY_VALUE)
    f.add_argument("--neighbours", type=int, choices=(4, 8), default=8, help="patch rule (default 8, FRAGSTATS)")
    f.add_argument("--edge-depth", type=float, default=0.0, help="edge depth in m (0: one cell, FRAGSTATS default)")
    f.add_argument("--search-radius", type=float, default=0.0, help="PROX search radius in m (0: no PROX)")
    f.add_argument("--count-boundary-edge", action="store_true", help="count the landscape boundary in TE and ED")
    f.add_argument("--metrics", default=",".join(OPTIONAL_METRICS),
                   help=f"comma-separated optional patch metrics among {','.join(OPTIONAL_METRICS)} (default: all)")
    f.add_argument("--gyrate-centre", choices=GYRATE_CENTRES, default=GYRATE_CENTRES[0])
    f.add_argument("--rows-per-strip", type=int, default=None, help="rows per strip (default: the engine chooses)")
    f.add_argument("--workers", type=int, default=None, help="processes on this machine (default: cores - 1)")
    f.add_argument("--scheduler", default=None, help="Dask distributed scheduler address, e.g. tcp://host:8786")
    f.add_argument("--scratch-dir", default=None, help="folder for the strips' label files, shared by every worker")
    f.add_argument("--class-table", required=True, help="class metrics CSV to write")
    f.add_argument("--landscape-table", required=True, help="landscape metrics CSV to write")
    f.add_argument("--patch-table", default=None, help="patch metrics CSV to write (optional)")
    f.add_argument("--quiet", action="store_true", help="no progress on stderr")
    return ap


class _Progress(Feedback):
    """Progress in whole percent on stderr."""

    def __init__(self, quiet: bool) -> None:
        super().__init__(verbose=False)
        self.quiet = quiet
        self._last = -1

    def setProgress(self, progress: float) -> None:  # noqa: N802 - QGIS name
        super().setProgress(progress)
        if not self.quiet and int(progress) // 10 != self._last:
            self._last = int(progress) // 10
            print(f"{int(progress)}%", file=sys.stderr, flush=True)

    def pushInfo(self, info: str) -> None:  # noqa: N802 - QGIS name
        super().pushInfo(info)
        if not self.quiet:
            print(info, file=sys.stderr, flush=True)


def fragmentation(args: argparse.Namespace) -> int:
    """Run the fragmentation analysis and write its tables."""
    paths = [args.class_table, args.landscape_table] + ([args.patch_table] if args.patch_table else [])
    for path in paths:
        check_writable(path)
    metrics = frozenset(m.strip().upper() for m in args.metrics.split(",") if m.strip())
    options = FragmentationOptions(
        neighbours=args.neighbours,
        edge_depth_m=args.edge_depth if args.edge_depth > 0 else None,
        count_boundary_edge=args.count_boundary_edge,
        search_radius_m=args.search_radius if args.search_radius > 0 else None,
        metrics=metrics,
        gyrate_centre=args.gyrate_centre,
        rows_per_strip=args.rows_per_strip,
        workers=args.workers,
        scheduler=args.scheduler,
        scratch_dir=args.scratch_dir,
    )
    feedback = _Progress(args.quiet)
    legend = "" if args.legend.lower() == "none" else args.legend
    legend, _found = resolve_legend(legend, args.raster, args.band) if legend else (legend, None)
    lc, scheme = open_classified(args.raster, args.band, legend, args.group_by)
    with lc:
        result = analyse_fragmentation(lc, scheme, options, feedback)
        try:
            with OutputBatch() as batch:
                write_csv(args.class_table, result.classes, batch=batch)
                write_record_csv(args.landscape_table, result.landscape, batch=batch)
                if args.patch_table:
                    write_csv(args.patch_table, result.patches, batch=batch)
        finally:
            result.close()
    if not args.quiet:
        print(f"{int(result.landscape['NP'])} patches; wrote {', '.join(paths)}", file=sys.stderr)
    return 0


def main(argv: Optional[Sequence[str]] = None) -> int:
    """Entry point of ``python -m bluecarbon.core``; returns the exit status (2: bad input, 130: cancelled)."""
    args = build_parser().parse_args(argv)
    try:
        return fragmentation(args)
    except Cancelled as err:
        print(err, file=sys.stderr)
        return 130
    except BlueCarbonError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("Interrupted: no output was written.", file=sys.stderr)
        return 130


if __name__ == "__main__":  # python -m bluecarbon.core.cli
    sys.exit(main())

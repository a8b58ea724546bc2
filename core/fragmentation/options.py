"""Settings of a fragmentation analysis (the FRAGSTATS run parameters)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Optional

import numpy as np

from ..errors import InputError
from ..parallel import BACKENDS, Parallelism

BASE_PATCH_METRICS: tuple[str, ...] = (
    "AREA",
    "PERIM",
    "PARA",
    "SHAPE",
    "FRAC",
    "GYRATE",
    "CIRCLE",
    "CONTIG",
    "CORE",
    "NCORE",
    "CAI",
    "ENN",
    "PROX",
)
"""Patch metrics that can be switched on or off; class and landscape metrics follow them."""

ESSENTIAL = ("AREA", "PERIM", "PARA", "SHAPE", "FRAC")
"""Always computed: they come free with labelling."""

GYRATE_CENTRES: tuple[str, ...] = ("fragstats", "mean")
"""GYRATE's patch centre: FRAGSTATS's program (per-axis grouped-data median of the cells' rows and columns,
half a cell for a one-cell patch) or FRAGSTATS's help page and pylandstats (mean of the cell centres, 0)."""

CIRCLE_PIS: dict[str, float] = {"fragstats": 3.1415, "exact": float(np.pi)}
"""π in CIRCLE's circle area: FRAGSTATS's program uses 3.1415."""


@dataclass(frozen=True)
class FragmentationOptions:
    """How patches are delineated and which metrics are computed.

    ``edge_depth_m`` None means one cell (FRAGSTATS's usual choice); ``search_radius_m``
    None leaves PROX out. ``count_boundary_edge`` decides whether edges against the
    landscape boundary and nodata count in TE and ED (FRAGSTATS default: no); PERIM
    and LSI always count them, as in FRAGSTATS. ``gyrate_centre`` and ``circle_pi`` choose between
    FRAGSTATS's program (default: its printed output is reproduced) and its documented definitions
    (``"mean"``, ``"exact"``: what pylandstats computes).

    ``workers`` runs the strips on that many processes (None: the machine's cores − 1, and one for rasters of
    a single strip); ``backend`` chooses ``"processes"`` (default), ``"threads"`` or ``"serial"``;
    ``scheduler`` names a Dask distributed scheduler (``"tcp://host:8786"``, a ``Client`` or a
    ``LocalCluster``), and ``scratch_dir`` a folder for the strips' label files that every worker and this
    process can open. None of them changes a result (see :mod:`..parallel`).
    """

    neighbours: int = 8
    edge_depth_m: Optional[float] = None
    count_boundary_edge: bool = False
    search_radius_m: Optional[float] = None
    metrics: frozenset[str] = field(default_factory=lambda: frozenset(BASE_PATCH_METRICS) - {"PROX"})
    rows_per_strip: Optional[int] = None
    in_memory: Optional[bool] = None
    enn_halo_rows: int = 64
    gyrate_centre: str = "fragstats"
    circle_pi: str = "fragstats"
    workers: Optional[int] = None
    backend: str = "auto"
    scheduler: Any = field(default=None, compare=False)
    scratch_dir: Optional[str] = None

    def __post_init__(self) -> None:
        if self.neighbours not in (4, 8):
            raise InputError(f"The neighbour rule must be 4 or 8, not {self.neighbours}.", "Use 8 (FRAGSTATS default) or 4.")
        if self.edge_depth_m is not None and self.edge_depth_m < 0:
            raise InputError(f"The edge depth cannot be negative ({self.edge_depth_m} m).", "Give a depth of 0 m or more.")
        if self.search_radius_m is not None and self.search_radius_m <= 0:
            raise InputError(
                f"The PROX search radius must be positive ({self.search_radius_m} m).",
                "Give a radius in metres larger than one cell, or leave it empty to skip PROX.",
            )
        if self.gyrate_centre not in GYRATE_CENTRES:
            raise InputError(
                f"Unknown GYRATE centre '{self.gyrate_centre}'.",
                "Use 'fragstats' (FRAGSTATS's program, default) or 'mean' (mean of the cell centres).",
            )
        if self.circle_pi not in CIRCLE_PIS:
            raise InputError(
                f"Unknown CIRCLE convention '{self.circle_pi}'.",
                "Use 'fragstats' (π = 3.1415 as FRAGSTATS's program, default) or 'exact'.",
            )
        if self.backend not in BACKENDS:
            raise InputError(f"Unknown parallel backend '{self.backend}'.", f"Use one of {', '.join(BACKENDS)}.")
        if self.workers is not None and int(self.workers) < 1:
            raise InputError(
                f"The number of workers must be 1 or more, not {self.workers}.",
                "Give 1 or more, or leave it empty for the machine's cores − 1.",
            )
        unknown = set(self.metrics) - set(BASE_PATCH_METRICS)
        if unknown:
            raise InputError(
                f"Unknown patch metric(s): {', '.join(sorted(unknown))}.",
                f"Choose among {', '.join(BASE_PATCH_METRICS)}.",
            )

    def parallelism(self, workers: Optional[int] = None, scheduler: Any = None) -> Parallelism:
        """Where the strips run: these options, with ``workers`` and ``scheduler`` overriding them when given."""
        return Parallelism(
            workers=self.workers if workers is None else workers,
            backend=self.backend,
            scheduler=self.scheduler if scheduler is None else scheduler,
            scratch_dir=self.scratch_dir,
        )

    def wants(self, metric: str) -> bool:
        """True when ``metric`` (a base patch metric) is computed."""
        if metric == "PROX":
            return self.search_radius_m is not None
        if metric in ESSENTIAL:
            return True
        if metric == "CAI":
            return "CORE" in self.metrics or "CAI" in self.metrics
        return metric in self.metrics

    @property
    def wants_core(self) -> bool:
        """True when core areas are needed."""
        return self.wants("CORE") or self.wants("NCORE") or self.wants("CAI")

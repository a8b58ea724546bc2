"""Settings of a fragmentation analysis (the FRAGSTATS run parameters)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

from ..errors import InputError

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


@dataclass(frozen=True)
class FragmentationOptions:
    """How patches are delineated and which metrics are computed.

    ``edge_depth_m`` None means one cell (FRAGSTATS's usual choice); ``search_radius_m``
    None leaves PROX out. ``count_boundary_edge`` decides whether edges against the
    landscape boundary and nodata count in TE and ED (FRAGSTATS default: no); PERIM
    and LSI always count them, as in FRAGSTATS.
    """

    neighbours: int = 8
    edge_depth_m: Optional[float] = None
    count_boundary_edge: bool = False
    search_radius_m: Optional[float] = None
    metrics: frozenset[str] = field(default_factory=lambda: frozenset(BASE_PATCH_METRICS) - {"PROX"})
    rows_per_strip: Optional[int] = None
    in_memory: Optional[bool] = None
    enn_halo_rows: int = 64

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
        unknown = set(self.metrics) - set(BASE_PATCH_METRICS)
        if unknown:
            raise InputError(
                f"Unknown patch metric(s): {', '.join(sorted(unknown))}.",
                f"Choose among {', '.join(BASE_PATCH_METRICS)}.",
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

"""Landscape fragmentation: FRAGSTATS patch, class and landscape metrics and moving windows."""

from .engine import FragmentationResult, analyse_fragmentation
from .moving_window import METRICS as SURFACE_METRICS
from .moving_window import SurfaceResult, fragmentation_surfaces
from .options import BASE_PATCH_METRICS, FragmentationOptions

__all__ = [
    "BASE_PATCH_METRICS",
    "FragmentationOptions",
    "FragmentationResult",
    "SURFACE_METRICS",
    "SurfaceResult",
    "analyse_fragmentation",
    "fragmentation_surfaces",
]

"""Landscape fragmentation: FRAGSTATS patch, class and landscape metrics and moving windows."""

from .engine import FragmentationResult, analyse_fragmentation
from .options import BASE_PATCH_METRICS, FragmentationOptions

__all__ = ["BASE_PATCH_METRICS", "FragmentationOptions", "FragmentationResult", "analyse_fragmentation"]

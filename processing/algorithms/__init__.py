"""Algorithms of the Blue Carbon provider; append each algorithm class to ALGORITHMS."""

from typing import List, Type

from .base import BlueCarbonAlgorithm
from .carbon_change import CarbonChange
from .fragmentation_surface import FragmentationSurface
from .patch_fragmentation import PatchFragmentation
from .sink_capacity import SinkCapacity

ALGORITHMS: List[Type[BlueCarbonAlgorithm]] = [PatchFragmentation, FragmentationSurface, SinkCapacity, CarbonChange]

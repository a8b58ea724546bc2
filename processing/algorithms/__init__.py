"""Algorithms of the Blue Carbon provider; append each algorithm class to ALGORITHMS."""

from typing import List, Type

from ..base import BlueCarbonAlgorithm
from .blue_assessment import BlueAssessment
from .carbon_change import CarbonChange
from .carbon_service_flow import CarbonServiceFlow
from .connectivity import Connectivity
from .flow_sensitivity import FlowSensitivity
from .fragmentation_surface import FragmentationSurface
from .invest_tables import InvestTables
from .mspa import Mspa
from .patch_fragmentation import PatchFragmentation
from .restoration_priority import RestorationPriority
from .sink_capacity import SinkCapacity

ALGORITHMS: List[Type[BlueCarbonAlgorithm]] = [PatchFragmentation, FragmentationSurface, SinkCapacity, CarbonChange, CarbonServiceFlow, BlueAssessment,
                                               Mspa, Connectivity, RestorationPriority, InvestTables]
ALGORITHMS.append(FlowSensitivity)

"""Algorithms of the Blue Carbon provider; append each algorithm class to ALGORITHMS."""

from typing import List, Type

from .base import BlueCarbonAlgorithm

ALGORITHMS: List[Type[BlueCarbonAlgorithm]] = []

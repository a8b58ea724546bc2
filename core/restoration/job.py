"""The habitat (foreground) classes of a restoration analysis, from the user's class list."""

from __future__ import annotations

from typing import Sequence

from ..classes import ClassScheme
from ..errors import InputError
from ..fragmentation.job import resolve_classes
from ..legend import BLUE_CARBON_ECOSYSTEMS


def habitat_classes(scheme: ClassScheme, tokens: Sequence[str]) -> list[int]:
    """Class indices of the habitat: the named classes, or the blue-carbon ecosystems present when none is named.

    Unlike the fragmentation tools, an empty list never falls back to every class: MSPA and connectivity need a
    background, so a map without mangrove, salt marsh or seagrass is an error.
    """
    if tokens:
        return resolve_classes(scheme, tokens)
    blue = [i + 1 for i, e in enumerate(scheme.ecosystems) if e in BLUE_CARBON_ECOSYSTEMS]
    if not blue:
        raise InputError(
            "The raster holds no blue-carbon class (mangrove, salt marsh, seagrass) under this legend, so there is "
            "no foreground (habitat) to analyse.",
            "Choose the legend of the product the raster comes from, or name the habitat classes (ecosystems or "
            "raster values) in the class list.",
        )
    return blue

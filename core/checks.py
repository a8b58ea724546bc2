"""Checks of the inputs that several front ends share: one function per rule, raising InputError.

The assessment algorithm and the wizard call the same checks, so a rule and its message exist once: two maps on
the same grid (saying which of size, cell size, origin or CRS differs, and naming the input at fault), the years of
two dates in order, and a map whose classes get a sequestration rate from the parameter table.
"""

from __future__ import annotations

from typing import Optional

from .errors import InputError
from .landcover import Grid
from .legend import BLUE_CARBON_ECOSYSTEMS


def grid_differences(first: Grid, second: Grid) -> list[str]:
    """What differs between two grids, in words ('size 400 × 300 cells against 800 × 600', …); [] when none."""
    out = []
    if (first.width, first.height) != (second.width, second.height):
        out.append(f"size {second.width} × {second.height} cells against {first.width} × {first.height}")
    if abs(first.res_x - second.res_x) > 1e-9 * max(first.res_x, 1.0) or \
            abs(first.res_y - second.res_y) > 1e-9 * max(first.res_y, 1.0):
        out.append(f"cell size {second.res_x:g} × {second.res_y:g} against {first.res_x:g} × {first.res_y:g}")
    t1, t2 = first.transform, second.transform
    tolerance = 1e-6 * max(first.res_x, first.res_y, 1e-12)
    if abs(t1.c - t2.c) > tolerance or abs(t1.f - t2.f) > tolerance:
        out.append(f"origin ({t2.c:.10g}, {t2.f:.10g}) against ({t1.c:.10g}, {t1.f:.10g})")
    if first.crs_wkt != second.crs_wkt:
        out.append("CRS")
    if not out and not first.same_as(second):
        out.append("georeferencing (rotation)")
    return out


def check_same_grid(first: Grid, second: Grid, second_name: str = "INPUT_2", second_path: str = "",
                    first_name: str = "INPUT", first_path: str = "", what: str = "second-date raster",
                    why: str = "The change between them is computed cell by cell.") -> None:
    """InputError when ``second`` is not on ``first``'s grid, saying what differs and naming the second input
    (``what`` it is, ``why`` it must share the grid)."""
    differences = grid_differences(first, second)
    if not differences:
        return
    second_text = f"{second_name} '{second_path}'" if second_path else second_name
    first_text = f"{first_name} '{first_path}'" if first_path else first_name
    raise InputError(
        f"The {what} {second_text} is on another grid than the first, {first_text}: "
        f"{'; '.join(differences)}. {why}",
        f"Warp {second_name} onto the first map's grid (Raster ▸ Projections ▸ Warp with the first map's extent, "
        "cell size and CRS, nearest neighbour), then run again.",
    )


def check_years(first: Optional[int], second: Optional[int], first_name: str = "YEAR_1",
                second_name: str = "YEAR_2") -> None:
    """InputError when a second date lacks a year, or its year is not after the first's."""
    if first is None or second is None:
        missing = " and ".join(n for n, y in ((first_name, first), (second_name, second)) if y is None)
        raise InputError(
            f"Give the years of both maps: a second-date raster needs them, and {missing} is empty.",
            f"Give {first_name} and {second_name} (e.g. 2020 and 2035).",
        )
    if second <= first:
        raise InputError(
            f"The second map ({second_name} = {second}) must be later than the first ({first_name} = {first}).",
            "Give the years in order, the older map first.",
        )


def check_sink_classes(scheme: object, table: object, input_name: str = "INPUT") -> None:
    """InputError when no class of ``scheme`` is a blue-carbon ecosystem the parameter table gives a rate for."""
    from .sink import sink_ecosystems

    if sink_ecosystems(scheme, table):
        return
    present = ", ".join(sorted(set(getattr(scheme, "ecosystems", ())))) or "none"
    raise InputError(
        f"No class of {input_name} is mapped to a blue-carbon ecosystem the parameter table gives a sequestration "
        f"rate for (the map's ecosystems with this legend: {present}; blue-carbon ecosystems: "
        f"{', '.join(BLUE_CARBON_ECOSYSTEMS)}).",
        "Choose the legend that maps the map's codes to mangrove, salt_marsh or seagrass (e.g. esa_worldcover for "
        "ESA WorldCover maps), or your own legend CSV; with an area of interest, check it covers blue-carbon habitat.",
    )


__all__ = ["check_same_grid", "check_sink_classes", "check_years", "grid_differences"]

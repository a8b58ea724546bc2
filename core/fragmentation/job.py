"""From a user's class list ("mangrove, salt_marsh; 95") to the class indices of a landscape, for the tools and scripts."""

from __future__ import annotations

from typing import Optional, Sequence

from ..classes import ClassScheme
from ..errors import InputError
from ..legend import BLUE_CARBON_ECOSYSTEMS, Legend, load_legend


def parse_class_list(text: Optional[str]) -> list[str]:
    """Split a user's class list ("mangrove, salt_marsh; 95") into tokens."""
    if not text:
        return []
    return [t.strip() for t in text.replace(";", ",").split(",") if t.strip()]


def resolve_classes(scheme: ClassScheme, tokens: Sequence[str]) -> list[int]:
    """Class indices named by ecosystem keys, class codes or raster values.

    No tokens means the blue-carbon ecosystems present (mangrove, salt marsh,
    seagrass), or every class when the legend names none of them.
    """
    if not tokens:
        blue = [i + 1 for i, e in enumerate(scheme.ecosystems) if e in BLUE_CARBON_ECOSYSTEMS]
        return blue or list(range(1, scheme.n_classes + 1))
    chosen: list[int] = []
    unknown: list[str] = []
    for token in tokens:
        hits = [i + 1 for i, e in enumerate(scheme.ecosystems) if e == token.lower()]
        hits += [i + 1 for i, code in enumerate(scheme.codes) if str(code) == token]
        hits += [i + 1 for i, members in enumerate(scheme.members) if token.lstrip("-").isdigit() and int(token) in members]
        if not hits:
            unknown.append(token)
        chosen.extend(h for h in hits if h not in chosen)
    if unknown:
        known = ", ".join(sorted({str(c) for c in scheme.codes} | set(scheme.ecosystems)))
        raise InputError(
            f"The class(es) {', '.join(unknown)} are not in this landscape.",
            f"Name classes present in the raster: {known}.",
        )
    return sorted(chosen)


def no_blue_carbon_warning(scheme: ClassScheme, legend: "str | Legend | None", tokens: Sequence[str]) -> str:
    """The warning when no class was named and the map holds no blue-carbon class ("" otherwise).

    :func:`resolve_classes` then draws the patches of every class present: the warning names the legend's
    blue-carbon classes (none of them present) and the classes written instead, so a mangrove study that got
    the wrong map (e.g. a cropland tile) is not mistaken for a result.
    """
    if tokens or any(e in BLUE_CARBON_ECOSYSTEMS for e in scheme.ecosystems):
        return ""
    try:
        legend_obj = legend if isinstance(legend, Legend) else load_legend(legend) if legend else None
    except (InputError, OSError):
        legend_obj = None
    blue = [f"{e.value} {e.name}" for e in legend_obj.entries if e.ecosystem in BLUE_CARBON_ECOSYSTEMS] if legend_obj else []
    expected = (f"none of the legend's blue-carbon classes ({', '.join(blue)}) is present"
                if blue else "the legend names no blue-carbon class (mangrove, salt marsh, seagrass)")
    present = ", ".join(f"{code} {name}".strip() if str(code) != name else name
                        for code, name in zip(scheme.codes, scheme.names))
    return (f"No blue-carbon class in this map: {expected}. The patches written are those of every class present "
            f"instead ({present}). If you expected mangrove, salt marsh or seagrass, check the map and its legend; "
            "to keep these classes, name them in CLASSES.")

"""From a user's class list ("mangrove, salt_marsh; 95") to the class indices of a landscape, for the tools and scripts."""

from __future__ import annotations

from typing import Optional, Sequence

from ..classes import ClassScheme
from ..errors import InputError
from ..legend import BLUE_CARBON_ECOSYSTEMS


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

"""Distance-decay laws of the gravity allocation, evaluated in log space.

- exponential: f(d) = exp(−d / λ), λ > 0 the decay distance (m or cost-metres): f(0) = 1 and f
  falls to 1/e at d = λ;
- power: f(d) = (d + d₀)^−β, β > 0 the exponent, d₀ > 0 an offset (m) that keeps f finite at
  d = 0 (a unit inside or touching a patch) and sets the distance below which decay is weak.

Given by meaning (the Graphab / Makurhini convention): "a link at distance d_ref weighs p of a link
at distance 0", f(d_ref) / f(0) = p with 0 < p < 1, which gives λ = −d_ref / ln p for the exponential
law and β = −ln p / ln((d_ref + d₀) / d₀) for the power law (:meth:`DistanceDecay.from_weight`).

Only ratios of f enter the allocation, so f needs no normalising constant. Weights are handled as
log f so that steep decays at long distances never underflow to 0 for every unit of a patch
(:func:`..allocation.gravity_allocation` subtracts each patch's largest log weight). Every
parameter comes from the user; none has a default here.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from ..errors import InputError

EXPONENTIAL = "exponential"
POWER = "power"
LAWS: tuple[str, ...] = (EXPONENTIAL, POWER)


@dataclass(frozen=True)
class DistanceDecay:
    """A decay law f(d) and its parameters (distances in metres, or cost-metres in least-cost mode)."""

    law: str
    scale_m: float = math.nan  # λ of the exponential law
    exponent: float = math.nan  # β of the power law
    offset_m: float = math.nan  # d₀ of the power law

    def __post_init__(self) -> None:
        if self.law not in LAWS:
            raise InputError(f"Unknown distance-decay law '{self.law}'.", f"Use one of {', '.join(LAWS)}.")
        if self.law == EXPONENTIAL and not (self.scale_m > 0 and math.isfinite(self.scale_m)):
            raise InputError(
                f"The decay distance λ of the exponential law must be a positive number of metres, not {self.scale_m}.",
                "Give λ > 0, e.g. the distance at which a link should weigh 1/e of a link at distance 0.",
            )
        if self.law == POWER:
            if not (self.exponent > 0 and math.isfinite(self.exponent)):
                raise InputError(
                    f"The exponent β of the power law must be positive, not {self.exponent}.",
                    "Give β > 0 (2 is the classic gravity-model value).",
                )
            if not (self.offset_m > 0 and math.isfinite(self.offset_m)):
                raise InputError(
                    f"The offset d₀ of the power law must be a positive number of metres, not {self.offset_m}.",
                    "Give d₀ > 0 (e.g. one cell size): it keeps (d + d₀)^−β finite for a unit inside a patch.",
                )

    @classmethod
    def from_weight(cls, law: str, weight: float, at_distance_m: float, offset_m: float = math.nan) -> "DistanceDecay":
        """The law whose weight relative to d = 0 is ``weight`` (p) at ``at_distance_m`` (d_ref, m or cost-m)."""
        if not (0.0 < weight < 1.0):
            raise InputError(
                f"The weight at the reference distance must lie strictly between 0 and 1, not {weight}.",
                "Give p, the weight of a link at the reference distance relative to one at distance 0 (e.g. 0.05).",
            )
        if not (at_distance_m > 0 and math.isfinite(at_distance_m)):
            raise InputError(
                f"The reference distance must be a positive number of metres, not {at_distance_m}.",
                "Give d_ref > 0, e.g. the distance at which a link should weigh p.",
            )
        if law == EXPONENTIAL:
            return cls(EXPONENTIAL, scale_m=-at_distance_m / math.log(weight))
        if law == POWER:
            if not (offset_m > 0 and math.isfinite(offset_m)):
                raise InputError(
                    f"The offset d₀ of the power law must be a positive number of metres, not {offset_m}.",
                    "Give d₀ > 0 (e.g. one cell size).",
                )
            return cls(POWER, exponent=-math.log(weight) / math.log((at_distance_m + offset_m) / offset_m), offset_m=offset_m)
        raise InputError(f"Unknown distance-decay law '{law}'.", f"Use one of {', '.join(LAWS)}.")

    def relative_weight(self, distance: "float | np.ndarray") -> "float | np.ndarray":
        """f(d) / f(0): the weight of a link at ``distance`` relative to one at distance 0."""
        return np.exp(self.log_weight(distance) - self.log_weight(0.0))

    def scaled(self, factor: float) -> "DistanceDecay":
        """The same law with its distance parameter (λ, or β's reach through 1/β) multiplied by ``factor``."""
        if self.law == EXPONENTIAL:
            return DistanceDecay(EXPONENTIAL, scale_m=self.scale_m * factor)
        return DistanceDecay(POWER, exponent=self.exponent / factor, offset_m=self.offset_m)

    def log_weight(self, distance: np.ndarray) -> np.ndarray:
        """ln f(d) for distances ≥ 0."""
        d = np.asarray(distance, dtype=np.float64)
        if self.law == EXPONENTIAL:
            return -d / self.scale_m
        return -self.exponent * np.log(d + self.offset_m)

    def weight(self, distance: np.ndarray) -> np.ndarray:
        """f(d) (may underflow to 0 far away; the allocation uses :meth:`log_weight`)."""
        return np.exp(self.log_weight(distance))

    def describe(self) -> str:
        """The law with its parameters, for logs and tables."""
        if self.law == EXPONENTIAL:
            return f"f(d) = exp(-d / {self.scale_m:g})"
        return f"f(d) = (d + {self.offset_m:g})^-{self.exponent:g}"

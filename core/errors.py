"""Errors the engine raises: each names the problem and how to fix it."""

from __future__ import annotations

import numpy as np


class BlueCarbonError(Exception):
    """Base class of every error raised on purpose by the engine."""


class InputError(BlueCarbonError, ValueError):
    """An input cannot be used as given; the message says why and what to do."""

    def __init__(self, problem: str, fix: str) -> None:
        self.problem = problem
        self.fix = fix
        super().__init__(f"{problem} Fix: {fix}")


class OutputError(BlueCarbonError, OSError):
    """An output cannot be written; nothing partial is left behind."""

    def __init__(self, problem: str, fix: str) -> None:
        self.problem = problem
        self.fix = fix
        super().__init__(f"{problem} Fix: {fix}")


class Cancelled(BlueCarbonError):
    """The user cancelled the run; nothing partial is left behind."""

    def __init__(self) -> None:
        super().__init__("The run was cancelled; no output was written.")


def require_finite(values: object, what: str, culprit: str, fix: str) -> None:
    """Raise :class:`InputError` when ``values`` hold a NaN or an infinity (e.g. an overflow to inf).

    ``what`` names the figure that came out non-finite, ``culprit`` the input that made it so; no number is
    ever written blank or reported as 0 because an intermediate overflowed.
    """
    array = np.asarray(values, dtype=float)
    if not np.isfinite(array).all():
        raise InputError(f"{what} is not a finite number (it overflowed or is undefined); {culprit}.", fix)

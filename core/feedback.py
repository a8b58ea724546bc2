"""Progress and cancellation without QGIS.

The engine talks to a feedback object with the same method names as
``QgsProcessingFeedback`` (``setProgress``, ``isCanceled``, ``pushInfo``,
``reportError``), so a Processing algorithm passes its own feedback straight
through and a script passes :class:`Feedback` or nothing at all.
"""

from __future__ import annotations

from typing import Optional, Protocol

from .errors import Cancelled


class FeedbackLike(Protocol):
    """What the engine needs from a feedback object."""

    def setProgress(self, progress: float) -> None: ...

    def isCanceled(self) -> bool: ...

    def pushInfo(self, info: str) -> None: ...


class Feedback:
    """A console feedback: records messages, optionally prints them, never cancels by itself."""

    def __init__(self, verbose: bool = False) -> None:
        self.verbose = verbose
        self.progress = 0.0
        self.messages: list[str] = []
        self._cancelled = False

    def setProgress(self, progress: float) -> None:
        self.progress = float(progress)

    def isCanceled(self) -> bool:
        return self._cancelled

    def cancel(self) -> None:
        self._cancelled = True

    def pushInfo(self, info: str) -> None:
        self.messages.append(info)
        if self.verbose:
            print(info)

    def reportError(self, error: str, fatalError: bool = False) -> None:  # noqa: N803 - QGIS name
        self.pushInfo(error)


class Steps:
    """Maps the progress of one step onto a span of the whole run and checks cancellation."""

    def __init__(self, feedback: Optional[FeedbackLike], start: float = 0.0, end: float = 100.0) -> None:
        self.feedback = feedback
        self.start = start
        self.end = end

    def sub(self, start_fraction: float, end_fraction: float) -> "Steps":
        """A child span covering ``start_fraction..end_fraction`` of this span."""
        width = self.end - self.start
        return Steps(self.feedback, self.start + width * start_fraction, self.start + width * end_fraction)

    def progress(self, fraction: float) -> None:
        """Report ``fraction`` (0..1) of this span and raise :class:`Cancelled` if asked to stop."""
        self.check()
        if self.feedback is not None:
            self.feedback.setProgress(self.start + (self.end - self.start) * min(max(fraction, 0.0), 1.0))

    def check(self) -> None:
        """Raise :class:`Cancelled` when the user asked to stop."""
        if self.feedback is not None and self.feedback.isCanceled():
            raise Cancelled()

    def info(self, message: str) -> None:
        """Pass a message to the log."""
        if self.feedback is not None:
            self.feedback.pushInfo(message)


def as_steps(feedback: "Optional[FeedbackLike | Steps]") -> Steps:
    """A :class:`Steps` from a feedback object, or the given Steps (a span of a larger run) itself."""
    return feedback if isinstance(feedback, Steps) else Steps(feedback)

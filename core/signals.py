"""Stop a long run cleanly when the process is asked to stop (Ctrl+C, ``kill``).

``qgis_process`` runs an algorithm in its main thread. Without a handler, SIGINT does not stop it and SIGTERM
kills it at once, leaving hidden staging files behind. Inside :func:`cancel_on_signals` both signals only
call ``cancel()`` (the Processing feedback's ``cancel``), so the run stops at its next progress point, cleans
up like any cancellation, and the caller can then report the signal. In QGIS's desktop the algorithms run in
a worker thread, where Python cannot install signal handlers: there the block runs unchanged.
"""

from __future__ import annotations

import contextlib
import signal
import threading
from typing import Callable, Iterator, List

STOP_SIGNALS = tuple(s for s in (getattr(signal, "SIGINT", None), getattr(signal, "SIGTERM", None)) if s)


@contextlib.contextmanager
def cancel_on_signals(cancel: Callable[[], None]) -> Iterator[List[int]]:
    """While the block runs, SIGINT and SIGTERM call ``cancel()``; yields the list of signals received."""
    received: List[int] = []
    if threading.current_thread() is not threading.main_thread():
        yield received
        return

    previous: dict = {}

    def handler(signum: int, frame: object) -> None:
        received.append(signum)
        cancel()
        outer = previous.get(signum)
        if getattr(outer, "cancels_a_run", False):  # a run inside a run (a child algorithm): stop the outer one too
            outer(signum, frame)

    handler.cancels_a_run = True  # type: ignore[attr-defined]

    try:
        for sig in STOP_SIGNALS:
            previous[sig] = signal.signal(sig, handler)
    except (ValueError, OSError):  # not allowed here (embedded interpreter without signal support)
        pass
    try:
        yield received
    finally:
        for sig, old in previous.items():
            signal.signal(sig, old if old is not None else signal.SIG_DFL)


def signal_name(signum: int) -> str:
    """'SIGTERM' for 15, etc."""
    try:
        return signal.Signals(signum).name
    except ValueError:
        return f"signal {signum}"

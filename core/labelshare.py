"""One labelling per map within a run of several steps: the assessment labels each date's patches once.

The assessment runs fragmentation, sink and flow as separate child algorithms, and each of them labels the
patches of the same map (the sink and the flow through :func:`core.fragmentation.engine.analyse_fragmentation`).
Inside :func:`shared_labelling`, :func:`core.patches.label_patches` keeps every labelling it makes, and a
later request for the same map returns the kept one instead of labelling again. "The same" is all that
decides the labels and the sums gathered with them:

- the file (its real path, size and modification time, so a rewritten file is labelled anew), the band
  and the nodata value;
- the classes (the raster values of each class, in order: they decide which cells form one patch);
- the neighbour rule (4 or 8) and the strips (the per-patch sums are added strip by strip; the same
  strips give the same sums bit for bit).

A labelling with the cells per row and column (``medians``) serves a request without them, not the other
way round; an in-memory labelling is not given to a run whose workers are other processes (they read label
files). While shared, a labelling's ``close()`` is a no-op; the block's end releases them all (memory and
temporary label files). The cache is per thread: child algorithms run on their parent's thread, and an
algorithm QGIS runs meanwhile on another thread neither sees nor keeps these labellings.
"""

from __future__ import annotations

import contextlib
import os
import threading
from typing import Any, Hashable, Iterator, Optional

_local = threading.local()


@contextlib.contextmanager
def shared_labelling() -> Iterator[None]:
    """Share labellings of the same map between the steps run inside this block (on this thread).

    Nested blocks join the outermost one; leaving the outermost block releases every kept labelling.
    """
    if getattr(_local, "kept", None) is not None:
        yield
        return
    _local.kept = {}
    _local.all = []
    try:
        yield
    finally:
        kept = _local.all
        _local.kept = _local.all = None
        for labelling in kept:
            labelling.store.release()


def active() -> bool:
    """Whether a :func:`shared_labelling` block is open on this thread."""
    return getattr(_local, "kept", None) is not None


def share_key(lc: Any, scheme: Any, neighbours: int, strips: list[tuple[int, int]]) -> Optional[Hashable]:
    """What decides a labelling (see the module docstring); None when the file cannot be identified."""
    try:
        st = os.stat(lc.path)
    except (OSError, TypeError):
        return None
    members = tuple(tuple(int(v) for v in m) for m in scheme.members)
    return (os.path.realpath(lc.path), st.st_size, st.st_mtime_ns, lc.band, lc.nodata, members, int(neighbours),
            tuple(strips))


def find(key: Optional[Hashable], medians: bool, in_process: bool) -> Any:
    """The kept labelling for ``key`` that serves this request, or None (also outside a block)."""
    if key is None or not active():
        return None
    labelling = _local.kept.get(key)
    if labelling is None or (medians and not labelling.medians):
        return None
    if not in_process and labelling.store.shard_dir is None:
        return None  # workers in other processes need label files
    return labelling


def keep(key: Optional[Hashable], labelling: Any) -> None:
    """Keep ``labelling`` for later requests of the open block (nothing outside a block)."""
    if key is None or not active():
        return
    labelling.store.pin()
    _local.kept[key] = labelling
    _local.all.append(labelling)

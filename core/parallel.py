"""Run strip tasks on every core of the machine, or on a Dask cluster, with the results joined in strip order.

The engine cuts a raster into row strips; each strip is a task (a module-level function and a small
picklable argument). A :class:`StripRunner` hands the tasks to

- ``"serial"``: this process, one after the other (one worker);
- ``"processes"``: a pool of Python processes started with ``spawn`` (the only start method that is safe
  inside QGIS, whose ``sys.executable`` is the QGIS binary: :func:`python_executable` finds the Python
  interpreter next to it);
- ``"threads"``: a pool of threads in this process;
- ``"dask"``: a Dask distributed scheduler (``scheduler="tcp://host:8786"``, a ``distributed.Client`` or a
  ``LocalCluster``); Dask is imported only then, and is not needed otherwise.

Why processes by default: the calls that make most of a strip's cost (``ndimage.label``, ``np.bincount``,
fancy indexing) ran no faster on two threads than one in our measurements (``np.bincount`` holds the GIL;
docs/benchmarks.md, "Threads or processes"), while processes run them side by side whatever holds the GIL.
Processes send their labels to disk (one file per strip) and return compact per-strip sums.

Results come back in strip order whatever order the workers finish in, and the engine joins them in that
order, so every sum is made in the same order as with one worker: the output is identical bit for bit.
Between results the runner reports progress and checks for cancellation; a cancelled run, or a failing
strip, cancels the tasks not started, stops the pool and raises (:class:`~.errors.Cancelled`, or
:class:`StripFailed` naming the rows and the file).
"""

from __future__ import annotations

import ctypes
import os
import shutil
import sys
import time
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, ThreadPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from typing import Any, Callable, Iterator, Optional, Sequence

from .errors import BlueCarbonError, Cancelled, InputError
from .feedback import Steps

BACKENDS = ("auto", "serial", "processes", "threads", "dask")
M_MMAP_THRESHOLD = -3  # glibc mallopt parameter
WORKER_MMAP_THRESHOLD = 64 << 20
"""Fixed mmap threshold (bytes) for worker processes whose environment switched glibc's dynamic one off."""
MIN_PARALLEL_CELLS = 1 << 22
"""Below this many cells (one default strip) a pool costs more to start than it saves: run serially."""


class StripFailed(BlueCarbonError):
    """A strip task failed in a worker; the message names the rows and the file."""

    def __init__(self, what: str, rows: tuple[int, int], path: str, error: BaseException) -> None:
        self.rows = rows
        self.path = path
        super().__init__(
            f"{what} failed on rows {rows[0]}-{rows[1] - 1} of '{path}': {type(error).__name__}: {error}. "
            "No output was written."
        )


def default_workers() -> int:
    """Cores of this machine (those this process may use) minus one, at least 1."""
    try:
        cores = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        cores = os.cpu_count() or 1
    return max(1, cores - 1)


def python_executable() -> str:
    """A Python interpreter for worker processes: ``sys.executable``, unless that is QGIS itself.

    Inside QGIS ``sys.executable`` is the QGIS binary (``qgis``, ``qgis-bin.exe``), or, in an embedded
    interpreter, whatever ``python3`` comes first on PATH (e.g. a pyenv shim with another standard library):
    it is only used when it belongs to this installation (under ``sys.exec_prefix``). The interpreter of the
    same installation lies next to it (``<prefix>/bin/python3.X`` on Linux and macOS, ``<prefix>/python.exe``
    or ``<prefix>/bin/python3.exe`` on Windows' OSGeo4W).
    """
    exe = sys.executable or ""
    prefixes_real = {os.path.realpath(p) for p in (sys.exec_prefix, sys.base_exec_prefix) if p}
    if os.path.basename(exe).lower().startswith("python") and any(
            os.path.realpath(exe).startswith(p + os.sep) for p in prefixes_real):
        return exe  # an interpreter of this installation (an embedded Python may report another one on PATH)
    version = f"{sys.version_info.major}.{sys.version_info.minor}"
    prefixes = [sys.exec_prefix, sys.base_exec_prefix, os.path.dirname(exe)]
    names = [f"bin/python{version}", "bin/python3", "python.exe", "python3.exe", f"apps/Python{version.replace('.', '')}/python.exe"]
    for prefix in prefixes:
        for name in names:
            candidate = os.path.join(prefix, name)
            if os.path.isfile(candidate) and os.access(candidate, os.X_OK):
                return candidate
    found = shutil.which(f"python{version}") or shutil.which("python3")
    if found:
        return found
    raise InputError(
        f"No Python {version} interpreter was found next to '{exe}' to start worker processes.",
        "Run with workers=1, or with backend='threads'.",
    )


@dataclass(frozen=True)
class Parallelism:
    """How many workers, and where: the ``workers``, ``backend`` and ``scheduler`` of an analysis.

    ``workers`` None means :func:`default_workers` (cores − 1); 1 means serial. ``scheduler`` names a
    Dask distributed scheduler (``"tcp://host:8786"``), or is a ``distributed.Client`` or ``LocalCluster``;
    it implies ``backend="dask"``. ``scratch_dir`` holds the strips' label files while a run lasts; with a
    cluster it must be a folder every worker can write and the client can read (default: the system's
    temporary folder, fine for one machine and a ``LocalCluster``).
    """

    workers: Optional[int] = None
    backend: str = "auto"
    scheduler: Any = None
    scratch_dir: Optional[str] = None

    def __post_init__(self) -> None:
        if self.backend not in BACKENDS:
            raise InputError(f"Unknown parallel backend '{self.backend}'.", f"Use one of {', '.join(BACKENDS)}.")
        if self.workers is not None and int(self.workers) < 1:
            raise InputError(f"The number of workers must be 1 or more, not {self.workers}.", "Give 1 or more, or leave it empty for cores − 1.")

    def resolve(self, n_cells: int, n_tasks: int) -> tuple[str, int]:
        """The backend and number of workers for a run of ``n_tasks`` strips over ``n_cells`` cells."""
        if self.scheduler is not None or self.backend == "dask":
            return "dask", int(self.workers or 0)
        workers = default_workers() if self.workers is None else int(self.workers)
        workers = min(workers, max(n_tasks, 1))
        if self.backend == "serial" or workers <= 1:
            return "serial", 1
        if self.backend == "auto":
            if self.workers is None and n_cells < MIN_PARALLEL_CELLS:
                return "serial", 1
            return "processes", workers
        return self.backend, workers


class StripRunner:
    """Runs strip tasks with one backend; ``map`` yields their results in task order."""

    def __init__(self, backend: str, workers: int, scheduler: Any = None) -> None:
        self.backend = backend
        self.workers = workers
        self.scheduler = scheduler
        self._pool = None
        self._client = None
        self._own_client = False

    @property
    def slots(self) -> int:
        """How many tasks run at once: the pool's workers, or the threads of the Dask cluster's workers."""
        if self.backend == "dask" and self._client is not None:
            try:
                info = self._client.scheduler_info()["workers"]
                return max(1, sum(int(w.get("nthreads", 1)) for w in info.values()))
            except Exception:  # noqa: BLE001 - only a hint for how many tasks to hand out
                return max(1, self.workers)
        return max(1, self.workers)

    @property
    def in_process(self) -> bool:
        """True when tasks run in this process (they may share its memory)."""
        return self.backend in ("serial", "threads")

    def __enter__(self) -> "StripRunner":
        if self.backend == "processes":
            import multiprocessing

            ctx = multiprocessing.get_context("spawn")
            ctx.set_executable(python_executable())
            self._pool = ProcessPoolExecutor(max_workers=self.workers, mp_context=ctx)
            _never_wait_for_the_feeder(self._pool)
        elif self.backend == "threads":
            self._pool = ThreadPoolExecutor(max_workers=self.workers, thread_name_prefix="bluecarbon-strip")
        elif self.backend == "dask":
            self._client, self._own_client = _dask_client(self.scheduler)
        return self

    def __exit__(self, *exc: object) -> None:
        self.close(cancel=exc[0] is not None)

    def close(self, cancel: bool = False) -> None:
        """Stop the pool (pending tasks are cancelled when ``cancel``); leave a user's Dask client running."""
        if self._pool is not None:
            if cancel and self.backend == "processes":
                _terminate_workers(self._pool)
            self._pool.shutdown(wait=not cancel, cancel_futures=cancel)
            self._pool = None
        if self._client is not None and self._own_client:
            self._client.close()
        self._client = None

    def scatter(self, value: Any) -> Any:
        """Send ``value`` once to every worker (Dask) and return a handle tasks can take; else ``value``."""
        if self.backend == "dask":
            return self._client.scatter(value, broadcast=True)
        return value

    def map(
        self,
        fn: Callable[[Any], Any],
        tasks: Sequence[Any],
        steps: Optional[Steps] = None,
        describe: Optional[Callable[[Any], tuple[str, tuple[int, int], str]]] = None,
        ahead: Optional[int] = None,
    ) -> Iterator[Any]:
        """Results of ``fn(task)`` in task order; progress and cancellation checked as each one arrives.

        ``describe(task)`` gives (what, rows, path) for the error raised when a task fails. ``ahead`` bounds
        the tasks handed out and not yet joined (None: all at once): tasks whose results are large (a strip
        of output rows) then hold at most ``ahead`` results in memory while an earlier strip is still running.
        """
        steps = steps or Steps(None)
        n = len(tasks)
        if self.backend == "serial":
            for i, task in enumerate(tasks):
                steps.progress(i / max(n, 1))
                yield _call(fn, task, describe)
            steps.progress(1.0)
            return
        limit = n if ahead is None else max(1, int(ahead))
        futures: list = [None] * n  # None: not handed out yet, or joined
        submitted = 0

        def hand_out(upto: int) -> None:
            nonlocal submitted
            while submitted < min(n, upto):
                futures[submitted] = self._submit(fn, tasks[submitted])
                submitted += 1

        try:
            hand_out(limit)
            for i in range(n):
                fut = futures[i]
                while not self._done(fut):
                    steps.check()
                    done_count = i + self._wait_some(futures[i:submitted])
                    steps.progress(done_count / max(n, 1))
                try:
                    result = fut.result()
                except BlueCarbonError:  # Cancelled, StripFailed, or an input error naming the rows already
                    raise
                except BaseException as err:  # noqa: BLE001 - any worker error is reported with its strip
                    if describe is None:
                        raise
                    if isinstance(err, BrokenProcessPool):
                        err = WorkerLost(str(err))
                    raise StripFailed(*describe(tasks[i]), err) from err
                futures[i] = None  # let the result go as soon as it is joined
                hand_out(i + 1 + limit)
                yield result
            steps.progress(1.0)
        except GeneratorExit:  # the caller stopped reading: drop what is left, the workers stay usable
            for f in futures:
                if f is not None:
                    f.cancel()
            raise
        except BaseException:
            self._cancel([f for f in futures if f is not None])
            raise

    # -- backend plumbing ------------------------------------------------------------------
    def _submit(self, fn, task) -> Any:
        if self.backend == "dask":
            return self._client.submit(worker_call, fn, task, pure=False)
        if self.backend == "processes":
            return self._pool.submit(worker_call, fn, task)
        return self._pool.submit(fn, task)

    def _done(self, fut) -> bool:
        return fut.done()

    def _wait_some(self, futures: list) -> int:
        """Wait up to 0.2 s for one of ``futures`` (None: joined) to finish; return how many of them are done."""
        live = [f for f in futures if f is not None]
        if self.backend == "dask":  # poll: distributed.wait needs a default client, and raises on its timeout
            deadline = time.monotonic() + 0.2
            while time.monotonic() < deadline and not any(f.done() for f in live):
                time.sleep(0.01)
        else:
            wait([f for f in live if not f.done()], timeout=0.2, return_when=FIRST_COMPLETED)
        return sum(1 for f in futures if f is None or f.done())

    def _cancel(self, futures: list) -> None:
        for f in futures:
            f.cancel()
        if self.backend == "processes" and self._pool is not None:
            _terminate_workers(self._pool)


_worker_ready = False


def _prepare_worker() -> None:
    """Once per worker process: give glibc back a large mmap threshold if the environment disabled its dynamic one.

    Dask's nannies start workers with ``MALLOC_TRIM_THRESHOLD_=65536``; setting any such variable switches
    off glibc's dynamic mmap threshold, so every array above 128 KiB becomes a fresh ``mmap`` whose pages
    fault in again: the strip tasks then took 2.2× their CPU time (docs/benchmarks.md). A threshold the
    user set explicitly (``MALLOC_MMAP_THRESHOLD_``) is left alone.
    """
    global _worker_ready
    if _worker_ready:
        return
    _worker_ready = True
    tuned = ("MALLOC_TRIM_THRESHOLD_", "MALLOC_TOP_PAD_", "MALLOC_MMAP_MAX_")
    if not sys.platform.startswith("linux") or "MALLOC_MMAP_THRESHOLD_" in os.environ:
        return
    if any(name in os.environ for name in tuned):
        try:
            ctypes.CDLL("libc.so.6").mallopt(M_MMAP_THRESHOLD, WORKER_MMAP_THRESHOLD)
        except (OSError, AttributeError):  # not glibc
            pass


def worker_call(fn: Callable[[Any], Any], task: Any) -> Any:
    """Run ``fn(task)`` in a worker process (pool or Dask), after :func:`_prepare_worker`."""
    _prepare_worker()
    return fn(task)


def _call(fn, task, describe):
    try:
        return fn(task)
    except (Cancelled, BlueCarbonError):
        raise
    except Exception as err:  # noqa: BLE001
        if describe is None:
            raise
        raise StripFailed(*describe(task), err) from err


class WorkerLost(RuntimeError):
    """A worker process ended before it returned its task's result; the message says the usual causes."""

    def __init__(self, detail: str) -> None:
        super().__init__(
            f"a worker process stopped ({detail.rstrip('.')}). Usual causes: the machine ran out of memory (use "
            "fewer workers), the process was killed, or a Python script started the analysis without "
            "`if __name__ == \"__main__\":` around its code (each worker process imports the script again). Use "
            "workers=1 (WORKERS = 1 in QGIS) to run in this process"
        )


def _never_wait_for_the_feeder(pool: ProcessPoolExecutor) -> None:
    """Keep a broken or cancelled pool from hanging its shutdown and Python's exit.

    The pool's call queue hands pickled tasks to the workers through a pipe from a feeder thread. When the
    workers are gone (killed, out of memory, cancelled) while a task larger than the pipe's buffer is being
    written, the feeder blocks for ever, and the pool's shutdown, which joins it, with it (Python 3.11).
    Not joining the feeder loses nothing: on a normal shutdown the workers are joined, and they exit only
    after the feeder has delivered their stop signals.
    """
    queue = getattr(pool, "_call_queue", None)
    if queue is not None and hasattr(queue, "cancel_join_thread"):
        queue.cancel_join_thread()


def _terminate_workers(pool: ProcessPoolExecutor) -> None:
    """Stop a process pool's workers now (a cancelled run must not wait for running strips)."""
    for proc in list((getattr(pool, "_processes", None) or {}).values()):
        if proc.is_alive():
            proc.terminate()


def _dask_client(scheduler: Any) -> tuple[Any, bool]:
    """A ``distributed.Client`` for ``scheduler`` (address, Client or cluster); True when we made it."""
    try:
        import distributed
    except ImportError as err:
        raise InputError(
            "A Dask scheduler was named, but the Python package 'distributed' (Dask distributed) is not installed.",
            "Install it with `python -m pip install dask distributed` in the Python that runs the analysis, "
            "or leave the scheduler empty to use this machine's cores.",
        ) from err
    if isinstance(scheduler, distributed.Client):
        return scheduler, False
    if scheduler is None:
        raise InputError("backend='dask' needs a scheduler.", "Name one: scheduler='tcp://host:8786', or a LocalCluster.")
    return distributed.Client(scheduler, set_as_default=False), True

"""Run a test's body as an unprivileged user, so permission paths run in CI too (CI runs as root, and root reads
and writes whatever the file modes say).

As root the command runs as 'nobody' (``subprocess.run(..., user=, group=)``); as any other user it runs as that
user. Its files live in a world-writable folder outside pytest's ``tmp_path`` (private to root). The checkout itself
may sit in a folder only root can enter (CI clones into one), so the plugin is installed from its zip into a
world-readable folder (:func:`public_plugins`) and run with the system's Python or ``qgis_process``, never with the
checkout's ``.venv``.
"""

from __future__ import annotations

import os
import pwd
import shutil
import subprocess
import sys
import atexit
import tempfile
import zipfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator, Sequence

IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


@contextmanager
def shared_folder(prefix: str = "bluecarbon-unprivileged-") -> Iterator[Path]:
    """A world-writable temporary folder (mode 777), removed afterwards."""
    folder = Path(tempfile.mkdtemp(prefix=prefix))
    folder.chmod(0o777)
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def run_unprivileged(argv: Sequence[str], env: "dict | None" = None, timeout: float = 300) -> subprocess.CompletedProcess:
    """Run ``argv`` without root's privileges (as 'nobody' when the tests run as root) and capture its text output."""
    user = {}
    if IS_ROOT:
        nobody = pwd.getpwnam("nobody")
        user = {"user": nobody.pw_uid, "group": nobody.pw_gid, "extra_groups": []}
    base = {"PATH": os.environ.get("PATH", ""), "HOME": tempfile.gettempdir(), "LANG": "C.UTF-8",
            "PROJ_DATA": os.environ.get("PROJ_DATA", "/usr/share/proj")}
    return subprocess.run(list(map(str, argv)), capture_output=True, text=True, timeout=timeout, check=False,
                          env={**base, **(env or {})}, **user)


_PUBLIC: "list[Path]" = []


def public_plugins() -> Path:
    """A plugin folder every user may read, holding the plugin unpacked from the zip scripts/package.py builds
    (made once per test process, removed at exit)."""
    if not _PUBLIC:
        root = Path(__file__).resolve().parent.parent
        folder = Path(tempfile.mkdtemp(prefix="bluecarbon-public-"))
        atexit.register(shutil.rmtree, folder, True)
        built = subprocess.run([sys.executable, str(root / "scripts" / "package.py"), str(folder / "bluecarbon.zip")],
                               capture_output=True, text=True, check=False)
        assert built.returncode == 0, built.stdout + built.stderr
        with zipfile.ZipFile(folder / "bluecarbon.zip") as archive:
            archive.extractall(folder / "plugins")
        for path in [folder, *folder.rglob("*")]:
            path.chmod(0o755 if path.is_dir() else 0o644)
        _PUBLIC.append(folder / "plugins")
    return _PUBLIC[0]


def system_python() -> str:
    """The Python the QGIS bindings and the scientific stack were installed for (not the checkout's venv)."""
    return "/usr/bin/python3" if os.path.exists("/usr/bin/python3") else sys.executable


def qgis_process_binary() -> str:
    """qgis_process.bin where Debian's wrapper is broken (QGIS 3.22), else qgis_process."""
    return shutil.which("qgis_process.bin") or shutil.which("qgis_process") or "qgis_process"


def run_python_unprivileged(code: str, plugins_dir: "Path | None" = None, *args: object) -> subprocess.CompletedProcess:
    """Run Python ``code`` unprivileged with the plugin importable as ``bluecarbon`` from :func:`public_plugins`
    (sys.argv[1:] = args; ``plugins_dir`` is ignored: the checkout may not be readable by that user)."""
    prelude = f"import sys; sys.path.insert(0, {str(public_plugins())!r})\n"
    return run_unprivileged([system_python(), "-P", "-c", prelude + code, *map(str, args)])

"""Run a test's body as an unprivileged user, so permission paths run in CI too (CI runs as root, and root reads
and writes whatever the file modes say).

As root the command runs as 'nobody' (``subprocess.run(..., user=, group=)``); as any other user it runs as that
user. Its files live in a world-writable folder outside pytest's ``tmp_path`` (private to root).
"""

from __future__ import annotations

import os
import pwd
import shutil
import subprocess
import sys
import tempfile
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


def run_python_unprivileged(code: str, plugins_dir: Path, *args: object) -> subprocess.CompletedProcess:
    """Run Python ``code`` unprivileged with the plugin importable as ``bluecarbon`` (sys.argv[1:] = args)."""
    prelude = f"import sys; sys.path.insert(0, {str(plugins_dir)!r})\n"
    return run_unprivileged([sys.executable, "-P", "-c", prelude + code, *map(str, args)])

"""Shared fixtures: the plugin importable as `bluecarbon`, qgis_process runs, the provider."""

import os
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterator, Sequence

import pytest

if TYPE_CHECKING:
    from bluecarbon.processing.provider import BlueCarbonProvider

REPO_ROOT = Path(__file__).resolve().parent.parent
# .build by default; BLUECARBON_BUILD moves it (the QGIS 3.40 chroot uses .build-qgis340)
BUILD_DIR = Path(os.environ.get("BLUECARBON_BUILD") or REPO_ROOT / ".build")
PLUGINS_DIR = BUILD_DIR / "plugins"
PROFILE_INI = BUILD_DIR / "qgis-profile" / "profiles" / "default" / "QGIS" / "QGIS3.ini"
QGIS_PROCESS = REPO_ROOT / "scripts" / "qgis_process"

os.environ.setdefault("PROJ_DATA", "/usr/share/proj")
# The repository root must not be on sys.path: its processing/ would hide QGIS's `processing`.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != REPO_ROOT]
PLUGINS_DIR.mkdir(parents=True, exist_ok=True)
if not (PLUGINS_DIR / "bluecarbon").exists():
    (PLUGINS_DIR / "bluecarbon").symlink_to(os.path.relpath(REPO_ROOT, PLUGINS_DIR), target_is_directory=True)
sys.path.insert(0, str(PLUGINS_DIR))
sys.path.insert(1, str(REPO_ROOT / "tests"))  # shared helpers such as tests/rasters.py

RunQgisProcess = Callable[..., "subprocess.CompletedProcess[str]"]


@pytest.fixture(scope="session")
def repo_root() -> Path:
    """Return the repository (= plugin) root folder."""
    return REPO_ROOT


@pytest.fixture(scope="session")
def plugins_dir() -> Path:
    """Return the folder holding the `bluecarbon` symlink (for PYTHONPATH or QGIS_PLUGINPATH)."""
    return PLUGINS_DIR


def _qgis_process(args: Sequence[str], timeout: float = 300) -> "subprocess.CompletedProcess[str]":
    """Run scripts/qgis_process with args and capture its text output."""
    return subprocess.run(
        [str(QGIS_PROCESS), *map(str, args)],
        cwd=REPO_ROOT, capture_output=True, text=True, timeout=timeout, check=False,
    )


@pytest.fixture(scope="session")
def run_qgis_process() -> RunQgisProcess:
    """Return a function run(args, timeout=300) -> CompletedProcess, with the plugin enabled."""
    if not (PROFILE_INI.is_file() and "bluecarbon=true" in PROFILE_INI.read_text().split()):
        result = _qgis_process(["plugins", "enable", "bluecarbon"])
        assert result.returncode == 0, result.stdout + result.stderr
    return _qgis_process


@pytest.fixture
def provider(qgis_processing: None) -> Iterator["BlueCarbonProvider"]:
    """Yield the registered Blue Carbon provider, registering it for this test if needed."""
    from qgis.core import QgsApplication

    from bluecarbon.processing.provider import BlueCarbonProvider  # noqa: F811

    registry = QgsApplication.processingRegistry()
    existing = registry.providerById("bluecarbon")
    if existing is not None:
        yield existing
        return
    own = BlueCarbonProvider()
    assert registry.addProvider(own)
    yield own
    registry.removeProvider(own)

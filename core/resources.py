"""Paths to files shipped in the plugin's resources/ folder (no qgis import)."""

from pathlib import Path

PLUGIN_ROOT: Path = Path(__file__).resolve().parent.parent
"""Root folder of the plugin (the repository root)."""


def resource_path(*parts: str) -> Path:
    """Return the path of a file under resources/, e.g. resource_path('icon.svg')."""
    return PLUGIN_ROOT.joinpath("resources", *parts)


def metadata_value(key: str) -> str:
    """A ``key=value`` of the plugin's metadata.txt (e.g. 'version', 'homepage'); '' when absent."""
    try:
        for line in (PLUGIN_ROOT / "metadata.txt").read_text(encoding="utf-8").splitlines():
            if line.startswith(f"{key}="):
                return line.split("=", 1)[1].strip()
    except OSError:
        pass
    return ""

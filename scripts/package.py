"""Zip the plugin for the QGIS plugin repository: bluecarbon/ with only the files QGIS needs."""

import sys
from typing import List
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FILES = ["metadata.txt", "__init__.py", "plugin.py", "LICENSE"]
FOLDERS = ["core", "processing", "ui", "resources", "i18n"]


def plugin_files() -> List[Path]:
    """Return the repository files that belong in the plugin zip, sorted."""
    found = [ROOT / name for name in FILES]
    for folder in FOLDERS:
        if (ROOT / folder).is_dir():
            found += [
                p for p in (ROOT / folder).rglob("*")
                if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc"
                and not (folder == "i18n" and p.suffix not in (".qm", ".ts"))
            ]
    return sorted(found)


def main(target: str) -> None:
    """Write the zip to target (relative to the repository root) and print its path."""
    out = ROOT / target
    out.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in plugin_files():
            archive.write(path, Path("bluecarbon") / path.relative_to(ROOT))
    print(out)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "dist/bluecarbon.zip")

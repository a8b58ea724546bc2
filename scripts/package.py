"""Build the plugin zip users install, and refuse to build one that would not load.

The zip holds a ``bluecarbon/`` folder with exactly what the plugin needs:

- every Python module reached from ``__init__.py`` through relative imports (followed in the source, so a
  new top-level module such as ``translation.py`` can never be left out again), and every other module of
  the packages they live in;
- the data under ``resources/`` (legends, parameter presets, report template, sample data, icon);
- the compiled translations ``i18n/*.qm`` (one per ``i18n/*.ts``, which stay out);
- ``LICENSE`` and ``metadata.txt``, whose ``changelog=`` is written here from ``CHANGELOG.md`` (the one
  place the changelog is kept) and whose ``version=`` must be the newest entry of that changelog.

Nothing else: no tests, bench, docs, scripts or ``.ts`` sources. After writing, the zip is read back and
checked (``check_zip``); any missing module, resource, translation or metadata field makes the build fail
with the list of problems and no zip is left behind.

Usage: ``python3 scripts/package.py [dist/bluecarbon-<version>.zip]``; ``make package`` calls it.
"""

from __future__ import annotations

import ast
import re
import sys
import zipfile
from pathlib import Path, PurePosixPath
from typing import Dict, Iterable, List, Set, Tuple

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = "bluecarbon"
ENTRY = "__init__.py"
DATA_FOLDERS = ("resources",)
# requirements.txt: read by the QPIP plugin; .flake8: read by the plugin repository's upload scan
ALWAYS = ("metadata.txt", "LICENSE", "requirements.txt", ".flake8")
REQUIRED_METADATA = ("name", "qgisMinimumVersion", "description", "about", "version", "author", "email",
                     "repository", "changelog")
CHANGELOG = "CHANGELOG.md"
NEVER = ("tests", "bench", "docs", "scripts", ".ci", ".build", ".venv", "dist", "i18n/work")


class PackageError(Exception):
    """The zip would not be the working plugin; the message lists every problem found."""


# ---------------------------------------------------------------------------------------------- modules
def _module_path(base: Path, level: int, module: str, names: Iterable[str], root: Path) -> List[Path]:
    """The files a relative import ``from <level dots><module> import names`` in package ``base`` refers to."""
    package = base
    for _ in range(level - 1):
        package = package.parent
    target = package.joinpath(*module.split(".")) if module else package
    found: List[Path] = []
    if target.with_suffix(".py").is_file():
        found.append(target.with_suffix(".py"))
    elif (target / "__init__.py").is_file():
        found.append(target / "__init__.py")
        for name in names:  # from .pkg import module
            for candidate in (target / f"{name}.py", target / name / "__init__.py"):
                if candidate.is_file():
                    found.append(candidate)
    else:
        raise PackageError(f"{base.relative_to(root)}: relative import of a missing module "
                           f"'{'.' * level}{module}'")
    return found


def imported_modules(path: Path, root: Path = ROOT) -> List[Path]:
    """Every plugin file that ``path`` imports relatively, wherever the import stands (functions too)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found: List[Path] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level > 0:
            found += _module_path(path.parent, node.level, node.module or "", [a.name for a in node.names], root)
    return found


def module_closure(root: Path = ROOT) -> Set[Path]:
    """The plugin modules reached from the entry point, plus the ``__init__.py`` of every package on the way."""
    seen: Set[Path] = set()
    todo = [root / ENTRY]
    while todo:
        path = todo.pop()
        if path in seen:
            continue
        seen.add(path)
        todo += imported_modules(path, root)
        folder = path.parent
        while folder != root:  # a module inside a package needs each package's __init__.py
            init = folder / "__init__.py"
            if init.is_file():
                todo.append(init)
            folder = folder.parent
    return seen


def _is_source(path: Path) -> bool:
    return path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc"


def plugin_files(root: Path = ROOT) -> List[Path]:
    """Return the repository files that belong in the zip, sorted."""
    modules = module_closure(root)
    packages = {p.parent for p in modules if p.name == "__init__.py" and p.parent != root}
    for package in packages:  # the rest of each package the plugin uses (modules loaded on demand)
        modules |= {p for p in package.glob("*.py")}
    found = set(modules)
    for folder in DATA_FOLDERS:
        found |= {p for p in (root / folder).rglob("*") if _is_source(p)}
    found |= {p.with_suffix(".qm") for p in (root / "i18n").glob("*.ts")}
    found |= {root / name for name in ALWAYS}
    return sorted(found)


# --------------------------------------------------------------------------------------------- metadata
def changelog_entries(text: str) -> List[Tuple[str, str]]:
    """(version, one-line text) per ``## <version> ...`` section of CHANGELOG.md, newest first."""
    entries: List[Tuple[str, str]] = []
    for block in re.split(r"^## ", text, flags=re.M)[1:]:
        head, _, body = block.partition("\n")
        version = head.split()[0]
        items = [re.sub(r"\s+", " ", item).strip() for item in re.split(r"^\s*- ", body, flags=re.M)[1:]]
        items = [re.sub(r"[*`]", "", item) for item in items if item]
        entries.append((version, " ".join(item if item.endswith(".") else item + "." for item in items)))
    if not entries:
        raise PackageError(f"{CHANGELOG} has no '## <version>' section")
    return entries


def release_metadata(root: Path = ROOT) -> str:
    """metadata.txt with ``changelog=`` written from CHANGELOG.md; checks the version matches its newest entry."""
    metadata = (root / "metadata.txt").read_text(encoding="utf-8")
    entries = changelog_entries((root / CHANGELOG).read_text(encoding="utf-8"))
    version = re.search(r"^version=(.+)$", metadata, flags=re.M)
    if version is None or version.group(1).strip() != entries[0][0]:
        raise PackageError(f"metadata.txt version={version.group(1).strip() if version else '?'} is not the newest "
                           f"{CHANGELOG} entry ({entries[0][0]}): add a section for this version or fix the version")
    lines = [line for line in metadata.splitlines() if not line.startswith("changelog=")]
    lines.append("changelog=")
    lines += [f"    {v} - {text}" for v, text in entries]
    return "\n".join(lines) + "\n"


def parse_metadata(text: str) -> Dict[str, str]:
    """The [general] keys of a metadata.txt (continuation lines joined)."""
    values: Dict[str, str] = {}
    key = None
    for line in text.splitlines():
        if line.startswith((" ", "\t")) and key:
            values[key] += " " + line.strip()
        elif "=" in line and not line.startswith("#"):
            key, _, value = line.partition("=")
            key = key.strip()
            values[key] = value.strip()
    return values


# ------------------------------------------------------------------------------------------------ check
def check_zip(zip_path: Path) -> List[str]:
    """Problems that would stop the zipped plugin from loading or working; empty when it is complete."""
    problems: List[str] = []
    with zipfile.ZipFile(zip_path) as archive:
        names = set(archive.namelist())
        files = {PurePosixPath(n) for n in names if not n.endswith("/")}
        outside = [n for n in names if not n.startswith(PACKAGE + "/")]
        problems += [f"{n}: outside the {PACKAGE}/ folder" for n in outside]
        rel = {PurePosixPath(*p.parts[1:]) for p in files if p.parts[0] == PACKAGE}
        for never in NEVER:
            problems += [f"{p}: development file in the zip" for p in rel if str(p).startswith(never + "/")]
        problems += [f"{p}: translation source in the zip (ship the .qm only)" for p in rel if p.suffix == ".ts"]
        for name in (ENTRY, *ALWAYS):
            if PurePosixPath(name) not in rel:
                problems.append(f"{name}: missing")
        for path in sorted(p for p in rel if p.suffix == ".py"):
            tree = ast.parse(archive.read(f"{PACKAGE}/{path}").decode("utf-8"))
            for node in ast.walk(tree):
                if not (isinstance(node, ast.ImportFrom) and node.level > 0):
                    continue
                package = path.parent
                for _ in range(node.level - 1):
                    package = package.parent
                target = package.joinpath(*(node.module or "").split(".")) if node.module else package
                candidates = [target.with_suffix(".py") if node.module else None, target / "__init__.py"]
                if not any(c in rel for c in candidates if c is not None):
                    problems.append(f"{path}: imports '{'.' * node.level}{node.module or ''}', not in the zip")
        if "metadata.txt" in {str(p) for p in rel}:
            meta = parse_metadata(archive.read(f"{PACKAGE}/metadata.txt").decode("utf-8"))
            problems += [f"metadata.txt: no {key}=" for key in REQUIRED_METADATA if not meta.get(key)]
            if meta.get("icon") and PurePosixPath(meta["icon"]) not in rel:
                problems.append(f"metadata.txt: icon {meta['icon']} not in the zip")
        for ts in (ROOT / "i18n").glob("*.ts"):
            if PurePosixPath("i18n", ts.stem + ".qm") not in rel:
                problems.append(f"i18n/{ts.stem}.qm: compiled translation missing (run make translations)")
    return problems


def build(target: Path, root: Path = ROOT) -> Path:
    """Write the zip to target; raise PackageError (and leave no zip) when it would be incomplete."""
    missing_qm = [p.with_suffix(".qm").name for p in (root / "i18n").glob("*.ts") if not p.with_suffix(".qm").is_file()]
    if missing_qm:
        raise PackageError(f"compiled translations missing: {', '.join(missing_qm)} (run make translations)")
    metadata = release_metadata(root)
    files = plugin_files(root)
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    try:
        with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED) as archive:
            for path in files:
                arcname = str(PurePosixPath(PACKAGE, *path.relative_to(root).parts))
                if path.name == "metadata.txt" and path.parent == root:
                    archive.writestr(arcname, metadata)
                else:
                    archive.write(path, arcname)
        problems = check_zip(partial)
        if problems:
            raise PackageError("the zip would be incomplete:\n  " + "\n  ".join(problems))
        partial.replace(target)
    finally:
        partial.unlink(missing_ok=True)
    return target


def main(argv: List[str]) -> int:
    """Build the zip named on the command line (default dist/bluecarbon.zip) and print its path."""
    target = Path(argv[1]) if len(argv) > 1 else Path("dist/bluecarbon.zip")
    if not target.is_absolute():
        target = ROOT / target
    try:
        print(build(target))
    except PackageError as error:
        print(f"package: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

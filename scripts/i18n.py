#!/usr/bin/env python3
"""Translations of the plugin: extract the translatable strings, update the .ts files, compile .qm.

    python3 scripts/i18n.py update     # add new strings to i18n/*.ts (unfinished), mark vanished ones
    python3 scripts/i18n.py compile    # i18n/*.ts -> i18n/*.qm with Qt's lrelease (the build runs this)
    python3 scripts/i18n.py check      # exit 1 if a .ts misses a string or a translation breaks a placeholder
    python3 scripts/i18n.py part NAME FILE...        # i18n/work/NAME.json: the strings of FILEs to translate
    python3 scripts/i18n.py check-part NAME FILE...  # like check, for that JSON
    python3 scripts/i18n.py merge                    # i18n/work/*.json -> i18n/bluecarbon_zh_CN.ts

What is translatable, all in the single context ``BlueCarbon``:
- the literal argument of ``tr("...")``, ``_tr("...")``, ``self.tr("...")`` and
  ``QCoreApplication.translate("BlueCarbon", "...")`` / ``QT_TRANSLATE_NOOP("BlueCarbon", "...")``;
- the class attributes ``GROUP`` and ``HELP`` of the Processing algorithms (translated at run time by
  ``BlueCarbonAlgorithm.group()`` and ``shortHelpString()``; HELP is stripped as there).
It scans plugin.py, dependencies.py, processing/, ui/, core/report/ and core/results.py (whose `_("...")` is the translate function the
caller hands the report); the rest of core/ has no Qt and its messages stay English.

No Qt needed for update and check (pure Python, stdlib XML), so it runs anywhere; compile needs lrelease.
"""

from __future__ import annotations

import ast
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Iterable

ROOT = Path(__file__).resolve().parent.parent
I18N = ROOT / "i18n"
CONTEXT = "BlueCarbon"
SOURCES = ("plugin.py", "dependencies.py", "processing", "ui", "core/report", "core/results.py")
TR_NAMES = {"tr", "_tr", "_"}
NOOP_NAMES = {"translate", "QT_TRANSLATE_NOOP"}
CLASS_ATTRIBUTES = {"GROUP", "HELP"}
LANGUAGES = ("zh_CN",)

PLACEHOLDER = re.compile(r"\{[^{}]*\}|%\d|%n")
TAG = re.compile(r"</?([a-zA-Z][a-zA-Z0-9]*)\b")


def source_files(root: Path = ROOT) -> list[Path]:
    """The Python files whose strings are translatable."""
    files: list[Path] = []
    for name in SOURCES:
        path = root / name
        files.extend(sorted(path.rglob("*.py")) if path.is_dir() else [path])
    return [f for f in files if "__pycache__" not in f.parts]


def _literal(node: ast.AST) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    return None


def _call_name(node: ast.Call) -> str:
    func = node.func
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return ""


def strings_in(path: Path, root: Path = ROOT) -> list[tuple[str, str, int]]:
    """(source text, file relative to root, line) of every translatable string in one file."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    rel = path.relative_to(root).as_posix()
    found: list[tuple[str, str, int]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            name = _call_name(node)
            args = node.args
            if name in TR_NAMES and len(args) == 1:
                text = _literal(args[0])
            elif name in NOOP_NAMES and len(args) >= 2 and _literal(args[0]) == CONTEXT:
                text = _literal(args[1])
            else:
                continue
            if text:
                found.append((text, rel, node.lineno))
        elif isinstance(node, ast.ClassDef):
            for item in node.body:
                target = value = None
                if isinstance(item, ast.Assign) and len(item.targets) == 1:
                    target, value = item.targets[0], item.value
                elif isinstance(item, ast.AnnAssign) and item.value is not None:
                    target, value = item.target, item.value
                if isinstance(target, ast.Name) and target.id in CLASS_ATTRIBUTES:
                    text = _literal(value)
                    if text and text.strip():
                        found.append((text.strip() if target.id == "HELP" else text, rel, item.lineno))
    return found


def dynamic_tr_calls(path: Path, root: Path = ROOT) -> list[str]:
    """``file:line`` of tr() calls whose argument is not a literal (their text cannot be extracted)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    rel = path.relative_to(root).as_posix()
    return [
        f"{rel}:{node.lineno}"
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and _call_name(node) in TR_NAMES and len(node.args) == 1
        and _literal(node.args[0]) is None
    ]


def extract(root: Path = ROOT) -> dict[str, list[tuple[str, int]]]:
    """Every translatable string with the places it occurs, in order of first occurrence."""
    messages: dict[str, list[tuple[str, int]]] = {}
    for path in source_files(root):
        for text, rel, line in strings_in(path, root):
            messages.setdefault(text, []).append((rel, line))
    return messages


def ts_path(language: str) -> Path:
    return I18N / f"bluecarbon_{language}.ts"


def read_ts(path: Path) -> dict[str, tuple[str, str]]:
    """source -> (translation, type) of a .ts file ('' type = finished)."""
    if not path.exists():
        return {}
    result: dict[str, tuple[str, str]] = {}
    for message in ET.parse(path).getroot().iter("message"):
        source = message.findtext("source") or ""
        node = message.find("translation")
        text = (node.text or "") if node is not None else ""
        kind = node.get("type", "") if node is not None else "unfinished"
        result[source] = (text, kind)
    return result


def write_ts(path: Path, language: str, messages: dict[str, list[tuple[str, int]]],
             existing: dict[str, tuple[str, str]]) -> tuple[int, int, int]:
    """Write the .ts: current messages first (translations kept), then vanished ones. Counts (done, todo, gone)."""
    ts = ET.Element("TS", version="2.1", language=language)
    context = ET.SubElement(ts, "context")
    ET.SubElement(context, "name").text = CONTEXT
    done = todo = 0
    for source, places in messages.items():
        message = ET.SubElement(context, "message")
        for rel, line in places:
            ET.SubElement(message, "location", filename=f"../{rel}", line=str(line))
        ET.SubElement(message, "source").text = source
        text, kind = existing.get(source, ("", "unfinished"))
        node = ET.SubElement(message, "translation")
        if kind == "vanished":
            kind = "unfinished" if not text else ""
        if text and kind != "unfinished":
            node.text = text
            done += 1
        else:
            node.set("type", "unfinished")
            if text:
                node.text = text
            todo += 1
    gone = 0
    for source, (text, _kind) in existing.items():
        if source in messages or not text:
            continue
        message = ET.SubElement(context, "message")
        ET.SubElement(message, "source").text = source
        node = ET.SubElement(message, "translation", type="vanished")
        node.text = text
        gone += 1
    ET.indent(ts, space="    ")
    path.parent.mkdir(parents=True, exist_ok=True)
    body = ET.tostring(ts, encoding="unicode")
    path.write_text('<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n' + body + "\n", encoding="utf-8")
    return done, todo, gone


def problems(messages: Iterable[str], translations: dict[str, tuple[str, str]]) -> list[str]:
    """Strings without a finished translation, and translations whose placeholders or HTML tags differ."""
    found: list[str] = []
    for source in messages:
        text, kind = translations.get(source, ("", "unfinished"))
        short = source[:60].replace("\n", " ")
        if not text or kind in ("unfinished", "vanished", "obsolete"):
            found.append(f"untranslated: {short!r}")
            continue
        if sorted(PLACEHOLDER.findall(source)) != sorted(PLACEHOLDER.findall(text)):
            found.append(f"placeholders differ: {short!r}")
        if sorted(TAG.findall(source)) != sorted(TAG.findall(text)):
            found.append(f"HTML tags differ: {short!r}")
        if source.endswith("…") != text.endswith("…"):
            found.append(f"ellipsis differs: {short!r}")
    return found


def lrelease() -> str:
    """Path of Qt's lrelease (Debian: qttools5-dev-tools)."""
    for name in ("lrelease", "lrelease-qt5", "/usr/lib/qt5/bin/lrelease", "lrelease-qt6", "/usr/lib/qt6/bin/lrelease"):
        found = shutil.which(name) or (name if Path(name).exists() else None)
        if found:
            return found
    raise SystemExit("i18n: Qt's lrelease is missing; install it with: sudo apt-get install qttools5-dev-tools")


def compile_all() -> list[Path]:
    """Compile every i18n/*.ts into the .qm beside it; returns the .qm paths."""
    tool = lrelease()
    outputs = []
    for ts in sorted(I18N.glob("bluecarbon_*.ts")):
        qm = ts.with_suffix(".qm")
        subprocess.run([tool, "-silent", "-removeidentical", str(ts), "-qm", str(qm)], check=True)
        outputs.append(qm)
    return outputs


def _part_messages(files: list[str]) -> list[str]:
    wanted = {(ROOT / f).resolve() for f in files}
    seen: dict[str, None] = {}
    for path in source_files():
        if path.resolve() in wanted:
            for text, _rel, _line in strings_in(path):
                seen.setdefault(text, None)
    return list(seen)


def _read_json(path: Path) -> dict[str, str]:
    import json

    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}


def main(argv: list[str]) -> int:
    import json

    command = argv[1] if len(argv) > 1 else "check"
    if command in ("part", "check-part"):
        path = I18N / "work" / f"{argv[2]}.json"
        sources = _part_messages(argv[3:])
        existing = _read_json(path)
        if command == "part":
            path.parent.mkdir(parents=True, exist_ok=True)
            merged = {s: existing.get(s, "") for s in sources}
            path.write_text(json.dumps(merged, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
            print(f"{path.relative_to(ROOT)}: {sum(1 for v in merged.values() if v)} of {len(merged)} translated")
            return 0
        found = problems(sources, {s: (t, "") for s, t in existing.items()})
        for line in found:
            print(line)
        return 1 if found else 0
    messages = extract()
    if command == "merge":
        for language in LANGUAGES:
            path = ts_path(language)
            existing = read_ts(path)
            for part in sorted((I18N / "work").glob("*.json")):
                existing.update({s: (t, "") for s, t in _read_json(part).items() if t})
            done, todo, gone = write_ts(path, language, messages, existing)
            print(f"{path.relative_to(ROOT)}: {done} translated, {todo} to translate, {gone} vanished")
        return 0
    if command == "update":
        for language in LANGUAGES:
            path = ts_path(language)
            done, todo, gone = write_ts(path, language, messages, read_ts(path))
            print(f"{path.relative_to(ROOT)}: {done} translated, {todo} to translate, {gone} vanished")
        for place in (p for f in source_files() for p in dynamic_tr_calls(f)):
            print(f"note: tr() of a non-literal at {place} (mark its texts with QT_TRANSLATE_NOOP)")
        return 0
    if command == "compile":
        for qm in compile_all():
            print(f"i18n: {qm.relative_to(ROOT)}")
        return 0
    if command == "check":
        failed = False
        for language in LANGUAGES:
            found = problems(messages, read_ts(ts_path(language)))
            for line in found:
                print(f"{language}: {line}")
            failed |= bool(found)
        return 1 if failed else 0
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))

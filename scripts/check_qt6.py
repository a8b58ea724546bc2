"""Static check that the plugin's Python code also runs on QGIS 4 (Qt 6, PyQt6).

Reads every plugin module with ``ast`` (nothing is imported from the plugin) and reports:

* unscoped Qt enums, e.g. ``Qt.AlignLeft`` (write ``Qt.AlignmentFlag.AlignLeft``): for each
  ``Class.Member`` where ``Class`` comes from ``qgis.PyQt.*``, PyQt6's own class must have
  ``Member``; PyQt6 enums are Python enums whose members exist only on the enum class;
* unscoped QGIS enums, e.g. ``QgsProcessing.TypeVectorPolygon`` (write
  ``QgsProcessing.SourceType.TypeVectorPolygon``): no Qt 6 build of QGIS is at hand, so the
  QGIS 3 bindings are asked whether ``Class.Member`` is a member of a nested enum, and the
  scoped spelling is verified to give the same value on this QGIS;
* the other Qt 6 breakers that QGIS's ``scripts/pyqt5_to_pyqt6/pyqt5_to_pyqt6.py`` warns about:
  ``exec_``, direct ``PyQt5``/``PyQt6`` imports and ``qgis.PyQt.Qt``, names that PyQt6's module
  no longer has (``QRegExp``, ``QDesktopWidget``, ``qApp``...), ``.desktop()``,
  ``fontMetrics().width``, ``activated[str]``, compiled ``resources_rc``.

Known exceptions, as QGIS documents them: ``QAction``, ``QActionGroup`` and ``QShortcut`` moved
to QtGui in Qt 6, but ``qgis.PyQt.QtWidgets`` keeps exporting them (qgis/QGIS#55658, #57467), and
it is their only home on QGIS 3.22; ``QVariant.Int`` etc. stay valid field types in QGIS 4 (the
QGIS migration script leaves them alone in its QGIS 3 compatible mode; ``QMetaType`` for fields
needs QGIS 3.38).

Usage: ``python scripts/check_qt6.py [FILE_OR_FOLDER ...]`` (default: the plugin's modules).
Prints one ``path:line:col: message`` per finding; exit status 1 when there is any, 2 when PyQt6
or the QGIS bindings cannot be imported. PyQt6 and QGIS's PyQt5 are probed in two separate
child processes so the two Qt versions never share one.
"""

import ast
import json
import subprocess
import sys
from pathlib import Path
from typing import Dict, Iterable, List, NamedTuple, Optional, Set, Tuple

ROOT = Path(__file__).resolve().parent.parent
QT_MODULES = {"QtCore", "QtGui", "QtWidgets", "QtSvg", "QtXml", "QtNetwork", "QtPrintSupport", "QtSql", "QtTest"}
QGIS_MODULES = {"qgis.core", "qgis.gui", "qgis.analysis"}
# qgis.PyQt.QtWidgets re-exports these on Qt 6 although Qt moved them to QtGui.
QT6_COMPAT_NAMES = {("QtWidgets", "QAction"), ("QtWidgets", "QActionGroup"), ("QtWidgets", "QShortcut")}
# Classes whose unscoped members QGIS 4 keeps working (see the module docstring).
QT6_COMPAT_CLASSES = {("QtCore", "QVariant")}


class Finding(NamedTuple):
    path: str
    line: int
    col: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.col}: {self.message}"


class Use(NamedTuple):
    """One ``Class.Member`` access (or ``from module import Class``, member None) to verify."""

    path: str
    line: int
    col: int
    kind: str  # "qt" (module is a Qt module name) or "qgis" (module is qgis.core...)
    module: str
    name: str
    member: Optional[str]


def plugin_files(root: Path = ROOT) -> List[Path]:
    """The plugin's own Python modules under root, sorted: exactly those the zip ships (scripts/package.py)."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from package import plugin_files as shipped

    return [p for p in shipped(root) if p.suffix == ".py"]


def _python_files(paths: Iterable[Path]) -> List[Path]:
    found: List[Path] = []
    for path in paths:
        if path.resolve() == ROOT:
            found += plugin_files(path)  # the plugin: what the zip ships
        elif path.is_dir():
            found += sorted(p for p in path.rglob("*.py") if "__pycache__" not in p.parts)
        else:
            found.append(path)
    return found


class _Visitor(ast.NodeVisitor):
    """Collects the findings that need no introspection and the uses that do."""

    def __init__(self, path: str, lines: List[str]) -> None:
        self.path = path
        self.lines = lines
        self.findings: List[Finding] = []
        self.uses: List[Use] = []
        self.classes: Dict[str, Set[Tuple[str, str, str]]] = {}  # local name -> {(kind, module, name)}
        self.modules: Dict[str, Tuple[str, str]] = {}  # local name of a Qt/QGIS module -> (kind, module)

    def col(self, node: ast.AST) -> int:
        """1-based column in characters (ast counts UTF-8 bytes)."""
        return len(self.lines[node.lineno - 1].encode("utf-8")[:node.col_offset].decode("utf-8")) + 1

    def flag(self, node: ast.AST, message: str) -> None:
        self.findings.append(Finding(self.path, node.lineno, self.col(node), message))

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        module = node.module or ""
        top = module.split(".")[0]
        if top in ("PyQt5", "PyQt6", "PySide2", "PySide6"):
            self.flag(node, f"import from {module}: import through qgis.PyQt instead")
        elif module == "qgis.PyQt.Qt":
            self.flag(node, "qgis.PyQt.Qt is gone in Qt 6: import from qgis.PyQt.QtCore/QtGui/QtWidgets")
        for alias in node.names:
            local = alias.asname or alias.name
            if alias.name == "resources_rc" or module.endswith("resources_rc"):
                self.flag(node, "compiled resources (resources_rc) are gone in Qt 6: load files by path")
            if module == "qgis.PyQt" and alias.name in QT_MODULES:
                self.modules[local] = ("qt", alias.name)
            elif module == "qgis" and alias.name in ("core", "gui", "analysis"):
                self.modules[local] = ("qgis", f"qgis.{alias.name}")
            elif module.startswith("qgis.PyQt.") and module.split(".")[2] in QT_MODULES:
                qt_module = module.split(".")[2]
                self.classes.setdefault(local, set()).add(("qt", qt_module, alias.name))
                self.uses.append(Use(self.path, node.lineno, self.col(node), "qt", qt_module, alias.name, None))
            elif module in QGIS_MODULES:
                self.classes.setdefault(local, set()).add(("qgis", module, alias.name))
        self.generic_visit(node)

    def visit_Import(self, node: ast.Import) -> None:
        for alias in node.names:
            if alias.name.split(".")[0] in ("PyQt5", "PyQt6", "PySide2", "PySide6"):
                self.flag(node, f"import {alias.name}: import through qgis.PyQt instead")
            elif alias.name in QGIS_MODULES and alias.asname:
                self.modules[alias.asname] = ("qgis", alias.name)
        self.generic_visit(node)

    def visit_Name(self, node: ast.Name) -> None:
        if node.id == "qApp":
            self.flag(node, "qApp is gone in Qt 6: use QApplication.instance() / QgsApplication.instance()")

    def visit_FunctionDef(self, node: ast.FunctionDef) -> None:
        if node.name == "exec_":
            self.flag(node, "exec_ is gone in Qt 6: name it exec")
        self.generic_visit(node)

    def visit_Call(self, node: ast.Call) -> None:
        if isinstance(node.func, ast.Attribute) and node.func.attr == "desktop" and not node.args:
            self.flag(node, "QDesktopWidget (QApplication.desktop()) is gone in Qt 6: use QScreen")
        self.generic_visit(node)

    def visit_Subscript(self, node: ast.Subscript) -> None:
        if (isinstance(node.value, ast.Attribute) and node.value.attr == "activated"
                and isinstance(node.slice, ast.Name) and node.slice.id == "str"):
            self.flag(node, "activated[str] is gone in Qt 6: use textActivated")
        self.generic_visit(node)

    def visit_Attribute(self, node: ast.Attribute) -> None:
        if node.attr == "exec_":
            self.flag(node, "exec_() is gone in Qt 6: call exec()")
        if (node.attr == "width" and isinstance(node.value, ast.Call)
                and isinstance(node.value.func, ast.Attribute) and node.value.func.attr == "fontMetrics"):
            self.flag(node, "QFontMetrics.width() is gone in Qt 6: use horizontalAdvance()")
        owner = node.value
        if isinstance(owner, ast.Name):
            for kind, module, name in sorted(self.classes.get(owner.id, ())):
                self.uses.append(Use(self.path, node.lineno, self.col(node), kind, module, name, node.attr))
        elif (isinstance(owner, ast.Attribute) and isinstance(owner.value, ast.Name)
              and owner.value.id in self.modules):
            kind, module = self.modules[owner.value.id]
            self.uses.append(Use(self.path, node.lineno, self.col(node), kind, module, owner.attr, node.attr))
        self.generic_visit(node)


def scan(paths: Iterable[Path]) -> Tuple[List[Finding], List[Use]]:
    """Parse the files; return the plain findings and the uses to verify by introspection."""
    findings: List[Finding] = []
    uses: List[Use] = []
    for path in _python_files(paths):
        try:
            shown = str(path.resolve().relative_to(ROOT))
        except ValueError:
            shown = str(path)
        source = path.read_text(encoding="utf-8")
        tree = ast.parse(source, filename=str(path))
        visitor = _Visitor(shown, source.split("\n"))
        visitor.visit(tree)
        findings += visitor.findings
        uses += visitor.uses
    return findings, uses


def _probe_qt6(queries: List[list]) -> List[Optional[str]]:
    """For each [module, name, member]: None when it is fine on PyQt6, else the problem."""
    import importlib

    answers: List[Optional[str]] = []
    for module, name, member in queries:
        qt_module = importlib.import_module(f"PyQt6.{module}")
        cls = getattr(qt_module, name, None)
        if cls is None:
            answers.append(f"PyQt6.{module} has no {name} (removed or moved in Qt 6)")
        elif member is None or hasattr(cls, member):
            answers.append(None)
        else:
            scoped = [f"{name}.{enum}.{member}" for enum, value in sorted(vars(cls).items())
                      if isinstance(value, type) and hasattr(value, "__members__") and member in value.__members__]
            hint = f"write {' or '.join(scoped)}" if scoped else "not in PyQt6 (removed, or an enum of another class)"
            answers.append(f"{name}.{member} is an unscoped enum or gone in Qt 6: {hint}")
    return answers


def _probe_qgis(queries: List[list]) -> List[Optional[str]]:
    """For each [module, name, member]: None, or how to scope a QGIS enum member (QGIS 3 bindings)."""
    import enum
    import importlib

    answers: List[Optional[str]] = []
    for module, name, member in queries:
        cls = getattr(importlib.import_module(module), name, None)
        value = getattr(cls, member, None) if cls is not None else None
        enum_type = type(value)
        is_member = (type(enum_type).__name__ == "enumtype" or isinstance(value, enum.Enum)) and value is not None
        if not is_member or not isinstance(cls, type):
            answers.append(None)  # a method, class, constant, enum class, or not on this QGIS
            continue
        # The enum's home (e.g. Qgis.MapSettingsFlag), then the class's own name or alias for it.
        owner, _, enum_name = enum_type.__qualname__.rpartition(".")
        spellings = [f"{owner}.{enum_name}.{member}"] if owner and owner != name else []
        spellings += [f"{name}.{alias}.{member}" for alias in dir(cls) if getattr(cls, alias, None) is enum_type]
        core = importlib.import_module("qgis.core")
        works = [s for s in spellings if _resolve(core, s) == value]
        hint = f"write {' or '.join(works)}" if works else f"scope it through {enum_type.__qualname__}"
        answers.append(f"{name}.{member} is an unscoped enum: {hint}")
    return answers


def _resolve(module, dotted: str):
    """module.a.b.c, or None when a link is missing."""
    value = module
    for part in dotted.split("."):
        value = getattr(value, part, None)
        if value is None:
            return None
    return value


def _ask(kind: str, queries: List[list]) -> List[Optional[str]]:
    if not queries:
        return []
    run = subprocess.run([sys.executable, __file__, f"--probe-{kind}"], input=json.dumps(queries),
                         capture_output=True, text=True, check=False)
    if run.returncode != 0:
        needs = "PyQt6 (pip install PyQt6)" if kind == "qt6" else "the QGIS Python bindings"
        sys.stderr.write(f"check_qt6: cannot introspect {needs}:\n{run.stderr}")
        sys.exit(2)
    return json.loads(run.stdout)


def check(paths: Iterable[Path]) -> List[Finding]:
    """All findings in the given files and folders, sorted by place."""
    findings, uses = scan(paths)
    qt_uses = [u for u in uses if u.kind == "qt" and (u.module, u.name) not in QT6_COMPAT_NAMES
               and (u.module, u.name) not in QT6_COMPAT_CLASSES]
    qgis_uses = [u for u in uses if u.kind == "qgis" and u.member is not None]
    for kind, group in (("qt6", qt_uses), ("qgis", qgis_uses)):
        keys = sorted({(u.module, u.name, u.member or "") for u in group})
        answers = dict(zip(keys, _ask(kind, [[m, n, a or None] for m, n, a in keys])))
        findings += [Finding(u.path, u.line, u.col, answers[(u.module, u.name, u.member or "")])
                     for u in group if answers[(u.module, u.name, u.member or "")]]
    return sorted(set(findings))


def main(argv: List[str]) -> int:
    if argv[:1] in (["--probe-qt6"], ["--probe-qgis"]):
        probe = _probe_qt6 if argv[0] == "--probe-qt6" else _probe_qgis
        json.dump(probe(json.load(sys.stdin)), sys.stdout)
        return 0
    findings = check([Path(a) for a in argv] or [ROOT])
    for finding in findings:
        print(finding)
    if findings:
        print(f"check_qt6: {len(findings)} Qt 6 / QGIS 4 problem(s)", file=sys.stderr)
    return 1 if findings else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

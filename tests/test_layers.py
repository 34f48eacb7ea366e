"""Imports run one way: models <- services (+ integrations) <- state <- views <- pages <- app."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent / "treinico"

# package -> packages it must never import
FORBIDDEN = {
    "models": (
        "reflex",
        "treinico.services",
        "treinico.state",
        "treinico.pages",
        "treinico.views",
        "treinico.components",
    ),
    "services": (
        "reflex",
        "treinico.state",
        "treinico.pages",
        "treinico.views",
        "treinico.components",
    ),
    "integrations": (
        "reflex",
        "treinico.state",
        "treinico.pages",
        "treinico.views",
        "treinico.components",
    ),
    "jobs": ("reflex", "treinico.state", "treinico.pages", "treinico.views", "treinico.components"),
    "state": ("treinico.pages", "treinico.views", "treinico.components"),
    "components": ("treinico.pages",),
    "views": ("treinico.pages",),
}


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def _violations() -> list[str]:
    found = []
    for package, banned in FORBIDDEN.items():
        for path in sorted((ROOT / package).rglob("*.py")):
            for name in _imports(path):
                if any(name == b or name.startswith(b + ".") for b in banned):
                    found.append(f"{path.relative_to(ROOT.parent)} imports {name}")
    for single in ("charts.py", "outages.py"):
        path = ROOT / single
        if path.exists() and any(n.split(".")[0] == "reflex" for n in _imports(path)):
            found.append(f"treinico/{single} imports reflex")
    return found


def test_import_direction() -> None:
    assert _violations() == []


def test_the_check_sees_imports(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text("import reflex as rx\nfrom treinico.state.session import SessionState\n")
    assert {"reflex", "treinico.state.session"} <= _imports(sample)

"""Imports run one way: models <- services (+ integrations) <- state <- views <- pages <- app."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent / "treinico"

# package -> packages it must never import. Every package of treinico/ has a line: the last
# test fails on a new package until its rule is written here.
UI = ("treinico.state", "treinico.pages", "treinico.views", "treinico.components")
FORBIDDEN = {
    "models": ("reflex", "treinico.services", "treinico.demo", "treinico.http", *UI),
    "services": ("reflex", "treinico.demo", "treinico.http", "treinico.jobs", *UI),
    "integrations": ("reflex", "treinico.demo", "treinico.http", *UI),
    "jobs": ("reflex", "treinico.demo", "treinico.http", *UI),
    # the demo data is written through the services, like any other data
    "demo": ("reflex", "treinico.http", "treinico.jobs", *UI),
    # the server-rendered face (portal login, public page, files, cookies): plain Starlette
    "http": ("reflex", "treinico.demo", *UI),
    "state": ("treinico.pages", "treinico.views", "treinico.components", "treinico.http"),
    "components": ("treinico.pages", "treinico.views", "treinico.http"),
    "views": ("treinico.pages", "treinico.http"),
    "pages": ("treinico.http",),
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


def test_every_package_has_a_rule() -> None:
    packages = {p.parent.name for p in ROOT.glob("*/__init__.py")}
    assert packages - set(FORBIDDEN) == set()


def test_the_check_sees_imports(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text("import reflex as rx\nfrom treinico.state.session import SessionState\n")
    assert {"reflex", "treinico.state.session"} <= _imports(sample)

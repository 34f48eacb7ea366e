"""Scripts the server sends to the browser (``rx.call_script``) are written with no f-string:
a value goes in as ``json.dumps(value)``, so a slug, a token or a name from the browser can
never end a string and add code (SECURITY.md; state/shared/navigation.py)."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1] / "treinico"


def _f_strings_in_call_script(source: str) -> list[int]:
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "call_script":
            found += [
                n.lineno for arg in node.args for n in ast.walk(arg) if isinstance(n, ast.JoinedStr)
            ]
    return found


def test_no_f_string_inside_call_script() -> None:
    found = [
        f"{path.relative_to(ROOT.parent)}:{line}"
        for path in sorted(ROOT.rglob("*.py"))
        for line in _f_strings_in_call_script(path.read_text(encoding="utf-8"))
    ]
    assert not found, "f-string dentro de rx.call_script (use json.dumps): " + ", ".join(found)


def test_the_rule_finds_one() -> None:
    bad = "rx.call_script(f'window.location.assign(\"/sair?negocio={slug}\")')"
    good = 'rx.call_script("window.location.assign(" + json.dumps(url) + ")")'
    assert _f_strings_in_call_script(bad) == [1]
    assert _f_strings_in_call_script(good) == []

"""Icons are named in the source, never by a var: Reflex draws an icon whose name is a var
with lucide's dynamic icon, which brings every lucide icon (about 240 KB of script) to each
page that has one. Two static icons under an ``rx.cond`` draw the same thing."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1] / "treinico"
# rx.icon(rx.cond(...)), rx.icon(row["icon"]), icon=rx.cond(...), icon=S.some_var
DYNAMIC = re.compile(r"rx\.icon\(\s*(rx\.cond|\w+\[)|\bicon=(rx\.cond|[A-Z]\w*\.)")


def test_no_icon_is_named_by_a_var() -> None:
    found = [
        f"{path.relative_to(ROOT.parent)}:{n}: {line.strip()}"
        for path in sorted(ROOT.rglob("*.py"))
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if DYNAMIC.search(line)
    ]
    assert not found, "ícones nomeados por uma var (use rx.cond com dois ícones):\n" + "\n".join(
        found
    )


def test_the_rule_finds_a_var_named_icon() -> None:
    assert DYNAMIC.search('rx.icon(rx.cond(row["archived"], "a", "b"))')
    assert DYNAMIC.search('icon=rx.cond(S.conflicts > 0, "a", "b"),')
    assert not DYNAMIC.search('rx.icon("archive", size=14)')
    assert not DYNAMIC.search('icon="archive",')

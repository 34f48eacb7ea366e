"""Messages as the pages draw them, shared by the dashboard and the portal: one typed row per
message (no ids beyond the message's own) and each body as text-and-link segments."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from treinico.state.shared.links import TextPart, link_segments

KEEP = 300  # messages kept in a tab's state: older ones leave when newer arrive
ALMOST_FULL = 1800  # the composer's counter appears from here (the limit is 2,000)


@dataclass(frozen=True)
class MessageLine:
    """One message as drawn: ``side`` is "mine" (right), "theirs" (left) or "system"."""

    id: int = 0
    sender: str = ""
    side: str = ""
    author: str = ""
    when: str = ""


def _side(sender: str, mine: str) -> str:
    if sender == "system":
        return "system"
    return "mine" if sender == mine else "theirs"


def message_rows(
    rows: Iterable[Any], mine: str, mine_label: str = ""
) -> tuple[list[MessageLine], list[list[TextPart]]]:
    """(display rows, segments per row). ``mine`` is the sender drawn on the right
    ("staff" in the dashboard, "client" in the portal); ``mine_label`` replaces the author
    on those ("Você" in the portal; staff keep names, since a team shares the thread)."""
    out: list[MessageLine] = []
    parts: list[list[TextPart]] = []
    for m in rows:
        out.append(
            MessageLine(
                id=m.id,
                sender=m.sender,
                side=_side(m.sender, mine),
                author=mine_label if mine_label and m.sender == mine else m.author_name,
                when=m.when,
            )
        )
        parts.append(link_segments(m.body))
    return out, parts


def counter_script(counter_id: str) -> str:
    """The composer's counter, drawn in the browser (no event per keystroke): empty until
    the text nears the limit, then "1.950 / 2.000"."""
    return (
        "(e) => { const c = document.getElementById('" + counter_id + "'); if (!c) return;"
        " const n = e.target.value.length;"
        f" c.textContent = n >= {ALMOST_FULL} ? n.toLocaleString('pt-BR') + ' / 2.000' : ''; }}"
    )


def clear_composer_script(textarea_id: str, counter_id: str) -> str:
    """After a message is sent: empty the composer (keeping the focus) and its counter."""
    return (
        f"(() => {{ const t = document.getElementById('{textarea_id}');"
        " if (t) { t.value = ''; t.focus(); }"
        f" const c = document.getElementById('{counter_id}'); if (c) c.textContent = ''; }})()"
    )

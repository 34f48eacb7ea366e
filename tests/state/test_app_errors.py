"""The app speaks Portuguese when things break: the event error handler and the notice of a
lost connection are the app's own, not Reflex's English defaults."""

from __future__ import annotations

import json
import os

os.environ.setdefault("TREINICO_SESSION_SECRET", "test-secret-" + "x" * 40)

import redis  # noqa: E402

import treinico.app  # noqa: E402
from treinico.outages import STATE_DOWN, UNEXPECTED  # noqa: E402
from treinico.state.errors import event_error  # noqa: E402


def _text(compiled: object) -> str:
    """Compiled JavaScript escapes accents (\\u00e3): read it back as text."""
    return str(compiled).encode().decode("unicode_escape").encode("latin-1").decode()


def _strings(node: object) -> list[str]:
    """Every text in a rendered component tree, JavaScript string literals decoded."""
    if isinstance(node, dict):
        return [t for v in node.values() for t in _strings(v)]
    if isinstance(node, list | tuple):
        return [t for v in node for t in _strings(v)]
    text = str(node)
    if text.startswith('"') and text.endswith('"'):
        try:
            return [json.loads(text)]
        except ValueError:
            pass
    return [text]


def test_failed_events_get_the_portuguese_toast() -> None:
    assert treinico.app.app.backend_exception_handler is event_error
    down = _text(event_error(redis.exceptions.ConnectionError("refused")))
    assert STATE_DOWN in down
    bug = _text(event_error(ValueError("dado do cliente")))
    assert "dado do cliente" not in bug
    assert "An error occurred" not in bug and "An error occurred" not in down
    assert UNEXPECTED in bug


def test_a_lost_connection_is_announced_by_the_apps_own_notice() -> None:
    wrap = treinico.app.app.app_wraps[(5, "Overlay")]
    rendered = " ".join(_strings(wrap(True).render()))
    assert "Sem conexão com o servidor. Tentando reconectar…" in rendered
    assert "connectErrors.length > 0" in rendered
    assert "status" in rendered
    assert "Cannot connect" not in rendered
    assert wrap(False) is None

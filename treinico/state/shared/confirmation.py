"""Ask → confirm → save, written once for both faces.

A state that asks before an action mixes this in. ``_ask(key, subject)`` opens the question
about something on screen (its key stays on the server: the browser only answers yes or
no); the dialog (``components.ui.confirm_dialog`` bound to ``confirm_open``,
``set_confirm_open`` and ``confirm_subject``) closes it; the action takes the key once with
``_confirmed()``, which also starts ``saving`` (the question cannot be dismissed, nor the
action sent twice, meanwhile), and ends with ``_saved(outcome, success, *reloads)``."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import reflex as rx

from treinico.state.session import Outcome


class Confirmation(rx.State, mixin=True):
    confirm_open: bool = False
    confirm_subject: str = ""  # what the question names ("Treino A", "Plano Mensal")
    saving: bool = False

    _confirm_key: str = ""

    def _ask(self, key: int | str, subject: str) -> None:
        self._confirm_key = str(key)
        self.confirm_subject = subject
        self.confirm_open = True

    @rx.event
    def set_confirm_open(self, value: bool) -> None:
        if self.saving:
            return
        self.confirm_open = bool(value)
        if not self.confirm_open:
            self._confirm_key = ""

    def _confirmed(self) -> str | None:
        """The key asked about, once; None when nothing is asked or a save is under way."""
        if self.saving or not self._confirm_key:
            return None
        key, self._confirm_key = self._confirm_key, ""
        self.confirm_open = False
        self.saving = True
        return key

    def _saved(self, outcome: Outcome, success: str, *reloads: Any) -> Iterator[Any]:
        """The end of a confirmed action: the reloads of what changed (also after a refusal:
        someone else may have changed it), then the toast."""
        self.saving = False
        yield from reloads
        yield outcome.reply(success)

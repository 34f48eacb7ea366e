"""/painel/privacidade, "Textos de consentimento" (``privacy.manage``): each purpose's current
text and publishing a new version."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import reflex as rx

from treinico.services.errors import Forbidden
from treinico.services.privacy.consent import list_texts, publish_text
from treinico.state.dashboard.privacy_rows import ConsentTextRow, text_rows
from treinico.state.session import SessionState, form_text, utcnow


class PrivacyTextsState(SessionState):
    loading: bool = True
    texts: list[ConsentTextRow] = []
    form_open: bool = False
    form_label: str = ""
    form_purpose: str = ""
    form_title: str = ""
    form_body: str = ""
    form_key: int = 0
    errors: dict[str, str] = {}
    saving: bool = False

    @rx.event
    def load(self) -> Iterator[Any]:
        self.loading = True
        self.texts = []
        self.form_open = False
        yield
        yield self._fetch()

    def _fetch(self) -> Any:
        outcome = self._call(lambda s, a: list_texts(session=s, actor=a))
        self.loading = False
        if outcome.error is not None:
            return None if isinstance(outcome.error, Forbidden) else outcome.failure()
        self.texts = text_rows(outcome.value)
        return None

    @rx.event
    def open_publish(self, purpose: Any) -> None:
        found = next((t for t in self.texts if t.purpose == purpose), None)
        if found is None:
            return
        self.form_purpose = found.purpose
        self.form_label = found.label
        self.form_title = found.title
        self.form_body = found.body
        self.errors = {}
        self.form_key += 1
        self.form_open = True

    @rx.event
    def set_form_open(self, value: bool) -> None:
        if not self.saving:
            self.form_open = bool(value)

    @rx.event
    def publish(self, form_data: dict[str, Any]) -> Iterator[Any]:
        if self.saving or not self.form_purpose:
            return
        purpose = self.form_purpose
        title, body = form_text(form_data, "title", 200), form_text(form_data, "body", 20_000)
        self.form_title, self.form_body = title, body  # a refused save keeps what was typed
        self.errors = {}
        self.saving = True
        yield
        outcome = self._call(
            lambda s, a: publish_text(
                session=s, actor=a, purpose=purpose, title=title, body=body, now=utcnow()
            )
        )
        self.saving = False
        if outcome.error is not None:
            self.errors = dict(outcome.error.fields)
            if not self.errors:
                yield outcome.failure()
            return
        self.form_open = False
        yield self._fetch()
        yield rx.toast.success(f"{outcome.value.label}: versão {outcome.value.version} publicada.")

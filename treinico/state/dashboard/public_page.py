"""Configurações › "Página pública": what `/{slug}` says, its hours, what it lists, the logo."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from typing import Any

import reflex as rx

from treinico.services.site.brand import LOGO_MAX_BYTES
from treinico.services.site.opening_hours import WEEKDAYS
from treinico.services.site.public_page import (
    KINDS,
    Choice,
    PublicSettings,
    public_settings,
    remove_logo,
    save_logo,
    save_public_settings,
)
from treinico.state.session import SessionState, form_text, utcnow

LOGO_UPLOAD_ID = "public-logo"
KIND_OPTIONS = [{"id": key, "name": label} for key, (label, _schema) in KINDS.items()]


@dataclass(frozen=True)
class AgendaDayHours:
    """A weekday and the hours the agenda gives it ("Segunda", "07:00–12:00")."""

    day: str
    text: str


class PublicPageState(SessionState):
    loading: bool = True
    slug: str = ""
    kind: str = "studio"
    description: str = ""
    description_default: str = ""
    address: str = ""
    whatsapp: str = ""
    hours_from_agenda: bool = True
    days: list[str] = [""] * len(WEEKDAYS)
    agenda_days: list[AgendaDayHours] = []
    sessions: list[Choice] = []
    products: list[Choice] = []
    has_logo: bool = False
    logo_version: str = ""
    errors: dict[str, str] = {}
    saving: bool = False
    logo_saving: bool = False
    remove_open: bool = False
    form_key: int = 0  # a new key re-creates the form with the saved values

    def _show(self, view: PublicSettings) -> None:
        self.slug, self.kind = view.slug, view.kind
        self.description, self.description_default = view.description, view.description_default
        self.address, self.whatsapp = view.address, view.whatsapp
        self.hours_from_agenda, self.days = view.hours_from_agenda, list(view.days)
        self.agenda_days = [
            AgendaDayHours(day=day, text=text)
            for day, text in zip(WEEKDAYS, view.agenda_days, strict=True)
        ]
        self.sessions, self.products = list(view.sessions), list(view.products)
        self.has_logo, self.logo_version = view.has_logo, view.logo_version
        self.form_key += 1

    @rx.var
    def public_url(self) -> str:
        return f"/{self.slug}" if self.slug else ""

    @rx.var
    def logo_src(self) -> str:
        return f"/{self.slug}/logo.png?v={self.logo_version}" if self.has_logo else ""

    @rx.event
    def load(self) -> Iterator[Any]:
        self.loading = True
        yield
        outcome = self._call(lambda s, a: public_settings(session=s, actor=a), read_only=True)
        self.loading = False
        if outcome.error is not None:
            return  # no team.manage: the settings page already says so
        self.errors = {}
        self._show(outcome.value)

    @rx.event
    def set_hours_from_agenda(self, value: Any) -> None:
        self.hours_from_agenda = bool(value)
        self.errors = {k: v for k, v in self.errors.items() if not k.startswith("hours_")}

    @rx.event
    def save(self, form_data: dict[str, Any]) -> Iterator[Any]:
        if self.saving:
            return
        form: dict[str, object] = {
            "kind": form_text(form_data, "kind", 20) or self.kind,
            "description": form_text(form_data, "description", 2000),
            "address": form_text(form_data, "address", 400),
            "whatsapp": form_text(form_data, "whatsapp", 40),
            "hours_from_agenda": self.hours_from_agenda,
            "days": [form_text(form_data, f"hours_{i}", 200) for i in range(len(WEEKDAYS))],
            "sessions": [s.id for s in self.sessions if form_text(form_data, f"s{s.id}", 5)],
            "products": [p.id for p in self.products if form_text(form_data, f"p{p.id}", 5)],
        }
        # Whatever happens, the form keeps what was typed.
        self.kind = str(form["kind"])
        self.description, self.address = str(form["description"]), str(form["address"])
        self.whatsapp = str(form["whatsapp"])
        if not self.hours_from_agenda:
            self.days = [form_text(form_data, f"hours_{i}", 200) for i in range(len(WEEKDAYS))]
        self.errors, self.saving = {}, True
        yield
        outcome = self._call(
            lambda s, a: save_public_settings(session=s, actor=a, form=form, now=utcnow())
        )
        self.saving = False
        if outcome.error is not None:
            self.errors = dict(outcome.error.fields)
            yield outcome.failure()
            return
        self._show(outcome.value)
        yield rx.toast.success("Página pública salva.")

    @rx.event
    async def upload_logo(self, files: list[rx.UploadFile]) -> AsyncIterator[Any]:
        if self.logo_saving or not files:
            return
        upload = files[0]
        data = await upload.read(LOGO_MAX_BYTES + 1)
        name = upload.name or "logo"
        self.errors = {k: v for k, v in self.errors.items() if k != "logo"}
        self.logo_saving = True
        yield
        outcome = self._call(
            lambda s, a: save_logo(session=s, actor=a, data=data, filename=name, now=utcnow())
        )
        self.logo_saving = False
        if outcome.error is not None:
            self.errors = {**self.errors, **outcome.error.fields}
            return
        self.has_logo, self.logo_version = outcome.value.has_logo, outcome.value.logo_version
        yield rx.clear_selected_files(LOGO_UPLOAD_ID)
        yield rx.toast.success("Logo atualizado.")

    @rx.event
    def reject_logo(self, _rejected: Any) -> None:
        self.errors = {**self.errors, "logo": "Envie uma imagem PNG, JPEG ou WebP de até 2 MB."}

    @rx.event
    def set_remove_open(self, value: bool) -> None:
        self.remove_open = bool(value)

    @rx.event
    def confirm_remove_logo(self) -> Iterator[Any]:
        self.remove_open = False
        outcome = self._call(lambda s, a: remove_logo(session=s, actor=a, now=utcnow()))
        if outcome.error is not None:
            yield outcome.failure()
            return
        self.has_logo, self.logo_version = False, ""
        yield rx.toast.success("Logo removido. A página volta a mostrar o símbolo do Treinico.")

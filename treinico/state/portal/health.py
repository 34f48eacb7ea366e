""" "Meus registros de saúde": the records the team marked visible, while the client's
health consent stands. The service filters hidden records in its query, so they never reach
this state (nor the browser); each read leaves an access-log row. The record id from the
browser is a lookup the service re-checks against the client and team of the session.
Attachments are plain links to the authorised HTTP route: their bytes never travel over the
websocket."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import reflex as rx
from sqlmodel import Session

from treinico import routes
from treinico.services.auth.portal import Business
from treinico.services.errors import NotFound
from treinico.services.health import portal as portal_health
from treinico.services.health.portal import PortalRecordRow
from treinico.state.portal.common import portal_call
from treinico.state.session import to_id

NO_RECORD = PortalRecordRow(id=0, kind_label="", date_label="", title="", author_name="")


@dataclass(frozen=True)
class AttachmentLink:
    """An attachment of the open record: a plain link to the authorised HTTP route."""

    name: str = ""
    size: str = ""  # "1,2 MB"
    href: str = ""
    label: str = ""  # "Baixar exame.pdf (1,2 MB)"


class PortalHealthState(rx.State):
    loading: bool = True
    slug: str = ""
    enabled: bool = False
    consent_given: bool = False
    records: list[PortalRecordRow] = []
    record_open: bool = False
    record_loading: bool = False
    record: PortalRecordRow = NO_RECORD  # NO_RECORD while none is open
    record_body: str = ""
    attachments: list[AttachmentLink] = []

    @rx.var
    def privacy_url(self) -> str:
        return routes.portal_privacy(self.slug) if self.slug else ""

    def _clear_record(self) -> None:
        self.record, self.record_body, self.attachments = NO_RECORD, "", []

    def _fill(self, session: Session, business: Business, now: datetime) -> None:
        """The client's released records; the reading goes in the access log (same unit)."""
        self.slug = business.slug
        self.record_open = self.record_loading = False
        self._clear_record()
        view = portal_health.my_records(
            session=session, business=business, now=now, ip=self.router.session.client_ip or ""
        )
        self.enabled = view.enabled
        self.consent_given = view.consent_given
        self.records = list(view.records)
        self.loading = False

    @rx.event
    def load(self) -> Any:
        """Read the list again (a record that could not be opened)."""
        outcome = portal_call(self, self._fill)
        return None if outcome.ok else outcome.failure()

    @rx.event
    def open_record(self, record_id: Any) -> Any:
        if self.record_loading:
            return
        try:
            wanted = to_id(record_id)
        except NotFound:
            yield rx.toast.error("Registro não encontrado.")
            return
        self._clear_record()
        self.record_loading = True
        self.record_open = True
        yield
        ip = self.router.session.client_ip or ""
        outcome = portal_call(
            self,
            lambda s, b, now: portal_health.my_record(
                session=s, business=b, record_id=wanted, now=now, ip=ip
            ),
        )
        self.record_loading = False
        if not outcome.ok:
            self.record_open = False
            yield outcome.failure()
            yield PortalHealthState.load
            return
        found: portal_health.PortalRecord = outcome.value
        self.record = found.row
        self.record_body = found.body
        self.attachments = [
            AttachmentLink(
                name=a.name,
                size=a.size_label,
                href=routes.health_attachment(a.id),
                label=f"Baixar {a.name} ({a.size_label})",
            )
            for a in found.attachments
        ]

    @rx.event
    def set_record_open(self, value: Any) -> None:
        self.record_open = value is True
        if not self.record_open:
            self._clear_record()

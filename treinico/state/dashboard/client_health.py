"""The client page's "Prontuário": the client's health records, the consent banner, the
record dialog (read, edit, versions, visibility, annul) and the new-record form with its
attachments.

Nothing is read unless the team has the Saúde module on and the staff member has
``health.read``: without both, the state never calls the health services and every var
stays empty, so no title or text reaches the browser. With them, the list is read only when
the tab is opened, so the access log says when someone really looked. Attachments are never
sent over the websocket; the page links to the HTTP route that serves them.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any

import reflex as rx

from treinico.services.health.records import (
    KIND_LABELS,
    annul_record,
    get_record,
    list_records,
    record_versions,
    set_visibility,
)
from treinico.services.permissions import Perm
from treinico.services.teams import get_team
from treinico.state.dashboard.health_form import (
    UPLOAD_ID,
    RecordForm,
    parse_day,
    read_uploads,
    rejected_files_error,
    save_record,
    today_label,
)
from treinico.state.dashboard.health_rows import (
    HealthAttachmentRow,
    HealthDetailRow,
    HealthListRow,
    HealthVersionRow,
    attachment_row,
    detail_row,
    listed_id,
    newest_first,
    record_row,
    version_rows,
    visibility_note,
    with_visibility,
)
from treinico.state.session import SessionState, attempt, to_id, utcnow


class ClientHealthState(SessionState):
    loading: bool = True
    enabled: bool = False  # the team has Saúde on and this member may read records
    listed: bool = False  # the records were read (the tab was opened)
    can_write_health: bool = False
    can_create: bool = False  # health.write and the client's consent
    consent: str = ""
    banner: str = ""
    records: list[HealthListRow] = []
    # the record dialog: "detail", "versions" or "form" (new or edit)
    dialog_open: bool = False
    view: str = "detail"
    dialog_loading: bool = False
    detail: HealthDetailRow = HealthDetailRow()  # id 0: no record open
    attachments: list[HealthAttachmentRow] = []
    versions: list[HealthVersionRow] = []
    # the form
    editing: bool = False
    saving: bool = False
    errors: dict[str, str] = {}
    form_kind: str = ""
    form_date: str = ""
    form_title: str = ""
    form_body: str = ""
    form_visible: bool = False
    # annul confirmation
    annul_open: bool = False
    annul_reason: str = ""
    annul_error: str = ""

    _client_id: int | None = None
    _record_id: int | None = None
    _version: int | None = None
    _tz: str = "America/Sao_Paulo"

    def _ip(self) -> str:
        return self.router.session.client_ip or ""

    def _clear(self) -> None:
        self.enabled = self.can_write_health = self.can_create = False
        self.consent = self.banner = ""
        self.records, self.attachments, self.versions = [], [], []
        self.detail = HealthDetailRow()
        self.dialog_open = self.annul_open = False
        self._client_id = self._record_id = self._version = None

    def _reset(self) -> None:
        self.loading = True
        self.listed = False
        self._clear()

    def _fill(self, session: Any, actor: Any) -> None:
        """On the client page's load: only whether the tab is drawn. The records are read
        (and the read logged) when the tab is opened."""
        raw = self.router.url.path.rstrip("/").rsplit("/", 1)[-1]

        def read() -> Any:
            team = get_team(session=session, actor=actor)
            if not (team.health_enabled and actor.can(Perm.HEALTH_READ)):
                return None  # nothing of the Prontuário is read or drawn
            return to_id(raw), team.timezone, actor.can(Perm.HEALTH_WRITE)

        outcome = attempt(read)
        if outcome.error is not None or outcome.value is None:
            return
        self._client_id, self._tz, self.can_write_health = outcome.value
        self.enabled = True

    @rx.event
    def show_tab(self, value: Any) -> Iterator[Any]:
        """The client page's tabs changed: opening "Prontuário" reads the list once."""
        if value == "prontuario" and self.enabled and not self.listed:
            yield from self._list()

    @rx.event
    def reload(self) -> Iterator[Any]:
        """Read the list again (the consent banner changes when a consent is recorded)."""
        if self.listed:
            yield from self._list()

    def _list(self) -> Iterator[Any]:
        client_id = self._client_id
        if client_id is None:
            return
        self.loading = True
        yield
        ip = self._ip()
        outcome = self._call(
            lambda s, a: list_records(session=s, actor=a, client_id=client_id, now=utcnow(), ip=ip)
        )
        self.loading = False
        if not outcome.ok:
            yield outcome.failure()
            return
        overview = outcome.value
        self.listed = True
        self.can_create = overview.can_write
        self.consent = overview.consent
        self.banner = overview.banner
        self.records = [record_row(r) for r in overview.records]

    def _put_row(self, row: Any) -> None:
        new = record_row(row)
        self.records = newest_first([r for r in self.records if r.id != new.id] + [new])

    # ------------------------------------------------------------ read

    def _read_detail(self, record_id: int) -> Any:
        ip = self._ip()
        outcome = self._call(
            lambda s, a: get_record(session=s, actor=a, record_id=record_id, now=utcnow(), ip=ip)
        )
        if not outcome.ok:
            self.dialog_open = False
            return outcome.failure()
        detail = outcome.value
        self.detail = detail_row(detail)
        self.attachments = [attachment_row(a) for a in detail.attachments]
        self._put_row(detail.row)
        return None

    @rx.event
    def open_record(self, record_id: Any) -> Iterator[Any]:
        found = listed_id(self.records, record_id)
        if found is None:
            yield rx.toast.error("Registro não encontrado.")
            return
        self._record_id = found
        self.detail, self.attachments, self.versions = HealthDetailRow(), [], []
        self.view = "detail"
        self.dialog_loading = True
        self.dialog_open = True
        yield
        result = self._read_detail(found)
        self.dialog_loading = False
        if result is not None:
            yield result

    @rx.event
    def set_dialog_open(self, value: bool) -> None:
        if not self.saving:
            self.dialog_open = bool(value)

    @rx.event
    def show_versions(self) -> Iterator[Any]:
        record_id = self._record_id
        if record_id is None:
            return
        self.versions = []
        self.view = "versions"
        self.dialog_loading = True
        yield
        ip = self._ip()
        outcome = self._call(
            lambda s, a: record_versions(
                session=s, actor=a, record_id=record_id, now=utcnow(), ip=ip
            )
        )
        self.dialog_loading = False
        if not outcome.ok:
            self.view = "detail"
            yield outcome.failure()
            return
        self.versions = version_rows(outcome.value, self.attachments)

    @rx.event
    def back_to_detail(self) -> None:
        if not self.saving:
            self.view = "detail"

    # ------------------------------------------------------------ new / edit

    @rx.event
    def open_new(self) -> Any:
        if self._client_id is None:
            return None
        self._record_id = self._version = None
        self.editing = False
        self.errors = {}
        self.form_kind, self.form_title, self.form_body = "", "", ""
        self.form_date = today_label(self._tz)
        self.form_visible = False
        self.detail, self.attachments = HealthDetailRow(), []
        self.view = "form"
        self.dialog_open = True
        return rx.clear_selected_files(UPLOAD_ID)

    @rx.event
    def open_edit(self) -> Any:
        if self._record_id is None or not self.detail.id:
            return None
        d = self.detail
        self._version = d.version
        self.editing = True
        self.errors = {}
        self.form_kind = d.kind
        self.form_date = d.date_label
        self.form_title = d.title
        self.form_body = d.body
        self.form_visible = d.visible_to_client
        self.view = "form"
        return rx.clear_selected_files(UPLOAD_ID)

    @rx.event
    def cancel_form(self) -> None:
        if self.saving:
            return
        if self.editing:
            self.view = "detail"
        else:
            self.dialog_open = False

    @rx.event
    def set_form_kind(self, value: Any) -> None:
        self.form_kind = value if isinstance(value, str) and value in KIND_LABELS else ""

    @rx.event
    def set_form_date(self, value: Any) -> None:
        self.form_date = str(value)[:10]

    @rx.event
    def set_form_title(self, value: Any) -> None:
        self.form_title = str(value)[:200]

    @rx.event
    def set_form_body(self, value: Any) -> None:
        self.form_body = str(value)[:50_000]

    @rx.event
    def set_form_visible(self, value: Any) -> None:
        self.form_visible = bool(value)

    @rx.event
    def reject_files(self, names: Any) -> None:
        """Files the picker refused (over 10 MB, or not PDF/JPEG/PNG by name)."""
        self.errors = {**self.errors, "files": rejected_files_error(names)}

    @rx.event
    async def save(self, files: list[rx.UploadFile]) -> AsyncIterator[Any]:
        if self.saving or self._client_id is None:
            return
        uploads = await read_uploads(files)
        record_id = self._record_id
        form = RecordForm(
            client_id=self._client_id,
            record_id=record_id,
            version=self._version,
            kind=self.form_kind,
            record_date=parse_day(self.form_date),
            title=self.form_title,
            body=self.form_body,
            visible_to_client=self.form_visible,
            files=uploads,
        )
        self.errors = {}
        self.saving = True
        yield
        outcome = self._call(lambda s, a: save_record(session=s, actor=a, form=form, now=utcnow()))
        self.saving = False
        if outcome.error is not None:
            self.errors = dict(outcome.error.fields)
            if not self.errors:  # a field error is shown at its field, not twice
                yield outcome.failure()
            return
        row = outcome.value
        self._put_row(row)
        yield rx.clear_selected_files(UPLOAD_ID)
        if record_id is not None:
            self.view = "detail"
            result = self._read_detail(record_id)
            if result is not None:
                yield result
            yield rx.toast.success(f"Nova versão salva: {row.title}")
            return
        self.dialog_open = False
        yield rx.toast.success(f"Registro criado: {row.title}")

    # ------------------------------------------------------------ visibility, annul

    @rx.event
    def toggle_visible(self, value: Any) -> Any:
        record_id = self._record_id
        if record_id is None or self.saving:
            return None
        visible = bool(value)
        seen = self.detail.version or None
        outcome = self._call(
            lambda s, a: set_visibility(
                session=s,
                actor=a,
                record_id=record_id,
                visible=visible,
                now=utcnow(),
                expected_version=seen,
            )
        )
        if not outcome.ok:
            return outcome.failure()
        row = outcome.value
        self._put_row(row)
        self.detail = with_visibility(self.detail, row)
        return rx.toast.success(visibility_note(row.visible_to_client))

    @rx.event
    def ask_annul(self) -> None:
        if self._record_id is None or not self.detail.id:
            return
        self.annul_reason = ""
        self.annul_error = ""
        self.annul_open = True

    @rx.event
    def set_annul_open(self, value: bool) -> None:
        if not self.saving:
            self.annul_open = bool(value)

    @rx.event
    def set_annul_reason(self, value: Any) -> None:
        self.annul_reason = str(value)[:500]

    @rx.event
    def confirm_annul(self) -> Iterator[Any]:
        record_id = self._record_id
        if self.saving or record_id is None:
            return
        reason = self.annul_reason
        self.annul_error = ""
        self.saving = True
        yield
        outcome = self._call(
            lambda s, a: annul_record(
                session=s, actor=a, record_id=record_id, reason=reason, now=utcnow()
            )
        )
        self.saving = False
        if outcome.error is not None:
            self.annul_error = outcome.error.fields.get("reason", "")
            if not self.annul_error:
                yield outcome.failure()
            return
        self.annul_open = False
        result = self._read_detail(record_id)
        if result is not None:
            yield result
        yield rx.toast.success(f"Registro anulado: {outcome.value.title}")

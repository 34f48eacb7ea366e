"""Bulk Conceder / Estender / Revogar on a product's page: a form, a preview stored under a
reference (kept on the server), then the per-client result of applying it once."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Any

import reflex as rx

from treinico.services.commerce.bulk import BulkResult, Selection, apply, preview
from treinico.state.dashboard.product_clients import ProductClientsState
from treinico.state.session import form_text, utcnow

OPERATIONS = {"grant": "Conceder", "extend": "Estender", "revoke": "Revogar"}
OUTCOME_LABELS = {
    "pending": "Será alterado",
    "changed": "Alterado",
    "conflict": "Não alterado",
    "skipped": "Ignorado",
}


@dataclass(frozen=True)
class BulkOutcomeRow:
    """One client of a bulk preview or result."""

    client_id: int
    name: str
    outcome: str  # pending | changed | conflict | skipped
    outcome_label: str
    message: str


def _rows(result: BulkResult) -> list[BulkOutcomeRow]:
    return [
        BulkOutcomeRow(
            client_id=r.client_id,
            name=r.client_name,
            outcome=r.outcome,
            outcome_label=OUTCOME_LABELS.get(r.outcome, r.outcome),
            message=r.message,
        )
        for r in result.rows
    ]


class BulkState(ProductClientsState):
    bulk_open: bool = False
    step: str = "form"  # form | preview | result
    operation: str = "extend"
    mode: str = "period"  # period | date
    until: str = ""
    reason: str = ""
    bulk_errors: dict[str, str] = {}
    bulk_busy: bool = False
    summary: str = ""
    result_rows: list[BulkOutcomeRow] = []
    to_change: int = 0
    changed: int = 0
    conflicts: int = 0
    skipped: int = 0
    shown_more: int = 0  # rows past the 200 shown

    _reference: str = ""

    @rx.event
    def open_bulk(self, operation: Any) -> Any:
        if operation not in OPERATIONS:
            return None
        if not (self.total if self.all_filtered else self.selected):
            return rx.toast.error("Selecione ao menos um cliente.")
        self.operation = operation
        self.step = "form"
        self.mode = "period"
        self.until, self.reason = "", ""
        self.bulk_errors = {}
        self.result_rows = []
        self._reference = ""
        self.bulk_open = True
        return None

    @rx.event
    def set_bulk_open(self, value: bool) -> Any:
        if self.bulk_busy:
            return None
        self.bulk_open = bool(value)
        if not value and self.step == "result":
            return self._finish()
        return None

    @rx.event
    def set_mode(self, value: Any) -> None:
        self.mode = "date" if value == "date" else "period"

    @rx.event
    def back_to_form(self) -> None:
        if not self.bulk_busy:
            self.step = "form"
            self._reference = ""

    def _selection(self) -> Selection:
        ids: list[int] = []
        for raw in self.selected:
            try:
                ids.append(int(raw))
            except ValueError:
                continue
        return Selection(
            client_ids=tuple(ids),
            all_filtered=self.all_filtered,
            status=self.status,
            query=self.query,
        )

    def _show(self, result: BulkResult) -> None:
        self.summary = result.summary
        self.result_rows = _rows(result)
        self.to_change, self.skipped = result.to_change, result.skipped
        self.changed, self.conflicts = result.changed, result.conflicts
        self.shown_more = max(0, result.to_change + result.skipped - len(result.rows))

    @rx.event
    def make_preview(self, form_data: dict[str, Any]) -> Any:
        if self.bulk_busy or self._product_id is None:
            return
        # Keep what was typed: a refused preview shows the form again as it was.
        self.until = form_text(form_data, "until", 10)
        self.reason = form_text(form_data, "reason", 500)
        self.bulk_errors = {}
        self.bulk_busy = True
        yield
        product_id, operation, selection = self._product_id, self.operation, self._selection()
        mode, until, reason = self.mode, self.until, self.reason
        outcome = self._call(
            lambda s, a: preview(
                session=s,
                actor=a,
                product_id=product_id,
                operation=operation,
                selection=selection,
                now=utcnow(),
                mode=mode if operation != "revoke" else "period",
                until=until if mode == "date" else None,
                reason=reason if operation == "revoke" else "",
            )
        )
        self.bulk_busy = False
        if outcome.error is not None:
            self.bulk_errors = outcome.error.fields
            yield outcome.failure()
            return
        self._reference = outcome.value.reference
        self._show(outcome.value)
        self.step = "preview"

    @rx.event
    async def confirm(self) -> Any:
        """Apply the previewed batch. The work runs in a thread: granting or revoking a
        couple of thousand clients takes seconds, and the worker keeps serving other tabs."""
        reference = self._reference
        if self.bulk_busy or not reference or self.step != "preview":
            return
        self.bulk_busy = True
        yield
        outcome = await asyncio.to_thread(
            self._call, lambda s, a: apply(session=s, actor=a, reference=reference, now=utcnow())
        )
        self.bulk_busy = False
        if outcome.error is not None:
            if "expirou" in outcome.error.message:
                self.step = "form"
                self._reference = ""
            yield outcome.failure()
            return
        self._show(outcome.value)
        self.step = "result"
        yield rx.toast.success(outcome.value.summary)

    @rx.event
    def finish(self) -> Any:
        """ "Concluir": close and read the list again (the changes show in it)."""
        if self.bulk_busy:
            return None
        self.bulk_open = False
        return self._finish()

    def _finish(self) -> Any:
        self.step = "form"
        self._reference = ""
        self.result_rows = []
        self.selected, self.all_filtered = [], False
        return self._fetch()

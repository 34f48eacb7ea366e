"""Settings › "Tarefas e medidas": the team's task templates and metric catalogue."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any, TypeVar

import reflex as rx

from treinico.services.homework.templates import (
    TemplateRow,
    archive_template,
    list_templates,
    save_template,
)
from treinico.services.progress.metrics import MetricRow, archive_metric, list_metrics, save_metric
from treinico.state.session import SessionState, form_text, to_id, utcnow
from treinico.state.shared.confirmation import Confirmation

Item = TypeVar("Item", TemplateRow, MetricRow)


def _metric_values(m: MetricRow) -> dict[str, str]:
    """A metric as the dialog's field values (as typed: "1" / "" for the better side)."""
    return {
        "name": m.name,
        "unit": m.unit,
        "decimals": str(m.decimals),
        "min_value": m.min_value,
        "max_value": m.max_value,
        "lower_is_better": "1" if m.lower_is_better else "",
    }


class HomeworkSettingsState(SessionState, Confirmation):
    loading: bool = True
    templates: list[TemplateRow] = []
    metrics: list[MetricRow] = []
    errors: dict[str, str] = {}
    form_key: int = 0
    # template dialog
    template_open: bool = False
    template_editing: bool = False
    template_values: dict[str, str] = {}
    # metric dialog
    metric_open: bool = False
    metric_editing: bool = False
    metric_values: dict[str, str] = {}

    _template_id: int | None = None
    _metric_id: int | None = None

    def _reload(self) -> Any:
        outcome = self._call(
            lambda s, a: (list_templates(session=s, actor=a), list_metrics(session=s, actor=a))
        )
        if not outcome.ok:
            return outcome.failure()
        templates, metrics = outcome.value
        self.templates = list(templates)
        self.metrics = list(metrics)
        return None

    def _find(self, items: Sequence[Item], raw: Any) -> Item | None:
        try:
            wanted = to_id(raw)
        except Exception:  # noqa: BLE001  (a bad id from the browser)
            return None
        return next((i for i in items if i.id == wanted), None)

    def _after_save(self, outcome: Any, dialog: str, message: str) -> Iterator[Any]:
        self.saving = False
        if outcome.error is not None:
            self.errors = outcome.error.fields
            yield outcome.failure()
            return
        setattr(self, dialog, False)
        yield self._reload()
        yield rx.toast.success(message)

    @rx.event
    def load(self) -> Any:
        self.loading = True
        yield
        result = self._reload()
        self.loading = False
        if result is not None:
            yield result

    # ------------------------------------------------------------ templates

    @rx.event
    def open_template(self, template_id: Any = "") -> Any:
        self.errors = {}
        self.form_key += 1
        if template_id:
            template = self._find(self.templates, template_id)
            if template is None:
                return rx.toast.error("Modelo não encontrado.")
            self._template_id = template.id
            self.template_values = {"title": template.title, "instructions": template.instructions}
            self.template_editing = True
        else:
            self._template_id = None
            self.template_values = {}
            self.template_editing = False
        self.template_open = True
        return None

    @rx.event
    def set_template_open(self, value: bool) -> None:
        if not self.saving:
            self.template_open = bool(value)

    @rx.event
    def save_template(self, form_data: dict[str, Any]) -> Iterator[Any]:
        if self.saving:
            return
        template_id = self._template_id
        title = form_text(form_data, "title", 200)
        body = form_text(form_data, "instructions", 5000)
        self.errors = {}
        self.saving = True
        yield
        outcome = self._call(
            lambda s, a: save_template(
                session=s,
                actor=a,
                template_id=template_id,
                title=title,
                instructions=body,
                now=utcnow(),
            )
        )
        yield from self._after_save(outcome, "template_open", f"Modelo salvo: {title.strip()}")

    # ------------------------------------------------------------ metrics

    @rx.event
    def open_metric(self, metric_id: Any = "") -> Any:
        self.errors = {}
        self.form_key += 1
        if metric_id:
            metric = self._find(self.metrics, metric_id)
            if metric is None:
                return rx.toast.error("Medida não encontrada.")
            self._metric_id = metric.id
            self.metric_values = _metric_values(metric)
            self.metric_editing = True
        else:
            self._metric_id = None
            self.metric_values = {"decimals": "1", "lower_is_better": "1"}
            self.metric_editing = False
        self.metric_open = True
        return None

    @rx.event
    def set_metric_open(self, value: bool) -> None:
        if not self.saving:
            self.metric_open = bool(value)

    @rx.event
    def save_metric(self, form_data: dict[str, Any]) -> Iterator[Any]:
        if self.saving:
            return
        metric_id = self._metric_id
        name = form_text(form_data, "name", 120)
        unit = form_text(form_data, "unit", 24)
        raw_decimals = form_text(form_data, "decimals", 4).strip()
        decimals = int(raw_decimals) if raw_decimals.isascii() and raw_decimals.isdigit() else None
        low, high = form_text(form_data, "min", 20), form_text(form_data, "max", 20)
        lower = form_text(form_data, "better", 8) != "maior"
        # Keep what was typed, should the service refuse it.
        self.metric_values = {
            "name": name,
            "unit": unit,
            "decimals": raw_decimals,
            "min_value": low,
            "max_value": high,
            "lower_is_better": "1" if lower else "",
        }
        self.errors = {}
        self.saving = True
        yield
        outcome = self._call(
            lambda s, a: save_metric(
                session=s,
                actor=a,
                metric_id=metric_id,
                name=name,
                unit=unit,
                decimals=decimals,
                min_raw=low,
                max_raw=high,
                lower_is_better=lower,
            )
        )
        yield from self._after_save(outcome, "metric_open", f"Medida salva: {name.strip()}")

    # ------------------------------------------------------------ archive

    @rx.event
    def ask_archive(self, kind: Any, item_id: Any) -> Any:
        found: tuple[int, str] | None = None
        if kind == "template":
            template = self._find(self.templates, item_id)
            found = None if template is None else (template.id, template.title)
        elif kind == "metric":
            metric = self._find(self.metrics, item_id)
            found = None if metric is None else (metric.id, metric.name)
        if found is None:
            return rx.toast.error("Registro não encontrado.")
        # the key says which catalogue: "template:12", "metric:3"
        self._ask(f"{kind}:{found[0]}", found[1])
        return None

    @rx.event
    def confirm_archive(self) -> Iterator[Any]:
        key = self._confirmed()
        if key is None:
            return
        kind, _, raw_id = key.partition(":")
        yield

        def act(session: Any, actor: Any) -> None:
            if kind == "template":
                archive_template(session=session, actor=actor, template_id=int(raw_id))
            else:
                archive_metric(session=session, actor=actor, metric_id=int(raw_id))

        outcome = self._call(act)
        yield from self._saved(outcome, f"Arquivado: {self.confirm_subject}", self._reload())

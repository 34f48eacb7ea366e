"""The Prontuário's new/edit record form: kind, date, title, text, the attachments drop zone
(PDF, JPEG or PNG, up to 10 MB each) and whether the client sees the record."""

from __future__ import annotations

from typing import Any

import reflex as rx

from treinico.components.ui import field, name_file_input
from treinico.services.health.files import MAX_BYTES
from treinico.state.dashboard.client_health import ClientHealthState
from treinico.state.dashboard.health_form import KIND_OPTIONS, UPLOAD_ID

S = ClientHealthState
ACCEPT = {"application/pdf": [".pdf"], "image/jpeg": [".jpg", ".jpeg"], "image/png": [".png"]}


def _error(name: str) -> Any:
    return S.errors.get(name, "")


def _rejected_names(rejected: Any) -> Any:
    """Only the names of the files the picker refused go to the server (a File object does
    not travel over the websocket)."""
    return S.reject_files(
        rejected.to(list).map(lambda r: r.to(dict)["file"].to(dict)["name"].to(str))
    )


def _files_field() -> rx.Component:
    # react-dropzone makes its root a "presentation" element that opens the picker on click:
    # a real button inside gives keyboard and screen-reader users a named control.
    zone = rx.upload.root(
        rx.vstack(
            rx.button(
                rx.icon("paperclip", size=16),
                "Escolher arquivos",
                type="button",
                variant="soft",
                size="2",
                aria_label="Anexos: escolher arquivos PDF, JPEG ou PNG, até 10 MB cada",
            ),
            rx.text("ou arraste aqui", size="1", color=rx.color("gray", 11)),
            spacing="1",
            align="center",
        ),
        id=UPLOAD_ID,
        accept=ACCEPT,
        max_size=MAX_BYTES,
        multiple=True,
        on_drop_rejected=_rejected_names,
        class_name="tr-dropzone",
        data_testid="health-files",
        on_mount=name_file_input("health-files", "Anexos: arquivos PDF, JPEG ou PNG"),
    )
    chosen = rx.foreach(
        rx.selected_files(UPLOAD_ID),
        lambda name: rx.hstack(
            rx.icon("file", size=14),
            rx.text(name, size="2", overflow_wrap="anywhere"),
            spacing="2",
            align="center",
        ),
    )
    return field(
        "Anexos",
        rx.vstack(zone, chosen, spacing="1", width="100%"),
        _error("files"),
        hint="PDF, JPEG ou PNG, até 10 MB cada.",
    )


def form_view() -> rx.Component:
    return rx.vstack(
        rx.grid(
            field(
                "Tipo",
                rx.select.root(
                    rx.select.trigger(placeholder="Escolha o tipo", width="100%", id="record-kind"),
                    rx.select.content(
                        *[rx.select.item(o["label"], value=o["value"]) for o in KIND_OPTIONS]
                    ),
                    value=S.form_kind,
                    on_change=S.set_form_kind,
                    size="3",
                ),
                _error("kind"),
                html_for="record-kind",
            ),
            field(
                "Data",
                rx.input(
                    id="record-date",
                    value=S.form_date,
                    on_change=S.set_form_date,
                    placeholder="dd/mm/aaaa",
                    size="3",
                    width="100%",
                    max_length=10,
                    auto_complete="off",
                ),
                _error("record_date"),
                html_for="record-date",
            ),
            columns=rx.breakpoints(initial="1", sm="2"),
            spacing="3",
            width="100%",
        ),
        field(
            "Título",
            rx.input(
                id="record-title",
                value=S.form_title,
                on_change=S.set_form_title,
                size="3",
                width="100%",
                max_length=160,
            ),
            _error("title"),
            html_for="record-title",
        ),
        field(
            "Texto",
            rx.text_area(
                id="record-body",
                value=S.form_body,
                on_change=S.set_form_body,
                rows="7",
                width="100%",
            ),
            _error("body"),
            html_for="record-body",
        ),
        _files_field(),
        rx.hstack(
            rx.switch(
                id="record-form-visible",
                checked=S.form_visible,
                on_change=S.set_form_visible,
                size="2",
            ),
            rx.vstack(
                rx.el.label(
                    "Visível ao cliente",
                    html_for="record-form-visible",
                    style={"fontSize": "14px", "fontWeight": 500},
                ),
                rx.text(
                    "Desligado: só a equipe com acesso ao prontuário vê o registro.",
                    size="1",
                    color=rx.color("gray", 11),
                ),
                spacing="0",
            ),
            spacing="3",
            align="start",
        ),
        rx.flex(
            rx.button(
                "Cancelar",
                on_click=S.cancel_form,
                variant="soft",
                color_scheme="gray",
                size="3",
                type="button",
            ),
            rx.button(
                rx.cond(S.editing, "Salvar nova versão", "Salvar registro"),
                on_click=S.save(rx.upload_files(upload_id=UPLOAD_ID)),
                loading=S.saving,
                disabled=S.saving,
                size="3",
            ),
            justify="end",
            spacing="3",
            width="100%",
            wrap="wrap",
        ),
        spacing="4",
        width="100%",
    )

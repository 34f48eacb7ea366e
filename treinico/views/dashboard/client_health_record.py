"""The Prontuário's record dialog: one record read (text, attachments, visibility, version),
its versions with what each changed, the new/edit form in the same dialog, and the annul
confirmation."""

from __future__ import annotations

from typing import Any

import reflex as rx

from treinico.components.ui import field, loading_block
from treinico.state.dashboard.client_health import ClientHealthState
from treinico.views.dashboard.client_health_form import form_view

S = ClientHealthState
NO_CONSENT = (
    "Sem o consentimento do cliente para dados de saúde, não é possível criar ou editar registros."
)


def record_badges(row: Any) -> rx.Component:
    return rx.flex(
        rx.badge(row["kind_label"], color_scheme="blue", variant="soft"),
        rx.cond(
            row["annulled"],
            rx.badge("Anulado", color_scheme="red", variant="solid"),
        ),
        rx.cond(
            row["visible_to_client"],
            rx.badge(rx.icon("eye", size=12), "Visível ao cliente", color_scheme="grass"),
        ),
        rx.cond(
            row["attachments_label"] != "",
            rx.badge(rx.icon("paperclip", size=12), row["attachments_label"], color_scheme="gray"),
        ),
        spacing="2",
        align="center",
        wrap="wrap",
    )


def _attachment(a: Any) -> rx.Component:
    return rx.el.a(
        rx.icon("file-down", size=16, flex_shrink="0"),
        rx.text.span(a["name"], overflow_wrap="anywhere"),
        rx.text.span(a["kind_label"], " · ", a["size_label"], color=rx.color("gray", 11)),
        href=a["href"],
        download=True,
        # el.a is React Router's Link: let the browser fetch the file (a real download).
        reload_document=True,
        class_name="tr-filelink",
        data_testid="health-attachment",
    )


def _visibility_control() -> rx.Component:
    d = S.detail
    return rx.cond(
        S.can_write_health & ~d["annulled"],
        rx.hstack(
            rx.switch(
                id="record-visible",
                checked=d["visible_to_client"],
                on_change=S.toggle_visible,
                size="2",
            ),
            rx.vstack(
                rx.el.label(
                    "Visível ao cliente",
                    html_for="record-visible",
                    style={"fontSize": "14px", "fontWeight": 500},
                ),
                rx.text(
                    "Aparece em “Meus registros de saúde” na área do cliente, enquanto houver "
                    "o consentimento.",
                    size="1",
                    color=rx.color("gray", 11),
                ),
                spacing="0",
            ),
            spacing="3",
            align="start",
        ),
    )


def _detail_view() -> rx.Component:
    d = S.detail
    actions = rx.flex(
        rx.button(
            rx.icon("history", size=16),
            "Versões",
            on_click=S.show_versions,
            variant="soft",
            color_scheme="gray",
            size="3",
        ),
        rx.cond(
            S.can_write_health & ~d["annulled"],
            rx.fragment(
                rx.button(
                    rx.icon("pencil", size=16),
                    "Editar",
                    on_click=S.open_edit,
                    disabled=~S.can_create,
                    variant="soft",
                    size="3",
                ),
                rx.button(
                    rx.icon("ban", size=16),
                    "Anular",
                    on_click=S.ask_annul,
                    color_scheme="red",
                    variant="soft",
                    size="3",
                ),
            ),
        ),
        spacing="2",
        wrap="wrap",
        justify="end",
        width="100%",
    )
    return rx.cond(
        S.dialog_loading,
        loading_block("Abrindo registro…"),
        rx.vstack(
            rx.text(
                d["date_label"], " · por ", d["author_name"], size="2", color=rx.color("gray", 11)
            ),
            record_badges(d),
            rx.cond(
                d["annulled"],
                rx.callout(
                    rx.vstack(
                        rx.text(d["annulled_label"], weight="medium"),
                        rx.text("Motivo: ", d["annul_reason"]),
                        spacing="1",
                    ),
                    icon="ban",
                    color_scheme="red",
                    width="100%",
                    data_testid="health-annulled",
                ),
            ),
            rx.box(
                rx.cond(
                    d["body"] != "",
                    rx.text(d["body"], size="2", white_space="pre-wrap", overflow_wrap="anywhere"),
                    rx.text("Sem texto.", size="2", color=rx.color("gray", 11)),
                ),
                width="100%",
                padding="0.75em",
                border_radius="8px",
                background=rx.color("gray", 2),
                data_testid="health-body",
            ),
            rx.cond(
                S.attachments.length() > 0,
                rx.vstack(
                    rx.text("Anexos", size="2", weight="medium"),
                    rx.foreach(S.attachments, _attachment),
                    spacing="1",
                    width="100%",
                ),
            ),
            _visibility_control(),
            rx.text(
                "Versão ",
                d["version"],
                " · atualizado em ",
                d["updated_label"],
                size="1",
                color=rx.color("gray", 11),
            ),
            rx.cond(
                S.can_write_health & ~S.can_create & ~d["annulled"],
                rx.text(NO_CONSENT, size="1", color=rx.color("gray", 11)),
            ),
            actions,
            spacing="3",
            width="100%",
        ),
    )


def _version(v: Any) -> rx.Component:
    return rx.vstack(
        rx.hstack(
            rx.text("Versão ", v["version"], size="2", weight="bold"),
            rx.badge(
                v["change_label"],
                color_scheme=rx.match(
                    v["change_label"], ("Anulado", "red"), ("Criado", "grass"), "blue"
                ),
                variant="soft",
            ),
            spacing="2",
            align="center",
            wrap="wrap",
        ),
        rx.text(v["at_label"], " · ", v["actor_name"], size="1", color=rx.color("gray", 11)),
        rx.text(v["changes"], size="2"),
        rx.cond(v["note"] != "", rx.text("Motivo: ", v["note"], size="2")),
        rx.cond(v["files_label"] != "", rx.text(v["files_label"], size="2")),
        rx.el.details(
            rx.el.summary("Ver o conteúdo desta versão", class_name="tr-summary"),
            rx.vstack(
                rx.text(
                    v["kind_label"], " · ", v["date_label"], " · ", v["visible_label"], size="1"
                ),
                rx.text(v["title"], size="2", weight="medium"),
                rx.text(v["body"], size="2", white_space="pre-wrap", overflow_wrap="anywhere"),
                spacing="1",
                padding_top="0.5em",
            ),
            style={"width": "100%"},
        ),
        spacing="1",
        width="100%",
        padding_y="0.6em",
        border_bottom=f"1px solid {rx.color('gray', 4)}",
        data_testid="health-version",
    )


def _versions_view() -> rx.Component:
    return rx.vstack(
        rx.cond(
            S.dialog_loading,
            loading_block("Carregando versões…"),
            rx.vstack(rx.foreach(S.versions, _version), spacing="0", width="100%"),
        ),
        rx.flex(
            rx.button(
                rx.icon("arrow-left", size=16),
                "Voltar ao registro",
                on_click=S.back_to_detail,
                variant="soft",
                color_scheme="gray",
                size="3",
            ),
            justify="end",
            width="100%",
        ),
        spacing="3",
        width="100%",
    )


def _dialog_title() -> rx.Component:
    return rx.match(
        S.view,
        ("form", rx.cond(S.editing, "Editar registro", "Novo registro")),
        ("versions", "Versões do registro"),
        rx.cond(S.detail["id"] != 0, S.detail["title"], "Registro de saúde"),
    )


def record_dialog() -> rx.Component:
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title(_dialog_title(), padding_right="2em", overflow_wrap="anywhere"),
            rx.dialog.description(
                rx.match(
                    S.view,
                    (
                        "form",
                        rx.cond(
                            S.editing,
                            "Salvar cria uma nova versão; as anteriores continuam guardadas.",
                            "Dado de saúde, guardado cifrado. Só aparece ao cliente se "
                            "marcado como visível.",
                        ),
                    ),
                    ("versions", S.detail["title"]),
                    "Prontuário",
                ),
                size="2",
                color=rx.color("gray", 11),
                margin_bottom="1em",
            ),
            rx.match(
                S.view,
                ("form", form_view()),
                ("versions", _versions_view()),
                _detail_view(),
            ),
            rx.dialog.close(
                rx.icon_button(
                    rx.icon("x", size=18),
                    variant="ghost",
                    color_scheme="gray",
                    aria_label="Fechar",
                    position="absolute",
                    top="12px",
                    right="12px",
                )
            ),
            max_width="600px",
            width="calc(100vw - 24px)",
            position="relative",
            data_testid="health-dialog",
        ),
        open=S.dialog_open,
        on_open_change=S.set_dialog_open,
    )


def annul_dialog() -> rx.Component:
    return rx.alert_dialog.root(
        rx.alert_dialog.content(
            rx.alert_dialog.title("Anular registro"),
            rx.alert_dialog.description(
                "“",
                S.detail["title"],
                "” continua no prontuário, marcado como anulado e com o motivo; a equipe "
                "segue lendo esta e as versões anteriores, e o cliente deixa de vê-lo. "
                "Não é possível desfazer.",
                size="2",
            ),
            rx.vstack(
                field(
                    "Motivo da anulação (obrigatório)",
                    rx.text_area(
                        id="annul-reason",
                        value=S.annul_reason,
                        on_change=S.set_annul_reason,
                        rows="3",
                        width="100%",
                        max_length=500,
                    ),
                    S.annul_error,
                    html_for="annul-reason",
                ),
                rx.flex(
                    rx.alert_dialog.cancel(
                        rx.button(
                            "Voltar", variant="soft", color_scheme="gray", size="3", type="button"
                        )
                    ),
                    rx.button(
                        "Anular registro",
                        color_scheme="red",
                        size="3",
                        on_click=S.confirm_annul,
                        loading=S.saving,
                        disabled=S.saving,
                    ),
                    spacing="3",
                    justify="end",
                    width="100%",
                    wrap="wrap",
                ),
                spacing="3",
                margin_top="1em",
                width="100%",
            ),
            max_width="460px",
            width="calc(100vw - 24px)",
        ),
        open=S.annul_open,
        on_open_change=S.set_annul_open,
    )

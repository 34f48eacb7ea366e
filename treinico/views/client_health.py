"""The client page's "Prontuário" tab and its dialogs: the record list, the record dialog
(read, versions, new/edit form with attachments) and the annul confirmation."""

from __future__ import annotations

from typing import Any

import reflex as rx

from treinico.components.ui import empty_state, field, loading_block
from treinico.services.health_files import MAX_BYTES
from treinico.state.dashboard.client_health import KIND_OPTIONS, UPLOAD_ID, ClientHealthState

S = ClientHealthState
ACCEPT = {"application/pdf": [".pdf"], "image/jpeg": [".jpg", ".jpeg"], "image/png": [".png"]}
NO_CONSENT = (
    "Sem o consentimento do cliente para dados de saúde, não é possível criar ou editar registros."
)


def _error(name: str) -> Any:
    return S.errors.get(name, "")


def record_badges(row: Any) -> rx.Component:
    return rx.flex(
        rx.badge(row["kind_label"], color_scheme="blue", variant="soft"),
        rx.cond(
            row["annulled"] == "1",
            rx.badge("Anulado", color_scheme="red", variant="solid"),
        ),
        rx.cond(
            row["visible_to_client"] == "1",
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


def _record_row(row: Any) -> rx.Component:
    return rx.el.button(
        rx.vstack(
            rx.text(
                row["date_label"], " · ", row["author_name"], size="2", color=rx.color("gray", 11)
            ),
            rx.text(
                row["title"],
                size="3",
                weight="medium",
                text_decoration=rx.cond(row["annulled"] == "1", "line-through", "none"),
                overflow_wrap="anywhere",
            ),
            record_badges(row),
            spacing="1",
            align="start",
            flex="1",
            min_width="0",
        ),
        rx.icon("chevron-right", size=18, color=rx.color("gray", 10), flex_shrink="0"),
        type="button",
        on_click=S.open_record(row["id"]),
        aria_label="Abrir registro: " + row["title"],
        class_name="tr-rowbtn",
        data_testid="health-record",
    )


def _new_button() -> rx.Component:
    """Only for health.write; without the client's consent it stays disabled and points at
    the banner that says why."""
    return rx.cond(
        S.can_write_health,
        rx.button(
            rx.icon("plus", size=16),
            "Novo registro",
            on_click=S.open_new,
            disabled=~S.can_create,
            size="2",
            aria_describedby=rx.cond(S.can_create, "", "health-banner"),
            title=rx.cond(S.can_create, "", NO_CONSENT),
        ),
    )


def client_health_tab() -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.flex(
                rx.vstack(
                    rx.heading("Prontuário", size="3"),
                    rx.text(
                        "Dados de saúde: cada abertura fica no registro de acessos.",
                        size="1",
                        color=rx.color("gray", 11),
                    ),
                    spacing="1",
                ),
                _new_button(),
                justify="between",
                align="start",
                width="100%",
                spacing="2",
                wrap="wrap",
            ),
            rx.cond(
                S.banner != "",
                rx.callout(
                    S.banner,
                    icon="triangle-alert",
                    color_scheme=rx.cond(S.consent == "revogado", "red", "amber"),
                    width="100%",
                    role="status",
                    id="health-banner",
                    data_testid="health-banner",
                ),
            ),
            rx.cond(
                S.loading,
                loading_block("Carregando prontuário…"),
                rx.cond(
                    S.records.length() == 0,
                    empty_state(
                        "clipboard-plus",
                        "Nenhum registro de saúde",
                        "Anamnese, evoluções, avaliações, exames e restrições do cliente "
                        "aparecem aqui.",
                    ),
                    rx.vstack(rx.foreach(S.records, _record_row), spacing="2", width="100%"),
                ),
            ),
            spacing="3",
            width="100%",
        ),
        width="100%",
        data_testid="client-health",
    )


# ---------------------------------------------------------------- the record dialog


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
        S.can_write_health & (d["annulled"] != "1"),
        rx.hstack(
            rx.switch(
                id="record-visible",
                checked=d["visible_to_client"] == "1",
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
            S.can_write_health & (d["annulled"] != "1"),
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
                d["annulled"] == "1",
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
                S.can_write_health & ~S.can_create & (d["annulled"] != "1"),
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


def _form_view() -> rx.Component:
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


def _dialog_title() -> rx.Component:
    return rx.match(
        S.view,
        ("form", rx.cond(S.editing, "Editar registro", "Novo registro")),
        ("versions", "Versões do registro"),
        rx.cond(S.detail.contains("title"), S.detail["title"], "Registro de saúde"),
    )


def _record_dialog() -> rx.Component:
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
                ("form", _form_view()),
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


def _annul_dialog() -> rx.Component:
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


def client_health_dialogs() -> rx.Component:
    return rx.fragment(_record_dialog(), _annul_dialog())

"""The "Evolução" card of the client page: a chart, a table and the path per metric, the
assessments list, the assessment dialog and the removal confirmation."""

from __future__ import annotations

from typing import Any

import reflex as rx

from treinico.components.ui import confirm_dialog, empty_state, field, loading_block
from treinico.state.dashboard.client_progress import ClientProgressState
from treinico.state.session import SessionState

S = ClientProgressState


def _point_row(p: Any) -> rx.Component:
    return rx.table.row(rx.table.cell(p["day"]), rx.table.cell(p["value_label"]))


def _series(item: Any, index: Any) -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.cond(
                item["count"] != 0,
                rx.box(
                    rx.plotly.basic(
                        data=S.figures[index],
                        config={"displayModeBar": False, "responsive": True},
                        width="100%",
                        height="260px",
                    ),
                    width="100%",
                    min_width="0",
                    aria_hidden="true",
                ),
                rx.heading(item["name"], " (", item["unit"], ")", size="3"),
            ),
            rx.text(
                item["path"],
                size="2",
                weight="medium",
                color=rx.cond(
                    item["improved"],
                    rx.color("grass", 11),
                    rx.cond(item["worsened"], rx.color("red", 11), rx.color("gray", 12)),
                ),
                data_testid="metric-path",
            ),
            rx.cond(
                item["count"] != 0,
                rx.table.root(
                    rx.table.header(
                        rx.table.row(
                            rx.table.column_header_cell("Data"),
                            rx.table.column_header_cell("Valor"),
                        )
                    ),
                    rx.table.body(rx.foreach(S.series_points[index], _point_row)),
                    size="1",
                    variant="surface",
                    width="100%",
                    aria_label="Medições — " + item["name"],
                ),
            ),
            spacing="2",
            width="100%",
            min_width="0",
        ),
        width="100%",
        min_width="0",
        data_testid="metric-series",
    )


def _assessment_row(a: Any) -> rx.Component:
    return rx.hstack(
        rx.vstack(
            rx.text(a["day"], size="2", weight="medium"),
            rx.text(a["summary"], size="2", color=rx.color("gray", 11)),
            spacing="0",
            min_width="0",
            flex="1",
        ),
        rx.cond(
            SessionState.can_write_clients,
            rx.hstack(
                rx.icon_button(
                    rx.icon("pencil", size=16),
                    variant="soft",
                    size="2",
                    on_click=S.open_edit(a["id"]),
                    aria_label="Editar avaliação de " + a["day"],
                ),
                rx.icon_button(
                    rx.icon("trash-2", size=16),
                    variant="soft",
                    color_scheme="red",
                    size="2",
                    on_click=S.ask_remove(a["id"]),
                    aria_label="Remover avaliação de " + a["day"],
                ),
                spacing="2",
            ),
        ),
        align="center",
        spacing="2",
        width="100%",
        padding_y="0.5em",
        border_bottom=f"1px solid {rx.color('gray', 4)}",
        data_testid="assessment-row",
    )


def _metric_field(f: Any) -> rx.Component:
    input_id = "assessment-" + f["name_attr"]
    return rx.vstack(
        rx.el.label(
            f["name"],
            " (",
            f["unit"],
            ")",
            html_for=input_id,
            style={"fontSize": "14px", "fontWeight": 500},
        ),
        rx.input(
            id=input_id,
            name=f["name_attr"],
            default_value=f["value"],
            input_mode="decimal",
            placeholder="ex.: 82,5",
            size="3",
            width="100%",
            aria_invalid=rx.cond(f["error"] != "", "true", "false"),
        ),
        rx.cond(
            f["error"] != "",
            rx.text(f["error"], size="2", color=rx.color("red", 11), role="alert"),
            rx.text(
                "De ",
                f["range_label"],
                ". Deixe vazio se não mediu.",
                size="1",
                color=rx.color("gray", 11),
            ),
        ),
        spacing="1",
        width="100%",
        align="stretch",
        data_testid="assessment-field",
    )


def _form_dialog() -> rx.Component:
    form = rx.form(
        rx.vstack(
            field(
                "Data",
                rx.input(
                    type="date",
                    name="taken_on",
                    id="assessment-date",
                    default_value=S.form_date,
                    size="3",
                    width="100%",
                ),
                S.errors.get("taken_on", ""),
                html_for="assessment-date",
            ),
            rx.foreach(S.form_fields, _metric_field),
            rx.cond(
                S.errors.get("values", "") != "",
                rx.text(
                    S.errors.get("values", ""), size="2", color=rx.color("red", 11), role="alert"
                ),
            ),
            rx.flex(
                rx.dialog.close(
                    rx.button(
                        "Cancelar", variant="soft", color_scheme="gray", size="3", type="button"
                    )
                ),
                rx.button(
                    "Salvar avaliação", type="submit", loading=S.saving, disabled=S.saving, size="3"
                ),
                justify="end",
                spacing="3",
                width="100%",
                wrap="wrap",
            ),
            spacing="4",
            width="100%",
        ),
        on_submit=S.save,
        key=S.form_key,
        width="100%",
    )
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title(rx.cond(S.editing, "Editar avaliação", "Nova avaliação")),
            rx.dialog.description(
                "Use vírgula para decimais (82,5).",
                size="2",
                color=rx.color("gray", 11),
                margin_bottom="1em",
            ),
            form,
            max_width="480px",
            width="calc(100vw - 24px)",
        ),
        open=S.form_open,
        on_open_change=S.set_form_open,
    )


def client_progress_section() -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.flex(
                rx.heading("Evolução", size="3"),
                rx.hstack(
                    rx.button(
                        rx.icon("download", size=16),
                        "Exportar CSV",
                        on_click=S.download_csv,
                        variant="soft",
                        size="2",
                        disabled=S.assessments.length() == 0,
                    ),
                    rx.cond(
                        SessionState.can_write_clients,
                        rx.button(
                            rx.icon("plus", size=16),
                            "Nova avaliação",
                            on_click=S.open_new,
                            size="2",
                        ),
                    ),
                    spacing="2",
                    wrap="wrap",
                ),
                justify="between",
                align="center",
                width="100%",
                spacing="2",
                wrap="wrap",
            ),
            rx.cond(
                S.loading,
                loading_block("Carregando evolução…"),
                rx.cond(
                    S.assessments.length() == 0,
                    empty_state(
                        "chart-line",
                        "Nenhuma avaliação ainda",
                        "Registre peso, % de gordura e medidas para acompanhar a evolução.",
                    ),
                    rx.vstack(
                        rx.grid(
                            rx.foreach(S.series, _series),
                            columns=rx.breakpoints(initial="1", md="2"),
                            spacing="3",
                            width="100%",
                        ),
                        rx.heading("Avaliações", size="3", margin_top="0.5em"),
                        rx.vstack(
                            rx.foreach(S.assessments, _assessment_row), spacing="0", width="100%"
                        ),
                        spacing="3",
                        width="100%",
                    ),
                ),
            ),
            spacing="3",
            width="100%",
        ),
        width="100%",
        data_testid="client-progress",
    )


def client_progress_dialogs() -> rx.Component:
    return rx.fragment(
        _form_dialog(),
        confirm_dialog(
            open=S.confirm_open,
            on_open_change=S.set_confirm_open,
            title="Remover avaliação",
            body="A avaliação de "
            + S.confirm_subject
            + " sai dos gráficos, das tabelas e da área do cliente.",
            confirm_label="Remover",
            on_confirm=S.confirm_remove,
        ),
    )

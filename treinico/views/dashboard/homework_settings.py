"""Settings › "Tarefas e medidas": task templates and the metric catalogue, with their
dialogs and the archive confirmation."""

from __future__ import annotations

from typing import Any

import reflex as rx

from treinico.components.ui import confirm_dialog, field
from treinico.state.dashboard.homework_settings import HomeworkSettingsState

S = HomeworkSettingsState


def _error(name: str) -> Any:
    return S.errors.get(name, "")


def _row(
    title: Any, detail: Any, on_edit: Any, on_archive: Any, what: Any, testid: str
) -> rx.Component:
    return rx.hstack(
        rx.vstack(
            rx.text(title, size="2", weight="medium"),
            rx.text(detail, size="1", color=rx.color("gray", 11), overflow_wrap="anywhere"),
            spacing="0",
            min_width="0",
            flex="1",
        ),
        rx.hstack(
            rx.icon_button(
                rx.icon("pencil", size=16),
                variant="soft",
                size="2",
                on_click=on_edit,
                aria_label="Editar " + what,
            ),
            rx.icon_button(
                rx.icon("archive", size=16),
                variant="soft",
                color_scheme="red",
                size="2",
                on_click=on_archive,
                aria_label="Arquivar " + what,
            ),
            spacing="2",
        ),
        align="center",
        spacing="2",
        width="100%",
        padding_y="0.5em",
        border_bottom=f"1px solid {rx.color('gray', 4)}",
        data_testid=testid,
    )


def _template_row(t: Any) -> rx.Component:
    return _row(
        t["title"],
        rx.cond(t["instructions"] != "", t["instructions"], "Sem instruções"),
        S.open_template(t["id"]),
        S.ask_archive("template", t["id"]),
        t["title"],
        "template-row",
    )


def _metric_row(m: Any) -> rx.Component:
    decimals = rx.match(
        m["decimals"],
        (0, "sem decimais"),
        (1, "1 casa decimal"),
        m["decimals"].to_string() + " casas decimais",
    )
    better = rx.cond(m["lower_is_better"], "menor é melhor", "maior é melhor")
    detail = rx.text.span(m["unit"], " · ", decimals, " · ", m["range_label"], " · ", better)
    return _row(
        m["name"],
        detail,
        S.open_metric(m["id"]),
        S.ask_archive("metric", m["id"]),
        m["name"],
        "metric-row",
    )


def _buttons(label: str) -> rx.Component:
    return rx.flex(
        rx.dialog.close(
            rx.button("Cancelar", variant="soft", color_scheme="gray", size="3", type="button")
        ),
        rx.button(label, type="submit", loading=S.saving, disabled=S.saving, size="3"),
        justify="end",
        spacing="3",
        width="100%",
        wrap="wrap",
    )


def _template_dialog() -> rx.Component:
    v = S.template_values
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title(rx.cond(S.template_editing, "Editar modelo", "Novo modelo de tarefa")),
            rx.dialog.description(
                "Modelos aceleram a atribuição: escolha um e clique em Atribuir.",
                size="2",
                color=rx.color("gray", 11),
                margin_bottom="1em",
            ),
            rx.form(
                rx.vstack(
                    field(
                        "Título",
                        rx.input(
                            name="title",
                            id="template-title",
                            default_value=v.get("title", ""),
                            size="3",
                            width="100%",
                            max_length=120,
                        ),
                        _error("title"),
                        html_for="template-title",
                    ),
                    field(
                        "Instruções",
                        rx.text_area(
                            name="instructions",
                            id="template-instructions",
                            default_value=v.get("instructions", ""),
                            rows="5",
                            width="100%",
                        ),
                        _error("instructions"),
                        html_for="template-instructions",
                    ),
                    _buttons("Salvar modelo"),
                    spacing="4",
                    width="100%",
                ),
                on_submit=S.save_template,
                key=S.form_key,
                width="100%",
            ),
            max_width="520px",
            width="calc(100vw - 24px)",
        ),
        open=S.template_open,
        on_open_change=S.set_template_open,
    )


def _metric_dialog() -> rx.Component:
    v = S.metric_values
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title(rx.cond(S.metric_editing, "Editar medida", "Nova medida")),
            rx.dialog.description(
                "Valores fora da faixa plausível são recusados na avaliação.",
                size="2",
                color=rx.color("gray", 11),
                margin_bottom="1em",
            ),
            rx.form(
                rx.vstack(
                    field(
                        "Nome",
                        rx.input(
                            name="name",
                            id="metric-name",
                            default_value=v.get("name", ""),
                            size="3",
                            width="100%",
                            max_length=60,
                        ),
                        _error("name"),
                        html_for="metric-name",
                    ),
                    rx.grid(
                        field(
                            "Unidade",
                            rx.input(
                                name="unit",
                                id="metric-unit",
                                default_value=v.get("unit", ""),
                                placeholder="kg, cm, %",
                                size="3",
                                width="100%",
                                max_length=12,
                            ),
                            _error("unit"),
                            html_for="metric-unit",
                        ),
                        field(
                            "Casas decimais",
                            rx.select.root(
                                rx.select.trigger(width="100%", id="metric-decimals"),
                                rx.select.content(
                                    *[rx.select.item(str(n), value=str(n)) for n in range(4)]
                                ),
                                name="decimals",
                                default_value=v.get("decimals", "1"),
                                size="3",
                            ),
                            _error("decimals"),
                            html_for="metric-decimals",
                        ),
                        field(
                            "Mínimo plausível",
                            rx.input(
                                name="min",
                                id="metric-min",
                                default_value=v.get("min_value", ""),
                                input_mode="decimal",
                                size="3",
                                width="100%",
                            ),
                            _error("min"),
                            html_for="metric-min",
                        ),
                        field(
                            "Máximo plausível",
                            rx.input(
                                name="max",
                                id="metric-max",
                                default_value=v.get("max_value", ""),
                                input_mode="decimal",
                                size="3",
                                width="100%",
                            ),
                            _error("max"),
                            html_for="metric-max",
                        ),
                        columns="2",
                        spacing="3",
                        width="100%",
                    ),
                    field(
                        "Melhora quando",
                        rx.select.root(
                            rx.select.trigger(width="100%", id="metric-better"),
                            rx.select.content(
                                rx.select.item("menor é melhor (peso, gordura)", value="menor"),
                                rx.select.item(
                                    "maior é melhor (massa magra, carga)", value="maior"
                                ),
                            ),
                            name="better",
                            default_value=rx.cond(
                                v.get("lower_is_better", "1") == "1", "menor", "maior"
                            ),
                            size="3",
                        ),
                        html_for="metric-better",
                    ),
                    _buttons("Salvar medida"),
                    spacing="4",
                    width="100%",
                ),
                on_submit=S.save_metric,
                key=S.form_key,
                width="100%",
            ),
            max_width="520px",
            width="calc(100vw - 24px)",
        ),
        open=S.metric_open,
        on_open_change=S.set_metric_open,
    )


def _card(
    title: str, help_text: str, add: rx.Component, body: rx.Component, testid: str
) -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.flex(
                rx.vstack(
                    rx.heading(title, size="3"),
                    rx.text(help_text, size="2", color=rx.color("gray", 11)),
                    spacing="1",
                    min_width="0",
                ),
                add,
                justify="between",
                align="center",
                spacing="3",
                wrap="wrap",
                width="100%",
            ),
            body,
            spacing="3",
            width="100%",
        ),
        width="100%",
        data_testid=testid,
    )


def homework_settings_section() -> rx.Component:
    templates = rx.cond(
        S.templates.length() == 0,
        rx.text("Nenhum modelo ainda.", size="2", color=rx.color("gray", 11)),
        rx.vstack(rx.foreach(S.templates, _template_row), spacing="0", width="100%"),
    )
    metrics = rx.cond(
        S.metrics.length() == 0,
        rx.text("Nenhuma medida ativa.", size="2", color=rx.color("gray", 11)),
        rx.vstack(rx.foreach(S.metrics, _metric_row), spacing="0", width="100%"),
    )
    return rx.vstack(
        rx.heading("Tarefas e medidas", size="4", margin_top="1em"),
        rx.grid(
            _card(
                "Modelos de tarefa",
                "Tarefas que você atribui com frequência.",
                rx.button(
                    rx.icon("plus", size=16), "Novo modelo", on_click=S.open_template(""), size="2"
                ),
                templates,
                "settings-templates",
            ),
            _card(
                "Medidas da avaliação",
                "O que a equipe mede nas avaliações (com unidade e faixa plausível).",
                rx.button(
                    rx.icon("plus", size=16), "Nova medida", on_click=S.open_metric(""), size="2"
                ),
                metrics,
                "settings-metrics",
            ),
            columns=rx.breakpoints(initial="1", md="2"),
            spacing="3",
            width="100%",
        ),
        _template_dialog(),
        _metric_dialog(),
        confirm_dialog(
            open=S.confirm_open,
            on_open_change=S.set_confirm_open,
            title="Arquivar",
            body="“"
            + S.confirm_subject
            + "” deixa de aparecer para novas tarefas e avaliações. O que já foi registrado "
            "continua guardado.",
            confirm_label="Arquivar",
            on_confirm=S.confirm_archive,
        ),
        spacing="3",
        width="100%",
    )

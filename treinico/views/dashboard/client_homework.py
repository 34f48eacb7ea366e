"""The "Tarefas" card of the client page and its dialogs (new/edit, history, archive)."""

from __future__ import annotations

from typing import Any

import reflex as rx

from treinico.components.ui import confirm_dialog, empty_state, field, loading_block
from treinico.state.dashboard.client_homework import ClientHomeworkState
from treinico.state.session import SessionState

S = ClientHomeworkState
STATUSES = (("pendente", "Pendente"), ("em_andamento", "Em andamento"), ("concluido", "Concluído"))


def status_badge(status: Any, label: Any) -> rx.Component:
    return rx.badge(
        label,
        color_scheme=rx.match(status, ("concluido", "grass"), ("em_andamento", "blue"), "amber"),
        variant="soft",
    )


def task_badges(task: Any) -> rx.Component:
    return rx.flex(
        status_badge(task["status"], task["status_label"]),
        rx.cond(task["overdue"], rx.badge("Atrasada", color_scheme="red", variant="solid")),
        rx.cond(
            task["due_label"] != "",
            rx.text(task["due_label"], size="2", color=rx.color("gray", 11)),
        ),
        spacing="2",
        align="center",
        wrap="wrap",
    )


def _segment(seg: Any) -> rx.Component:
    return rx.cond(
        seg["href"] != "",
        rx.link(
            seg["text"],
            href=seg["href"],
            is_external=True,
            word_break="break-all",
            underline="always",
        ),
        rx.text.span(seg["text"]),
    )


def _menu(task: Any) -> rx.Component:
    return rx.menu.root(
        rx.menu.trigger(
            rx.icon_button(
                rx.icon("ellipsis", size=18),
                variant="ghost",
                color_scheme="gray",
                size="3",
                aria_label="Ações da tarefa — " + task["title"],
            )
        ),
        rx.menu.content(
            rx.cond(
                SessionState.can_write_clients,
                rx.fragment(
                    rx.menu.item(
                        rx.icon("pencil", size=14), "Editar", on_select=S.open_edit(task["id"])
                    ),
                    *[
                        rx.cond(
                            task["status"] != value,
                            rx.menu.item(
                                rx.icon("arrow-right-left", size=14),
                                "Marcar como " + label,
                                on_select=S.set_status(task["id"], value),
                            ),
                        )
                        for value, label in STATUSES
                    ],
                ),
            ),
            rx.menu.item(
                rx.icon("history", size=14), "Ver histórico", on_select=S.show_history(task["id"])
            ),
            rx.cond(
                SessionState.can_write_clients,
                rx.fragment(
                    rx.menu.separator(),
                    rx.menu.item(
                        rx.icon("archive", size=14),
                        "Arquivar",
                        color_scheme="red",
                        on_select=S.ask_archive(task["id"]),
                    ),
                ),
            ),
            align="end",
        ),
    )


def _task_row(task: Any, index: Any) -> rx.Component:
    return rx.hstack(
        rx.vstack(
            rx.text(task["title"], size="3", weight="medium"),
            task_badges(task),
            rx.cond(
                task["instructions"] != "",
                rx.text(
                    rx.foreach(S.task_parts[index], _segment),
                    size="2",
                    white_space="pre-wrap",
                    overflow_wrap="anywhere",
                    color=rx.color("gray", 12),
                ),
            ),
            rx.cond(
                task["last_change"] != "",
                rx.text(task["last_change"], size="1", color=rx.color("gray", 11)),
            ),
            spacing="1",
            min_width="0",
            flex="1",
        ),
        _menu(task),
        align="start",
        spacing="2",
        width="100%",
        padding_y="0.6em",
        border_bottom=f"1px solid {rx.color('gray', 4)}",
        data_testid="client-task",
    )


def _error(name: str) -> Any:
    return S.errors.get(name, "")


def _form_dialog() -> rx.Component:
    template_field = rx.cond(
        ~S.editing,
        field(
            "Modelo",
            rx.select.root(
                rx.select.trigger(
                    placeholder="Escolha um modelo (opcional)", width="100%", id="task-template"
                ),
                rx.select.content(
                    rx.foreach(
                        S.templates, lambda t: rx.select.item(t["title"], value=t["id"].to_string())
                    )
                ),
                value=S.form_template,
                on_change=S.pick_template,
                size="3",
            ),
            _error("template"),
            hint="O modelo preenche o título e as instruções; você pode ajustar.",
            html_for="task-template",
        ),
    )
    body = rx.vstack(
        template_field,
        field(
            "Título",
            rx.input(
                id="task-title",
                value=S.form_title,
                on_change=S.set_form_title,
                size="3",
                width="100%",
                max_length=120,
            ),
            _error("title"),
            html_for="task-title",
        ),
        field(
            "Instruções",
            rx.text_area(
                id="task-instructions",
                value=S.form_instructions,
                on_change=S.set_form_instructions,
                rows="5",
                width="100%",
            ),
            _error("instructions"),
            hint="Links (https://…) viram links para o cliente.",
            html_for="task-instructions",
        ),
        field(
            "Prazo (opcional)",
            rx.input(
                type="date",
                id="task-due",
                value=S.form_due,
                on_change=S.set_form_due,
                size="3",
                width="100%",
            ),
            _error("due_on"),
            html_for="task-due",
        ),
        rx.flex(
            rx.dialog.close(
                rx.button("Cancelar", variant="soft", color_scheme="gray", size="3", type="button")
            ),
            rx.button(
                rx.cond(S.editing, "Salvar", "Atribuir"),
                on_click=S.save,
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
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title(rx.cond(S.editing, "Editar tarefa", "Nova tarefa")),
            rx.dialog.description(
                "A tarefa aparece na área do cliente.",
                size="2",
                color=rx.color("gray", 11),
                margin_bottom="1em",
            ),
            body,
            max_width="520px",
            width="calc(100vw - 24px)",
        ),
        open=S.form_open,
        on_open_change=S.set_form_open,
    )


def _history_item(item: Any) -> rx.Component:
    return rx.vstack(
        rx.text(item["label"], size="2", weight="medium"),
        rx.text(
            item["at"],
            " · ",
            item["actor_name"],
            " · ",
            item["channel"],
            size="1",
            color=rx.color("gray", 11),
        ),
        spacing="1",
        width="100%",
        padding_y="0.5em",
        border_bottom=f"1px solid {rx.color('gray', 4)}",
        data_testid="task-history-item",
    )


def _history_dialog() -> rx.Component:
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title("Histórico da tarefa"),
            rx.dialog.description(S.history_title, size="2", color=rx.color("gray", 11)),
            rx.cond(
                S.history.length() == 0,
                loading_block("Carregando histórico…"),
                rx.vstack(rx.foreach(S.history, _history_item), spacing="0", width="100%"),
            ),
            rx.flex(
                rx.dialog.close(rx.button("Fechar", variant="soft", size="3")),
                justify="end",
                margin_top="1em",
            ),
            max_width="480px",
            width="calc(100vw - 24px)",
        ),
        open=S.history_open,
        on_open_change=S.set_history_open,
    )


def client_tasks_card() -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.flex(
                rx.heading("Tarefas", size="3"),
                rx.cond(
                    SessionState.can_write_clients,
                    rx.button(
                        rx.icon("plus", size=16), "Nova tarefa", on_click=S.open_new, size="2"
                    ),
                ),
                justify="between",
                align="center",
                width="100%",
                spacing="2",
            ),
            rx.cond(
                S.loading,
                loading_block("Carregando tarefas…"),
                rx.cond(
                    S.tasks.length() == 0,
                    empty_state(
                        "list-checks",
                        "Nenhuma tarefa",
                        "Atribua exercícios, alongamentos ou metas para o cliente fazer em casa.",
                    ),
                    rx.vstack(rx.foreach(S.tasks, _task_row), spacing="0", width="100%"),
                ),
            ),
            spacing="3",
            width="100%",
        ),
        width="100%",
        data_testid="client-tasks",
    )


def client_tasks_dialogs() -> rx.Component:
    return rx.fragment(
        _form_dialog(),
        _history_dialog(),
        confirm_dialog(
            open=S.confirm_open,
            on_open_change=S.set_confirm_open,
            title="Arquivar tarefa",
            body="“"
            + S.confirm_subject
            + "” sai da lista do painel e da área do cliente. O histórico continua guardado.",
            confirm_label="Arquivar",
            on_confirm=S.confirm_archive,
        ),
    )

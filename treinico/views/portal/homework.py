"""Portal sections bound to the homework state: a task card with its one-tap moves, the
groups by status, the "Desfazer" bar, and the home's summary."""

from __future__ import annotations

from typing import Any

import reflex as rx

from treinico.components.ui import PREFETCH, loading_block
from treinico.state.portal.homework import PortalHomeworkState as T

TAP = "44px"
PENDING, IN_PROGRESS, DONE = "pendente", "em_andamento", "concluido"


def _muted(text: Any, **props: Any) -> rx.Component:
    return rx.text(text, **{"size": "2", "color": rx.color("gray", 11), **props})


def due_badges(row: Any) -> rx.Component:
    return rx.hstack(
        rx.cond(
            row["overdue"],
            rx.badge("Atrasada", color_scheme="red", variant="soft", size="2"),
        ),
        rx.cond(
            row["due_label"] != "",
            rx.badge(row["due_label"], color_scheme="gray", variant="soft", size="2"),
        ),
        spacing="2",
        wrap="wrap",
    )


def _part(part: Any) -> rx.Component:
    return rx.cond(
        part["href"] != "",
        rx.link(
            part["text"],
            href=part["href"],
            is_external=True,
            rel="noopener noreferrer",
            word_break="break-all",
            # A link inside running text is told apart by more than its colour.
            underline="always",
        ),
        rx.text.span(part["text"]),
    )


def _instructions(row: Any) -> rx.Component:
    return rx.cond(
        row["instructions"] != "",
        rx.text(
            rx.foreach(T.parts[row["id"].to_string()], _part),
            size="3",
            white_space="pre-wrap",
            overflow_wrap="anywhere",
            data_testid="task-instructions",
        ),
    )


def _move(label: str, icon: str, row: Any, status: str, **props: Any) -> rx.Component:
    return rx.button(
        rx.icon(icon, size=18),
        label,
        size="3",
        min_height=TAP,
        flex="1",
        width="100%",
        aria_label=label + ": " + row["title"],
        on_click=T.move(row["id"], status),
        **props,
    )


def _actions(row: Any) -> rx.Component:
    return rx.flex(
        rx.match(
            row["status"],
            (
                PENDING,
                rx.fragment(
                    _move("Começar", "play", row, IN_PROGRESS, variant="soft"),
                    _move("Concluir", "check", row, DONE),
                ),
            ),
            (
                IN_PROGRESS,
                rx.fragment(
                    _move("Concluir", "check", row, DONE),
                    _move(
                        "Voltar para pendente",
                        "undo-2",
                        row,
                        PENDING,
                        variant="soft",
                        color_scheme="gray",
                    ),
                ),
            ),
            _move("Reabrir", "rotate-ccw", row, PENDING, variant="soft", color_scheme="gray"),
        ),
        direction=rx.breakpoints(initial="column", sm="row"),
        spacing="2",
        width="100%",
    )


def task_card(row: Any) -> rx.Component:
    return rx.vstack(
        rx.text(row["title"], size="4", weight="bold", overflow_wrap="anywhere"),
        due_badges(row),
        _instructions(row),
        _actions(row),
        rx.cond(row["last_change"] != "", _muted(row["last_change"], size="1")),
        spacing="2",
        width="100%",
        padding_y="12px",
        border_bottom=f"1px solid {rx.color('gray', 4)}",
        data_testid="portal-task",
    )


def task_group(title: str, icon: str, rows: Any, empty: str, testid: str) -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.hstack(
                rx.icon(icon, size=20, color=rx.color("accent", 10)),
                rx.heading(title, size="4"),
                rx.badge(rows.length(), variant="soft", size="2", color_scheme="gray"),
                spacing="2",
                align="center",
            ),
            rx.cond(
                rows.length() == 0,
                _muted(empty),
                rx.vstack(rx.foreach(rows, task_card), spacing="0", width="100%"),
            ),
            spacing="2",
            width="100%",
        ),
        size="2",
        width="100%",
        data_testid=testid,
    )


def undo_bar() -> rx.Component:
    """What just moved, and "Desfazer" (the toast offers it too, for a few seconds)."""
    return rx.cond(
        T.undo_text != "",
        rx.flex(
            rx.icon("circle-check", size=18, color=rx.color("green", 11)),
            rx.text(T.undo_text, size="2", flex="1", min_width="0", overflow_wrap="anywhere"),
            rx.button(
                rx.icon("undo-2", size=16),
                "Desfazer",
                variant="soft",
                size="3",
                min_height=TAP,
                on_click=T.undo,
            ),
            align="center",
            spacing="3",
            width="100%",
            padding="8px 12px",
            border_radius="12px",
            background=rx.color("gray", 1),
            border=f"1px solid {rx.color('gray', 5)}",
            position="sticky",
            top="64px",
            z_index="5",
            role="status",
            data_testid="undo-bar",
        ),
    )


def _summary_row(row: Any) -> rx.Component:
    return rx.vstack(
        rx.text(row["title"], size="3", weight="medium", overflow_wrap="anywhere"),
        due_badges(row),
        spacing="1",
        width="100%",
        padding_y="6px",
        data_testid="home-task",
    )


def homework_summary() -> rx.Component:
    """The home's "Lições de casa": how many are open and the next two."""
    return rx.cond(
        ~T.loading,
        rx.vstack(
            rx.cond(
                T.open_count == 0,
                _muted("Nenhuma tarefa em aberto."),
                rx.vstack(
                    _muted(
                        rx.cond(
                            T.open_count == 1,
                            "1 tarefa em aberto",
                            T.open_count.to_string() + " tarefas em aberto",
                        ),
                        data_testid="open-count",
                    ),
                    rx.foreach(T.next_rows, _summary_row),
                    spacing="1",
                    width="100%",
                ),
            ),
            rx.link(
                rx.hstack(
                    rx.text("Ver tarefas", size="3", weight="medium"),
                    rx.icon("chevron-right", size=16),
                    align="center",
                ),
                href="/" + T.slug + "/area-do-cliente/tarefas",
                custom_attrs=PREFETCH,
                min_height=TAP,
                display="inline-flex",
                align_items="center",
            ),
            spacing="2",
            width="100%",
        ),
        loading_block(),
    )

"""/painel/tarefas: every open task of the team, by client, overdue first."""

from __future__ import annotations

from typing import Any

import reflex as rx

from treinico import routes
from treinico.components.shell import dashboard_shell
from treinico.components.ui import empty_state, loading_block, page_header
from treinico.state.dashboard.team_homework import TeamHomeworkState
from treinico.views.dashboard.client_homework import task_badges

S = TeamHomeworkState


def _task(task: Any) -> rx.Component:
    return rx.vstack(
        rx.text(task["title"], size="2", weight="medium"),
        task_badges(task),
        rx.cond(
            task["last_change"] != "",
            rx.text(task["last_change"], size="1", color=rx.color("gray", 11)),
        ),
        spacing="1",
        width="100%",
        padding_y="0.5em",
        border_top=f"1px solid {rx.color('gray', 4)}",
        data_testid="team-task",
    )


def _group(group: Any, index: Any) -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.flex(
                rx.link(
                    rx.hstack(
                        rx.icon("user", size=16),
                        rx.text(group["client_name"], size="3", weight="bold"),
                        spacing="2",
                        align="center",
                    ),
                    href=group["href"],
                    underline="hover",
                ),
                rx.hstack(
                    rx.cond(
                        group["overdue"] != 0,
                        rx.badge(group["overdue"], " atrasada(s)", color_scheme="red"),
                    ),
                    rx.badge(group["count"], " em aberto", color_scheme="gray"),
                    spacing="1",
                    wrap="wrap",
                ),
                justify="between",
                align="center",
                wrap="wrap",
                spacing="2",
                width="100%",
            ),
            rx.vstack(rx.foreach(S.group_tasks[index], _task), spacing="0", width="100%"),
            spacing="2",
            width="100%",
        ),
        width="100%",
        data_testid="team-task-group",
    )


def _content() -> rx.Component:
    return rx.vstack(
        page_header(
            "Tarefas",
            subtitle=rx.cond(
                S.total > 0,
                rx.text.span(S.total, " em aberto · ", S.overdue_total, " atrasada(s)"),
                "Tarefas de casa ainda não concluídas pelos clientes.",
            ),
        ),
        rx.cond(
            S.loading & (S.groups.length() == 0),
            loading_block("Carregando tarefas…"),
            rx.cond(
                S.forbidden,
                empty_state("lock", "Tarefas", "Você não tem permissão para ver as tarefas."),
                rx.cond(
                    S.groups.length() == 0,
                    empty_state(
                        "list-checks",
                        "Nenhuma tarefa em aberto",
                        "Atribua tarefas na página de cada cliente, na aba Tarefas.",
                        rx.link(rx.button("Ver clientes", variant="soft"), href=routes.CLIENTS),
                    ),
                    rx.vstack(rx.foreach(S.groups, _group), spacing="3", width="100%"),
                ),
            ),
        ),
        spacing="3",
        width="100%",
    )


def tasks_page() -> rx.Component:
    return dashboard_shell(_content(), routes.TASKS)

"""/{slug}/area-do-cliente/tarefas: the client's homework by status, moved with one tap."""

from __future__ import annotations

import reflex as rx

from treinico.components.portal import portal_frame
from treinico.components.ui import loading_block
from treinico.state.portal.homework import PortalHomeworkState as T
from treinico.views.portal.header import account_header, back_link
from treinico.views.portal.homework import task_group, undo_bar


def portal_tasks_page() -> rx.Component:
    return portal_frame(
        rx.vstack(
            back_link(T.slug),
            rx.heading("Lições de casa", size="7"),
            undo_bar(),
            rx.cond(
                ~T.loading,
                rx.vstack(
                    task_group("Pendente", "circle", T.pending, "Nada pendente.", "group-pendente"),
                    task_group(
                        "Em andamento",
                        "loader",
                        T.in_progress,
                        "Nada em andamento.",
                        "group-em_andamento",
                    ),
                    task_group(
                        "Concluído",
                        "circle-check",
                        T.done,
                        "Nenhuma tarefa concluída ainda.",
                        "group-concluido",
                    ),
                    spacing="4",
                    width="100%",
                ),
                loading_block(),
            ),
            spacing="4",
            width="100%",
        ),
        header=account_header(),
    )

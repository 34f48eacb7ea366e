"""State-bound client widgets used on the list and on the client page: the "⋯" options menu,
the create/edit form dialog and the archive confirmation."""

from __future__ import annotations

from typing import Any

import reflex as rx

from treinico.components.ui import confirm_dialog, field
from treinico.state.dashboard.access import AccessState
from treinico.state.dashboard.clients import ClientFormState
from treinico.state.session import SessionState
from treinico.views.dashboard.access import access_modal


def client_options_menu(row: Any, *, show_open: bool = True) -> rx.Component:
    """The "⋯" menu of a client. ``row`` is a ClientRow var (id, name, archived)."""
    items: list[rx.Component] = []
    if show_open:
        items.append(
            rx.menu.item(
                rx.icon("user", size=14),
                "Abrir página do cliente",
                on_select=rx.redirect("/painel/clientes/" + row["id"].to_string()),
            )
        )
    items.append(
        rx.menu.item(
            rx.icon("message-circle", size=14),
            "Enviar mensagem",
            on_select=rx.redirect("/painel/mensagens?cliente=" + row["id"].to_string()),
        )
    )
    items.append(
        rx.cond(
            SessionState.can_read_entitlements,
            rx.menu.item(
                rx.icon("key-round", size=14),
                "Gerenciar Acesso a Produtos",
                on_select=AccessState.open_for(row["id"]),
            ),
        )
    )
    items.append(
        rx.cond(
            SessionState.can_write_clients,
            rx.fragment(
                rx.menu.item(
                    rx.icon("pencil", size=14),
                    "Editar cliente",
                    on_select=ClientFormState.open_edit(row["id"]),
                ),
                rx.menu.separator(),
                rx.menu.item(
                    # Two static icons, not one named by a var: a var name brings every
                    # lucide icon to the page (240 KB of script to parse on each load).
                    rx.cond(
                        row["archived"],
                        rx.icon("archive-restore", size=14),
                        rx.icon("archive", size=14),
                    ),
                    rx.cond(row["archived"], "Reativar", "Arquivar"),
                    on_select=ClientFormState.ask_archive(row["id"], row["name"], row["archived"]),
                ),
            ),
        )
    )
    return rx.menu.root(
        rx.menu.trigger(
            rx.icon_button(
                rx.icon("ellipsis", size=18),
                variant="ghost",
                color_scheme="gray",
                size="3",
                aria_label="Opções" + " — " + row["name"],
                data_testid="client-options",
            )
        ),
        rx.menu.content(*items, align="end"),
    )


def _input(name: str, **props: Any) -> rx.Component:
    return rx.input(
        name=name,
        id=f"client-{name}",
        default_value=ClientFormState.values[name],
        size="3",
        width="100%",
        aria_invalid=rx.cond(ClientFormState.errors.contains(name), "true", "false"),
        color_scheme=rx.cond(ClientFormState.errors.contains(name), "red", "gray"),
        **props,
    )


def _error(name: str) -> Any:
    return ClientFormState.errors.get(name, "")


def client_form_dialog() -> rx.Component:
    form = rx.form(
        rx.vstack(
            field(
                "Nome",
                _input("name", placeholder="Nome completo", auto_focus=True, max_length=120),
                _error("name"),
                html_for="client-name",
            ),
            field(
                "WhatsApp",
                _input(
                    "phone",
                    placeholder="(11) 91234-5678",
                    input_mode="tel",
                    type="tel",
                    max_length=32,
                ),
                _error("phone"),
                hint="Celular com DDD. Ex.: (11) 91234-5678",
                html_for="client-phone",
            ),
            field(
                "E-mail (opcional)",
                _input("email", type="email", placeholder="nome@exemplo.com", max_length=254),
                _error("email"),
                html_for="client-email",
            ),
            field(
                "Data de nascimento (opcional)",
                _input("birth_date", type="date"),
                _error("birth_date"),
                html_for="client-birth_date",
            ),
            field(
                "Observações (opcional)",
                rx.text_area(
                    name="notes",
                    id="client-notes",
                    default_value=ClientFormState.values["notes"],
                    rows="3",
                    width="100%",
                    max_length=4000,
                ),
                _error("notes"),
                html_for="client-notes",
            ),
            rx.flex(
                rx.dialog.close(
                    rx.button(
                        "Cancelar",
                        variant="soft",
                        color_scheme="gray",
                        type="button",
                        size="3",
                    )
                ),
                rx.button(
                    rx.cond(ClientFormState.saving, "Salvando…", "Salvar"),
                    type="submit",
                    loading=ClientFormState.saving,
                    size="3",
                ),
                spacing="3",
                justify="end",
                width="100%",
            ),
            spacing="4",
        ),
        on_submit=ClientFormState.save,
        key=ClientFormState.form_key,
        width="100%",
    )
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title(rx.cond(ClientFormState.editing, "Editar cliente", "Novo cliente")),
            form,
            max_width="480px",
            width="calc(100vw - 24px)",
        ),
        open=ClientFormState.open,
        on_open_change=ClientFormState.set_open,
    )


def archive_dialog() -> rx.Component:
    return confirm_dialog(
        open=ClientFormState.confirm_open,
        on_open_change=ClientFormState.set_confirm_open,
        title=rx.cond(
            ClientFormState.confirm_restore,
            "Reativar " + ClientFormState.confirm_subject + "?",
            "Arquivar cliente?",
        ),
        body=rx.cond(
            ClientFormState.confirm_restore,
            "O cliente volta para a lista de clientes ativos.",
            "O cliente some da lista, mas nada é apagado. "
            "Você pode reativá-lo em “Mostrar arquivados”.",
        ),
        confirm_label=rx.cond(ClientFormState.confirm_restore, "Reativar", "Arquivar"),
        on_confirm=ClientFormState.confirm_archive,
        color="orange",
    )


def client_dialogs() -> rx.Component:
    return rx.fragment(client_form_dialog(), archive_dialog(), access_modal())


__all__ = ["client_dialogs", "client_options_menu"]

"""The "Gerenciar Acesso a Produtos" modal, opened from any client's "⋯" menu."""

from __future__ import annotations

from typing import Any

import reflex as rx

from treinico.components.access import access_summary
from treinico.components.ui import empty_state, field, form_buttons
from treinico.state.dashboard.access import AccessState
from treinico.state.session import SessionState


def _row_menu(row: Any) -> rx.Component:
    return rx.cond(
        SessionState.can_write_entitlements,
        rx.menu.root(
            rx.menu.trigger(
                rx.icon_button(
                    rx.icon("ellipsis", size=18),
                    variant="ghost",
                    color_scheme="gray",
                    size="3",
                    aria_label="Ações do acesso — " + row["product"],
                )
            ),
            rx.menu.content(
                rx.cond(
                    row["can_extend"],
                    rx.menu.item(
                        rx.icon("calendar-plus", size=14),
                        "Estender Acesso",
                        on_select=AccessState.show_extend(row["id"]),
                    ),
                ),
                rx.menu.item(
                    rx.icon("ban", size=14),
                    "Revogar Acesso",
                    color_scheme="red",
                    on_select=AccessState.ask_revoke(row["id"]),
                ),
                align="end",
            ),
        ),
    )


def _access_row(row: Any) -> rx.Component:
    return access_summary(
        row,
        _row_menu(row),
        padding_y="0.6em",
        border_bottom=f"1px solid {rx.color('gray', 4)}",
        data_testid="access-row",
    )


def _list_view() -> rx.Component:
    return rx.vstack(
        rx.cond(
            AccessState.rows.length() == 0,
            empty_state(
                "key-round",
                "Nenhum acesso ativo",
                "Este cliente ainda não tem acesso a nenhum produto.",
            ),
            rx.vstack(rx.foreach(AccessState.rows, _access_row), spacing="0", width="100%"),
        ),
        rx.cond(
            SessionState.can_write_entitlements,
            rx.button(
                rx.icon("plus", size=16),
                "Adicionar Produto",
                on_click=AccessState.show_grant,
                variant="soft",
                size="3",
                width="100%",
            ),
        ),
        rx.center(
            rx.link(
                "Ver histórico de acessos",
                on_click=AccessState.show_history,
                size="2",
                cursor="pointer",
                as_="button",
            ),
            width="100%",
        ),
        spacing="3",
        width="100%",
    )


def _back_button() -> rx.Component:
    return rx.button(
        rx.icon("arrow-left", size=16),
        "Voltar",
        on_click=AccessState.back,
        variant="soft",
        color_scheme="gray",
        type="button",
        size="3",
    )


def _error(name: str) -> Any:
    return AccessState.errors.get(name, "")


def _date_field(label: str, name: str, input_id: str, hint: str, **props: Any) -> rx.Component:
    control = rx.input(type="date", name=name, id=input_id, size="3", width="100%", **props)
    return field(label, control, _error(name), hint=hint, html_for=input_id)


def _form_buttons(submit_label: str) -> rx.Component:
    return form_buttons(
        on_back=AccessState.back, submit_label=submit_label, saving=AccessState.saving
    )


def _grant_view() -> rx.Component:
    form = rx.form(
        rx.vstack(
            field(
                "Produto",
                rx.select.root(
                    rx.select.trigger(
                        placeholder="Escolha o produto", width="100%", id="grant-product"
                    ),
                    rx.select.content(
                        rx.foreach(
                            AccessState.products,
                            lambda p: rx.select.item(p["name"], value=p["id"].to_string()),
                        )
                    ),
                    name="product",
                    size="3",
                ),
                _error("product"),
                hint="Só aparecem produtos ativos que o cliente ainda não tem.",
                html_for="grant-product",
            ),
            _date_field(
                "Data de início (opcional)",
                "starts_on",
                "grant-starts",
                "Padrão: hoje.",
                default_value=AccessState.today_iso,
            ),
            _date_field(
                "Data de expiração (opcional)",
                "ends_on",
                "grant-ends",
                "Deixe vazio para acesso vitalício. O acesso vale até o fim do dia escolhido.",
                min=AccessState.today_iso,
            ),
            _form_buttons("Conceder Acesso"),
            spacing="4",
            width="100%",
        ),
        on_submit=AccessState.grant,
        key=AccessState.form_key,
        width="100%",
    )
    return rx.vstack(
        rx.heading("Conceder Acesso a Produto", size="4"),
        rx.cond(
            AccessState.products.length() == 0,
            rx.vstack(
                rx.callout(
                    "Todos os produtos ativos já estão liberados para este cliente. "
                    "Produtos desativados ou arquivados não aparecem aqui.",
                    icon="info",
                    width="100%",
                ),
                _back_button(),
                spacing="3",
                width="100%",
            ),
            form,
        ),
        spacing="3",
        width="100%",
    )


def _extend_view() -> rx.Component:
    return rx.vstack(
        rx.heading("Estender Acesso", size="4"),
        rx.text(AccessState.extend_product, weight="medium"),
        rx.text("Expiração atual: ", rx.text.strong(AccessState.extend_current), size="2"),
        rx.form(
            rx.vstack(
                _date_field(
                    "Nova data de expiração",
                    "ends_on",
                    "extend-ends",
                    "O acesso vale até o fim do dia escolhido, sem interrupção.",
                    min=AccessState.extend_min,
                    required=True,
                ),
                _form_buttons("Estender"),
                spacing="4",
                width="100%",
            ),
            on_submit=AccessState.extend,
            key=AccessState.form_key,
            width="100%",
        ),
        spacing="3",
        width="100%",
    )


def _history_item(item: Any) -> rx.Component:
    return rx.vstack(
        rx.hstack(
            rx.text(item["action"], weight="medium", size="2"),
            rx.text("·", color=rx.color("gray", 9)),
            rx.text(item["product_name"], size="2"),
            spacing="2",
            wrap="wrap",
        ),
        rx.text(item["at"], " · ", item["actor_name"], size="1", color=rx.color("gray", 11)),
        rx.cond(
            (item["old_ends_on"] != "") | (item["new_ends_on"] != ""),
            rx.text(
                rx.cond(item["old_ends_on"] != "", item["old_ends_on"] + " → ", ""),
                item["new_ends_on"],
                size="1",
                color=rx.color("gray", 11),
            ),
        ),
        rx.cond(
            item["reason"] != "", rx.text(item["reason"], size="1", color=rx.color("gray", 11))
        ),
        rx.cond(item["batch"] != "", rx.text(item["batch"], size="1", color=rx.color("gray", 11))),
        spacing="1",
        width="100%",
        padding_y="0.55em",
        border_bottom=f"1px solid {rx.color('gray', 4)}",
        data_testid="history-item",
    )


def _history_view() -> rx.Component:
    return rx.vstack(
        rx.heading("Histórico de acessos", size="4"),
        rx.cond(
            AccessState.history_total == 0,
            empty_state("history", "Sem histórico", "Nenhuma alteração de acesso registrada."),
            rx.vstack(rx.foreach(AccessState.history, _history_item), spacing="0", width="100%"),
        ),
        rx.flex(
            _back_button(),
            rx.cond(
                AccessState.history_pages > 1,
                rx.hstack(
                    rx.icon_button(
                        rx.icon("chevron-left", size=16),
                        on_click=AccessState.history_previous,
                        disabled=AccessState.history_page <= 1,
                        variant="soft",
                        aria_label="Página anterior",
                    ),
                    rx.text(AccessState.history_page, " / ", AccessState.history_pages, size="2"),
                    rx.icon_button(
                        rx.icon("chevron-right", size=16),
                        on_click=AccessState.history_next,
                        disabled=AccessState.history_page >= AccessState.history_pages,
                        variant="soft",
                        aria_label="Próxima página",
                    ),
                    align="center",
                    spacing="2",
                ),
            ),
            justify="between",
            align="center",
            width="100%",
        ),
        spacing="3",
        width="100%",
    )


def _revoke_dialog() -> rx.Component:
    return rx.alert_dialog.root(
        rx.alert_dialog.content(
            rx.alert_dialog.title("Revogar Acesso"),
            rx.alert_dialog.description(
                "O acesso de ",
                AccessState.client_name,
                " a ",
                AccessState.revoke_product,
                " termina agora. Esta ação não pode ser desfeita: para liberar de novo, "
                "conceda um novo acesso.",
                size="2",
            ),
            rx.form(
                rx.vstack(
                    field(
                        "Motivo (opcional)",
                        rx.text_area(
                            name="note", id="revoke-note", rows="2", width="100%", max_length=500
                        ),
                        html_for="revoke-note",
                    ),
                    rx.flex(
                        rx.alert_dialog.cancel(
                            rx.button(
                                "Cancelar", variant="soft", color_scheme="gray", type="button"
                            )
                        ),
                        rx.button("Revogar Acesso", color_scheme="red", type="submit"),
                        spacing="3",
                        justify="end",
                        width="100%",
                    ),
                    spacing="3",
                    margin_top="1em",
                ),
                on_submit=AccessState.revoke,
                key=AccessState.form_key,
            ),
            max_width="440px",
        ),
        open=AccessState.revoke_open,
        on_open_change=AccessState.set_revoke_open,
    )


def access_modal() -> rx.Component:
    return rx.fragment(
        rx.dialog.root(
            rx.dialog.content(
                rx.dialog.title("Gerenciar Acesso a Produtos", margin_bottom="0"),
                rx.dialog.description(
                    "Gerencie os acessos do cliente",
                    rx.cond(AccessState.client_name != "", " · " + AccessState.client_name, ""),
                    size="2",
                    color=rx.color("gray", 11),
                    margin_bottom="1em",
                ),
                rx.match(
                    AccessState.view,
                    ("grant", _grant_view()),
                    ("extend", _extend_view()),
                    ("history", _history_view()),
                    _list_view(),
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
                max_width="520px",
                width="calc(100vw - 24px)",
                position="relative",
            ),
            open=AccessState.open,
            on_open_change=AccessState.set_open,
        ),
        _revoke_dialog(),
    )


__all__ = ["access_modal"]

"""The Comércio states driven without a browser: the product form keeps what was typed and
shows errors at the field, a bulk preview is applied once from the reference kept on the
server, "Vencendo em breve" renews, and a read-only member is refused with a message (the
services check the permission; the state turns it into a toast, never a crash)."""

from __future__ import annotations

import asyncio
import os

os.environ.setdefault("TREINICO_SESSION_SECRET", "test-secret-" + "x" * 40)

from collections.abc import Iterator  # noqa: E402
from datetime import date, timedelta  # noqa: E402
from typing import Any  # noqa: E402
from zoneinfo import ZoneInfo  # noqa: E402

import pytest  # noqa: E402
import reflex as rx  # noqa: E402
from sqlalchemy.engine import Engine  # noqa: E402
from sqlmodel import SQLModel  # noqa: E402

import treinico.app  # noqa: E402,F401  (registers every state)
import treinico.models  # noqa: E402,F401
from tests.factories import make_client, make_member, make_team  # noqa: E402
from treinico.db import make_engine, unit_of_work  # noqa: E402
from treinico.services.access import entitlements as ent  # noqa: E402
from treinico.services.access.status import last_day  # noqa: E402
from treinico.services.actor import Actor, load_actor  # noqa: E402
from treinico.services.commerce.products import create_product  # noqa: E402
from treinico.services.permissions import Perm, Role  # noqa: E402
from treinico.state import session as session_module  # noqa: E402
from treinico.state.dashboard.bulk import BulkState  # noqa: E402
from treinico.state.dashboard.expiring import ExpiringState  # noqa: E402
from treinico.state.dashboard.product_clients import ProductClientsState  # noqa: E402
from treinico.state.dashboard.products import ProductsState  # noqa: E402
from treinico.state.session import SessionState, utcnow  # noqa: E402

TZ = ZoneInfo("America/Sao_Paulo")


@pytest.fixture()
def engine(tmp_path) -> Iterator[Engine]:  # type: ignore[no-untyped-def]
    eng = make_engine(f"sqlite:///{tmp_path / 'treinico.db'}")
    SQLModel.metadata.create_all(eng)
    yield eng
    eng.dispose()


class World:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.today = utcnow().astimezone(TZ).date()
        with unit_of_work(engine) as s:
            t = make_team(s)
            self.team_id = t.team.id
            self.owner = t.owner
            self.reader = make_member(
                s,
                t.team.id,
                role=Role.TRAINER,
                permissions=[Perm.CLIENTS_READ, Perm.ENTITLEMENTS_READ],
            )
            self.product_id = create_product(
                session=s,
                team_id=t.team.id,
                name="Plano Mensal",
                price_cents=48000,
                billing_months=1,
                grace_days=5,
            ).id
            self.clients = [make_client(s, t.team.id, f"Cliente {i}") for i in range(3)]
            self.ends = self.today + timedelta(days=3)
            self.entitlements = [
                ent.grant_entitlement(
                    session=s,
                    actor=t.owner,
                    client_id=c,
                    product_id=self.product_id,
                    starts_on=self.today,
                    ends_on=self.ends,
                    now=utcnow(),
                ).id
                for c in self.clients[:2]
            ]

    def ends_on(self, entitlement_id: int) -> date:
        with unit_of_work(self.engine) as s:
            e = s.get(treinico.models.Entitlement, entitlement_id)
            assert e is not None and e.ends_at is not None
            return last_day(e.ends_at, TZ)


@pytest.fixture()
def world(engine: Engine, monkeypatch: pytest.MonkeyPatch) -> World:
    w = World(engine)
    monkeypatch.setattr(session_module, "unit_of_work", lambda **kw: unit_of_work(engine, **kw))
    w.acting = w.owner  # type: ignore[attr-defined]

    def actor(self: SessionState, session: Any, touch: bool = True) -> Actor:
        who = w.acting  # type: ignore[attr-defined]
        return load_actor(session, user_id=who.user_id, team_id=who.team_id)

    monkeypatch.setattr(SessionState, "_actor", actor)
    return w


def _state(cls: type[rx.State]) -> Any:
    root = rx.State(_reflex_internal_init=True)  # type: ignore[call-arg]
    return root.get_substate(cls.get_full_name().split("."))


def run(state: Any, handler: str, *args: Any) -> list[Any]:
    """Call a handler as Reflex would (on the state that defines it) and collect what it
    yields or returns."""
    while handler not in type(state).event_handlers:
        state = state.parent_state
    out = type(state).event_handlers[handler].fn(state, *args)
    if hasattr(out, "__anext__"):  # an async handler (its work runs in a thread)

        async def drain() -> list[Any]:
            return [e async for e in out if e is not None]

        return asyncio.run(drain())
    if hasattr(out, "__next__"):
        return [e for e in out if e is not None]
    if out is None:
        return []
    return list(out) if isinstance(out, list) else [out]


def _toasts(events: list[Any]) -> str:
    return " ".join(str(e) for e in events)


def test_bad_product_form_shows_errors_at_the_fields_and_keeps_the_input(world: World) -> None:
    state = _state(ProductsState)
    run(state, "open_create")
    typed = {
        "name": "  ",
        "kind": "subscription",
        "price": "48o,00",
        "billing": "mensal",
        "grace_days": "200",
        "sessions_per_cycle": "12",
        "description": "Três treinos por semana",
    }
    events = run(state, "save", typed)
    assert set(state.errors) == {"name", "price", "grace_days"}
    assert state.errors["price"] == "Preço inválido. Use o formato 480,00."
    assert state.form_open and not state.saving
    assert state.values["description"] == "Três treinos por semana"
    assert state.values["price"] == "48o,00"
    assert "Confira os campos destacados." in _toasts(events)

    fixed = {**typed, "name": "Personal 3x", "price": "480", "grace_days": "5"}
    events = run(state, "save", fixed)
    assert state.errors == {} and not state.form_open
    assert "Produto Personal 3x criado." in _toasts(events)
    row = next(r for r in state.rows if r.name == "Personal 3x")
    assert (row.price, row.grace, row.sessions) == (
        "R$ 480,00",
        "5 dias de carência",
        "12 sessões por ciclo",
    )
    # Editing shows the key, read-only, and the price as typed in the form.
    run(state, "open_edit", row.id)
    assert state.edit_key == "personal-3x" and state.values["price"] == "480,00"


def test_archive_asks_first_and_reactivate_brings_it_back(world: World) -> None:
    state = _state(ProductsState)
    run(state, "load")
    pid = str(world.product_id)
    run(state, "ask_archive", pid)
    assert state.confirm_open and state.confirm_subject == "Plano Mensal"
    events = run(state, "confirm_archive")
    assert "Plano Mensal arquivado." in _toasts(events)
    assert state.rows == []  # archived products are hidden by default
    run(state, "toggle_archived", True)
    assert state.rows[0].active is False
    run(state, "reactivate", pid)
    assert state.rows[0].active is True
    # An id the list did not show is not acted on.
    assert "Produto não encontrado." in _toasts(run(state, "reactivate", "999999"))


def test_a_confirmation_acts_once_and_a_dismissed_one_not_at_all(world: World) -> None:
    """The ask → confirm → save pattern (state/shared/confirmation.py): the key asked about
    stays on the server and is taken once."""
    state = _state(ProductsState)
    run(state, "load")
    pid = str(world.product_id)
    run(state, "ask_archive", pid)
    run(state, "set_confirm_open", False)  # "Cancelar"
    assert run(state, "confirm_archive") == [] and state.rows[0].active is True
    run(state, "ask_archive", pid)
    first = _toasts(run(state, "confirm_archive"))
    second = _toasts(run(state, "confirm_archive"))  # a double click, a resent event
    assert "Plano Mensal arquivado." in first and "arquivado" not in second
    assert not state.confirm_open and not state.saving


def _product_page(world: World) -> Any:
    page = _state(BulkState)
    assert isinstance(page.parent_state, ProductClientsState)
    page.parent_state._product_id = world.product_id
    run(page, "set_status", "current")
    return page


def test_bulk_extend_previews_then_applies_once(world: World) -> None:
    page = _product_page(world)
    assert page.total == 2
    run(page, "select_all_filtered")
    assert page.all_filtered
    run(page, "open_bulk", "extend")
    assert page.bulk_open and page.step == "form"
    run(page, "set_mode", "period")
    run(page, "make_preview", {})
    assert page.step == "preview"
    assert page.summary == "2 clientes serão alterados"
    assert [r.outcome for r in page.result_rows] == ["pending", "pending"]
    reference = page._reference
    assert reference and "reference" not in page.base_vars

    events = run(page, "confirm")
    assert page.step == "result" and page.changed == 2
    assert "2 clientes alterados" in _toasts(events)
    new_end = world.ends_on(world.entitlements[0])
    assert new_end > world.ends
    # Confirming again (a double click) changes nothing more.
    page.step = "preview"
    run(page, "confirm")
    assert world.ends_on(world.entitlements[0]) == new_end
    run(page, "finish")
    assert not page.bulk_open and page.selected == [] and not page.all_filtered


def test_bulk_date_in_the_past_is_refused_at_the_field(world: World) -> None:
    page = _product_page(world)
    run(page, "toggle", str(world.clients[0]), True)
    run(page, "toggle", "424242", True)  # not on the page: ignored
    assert page.selected == [str(world.clients[0])]
    run(page, "open_bulk", "extend")
    run(page, "set_mode", "date")
    yesterday = (world.today - timedelta(days=1)).isoformat()
    run(page, "make_preview", {"until": yesterday})
    assert page.step == "form"
    assert page.bulk_errors == {"until": "Escolha uma data a partir de hoje."}
    assert page.until == yesterday  # what was typed stays


def test_renew_in_one_click_and_twice_renews_once(world: World) -> None:
    state = _state(ExpiringState)
    run(state, "load")
    assert [r.name for r in state.rows] == ["Cliente 0", "Cliente 1"]
    first = state.rows[0]
    events = run(state, "renew", first.id)
    assert f"Acesso de Cliente 0 renovado até {first.renew_to}." in _toasts(events)
    renewed = world.ends_on(first.id)
    # The same click again (a stale row): already renewed, nothing more.
    state.rows = [first, *state.rows]
    run(state, "renew", first.id)
    assert world.ends_on(first.id) == renewed

    run(state, "toggle_all", True)
    run(state, "renew_selected")
    assert [r.ok for r in state.results] == [True]


def test_read_only_member_is_refused_with_a_message(world: World) -> None:
    world.acting = world.reader  # type: ignore[attr-defined]
    products = _state(ProductsState)
    run(products, "load")
    assert [r.name for r in products.rows] == ["Plano Mensal"]  # reading is fine
    run(products, "open_create")
    events = run(products, "save", {"name": "Novo", "price": "10"})
    assert products.errors == {} and "permissão" in _toasts(events).lower()

    page = _product_page(world)
    assert page.total == 2
    run(page, "select_all_filtered")
    run(page, "open_bulk", "revoke")
    events = run(page, "make_preview", {"reason": "teste"})
    assert page.step == "form" and "permissão" in _toasts(events).lower()

    expiring = _state(ExpiringState)
    run(expiring, "load")
    events = run(expiring, "renew", expiring.rows[0].id)
    assert "permissão" in _toasts(events).lower()
    assert world.ends_on(expiring.rows[0].id) == world.ends
    # CSV is reading: allowed.
    events = run(page, "download_csv")
    assert events and "plano-mensal-clientes-" in str(events[0])

"""Clients: validation, unique WhatsApp per team, search, pagination, tenancy, permissions."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

import pytest
from sqlalchemy import func
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from tests.conftest import NOW
from tests.factories import make_client, make_member, make_team, mobile
from treinico.db import unit_of_work
from treinico.models import Client
from treinico.services.actor import Actor
from treinico.services.clients import (
    DUPLICATE_PHONE,
    ClientInput,
    create_client,
    get_client,
    list_clients,
    set_client_archived,
    update_client,
)
from treinico.services.errors import Conflict, Forbidden, Invalid, NotFound
from treinico.services.permissions import Perm, Role

PHONE = "(11) 98765-4321"
PHONE_E164 = "+5511987654321"


def _count(session: Session, team_id: int | None = None) -> int:
    query = select(func.count()).select_from(Client)
    if team_id is not None:
        query = query.where(Client.team_id == team_id)
    return int(session.exec(query).one())


def _row(session: Session, client_id: int) -> tuple:
    """The stored columns a write would touch, read from the database."""
    return session.exec(
        select(
            Client.team_id,
            Client.name,
            Client.phone_e164,
            Client.email,
            Client.notes,
            Client.archived,
            Client.updated_at,
        ).where(Client.id == client_id)
    ).one()


def _create(session: Session, actor: Actor, name: str = "Ana Souza", phone: str = PHONE):
    return create_client(
        session=session, actor=actor, data=ClientInput(name=name, phone=phone), now=NOW
    )


def _names(page) -> list[str]:
    return [row.name for row in page.rows]


# --- create -------------------------------------------------------------------------------


def test_create_stores_e164_and_returns_display_phone(session: Session) -> None:
    t = make_team(session)
    view = _create(session, t.owner, phone="11 98765 4321")
    assert view.phone_e164 == PHONE_E164
    assert view.phone_display == "(11) 98765-4321"
    stored = session.get(Client, view.id)
    assert stored is not None
    assert (stored.team_id, stored.phone_e164) == (t.team.id, PHONE_E164)


def test_create_stores_folded_name_for_search(session: Session) -> None:
    t = make_team(session)
    view = _create(session, t.owner, name="  João   Pedro  ")
    stored = session.get(Client, view.id)
    assert stored is not None
    assert (stored.name, stored.name_search) == ("João Pedro", "joao pedro")


@pytest.mark.parametrize(
    ("phone", "message"),
    [
        ("", "Informe o WhatsApp com DDD."),
        ("(11) 3123-4567", "Informe um número de celular (WhatsApp)."),
        ("12345", "Telefone inválido. Use DDD + número, ex.: (11) 91234-5678."),
    ],
)
def test_create_with_invalid_phone_is_invalid_and_writes_nothing(
    session: Session, phone: str, message: str
) -> None:
    t = make_team(session)
    with pytest.raises(Invalid) as exc:
        _create(session, t.owner, phone=phone)
    assert exc.value.fields == {"phone": message}
    assert _count(session) == 0


def test_create_reports_every_invalid_field_at_once(session: Session) -> None:
    t = make_team(session)
    data = ClientInput(name="A", phone="123", email="sem-arroba", birth_date="31/02/1990")
    with pytest.raises(Invalid) as exc:
        create_client(session=session, actor=t.owner, data=data, now=NOW)
    assert set(exc.value.fields) == {"name", "phone", "email", "birth_date"}
    assert exc.value.fields["name"] == "Informe o nome do cliente."
    assert exc.value.fields["email"] == "E-mail inválido."
    assert _count(session) == 0


def test_create_refuses_birth_date_in_the_future(session: Session) -> None:
    t = make_team(session)
    data = ClientInput(name="Ana Souza", phone=PHONE, birth_date="2026-03-11")
    with pytest.raises(Invalid) as exc:
        create_client(session=session, actor=t.owner, data=data, now=NOW)
    assert exc.value.fields == {"birth_date": "Data de nascimento fora do intervalo."}
    assert _count(session) == 0


def test_duplicate_phone_in_same_team_is_conflict_and_saves_nothing(session: Session) -> None:
    t = make_team(session)
    make_client(session, t.team.id, name="Primeira", phone=PHONE_E164)
    with pytest.raises(Conflict) as exc:
        _create(session, t.owner, name="Segunda", phone="+55 11 98765-4321")
    assert exc.value.fields == {"phone": DUPLICATE_PHONE}
    assert _count(session) == 1
    assert _names(list_clients(session=session, actor=t.owner)) == ["Primeira"]


def test_same_phone_is_allowed_in_another_team(session: Session) -> None:
    a, b = make_team(session), make_team(session)
    _create(session, a.owner)
    view = _create(session, b.owner)
    assert view.phone_e164 == PHONE_E164
    assert (_count(session, a.team.id), _count(session, b.team.id)) == (1, 1)


# --- update -------------------------------------------------------------------------------


def _update(session: Session, actor: Actor, client_id: int, name: str, phone: str):
    return update_client(
        session=session,
        actor=actor,
        client_id=client_id,
        data=ClientInput(name=name, phone=phone),
        now=NOW,
    )


def test_update_keeping_own_phone_is_not_a_duplicate(session: Session) -> None:
    t = make_team(session)
    client_id = make_client(session, t.team.id, name="Ana", phone=PHONE_E164)
    view = _update(session, t.owner, client_id, "Ana Souza", PHONE)
    assert (view.name, view.phone_e164) == ("Ana Souza", PHONE_E164)
    assert _row(session, client_id)[1:3] == ("Ana Souza", PHONE_E164)


def test_update_changes_phone_to_a_free_number(session: Session) -> None:
    t = make_team(session)
    client_id = make_client(session, t.team.id, name="Ana", phone=PHONE_E164)
    view = _update(session, t.owner, client_id, "Ana", "(21) 98123-4567")
    assert view.phone_e164 == "+5521981234567"
    assert _row(session, client_id)[2] == "+5521981234567"


def test_update_to_phone_of_another_client_is_conflict_and_row_unchanged(
    session: Session,
) -> None:
    t = make_team(session)
    make_client(session, t.team.id, name="Bruno", phone=PHONE_E164)
    ana = make_client(session, t.team.id, name="Ana", phone=mobile(900))
    before = _row(session, ana)
    with pytest.raises(Conflict) as exc:
        _update(session, t.owner, ana, "Ana Nova", PHONE)
    assert exc.value.fields == {"phone": DUPLICATE_PHONE}
    assert _row(session, ana) == before


def test_update_with_invalid_fields_leaves_row_unchanged(session: Session) -> None:
    t = make_team(session)
    client_id = make_client(session, t.team.id, name="Ana")
    before = _row(session, client_id)
    with pytest.raises(Invalid):
        _update(session, t.owner, client_id, "Ana Nova", "123")
    assert _row(session, client_id) == before


# --- list, search, pagination -------------------------------------------------------------


@pytest.mark.parametrize("query", ["joao", "JOAO", "João", "  joão  ", "pedro"])
def test_search_by_name_ignores_accents_and_case(session: Session, query: str) -> None:
    t = make_team(session)
    make_client(session, t.team.id, name="João Pedro")
    make_client(session, t.team.id, name="Maria Silva")
    assert _names(list_clients(session=session, actor=t.owner, query=query)) == ["João Pedro"]


def test_search_by_accented_query_finds_unaccented_name(session: Session) -> None:
    t = make_team(session)
    make_client(session, t.team.id, name="Joao Sem Acento")
    make_client(session, t.team.id, name="Maria Silva")
    page = list_clients(session=session, actor=t.owner, query="JOÃO")
    assert _names(page) == ["Joao Sem Acento"]


@pytest.mark.parametrize("query", ["98765", "(11) 98765-4321", "8765-43", "5511987"])
def test_search_by_phone_digits(session: Session, query: str) -> None:
    t = make_team(session)
    make_client(session, t.team.id, name="Ana", phone=PHONE_E164)
    make_client(session, t.team.id, name="Bruno", phone="+5521981234567")
    assert _names(list_clients(session=session, actor=t.owner, query=query)) == ["Ana"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [("%", ["Academia 100% Fit"]), ("_", ["Ana_Lima"]), ("a%f", []), ("a_l", ["Ana_Lima"])],
)
def test_like_wildcards_in_query_are_literal(
    session: Session, query: str, expected: list[str]
) -> None:
    t = make_team(session)
    for name in ("Academia 100% Fit", "Ana_Lima", "Ana Lima", "Bruno Costa"):
        make_client(session, t.team.id, name=name)
    assert _names(list_clients(session=session, actor=t.owner, query=query)) == expected


def test_backslash_in_query_is_literal(session: Session) -> None:
    t = make_team(session)
    make_client(session, t.team.id, name="Ana \\ Lima")
    make_client(session, t.team.id, name="Bruno")
    assert _names(list_clients(session=session, actor=t.owner, query="\\")) == ["Ana \\ Lima"]


def _make_many(session: Session, team_id: int, n: int) -> None:
    for i in range(n):
        make_client(session, team_id, name=f"Cliente {i:02d}")


def test_second_page_holds_the_remainder(session: Session) -> None:
    t = make_team(session)
    _make_many(session, t.team.id, 25)
    first = list_clients(session=session, actor=t.owner, page=1, page_size=20)
    second = list_clients(session=session, actor=t.owner, page=2, page_size=20)
    assert (first.total, first.pages, len(first.rows)) == (25, 2, 20)
    assert (second.page, second.pages, len(second.rows)) == (2, 2, 5)
    assert _names(first) + _names(second) == [f"Cliente {i:02d}" for i in range(25)]


@pytest.mark.parametrize(("asked", "served"), [(3, 2), (999, 2), (0, 1), (-5, 1)])
def test_page_outside_range_is_clamped(session: Session, asked: int, served: int) -> None:
    t = make_team(session)
    _make_many(session, t.team.id, 25)
    page = list_clients(session=session, actor=t.owner, page=asked, page_size=20)
    assert page.page == served
    assert len(page.rows) == (5 if served == 2 else 20)


def test_empty_list_has_one_page(session: Session) -> None:
    t = make_team(session)
    page = list_clients(session=session, actor=t.owner, page=4)
    assert (page.rows, page.total, page.page, page.pages) == ([], 0, 1, 1)


def test_page_size_is_capped(session: Session) -> None:
    t = make_team(session)
    _make_many(session, t.team.id, 3)
    assert list_clients(session=session, actor=t.owner, page_size=10_000).page_size == 100
    assert len(list_clients(session=session, actor=t.owner, page_size=0).rows) == 1


def test_archived_clients_hidden_unless_asked(session: Session) -> None:
    t = make_team(session)
    make_client(session, t.team.id, name="Ativa")
    archived = make_client(session, t.team.id, name="Arquivada")
    set_client_archived(session=session, actor=t.owner, client_id=archived, archived=True, now=NOW)
    assert _names(list_clients(session=session, actor=t.owner)) == ["Ativa"]
    everyone = list_clients(session=session, actor=t.owner, include_archived=True)
    assert _names(everyone) == ["Arquivada", "Ativa"]
    assert everyone.total == 2


def test_unarchive_brings_client_back(session: Session) -> None:
    t = make_team(session)
    client_id = make_client(session, t.team.id, name="Ana")
    set_client_archived(session=session, actor=t.owner, client_id=client_id, archived=True, now=NOW)
    set_client_archived(
        session=session, actor=t.owner, client_id=client_id, archived=False, now=NOW
    )
    assert _names(list_clients(session=session, actor=t.owner)) == ["Ana"]


# --- tenancy --------------------------------------------------------------------------------


def test_list_shows_only_own_team(session: Session) -> None:
    a, b = make_team(session), make_team(session)
    make_client(session, a.team.id, name="Cliente de A", phone=PHONE_E164)
    make_client(session, b.team.id, name="Cliente de B")
    assert _names(list_clients(session=session, actor=b.owner)) == ["Cliente de B"]
    assert list_clients(session=session, actor=b.owner, query="98765").rows == []


CROSS_TEAM_ACTS: dict[str, Callable[[Session, Actor, int], object]] = {
    "get": lambda s, actor, cid: get_client(session=s, actor=actor, client_id=cid),
    "update": lambda s, actor, cid: update_client(
        session=s,
        actor=actor,
        client_id=cid,
        data=ClientInput(name="Invasor", phone="(11) 91111-2222", notes="x"),
        now=NOW,
    ),
    "archive": lambda s, actor, cid: set_client_archived(
        session=s, actor=actor, client_id=cid, archived=True, now=NOW
    ),
}


@pytest.mark.parametrize("act", sorted(CROSS_TEAM_ACTS))
def test_other_team_client_id_is_not_found_and_row_unchanged(session: Session, act: str) -> None:
    a, b = make_team(session), make_team(session)
    victim = make_client(session, a.team.id, name="Cliente de A")
    before = _row(session, victim)
    with pytest.raises(NotFound):
        CROSS_TEAM_ACTS[act](session, b.owner, victim)
    assert _row(session, victim) == before
    assert _count(session, b.team.id) == 0


@pytest.mark.parametrize("bad_id", [True, "1", 1.0, None])
def test_non_integer_client_id_is_not_found(session: Session, bad_id: object) -> None:
    t = make_team(session)
    make_client(session, t.team.id)
    with pytest.raises(NotFound):
        get_client(session=session, actor=t.owner, client_id=bad_id)  # type: ignore[arg-type]


# --- permissions ----------------------------------------------------------------------------


def _reader(session: Session, team_id: int) -> Actor:
    return make_member(session, team_id, role=Role.RECEPTION, permissions=[Perm.CLIENTS_READ])


def test_member_without_write_cannot_create(session: Session) -> None:
    t = make_team(session)
    reader = _reader(session, t.team.id)
    with pytest.raises(Forbidden):
        _create(session, reader)
    assert _count(session) == 0


def test_member_without_write_cannot_update(session: Session) -> None:
    t = make_team(session)
    reader = _reader(session, t.team.id)
    client_id = make_client(session, t.team.id, name="Ana")
    before = _row(session, client_id)
    with pytest.raises(Forbidden):
        _update(session, reader, client_id, "Outro Nome", PHONE)
    assert _row(session, client_id) == before


def test_member_without_write_cannot_archive(session: Session) -> None:
    t = make_team(session)
    reader = _reader(session, t.team.id)
    client_id = make_client(session, t.team.id, name="Ana")
    before = _row(session, client_id)
    with pytest.raises(Forbidden):
        set_client_archived(
            session=session, actor=reader, client_id=client_id, archived=True, now=NOW
        )
    assert _row(session, client_id) == before


def test_member_with_read_only_can_list_and_get(session: Session) -> None:
    t = make_team(session)
    reader = _reader(session, t.team.id)
    client_id = make_client(session, t.team.id, name="Ana")
    assert _names(list_clients(session=session, actor=reader)) == ["Ana"]
    assert get_client(session=session, actor=reader, client_id=client_id).name == "Ana"


def test_member_without_read_cannot_list_or_get(session: Session) -> None:
    t = make_team(session)
    blind = make_member(session, t.team.id, permissions=[Perm.ENTITLEMENTS_READ])
    client_id = make_client(session, t.team.id)
    with pytest.raises(Forbidden):
        list_clients(session=session, actor=blind)
    with pytest.raises(Forbidden):
        get_client(session=session, actor=blind, client_id=client_id)


# --- concurrency ----------------------------------------------------------------------------


def _wait_until_blocked(db: Engine, started: threading.Event, worker: threading.Thread) -> None:
    """Return once the second writer is waiting on the first one's open transaction."""
    assert started.wait(5), "second writer never started"
    if db.dialect.name != "postgresql":
        # SQLite: BEGIN IMMEDIATE queues the second writer behind the first one's lock.
        worker.join(0.3)
        assert worker.is_alive(), "second writer did not wait for the first"
        return
    deadline = time.monotonic() + 5
    with db.connect() as conn:
        while time.monotonic() < deadline:
            waiting = conn.exec_driver_sql(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                " AND wait_event = 'transactionid' AND query ILIKE 'INSERT INTO client%%'"
            ).scalar_one()
            conn.rollback()  # pg_stat_activity is a per-transaction snapshot: take a new one
            if waiting:
                return
            time.sleep(0.02)
    pytest.fail("second INSERT never waited on the first transaction")


def test_concurrent_creates_with_same_phone_leave_one_row(db: Engine) -> None:
    with unit_of_work(db) as s:
        t = make_team(s)
    outcome: list[BaseException | str] = []
    started = threading.Event()

    def second_writer() -> None:
        started.set()
        try:
            with unit_of_work(db) as s2:
                _create(s2, t.owner, name="Segundo")
            outcome.append("committed")
        except BaseException as exc:  # noqa: BLE001 - reported to the main thread
            outcome.append(exc)

    worker = threading.Thread(target=second_writer)
    with unit_of_work(db) as s1:
        _create(s1, t.owner, name="Primeiro")
        worker.start()
        _wait_until_blocked(db, started, worker)
    worker.join(10)
    assert not worker.is_alive()
    assert len(outcome) == 1 and isinstance(outcome[0], Conflict), outcome
    assert outcome[0].fields == {"phone": DUPLICATE_PHONE}
    with unit_of_work(db) as s:
        rows = s.exec(select(Client.name, Client.phone_e164)).all()
    assert [tuple(r) for r in rows] == [("Primeiro", PHONE_E164)]

"""The Mensagens states driven without a browser: the staff actor and the portal business
are fixed (the cookie parts are tested elsewhere), the services run on a real database.

Sending keeps nothing of a failed text but the error at its field; a refresh brings only
newer messages and assigns nothing when none arrived; the read-only member is refused by
the service; a portal client only ever sees their own conversation."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
import reflex as rx
from sqlalchemy.engine import Engine

import treinico.app  # noqa: F401  (registers every state)
import treinico.db
from tests.factories import make_client, make_member, make_team
from treinico.db import unit_of_work
from treinico.services.actor import Actor
from treinico.services.auth.portal import Business
from treinico.services.messages import conversations as messages
from treinico.services.messages import portal as portal_messages
from treinico.services.permissions import Perm, Role
from treinico.state.dashboard.messages import MessagesState
from treinico.state.dashboard.nav import NavState
from treinico.state.errors import SessionEnded, event_error
from treinico.state.portal import messages as portal_state
from treinico.state.portal.messages import PortalMessagesState
from treinico.state.session import Outcome
from treinico.state.shared.links import TextPart

NOW = datetime(2026, 3, 10, 14, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _engine(db: Engine, monkeypatch: pytest.MonkeyPatch) -> Engine:
    monkeypatch.setattr(treinico.db, "get_engine", lambda url=None: db)
    return db


def _substate(cls: type[rx.State]) -> Any:
    root = rx.State(_reflex_internal_init=True)
    path = cls.get_full_name().split(".")[1:]
    return root.get_substate(path)


def run(state: Any, handler: str, *args: Any) -> list[Any]:
    """Call a handler as Reflex would and collect what it yields or returns."""
    result = type(state).event_handlers[handler].fn(state, *args)
    if isinstance(result, Iterator):
        return [r for r in result if r is not None]
    return [] if result is None else [result]


def staff_state(cls: type[rx.State], actor: Actor, monkeypatch: pytest.MonkeyPatch) -> Any:
    state = _substate(cls)
    monkeypatch.setattr(type(state), "_actor", lambda self, session, touch=True: actor)
    return state


def _world(db: Engine) -> tuple[Actor, Actor, int, int, int]:
    with unit_of_work(db) as s:
        t = make_team(s, "Studio Demo")
        reader = make_member(s, t.team.id, Role.RECEPTION, [Perm.CLIENTS_READ])
        ana = make_client(s, t.team.id, "Ana Souza")
        bia = make_client(s, t.team.id, "Bia Lima")
        return t.owner, reader, ana, bia, t.team.id


def test_send_shows_the_message_and_a_bad_body_stays_at_the_field(
    db: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    owner, _reader, ana, _bia, _team = _world(db)
    state = staff_state(MessagesState, owner, monkeypatch)
    state._open(ana)
    assert (state.open_id, state.client_name, state.messages) == (str(ana), "Ana Souza", [])
    assert state.can_write is True

    events = run(state, "send", {"body": "   "})
    assert state.errors == {"body": "Escreva uma mensagem."}
    assert state.messages == [] and state.sending is False
    assert any("toast" in str(e).lower() for e in events)

    run(state, "send", {"body": "Oi, Ana!\nTudo certo para amanhã? https://exemplo.com/a"})
    assert state.errors == {}
    [row] = state.messages
    assert (row.side, row.author) == ("mine", owner.name)
    assert state.parts[0][-1] == TextPart("https://exemplo.com/a", "https://exemplo.com/a")
    assert [c.name for c in state.conversations] == ["Ana Souza"]

    # A second Enter queued behind the first (same text, same tab, at once) sends nothing.
    run(state, "send", {"body": "Oi, Ana!\nTudo certo para amanhã? https://exemplo.com/a"})
    assert len(state.messages) == 1


def test_refresh_brings_only_newer_messages_and_nothing_when_unchanged(
    db: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    owner, _reader, ana, bia, team_id = _world(db)
    state = staff_state(MessagesState, owner, monkeypatch)
    state._open(ana)
    state._read_list()
    state.loading = False  # as after the page's load
    state.dirty_vars.clear()

    run(state, "refresh_tick")
    assert state.dirty_vars == set()  # nothing changed: nothing re-sent

    me = Business(team_id=team_id, name="S", slug="s", client_id=ana, client_name="Ana Souza")
    other = Business(team_id=team_id, name="S", slug="s", client_id=bia, client_name="Bia Lima")
    with unit_of_work(db) as s:
        portal_messages.send_client_message(session=s, business=me, body="Cheguei!", now=NOW)
        portal_messages.send_client_message(session=s, business=other, body="Oi", now=NOW)
    run(state, "refresh_tick")
    assert [m.author for m in state.messages] == ["Ana Souza"]
    assert [m.side for m in state.messages] == ["theirs"]
    assert {c.name for c in state.conversations} == {"Ana Souza", "Bia Lima"}
    # The open conversation was read by the refresh; Bia's still counts.
    unread = {c.name: c.unread for c in state.conversations}
    assert unread == {"Ana Souza": 0, "Bia Lima": 1}
    shown = list(state.messages)
    state.dirty_vars.clear()
    run(state, "refresh_tick")
    assert state.messages == shown and "messages" not in state.dirty_vars


def test_read_only_member_reads_but_the_service_refuses_a_send(
    db: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    owner, reader, ana, _bia, _team = _world(db)
    with unit_of_work(db) as s:
        messages.send_staff_message(session=s, actor=owner, client_id=ana, body="Oi", now=NOW)
    state = staff_state(MessagesState, reader, monkeypatch)
    state._open(ana)
    assert [m.author for m in state.messages] == [owner.name]
    assert state.can_write is False  # no composer is drawn
    run(state, "send", {"body": "Tentando mesmo assim"})  # a script on the websocket
    assert len(state.messages) == 1
    assert state.errors  # the refusal is shown, nothing written
    with unit_of_work(db) as s:
        view = messages.open_conversation(session=s, actor=owner, client_id=ana, now=NOW)
    assert [m.body for m in view.messages] == ["Oi"]


def test_another_teams_client_id_in_the_address_is_not_found(
    db: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    owner, _reader, _ana, _bia, _team = _world(db)
    with unit_of_work(db) as s:
        stranger = make_client(s, make_team(s, "Outro").team.id, "Carla Outra")
    state = staff_state(MessagesState, owner, monkeypatch)
    events = state._open(stranger)
    assert events is not None
    assert (state.open_id, state.not_found, state.messages) == ("", True, [])


def test_nav_counts_unread_client_messages(db: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    owner, _reader, ana, _bia, team_id = _world(db)
    nav = staff_state(NavState, owner, monkeypatch)
    run(nav, "refresh_nav")
    assert nav.unread_messages == 0
    me = Business(team_id=team_id, name="S", slug="s", client_id=ana, client_name="Ana Souza")
    with unit_of_work(db) as s:
        portal_messages.send_client_message(session=s, business=me, body="Oi", now=NOW)
    run(nav, "refresh_nav")
    assert nav.unread_messages == 1


def _portal(db: Engine, monkeypatch: pytest.MonkeyPatch, business: Business) -> Any:
    def fake_call(state: Any, fn: Any, **_: Any) -> Outcome:
        from treinico.services.errors import DomainError

        try:
            with unit_of_work(db) as s:
                return Outcome(value=fn(s, business, NOW))
        except DomainError as exc:
            return Outcome(error=exc)

    monkeypatch.setattr(portal_state, "portal_call", fake_call)
    return _substate(PortalMessagesState)


def test_portal_client_sees_only_their_own_conversation(
    db: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    owner, _reader, ana, bia, team_id = _world(db)
    with unit_of_work(db) as s:
        messages.send_staff_message(session=s, actor=owner, client_id=ana, body="Para Ana", now=NOW)
        messages.send_staff_message(session=s, actor=owner, client_id=bia, body="Para Bia", now=NOW)
    me = Business(team_id=team_id, name="S", slug="s", client_id=bia, client_name="Bia Lima")
    state = _portal(db, monkeypatch, me)
    with unit_of_work(db) as s:  # the page's load (PortalPageState.messages) fills it
        state._fill(s, me, NOW)
    assert [m.side for m in state.messages] == ["theirs"]
    assert state.parts == [[TextPart("Para Bia", "")]]
    assert (state.notify_whatsapp, state.remind_whatsapp) == (True, False)

    run(state, "send", {"body": ""})
    assert state.errors == {"body": "Escreva uma mensagem."} and len(state.messages) == 1
    run(state, "send", {"body": "Obrigada!"})
    assert [m.side for m in state.messages] == ["theirs", "mine"] and state.errors == {}

    state.dirty_vars.clear()
    run(state, "refresh_tick")
    assert "messages" not in state.dirty_vars
    with unit_of_work(db) as s:
        messages.send_staff_message(session=s, actor=owner, client_id=bia, body="De nada", now=NOW)
        messages.send_staff_message(session=s, actor=owner, client_id=ana, body="Só Ana", now=NOW)
    run(state, "refresh_tick")
    assert [p[0].text for p in state.parts] == ["Para Bia", "Obrigada!", "De nada"]

    events = run(state, "set_remind", True)
    assert state.remind_whatsapp is True and events
    run(state, "set_notify", "yes")  # anything but true from the browser turns it off
    assert state.notify_whatsapp is False


def test_the_nav_tick_sends_an_ended_session_to_the_login(monkeypatch: pytest.MonkeyPatch) -> None:
    """The tick hides the page when the session has ended: it must also leave it, or the
    person is left on a blank page until they act (revocation takes effect on the next
    event, the tick included)."""
    from treinico.services.errors import Unauthenticated

    nav = _substate(NavState)

    def ended(self: Any, session: Any, touch: bool = True) -> Actor:
        raise Unauthenticated("Sessão encerrada.")

    monkeypatch.setattr(type(nav), "_actor", ended)
    with pytest.raises(SessionEnded) as raised:
        run(nav, "refresh_nav")
    # the app's event error handler answers with the way to the login, not a toast
    answer = event_error(raised.value)
    assert "/entrar?expirado=1" in str(answer) and "toast" not in str(answer)

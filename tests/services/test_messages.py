"""Conversations: both sides, unread counters, the WhatsApp notice's preference and throttle,
and one client never reaching another's conversation."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import Session, select

from tests.factories import make_client, make_member, make_team
from treinico.models import OutboxKind, WhatsAppOutbox
from treinico.services.auth.portal import Business
from treinico.services.errors import Forbidden, Invalid
from treinico.services.messages import conversations as messages
from treinico.services.messages import portal as portal_messages
from treinico.services.permissions import Perm, Role
from treinico.services.whatsapp import notifications

NOW = datetime(2026, 3, 10, 14, 0, tzinfo=UTC)


def business(team_id: int, client_id: int, name: str = "Ana Souza") -> Business:
    return Business(
        team_id=team_id, name="Studio", slug="studio", client_id=client_id, client_name=name
    )


def notices(session: Session) -> list[WhatsAppOutbox]:
    return list(
        session.exec(
            select(WhatsAppOutbox).where(WhatsAppOutbox.kind == OutboxKind.MESSAGE_NOTICE.value)
        ).all()
    )


def test_staff_and_client_exchange_with_unread_counts_on_both_sides(session: Session) -> None:
    t = make_team(session, "Studio Demo")
    ana = make_client(session, t.team.id, "Ana Souza")
    me = business(t.team.id, ana)

    messages.send_staff_message(
        session=session, actor=t.owner, client_id=ana, body="Oi Ana!\nTudo bem?", now=NOW
    )
    assert portal_messages.my_unread(session=session, business=me) == 1
    view = portal_messages.my_conversation(session=session, business=me, now=NOW)
    assert [m.body for m in view.messages] == ["Oi Ana!\nTudo bem?"]  # line break kept
    assert portal_messages.my_unread(session=session, business=me) == 0

    later = NOW + timedelta(minutes=1)
    sent = portal_messages.send_client_message(
        session=session, business=me, body="  Tudo ótimo  ", now=later
    )
    assert sent.sender == "client" and sent.body == "Tudo ótimo"
    assert messages.staff_unread_total(session=session, actor=t.owner) == 1
    [row] = messages.list_conversations(session=session, actor=t.owner, now=later)
    assert (row.client_name, row.preview, row.unread, row.last_sender) == (
        "Ana Souza",
        "Tudo ótimo",
        1,
        "client",
    )
    staff_view = messages.open_conversation(
        session=session, actor=t.owner, client_id=ana, now=later
    )
    assert [m.sender for m in staff_view.messages] == ["staff", "client"]
    assert messages.staff_unread_total(session=session, actor=t.owner) == 0
    # A refresh asks only for what came after the last one seen.
    newer = messages.open_conversation(
        session=session, actor=t.owner, client_id=ana, now=later, after_id=staff_view.last_id
    )
    assert newer.messages == [] and newer.last_id == staff_view.last_id


def test_list_is_newest_first_and_searchable_without_accents(session: Session) -> None:
    t = make_team(session)
    joao = make_client(session, t.team.id, "João Pereira")
    bia = make_client(session, t.team.id, "Beatriz Lima")
    for i, client in enumerate((joao, bia)):
        messages.send_staff_message(
            session=session,
            actor=t.owner,
            client_id=client,
            body="Olá",
            now=NOW + timedelta(minutes=i),
        )
    rows = messages.list_conversations(session=session, actor=t.owner, now=NOW)
    assert [r.client_name for r in rows] == ["Beatriz Lima", "João Pereira"]
    found = messages.list_conversations(session=session, actor=t.owner, now=NOW, query="JOAO")
    assert [r.client_name for r in found] == ["João Pereira"]


def test_bodies_are_checked_at_the_field(session: Session) -> None:
    t = make_team(session)
    ana = make_client(session, t.team.id)
    for body, expected in (("   \n ", "Escreva uma mensagem."), ("x" * 2001, "até 2.000")):
        with pytest.raises(Invalid) as err:
            messages.send_staff_message(
                session=session, actor=t.owner, client_id=ana, body=body, now=NOW
            )
        assert expected in err.value.fields["body"]
    ok = messages.send_staff_message(
        session=session, actor=t.owner, client_id=ana, body="y" * 2000, now=NOW
    )
    assert len(ok.body) == 2000


def test_reading_needs_clients_read_and_writing_clients_write(session: Session) -> None:
    t = make_team(session)
    ana = make_client(session, t.team.id)
    reader = make_member(session, t.team.id, Role.TRAINER, [Perm.CLIENTS_READ])
    view = messages.open_conversation(session=session, actor=reader, client_id=ana, now=NOW)
    assert view.can_write is False
    with pytest.raises(Forbidden):
        messages.send_staff_message(
            session=session, actor=reader, client_id=ana, body="oi", now=NOW
        )
    nobody = make_member(session, t.team.id, Role.TRAINER, [Perm.AGENDA_READ])
    with pytest.raises(Forbidden):
        messages.list_conversations(session=session, actor=nobody, now=NOW)
    assert messages.staff_unread_total(session=session, actor=nobody) == 0


def test_a_client_reads_only_their_own_conversation_in_the_current_team(session: Session) -> None:
    a, b = make_team(session), make_team(session)
    ana_a = make_client(session, a.team.id, "Ana", phone="+5511987650001")
    ana_b = make_client(session, b.team.id, "Ana", phone="+5511987650001")  # same phone
    bruno_a = make_client(session, a.team.id, "Bruno")
    messages.send_staff_message(
        session=session, actor=a.owner, client_id=bruno_a, body="só do Bruno", now=NOW
    )
    messages.send_staff_message(
        session=session, actor=b.owner, client_id=ana_b, body="da outra equipe", now=NOW
    )
    mine = portal_messages.my_conversation(
        session=session, business=business(a.team.id, ana_a), now=NOW
    )
    assert mine.messages == []
    portal_messages.send_client_message(
        session=session, business=business(a.team.id, ana_a), body="oi", now=NOW
    )
    assert messages.staff_unread_total(session=session, actor=b.owner) == 0
    assert messages.staff_unread_total(session=session, actor=a.owner) == 1


def test_notice_only_when_wanted_and_once_per_quarter_hour(session: Session) -> None:
    t = make_team(session, "Studio Demo")
    ana = make_client(session, t.team.id, "Ana")
    off = make_client(session, t.team.id, "Sem aviso")
    notifications.set_my_preferences(
        session=session,
        business=business(t.team.id, off),
        notify_whatsapp=False,
        remind_whatsapp=False,
    )
    for minutes in (0, 5, 14):
        messages.send_staff_message(
            session=session,
            actor=t.owner,
            client_id=ana,
            body="oi",
            now=NOW + timedelta(minutes=minutes),
        )
    messages.send_staff_message(session=session, actor=t.owner, client_id=off, body="oi", now=NOW)
    [first] = notices(session)
    assert first.body.startswith(
        "Você tem uma nova mensagem de Studio Demo — abra a área do cliente"
    )
    messages.send_staff_message(
        session=session, actor=t.owner, client_id=ana, body="oi", now=NOW + timedelta(minutes=15)
    )
    assert len(notices(session)) == 2
    # The client's own messages never leave the system.
    portal_messages.send_client_message(
        session=session, business=business(t.team.id, ana), body="oi", now=NOW
    )
    assert len(session.exec(select(WhatsAppOutbox)).all()) == 2


def test_my_data_holds_the_conversation_and_anonymising_removes_it(session: Session) -> None:
    import io
    import json
    import zipfile

    from treinico.services.privacy import data_rights

    t = make_team(session, "Studio Demo")
    ana = make_client(session, t.team.id, "Ana")
    me = business(t.team.id, ana)
    messages.send_staff_message(session=session, actor=t.owner, client_id=ana, body="Oi", now=NOW)
    portal_messages.send_client_message(
        session=session, business=me, body="Meu novo número é 11 99999-0000", now=NOW
    )
    archive = zipfile.ZipFile(
        io.BytesIO(data_rights.build_export(session=session, business=me, now=NOW))
    )
    data = json.loads(archive.read("meus-dados.json"))
    assert [(m["de"], m["texto"]) for m in data["tabelas"]["mensagens"]] == [
        ("equipe", "Oi"),
        ("você", "Meu novo número é 11 99999-0000"),
    ]
    assert "mensagens.csv" in archive.namelist()

    data_rights.anonymise_client(session=session, actor=t.owner, client_id=ana, now=NOW)
    assert messages.list_conversations(session=session, actor=t.owner, now=NOW) == []
    assert session.exec(select(WhatsAppOutbox)).all() == []
    view = messages.open_conversation(session=session, actor=t.owner, client_id=ana, now=NOW)
    assert view.messages == [] and view.can_write is False


def test_a_read_only_member_opening_a_conversation_leaves_it_unread(session: Session) -> None:
    t = make_team(session)
    ana = make_client(session, t.team.id, "Ana")
    portal_messages.send_client_message(
        session=session, business=business(t.team.id, ana), body="oi", now=NOW
    )
    reader = make_member(session, t.team.id, Role.TRAINER, [Perm.CLIENTS_READ])
    messages.open_conversation(session=session, actor=reader, client_id=ana, now=NOW)
    assert messages.staff_unread_total(session=session, actor=t.owner) == 1
    messages.open_conversation(session=session, actor=t.owner, client_id=ana, now=NOW)
    assert messages.staff_unread_total(session=session, actor=t.owner) == 0


def test_a_client_writes_at_a_persons_pace(session: Session) -> None:
    t = make_team(session)
    me = business(t.team.id, make_client(session, t.team.id, "Ana"))
    for i in range(10):
        portal_messages.send_client_message(
            session=session, business=me, body=f"m{i}", now=NOW + timedelta(seconds=i)
        )
    with pytest.raises(Invalid) as err:
        portal_messages.send_client_message(
            session=session, business=me, body="mais uma", now=NOW + timedelta(seconds=11)
        )
    assert "muitas mensagens" in err.value.fields["body"]
    portal_messages.send_client_message(
        session=session, business=me, body="depois", now=NOW + timedelta(minutes=2)
    )

"""What the Mensagens page's tick and the reminder settings rely on: the conversations'
fingerprint changes exactly when the list would, and the team's reminder rules are saved
only by team.manage, with errors at the field."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import Session

from tests.factories import make_client, make_member, make_team
from treinico.models import Team
from treinico.services.agenda import settings as agenda_settings
from treinico.services.auth.portal import Business
from treinico.services.errors import Forbidden, Invalid
from treinico.services.messages import conversations as messages
from treinico.services.messages import portal as portal_messages
from treinico.services.permissions import Perm, Role

NOW = datetime(2026, 3, 10, 14, 0, tzinfo=UTC)


def test_stamp_moves_with_new_messages_and_reads_only(session: Session) -> None:
    t = make_team(session, "Studio Demo")
    other = make_team(session, "Outro")
    ana = make_client(session, t.team.id, "Ana Souza")
    me = Business(team_id=t.team.id, name="S", slug="s", client_id=ana, client_name="Ana Souza")
    empty = messages.conversations_stamp(session=session, actor=t.owner)
    assert empty == "0:0:0"

    messages.send_staff_message(session=session, actor=t.owner, client_id=ana, body="Oi", now=NOW)
    after_staff = messages.conversations_stamp(session=session, actor=t.owner)
    assert after_staff != empty
    assert messages.conversations_stamp(session=session, actor=t.owner) == after_staff

    portal_messages.send_client_message(
        session=session, business=me, body="Olá", now=NOW + timedelta(minutes=1)
    )
    after_client = messages.conversations_stamp(session=session, actor=t.owner)
    assert after_client != after_staff
    messages.open_conversation(session=session, actor=t.owner, client_id=ana, now=NOW)
    assert messages.conversations_stamp(session=session, actor=t.owner) != after_client

    # Another team's conversations never move this team's stamp.
    assert messages.conversations_stamp(session=session, actor=other.owner) == "0:0:0"
    nobody = make_member(session, t.team.id, Role.TRAINER, [Perm.AGENDA_READ])
    assert messages.conversations_stamp(session=session, actor=nobody) == ""


def test_reminder_rules_are_saved_by_team_manage_only(session: Session) -> None:
    t = make_team(session, "Studio Demo")
    setup = agenda_settings.agenda_setup(session=session, actor=t.owner)
    assert (setup.reminder_hour, setup.access_reminder_days) == (18, 3)

    agenda_settings.update_reminders(
        session=session, actor=t.owner, reminder_hour=7, access_reminder_days=5
    )
    team = session.get(Team, t.team.id)
    assert team is not None and (team.reminder_hour, team.access_reminder_days) == (7, 5)
    setup = agenda_settings.agenda_setup(session=session, actor=t.owner)
    assert (setup.reminder_hour, setup.access_reminder_days) == (7, 5)

    trainer = make_member(session, t.team.id, Role.TRAINER, [Perm.AGENDA_READ, Perm.CLIENTS_WRITE])
    with pytest.raises(Forbidden):
        agenda_settings.update_reminders(
            session=session, actor=trainer, reminder_hour=9, access_reminder_days=1
        )
    with pytest.raises(Invalid) as bad:
        agenda_settings.update_reminders(
            session=session, actor=t.owner, reminder_hour=24, access_reminder_days=None
        )
    assert set(bad.value.fields) == {"reminder_hour", "access_reminder_days"}
    session.refresh(team)
    assert (team.reminder_hour, team.access_reminder_days) == (7, 5)

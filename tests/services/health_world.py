"""A clinic with Saúde on, its owner, a trainer without health permissions, a health
professional, and Ana, who has given termos and saúde. Shared by the health tests."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlmodel import Session

from tests.factories import make_client, make_member, make_team
from treinico.models import Team
from treinico.services.actor import Actor
from treinico.services.auth.portal import Business
from treinico.services.permissions import Role
from treinico.services.privacy import consent

NOW = datetime(2026, 3, 10, 15, 0, tzinfo=UTC)
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32 + b"IEND\xaeB`\x82"


@dataclass
class Clinic:
    team_id: int
    slug: str
    owner: Actor
    trainer: Actor
    physio: Actor
    ana: int
    ana_phone: str

    def business(self, client_id: int | None = None, name: str = "Ana Souza") -> Business:
        return Business(
            team_id=self.team_id,
            name="Clínica",
            slug=self.slug,
            client_id=client_id or self.ana,
            client_name=name,
        )


def make_clinic(session: Session, *, consents: tuple[str, ...] = ("termos", "saude")) -> Clinic:
    t = make_team(session)
    team = session.get(Team, t.team.id)
    assert team is not None
    team.health_enabled = True
    session.add(team)
    phone = f"+55119{80000000 + t.team.id:08d}"
    ana = make_client(session, t.team.id, "Ana Souza", phone=phone)
    for purpose in consents:
        consent.record(
            session, team_id=t.team.id, client_id=ana, purpose=purpose, give=True, now=NOW
        )
    return Clinic(
        team_id=t.team.id,
        slug=t.team.slug,
        owner=t.owner,
        trainer=make_member(session, t.team.id, Role.TRAINER),
        physio=make_member(session, t.team.id, Role.HEALTH),
        ana=ana,
        ana_phone=phone,
    )

"""The demo teams' public pages: Studio Demo with its description, address, WhatsApp, two
session types, its plan and its assessment listed; Clínica Movimento as a clinic. Added once,
also to a database seeded before."""

from __future__ import annotations

from sqlmodel import Session, col, select

from treinico.models import Product, PublicProfile, SessionType, Team

DEMO_PAGES = {
    "studio-demo": {
        "kind": "studio",
        "description": "Personal e pilates em grupo na Vila Mariana, com acompanhamento de "
        "perto. Clientes acompanham agenda, plano e evolução pela área do cliente.",
        "address": "Rua Domingos de Morais, 1200 — Vila Mariana, São Paulo — SP",
        "whatsapp_e164": "+5511940001234",
        "sessions": ("Personal", "Pilates em grupo"),
        "products": ("Personal 3x", "Avaliação Física"),
    },
    "clinica-movimento": {
        "kind": "clinic",
        "description": "Fisioterapia e reabilitação com acompanhamento de perto. Pacientes "
        "acompanham sessões e evolução pela área do cliente.",
        "address": "Av. Paulista, 900 — Bela Vista, São Paulo — SP",
        "whatsapp_e164": "+5511940005678",
        "sessions": (),
        "products": ("Pacote Fisioterapia 10 sessões",),
    },
}


def seed_public_pages(*, session: Session) -> bool:
    added = False
    for slug, spec in DEMO_PAGES.items():
        team = session.exec(select(Team).where(Team.slug == slug)).first()
        if team is None or session.get(PublicProfile, team.id) is not None:
            continue
        session.add(
            PublicProfile(
                team_id=team.id or 0,
                kind=str(spec["kind"]),
                description=str(spec["description"]),
                address=str(spec["address"]),
                whatsapp_e164=str(spec["whatsapp_e164"]),
            )
        )
        for st in session.exec(
            select(SessionType).where(
                SessionType.team_id == team.id, col(SessionType.name).in_(spec["sessions"])
            )
        ):
            st.public = True
            session.add(st)
        for p in session.exec(
            select(Product).where(
                Product.team_id == team.id, col(Product.name).in_(spec["products"])
            )
        ):
            p.public = True
            session.add(p)
        added = True
    session.flush()
    return added

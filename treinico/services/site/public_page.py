"""The business's public page (`/{slug}`): what it says, read for visitors and crawlers, and
the owner's "Página pública" settings. A team that never saved them gets sensible defaults:
a description by kind, the opening hours of its agenda, the app's mark as logo."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import quote

from sqlmodel import Session, col, select

from treinico.models import Product, PublicProfile, SessionType, Team
from treinico.services.actor import Actor
from treinico.services.agenda.plans import period_suffix
from treinico.services.errors import Invalid, NotFound
from treinico.services.formatting import fmt_money
from treinico.services.permissions import Perm
from treinico.services.phones import display_phone, parse_mobile
from treinico.services.site import opening_hours as oh
from treinico.services.site.brand import process_logo

# kind -> (label in Configurações, schema.org type)
KINDS = {
    "personal": ("Personal trainer", "LocalBusiness"),
    "studio": ("Studio ou academia", "ExerciseGym"),
    "clinic": ("Clínica", "MedicalClinic"),
}
DEFAULT_DESCRIPTIONS = {
    "personal": "Treino personalizado com acompanhamento de perto. Agenda, plano e evolução na "
    "área do cliente.",
    "studio": "Treinos com acompanhamento de perto. Agenda, plano, tarefas e evolução na área "
    "do cliente.",
    "clinic": "Atendimento com acompanhamento de perto. Agenda, plano e evolução na área do "
    "cliente.",
}
DESCRIPTION_MAX = 300
ADDRESS_MAX = 200
GREETING = "Olá! Vim pela página da {name} e gostaria de saber mais."


@dataclass(frozen=True)
class Offer:
    name: str
    detail: str  # "50 min · individual" or "R$ 480,00/mês"


@dataclass(frozen=True)
class HoursLine:
    day: str  # "Segunda"
    text: str  # "06:00–12:00, 14:00–21:00" or "Fechado"


@dataclass(frozen=True)
class PublicPage:
    name: str
    slug: str
    kind: str
    schema_type: str
    description: str
    address: str
    map_url: str  # "" without an address
    phone_e164: str
    phone_display: str
    whatsapp_url: str  # wa.me link with a pt-BR greeting, "" without a number
    hours: list[HoursLine]
    week: oh.Week
    sessions: list[Offer]
    products: list[Offer]
    logo_version: str  # "" without a logo; changes with each upload (cache busting)


@dataclass(frozen=True)
class Choice:
    id: int
    name: str
    detail: str
    public: bool


@dataclass(frozen=True)
class PublicSettings:
    slug: str
    kind: str
    description: str
    description_default: str
    address: str
    whatsapp: str  # as typed back: "(11) 94000-1234"
    hours_from_agenda: bool
    days: list[str]  # seven lines for the form
    agenda_days: list[str]  # what the agenda says, to show while the switch is on
    sessions: list[Choice]
    products: list[Choice]
    has_logo: bool
    logo_version: str


def _team(session: Session, slug: str) -> Team:
    team = session.exec(select(Team).where(Team.slug == (slug or "")[:60].lower())).first()
    if team is None:
        raise NotFound("Página não encontrada.")
    return team


def _profile(session: Session, team: Team) -> PublicProfile:
    """The saved profile, or an unsaved one with the defaults."""
    found = session.get(PublicProfile, team.id)
    if found is not None:
        return found
    return PublicProfile(team_id=team.id or 0, kind="clinic" if team.health_enabled else "studio")


def _version(profile: PublicProfile) -> str:
    return str(int(profile.updated_at.timestamp())) if profile.logo_png else ""


def _week(session: Session, team_id: int, profile: PublicProfile) -> oh.Week:
    return oh.stored_week(profile.hours) or oh.agenda_week(session, team_id)


def _session_detail(st: SessionType) -> str:
    who = "individual" if st.capacity == 1 else f"em grupo, até {st.capacity} pessoas"
    return f"{st.duration_minutes} min · {who}"


def _product_detail(p: Product) -> str:
    return f"{fmt_money(p.price_cents, p.currency)}{period_suffix(p)}"


def _session_types(session: Session, team_id: int) -> list[SessionType]:
    return list(
        session.exec(
            select(SessionType)
            .where(SessionType.team_id == team_id, col(SessionType.archived).is_(False))
            .order_by(col(SessionType.name))
        ).all()
    )


def _products(session: Session, team_id: int) -> list[Product]:
    return list(
        session.exec(
            select(Product)
            .where(
                Product.team_id == team_id,
                col(Product.active).is_(True),
                col(Product.archived).is_(False),
            )
            .order_by(col(Product.price_cents), col(Product.name))
        ).all()
    )


def whatsapp_link(e164: str, business: str) -> str:
    if not e164:
        return ""
    return f"https://wa.me/{e164.lstrip('+')}?text={quote(GREETING.format(name=business))}"


def map_link(address: str) -> str:
    if not address:
        return ""
    return f"https://www.google.com/maps/search/?api=1&query={quote(address)}"


def public_page(*, session: Session, slug: str) -> PublicPage:
    """Everything `/{slug}` shows. Raises NotFound for an unknown business."""
    team = _team(session, slug)
    team_id = team.id or 0
    profile = _profile(session, team)
    kind = profile.kind if profile.kind in KINDS else "studio"
    week = _week(session, team_id, profile)
    return PublicPage(
        name=team.name,
        slug=team.slug,
        kind=kind,
        schema_type=KINDS[kind][1],
        description=profile.description.strip() or DEFAULT_DESCRIPTIONS[kind],
        address=profile.address,
        map_url=map_link(profile.address),
        phone_e164=profile.whatsapp_e164,
        phone_display=display_phone(profile.whatsapp_e164) if profile.whatsapp_e164 else "",
        whatsapp_url=whatsapp_link(profile.whatsapp_e164, team.name),
        hours=[HoursLine(day=day, text=oh.day_label(week[i])) for i, day in enumerate(oh.WEEKDAYS)]
        if any(week)
        else [],
        week=week,
        sessions=[
            Offer(name=st.name, detail=_session_detail(st))
            for st in _session_types(session, team_id)
            if st.public
        ],
        products=[
            Offer(name=p.name, detail=_product_detail(p))
            for p in _products(session, team_id)
            if p.public
        ]
        if team.commerce_enabled  # products belong to the Commerce module
        else [],
        logo_version=_version(profile),
    )


def card_version(name: str, logo_version: str) -> str:
    """What the share card's address carries: a new name or a new logo is a new address."""
    return hashlib.sha256(f"{name}|{logo_version}".encode()).hexdigest()[:12]


def logo_of(*, session: Session, slug: str) -> tuple[str, str, bytes | None]:
    """(name, share card version, stored logo PNG or None) of the business at ``slug``: what
    its logo and its share card are drawn from. Raises NotFound."""
    team = _team(session, slug)
    profile = session.get(PublicProfile, team.id)
    logo = profile.logo_png if profile is not None else None
    version = _version(profile) if profile is not None else ""
    return team.name, card_version(team.name, version), logo


# --- Configurações → Página pública ----------------------------------------------------------


def _owner_team(session: Session, actor: Actor) -> Team:
    actor.require(Perm.TEAM_MANAGE)
    team = session.get(Team, actor.team_id)
    if team is None:
        raise NotFound("Equipe não encontrada.")
    return team


def _settings(session: Session, team: Team) -> PublicSettings:
    team_id = team.id or 0
    profile = _profile(session, team)
    kind = profile.kind if profile.kind in KINDS else "studio"
    stored = oh.stored_week(profile.hours)
    agenda = oh.agenda_week(session, team_id)
    return PublicSettings(
        slug=team.slug,
        kind=kind,
        description=profile.description,
        description_default=DEFAULT_DESCRIPTIONS[kind],
        address=profile.address,
        whatsapp=display_phone(profile.whatsapp_e164) if profile.whatsapp_e164 else "",
        hours_from_agenda=stored is None,
        days=[oh.day_text(day) for day in (stored or agenda)],
        agenda_days=[oh.day_label(day) for day in agenda],
        sessions=[
            Choice(id=st.id or 0, name=st.name, detail=_session_detail(st), public=st.public)
            for st in _session_types(session, team_id)
        ],
        products=[
            Choice(id=p.id or 0, name=p.name, detail=_product_detail(p), public=p.public)
            for p in _products(session, team_id)
        ]
        if team.commerce_enabled
        else [],
        has_logo=profile.logo_png is not None,
        logo_version=_version(profile),
    )


def public_settings(*, session: Session, actor: Actor) -> PublicSettings:
    return _settings(session, _owner_team(session, actor))


def _stored(session: Session, team: Team) -> PublicProfile:
    profile = _profile(session, team)
    session.add(profile)
    return profile


def _ids(raw: object) -> set[int]:
    if not isinstance(raw, list | tuple | set):
        return set()
    out = set()
    for item in raw:
        try:
            out.add(int(item))
        except (TypeError, ValueError):
            continue
    return out


def save_public_settings(
    *, session: Session, actor: Actor, form: dict[str, object], now: datetime
) -> PublicSettings:
    """Save the whole form at once. Every field error is reported together (Invalid.fields:
    ``kind``, ``description``, ``address``, ``whatsapp``, ``hours_0``..``hours_6``) and
    nothing is saved until all are right."""
    team = _owner_team(session, actor)
    errors: dict[str, str] = {}
    kind = str(form.get("kind") or "studio")
    if kind not in KINDS:
        errors["kind"] = "Escolha o tipo de negócio."
    description = str(form.get("description") or "").strip()
    if len(description) > DESCRIPTION_MAX:
        errors["description"] = f"Use até {DESCRIPTION_MAX} caracteres ({len(description)} agora)."
    address = " ".join(str(form.get("address") or "").split())
    if len(address) > ADDRESS_MAX:
        errors["address"] = f"Use até {ADDRESS_MAX} caracteres."
    phone = ""
    typed = str(form.get("whatsapp") or "").strip()
    if typed:
        try:
            phone = parse_mobile(typed, field="whatsapp")
        except Invalid as error:
            errors.update(error.fields)
    from_agenda = bool(form.get("hours_from_agenda", True))
    week: oh.Week | None = None
    if not from_agenda:
        raw_days = form.get("days")
        days = [str(d) for d in raw_days] if isinstance(raw_days, list) else []
        try:
            week = oh.parse_week(days)
        except Invalid as error:
            errors.update(error.fields)
    if errors:
        raise Invalid("Confira os campos destacados.", fields=errors)
    profile = _stored(session, team)
    profile.kind, profile.description, profile.address = kind, description, address
    profile.whatsapp_e164 = phone
    profile.hours = None if week is None else [[list(w) for w in day] for day in week]
    profile.updated_at = now
    public_sessions, public_products = _ids(form.get("sessions")), _ids(form.get("products"))
    for st in _session_types(session, team.id or 0):
        st.public = (st.id or 0) in public_sessions
        session.add(st)
    for p in _products(session, team.id or 0) if team.commerce_enabled else []:
        p.public = (p.id or 0) in public_products
        session.add(p)
    session.flush()
    return _settings(session, team)


def save_logo(
    *, session: Session, actor: Actor, data: bytes, filename: str, now: datetime
) -> PublicSettings:
    team = _owner_team(session, actor)
    png = process_logo(data, filename)
    profile = _stored(session, team)
    profile.logo_png, profile.updated_at = png, now
    session.flush()
    return _settings(session, team)


def remove_logo(*, session: Session, actor: Actor, now: datetime) -> PublicSettings:
    team = _owner_team(session, actor)
    profile = _stored(session, team)
    profile.logo_png, profile.updated_at = None, now
    session.flush()
    return _settings(session, team)

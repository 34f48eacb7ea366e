"""The public page's content and the owner's "Página pública" settings, on both databases."""

from __future__ import annotations

import io
from datetime import UTC, datetime

import pytest
from PIL import Image
from sqlmodel import Session

from tests.factories import make_agenda, make_member, make_team
from treinico.services.errors import Forbidden, Invalid, NotFound
from treinico.services.permissions import Role
from treinico.services.site import opening_hours as oh
from treinico.services.site.public_page import (
    DEFAULT_DESCRIPTIONS,
    logo_of,
    public_page,
    public_settings,
    remove_logo,
    save_logo,
    save_public_settings,
)

NOW = datetime(2026, 12, 4, 12, 0, tzinfo=UTC)


def _image(fmt: str, size: tuple[int, int] = (1600, 800)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (15, 118, 110)).save(out, format=fmt)
    return out.getvalue()


def _form(**overrides: object) -> dict[str, object]:
    form: dict[str, object] = {
        "kind": "studio",
        "description": "Pilates e treino funcional na Vila Mariana.",
        "address": "Rua Domingos de Morais, 1200 — Vila Mariana, São Paulo — SP",
        "whatsapp": "(11) 94000-1234",
        "hours_from_agenda": True,
        "days": [],
        "sessions": [],
        "products": [],
    }
    form.update(overrides)
    return form


def test_a_new_team_gets_a_page_that_is_never_empty(session: Session) -> None:
    world = make_agenda(session, "Studio Novo")
    slug = public_settings(session=session, actor=world.owner).slug
    page = public_page(session=session, slug=slug)
    assert page.name == "Studio Novo"
    assert page.description == DEFAULT_DESCRIPTIONS["studio"]
    assert page.schema_type == "ExerciseGym"
    # The agenda's seg–sex 06:00–21:00, fechado on the weekend.
    assert [(h.day, h.text) for h in page.hours] == [
        ("Segunda", "06:00–21:00"),
        ("Terça", "06:00–21:00"),
        ("Quarta", "06:00–21:00"),
        ("Quinta", "06:00–21:00"),
        ("Sexta", "06:00–21:00"),
        ("Sábado", "Fechado"),
        ("Domingo", "Fechado"),
    ]
    assert page.whatsapp_url == "" and page.address == "" and page.logo_version == ""
    assert page.sessions == [] and page.products == []  # nothing is listed until marked


def test_a_team_without_hours_shows_no_hours_and_a_clinic_is_a_medical_clinic(
    session: Session,
) -> None:
    t = make_team(session, "Clínica Nova")
    save_public_settings(session=session, actor=t.owner, form=_form(kind="clinic"), now=NOW)
    page = public_page(session=session, slug=t.team.slug)
    assert page.hours == [] and page.schema_type == "MedicalClinic"


def test_unknown_business_is_not_found(session: Session) -> None:
    with pytest.raises(NotFound):
        public_page(session=session, slug="nao-existe")
    with pytest.raises(NotFound):
        logo_of(session=session, slug="nao-existe")


def test_saved_settings_show_on_the_page(session: Session) -> None:
    world = make_agenda(session, "Studio Salvo")
    owner = world.owner
    form = _form(
        sessions=[world.session_type_id],
        products=[world.product_id],
        hours_from_agenda=False,
        days=["06:00-12:00, 14h-21h", "6h às 12h", "", "fechado", "07:00–11:00", "08:00-12:00", ""],
    )
    view = save_public_settings(session=session, actor=owner, form=form, now=NOW)
    assert view.whatsapp == "(11) 94000-1234" and not view.hours_from_agenda
    assert view.days[0] == "06:00–12:00, 14:00–21:00" and view.days[2] == ""
    page = public_page(session=session, slug=view.slug)
    assert page.whatsapp_url.startswith("https://wa.me/5511940001234?text=Ol%C3%A1%21")
    assert "Studio%20Salvo" in page.whatsapp_url
    assert page.map_url.startswith("https://www.google.com/maps/search/?api=1&query=Rua%20")
    assert [(o.name, o.detail) for o in page.sessions] == [("Personal", "60 min · individual")]
    assert [(o.name, o.detail) for o in page.products] == [("Personal 3x", "R$ 480,00/mês")]
    assert page.hours[0].text == "06:00–12:00, 14:00–21:00"
    assert page.hours[1].text == "06:00–12:00" and page.hours[2].text == "Fechado"
    hours = oh.schema_hours(page.week)
    assert hours[0] == {
        "@type": "OpeningHoursSpecification",
        "dayOfWeek": "https://schema.org/Monday",
        "opens": "06:00",
        "closes": "12:00",
    }
    # Back to the agenda's hours, and nothing listed any more.
    view = save_public_settings(session=session, actor=owner, form=_form(), now=NOW)
    assert view.hours_from_agenda and view.days[0] == "06:00–21:00"
    page = public_page(session=session, slug=view.slug)
    assert page.sessions == [] and page.products == [] and page.hours[0].text == "06:00–21:00"


def test_every_bad_field_is_reported_at_once_and_nothing_is_saved(session: Session) -> None:
    world = make_agenda(session)
    bad = _form(
        kind="academia",
        description="x" * 301,
        whatsapp="1234",
        hours_from_agenda=False,
        days=["06:00-12:00", "25:00-26:00", "", "12:00-08:00", "", "manhã", ""],
    )
    with pytest.raises(Invalid) as caught:
        save_public_settings(session=session, actor=world.owner, form=bad, now=NOW)
    assert set(caught.value.fields) == {
        "kind",
        "description",
        "whatsapp",
        "hours_1",
        "hours_3",
        "hours_5",
    }
    assert caught.value.fields["hours_3"] == "O fim precisa ser depois do início."
    view = public_settings(session=session, actor=world.owner)
    assert view.description == "" and view.whatsapp == "" and view.hours_from_agenda


def test_only_who_manages_the_team_edits_the_page(session: Session) -> None:
    world = make_agenda(session)
    trainer = make_member(session, world.team_id, role=Role.TRAINER)
    with pytest.raises(Forbidden):
        public_settings(session=session, actor=trainer)
    with pytest.raises(Forbidden):
        save_public_settings(session=session, actor=trainer, form=_form(), now=NOW)
    with pytest.raises(Forbidden):
        save_logo(session=session, actor=trainer, data=_image("PNG"), filename="l.png", now=NOW)


def test_one_team_marks_only_its_own_services(session: Session) -> None:
    mine, theirs = make_agenda(session), make_agenda(session)
    form = _form(sessions=[theirs.session_type_id], products=[theirs.product_id])
    save_public_settings(session=session, actor=mine.owner, form=form, now=NOW)
    for world in (mine, theirs):
        slug = public_settings(session=session, actor=world.owner).slug
        page = public_page(session=session, slug=slug)
        assert page.sessions == [] and page.products == []


def test_logos_are_checked_by_content_and_resized(session: Session) -> None:
    t = make_team(session)
    view = save_logo(
        session=session, actor=t.owner, data=_image("JPEG"), filename="Logo.JPG", now=NOW
    )
    assert view.has_logo and view.logo_version
    _name, _version, png = logo_of(session=session, slug=t.team.slug)
    assert png is not None
    with Image.open(io.BytesIO(png)) as stored:
        assert stored.format == "PNG" and stored.size == (512, 256)
    save_logo(session=session, actor=t.owner, data=_image("WEBP"), filename="logo.webp", now=NOW)
    refused = {
        "logo.png": b"%PDF-1.7 not an image at all",  # an image's name, other content
        "foto.jpeg": _image("PNG"),  # a real image, but not what the name says
        "logo.gif": _image("GIF"),
        "logo.svg": b"<svg xmlns='http://www.w3.org/2000/svg'/>",
        "vazio.png": b"",
        "grande.png": b"\x89PNG\r\n\x1a\n" + b"0" * (2 * 1024 * 1024),
        "enorme.png": _image("PNG", (5000, 10)),  # a few KB, but refused from its header
    }
    for name, data in refused.items():
        with pytest.raises(Invalid) as caught:
            save_logo(session=session, actor=t.owner, data=data, filename=name, now=NOW)
        assert set(caught.value.fields) == {"logo"}, name
    assert "embora o nome diga" in _message(t, session, "logo.png", refused["logo.png"])
    assert "4096 x 4096" in _message(t, session, "enorme.png", refused["enorme.png"])
    palette = io.BytesIO()
    Image.new("P", (700, 700), 3).save(palette, format="PNG")
    save_logo(session=session, actor=t.owner, data=palette.getvalue(), filename="p.png", now=NOW)
    view = remove_logo(session=session, actor=t.owner, now=NOW)
    assert not view.has_logo
    assert logo_of(session=session, slug=t.team.slug)[2] is None


def _message(t, session: Session, name: str, data: bytes) -> str:  # type: ignore[no-untyped-def]
    try:
        save_logo(session=session, actor=t.owner, data=data, filename=name, now=NOW)
    except Invalid as error:
        return error.fields["logo"]
    raise AssertionError("accepted")


def test_hours_of_two_trainers_merge() -> None:
    assert oh.merge([(600, 840), (360, 720), (900, 960)]) == [(360, 840), (900, 960)]
    assert oh.parse_day("6h-12h e 14:30 até 18", field="h") == [(360, 720), (870, 1080)]
    assert oh.parse_day("00:00-24:00", field="h") == [(0, 1440)]
    assert oh.schema_hours([[(0, 1440)], [], [], [], [], [], []])[0]["closes"] == "23:59"


def test_with_commerce_off_no_product_is_listed_or_changed(session: Session) -> None:
    from treinico.services.teams import set_commerce_enabled

    world = make_agenda(session)
    form = _form(sessions=[world.session_type_id], products=[world.product_id])
    view = save_public_settings(session=session, actor=world.owner, form=form, now=NOW)
    set_commerce_enabled(session=session, actor=world.owner, enabled=False)
    page = public_page(session=session, slug=view.slug)
    assert page.products == [] and [o.name for o in page.sessions] == ["Personal"]
    view = save_public_settings(session=session, actor=world.owner, form=_form(), now=NOW)
    assert view.products == []
    set_commerce_enabled(session=session, actor=world.owner, enabled=True)
    page = public_page(session=session, slug=view.slug)
    assert [o.name for o in page.products] == ["Personal 3x"]  # kept while the module was off


def test_malformed_stored_hours_follow_the_agenda() -> None:
    assert oh.stored_week([[["x", 1]], [], [], [], [], [], []]) is None
    assert oh.stored_week([[[600, 300]], [], [], [], [], [], []]) is None
    assert oh.stored_week([[], [], []]) is None
    assert oh.stored_week([[[360, 720]], [], [], [], [], [], []]) == [[(360, 720)]] + [[]] * 6

"""The client's homework and measurements in the portal, phone first (390x844, touch) and
desktop: move a task Em andamento then Concluído with one tap, "Desfazer", and staff see in
the task's history that the client changed it through the portal; Ana sees her three charts
with the seed's numbers, and the home shows the summaries.

Each viewport arranges its own client and tasks through the services on the e2e database;
Ana's demo data is only read, and she logs in once (her code sends are limited)."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlmodel import select

from tests.e2e.conftest import VIEWPORTS, RunningApp, shot
from tests.e2e.test_portal import login, wait_for_send_cooldown
from tests.e2e.test_portal_agenda import (
    SLUG,
    Arranged,
    _numbers,
    _owner,
    device,  # noqa: F401  (fixture)
    enter,
    phone,  # noqa: F401  (fixture)
    settle,
)
from treinico.db import make_engine, unit_of_work
from treinico.models import TaskTemplate
from treinico.services.clients import ClientInput, create_client
from treinico.services.homework import history as homework_history
from treinico.services.homework import tasks as homework
from treinico.services.privacy import consent

pytestmark = pytest.mark.e2e

TREINO_A = "Treino A — 3x12 agachamento, supino, remada"
LINK = "https://exemplo.com.br/treino-a"
ANA_PATHS = [
    "Peso: 85 kg → 82 kg → 79 kg (−6 kg)",
    "% Gordura: 22% → 20% → 18% (−4%)",
    "Circunferência abdominal: 95 cm → 91 cm → 88 cm (−7 cm)",
]


def arrange_tasks(app: RunningApp, first_name: str) -> tuple[Arranged, int]:
    """A new client of Studio Demo with "Treino A" from the template (due in 3 days, with a
    link in the instructions) and an overdue task; returns the client and Treino A's id."""
    engine = make_engine(app.database_url)
    n = next(_numbers)
    e164 = f"+55119{30000000 + n % 60000000:08d}"
    name = f"{first_name} Teste{n}"
    now = datetime.now(UTC)
    try:
        with unit_of_work(engine) as session:
            team, actor = _owner(session)
            today = now.astimezone(ZoneInfo(team.timezone)).date()
            client = create_client(
                session=session, actor=actor, data=ClientInput(name=name, phone=e164), now=now
            )
            # Like every demo client, this one has accepted the terms (no terms screen).
            consent.record(
                session,
                team_id=team.id or 0,
                client_id=client.id,
                purpose="termos",
                give=True,
                now=now,
            )
            template = session.exec(
                select(TaskTemplate).where(
                    TaskTemplate.team_id == team.id, TaskTemplate.title == TREINO_A
                )
            ).one()
            task = homework.create_task(
                session=session,
                actor=actor,
                client_id=client.id,
                title="",
                instructions=f"3 séries de 12. Vídeo: {LINK}.",
                due_on=today + timedelta(days=3),
                now=now,
                template_id=template.id,
            )
            homework.create_task(
                session=session,
                actor=actor,
                client_id=client.id,
                title="Mandar foto do diário alimentar",
                instructions="",
                due_on=today - timedelta(days=2),
                now=now,
            )
    finally:
        engine.dispose()
    return Arranged(name=name, e164=e164, client_id=client.id, rows=[]), task.id


def history(app: RunningApp, task_id: int) -> list[homework_history.HistoryRow]:
    engine = make_engine(app.database_url)
    try:
        with unit_of_work(engine) as session:
            _, actor = _owner(session)
            return homework_history.task_history(session=session, actor=actor, task_id=task_id)
    finally:
        engine.dispose()


def test_the_client_moves_a_task_and_undoes_it(device, app_server: RunningApp) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    who, task_id = arrange_tasks(app_server, "Tânia")
    enter(device, app_server, who)
    summary = device.get_by_test_id("home-task")
    summary.first.wait_for()
    assert device.get_by_test_id("open-count").inner_text() == "2 tarefas em aberto"
    # Overdue first, then the one due within the week ("prazo: <weekday>").
    assert "Mandar foto do diário alimentar" in summary.nth(0).inner_text()
    assert "Atrasada" in summary.nth(0).inner_text()
    assert TREINO_A in summary.nth(1).inner_text()
    assert re.search(r"prazo: \w+", summary.nth(1).inner_text())

    device.get_by_role("link", name="Ver tarefas").click()
    device.wait_for_url(re.compile(r".*/studio-demo/area-do-cliente/tarefas$"))
    pending = device.get_by_test_id("group-pendente")
    task = pending.get_by_test_id("portal-task").filter(has_text=TREINO_A)
    task.wait_for()
    link = task.get_by_role("link", name=LINK)
    assert link.get_attribute("target") == "_blank"
    assert set((link.get_attribute("rel") or "").split()) >= {"noopener", "noreferrer"}
    start = task.get_by_role("button", name=f"Começar: {TREINO_A}")
    box = start.bounding_box()
    assert box is not None and box["height"] >= 44
    if device.viewport_size["width"] < 600:
        # Full width on the phone (the card's padding aside).
        assert box["width"] >= device.viewport_size["width"] - 80
    assert device.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert device.locator("main").count() == 1
    settle(device)
    shot(device, "portal-tasks")

    start.click()
    doing = device.get_by_test_id("group-em_andamento").get_by_test_id("portal-task")
    doing.filter(has_text=TREINO_A).wait_for()
    device.get_by_text("Tarefa em andamento.").wait_for()
    doing.filter(has_text=TREINO_A).get_by_role("button", name=f"Concluir: {TREINO_A}").click()
    done = device.get_by_test_id("group-concluido").get_by_test_id("portal-task")
    done.filter(has_text=TREINO_A).wait_for()
    bar = device.get_by_test_id("undo-bar")
    bar.get_by_text(f"“{TREINO_A}” foi para Concluído.").wait_for()
    toast = device.locator("[data-sonner-toast]").filter(has_text="Tarefa concluída")
    toast.get_by_role("button", name="Desfazer").wait_for()
    action = toast.get_by_role("button", name="Desfazer").bounding_box()
    assert action is not None and action["height"] >= 40
    device.wait_for_timeout(600)  # the toast finishes sliding in
    shot(device, "portal-task-undo")

    # "Desfazer" in the toast on the phone, in the bar on the desktop: both undo the move.
    if device.viewport_size["width"] < 600:
        toast.get_by_role("button", name="Desfazer").click()
    else:
        bar.get_by_role("button", name="Desfazer").click()
    doing.filter(has_text=TREINO_A).wait_for()
    bar.wait_for(state="detached")
    assert done.filter(has_text=TREINO_A).count() == 0

    rows = history(app_server, task_id)
    moves = [(r.label, r.actor_name, r.channel) for r in rows if "→" in r.label]
    assert moves == [
        ("Concluído → Em andamento", who.name, "Portal"),
        ("Em andamento → Concluído", who.name, "Portal"),
        ("Pendente → Em andamento", who.name, "Portal"),
    ]
    assert rows[-1].label == "Tarefa criada" and rows[-1].channel == "Painel"

    # No assessment yet: "Minha evolução" says so (and draws no chart).
    device.goto(f"{app_server.base}/{SLUG}/area-do-cliente/evolucao")
    device.get_by_text("Nenhuma medição ainda").wait_for()
    assert device.locator(".js-plotly-plot").count() == 0


def test_ana_sees_her_progress_charts(phone, browser, app_server: RunningApp) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    """Ana logs in once on the phone; the desktop view reuses her session cookie."""
    wait_for_send_cooldown(app_server, "+5511987654321")
    login(phone, app_server, SLUG, "+55 11 98765-4321", "+5511987654321")
    phone.get_by_test_id("business-choice").filter(has_text="Studio Demo").click()
    phone.get_by_text("Olá, Ana!").wait_for()
    home_paths = phone.get_by_test_id("metric-path")
    home_paths.first.wait_for()
    assert home_paths.all_inner_texts() == ANA_PATHS
    assert phone.locator(".js-plotly-plot").count() == 0  # no chart on the home
    phone.get_by_test_id("home-task").first.wait_for()
    phone.get_by_role("link", name="Ver gráficos").wait_for()
    settle(phone)
    shot(phone, "portal-home-homework")

    desktop_ctx = browser.new_context(
        viewport=VIEWPORTS["desktop"], locale="pt-BR", storage_state=phone.context.storage_state()
    )
    desktop_ctx.set_default_timeout(20_000)
    desktop = desktop_ctx.new_page()
    try:
        desktop.goto(f"{app_server.base}/{SLUG}/area-do-cliente")
        desktop.get_by_text("Olá, Ana!").wait_for()
        desktop.get_by_test_id("home-task").first.wait_for()
        desktop.get_by_test_id("metric-path").first.wait_for()
        settle(desktop)
        shot(desktop, "portal-home-homework")
        phone.get_by_role("link", name="Ver gráficos").click()
        phone.wait_for_url(re.compile(r".*/studio-demo/area-do-cliente/evolucao$"))
        desktop.goto(f"{app_server.base}/{SLUG}/area-do-cliente/evolucao")
        for page in (phone, desktop):
            cards = page.get_by_test_id("metric-card")
            cards.first.wait_for()
            assert cards.count() == 3
            for i, path in enumerate(ANA_PATHS):
                card = cards.nth(i)
                assert card.get_by_test_id("metric-path").inner_text() == path
                # The chart itself: plotly drew an SVG with the three points.
                card.locator(".js-plotly-plot .main-svg").first.wait_for()
                assert card.locator(".js-plotly-plot .scatterlayer .point").count() == 3
                assert card.get_by_role("row").count() == 4  # header + three assessments
            assert page.locator(".js-plotly-plot").count() == 3
            assert page.locator(".modebar").count() == 0
            rows = cards.nth(0).get_by_role("row")
            assert re.fullmatch(r"\d\d/\d\d/\d{4}\s+79 kg", rows.nth(1).inner_text().strip())
            assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
            page.wait_for_timeout(300)
            shot(page, "portal-progress")
    finally:
        desktop_ctx.close()

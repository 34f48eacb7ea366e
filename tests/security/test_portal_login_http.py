"""The server-rendered portal login: phone, code, portal cookie, with the same screens for
known and unknown phones, errors at their field, a signed step cookie that cannot be swapped,
and posts refused from other origins."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine
from starlette.testclient import TestClient

from tests.factories import make_client, make_team
from tests.security.conftest import Serve
from treinico.db import unit_of_work
from treinico.http.app import build_http_app
from treinico.http.gate import slug_gate
from treinico.http.portal_login import Step, decode_step, encode_step, step_cookie_name

BASE = "http://app.exemplo.com.br"
KNOWN = "+5511987650123"
UNKNOWN_TYPED = "(11) 90000-5555"


@pytest.fixture()
def outbox(tmp_path: Path) -> Path:
    return tmp_path / "outbox.jsonl"


@pytest.fixture()
def client(serve: Serve, outbox: Path) -> TestClient:
    return serve(
        lambda: slug_gate(build_http_app()),
        BASE,
        TREINICO_WHATSAPP_OUTBOX=str(outbox),
        TREINICO_LOGIN_SENDS_PER_IP_HOUR="1000",
    )


@pytest.fixture()
def slug(db: Engine) -> str:
    with unit_of_work(db) as s:
        team = make_team(s, "Studio Porta")
        make_client(s, team.team.id, "Carla Dias", phone=KNOWN)
        return team.team.slug


def _post(client: TestClient, slug: str, **form: str):  # type: ignore[no-untyped-def]
    return client.post(
        f"/{slug}/entrar", data=form, headers={"Origin": BASE}, follow_redirects=False
    )


def _code(outbox: Path, to: str, seconds: float = 10) -> str:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if outbox.exists():
            sent = [json.loads(x) for x in outbox.read_text().splitlines() if x.strip()]
            codes = [m["code"] for m in sent if m.get("to") == to and m.get("code")]
            if codes:
                return str(codes[-1])
        time.sleep(0.05)
    raise AssertionError(f"no code for {to}")


def test_the_phone_step_works_without_javascript(client: TestClient, slug: str) -> None:
    page = client.get(f"/{slug}/entrar")
    assert page.status_code == 200 and page.headers["cache-control"] == "no-store"
    # Under "no-referrer" the browser would post with "Origin: null", which is refused.
    assert page.headers["referrer-policy"] == "same-origin"
    html = page.text
    assert '<html lang="pt-BR">' in html and html.count("<main>") == 1
    assert "<title>Área do cliente · Studio Porta</title>" in html
    assert '<meta name="description"' in html
    assert '<label for="portal-phone">Seu WhatsApp</label>' in html
    assert f'<form method="post" action="/{slug}/entrar"' in html
    assert "Sua sessão terminou" not in html
    assert "Sua sessão terminou" in client.get(f"/{slug}/entrar?expirado=1").text
    assert client.get("/nao-existe/entrar").status_code == 404


def test_a_bad_phone_is_reported_at_the_field_and_kept(client: TestClient, slug: str) -> None:
    response = _post(client, slug, acao="enviar", phone="1234")
    assert response.status_code == 200
    assert "Telefone inválido" in response.text
    assert 'value="1234"' in response.text and 'aria-invalid="true"' in response.text
    assert step_cookie_name() not in response.cookies


def test_known_and_unknown_phones_get_the_same_answer(
    client: TestClient, slug: str, outbox: Path
) -> None:
    answers = []
    for typed in ("(11) 98765-0123", UNKNOWN_TYPED):
        response = _post(client, slug, acao="enviar", phone=typed)
        assert response.status_code == 303
        assert response.headers["location"] == f"/{slug}/entrar?etapa=codigo"
        answers.append((response.status_code, sorted(response.headers.keys())))
        code_page = client.get(f"/{slug}/entrar?etapa=codigo")
        assert "Digite o código" in code_page.text and "Código de 6 dígitos" in code_page.text
        assert 'data-wait="60"' in code_page.text or 'data-wait="59"' in code_page.text
        client.cookies.clear()
    assert answers[0] == answers[1]
    assert _code(outbox, KNOWN)
    sent = outbox.read_text()
    assert "+5511900005555" not in sent  # nobody's phone: no message


def test_the_right_code_logs_in_and_a_wrong_one_is_said_at_the_field(
    client: TestClient, slug: str, outbox: Path
) -> None:
    assert _post(client, slug, acao="enviar", phone="11987650123").status_code == 303
    code = _code(outbox, KNOWN)
    wrong = "000000" if code != "000000" else "111111"
    response = _post(client, slug, acao="verificar", code=wrong)
    assert response.status_code == 200
    assert "Código incorreto. Você ainda tem 4 tentativas." in response.text
    assert 'id="portal-code-error"' in response.text
    response = _post(client, slug, acao="verificar", code=code)
    assert response.status_code == 303
    # The portal cookie comes with this very answer (the post passed the origin check); no
    # GET address hands it out, so a link from another site cannot log anyone in.
    assert response.headers["location"] == f"/{slug}/area-do-cliente"
    cookies = response.headers.get_list("set-cookie")
    assert any(c.startswith("treinico_portal=") and "HttpOnly" in c for c in cookies)
    assert any(c.startswith('treinico_entrada=""') for c in cookies)  # the step is over
    assert client.get("/auth/portal?ticket=x", follow_redirects=False).status_code == 404


def test_a_big_or_chunked_form_is_refused(client: TestClient, slug: str) -> None:
    big = {"acao": "enviar", "phone": "1" * 5000}
    assert _post(client, slug, **big).status_code == 413

    def chunks():  # type: ignore[no-untyped-def]
        yield b"acao=enviar&phone="
        for _ in range(10):
            yield b"1" * 1000

    response = client.post(
        f"/{slug}/entrar",
        content=chunks(),
        headers={"Origin": BASE, "Content-Type": "application/x-www-form-urlencoded"},
        follow_redirects=False,
    )
    assert response.status_code == 413


def test_resend_waits_for_the_cool_down_and_change_number_starts_again(
    client: TestClient, slug: str
) -> None:
    assert _post(client, slug, acao="enviar", phone="11987650123").status_code == 303
    early = _post(client, slug, acao="reenviar")
    assert early.status_code == 200 and "Aguarde" in early.text and "Digite o código" in early.text
    back = _post(client, slug, acao="trocar")
    assert back.status_code == 303 and back.headers["location"] == f"/{slug}/entrar"
    assert "Seu WhatsApp" in client.get(f"/{slug}/entrar?etapa=codigo").text


def test_posts_from_another_site_are_refused(client: TestClient, slug: str) -> None:
    refused = (
        {"Origin": "https://outro.exemplo"},
        {"Origin": "null"},  # a sandboxed frame, or a page under "no-referrer"
        {"Referer": "https://outro.exemplo/x"},
    )
    for headers in refused:
        response = client.post(
            f"/{slug}/entrar",
            data={"acao": "enviar", "phone": "11987650123"},
            headers=headers,
            follow_redirects=False,
        )
        assert response.status_code == 403


def test_the_step_cookie_is_signed_and_tied_to_its_business(client: TestClient, slug: str) -> None:
    now = time.time()
    step = Step(slug, 7, KNOWN, "(11) 98765-0123", now, now + 600)
    value = encode_step(step)
    assert decode_step(value, slug, now) == step
    assert decode_step(value, "outro-negocio", now) is None
    assert decode_step(value, slug, now + 601) is None  # expired
    payload, signature = value.rsplit(".", 1)
    forged = encode_step(Step(slug, 8, KNOWN, "x", now, now + 600)).rsplit(".", 1)[0]
    assert decode_step(f"{forged}.{signature}", slug, now) is None
    assert decode_step(payload + ".x", slug, now) is None
    # A forged cookie in the browser is no step at all: the code form is not shown.
    client.cookies.set(step_cookie_name(), f"{forged}.{signature}")
    assert "Seu WhatsApp" in client.get(f"/{slug}/entrar?etapa=codigo").text
    response = _post(client, slug, acao="verificar", code="123456")
    assert response.status_code == 303 and response.headers["location"] == f"/{slug}/entrar"


def test_a_page_whose_session_ended_goes_back_to_this_login_only() -> None:
    from treinico import routes

    assert routes.portal_login_expired("studio-demo") == "/studio-demo/entrar?expirado=1"
    # The path comes from the browser: anything that is not a business address goes home.
    for bad in ("x');alert(1);('", "Studio-Demo", "", "a" * 61):
        assert routes.portal_login_expired(bad) == "/"

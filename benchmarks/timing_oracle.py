"""Does "Enviar código" (or the staff login) answer faster for strangers than for clients?

200 code requests for known phones and 200 for unknown ones, interleaved, through the same call
the portal page makes (`jobs.codes.request_and_queue`), with the Twilio stand-in answering
each send after 400 ms; then 200 staff logins with a known e-mail (wrong password) and 200 with
an unknown one (`services.auth.authenticate`). Prints medians, p95 and a two-sample
Kolmogorov–Smirnov test per pair: a large p-value means the two timings cannot be told apart.

    python -m benchmarks.timing_oracle             # SQLite in a temporary directory
    python -m benchmarks.timing_oracle --n 50
"""

from __future__ import annotations

import argparse
import math
import os
import statistics
import tempfile
import threading
import time
from collections.abc import Callable
from datetime import timedelta

from sqlmodel import SQLModel

from tests.integrations.test_whatsapp import (
    StandIn,
    StandInHandler,
    StandInServer,
    twilio_settings,
)
from treinico import db as db_module
from treinico import settings as settings_module
from treinico.db import unit_of_work
from treinico.integrations.whatsapp import TwilioSender
from treinico.jobs.codes import CodeDispatcher, request_and_queue
from treinico.models import Client
from treinico.models.base import utcnow
from treinico.services.auth.staff import authenticate
from treinico.services.teams import create_team

SEND_SECONDS = 0.4


def ks_2samp(a: list[float], b: list[float]) -> tuple[float, float]:
    """Two-sample Kolmogorov–Smirnov statistic D and its asymptotic p-value."""
    xs, ys = sorted(a), sorted(b)
    n, m = len(xs), len(ys)
    i = j = 0
    d = 0.0
    while i < n and j < m:
        x = min(xs[i], ys[j])
        while i < n and xs[i] <= x:
            i += 1
        while j < m and ys[j] <= x:
            j += 1
        d = max(d, abs(i / n - j / m))
    en = math.sqrt(n * m / (n + m))
    lam = (en + 0.12 + 0.11 / en) * d
    p = 2 * sum((-1) ** (k - 1) * math.exp(-2 * k * k * lam * lam) for k in range(1, 101))
    return d, min(1.0, max(0.0, p))


def p95(values: list[float]) -> float:
    return sorted(values)[int(0.95 * (len(values) - 1))]


def report(name: str, known: list[float], unknown: list[float]) -> None:
    d, p = ks_2samp(known, unknown)
    print(
        f"{name:28} known: median {statistics.median(known):6.2f} ms, p95 {p95(known):6.2f}"
        f" | unknown: median {statistics.median(unknown):6.2f} ms, p95 {p95(unknown):6.2f}"
        f" | KS D={d:.3f} p={p:.3f}"
    )


def interleaved(
    n: int, known: Callable[[int], object], unknown: Callable[[int], object]
) -> tuple[list[float], list[float]]:
    a: list[float] = []
    b: list[float] = []
    for i in range(n):
        for fn, out in ((known, a), (unknown, b)) if i % 2 == 0 else ((unknown, b), (known, a)):
            start = time.perf_counter()
            fn(i)
            out.append((time.perf_counter() - start) * 1000)
    return a, b


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=200)
    args = parser.parse_args()
    n = args.n
    path = os.path.join(tempfile.mkdtemp(), "oracle.db")
    os.environ["TREINICO_DATABASE_URL"] = f"sqlite:///{path}"
    os.environ["TREINICO_LOGIN_SENDS_PER_DAY"] = str(10 * n)
    settings_module.get_settings.cache_clear()
    db_module.get_engine.cache_clear()
    engine = db_module.get_engine()
    SQLModel.metadata.create_all(engine)
    with unit_of_work() as s:
        team = create_team(
            session=s,
            name="Clínica Teste",
            slug="clinica-teste",
            owner_email="dona@clinica.com.br",
            owner_name="Dona",
            owner_password="senha-de-teste-123",
        )
        for i in range(n):
            s.add(
                Client(
                    team_id=team.id,
                    name=f"Paciente {i}",
                    name_search=f"paciente {i}",
                    phone_e164=f"+55119{70000000 + i:08d}",
                )
            )

    server = StandInServer(("127.0.0.1", 0), StandInHandler)
    server.standin = StandIn(server, delay=SEND_SECONDS)
    threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True).start()
    base = f"http://127.0.0.1:{server.server_port}"
    senders = CodeDispatcher(
        TwilioSender(twilio_settings(base, "verify", TWILIO_TIMEOUT_SECONDS="5"))
    )

    def ask(prefix: int, net: int) -> Callable[[int], None]:
        def one(i: int) -> None:
            phone = f"+55119{prefix + i:08d}"
            request_and_queue(phone, f"10.{net}.{i // 250}.{i % 250}", "C", senders=senders)

        return one

    known, unknown = ask(70000000, 1), ask(80000000, 2)

    print(f"{n} + {n} requests; the stand-in answers each send after {SEND_SECONDS:.1f} s")
    report("Enviar código", *interleaved(n, known, unknown))
    while senders.in_flight:
        time.sleep(0.1)
    print(f"codes delivered to the stand-in: {len(server.standin.requests)} (expected {n})")

    start = utcnow()

    def staff(email: str) -> Callable[[int], None]:
        # Each attempt 16 minutes after the last, so the failure limits never cut in.
        def attempt(i: int) -> None:
            with unit_of_work() as s:
                authenticate(
                    session=s,
                    email=email,
                    password="senha-errada-123",
                    ip=f"10.3.{i // 250}.{i % 250}",
                    now=start + timedelta(minutes=16 * i),
                )

        return attempt

    report(
        "staff login (wrong password)",
        *interleaved(n, staff("dona@clinica.com.br"), staff("ninguem@clinica.com.br")),
    )
    server.standin.stop.set()
    server.shutdown()


if __name__ == "__main__":
    main()

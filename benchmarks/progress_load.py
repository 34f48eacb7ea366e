"""Does Plotly stay on the chart page? Bytes and requests of a cold first load (fresh
profile, cache disabled) of the portal login, the portal home and "Minha evolução", logged
in as Ana (demo data), on a phone viewport, against a running app (`make run` first).

    python -m benchmarks.progress_load [--base http://localhost:3000] [--runs 3]

Ana logs in once (her code sends are limited); every measured load is a new browser
context with only her session cookie. A response counts as Plotly's bundle when its URL
says so (Vite names the lazy chunk after the package: assets/plotly-basic.min-<hash>.js).
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks.portal_load import ARGS, _code
from treinico.settings import get_settings

ANA_TYPED, ANA = "(11) 98765-4321", "+5511987654321"
PAGES = {
    "login": "/studio-demo/entrar",
    "home": "/studio-demo/area-do-cliente",
    "evolucao": "/studio-demo/area-do-cliente/evolucao",
}
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}


@dataclass
class Load:
    bytes: int = 0
    requests: int = 0
    plotly_bytes: int = 0
    urls: dict[str, int] = field(default_factory=dict)


def _login(browser, base: str, outbox: Path) -> dict:  # type: ignore[no-untyped-def,type-arg]
    context = browser.new_context(**PHONE)
    page = context.new_page()
    before = 0
    if outbox.exists():
        before = sum(1 for x in outbox.read_text().splitlines() if json.loads(x)["to"] == ANA)
    page.goto(f"{base}/studio-demo/entrar")
    page.get_by_label("Seu WhatsApp").fill(ANA_TYPED)
    page.get_by_role("button", name="Enviar código").click()
    page.get_by_label("Código de 6 dígitos").fill(_code(outbox, ANA, before))
    page.get_by_role("button", name="Entrar").click()
    page.get_by_test_id("business-choice").filter(has_text="Studio Demo").click()
    page.get_by_text("Olá, Ana!").wait_for()
    state = context.storage_state()
    context.close()
    return state  # type: ignore[return-value]


def _measure(browser, base: str, name: str, cookies: dict | None) -> Load:  # type: ignore[no-untyped-def,type-arg]
    context = browser.new_context(**PHONE, storage_state=cookies)
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    load = Load()
    urls: dict[str, str] = {}

    def response(event: dict) -> None:  # type: ignore[type-arg]
        urls[event["requestId"]] = event["response"]["url"]

    def finished(event: dict) -> None:  # type: ignore[type-arg]
        size = int(event.get("encodedDataLength", 0))
        load.bytes += size
        load.requests += 1
        url = urls.get(event["requestId"], "?")
        load.urls[url] = load.urls.get(url, 0) + size
        if "plotly" in url.lower():
            load.plotly_bytes += size

    cdp.on("Network.responseReceived", response)
    cdp.on("Network.loadingFinished", finished)
    page.goto(base + PAGES[name])
    if name == "login":
        page.get_by_label("Seu WhatsApp").wait_for()
    elif name == "home":
        page.get_by_text("Olá, Ana!").wait_for()
    else:
        page.locator(".js-plotly-plot .main-svg").first.wait_for()
        page.wait_for_function("document.querySelectorAll('.js-plotly-plot').length >= 3")
    page.wait_for_load_state("networkidle")
    time.sleep(0.5)
    context.close()
    return load


def main() -> None:
    from playwright.sync_api import sync_playwright

    parser = argparse.ArgumentParser()
    parser.add_argument("--base", default="http://localhost:3000")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--pages", default=",".join(PAGES), help="e.g. login,home")
    args = parser.parse_args()
    wanted = [p for p in args.pages.split(",") if p in PAGES]
    outbox = Path(get_settings().whatsapp_outbox)
    results: dict[str, list[Load]] = {name: [] for name in wanted}
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        cookies = _login(browser, args.base, outbox)
        for _ in range(args.runs):
            for name in wanted:
                results[name].append(
                    _measure(browser, args.base, name, None if name == "login" else cookies)
                )
        browser.close()
    print(f"portal first load, median of {args.runs} cold runs (390x844, cache disabled)")
    for name, loads in results.items():
        kib = statistics.median(x.bytes for x in loads) / 1024
        reqs = statistics.median(x.requests for x in loads)
        plotly = statistics.median(x.plotly_bytes for x in loads) / 1024
        print(
            f"{PAGES[name]:42} {kib:6.0f} KiB in {reqs:3.0f} requests; "
            f"plotly bundle: {plotly:.0f} KiB"
        )
    if "home" not in results or "evolucao" not in results:
        return
    home, chart = results["home"][-1], results["evolucao"][-1]
    extra = sorted(
        ((size, url) for url, size in chart.urls.items() if url not in home.urls), reverse=True
    )
    print("only on the chart page (largest first):")
    for size, url in extra[:6]:
        print(f"  {size / 1024:7.0f} KiB  {url.split('?')[0][-70:]}")


if __name__ == "__main__":
    main()

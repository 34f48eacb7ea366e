"""The app's icons as PNG (drawn from the same shapes as assets/logo.svg) and the portal's
web-app manifest, so a client can install their business's área do cliente on a phone."""

from __future__ import annotations

import io
import json
from functools import lru_cache

from PIL import Image, ImageDraw
from sqlmodel import Session, select

from treinico import routes
from treinico.models import Team
from treinico.services.errors import NotFound

TEAL = "#0d9488"
MINT = "#99f6e4"
SIZES = (192, 512)


@lru_cache(maxsize=8)
def icon_png(size: int, maskable: bool = False) -> bytes:
    """The logo at ``size`` px. The maskable one fills the square and keeps the mark inside
    the central 80 % safe zone that launchers may crop to a circle."""
    if size not in SIZES:
        raise NotFound("Ícone não encontrado.")
    scale = 4  # drawn large and scaled down: smooth edges without an SVG renderer
    big = size * scale
    image = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    if maskable:
        draw.rectangle((0, 0, big, big), fill=TEAL)
        unit, offset = big * 0.7 / 64, big * 0.15
    else:
        draw.rounded_rectangle((0, 0, big - 1, big - 1), radius=big * 14 / 64, fill=TEAL)
        unit, offset = big / 64, 0.0

    def at(x: float, y: float) -> tuple[float, float]:
        return (offset + x * unit, offset + y * unit)

    # The "T": a bar 16..48 x 20..27 and a stem 28.5..35.5 x 27..48 (the SVG's path).
    draw.rectangle((*at(16, 20), *at(48, 27)), fill="white")
    draw.rectangle((*at(28.5, 27), *at(35.5, 48)), fill="white")
    cx, cy = at(46, 44)
    r = 5 * unit
    draw.ellipse((cx - r, cy - r, cx + r, cy + r), fill=MINT)
    out = io.BytesIO()
    image.resize((size, size), Image.Resampling.LANCZOS).save(out, format="PNG", optimize=True)
    return out.getvalue()


def portal_manifest(*, session: Session, slug: str) -> str:
    """The manifest of one business's área do cliente (its name, start page and icons)."""
    team = session.exec(select(Team).where(Team.slug == slug)).first()
    if team is None:
        raise NotFound("Negócio não encontrado.")
    icons = [
        {"src": f"/icones/icone-{size}.png", "sizes": f"{size}x{size}", "type": "image/png"}
        for size in SIZES
    ] + [
        {
            "src": f"/icones/icone-{size}-maskable.png",
            "sizes": f"{size}x{size}",
            "type": "image/png",
            "purpose": "maskable",
        }
        for size in SIZES
    ]
    manifest = {
        "name": f"{team.name} · Área do cliente",
        "short_name": team.name[:12],
        "lang": "pt-BR",
        "start_url": routes.portal_home(team.slug),
        "scope": f"/{team.slug}/",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": TEAL,
        "icons": icons,
    }
    return json.dumps(manifest, ensure_ascii=False)

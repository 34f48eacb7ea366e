"""The app's icons as PNG (drawn from the same shapes as assets/logo.svg), the portal's
web-app manifest, so a client can install their business's área do cliente on a phone, and a
business's own logo and the card its links show when shared."""

from __future__ import annotations

import io
import json
import unicodedata
from functools import lru_cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont, ImageOps
from sqlmodel import Session, select

from treinico import routes
from treinico.models import Team
from treinico.services.errors import Invalid, NotFound

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


# --- The business's logo and its share card -------------------------------------------------

LOGO_MAX_BYTES = 2 * 1024 * 1024
LOGO_SIDE = 512  # the stored logo fits in 512x512
LOGO_MAX_SIDE = 4096  # refuse huge images from their header, before decoding a pixel
_LOGO_FORMATS = {"png": "PNG", "jpg": "JPEG", "jpeg": "JPEG", "webp": "WEBP"}
CARD_SIZE = (1200, 630)  # what WhatsApp, Instagram and others crop least


def process_logo(data: bytes, filename: str) -> bytes:
    """Check an uploaded logo by its bytes and its name together, then store it resized to fit
    512x512 as PNG. Raises Invalid (field ``logo``) with the reason in pt-BR."""
    ext = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    wanted = _LOGO_FORMATS.get(ext)
    if wanted is None:
        raise Invalid("Envie uma imagem PNG, JPEG ou WebP.", field="logo")
    if not data:
        raise Invalid("O arquivo está vazio.", field="logo")
    if len(data) > LOGO_MAX_BYTES:
        raise Invalid("O logo pode ter até 2 MB.", field="logo")
    not_image = Invalid(
        f"O arquivo não é uma imagem {ext.upper()} válida, embora o nome diga que é.",
        field="logo",
    )
    try:
        with Image.open(io.BytesIO(data), formats=[wanted]) as probe:
            width, height = probe.size
            if max(width, height) > LOGO_MAX_SIDE:
                raise Invalid("A imagem é grande demais. Use até 4096 x 4096 px.", field="logo")
            probe.verify()
        with Image.open(io.BytesIO(data), formats=[wanted]) as opened:
            if wanted == "JPEG":
                opened.draft("RGB", (LOGO_SIDE, LOGO_SIDE))  # decode at the size kept
            image: Image.Image = opened
            if image.mode not in ("RGB", "RGBA", "L", "LA"):
                image = image.convert("RGBA")  # palettes and the like resize badly
            # Shrink first, then turn and convert: never a second full-size copy.
            image.thumbnail((LOGO_SIDE, LOGO_SIDE), Image.Resampling.LANCZOS)
            picture = ImageOps.exif_transpose(image).convert("RGBA")
    except Invalid:
        raise
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError):
        raise not_image from None
    out = io.BytesIO()
    picture.save(out, format="PNG", optimize=True)
    return out.getvalue()


# A font with every Portuguese letter, where the system has one (Debian's fonts-dejavu-core
# and fonts-liberation); Pillow's own font lacks accents, so text drawn with it is folded.
_FONTS = (
    "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf",
    "/usr/share/fonts/dejavu/DejaVuSans-Bold.ttf",
)


@lru_cache(maxsize=1)
def _font_path() -> str | None:
    return next((path for path in _FONTS if Path(path).is_file()), None)


def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    path = _font_path()
    return ImageFont.truetype(path, size) if path else ImageFont.load_default(size=size)


def _drawable(text: str) -> str:
    if _font_path():
        return text
    folded = unicodedata.normalize("NFKD", text)
    return "".join(c for c in folded if not unicodedata.combining(c))


def _fit_font(
    draw: ImageDraw.ImageDraw, text: str, width: int, start: int
) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    size = start
    while size > 28:
        font = _font(size)
        if draw.textlength(text, font=font) <= width:
            return font
        size -= 4
    return _font(size)


def share_card(name: str, logo_png: bytes | None) -> bytes:
    """The 1200x630 image of a link preview: the logo (or the app's mark) and the name."""
    card = Image.new("RGB", CARD_SIZE, "#0f766e")
    draw = ImageDraw.Draw(card)
    if logo_png:
        with Image.open(io.BytesIO(logo_png)) as raw:
            logo = raw.convert("RGBA")
        logo.thumbnail((300, 300), Image.Resampling.LANCZOS)
        plate = Image.new("RGBA", (340, 340), (255, 255, 255, 255))
        plate.alpha_composite(logo, ((340 - logo.width) // 2, (340 - logo.height) // 2))
        mask = Image.new("L", plate.size, 0)
        ImageDraw.Draw(mask).rounded_rectangle((0, 0, 339, 339), radius=48, fill=255)
        card.paste(plate.convert("RGB"), (80, 145), mask)
    else:
        with Image.open(io.BytesIO(icon_png(512))) as mark:
            card.paste(mark.resize((340, 340)), (80, 145), mark.resize((340, 340)))
    text_left, text_width = 480, CARD_SIZE[0] - 480 - 70
    name = _drawable(name)
    title = _fit_font(draw, name, text_width, 80)
    draw.text((text_left, 230), name, font=title, fill="white")
    draw.text((text_left, 350), _drawable("Área do cliente"), font=_font(42), fill="#ccfbf1")
    out = io.BytesIO()
    card.save(out, format="PNG", optimize=True)
    return out.getvalue()

"""What crawlers read: robots.txt (public pages allowed; the dashboard, the login routes, the
portal's private pages and the files disallowed) and the sitemap of the teams' public pages."""

from __future__ import annotations

from xml.sax.saxutils import escape

from sqlmodel import Session, col, select

from treinico.models import Team

# Every address a crawler must leave alone: the dashboard and its login, the cookie routes,
# the portal's pages behind the code login (`/{slug}/area-do-cliente…`, the business picker),
# the files. A business's public page and its portal login (`/{slug}/entrar`) are its front
# door and stay open.
DISALLOWED = (
    "/painel",
    "/entrar",
    "/auth/",
    "/area-do-cliente",
    "/*/area-do-cliente",
    "/arquivos/",
    "/calendario/",
    "/_event",
    "/_upload",
)


def robots_txt(public_url: str) -> str:
    # The Disallow lines come first: crawlers that take the first matching rule (rather than
    # the longest, as RFC 9309 says) read the same thing.
    lines = ["User-agent: *"]
    lines += [f"Disallow: {path}" for path in DISALLOWED]
    lines += ["Allow: /", "", f"Sitemap: {public_url.rstrip('/')}/sitemap.xml", ""]
    return "\n".join(lines)


def sitemap_xml(*, session: Session, public_url: str) -> str:
    """The public page of every team."""
    base = public_url.rstrip("/")
    slugs = session.exec(select(Team.slug).order_by(col(Team.slug))).all()
    urls = "".join(f"<url><loc>{escape(f'{base}/{slug}')}</loc></url>" for slug in slugs)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>'
    )


def team_slug_exists(*, session: Session, slug: str) -> bool:
    return session.exec(select(Team.id).where(Team.slug == slug)).first() is not None

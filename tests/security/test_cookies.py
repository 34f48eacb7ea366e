"""The session token is read only from its own cookie, and malformed headers mean no session."""

from __future__ import annotations

from treinico.cookies import cookie_name, token_from_cookie_header


def test_reads_the_session_cookie() -> None:
    header = f"other=1; {cookie_name()}=abc123; theme=dark"
    assert token_from_cookie_header(header) == "abc123"


def test_missing_or_malformed_headers_give_no_token() -> None:
    assert token_from_cookie_header(None) is None
    assert token_from_cookie_header("") is None
    assert token_from_cookie_header("other=1") is None
    assert token_from_cookie_header("x" * 9000) is None


def test_local_cookie_name_has_no_host_prefix() -> None:
    # Browsers only accept __Host- cookies over HTTPS; local runs are plain HTTP.
    assert cookie_name() == "treinico_sessao"

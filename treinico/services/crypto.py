"""Encryption at rest for health data, with envelope keys.

Every team has its own 256-bit data key. It is stored only wrapped (Fernet) by the master
key from ``TREINICO_DATA_KEYS``; record text, titles, file names and attachment bytes are
sealed with AES-GCM under the team's data key, bound to the team and the column they belong
to (a ciphertext copied to another team or column does not open). Rotating the master key
re-wraps the data keys only, so the append-only version and attachment tables are never
rewritten.
"""

from __future__ import annotations

import base64
import os
from datetime import datetime
from functools import lru_cache

from cryptography.exceptions import InvalidTag
from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from sqlmodel import Session, col, select

from treinico.models import Team, TeamDataKey
from treinico.models.base import utcnow
from treinico.services.errors import NotFound
from treinico.settings import SettingsError, get_settings

FORMAT = b"\x01"
NONCE_BYTES = 12


class DataKeyError(SettingsError):
    """The configured master keys cannot open a team's data key."""


def generate_master_key() -> str:
    return Fernet.generate_key().decode()


def _development_key(secret: str) -> str:
    """Outside production a missing key is derived from the session secret, so a local
    checkout works out of the box. Production refuses to start without TREINICO_DATA_KEYS."""
    derived = HKDF(
        algorithm=hashes.SHA256(), length=32, salt=None, info=b"treinico health data key"
    ).derive((secret or "treinico-development").encode())
    return base64.urlsafe_b64encode(derived).decode()


def master_keys() -> MultiFernet:
    settings = get_settings()
    keys = list(settings.data_keys)
    if not keys:
        if settings.is_production:
            raise SettingsError("TREINICO_DATA_KEYS ausente (chave dos dados de saúde)")
        keys = [_development_key(settings.session_secret)]
    try:
        return MultiFernet([Fernet(k.encode()) for k in keys])
    except ValueError as exc:
        raise SettingsError("TREINICO_DATA_KEYS inválida: use `treinico generate-key`.") from exc


@lru_cache(maxsize=256)
def _unwrap(wrapped: str, keys: tuple[str, ...], secret: str) -> bytes:
    """Open a wrapped data key. ``keys`` and ``secret`` (the configured master keys and the
    secret a development key derives from) are part of the cache key, so a configuration
    change is never answered from the cache."""
    try:
        return master_keys().decrypt(wrapped.encode())
    except InvalidToken as exc:
        raise DataKeyError(
            "A chave dos dados de saúde não abre os dados desta equipe: confira TREINICO_DATA_KEYS."
        ) from exc


def _data_key(session: Session, team_id: int) -> bytes:
    """The team's raw data key, unwrapped once per unit of work."""
    cache: dict[int, bytes] = session.info.setdefault("treinico_data_keys", {})
    if team_id not in cache:
        cache[team_id] = _load_data_key(session, team_id)
    return cache[team_id]


def _load_data_key(session: Session, team_id: int) -> bytes:
    row = session.get(TeamDataKey, team_id)
    if row is None:
        # First sealed value of this team: lock the team row so two writers agree on one key.
        team = session.exec(select(Team).where(col(Team.id) == team_id).with_for_update()).first()
        if team is None:
            raise NotFound("Equipe não encontrada.")
        row = session.get(TeamDataKey, team_id)
        if row is None:
            raw = AESGCM.generate_key(bit_length=256)
            row = TeamDataKey(
                team_id=team_id,
                wrapped=master_keys().encrypt(raw).decode(),
                created_at=utcnow(),
            )
            session.add(row)
            session.flush()
            return raw
    settings = get_settings()
    return _unwrap(row.wrapped, settings.data_keys, settings.session_secret)


def _aad(team_id: int, purpose: str) -> bytes:
    return f"treinico:{team_id}:{purpose}".encode()


def seal(session: Session, *, team_id: int, purpose: str, plaintext: bytes) -> bytes:
    """Encrypt ``plaintext`` for ``team_id``; ``purpose`` names the column (e.g. "record.body")."""
    nonce = os.urandom(NONCE_BYTES)
    sealed = AESGCM(_data_key(session, team_id)).encrypt(nonce, plaintext, _aad(team_id, purpose))
    return FORMAT + nonce + sealed


def open_sealed(session: Session, *, team_id: int, purpose: str, sealed: bytes) -> bytes:
    if not sealed or sealed[:1] != FORMAT:
        raise DataKeyError("Dado cifrado em formato desconhecido.")
    nonce, body = sealed[1 : 1 + NONCE_BYTES], sealed[1 + NONCE_BYTES :]
    try:
        return AESGCM(_data_key(session, team_id)).decrypt(nonce, body, _aad(team_id, purpose))
    except InvalidTag as exc:
        raise DataKeyError("Dado cifrado não confere com a chave desta equipe.") from exc


def seal_text(session: Session, *, team_id: int, purpose: str, text: str) -> bytes:
    return seal(session, team_id=team_id, purpose=purpose, plaintext=text.encode())


def open_text(session: Session, *, team_id: int, purpose: str, sealed: bytes) -> str:
    return open_sealed(session, team_id=team_id, purpose=purpose, sealed=sealed).decode()


def rotate_master_key(*, session: Session, now: datetime) -> int:
    """Re-wrap every team's data key with the first key of TREINICO_DATA_KEYS. Returns how
    many keys were re-wrapped. Run with "new,old" configured; afterwards keep only "new"."""
    keys = master_keys()
    count = 0
    for row in session.exec(select(TeamDataKey).with_for_update()).all():
        try:
            row.wrapped = keys.rotate(row.wrapped.encode()).decode()
        except InvalidToken as exc:
            raise DataKeyError(
                f"Nenhuma chave configurada abre a chave da equipe {row.team_id}."
            ) from exc
        row.rotated_at = now
        session.add(row)
        count += 1
    _unwrap.cache_clear()
    return count

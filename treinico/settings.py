"""Typed settings read from the environment, with safe defaults for local use."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

PLACEHOLDER_SECRETS = frozenset({"", "change-me", "changeme", "troque-isto", "secret"})


class SettingsError(RuntimeError):
    """Raised when the configuration is unsafe for the chosen environment."""


def _bool(value: str | None, default: bool = False) -> bool:
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "sim", "on"}


def _int(value: str | None, default: int) -> int:
    try:
        return int(value) if value else default
    except ValueError:
        return default


# Below this, the wait between two login codes to one phone is a test run's, not a business's.
MIN_SEND_COOLDOWN_SECONDS = 30


@dataclass(frozen=True)
class Settings:
    """All deploy-specific values. Read once per process by get_settings()."""

    env: str = "development"
    database_url: str = "sqlite:///.data/treinico.db"
    redis_url: str = ""
    port: int = 3000
    public_url: str = "http://localhost:3000"
    allowed_origins: list[str] = field(default_factory=lambda: ["http://localhost:3000"])
    session_secret: str = ""
    # Keys that protect health records at rest (Fernet, urlsafe base64). The first one wraps
    # the teams' data keys; the others are only read, while a rotation is under way.
    data_keys: tuple[str, ...] = ()
    whatsapp_backend: str = "console"
    whatsapp_outbox: str = ".data/whatsapp-outbox.jsonl"
    default_timezone: str = "America/Sao_Paulo"
    staff_session_idle_minutes: int = 8 * 60
    staff_session_max_hours: int = 7 * 24
    trusted_proxy: bool = False
    # How long an idle tab's Reflex state is kept (memory, .states/ or Redis) before it is
    # dropped; a tab that comes back after that reloads its page from the database.
    tab_state_seconds: int = 30 * 60
    # Backend worker processes. Only with Redis can several share the tabs' state; without
    # it there is one. The default is one per core: more oversubscribes the cores (Reflex's
    # own default is 2 x cores + 1).
    workers: int = 1
    # How often an open page asks for news: the navigation's counts (unread messages, accesses
    # ending) and an open conversation's new messages. Shorter is fresher and costs the
    # worker one small read per open tab and tick.
    nav_refresh_seconds: int = 15
    messages_refresh_seconds: int = 3
    # client portal
    portal_session_days: int = 30
    portal_idle_days: int = 7
    login_code_minutes: int = 10
    login_code_max_attempts: int = 5
    login_failures_per_phone_hour: int = 10
    login_sends_per_phone: int = 3  # per 10 minutes
    login_send_cooldown_seconds: int = 60
    # Argon2 profile of staff passwords: "standard" (argon2-cffi's RFC 9106 low-memory profile),
    # or "test", a cheap profile that only test runs set (production refuses it).
    argon2_profile: str = "standard"
    login_sends_per_ip_hour: int = 10
    login_sends_per_day: int = 2000
    # Twilio (TREINICO_WHATSAPP_BACKEND=twilio)
    twilio_account_sid: str = ""
    twilio_auth_token: str = ""
    twilio_mode: str = "verify"  # verify | messages
    twilio_verify_service_sid: str = ""
    twilio_whatsapp_from: str = ""
    twilio_content_sid: str = ""
    twilio_api_base: str = ""  # e.g. a local stand-in; empty = Twilio's own hosts
    twilio_timeout_seconds: float = 10.0

    @property
    def is_production(self) -> bool:
        return self.env == "production"

    @property
    def secure_cookies(self) -> bool:
        return self.public_url.startswith("https://")

    def check_for_production(self) -> None:
        """Refuse unsafe configuration when TREINICO_ENV=production."""
        if not self.is_production:
            return
        problems = []
        if (
            self.session_secret.strip().lower() in PLACEHOLDER_SECRETS
            or len(self.session_secret) < 32
        ):
            problems.append("TREINICO_SESSION_SECRET ausente, curto ou de exemplo")
        if not self.allowed_origins or "*" in self.allowed_origins:
            problems.append("TREINICO_ALLOWED_ORIGINS não pode ser '*' nem vazio")
        if not self.data_keys:
            problems.append("TREINICO_DATA_KEYS ausente (chave dos dados de saúde)")
        if self.argon2_profile != "standard":
            problems.append("TREINICO_ARGON2_PROFILE é só para testes")
        if self.login_send_cooldown_seconds < MIN_SEND_COOLDOWN_SECONDS:
            problems.append(
                "TREINICO_LOGIN_SEND_COOLDOWN_SECONDS abaixo de "
                f"{MIN_SEND_COOLDOWN_SECONDS} s é só para testes"
            )
        if self.whatsapp_backend != "twilio":
            # The console sender writes login codes to a file: development only.
            problems.append("TREINICO_WHATSAPP_BACKEND precisa ser 'twilio' em produção")
        if problems:
            raise SettingsError("Configuração insegura para produção: " + "; ".join(problems))


def _load_dotenv(path: Path) -> dict[str, str]:
    """Read KEY=VALUE lines from a local .env file (no shell expansion)."""
    values: dict[str, str] = {}
    if not path.is_file():
        return values
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#") or "=" not in line:
            continue
        key, _, value = line.partition("=")
        values[key.strip()] = value.strip().strip('"').strip("'")
    return values


def load_settings(environ: dict[str, str] | None = None) -> Settings:
    """Build Settings from the environment, with a local .env file underneath it."""
    env = dict(_load_dotenv(Path(".env")))
    env.update(environ if environ is not None else os.environ)
    port = _int(env.get("TREINICO_PORT"), 3000)
    public_url = env.get("TREINICO_PUBLIC_URL") or f"http://localhost:{port}"
    origins_raw = env.get("TREINICO_ALLOWED_ORIGINS") or public_url
    origins = [o.strip().rstrip("/") for o in origins_raw.split(",") if o.strip()]
    return Settings(
        env=env.get("TREINICO_ENV", "development").strip().lower() or "development",
        database_url=env.get("TREINICO_DATABASE_URL") or "sqlite:///.data/treinico.db",
        redis_url=env.get("TREINICO_REDIS_URL", ""),
        port=port,
        public_url=public_url.rstrip("/"),
        allowed_origins=origins,
        session_secret=env.get("TREINICO_SESSION_SECRET", ""),
        data_keys=tuple(
            k.strip() for k in (env.get("TREINICO_DATA_KEYS") or "").split(",") if k.strip()
        ),
        whatsapp_backend=env.get("TREINICO_WHATSAPP_BACKEND", "console") or "console",
        whatsapp_outbox=env.get("TREINICO_WHATSAPP_OUTBOX") or ".data/whatsapp-outbox.jsonl",
        default_timezone=env.get("TREINICO_DEFAULT_TIMEZONE") or "America/Sao_Paulo",
        staff_session_idle_minutes=_int(env.get("TREINICO_STAFF_IDLE_MINUTES"), 8 * 60),
        staff_session_max_hours=_int(env.get("TREINICO_STAFF_MAX_HOURS"), 7 * 24),
        trusted_proxy=_bool(env.get("TREINICO_TRUSTED_PROXY")),
        tab_state_seconds=max(300, _int(env.get("TREINICO_TAB_STATE_SECONDS"), 30 * 60)),
        workers=max(1, min(32, _int(env.get("TREINICO_WORKERS"), os.cpu_count() or 1))),
        nav_refresh_seconds=max(1, min(300, _int(env.get("TREINICO_NAV_REFRESH_SECONDS"), 15))),
        messages_refresh_seconds=max(
            1, min(60, _int(env.get("TREINICO_MESSAGES_REFRESH_SECONDS"), 3))
        ),
        portal_session_days=_int(env.get("TREINICO_PORTAL_SESSION_DAYS"), 30),
        portal_idle_days=_int(env.get("TREINICO_PORTAL_IDLE_DAYS"), 7),
        login_sends_per_phone=_int(env.get("TREINICO_LOGIN_SENDS_PER_PHONE"), 3),
        login_sends_per_day=_int(env.get("TREINICO_LOGIN_SENDS_PER_DAY"), 2000),
        login_sends_per_ip_hour=_int(env.get("TREINICO_LOGIN_SENDS_PER_IP_HOUR"), 10),
        login_send_cooldown_seconds=max(
            0, _int(env.get("TREINICO_LOGIN_SEND_COOLDOWN_SECONDS"), 60)
        ),
        argon2_profile=(env.get("TREINICO_ARGON2_PROFILE") or "standard").strip().lower(),
        twilio_account_sid=env.get("TWILIO_ACCOUNT_SID", ""),
        twilio_auth_token=env.get("TWILIO_AUTH_TOKEN", ""),
        twilio_mode=(env.get("TWILIO_MODE") or "verify").strip().lower(),
        twilio_verify_service_sid=env.get("TWILIO_VERIFY_SERVICE_SID", ""),
        twilio_whatsapp_from=env.get("TWILIO_WHATSAPP_FROM", ""),
        twilio_content_sid=env.get("TWILIO_CONTENT_SID", ""),
        twilio_api_base=env.get("TREINICO_TWILIO_API_BASE", "").rstrip("/"),
        twilio_timeout_seconds=float(env.get("TWILIO_TIMEOUT_SECONDS") or 10),
    )


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings."""
    return load_settings()

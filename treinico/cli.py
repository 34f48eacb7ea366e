"""Management commands: ``treinico migrate | seed-demo | create-team | expire-entitlements |
send-whatsapp | generate-key | rotate-key | check-config | backup | restore``."""

from __future__ import annotations

import argparse
import getpass
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from treinico.settings import SettingsError, get_settings

if TYPE_CHECKING:
    from alembic.config import Config


def _alembic_config(url: str | None = None) -> Config:
    from alembic.config import Config

    root = Path(__file__).resolve().parent.parent
    cfg = Config(str(root / "alembic.ini"))
    cfg.set_main_option("script_location", str(root / "alembic"))
    if url:
        cfg.set_main_option("sqlalchemy.url", url)
    return cfg


def migrate(url: str | None = None) -> None:
    """Upgrade the configured database to the newest revision."""
    from alembic import command

    command.upgrade(_alembic_config(url), "head")


def _cmd_migrate(_args: argparse.Namespace) -> int:
    migrate()
    print("Banco de dados atualizado.")
    return 0


def _cmd_seed_demo(_args: argparse.Namespace) -> int:
    from treinico.db import unit_of_work
    from treinico.demo.seed import seed_demo

    if get_settings().is_production:
        print("Dados de demonstração não podem ser carregados em produção.", file=sys.stderr)
        return 2
    with unit_of_work() as session:
        result = seed_demo(session=session, now=datetime.now(UTC))
    print("Dados de demonstração carregados." if result.created else "Demo já carregada.")
    return 0


def _cmd_create_team(args: argparse.Namespace) -> int:
    from treinico.db import unit_of_work
    from treinico.services.errors import DomainError
    from treinico.services.teams import create_team

    password = args.password or getpass.getpass("Senha do proprietário: ")
    try:
        with unit_of_work() as session:
            team = create_team(
                session=session,
                name=args.name,
                slug=args.slug,
                owner_email=args.owner_email,
                owner_name=args.owner_name or args.owner_email,
                owner_password=password,
                timezone=args.timezone or get_settings().default_timezone,
            )
    except DomainError as exc:
        print(f"Erro: {exc.message}", file=sys.stderr)
        return 2
    print(f"Equipe criada: {team.name} (/{team.slug})")
    return 0


def _cmd_expire(_args: argparse.Namespace) -> int:
    from treinico.jobs.expiry import run_once

    result = run_once()
    print(
        f"Acessos em carência registrados: {result.entered_grace}; "
        f"expirados registrados: {result.expired}."
    )
    return 0


def _cmd_send_whatsapp(_args: argparse.Namespace) -> int:
    from treinico.jobs.whatsapp import run_once

    r = run_once()
    print(
        f"{r.queued} lembrete(s) na fila; {r.sent} enviada(s), {r.deferred} adiada(s) "
        f"pelos limites, {r.failed} com falha."
    )
    return 0


def _cmd_generate_key(_args: argparse.Namespace) -> int:
    from treinico.services.crypto import generate_master_key

    print(generate_master_key())
    return 0


def _cmd_rotate_key(_args: argparse.Namespace) -> int:
    """Re-wrap every team's data key with the first key of TREINICO_DATA_KEYS."""
    from treinico.db import unit_of_work
    from treinico.services.crypto import rotate_master_key

    if len(get_settings().data_keys) < 2:
        print(
            'Configure TREINICO_DATA_KEYS="nova,antiga" (a nova primeiro) antes de girar a '
            "chave; depois deixe só a nova.",
            file=sys.stderr,
        )
        return 2
    try:
        with unit_of_work() as session:
            count = rotate_master_key(session=session, now=datetime.now(UTC))
    except SettingsError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    print(
        f"Chaves de {count} equipe(s) protegidas com a nova chave. Agora deixe só a nova em "
        "TREINICO_DATA_KEYS e reinicie o app."
    )
    return 0


def _cmd_check_config(_args: argparse.Namespace) -> int:
    from treinico.startup import check_startup

    try:
        check_startup()
    except SettingsError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    settings = get_settings()
    if settings.public_url.startswith("https://") and not settings.trusted_proxy:
        print(
            "Aviso: TREINICO_PUBLIC_URL é https, mas TREINICO_TRUSTED_PROXY está desligado. "
            "Atrás de um proxy (nginx), todo acesso parece vir do endereço do proxy e os "
            "limites por endereço valem para todos juntos: ligue TREINICO_TRUSTED_PROXY=1.",
            file=sys.stderr,
        )
    print("Configuração ok.")
    return 0


def _bar(what: str, done: float) -> None:
    """A progress bar on the terminal (plain lines when the output is not one)."""
    width = 30
    filled = int(width * max(0.0, min(1.0, done)))
    line = f"[{'#' * filled}{'.' * (width - filled)}] {done:4.0%} {what}"
    if sys.stderr.isatty():
        print(f"\r{line:<72}", end="" if done < 1 else "\n", file=sys.stderr, flush=True)
    elif done in (0.0, 1.0) or what != getattr(_bar, "last", ""):
        print(line, file=sys.stderr)
    _bar.last = what  # type: ignore[attr-defined]


def _cmd_backup(args: argparse.Namespace) -> int:
    from treinico.backup import BackupError, backup

    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    out = Path(args.output or Path(".data") / "backups" / f"treinico-{stamp}.tar.gz")
    try:
        manifest = backup(get_settings().database_url, out, progress=_bar)
    except BackupError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    rows = sum(manifest.tables.values())
    print(f"Backup gravado em {out} ({len(manifest.tables)} tabelas, {rows} linhas).")
    print("Guarde também TREINICO_DATA_KEYS: sem ela os dados de saúde não podem ser lidos.")
    return 0


def _cmd_restore(args: argparse.Namespace) -> int:
    from treinico.backup import BackupError, read_manifest, restore

    archive = Path(args.archive)
    try:
        manifest = read_manifest(archive)
        restore(get_settings().database_url, archive, force=args.force, progress=_bar)
    except BackupError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    print(
        f"Backup de {manifest.created_at} restaurado (revisão {manifest.revision}). "
        "Rode `treinico migrate` se esta versão do Treinico for mais nova."
    )
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="treinico", description="Administração do Treinico")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("migrate", help="aplica as migrações do banco").set_defaults(func=_cmd_migrate)
    sub.add_parser("seed-demo", help="carrega os dados de demonstração").set_defaults(
        func=_cmd_seed_demo
    )
    ct = sub.add_parser("create-team", help="cria uma equipe e seu proprietário")
    ct.add_argument("--name", required=True)
    ct.add_argument("--slug")
    ct.add_argument("--owner-email", required=True)
    ct.add_argument("--owner-name")
    ct.add_argument("--password", help="se omitida, é pedida no terminal")
    ct.add_argument("--timezone")
    ct.set_defaults(func=_cmd_create_team)
    sub.add_parser(
        "expire-entitlements", help="registra carências e expirações de acessos"
    ).set_defaults(func=_cmd_expire)
    sub.add_parser(
        "generate-key", help="gera uma chave para TREINICO_DATA_KEYS (dados de saúde)"
    ).set_defaults(func=_cmd_generate_key)
    sub.add_parser(
        "rotate-key", help="protege as chaves das equipes com a primeira de TREINICO_DATA_KEYS"
    ).set_defaults(func=_cmd_rotate_key)
    sub.add_parser(
        "send-whatsapp", help="enfileira lembretes e envia avisos pendentes do WhatsApp"
    ).set_defaults(func=_cmd_send_whatsapp)
    sub.add_parser("check-config", help="valida a configuração").set_defaults(
        func=_cmd_check_config
    )
    bk = sub.add_parser("backup", help="grava um backup consistente do banco (.tar.gz)")
    bk.add_argument("--output", help="arquivo de saída (padrão: .data/backups/treinico-….tar.gz)")
    bk.set_defaults(func=_cmd_backup)
    rs = sub.add_parser("restore", help="restaura um backup num banco vazio")
    rs.add_argument("archive", help="o arquivo .tar.gz gravado por `treinico backup`")
    rs.add_argument(
        "--force", action="store_true", help="substitui os dados de um banco que não está vazio"
    )
    rs.set_defaults(func=_cmd_restore)
    args = parser.parse_args(argv)
    return int(args.func(args))


if __name__ == "__main__":
    raise SystemExit(main())

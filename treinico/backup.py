"""``treinico backup`` and ``treinico restore``: one archive with a consistent snapshot of the
database and a manifest (kind, schema revision, rows per table).

Everything the app stores lives in the database — health attachments and logos included — so
the snapshot is the whole backup. SQLite is copied with its online backup API (consistent
while the app keeps writing); PostgreSQL with ``pg_dump`` in its custom format (one
transaction snapshot) and brought back with ``pg_restore``. Health data stays sealed inside:
restoring it readable needs the same ``TREINICO_DATA_KEYS``, which never go into the archive.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import make_url

FORMAT = 1
Progress = Callable[[str, float], None]  # (what is happening, fraction done 0..1)


class BackupError(Exception):
    """Shown to the operator as it is (pt-BR)."""


@dataclass(frozen=True)
class Manifest:
    kind: str  # sqlite | postgresql
    revision: str
    created_at: str
    tables: dict[str, int]

    def to_json(self) -> str:
        return json.dumps(
            {
                "format": FORMAT,
                "kind": self.kind,
                "revision": self.revision,
                "created_at": self.created_at,
                "tables": self.tables,
            },
            indent=2,
            sort_keys=True,
        )


def _kind(url: str) -> str:
    backend = make_url(url).get_backend_name()
    if backend not in ("sqlite", "postgresql"):
        raise BackupError(f"Banco não suportado: {backend}.")
    return backend


def _libpq(url: str) -> str:
    """The SQLAlchemy URL as pg_dump and pg_restore take it."""
    parsed = make_url(url).set(drivername="postgresql")
    return parsed.render_as_string(hide_password=False)


def _sqlite_path(url: str) -> Path:
    database = make_url(url).database
    if not database or database == ":memory:":
        raise BackupError("Informe um arquivo SQLite, não um banco em memória.")
    return Path(database)


def table_counts(url: str) -> dict[str, int]:
    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            names = sorted(sa.inspect(conn).get_table_names())
            # Names come from the database's own catalogue; quoted as identifiers anyway.
            return {
                name: int(
                    conn.execute(
                        sa.select(sa.func.count()).select_from(sa.table(name))
                    ).scalar_one()
                )
                for name in names
            }
    finally:
        engine.dispose()


def _revision(url: str) -> str:
    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            if not sa.inspect(conn).has_table("alembic_version"):
                return ""
            return str(conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalar())
    finally:
        engine.dispose()


def is_empty(url: str) -> bool:
    """No table, or no row in any table other than the schema's revision."""
    if _kind(url) == "sqlite" and not _sqlite_path(url).exists():
        return True
    return all(n == 0 for t, n in table_counts(url).items() if t != "alembic_version")


def _quiet(_what: str, _done: float) -> None:
    return None


def backup(url: str, out: Path, progress: Progress = _quiet) -> Manifest:
    """Write the archive ``out`` (a .tar.gz readable by the owner only)."""
    kind = _kind(url)
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="treinico-backup-") as work:
        snapshot = Path(work) / ("database.sqlite3" if kind == "sqlite" else "database.pgdump")
        if kind == "sqlite":
            _sqlite_snapshot(_sqlite_path(url), snapshot, progress)
            snapshot_url = f"sqlite:///{snapshot}"
        else:
            _pg_dump(url, snapshot, progress)
            snapshot_url = url
        manifest = Manifest(
            kind=kind,
            revision=_revision(snapshot_url),
            created_at=datetime.now(UTC).isoformat(timespec="seconds"),
            # On SQLite the counts are the snapshot's own; pg_dump's snapshot was taken a
            # moment before these (stop writes to compare exactly).
            tables=table_counts(snapshot_url),
        )
        progress("gravando o arquivo", 0.95)
        partial = out.with_name(out.name + ".parcial")
        with tarfile.open(partial, "w:gz") as archive:
            data = manifest.to_json().encode()
            info = tarfile.TarInfo("manifest.json")
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
            archive.add(snapshot, arcname=snapshot.name)
        os.chmod(partial, 0o600)
        partial.replace(out)  # never a half-written archive under the final name
    progress("pronto", 1.0)
    return manifest


def _sqlite_snapshot(source: Path, target: Path, progress: Progress) -> None:
    if not source.exists():
        raise BackupError(f"Banco SQLite não encontrado: {source}")
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    dst = sqlite3.connect(target)
    try:

        def step(_status: int, remaining: int, total: int) -> None:
            progress("copiando o banco", 0.9 * (1 - remaining / total) if total else 0.9)

        src.backup(dst, pages=256, progress=step)
    finally:
        dst.close()
        src.close()


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise BackupError(f"{name} não encontrado: instale o cliente do PostgreSQL.")
    return found


def _pg_dump(url: str, target: Path, progress: Progress) -> None:
    tables = max(1, len(table_counts(url)))
    progress("copiando o banco", 0.0)
    command = [
        _tool("pg_dump"),
        "--format=custom",
        "--no-owner",
        "--no-privileges",
        "--verbose",
        f"--file={target}",
        f"--dbname={_libpq(url)}",
    ]
    done = 0
    with subprocess.Popen(  # noqa: S603  (our own arguments)
        command, stderr=subprocess.PIPE, text=True
    ) as proc:
        assert proc.stderr is not None
        log = []
        for line in proc.stderr:
            log.append(line)
            if "dumping contents of table" in line:
                done += 1
                progress("copiando o banco", 0.9 * min(1.0, done / tables))
    if proc.returncode != 0:
        raise BackupError("pg_dump falhou:\n" + "".join(log[-10:]))


def read_manifest(archive: Path) -> Manifest:
    try:
        with tarfile.open(archive, "r:gz") as tar:
            member = tar.extractfile("manifest.json")
            if member is None:
                raise KeyError("manifest.json")
            raw = json.loads(member.read())
    except (OSError, KeyError, tarfile.TarError, json.JSONDecodeError) as exc:
        raise BackupError(f"Arquivo de backup inválido: {archive} ({exc})") from None
    if raw.get("format") != FORMAT:
        raise BackupError("Formato de backup desconhecido.")
    return Manifest(
        kind=str(raw["kind"]),
        revision=str(raw["revision"]),
        created_at=str(raw["created_at"]),
        tables={str(k): int(v) for k, v in raw["tables"].items()},
    )


def restore(url: str, archive: Path, *, force: bool = False, progress: Progress = _quiet) -> None:
    """Bring the archive back into ``url``. Refuses a database that has data unless
    ``force`` (which replaces it). Checks every table's row count against the manifest."""
    kind = _kind(url)
    manifest = read_manifest(archive)
    if manifest.kind != kind:
        raise BackupError(
            f"O backup é de {manifest.kind} e o destino é {kind}: restaure no mesmo tipo de banco."
        )
    if not force and not is_empty(url):
        raise BackupError(
            "O banco de destino já tem dados. Use --force para substituí-los pelo backup."
        )
    with tempfile.TemporaryDirectory(prefix="treinico-restore-") as work:
        name = "database.sqlite3" if kind == "sqlite" else "database.pgdump"
        progress("lendo o arquivo", 0.05)
        with tarfile.open(archive, "r:gz") as tar:
            member = tar.getmember(name)
            if not member.isfile():
                raise BackupError("Arquivo de backup inválido.")
            tar.extract(member, work, filter="data")
        snapshot = Path(work) / name
        if kind == "sqlite":
            _sqlite_restore(snapshot, _sqlite_path(url), progress)
        else:
            # A migrated but empty database has the tables already: replace them too.
            _pg_restore(url, snapshot, clean=force or bool(table_counts(url)), progress=progress)
    progress("conferindo", 0.95)
    counts = table_counts(url)
    differ = {t: (n, counts.get(t)) for t, n in manifest.tables.items() if counts.get(t) != n}
    if differ:
        raise BackupError(f"Contagens diferentes após restaurar: {differ}")
    progress("pronto", 1.0)


def _sqlite_restore(snapshot: Path, target: Path, progress: Progress) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    src = sqlite3.connect(f"file:{snapshot}?mode=ro", uri=True)
    dst = sqlite3.connect(target)
    try:

        def step(_status: int, remaining: int, total: int) -> None:
            progress("restaurando", 0.1 + 0.8 * (1 - remaining / total) if total else 0.9)

        src.backup(dst, pages=256, progress=step)  # replaces the target's content as a whole
    finally:
        dst.close()
        src.close()


def _pg_restore(url: str, snapshot: Path, *, clean: bool, progress: Progress) -> None:
    progress("restaurando", 0.1)
    command = [
        _tool("pg_restore"),
        "--no-owner",
        "--no-privileges",
        "--exit-on-error",
        "--single-transaction",
        f"--dbname={_libpq(url)}",
    ]
    if clean:
        command += ["--clean", "--if-exists"]
    result = subprocess.run(  # noqa: S603  (our own arguments)
        [*command, str(snapshot)], capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise BackupError("pg_restore falhou:\n" + result.stderr[-2000:])
    progress("restaurando", 0.9)

"""Start the built app as `make run` does (`reflex run --env prod --single-port`), on its own
port, database, outbox and state directory, and read what its processes use from /proc."""

from __future__ import annotations

import os
import secrets
import shutil
import signal
import subprocess
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TICKS = os.sysconf("SC_CLK_TCK")


@dataclass
class AppProcess:
    """One running app. `env` holds every TREINICO_* setting it was started with."""

    work: Path
    port: int
    settings: dict[str, str] = field(default_factory=dict)
    seed: bool = True
    # Serve the events and HTTP routes only, from the frontend already built in .web/ (no
    # rebuild, so an app serving that build meanwhile is left alone).
    backend_only: bool = False

    def __post_init__(self) -> None:
        self.proc: subprocess.Popen[bytes] | None = None
        self.work.mkdir(parents=True, exist_ok=True)
        self.base = f"http://localhost:{self.port}"
        self.outbox = self.work / "outbox.jsonl"
        self.states = self.work / "states"
        self.log = self.work / "app.log"
        self.env = {
            **os.environ,
            "TREINICO_ENV": "development",
            "TREINICO_DATABASE_URL": f"sqlite:///{self.work / 'treinico.db'}",
            "TREINICO_PORT": str(self.port),
            "TREINICO_PUBLIC_URL": self.base,
            "TREINICO_ALLOWED_ORIGINS": self.base,
            "TREINICO_SESSION_SECRET": secrets.token_urlsafe(32),
            "TREINICO_WHATSAPP_OUTBOX": str(self.outbox),
            "REFLEX_STATES_WORKDIR": str(self.states),
            "PATH": f"{ROOT / '.tools' / 'node_modules' / '.bin'}:{os.environ.get('PATH', '')}",
            **self.settings,
        }
        if "TREINICO_REDIS_URL" not in self.settings:
            self.env.pop("TREINICO_REDIS_URL", None)
        # The worker count comes from TREINICO_WORKERS: a GRANIAN_WORKERS inherited from the
        # caller (rxconfig sets one in any process that loads the app) would override it.
        for name in [n for n in self.env if n.startswith("GRANIAN_")]:
            if name not in self.settings:
                del self.env[name]

    def _tool(self, name: str) -> str:
        return shutil.which(name, path=str(ROOT / ".venv" / "bin")) or name

    def prepare(self) -> None:
        """Migrate and load the demo data (once per database)."""
        for step in (["migrate"], ["seed-demo"]) if self.seed else (["migrate"],):
            subprocess.run(  # noqa: S603
                [self._tool("treinico"), *step],
                cwd=ROOT,
                env=self.env,
                check=True,
                capture_output=True,
            )

    def add_clients(self, count: int, plain: int = 0) -> None:
        """Clients of Studio Demo for the generated people (benchmarks/loadgen/clients.py),
        made with the app's own settings and services."""
        subprocess.run(  # noqa: S603
            [
                str(ROOT / ".venv" / "bin" / "python"),
                "-m",
                "benchmarks.loadgen.clients",
                "--count",
                str(count),
                "--plain",
                str(plain),
            ],
            cwd=ROOT,
            env=self.env,
            check=True,
        )

    def start(self, timeout: float = 600) -> None:
        with self.log.open("a") as out:
            self.proc = subprocess.Popen(  # noqa: S603
                [
                    self._tool("reflex"),
                    "run",
                    "--env",
                    "prod",
                    *(["--backend-only"] if self.backend_only else ["--single-port"]),
                    "--loglevel",
                    "info",
                ],
                cwd=ROOT,
                env=self.env,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        self.wait_ready(timeout)

    def wait_ready(self, timeout: float = 120) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc is not None and self.proc.poll() is not None:
                raise RuntimeError(f"the app stopped:\n{self.log.read_text()[-3000:]}")
            try:
                with urllib.request.urlopen(f"{self.base}/ping", timeout=2) as r:  # noqa: S310
                    if r.status == 200:
                        return
            except OSError:
                pass
            time.sleep(0.5)
        raise RuntimeError(f"the app did not answer in {timeout:.0f}s")

    def stop(self) -> None:
        if self.proc is None:
            return
        try:
            os.killpg(self.proc.pid, signal.SIGTERM)
            self.proc.wait(timeout=30)
        except ProcessLookupError:
            pass
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait()
        self.proc = None

    def pids(self) -> list[int]:
        """Every process of the app's process group (the server and its workers)."""
        if self.proc is None:
            return []
        found = []
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            fields = stat.rpartition(")")[2].split()
            if int(fields[2]) == self.proc.pid:  # the process group id
                found.append(int(entry.name))
        return found

    def workers(self) -> list[int]:
        """The processes that serve events (the children; the group leader when alone)."""
        pids = self.pids()
        leader = self.proc.pid if self.proc else 0
        children = [p for p in pids if p != leader and _cmd(p).find("python") >= 0]
        return children or [leader]


def _cmd(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


def cpu_seconds(pids: list[int]) -> float:
    total = 0.0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / TICKS  # utime + stime
    return total


def memory_mb(pids: list[int]) -> tuple[float, float]:
    """(RSS, PSS) summed over `pids`, in MB. PSS shares pages fairly between processes."""
    rss = pss = 0
    for pid in pids:
        try:
            for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
                if line.startswith("Rss:"):
                    rss += int(line.split()[1])
                elif line.startswith("Pss:"):
                    pss += int(line.split()[1])
        except OSError:
            continue
    return rss / 1024, pss / 1024


def directory_size(path: Path) -> tuple[int, float]:
    """(files, MB) under `path`."""
    if not path.exists():
        return 0, 0.0
    files = [p for p in path.rglob("*") if p.is_file()]
    return len(files), sum(p.stat().st_size for p in files if p.exists()) / 1e6


def start_bare(work: Path, port: int, *, workers: int = 1, redis_url: str = "") -> AppProcess:
    """The bare Reflex app (benchmarks/bare_reflex) built and served as `make run` serves the
    app, on `port`, with its tab state in Redis when `redis_url` is given (memory otherwise,
    as the app). Returns at once; `wait_ready` waits for it, `stop` ends it."""
    env = {
        **os.environ,
        "BARE_PORT": str(port),
        "REFLEX_STATES_WORKDIR": str(work / "bare-states"),
        "GRANIAN_WORKERS": str(workers),
        "PATH": f"{ROOT / '.tools' / 'node_modules' / '.bin'}:{os.environ.get('PATH', '')}",
    }
    if redis_url:
        env["REFLEX_REDIS_URL"] = redis_url
    bare = AppProcess(work / "bare-view", port)
    bare.proc = subprocess.Popen(  # noqa: S603
        [str(ROOT / ".venv" / "bin" / "reflex"), "run", "--env", "prod", "--single-port"],
        cwd=ROOT / "benchmarks" / "bare_reflex",
        env=env,
        stdout=(work / "bare.log").open("w"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    return bare


def fresh_production(database: str, redis_db: int, workers: int) -> dict[str, str]:
    """The settings of the production layout on this machine's PostgreSQL and Redis, with the
    database `database` recreated empty and Redis db `redis_db` flushed."""
    import redis

    admin = "postgresql://postgres@127.0.0.1:5432/postgres"
    for sql in (f"DROP DATABASE IF EXISTS {database} WITH (FORCE)", f"CREATE DATABASE {database}"):
        subprocess.run(["psql", admin, "-qc", sql], check=True)  # noqa: S603,S607
    redis_url = f"redis://127.0.0.1:6379/{redis_db}"
    redis.Redis.from_url(redis_url).flushdb()
    return {
        "TREINICO_DATABASE_URL": f"postgresql+psycopg://postgres@127.0.0.1:5432/{database}",
        "TREINICO_REDIS_URL": redis_url,
        "TREINICO_WORKERS": str(workers),
    }

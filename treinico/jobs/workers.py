"""Who this worker is, for the job leases (host and process)."""

from __future__ import annotations

import os
import socket


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"

"""A real ``oxigraph serve`` for tests (the ``oxigraph`` package from PyPI, in the test extra).

``OxigraphServer.start(folder)`` runs the server on 127.0.0.1 on a free port, with the union of
the named graphs as the default graph (``--union-default-graph``, what kg's queries expect), and
waits until it answers; ``stop()`` ends that process (and only it).
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

START_TIMEOUT = 15.0


def oxigraph_binary() -> str | None:
    """The ``oxigraph`` command: next to this Python (the venv), else on PATH."""
    beside = Path(sys.executable).parent / "oxigraph"
    if beside.is_file():
        return str(beside)
    return shutil.which("oxigraph")


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class OxigraphServer:
    def __init__(self, process: subprocess.Popen, port: int, log: Path):
        self.process = process
        self.port = port
        self.log = log
        self.url = f"http://127.0.0.1:{port}"

    @classmethod
    def start(cls, folder: Path, *, union: bool = True, attempts: int = 3) -> OxigraphServer:
        binary = oxigraph_binary()
        if binary is None:
            raise RuntimeError("the oxigraph server is not installed (pip install oxigraph)")
        folder.mkdir(parents=True, exist_ok=True)
        error = ""
        for attempt in range(attempts):  # another process may take the port first
            port = free_port()
            log = folder / f"server-{port}.log"
            command = [binary, "serve", "--location", str(folder / "data"),
                       "--bind", f"127.0.0.1:{port}"]
            if union:
                command.append("--union-default-graph")
            with open(log, "wb") as handle:
                process = subprocess.Popen(command, stdout=handle, stderr=subprocess.STDOUT,
                                           stdin=subprocess.DEVNULL)
            server = cls(process, port, log)
            if server._wait():
                return server
            server.stop()
            error = log.read_text("utf-8", "replace").strip()
            time.sleep(0.2 * (attempt + 1))
        raise RuntimeError(f"oxigraph serve did not start: {error[-500:]}")

    def _wait(self) -> bool:
        deadline = time.monotonic() + START_TIMEOUT
        request = urllib.request.Request(f"{self.url}/query?query=ASK%7B%7D",
                                         headers={"Accept": "application/sparql-results+json"})
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                return False
            try:
                with urllib.request.urlopen(request, timeout=1) as response:
                    if response.status == 200:
                        return True
            except (urllib.error.URLError, OSError):
                pass
            time.sleep(0.05)
        return False

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)

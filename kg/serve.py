"""``kg serve``: a read-only SPARQL 1.1 Protocol endpoint over the embedded Oxigraph store.

Queries run in worker processes that open the store read-only, so a query that runs past the
time limit is stopped by ending its worker (a fresh one takes its place) and the server keeps
answering others. Updates, and SERVICE calls to other endpoints, are refused with 403;
malformed queries get 400 with the parser's message; results larger than the size limit are
cut off with 413 and a clear message.
"""

from __future__ import annotations

import json
import logging
import queue
import select
import subprocess
import sys
import threading
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from .errors import KgError
from .query.sparql_text import is_update, uses_service

log = logging.getLogger("kg")

SELECT_TYPES = {
    "application/sparql-results+json": "JSON",
    "application/json": "JSON",
    "application/sparql-results+xml": "XML",
    "application/xml": "XML",
    "text/csv": "CSV",
    "text/tab-separated-values": "TSV",
}
GRAPH_TYPES = {
    "text/turtle": "TURTLE",
    "application/n-triples": "N_TRIPLES",
    "application/rdf+xml": "RDF_XML",
    "application/n-quads": "N_QUADS",
    "application/trig": "TRIG",
}


@dataclass
class Limits:
    timeout: float = 10.0  # seconds per query
    max_result_bytes: int = 20 * 1024 * 1024
    max_query_bytes: int = 64 * 1024


class ResultTooLarge(Exception):
    pass


class _BoundedBuffer:
    """A write-only buffer that raises once more than ``limit`` bytes are written."""

    def __init__(self, limit: int):
        self.limit, self.parts, self.size = limit, [], 0

    def write(self, data: bytes) -> int:
        self.size += len(data)
        if self.size > self.limit:
            raise ResultTooLarge
        self.parts.append(bytes(data))
        return len(data)

    def flush(self) -> None:
        return None

    def getvalue(self) -> bytes:
        return b"".join(self.parts)


def _negotiate(accept: str, offered: dict[str, str], default: str) -> str | None:
    """The first offered media type the Accept header allows (q-values ignored), or None."""
    if not accept.strip():
        return default
    for item in accept.split(","):
        media = item.split(";")[0].strip().lower()
        if media in offered:
            return media
        if media in ("*/*", "application/*", "text/*"):
            return default
    return None


def run_query(store: Any, query: str, accept: str, max_bytes: int,
              default_graph: list[str] | None = None, named_graphs: list[str] | None = None,
              union: bool = True) -> tuple[int, str, bytes]:
    """Evaluate one query on an open pyoxigraph store: ``(status, content type, body)``.

    The default graph is the union of the named graphs (``union``), or the store's own default
    graph when it already holds that union, or the graphs a request names."""
    import pyoxigraph as ox

    kwargs: dict[str, Any] = {}
    if default_graph:
        kwargs["default_graph"] = [ox.NamedNode(g) for g in default_graph]
    elif union:
        kwargs["use_default_graph_as_union"] = True
    if named_graphs:
        kwargs["named_graphs"] = [ox.NamedNode(g) for g in named_graphs]
    try:
        result = store.query(query, **kwargs)
    except SyntaxError as exc:
        return 400, "text/plain; charset=utf-8", f"malformed query: {exc}".encode()
    except (OSError, ValueError, RuntimeError) as exc:
        return 400, "text/plain; charset=utf-8", f"query failed: {exc}".encode()
    if isinstance(result, ox.QueryTriples):
        media = _negotiate(accept, GRAPH_TYPES, "text/turtle")
        fmt = getattr(ox.RdfFormat, GRAPH_TYPES[media]) if media else None
    else:
        media = _negotiate(accept, SELECT_TYPES, "application/sparql-results+json")
        fmt = getattr(ox.QueryResultsFormat, SELECT_TYPES[media]) if media else None
    if fmt is None:
        return 406, "text/plain; charset=utf-8", b"no acceptable result format for this query"
    buffer = _BoundedBuffer(max_bytes)
    try:
        result.serialize(buffer, fmt)
    except ResultTooLarge:
        return (413, "text/plain; charset=utf-8",
                f"result larger than the {max_bytes} byte limit; add LIMIT or narrow the query"
                .encode())
    except (OSError, ValueError, RuntimeError) as exc:
        if isinstance(exc.__cause__, ResultTooLarge) or "ResultTooLarge" in repr(exc):
            return (413, "text/plain; charset=utf-8",
                    f"result larger than the {max_bytes} byte limit".encode())
        return 500, "text/plain; charset=utf-8", f"query failed: {exc}".encode()
    charset = "; charset=utf-8" if media.startswith("text/") or "json" in media else ""
    return 200, media + charset, buffer.getvalue()


def _worker_main(store_path: str, max_bytes: int) -> None:
    """Worker process: read one JSON request per line, answer with a header line and a body."""
    import pyoxigraph as ox

    from .query.backends import has_default_graph

    store = ox.Store.read_only(store_path)
    union = not has_default_graph(store)
    out = sys.stdout.buffer
    for line in sys.stdin.buffer:
        request = json.loads(line)
        status, content_type, body = run_query(
            store, request["query"], request["accept"], max_bytes,
            request.get("default_graph"), request.get("named_graphs"), union)
        header = {"status": status, "type": content_type, "length": len(body)}
        out.write(json.dumps(header).encode() + b"\n" + body)
        out.flush()


class _Worker:
    """One query process (``python -m kg.serve``) with its own read-only store handle."""

    def __init__(self, store_path: str, max_bytes: int):
        self.process = subprocess.Popen(
            [sys.executable, "-m", "kg.serve", store_path, str(max_bytes)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)

    def ask(self, request: dict[str, Any], timeout: float) -> tuple[int, str, bytes] | None:
        """The answer, or None when the worker did not answer within ``timeout`` seconds."""
        assert self.process.stdin and self.process.stdout
        self.process.stdin.write(json.dumps(request).encode() + b"\n")
        self.process.stdin.flush()
        ready, _, _ = select.select([self.process.stdout], [], [], timeout)
        if not ready:
            return None
        line = self.process.stdout.readline()
        if not line:
            return 500, "text/plain; charset=utf-8", b"query worker failed"
        header = json.loads(line)
        body = self.process.stdout.read(header["length"])
        return header["status"], header["type"], body

    def alive(self) -> bool:
        return self.process.poll() is None

    def stop(self) -> None:
        if self.alive():
            self.process.kill()
        self.process.wait(timeout=5)


class QueryPool:
    """A fixed number of workers; a worker that overruns the time limit is replaced."""

    def __init__(self, store_path: Path, limits: Limits, workers: int = 2):
        self.store_path, self.limits = str(store_path), limits
        self.closed = False
        self.idle: queue.Queue[_Worker] = queue.Queue()
        for _ in range(workers):
            self.idle.put(self._new_worker())

    def _new_worker(self) -> _Worker:
        return _Worker(self.store_path, self.limits.max_result_bytes)

    def run(self, query: str, accept: str, default_graph: list[str] | None,
            named_graphs: list[str] | None) -> tuple[int, str, bytes]:
        worker = self.idle.get()
        try:
            answer = worker.ask({"query": query, "accept": accept,
                                 "default_graph": default_graph, "named_graphs": named_graphs},
                                self.limits.timeout)
            if answer is None:
                worker.stop()
                return (503, "text/plain; charset=utf-8",
                        f"query stopped after the {self.limits.timeout:g} s time limit".encode())
            return answer
        except (OSError, ValueError) as exc:
            worker.stop()
            return 500, "text/plain; charset=utf-8", f"query worker failed: {exc}".encode()
        finally:
            if worker.alive():
                self.idle.put(worker)
            else:  # start the replacement without holding up this answer
                threading.Thread(target=self._replace, daemon=True).start()

    def _replace(self) -> None:
        worker = self._new_worker()
        if self.closed:
            worker.stop()
        else:
            self.idle.put(worker)

    def close(self) -> None:
        self.closed = True
        while not self.idle.empty():
            self.idle.get().stop()


def make_handler(pool: QueryPool, limits: Limits) -> type[BaseHTTPRequestHandler]:
    class SparqlHandler(BaseHTTPRequestHandler):
        server_version = "kg-sparql/1"

        def log_message(self, fmt: str, *args: Any) -> None:
            log.info("%s %s", self.address_string(), fmt % args)

        def _send(self, status: int, content_type: str, body: bytes) -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Access-Control-Allow-Origin", "*")
            self.send_header("Vary", "Accept")
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)

        def _error(self, status: int, message: str) -> None:
            self._send(status, "text/plain; charset=utf-8", message.encode())

        def _answer(self, params: dict[str, list[str]], query: str | None) -> None:
            if "update" in params:
                return self._error(403, "this endpoint is read-only: updates are refused")
            if query is None:
                query = (params.get("query") or [None])[0]
            if not query:
                return self._error(400, "missing 'query' parameter")
            if len(query.encode()) > limits.max_query_bytes:
                return self._error(413, f"query longer than {limits.max_query_bytes} bytes")
            if is_update(query):
                return self._error(403, "this endpoint is read-only: updates are refused")
            if uses_service(query):
                return self._error(403, "SERVICE is refused: this endpoint only reads its own "
                                        "store")
            status, content_type, body = pool.run(
                query, self.headers.get("Accept", ""),
                params.get("default-graph-uri"), params.get("named-graph-uri"))
            self._send(status, content_type, body)

        def do_OPTIONS(self) -> None:  # noqa: N802 (http.server naming)
            self.send_response(204)
            self.send_header("Access-Control-Allow-Origin", "*")
            self.send_header("Access-Control-Allow-Methods", "GET, POST, OPTIONS")
            self.send_header("Access-Control-Allow-Headers", "Content-Type, Accept")
            self.end_headers()

        def do_GET(self) -> None:  # noqa: N802
            url = urlsplit(self.path)
            if url.path not in ("/sparql", "/query", "/"):
                return self._error(404, "the SPARQL endpoint is at /sparql")
            params = parse_qs(url.query)
            if url.path == "/" and "query" not in params:
                body = json.dumps({"sparql_endpoint": "/sparql", "read_only": True}).encode()
                return self._send(200, "application/json", body)
            self._answer(params, None)

        do_HEAD = do_GET

        def do_POST(self) -> None:  # noqa: N802
            url = urlsplit(self.path)
            if url.path not in ("/sparql", "/query", "/", "/update"):
                return self._error(404, "the SPARQL endpoint is at /sparql")
            try:
                length = int(self.headers.get("Content-Length") or 0)
            except ValueError:
                length = -1
            if length < 0:  # rfile.read(-1) would read until the client closes
                return self._error(400, "invalid Content-Length header")
            if length > limits.max_query_bytes * 4:
                return self._error(413, f"request body longer than {limits.max_query_bytes * 4} "
                                        "bytes")
            body = self.rfile.read(length).decode("utf-8", "replace")
            content_type = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
            params = parse_qs(url.query)
            if url.path == "/update" or content_type == "application/sparql-update":
                return self._error(403, "this endpoint is read-only: updates are refused")
            if content_type == "application/sparql-query":
                return self._answer(params, body)
            if content_type in ("application/x-www-form-urlencoded", ""):
                params.update(parse_qs(body))
                return self._answer(params, None)
            return self._error(415, f"unsupported content type {content_type!r}")

    return SparqlHandler


class _HttpServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        """One log line instead of http.server's traceback on stderr (e.g. a client that hung
        up); the traceback with -vv."""
        exc = sys.exc_info()[1]
        log.warning("%s: request failed (%s: %s)", client_address[0], type(exc).__name__, exc)
        log.debug("traceback", exc_info=True)


class SparqlServer:
    """The endpoint as an object (tests start and stop it in-process)."""

    def __init__(self, store_path: Path, host: str = "127.0.0.1", port: int = 7878,
                 limits: Limits | None = None, workers: int = 2):
        if not (store_path / "CURRENT").exists() and not any(store_path.glob("*.sst")):
            raise KgError(f"{store_path}: no Oxigraph store here (run kg build first)")
        self.limits = limits or Limits()
        self.pool = QueryPool(store_path, self.limits, workers)
        try:
            self.httpd = _HttpServer((host, port), make_handler(self.pool, self.limits))
        except OSError as exc:
            self.pool.close()
            raise KgError(f"cannot listen on {host}:{port} ({exc.strerror or exc})") from None
        self.thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}/sparql"

    def start(self) -> SparqlServer:
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()
        return self

    def serve_forever(self) -> None:
        self.httpd.serve_forever()

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self.pool.close()


if __name__ == "__main__":
    _worker_main(sys.argv[1], int(sys.argv[2]))

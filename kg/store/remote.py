"""A SPARQL 1.1 server as the store of a build: ``kg build --store URL`` (Oxigraph server,
Fuseki, RDF4J/GraphDB, Virtuoso …), one named graph per source as in the embedded store.

**Where.** ``URL`` is the server's (or dataset's) base, e.g. ``http://127.0.0.1:7878`` for
``oxigraph serve`` or ``http://host:3030/ds`` for Fuseki, or its query endpoint. kg finds:

- the query endpoint: ``URL`` itself when it ends in ``/query`` or ``/sparql``, else the first
  of ``URL/query``, ``URL/sparql``, ``URL`` that answers ``ASK {}``;
- the SPARQL Update endpoint: the first of ``BASE/update``, ``BASE/statements`` and the query
  endpoint that accepts ``INSERT DATA {}`` (which changes nothing); ``BASE`` is the query
  endpoint without its last ``/query`` or ``/sparql``;
- the Graph Store HTTP Protocol (GSP) endpoint: the first of ``BASE/store`` (Oxigraph),
  ``BASE/data`` (Fuseki), ``BASE/rdf-graphs/service`` (RDF4J, GraphDB) that answers
  ``HEAD ?default``.

``KG_STORE_QUERY``, ``KG_STORE_UPDATE`` and ``KG_STORE_DATA`` name them instead (``none``: do
not use that one). ``KG_STORE_AUTH=user:password`` sends HTTP basic authentication (so does a
``http://user:password@host/`` URL; kg never writes the credentials anywhere).
``KG_STORE_TIMEOUT`` bounds each request, in seconds (default 120).

**Writing.** The build hands over N-Quads in large batches (whole source graphs). Each batch is
sent in requests of at most :data:`MAX_REQUEST_BYTES`, cut between graphs: as N-Quads POSTed to
the GSP endpoint (Oxigraph, Fuseki and RDF4J load a dataset so); if the server refuses that
(400, 405, 415 …), graph by graph as N-Triples POSTed to ``GSP?graph=IRI``; without GSP, as
``INSERT DATA { GRAPH <g> { … } }``. To an Oxigraph server (its ``Server`` header) the N-Quads go
to ``/store?no_transaction``, its bulk loader (about twice as fast). A graph to drop is
remembered and sent with the others, in ``DROP SILENT GRAPH`` updates of
:data:`DROPS_PER_REQUEST` graphs (or GSP ``DELETE`` without an update endpoint), before the next
read or write; a graph that is not on the server (as listed by :meth:`graph_names`, which the
build asks first) is not dropped at all.

**Reading.** ``select`` and ``kg query`` read the endpoint's *default graph*, which must be the
union of the named graphs: ``oxigraph serve --union-default-graph``, Fuseki's
``unionDefaultGraph``; RDF4J, GraphDB and Virtuoso answer over all graphs by default.
:meth:`RemoteStore.flush` (the end of a build) warns when it is not.

**One server (or dataset) per output folder.** Graphs are named by the content hash of their
source, and the build replaces and drops graphs by what its own manifest lists: two output
folders writing one dataset would drop and overwrite each other's graphs.

**Failures.** The server has no staging copy: a build that fails midway leaves it partly updated
while the output folder keeps the previous build (its manifest, graph.ttl, extraction.jsonl).
The next build replaces every graph whose source differs from that manifest or is missing on the
server; only the graph of a source that was new in the failed build and is gone by the next one
stays behind.
"""

from __future__ import annotations

import base64
import json
import logging
import os
import threading
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from http.client import HTTPException
from typing import Any, NamedTuple

from pyoxigraph import (
    NamedNode,
    Quad,
    QueryResultsFormat,
    QuerySolutions,
    RdfFormat,
    Triple,
    parse,
    parse_query_results,
    serialize,
)

from .. import __version__
from ..errors import KgError, first_line
from .base import GraphStore, sort_triples

log = logging.getLogger(__name__)

ENV_AUTH = "KG_STORE_AUTH"
ENV_TIMEOUT = "KG_STORE_TIMEOUT"
ENV_QUERY, ENV_UPDATE, ENV_DATA = "KG_STORE_QUERY", "KG_STORE_UPDATE", "KG_STORE_DATA"
DEFAULT_TIMEOUT = 120.0
MAX_REQUEST_BYTES = 16 * 1024 * 1024
DROPS_PER_REQUEST = 500
SUBJECTS_PER_REQUEST = 500
# What a server answers when it does not take a way of loading (kg then tries the next one).
REFUSED = frozenset({400, 404, 405, 406, 411, 413, 415, 501})
JSON_RESULTS = "application/sparql-results+json"
N_TRIPLES = "application/n-triples"
N_QUADS = "application/n-quads"
FORM = "application/x-www-form-urlencoded"


class EndpointError(KgError):
    """An HTTP exchange that failed: ``status`` is the HTTP status, None when there was no
    answer; ``detail`` the first line the server gave."""

    def __init__(self, message: str, status: int | None = None, detail: str = ""):
        super().__init__(message)
        self.status = status
        self.detail = detail


def shown_url(url: str) -> str:
    """``url`` without credentials (what kg prints and records)."""
    parts = urllib.parse.urlsplit(url)
    if parts.username is None and parts.password is None:
        return url
    host = parts.hostname or ""
    if ":" in host:
        host = f"[{host}]"
    netloc = f"{host}:{parts.port}" if parts.port else host
    return urllib.parse.urlunsplit((parts.scheme, netloc, parts.path, parts.query,
                                    parts.fragment))


def _timeout_from_env() -> float:
    text = os.environ.get(ENV_TIMEOUT, "").strip()
    if not text:
        return DEFAULT_TIMEOUT
    try:
        value = float(text)
    except ValueError:
        value = 0.0
    if value <= 0:
        raise KgError(f"{ENV_TIMEOUT}={text}: expected a number of seconds above 0")
    return value


class Reply(NamedTuple):
    status: int
    content_type: str
    body: bytes
    server: str  # the Server header ("Oxigraph/0.5.13" …)


class Http:
    """Plain HTTP requests (urllib) with basic authentication, a timeout and one-line errors."""

    def __init__(self, auth: str | None = None, timeout: float = DEFAULT_TIMEOUT):
        self.headers = {"User-Agent": f"kg/{__version__}"}
        if auth:
            if ":" not in auth:
                raise KgError(f"{ENV_AUTH}: expected user:password")
            token = base64.b64encode(auth.encode("utf-8")).decode("ascii")
            self.headers["Authorization"] = f"Basic {token}"
        self.timeout = timeout

    @classmethod
    def for_url(cls, url: str, timeout: float | None = None) -> tuple[Http, str]:
        """A client for ``url`` (credentials from the URL or ``KG_STORE_AUTH``) and the URL
        without its credentials."""
        parts = urllib.parse.urlsplit(url)
        auth = os.environ.get(ENV_AUTH) or None
        if parts.username is not None:
            auth = (f"{urllib.parse.unquote(parts.username)}:"
                    f"{urllib.parse.unquote(parts.password or '')}")
        return cls(auth, timeout if timeout is not None else _timeout_from_env()), shown_url(url)

    def request(self, method: str, url: str, body: bytes | None = None, *,
                content_type: str | None = None, accept: str | None = None,
                timeout: float | None = None) -> Reply:
        """The 2xx answer; EndpointError otherwise."""
        headers = dict(self.headers)
        if content_type:
            headers["Content-Type"] = content_type
        if accept:
            headers["Accept"] = accept
        request = urllib.request.Request(url, data=body, method=method, headers=headers)
        limit = timeout or self.timeout
        where = shown_url(url)
        try:
            with urllib.request.urlopen(request, timeout=limit) as response:
                return Reply(response.status, response.headers.get("Content-Type", ""),
                             response.read(), response.headers.get("Server", ""))
        except urllib.error.HTTPError as exc:
            try:
                detail = first_line(exc.read())
            except (OSError, HTTPException):
                detail = ""
            detail = detail or str(exc.reason or "")
            hint = f" (set {ENV_AUTH}=user:password)" if exc.code in (401, 403) else ""
            raise EndpointError(f"{where}: HTTP {exc.code}: {detail}{hint}", exc.code,
                                detail) from None
        except urllib.error.URLError as exc:
            reason = exc.reason
            if isinstance(reason, TimeoutError):
                raise EndpointError(f"{where}: no answer within {limit:g} s") from None
            text = getattr(reason, "strerror", None) or str(reason)
            raise EndpointError(f"{where}: cannot reach the SPARQL endpoint ({text})") from None
        except TimeoutError:
            raise EndpointError(f"{where}: no answer within {limit:g} s") from None
        except (OSError, HTTPException) as exc:
            text = first_line(exc)
            raise EndpointError(f"{where}: the connection failed ({text})") from None

    def sparql_query(self, url: str, query: str, accept: str, timeout: float | None = None
                     ) -> tuple[str, bytes]:
        """POST a query (form-encoded, as every SPARQL 1.1 server takes it)."""
        data = urllib.parse.urlencode({"query": query}).encode("utf-8")
        reply = self.request("POST", url, data, content_type=FORM, accept=accept,
                             timeout=timeout)
        return reply.content_type, reply.body


def _is_query_answer(content_type: str, body: bytes) -> bool:
    if "sparql-results" in content_type:
        return True
    try:
        return "boolean" in json.loads(body)
    except (ValueError, TypeError):
        return False


def _strip_endpoint(url: str) -> str:
    for suffix in ("/query", "/sparql"):
        if url.endswith(suffix):
            return url[:-len(suffix)]
    return url


def _explicit(name: str) -> str | None:
    """An endpoint named in the environment: its URL, "" for ``none``, None when unset."""
    value = os.environ.get(name, "").strip()
    if not value:
        return None
    return "" if value.lower() == "none" else value


def find_query_endpoint(http: Http, url: str) -> str:
    """The query endpoint behind ``url`` (see the module docstring); KgError if none answers."""
    explicit = _explicit(ENV_QUERY)
    if explicit:
        return explicit
    base = url.rstrip("/")
    path = urllib.parse.urlsplit(base).path
    if path.endswith(("/query", "/sparql")) or "?" in url:
        return url
    candidates = [f"{base}/query", f"{base}/sparql", base]
    for candidate in candidates:
        try:
            content_type, body = http.sparql_query(candidate, "ASK {}", JSON_RESULTS)
        except EndpointError as exc:
            if exc.status is None or exc.status in (401, 403):
                raise
            continue
        if _is_query_answer(content_type, body):
            return candidate
    raise KgError(f"{shown_url(url)}: no SPARQL query endpoint answers there (tried "
                  f"{', '.join(shown_url(c) for c in candidates)}; give the query URL, or set "
                  f"{ENV_QUERY})")


@dataclass(slots=True)
class Endpoints:
    query: str
    update: str | None = None  # SPARQL 1.1 Update
    data: str | None = None  # Graph Store HTTP Protocol
    load: str | None = None  # where N-Quads are POSTed (the GSP endpoint, with options)


def discover(http: Http, url: str, writing: bool = True) -> Endpoints:
    """The endpoints of the server at ``url``: the query endpoint always, the update and GSP
    endpoints too when ``writing``."""
    endpoints = Endpoints(find_query_endpoint(http, url))
    if not writing:
        return endpoints
    base = _strip_endpoint(endpoints.query.rstrip("/"))
    update = _explicit(ENV_UPDATE)
    if update is None:
        for candidate in dict.fromkeys([f"{base}/update", f"{base}/statements",
                                        endpoints.query]):
            try:
                http.request("POST", candidate, b"INSERT DATA {}",
                             content_type="application/sparql-update")
            except EndpointError as exc:
                if exc.status is None:
                    raise
                continue
            update = candidate
            break
    endpoints.update = update or None
    data = _explicit(ENV_DATA)
    if data is None:
        for candidate in (f"{base}/store", f"{base}/data", f"{base}/rdf-graphs/service"):
            try:
                reply = http.request("HEAD", f"{candidate}?default")
            except EndpointError as exc:
                if exc.status is None:
                    raise
                continue
            data = candidate
            if reply.server.lower().startswith("oxigraph"):
                # Oxigraph's bulk loader: about twice as fast, and a build is not one
                # transaction on a server anyway (see "Failures" above).
                endpoints.load = f"{candidate}?no_transaction"
            break
    endpoints.data = data or None
    if endpoints.data is not None and endpoints.load is None:
        endpoints.load = endpoints.data
    return endpoints


def _graph_of(line: bytes) -> bytes:
    """The graph IRI of an N-Quads line ``s p o <g> .`` (kg writes no default-graph quads)."""
    end = line.rindex(b">")
    return line[line.rindex(b" <", 0, end) + 2:end]


def _triple_line(line: bytes) -> bytes:
    """An N-Quads line without its graph: an N-Triples line."""
    return line[:line.rindex(b" <", 0, line.rindex(b">"))] + b" .\n"


def _graph_groups(data: bytes) -> list[tuple[bytes, list[bytes]]]:
    """Consecutive N-Quads lines of the same graph, grouped: (graph IRI, lines)."""
    groups: list[tuple[bytes, list[bytes]]] = []
    for line in data.splitlines(keepends=True):
        if not line.strip():
            continue
        if not line.endswith(b"\n"):
            line += b"\n"
        graph = _graph_of(line)
        if groups and groups[-1][0] == graph:
            groups[-1][1].append(line)
        else:
            groups.append((graph, [line]))
    return groups


def _chunks(groups: list[tuple[bytes, list[bytes]]], limit: int
            ) -> Iterator[list[tuple[bytes, list[bytes]]]]:
    """Requests of at most ``limit`` bytes, cut between graphs (a bigger graph alone, cut
    between lines)."""
    chunk: list[tuple[bytes, list[bytes]]] = []
    size = 0
    for graph, lines in groups:
        length = sum(len(line) for line in lines)
        if chunk and size + length > limit:
            yield chunk
            chunk, size = [], 0
        if length <= limit:
            chunk.append((graph, lines))
            size += length
            continue
        part: list[bytes] = []
        part_size = 0
        for line in lines:
            if part and part_size + len(line) > limit:
                yield [(graph, part)]
                part, part_size = [], 0
            part.append(line)
            part_size += len(line)
        chunk, size = [(graph, part)], part_size
    if chunk:
        yield chunk


def _rdf_format(content_type: str) -> RdfFormat:
    kind = content_type.split(";")[0].strip().lower()
    return {"text/turtle": RdfFormat.TURTLE, "application/rdf+xml": RdfFormat.RDF_XML,
            "application/n-quads": RdfFormat.N_QUADS}.get(kind, RdfFormat.N_TRIPLES)


class RemoteStore(GraphStore):
    """A SPARQL 1.1 server as a :class:`GraphStore` (see the module docstring)."""

    kind = "sparql"

    def __init__(self, http: Http, endpoints: Endpoints, location: str):
        self.http = http
        self.endpoints = endpoints
        self.location = location
        self.modes = ([] if endpoints.data is None else ["dataset", "graph"]) + \
            ([] if endpoints.update is None else ["update"])
        self._drops: list[str] = []
        self._written: str | None = None  # one graph this store wrote (checked by flush)
        self._present: set[str] | None = None  # the graphs on the server, once listed
        self._lock = threading.RLock()

    @classmethod
    def open(cls, url: str, *, writing: bool = True, timeout: float | None = None
             ) -> RemoteStore:
        """The server at ``url``; fails now (one line) if it does not answer, or, ``writing``,
        if it takes no writes."""
        http, location = Http.for_url(url, timeout)
        endpoints = discover(http, location, writing)
        if writing and endpoints.update is None and endpoints.data is None:
            raise KgError(f"{location}: the endpoint answers queries but takes no writes (no "
                          f"SPARQL Update or Graph Store endpoint found; set {ENV_UPDATE} or "
                          f"{ENV_DATA}, or start the server read-write)")
        log.info("remote store %s: query %s, update %s, graph store %s", location,
                 shown_url(endpoints.query), shown_url(endpoints.update or "-"),
                 shown_url(endpoints.data or "-"))
        return cls(http, endpoints, location)

    # -- writing -----------------------------------------------------------------------------
    def add(self, quads: Iterable[Quad]) -> None:
        self.bulk_load_nquads(serialize(quads, format=RdfFormat.N_QUADS) or b"")

    def bulk_load_nquads(self, data: bytes) -> None:
        """Load N-Quads (named-graph quads) in requests of at most MAX_REQUEST_BYTES."""
        with self._lock:
            self._send_drops()
            for chunk in _chunks(_graph_groups(data), MAX_REQUEST_BYTES):
                self._send(chunk)
                names = [graph.decode("utf-8") for graph, _ in chunk]
                if self._written is None:
                    self._written = names[0]
                if self._present is not None:
                    self._present.update(names)

    def _send(self, chunk: list[tuple[bytes, list[bytes]]]) -> None:
        while True:
            if not self.modes:
                raise KgError(f"{self.location}: the server took none of kg's ways of loading "
                              "graphs")
            mode = self.modes[0]
            try:
                if mode == "dataset":
                    body = b"".join(line for _, lines in chunk for line in lines)
                    self.http.request("POST", self.endpoints.load or "", body,
                                      content_type=N_QUADS)
                elif mode == "graph":
                    for graph, lines in chunk:
                        self.http.request("POST", self._graph_url(graph.decode("utf-8")),
                                          b"".join(_triple_line(line) for line in lines),
                                          content_type=N_TRIPLES)
                else:
                    parts = [b"INSERT DATA {\n"]
                    for graph, lines in chunk:
                        parts += [b"GRAPH <", graph, b"> {\n"]
                        parts += [_triple_line(line) for line in lines]
                        parts.append(b"}\n")
                    parts.append(b"}\n")
                    self.http.request("POST", self.endpoints.update or "", b"".join(parts),
                                      content_type="application/sparql-update")
                return
            except EndpointError as exc:
                if exc.status in REFUSED and len(self.modes) > 1:
                    log.info("%s: %s; loading another way", self.location, exc)
                    self.modes.pop(0)
                    continue
                raise

    def _graph_url(self, graph: str) -> str:
        separator = "&" if "?" in (self.endpoints.data or "") else "?"
        return f"{self.endpoints.data}{separator}{urllib.parse.urlencode({'graph': graph})}"

    def remove_graph(self, name: str) -> None:
        """Drop graph ``name`` (sent with the next request, several graphs at once)."""
        with self._lock:
            if self._present is not None:
                if name not in self._present:
                    return  # not on the server (a fresh build drops every graph it writes)
                self._present.discard(name)
            self._drops.append(name)
            if name == self._written:
                self._written = None

    def _send_drops(self) -> None:
        with self._lock:
            drops, self._drops = list(dict.fromkeys(self._drops)), []
            if not drops:
                return
            if self.endpoints.update is not None:
                for start in range(0, len(drops), DROPS_PER_REQUEST):
                    batch = drops[start:start + DROPS_PER_REQUEST]
                    text = " ;\n".join(f"DROP SILENT GRAPH <{name}>" for name in batch)
                    self.http.request("POST", self.endpoints.update, text.encode("utf-8"),
                                      content_type="application/sparql-update")
                return
            for name in drops:
                try:
                    self.http.request("DELETE", self._graph_url(name))
                except EndpointError as exc:
                    if exc.status != 404:  # 404: no such graph, nothing to drop
                        raise

    def flush(self) -> None:
        """Send the drops still waiting; check the written graphs are there and the default
        graph is the union (warns if not: kg query would find nothing)."""
        with self._lock:
            self._send_drops()
            if self._written is not None and not self._ask(
                    f"ASK {{ GRAPH <{self._written}> {{ ?s ?p ?o }} }}"):
                raise KgError(f"{self.location}: the server accepted the data but does not hold "
                              f"graph <{self._written}>; set {ENV_DATA}=none to load through "
                              "SPARQL Update")
            self._written = None
            if not self.default_graph_is_union():
                log.warning("%s: the endpoint's default graph is not the union of its named "
                            "graphs, so kg query will miss facts there; make it the union "
                            "(oxigraph serve --union-default-graph; Fuseki unionDefaultGraph)",
                            self.location)

    def close(self) -> None:
        """Forget drops not sent (a failed build sends nothing more)."""
        self._drops = []

    # -- reading -----------------------------------------------------------------------------
    def _query(self, sparql: str, accept: str) -> tuple[str, bytes]:
        with self._lock:
            self._send_drops()
        return self.http.sparql_query(self.endpoints.query, sparql, accept)

    def _solutions(self, sparql: str) -> QuerySolutions:
        _, body = self._query(sparql, JSON_RESULTS)
        try:
            result = parse_query_results(body, QueryResultsFormat.JSON)
        except (SyntaxError, ValueError) as exc:
            raise KgError(f"{self.location}: the endpoint did not answer with SPARQL JSON "
                          f"results ({first_line(exc)})") from None
        if not isinstance(result, QuerySolutions):
            raise KgError("only SELECT queries return rows")
        return result

    def _ask(self, sparql: str) -> bool:
        _, body = self._query(sparql, JSON_RESULTS)
        try:
            return bool(json.loads(body)["boolean"])
        except (ValueError, KeyError, TypeError):
            raise KgError(f"{self.location}: the endpoint did not answer the ASK query"
                          ) from None

    def _construct(self, sparql: str) -> Iterator[Triple]:
        content_type, body = self._query(sparql, N_TRIPLES)
        try:
            return iter(list(parse(body, format=_rdf_format(content_type))))
        except (SyntaxError, ValueError) as exc:
            raise KgError(f"{self.location}: the endpoint sent invalid RDF "
                          f"({first_line(exc)})") from None

    def default_graph_is_union(self) -> bool:
        """False when the named graphs hold triples that the default graph does not show."""
        if self._ask("ASK { ?s ?p ?o }"):
            return True
        return not self._ask("ASK { GRAPH ?g { ?s ?p ?o } }")

    def graph_names(self) -> set[str]:
        names = set()
        for solution in self._solutions("SELECT DISTINCT ?g WHERE { GRAPH ?g { } }"):
            if isinstance(solution[0], NamedNode):
                names.add(solution[0].value)
        with self._lock:
            self._present = set(names)
        return names

    def quads(self, graph: str | None = None) -> Iterator[Quad]:
        if graph == "":
            return  # kg keeps every quad in a named graph
        for name in [graph] if graph else sorted(self.graph_names()):
            node = NamedNode(name)
            for triple in self._construct(
                    f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{name}> {{ ?s ?p ?o }} }}"):
                yield Quad(triple.subject, triple.predicate, triple.object, node)

    def subjects(self) -> Iterator[NamedNode]:
        for solution in self._solutions(
                "SELECT DISTINCT ?s WHERE { GRAPH ?g { ?s ?p ?o } }"):
            yield solution[0]

    def triples_about(self, subject: NamedNode) -> Iterator[Triple]:
        return self._construct(f"CONSTRUCT {{ {subject} ?p ?o }} WHERE {{ GRAPH ?g "
                               f"{{ {subject} ?p ?o }} }}")

    def sorted_triples(self) -> Iterator[Triple]:
        """As the base class, but asking for SUBJECTS_PER_REQUEST subjects at a time."""
        subjects = sorted((s for s in self.subjects() if isinstance(s, NamedNode)), key=str)
        for start in range(0, len(subjects), SUBJECTS_PER_REQUEST):
            batch = subjects[start:start + SUBJECTS_PER_REQUEST]
            values = " ".join(str(s) for s in batch)
            by_subject: dict[str, list[Triple]] = {}
            for triple in self._construct(
                    f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ VALUES ?s {{ {values} }} "
                    "GRAPH ?g { ?s ?p ?o } }"):
                by_subject.setdefault(str(triple.subject), []).append(triple)
            for subject in batch:
                yield from sort_triples(by_subject.get(str(subject), []))

    def select(self, sparql: str) -> tuple[list[str], list[tuple[Any, ...]]]:
        try:
            result = self._solutions(sparql)
        except EndpointError as exc:
            if exc.status == 400:
                raise KgError(f"SPARQL syntax error: {exc.detail}") from None
            raise
        names = [variable.value for variable in result.variables]
        return names, [tuple(solution[name] for name in names) for solution in result]

    def __len__(self) -> int:
        result = self._solutions(
            "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
        for solution in result:
            return int(solution[0].value)
        return 0

"""Where queries run: an Oxigraph store (on disk or loaded from a file) or a SPARQL endpoint.

Both give the same ``Result`` of plain values. The local store answers over the union of its
named graphs (every source is one named graph); an endpoint is asked over the SPARQL 1.1
Protocol, and the union is whatever its default graph is (``kg serve`` makes it the union, and
``oxigraph serve --union-default-graph``).
"""

from __future__ import annotations

import io
import json
import logging
import time
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from ..errors import KgError, first_line
from .result import ASK, GRAPH, GRAPH_COLUMNS, SELECT, Result
from .sparql_text import is_update, query_form, uses_service, without_lateral
from .values import json_term_value, term_value

RDF_SUFFIXES = {".ttl": ox.RdfFormat.TURTLE, ".trig": ox.RdfFormat.TRIG,
                ".nq": ox.RdfFormat.N_QUADS, ".nt": ox.RdfFormat.N_TRIPLES,
                ".rdf": ox.RdfFormat.RDF_XML, ".owl": ox.RdfFormat.RDF_XML,
                ".jsonld": getattr(ox.RdfFormat, "JSON_LD", None)}
log = logging.getLogger(__name__)
_CHECK_EVERY = 256  # rows between two looks at the clock


def check_read_only(query: str) -> str:
    """The query form; KgError for updates and for text that is no query."""
    if is_update(query):
        raise KgError("SPARQL updates are not allowed: kg query only reads the graph")
    form = query_form(query)
    if form not in ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE"):
        raise KgError("SPARQL syntax error: expected SELECT, ASK, CONSTRUCT or DESCRIBE")
    return form


def graph_result(triples: list[Any], query: str) -> Result:
    """A CONSTRUCT/DESCRIBE result: the triples, and the same as subject/predicate/object rows."""
    rows = [{"subject": term_value(t.subject), "predicate": term_value(t.predicate),
             "object": term_value(t.object)} for t in triples]
    return Result(GRAPH, list(GRAPH_COLUMNS), rows, triples=triples, query=query)


class _Limits:
    """A row cap and a deadline, checked while rows stream out of the store."""

    def __init__(self, timeout: float | None, max_rows: int | None):
        self.deadline = time.monotonic() + timeout if timeout else None
        self.timeout = timeout
        self.max_rows = max_rows

    def check(self, count: int) -> None:
        if self.max_rows is not None and count > self.max_rows:
            raise KgError(f"the query gives more than {self.max_rows} rows; add LIMIT or narrow"
                          " it")
        if self.deadline is not None and count % _CHECK_EVERY == 0 \
                and time.monotonic() > self.deadline:
            raise KgError(f"the query ran longer than {self.timeout:g} s; narrow it or add "
                          "LIMIT")


FILE_GRAPH = "urn:kg:graph:file"  # where a triples-only file (Turtle, N-Triples) is loaded


def has_default_graph(store: ox.Store) -> bool:
    """Whether the store's default graph holds triples (a materialised union of the sources)."""
    return next(iter(store.quads_for_pattern(None, None, None, ox.DefaultGraph())), None) \
        is not None


class LocalBackend:
    """pyoxigraph: a store folder opened read-only, or a file loaded into memory.

    Queries see the union of the named graphs (each source is one) as their default graph,
    unless the store's default graph already holds that union: then it is used as is (faster,
    and without the duplicates Oxigraph's on-the-fly union gives for a triple that several
    sources state).
    """

    def __init__(self, store: ox.Store, location: str):
        self.store = store
        self.location = location
        self.union = not has_default_graph(store)

    @classmethod
    def open_store(cls, path: Path) -> LocalBackend:
        if not (path / "CURRENT").is_file():
            raise KgError(f"{path}: no Oxigraph store here (build one with kg build)")
        try:
            return cls(ox.Store.read_only(str(path)), str(path))
        except (OSError, RuntimeError, ValueError) as exc:
            raise KgError(f"{path}: cannot open the store ({first_line(exc)})") from None

    @classmethod
    def load_file(cls, path: Path) -> LocalBackend:
        fmt = RDF_SUFFIXES.get(path.suffix.lower())
        if fmt is None:
            known = ", ".join(sorted(s for s, f in RDF_SUFFIXES.items() if f is not None))
            raise KgError(f"{path}: not an RDF file kg can read ({known})")
        store = ox.Store()
        try:
            if fmt in (ox.RdfFormat.TURTLE, ox.RdfFormat.N_TRIPLES, ox.RdfFormat.RDF_XML):
                # Triples go into one named graph, so GRAPH patterns find them too.
                store.load(path=str(path), format=fmt, to_graph=ox.NamedNode(FILE_GRAPH))
            else:
                store.load(path=str(path), format=fmt)
        except (SyntaxError, ValueError) as exc:
            raise KgError(f"{path}: not valid RDF ({first_line(exc)})") from None
        except OSError as exc:
            raise KgError(f"{path}: cannot read ({first_line(exc)})") from None
        return cls(store, str(path))

    def execute(self, query: str, timeout: float | None = None,
                max_rows: int | None = None, prefixes: dict[str, str] | None = None
                ) -> Result:
        check_read_only(query)
        if uses_service(query):
            raise KgError("SERVICE is not allowed: kg query only reads the local graph")
        limits = _Limits(timeout, max_rows)
        try:
            answer = self.store.query(query, use_default_graph_as_union=self.union,
                                      prefixes=prefixes)
            if isinstance(answer, ox.QueryBoolean):
                return Result(ASK, boolean=bool(answer), query=query)
            if isinstance(answer, ox.QueryTriples):
                triples = []
                for triple in answer:
                    triples.append(triple)
                    limits.check(len(triples))
                return graph_result(triples, query)
            columns = [variable.value for variable in answer.variables]
            rows = []
            for solution in answer:
                rows.append({name: term_value(solution[name]) for name in columns})
                limits.check(len(rows))
            return Result(SELECT, columns, rows, query=query)
        except SyntaxError as exc:
            raise KgError(f"SPARQL syntax error: {first_line(exc)}") from None
        except (OSError, ValueError, RuntimeError) as exc:
            raise KgError(f"query failed: {first_line(exc)}") from None

    def close(self) -> None:
        self.store = None  # type: ignore[assignment]


class EndpointBackend:
    """A SPARQL 1.1 Protocol endpoint over plain HTTP (POST, form-encoded).

    ``url`` is the query endpoint, or the base URL of a server (``http://127.0.0.1:7878`` of
    ``oxigraph serve``, a Fuseki dataset): kg then finds the query endpoint under it on the
    first query (``/query``, ``/sparql``, the URL itself; :mod:`kg.store.remote`).
    ``KG_STORE_AUTH=user:password`` (or credentials in the URL) sends HTTP basic authentication.
    The canned queries read the endpoint's default graph, which must be the union of the named
    graphs (``oxigraph serve --union-default-graph``); when a query finds nothing on an
    endpoint whose default graph is empty but whose named graphs are not, kg says so.
    """

    def __init__(self, url: str, timeout: float = 60.0):
        from ..store.remote import Http

        self.http, self.url = Http.for_url(url, timeout)
        self.location = self.url
        self.timeout = timeout
        self.endpoint: str | None = None  # the query endpoint, once found
        self.lateral = True  # until the endpoint rejects LATERAL (SEP-0006, an Oxigraph extension)
        self.union_checked = False

    def _post(self, query: str, accept: str, timeout: float | None) -> tuple[str, bytes]:
        from ..store.remote import EndpointError, find_query_endpoint

        try:
            if self.endpoint is None:
                self.endpoint = find_query_endpoint(self.http, self.url)
            return self.http.sparql_query(self.endpoint, query, accept,
                                          timeout=timeout or self.timeout)
        except EndpointError as exc:
            if exc.status == 400:
                raise KgError(f"SPARQL syntax error: {exc.detail}") from None
            raise

    def _check_union(self) -> None:
        """Warn once if the default graph is empty while the named graphs are not."""
        if self.union_checked:
            return
        self.union_checked = True
        try:
            asks = [json.loads(self._post(text, "application/sparql-results+json", None)[1])
                    for text in ("ASK { ?s ?p ?o }", "ASK { GRAPH ?g { ?s ?p ?o } }")]
            empty_default, named = not asks[0]["boolean"], bool(asks[1]["boolean"])
        except (KgError, ValueError, KeyError, TypeError):
            return
        if empty_default and named:
            log.warning("%s: the endpoint's default graph is empty but its named graphs are "
                        "not: make the default graph their union (oxigraph serve "
                        "--union-default-graph; Fuseki unionDefaultGraph)", self.url)

    def execute(self, query: str, timeout: float | None = None,
                max_rows: int | None = None, prefixes: dict[str, str] | None = None
                ) -> Result:
        if prefixes:
            declared = "".join(f"PREFIX {name}: <{iri}>\n" for name, iri in prefixes.items())
            query = declared + query
        if not self.lateral:
            query = without_lateral(query)
        try:
            return self._execute(query, timeout, max_rows)
        except KgError as exc:
            if self.lateral and "LATERAL" in query.upper() and "syntax error" in str(exc):
                portable = without_lateral(query)
                if portable != query:
                    self.lateral = False
                    return self._execute(portable, timeout, max_rows)
            raise

    def _execute(self, query: str, timeout: float | None, max_rows: int | None) -> Result:
        form = check_read_only(query)
        if form in ("CONSTRUCT", "DESCRIBE"):
            _, body = self._post(query, "application/n-triples", timeout)
            try:
                triples = list(ox.parse(io.BytesIO(body), format=ox.RdfFormat.N_TRIPLES))
            except (SyntaxError, ValueError) as exc:
                raise KgError(f"{self.url}: the endpoint sent invalid N-Triples "
                              f"({first_line(exc)})") from None
            if max_rows is not None and len(triples) > max_rows:
                raise KgError(f"the query gives more than {max_rows} triples; add LIMIT")
            return graph_result(triples, query)
        _, body = self._post(query, "application/sparql-results+json", timeout)
        try:
            document: dict[str, Any] = json.loads(body)
        except ValueError:
            raise KgError(f"{self.url}: the endpoint did not answer with SPARQL JSON results"
                          ) from None
        if "boolean" in document:
            return Result(ASK, boolean=bool(document["boolean"]), query=query)
        columns = list(document.get("head", {}).get("vars", []))
        bindings = document.get("results", {}).get("bindings", [])
        if max_rows is not None and len(bindings) > max_rows:
            raise KgError(f"the query gives more than {max_rows} rows; add LIMIT or narrow it")
        rows = [{name: json_term_value(binding.get(name)) for name in columns}
                for binding in bindings]
        if not rows:
            self._check_union()
        return Result(SELECT, columns, rows, query=query)

    def close(self) -> None:
        return None

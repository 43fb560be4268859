"""Open a built graph and ask it questions: canned queries by name, or any SPARQL query.

``open_graph`` takes what a user has at hand: the output folder of ``kg build`` (its Oxigraph
store), an RDF file (loaded into an in-memory Oxigraph store, which is fast), or the URL of a
SPARQL endpoint (``kg serve``, Fuseki, Oxigraph server …).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ..errors import KgError
from ..rdf.namespaces import PREFIXES, XSD
from .backends import EndpointBackend, LocalBackend
from .canned import CannedQuery, get_query
from .paging import page
from .params import Resolver, Term, bind, iri_from_text, query_bindings
from .result import Result

GRAPH_FILES = ("graph.trig", "graph.nq", "graph.ttl")
DEFAULT_MAX_ROWS = 1_000_000


class KnowledgeGraph:
    """A read-only handle on a built graph; close it (or use ``with``) to release the store."""

    def __init__(self, backend: LocalBackend | EndpointBackend):
        self.backend = backend
        self.location = backend.location
        self.resolver = Resolver(self._select)

    # -- queries -------------------------------------------------------------------------------
    def query(self, sparql: str, params: Mapping[str, Any] | None = None, *,
              timeout: float | None = None, max_rows: int | None = DEFAULT_MAX_ROWS) -> Result:
        """Run any SPARQL 1.1 SELECT, ASK, CONSTRUCT or DESCRIBE query over the union graph.

        kg's prefixes (kgo:, kgm:, dcterms:, rdfs:, skos:, org:, oa:, prov:, schema: …) are
        declared for it. ``params`` binds variables: IRIs (``<…>``, ``https://…``, ``kgo:…``)
        as IRIs, Python ints as integers, anything else as a plain string literal.
        ``timeout`` is checked while rows stream out of a local store (a query that computes
        long before its first row is not stopped) and sent as the request timeout to an
        endpoint; more than ``max_rows`` rows is a KgError.
        """
        bindings: dict[str, list[Term | None]] = {}
        for name, value in (params or {}).items():
            bindings[name] = [adhoc_term(value)]
        return self.backend.execute(bind(sparql, bindings), timeout=timeout, max_rows=max_rows,
                                    prefixes=dict(PREFIXES))

    def run(self, name: str | CannedQuery, params: Mapping[str, Any] | None = None, *,
            limit: int | None = None, offset: int = 0, timeout: float | None = None,
            max_rows: int | None = DEFAULT_MAX_ROWS, **kwargs: Any) -> Result:
        """Run a canned query by name; parameters as a mapping or keyword arguments.

        ``limit``/``offset``: one page of the rows, in the query's order (``limit`` None or 0:
        every row after ``offset``; see :mod:`kg.query.paging`)."""
        query = get_query(name) if isinstance(name, str) else name
        given = {**(params or {}), **kwargs}
        bindings = dict(query_bindings(query, given, self.resolver))
        text = page(query, query.text, bindings, limit, offset)
        result = self.backend.execute(bind(text, bindings), timeout=timeout, max_rows=max_rows)
        result.pivot = query.pivot
        return result

    def _select(self, sparql: str, bindings: Mapping[str, list[Term | None]]
                ) -> list[dict[str, Any]]:
        return self.backend.execute(bind(sparql, bindings), max_rows=DEFAULT_MAX_ROWS).rows

    # -- lifetime ------------------------------------------------------------------------------
    def close(self) -> None:
        self.backend.close()

    def __enter__(self) -> KnowledgeGraph:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"KnowledgeGraph({self.location!r})"


def adhoc_term(value: Any) -> Term:
    """A Python value as the term an ad-hoc parameter binds."""
    from pyoxigraph import Literal, NamedNode

    if isinstance(value, (NamedNode, Literal)):
        return value
    if isinstance(value, bool):
        return Literal("true" if value else "false",
                       datatype=NamedNode(XSD + "boolean"))
    if isinstance(value, int):
        return Literal(str(value), datatype=NamedNode(XSD + "integer"))
    text = str(value)
    iri = iri_from_text(text)
    return iri if iri is not None else Literal(text)


def open_graph(location: str | Path = "outputs") -> KnowledgeGraph:
    """A graph to query: an output folder of ``kg build``, an RDF file, or an endpoint URL."""
    text = str(location)
    if text.startswith(("http://", "https://")):
        return KnowledgeGraph(EndpointBackend(text))
    path = Path(text)
    if path.is_dir():
        remote = _remote_build(path)
        if remote is not None:  # a build into a SPARQL server: ask the server
            return KnowledgeGraph(EndpointBackend(remote))
        if (path / "CURRENT").is_file():
            return KnowledgeGraph(LocalBackend.open_store(path))
        if (path / "store").is_dir():
            return KnowledgeGraph(LocalBackend.open_store(path / "store"))
        for name in GRAPH_FILES:
            if (path / name).is_file():
                return KnowledgeGraph(LocalBackend.load_file(path / name))
        raise KgError(f"{path}: no graph here (build one with kg build INPUT... -o {path})")
    if path.is_file():
        return KnowledgeGraph(LocalBackend.load_file(path))
    raise KgError(f"{path}: no such folder or file (give the output folder of kg build, an RDF "
                  "file, or the http(s) URL of a SPARQL endpoint)")


def _remote_build(path: Path) -> str | None:
    """The server URL of an output folder built with ``kg build --store URL``, else None."""
    from ..store.output import MANIFEST, OutputFolder

    if not (path / MANIFEST).is_file():
        return None
    manifest = OutputFolder(path).manifest()
    return manifest.store_path if manifest is not None and manifest.store == "sparql" else None

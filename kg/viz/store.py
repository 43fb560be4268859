"""Open a built graph for the views: the embedded store of an output folder, or an RDF file.

Views only read, so the store is opened read-only (a running ``kg serve`` or build keeps its
lock). A graph file (``graph.ttl``, ``.trig``, ``.nq``, ``.nt``) is loaded into an in-memory
Oxigraph store, which answers the same SPARQL at the same speed for graphs of this size.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import wraps
from pathlib import Path
from typing import ParamSpec, TypeVar

from pyoxigraph import Literal, NamedNode, QuerySolutions, RdfFormat, Store

from ..errors import KgError
from ..query.backends import first_line
from ..rdf.namespaces import PREFIXES as NAMESPACE_PREFIXES

_FORMATS = {
    ".ttl": RdfFormat.TURTLE, ".trig": RdfFormat.TRIG, ".nq": RdfFormat.N_QUADS,
    ".nt": RdfFormat.N_TRIPLES,
}
# Looked for, in this order, inside an output folder that has no store.
_GRAPH_FILES = ("graph.trig", "graph.nq", "graph.ttl")

PREFIXES = "".join(f"PREFIX {name}: <{iri}>\n" for name, iri in NAMESPACE_PREFIXES.items())


def open_graph(path: str | Path) -> Store:
    """A store holding the graph at ``path``: an output folder (its ``store/`` or graph file),
    a store folder, or an RDF file."""
    path = Path(path)
    if path.is_dir():
        built = _built_store(path)
        if built is not None:
            return built
        if (path / "CURRENT").is_file():
            return _read_only(path)
        if (path / "store" / "CURRENT").is_file():
            return _read_only(path / "store")
        for name in _GRAPH_FILES:
            if (path / name).is_file():
                return load_file(path / name)
        raise KgError(f"{path}: no graph here (build one with kg build)")
    if path.is_file():
        return load_file(path)
    raise KgError(f"{path}: no such graph folder or file")


def _built_store(out: Path) -> Store | None:
    """The committed store of a ``kg build`` output folder (its manifest says where)."""
    from ..store.output import MANIFEST, MEMORY_STORE_FILE, OutputFolder

    folder = OutputFolder(out)
    if not (out / MANIFEST).is_file():
        return None
    manifest = folder.manifest()
    if manifest is None:
        return None
    if manifest.store == "memory":
        return load_file(out / MEMORY_STORE_FILE)
    if manifest.store == "sparql":
        return None  # a build into a SPARQL server: the views read its graph.ttl
    return _read_only(folder.store_path(manifest))


def load_file(path: Path) -> Store:
    """An in-memory store with the quads or triples of one RDF file."""
    rdf_format = _FORMATS.get(path.suffix.lower())
    if rdf_format is None:
        raise KgError(f"{path}: unknown RDF format (use .ttl, .trig, .nq or .nt)")
    store = Store()
    try:
        store.bulk_load(path=str(path), format=rdf_format)
    except (SyntaxError, ValueError, OSError) as exc:
        raise KgError(f"{path}: cannot read the graph ({first_line(exc)})") from None
    return store


def _read_only(path: Path) -> Store:
    try:
        return Store.read_only(str(path))
    except (OSError, RuntimeError, ValueError) as exc:
        raise KgError(f"{path}: cannot open the store ({first_line(exc)})") from None


def select(store: Store, query: str) -> Iterator[dict[str, str]]:
    """Rows of a SELECT over the union of all named graphs, as plain strings (unbound → absent).

    Views only need lexical values: IRIs as IRIs, literals as their text.
    """
    result = store.query(PREFIXES + query, use_default_graph_as_union=True)
    if not isinstance(result, QuerySolutions):
        raise KgError("only SELECT queries return rows")
    names = [variable.value for variable in result.variables]
    for solution in result:
        row = {}
        for name in names:
            term = solution[name]
            if isinstance(term, NamedNode | Literal):
                row[name] = term.value
        yield row


_P = ParamSpec("_P")
_R = TypeVar("_R")
_READS: ContextVar[dict | None] = ContextVar("kg_viz_reads", default=None)


@contextmanager
def reading(store: Store) -> Iterator[Store]:
    """A run of views over one unchanging store: what :func:`read_once` loaders read is kept
    until the run ends (the three networks and the index each need every document, region
    and label; at 10,000 sources reading them once a view cost a minute)."""
    token = _READS.set({})
    try:
        yield store
    finally:
        _READS.reset(token)


def read_once(loader: Callable[_P, _R]) -> Callable[_P, _R]:
    """Keep ``loader(store, *args)``'s result for the current :func:`reading` run (callers
    must not modify it); outside a run, read every time."""
    @wraps(loader)
    def read(*args: _P.args, **kwargs: _P.kwargs) -> _R:
        reads = _READS.get()
        if reads is None:
            return loader(*args, **kwargs)
        key = (loader.__qualname__, id(args[0]), args[1:], tuple(sorted(kwargs.items())))
        if key not in reads:
            reads[key] = loader(*args, **kwargs)
        return reads[key]
    return read


# Every source graph repeats the facts about the shared nodes it mentions (a region, a cited
# law), and the union default graph keeps those duplicates: a join of k patterns over a node
# named by n sources yields n**k rows. So the views ask one property at a time, DISTINCT, and
# join in Python.
@read_once
def instances(store: Store, cls: str) -> set[str]:
    """The IRIs typed ``cls`` (a prefixed name or ``<iri>``)."""
    return {row["s"] for row in select(store, f"SELECT DISTINCT ?s WHERE {{ ?s a {cls} }}")}


@read_once
def property_values(store: Store, path: str, subject_class: str | None = None
                    ) -> dict[str, list[str]]:
    """Each subject's distinct values of one property or property path, sorted; only subjects
    typed ``subject_class`` when given."""
    if subject_class:
        query = (f"SELECT DISTINCT ?s ?v WHERE {{ {{ SELECT DISTINCT ?s WHERE "
                 f"{{ ?s a {subject_class} }} }} ?s {path} ?v }}")
    else:
        query = f"SELECT DISTINCT ?s ?v WHERE {{ ?s {path} ?v }}"
    out: dict[str, list[str]] = {}
    for row in select(store, query):
        if "s" in row and "v" in row:
            out.setdefault(row["s"], []).append(row["v"])
    return {key: sorted(set(values)) for key, values in out.items()}

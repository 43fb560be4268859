"""Graph stores: embedded Oxigraph on disk (default), in-memory rdflib, and a SPARQL 1.1 server
(:mod:`kg.store.remote`), all behind :class:`GraphStore`; chosen by one option, ``--store``.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import KgError
from .base import GraphStore
from .memory import MemoryStore
from .output import MEMORY_STORE_FILE, Manifest, OutputFolder
from .oxigraph import OxigraphStore

STORE_KINDS = ("oxigraph", "memory")
DEFAULT_STORE = "oxigraph"

__all__ = ["GraphStore", "MemoryStore", "OxigraphStore", "OutputFolder", "Manifest",
           "STORE_KINDS", "DEFAULT_STORE", "store_kind", "open_output_store", "open_remote"]


def store_kind(spec: str) -> str:
    """The kind of store an ``--store`` value names: oxigraph, memory or sparql (a URL)."""
    value = (spec or DEFAULT_STORE).strip()
    if value.lower() in STORE_KINDS:
        return value.lower()
    if value.startswith(("http://", "https://")):
        return "sparql"
    raise KgError(f"--store {spec}: expected oxigraph, memory or a SPARQL endpoint URL")


def open_remote(url: str, *, writing: bool = True) -> GraphStore:
    """The SPARQL 1.1 server at ``url`` as a store (:mod:`kg.store.remote`): fails now, in one
    line, if it does not answer or (``writing``) takes no writes."""
    from .remote import RemoteStore

    return RemoteStore.open(url.strip(), writing=writing)


def open_output_store(out: str | Path) -> GraphStore:
    """The committed store of an output folder, read-only (what queries and exports read)."""
    folder = OutputFolder(out)
    manifest = folder.manifest()
    if manifest is None:
        raise KgError(f"{out}: no kg build here (run kg build first)")
    if manifest.store == "sparql":  # a build into a SPARQL server: read it there
        store: GraphStore = open_remote(manifest.store_path, writing=False)
    elif manifest.store == "memory":
        # A build that died between its commit and publishing left the file staged.
        staged = manifest.pending.get(MEMORY_STORE_FILE)
        path = Path(out) / staged if staged and (Path(out) / staged).is_file() \
            else Path(out) / MEMORY_STORE_FILE
        store = MemoryStore.load(path)
    else:
        store = OxigraphStore.open(folder.store_path(manifest), read_only=True)
    store.base_iri = manifest.base_iri  # type: ignore[attr-defined]
    return store

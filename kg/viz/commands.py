"""``kg viz VIEW`` and :func:`write_views`, which ``kg build`` calls to fill ``OUT/views/``
(the command's arguments are registered by :mod:`kg.viz.cli`)."""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from pyoxigraph import Store

from ..errors import KgError
from ..fileio import atomic_writer
from . import source_data
from .index_page import ViewLink, render_index
from .names import FILE_NAMES, MAX_DOCUMENT_VIEWS
from .render import write_page
from .store import open_graph, reading
from .views import view_page

log = logging.getLogger("kg")

DOCUMENT_FOLDER = "documents"


def document_file_name(source: source_data.SourceInfo) -> str:
    """A stable file name for a source's document view (its hash, shortened)."""
    key = source.sha256 or source.iri.rsplit("/", 1)[-1]
    return f"{key[:16]}.html"


def write_views(out_dir: Path, store: Store | None = None, *,
                max_documents: int = MAX_DOCUMENT_VIEWS, views_dir: Path | None = None
                ) -> list[Path]:
    """Write every view of the graph in build folder ``out_dir`` to ``out_dir/views/``:
    the citation, region–measure and bureau networks, a document view for each source (up to
    ``max_documents``) and ``index.html``. Returns the files written, index last."""
    out_dir = Path(out_dir)
    store = store if store is not None else open_graph(out_dir)
    target = Path(views_dir) if views_dir is not None else out_dir / "views"
    with reading(store):
        return _write_views(store, target, max_documents)


def _write_views(store: Store, target: Path, max_documents: int) -> list[Path]:
    written: list[Path] = []
    cards: list[ViewLink] = []
    for view in ("citation", "region-measure", "bureau"):
        page = view_page(store, view)
        written.append(write_page(page, target / FILE_NAMES[view]))
        cards.append(ViewLink(FILE_NAMES[view], page.title_zh, page.title_en,
                              page.notes[0] if page.notes else ""))
    document_links: dict[str, str] = {}
    sources = source_data.list_sources(store)
    for source in sources[:max_documents]:
        try:
            page = view_page(store, "document", doc=source, index_href="../index.html")
        except KgError as exc:  # a source nothing was extracted from has no view
            log.info("no document view for %s: %s", source.path, exc)
            continue
        name = f"{DOCUMENT_FOLDER}/{document_file_name(source)}"
        written.append(write_page(page, target / name))
        document_links[source.path] = name
    if len(sources) > max_documents:
        log.info("document views written for %d of %d sources (kg viz document --doc for more)",
                 max_documents, len(sources))
    index = target / FILE_NAMES["index"]
    with atomic_writer(index) as handle:
        handle.write(render_index(store, cards, document_links))
    written.append(index)
    return written


def _default_output(graph: Path, name: str) -> Path:
    base = graph if graph.is_dir() else Path.cwd()
    return base / "views" / name


def cmd_viz(args: argparse.Namespace) -> int:
    graph = Path(args.graph)
    store = open_graph(graph)
    if args.view == "all":
        target = Path(args.output) if args.output else _default_output(graph, "")
        paths = write_views(graph, store, views_dir=target,
                            max_documents=args.max_documents)
        for path in paths:
            print(path)
        return 0
    if args.view == "index":
        target = Path(args.output) if args.output else _default_output(graph, "index.html")
        with atomic_writer(target) as handle:
            handle.write(render_index(store, [], {}))
        print(target)
        return 0
    if args.view == "document" and not args.doc:
        raise KgError("the document view needs --doc SOURCE (a path, SHA-256 or IRI)")
    if args.view == "document":
        source = source_data.find_source(store, args.doc)
        name = f"{DOCUMENT_FOLDER}/{document_file_name(source)}"
        page = view_page(store, "document", doc=source,
                         index_href=None if args.output else "../index.html")
    else:
        name = FILE_NAMES[args.view]
        page = view_page(store, args.view, top=args.top, region=args.region,
                         measure=args.measure, index_href=None if args.output else "index.html")
    target = Path(args.output) if args.output else _default_output(graph, name)
    write_page(page, target)
    print(target)
    if page.graph.number_of_nodes() == 0:
        print(f"kg: {page.empty_message}", file=sys.stderr)
    return 0

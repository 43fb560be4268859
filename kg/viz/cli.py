"""Registers ``kg viz`` on the ``kg`` command line without importing the views: their
modules (networkx, pyvis, numpy) load only when a view is written."""

from __future__ import annotations

import argparse

from .names import MAX_DOCUMENT_VIEWS, VIEWS


def _cmd_viz(args: argparse.Namespace) -> int:
    from .commands import cmd_viz

    return cmd_viz(args)


def add_commands(subparsers: argparse._SubParsersAction) -> None:
    """Register ``kg viz`` on the ``kg`` command's subparsers."""
    p = subparsers.add_parser(
        "viz", help="write an interactive HTML view of the graph (offline, self-contained)",
        description="Write one view as a self-contained HTML file that loads nothing from the "
                    "network: citation, region-measure, bureau, document (needs --doc), index, "
                    "or all (every view and index.html into a folder).")
    p.add_argument("view", choices=[*VIEWS, "index", "all"], metavar="VIEW",
                   help="citation | region-measure | bureau | document | index | all")
    p.add_argument("--graph", default="outputs",
                   help="build folder, store folder or RDF file (default: outputs)")
    p.add_argument("-o", "--output", help="output file (folder for 'all'); default: "
                                          "GRAPH/views/VIEW.html")
    p.add_argument("--top", type=int, default=None,
                   help="keep the N most connected nodes (citation 300, region-measure 60 "
                        "measures, bureau 200 by default; region-measure also keeps at most "
                        "150 regions)")
    p.add_argument("--region", help="only what belongs to this region (code or name)")
    p.add_argument("--measure", help="only what concerns this measure (id or label)")
    p.add_argument("--doc", help="the source of the document view (path, SHA-256 or IRI)")
    p.add_argument("--max-documents", type=int, default=MAX_DOCUMENT_VIEWS,
                   help=f"'all': document views for at most N sources "
                        f"(default {MAX_DOCUMENT_VIEWS})")
    p.set_defaults(func=_cmd_viz)

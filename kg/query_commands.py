"""``kg query`` and ``kg serve``: ask a built graph questions, or serve it over SPARQL.

``add_commands(subparsers)`` registers both on the ``kg`` parser (kg/cli.py calls it).
"""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from .errors import KgError

log = logging.getLogger("kg")

DEFAULT_GRAPH = "outputs"
DEFAULT_PORT = 7878


def _query_text(value: str) -> str:
    """The SPARQL of ``--sparql``: a file's content when ``value`` names a file, else itself."""
    path = Path(value)
    looks_like_file = "\n" not in value and len(value) < 4096 and (
        path.suffix.lower() in (".rq", ".sparql", ".txt") or path.is_file())
    if looks_like_file:
        try:
            return path.read_text(encoding="utf-8")
        except FileNotFoundError:
            raise KgError(f"{value}: no such query file") from None
        except (OSError, UnicodeDecodeError) as exc:
            raise KgError(f"{value}: cannot read the query file ({exc})") from None
    return value


def _pivot_spec(text: str) -> tuple[str, str, str]:
    parts = [part.strip() for part in text.split(",")]
    if len(parts) != 3 or not all(parts):
        raise KgError("--pivot needs ROW,COLUMN,VALUE (three column names)")
    return parts[0], parts[1], parts[2]


def list_queries() -> str:
    """The canned queries, one block each: name and title, then its parameters."""
    from .query import canned_queries

    lines: list[str] = []
    group = None
    for query in canned_queries():
        if query.group != group:
            group = query.group
            lines.append(f"{group}:" if not lines else f"\n{group}:")
        lines.append(f"  {query.name:<18} {query.title}")
        for param in query.params:
            default = f" = {param.default}" if param.default else " (optional)"
            lines.append(f"  {'':<18}   --param {param.name}{default}  [{param.type}]")
    return "\n".join(lines)


def cmd_query(args: argparse.Namespace) -> int:
    from .query import open_graph
    from .query.formats import format_result
    from .query.params import parse_assignments

    if args.list:
        print(list_queries())
        return 0
    if bool(args.name) == bool(args.sparql):
        raise KgError("give a canned query NAME or --sparql FILE_OR_TEXT (kg query --list shows"
                      " the names)")
    params = parse_assignments(args.param)
    if args.sparql and (args.limit is not None or args.offset):
        raise KgError("--limit and --offset page canned queries; write LIMIT and OFFSET into "
                      "your SPARQL")
    with open_graph(args.graph) as graph:
        if args.sparql:
            result = graph.query(_query_text(args.sparql), params, timeout=args.timeout)
        else:
            result = graph.run(args.name, params, limit=args.limit, offset=args.offset,
                               timeout=args.timeout)
    if args.pivot is not None:
        result = result.pivoted(*_pivot_spec(args.pivot)) if args.pivot else result.pivoted()
    elif result.pivot and not args.long and args.format != "turtle":
        result = result.pivoted()
    text = format_result(result, args.format)
    sys.stdout.write(text if text.endswith("\n") else text + "\n")
    sys.stdout.flush()
    return 0


def store_folder(location: str) -> Path:
    """The Oxigraph store of an output folder (``OUT/store``), or the folder if it is one."""
    path = Path(location)
    if (path / "store" / "CURRENT").is_file():
        return path / "store"
    if (path / "CURRENT").is_file():
        return path
    if not path.exists():
        raise KgError(f"{path}: no such folder (build a graph with kg build INPUT... -o {path})")
    from .store.output import OutputFolder

    manifest = OutputFolder(path).manifest() if path.is_dir() else None
    if manifest is not None and manifest.store == "sparql":
        raise KgError(f"{path}: this graph lives in the SPARQL server {manifest.store_path}; "
                      f"query it there (kg query -g {manifest.store_path})")
    raise KgError(f"{path}: no Oxigraph store here (build one with kg build INPUT... -o {path})")


def cmd_serve(args: argparse.Namespace) -> int:
    from .serve import Limits, SparqlServer

    limits = Limits(timeout=args.timeout, max_result_bytes=args.max_result_bytes)
    server = SparqlServer(store_folder(args.graph), host=args.host, port=args.port,
                          limits=limits, workers=args.workers)
    if args.host not in ("127.0.0.1", "localhost", "::1"):
        log.warning("serving on %s: the endpoint is reachable from other machines", args.host)
    print(f"kg: serving {args.graph} read-only at {server.url} (Ctrl-C to stop)",
          file=sys.stderr, flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()
    return 0


def _not_negative(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"must be 0 or more: {text!r}")
    return value


def _positive(kind: type) -> object:
    def parse(text: str):
        try:
            value = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
        if value <= 0:
            raise argparse.ArgumentTypeError(f"must be positive: {text!r}")
        return value
    return parse


def add_commands(subparsers: argparse._SubParsersAction) -> None:
    """Register ``kg query`` and ``kg serve``."""
    from .query.formats import FORMATS

    p = subparsers.add_parser(
        "query", help="ask the graph a canned question or run SPARQL",
        description="Run a canned query by NAME (kg query --list shows them with their "
                    "parameters) or any SPARQL 1.1 SELECT/ASK/CONSTRUCT/DESCRIBE query over "
                    "the union of the graph's sources.")
    p.add_argument("name", nargs="?", metavar="NAME", help="a canned query (see --list)")
    p.add_argument("-p", "--param", action="extend", nargs="+", metavar="KEY=VALUE",
                   help="parameters of the query (repeatable); KEY= (empty) matches anything")
    p.add_argument("-g", "--graph", default=DEFAULT_GRAPH, metavar="OUT",
                   help="an output folder of kg build, an RDF file (.ttl .trig .nq .nt), or "
                        "the http(s) URL of a SPARQL endpoint (default: outputs)")
    p.add_argument("-f", "--format", choices=FORMATS, default="table",
                   help="table (default), csv, tsv, json; turtle for CONSTRUCT/DESCRIBE")
    p.add_argument("--sparql", metavar="FILE_OR_TEXT", help="run this SPARQL query instead")
    p.add_argument("--list", action="store_true", help="list the canned queries and exit")
    p.add_argument("--pivot", nargs="?", const="", metavar="ROW,COLUMN,VALUE",
                   help="show the rows as a matrix (a matrix query's own layout without "
                        "argument)")
    p.add_argument("--long", action="store_true",
                   help="keep a matrix query's rows long (one row per cell)")
    p.add_argument("--limit", type=_not_negative, metavar="N",
                   help="one page: at most N rows, in the query's order (0: all)")
    p.add_argument("--offset", type=_not_negative, default=0, metavar="M",
                   help="skip the first M rows (with --limit: the next page)")
    p.add_argument("--timeout", type=_positive(float), metavar="S",
                   help="stop a query whose rows are still coming after S seconds (checked "
                        "between rows: a query that computes long before its first row, such "
                        "as a big COUNT, runs to the end; kg serve stops those)")
    p.set_defaults(func=cmd_query)

    p = subparsers.add_parser(
        "serve", help="serve the graph read-only over the SPARQL 1.1 Protocol",
        description="A read-only SPARQL 1.1 endpoint over OUT's store at /sparql (GET and POST; "
                    "JSON, XML, CSV, TSV results; Turtle, N-Triples, N-Quads, TriG, RDF/XML for "
                    "graphs). Updates and SERVICE calls to other endpoints are refused; each "
                    "query has a time limit and a result-size limit.")
    p.add_argument("graph", nargs="?", default=DEFAULT_GRAPH, metavar="OUT",
                   help="an output folder of kg build (default: outputs)")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)")
    p.add_argument("--port", type=int, default=DEFAULT_PORT,
                   help=f"port (default: {DEFAULT_PORT}; 0 picks a free one)")
    p.add_argument("--timeout", type=_positive(float), default=10.0, metavar="S",
                   help="per-query time limit in seconds (default: 10)")
    p.add_argument("--max-result-bytes", type=_positive(int), default=20 * 1024 * 1024,
                   metavar="N", help="largest result sent, in bytes (default: 20 MB)")
    p.add_argument("--workers", type=_positive(int), default=2, metavar="N",
                   help="queries answered at the same time (default: 2)")
    p.set_defaults(func=cmd_serve)

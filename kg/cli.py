"""The ``kg`` command line.

Every user-facing failure is one line on stderr and a non-zero exit; outputs are written to a
temporary file and renamed, so a failed run never leaves a half-written file behind.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from . import __version__
from .errors import InputError, KgError
from .fileio import atomic_writer

log = logging.getLogger("kg")

# kg.rdf.namespaces.DEFAULT_BASE, not imported here: that module loads pyoxigraph.
DEFAULT_BASE_IRI = "https://w3id.org/kgpolicy/id/"

EXIT_OK, EXIT_ERROR, EXIT_USAGE, EXIT_PARTIAL = 0, 1, 2, 3
EXIT_INTERNAL = 70  # EX_SOFTWARE


def _progress(items: Iterable, total: int | None, desc: str) -> Iterator:
    """A progress bar on a terminal; silent when stderr is piped or a file."""
    if not sys.stderr.isatty():
        yield from items
        return
    from tqdm import tqdm

    yield from tqdm(items, total=total, desc=desc, unit="doc", leave=False)


class _Failures:
    """Collects files that could not be read; each is reported once, on one line."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self, path: Path, error: InputError) -> None:
        self.count += 1
        log.error("skipped %s", error)


def _collect_paths(inputs: list[str]) -> list[Path]:
    from .ingest import iter_input_paths

    return list(iter_input_paths(inputs))


def cmd_extract(args: argparse.Namespace) -> int:
    from .contract import to_json_line
    from .pipeline import extract_documents

    paths = _collect_paths(args.paths)
    failures = _Failures()
    records = extract_documents(paths, on_error=failures, max_bytes=args.max_bytes)
    written = 0
    if args.output:
        with atomic_writer(args.output) as handle:
            for extraction in _progress(records, len(paths), "extract"):
                handle.write(to_json_line(extraction) + "\n")
                written += 1
            if written == 0:
                raise KgError("no document could be read; nothing written")
    else:
        for extraction in _progress(records, len(paths), "extract"):
            sys.stdout.write(to_json_line(extraction) + "\n")
            written += 1
        sys.stdout.flush()
    log.info("extracted %d document(s)", written)
    if failures.count:
        if written == 0:
            return EXIT_ERROR
        return EXIT_PARTIAL
    return EXIT_OK


def cmd_eval(args: argparse.Namespace) -> int:
    from .evaluate import evaluate, format_report, load_gold, load_predictions

    report = evaluate(load_gold(args.gold_dir), load_predictions(args.predictions))
    if args.json:
        print(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
    else:
        print(format_report(report))
    return EXIT_OK if not report.missing else EXIT_PARTIAL


def cmd_build(args: argparse.Namespace) -> int:
    from .build import build, check_writable

    out = Path(args.output)
    check_writable(out)  # before reading any input
    paths = _collect_paths(args.inputs)
    failures = _Failures()
    summary = build(paths, out, on_error=failures, max_bytes=args.max_bytes,
                    progress=_progress, store=args.store, validate=args.validate,
                    full=args.full, base=args.base, jobs=args.jobs, engine=args.engine,
                    scheduler=args.scheduler)
    log.info("built %s: %s", args.output, summary)
    if args.views:
        from .viz.commands import write_views

        views = write_views(out)
        log.info("wrote %d view(s) to %s", len(views), out / "views")
    print(f"{args.output}: {summary['documents']} document(s), {summary['extracted']} "
          f"extracted, {summary['unchanged']} unchanged, {summary['removed']} removed, "
          f"{summary['quads']} quads" + ("" if summary["validated"] else " (not validated)"))
    if failures.count:
        return EXIT_PARTIAL if summary.get("documents") else EXIT_ERROR
    return EXIT_OK


def cmd_validate(args: argparse.Namespace) -> int:
    from .validate import format_report, validate_target

    report = validate_target(args.graph, engine=args.engine, scope=args.scope)
    limit = None if args.all else 20
    stream = sys.stdout if report.conforms else sys.stderr
    for line in format_report(report, limit=limit):
        print(line, file=stream)
    return EXIT_OK if report.conforms else EXIT_ERROR


def cmd_export(args: argparse.Namespace) -> int:
    from .export import export

    count = export(args.graph, args.format, args.output)
    if args.output:
        log.info("exported %d quads to %s", count, args.output)
    return EXIT_OK


def cmd_measures_suggest(args: argparse.Namespace) -> int:
    from .measures_suggest import format_rows, suggest

    source = Path(args.source or args.graph)
    if not source.exists():
        raise KgError(f"{source}: no such file or output folder")
    rows = suggest(source, min_count=args.min_count, limit=args.limit or None)
    print(format_rows(rows))
    return EXIT_OK


def _add_common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--max-bytes", type=int, default=20 * 1024 * 1024,
                        help="largest document accepted, in bytes (default: 20 MB)")


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kg", description="Knowledge graphs from Chinese government policy documents.")
    parser.add_argument("--version", action="version", version=f"kg {__version__}")
    parser.add_argument("-v", "--verbose", action="count", default=0,
                        help="more log output (-vv for debug)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("extract", help="extract records as JSON Lines (one object per document)",
                       description="Extract documents, numbers, titles, bodies, figures and "
                                   "measures from .txt/.html files and folders of them.")
    p.add_argument("paths", nargs="+", metavar="PATH", help="files or folders (recursive)")
    p.add_argument("--format", choices=["jsonl"], default="jsonl", help="output format")
    p.add_argument("-o", "--output", help="write to FILE instead of standard output")
    _add_common(p)
    p.set_defaults(func=cmd_extract)

    p = sub.add_parser("eval", help="score extraction output against gold files",
                       description="Precision/recall/F1 per list field and accuracy per frame "
                                   "field of PRED.jsonl against GOLD_DIR/*.json.")
    p.add_argument("gold_dir", metavar="GOLD_DIR")
    p.add_argument("predictions", metavar="PRED.jsonl")
    p.add_argument("--json", action="store_true", help="print the scores as JSON")
    p.set_defaults(func=cmd_eval)

    p = sub.add_parser("build", help="build the graph from documents into OUT",
                       description="Extract INPUT files and folders into a knowledge graph in "
                                   "OUT: graph.ttl, extraction.jsonl, the store. Incremental: "
                                   "unchanged sources are not read again.")
    p.add_argument("inputs", nargs="+", metavar="INPUT")
    p.add_argument("-o", "--output", default="outputs", metavar="OUT",
                   help="output folder (default: outputs)")
    p.add_argument("--store", default="oxigraph", metavar="STORE",
                   help="oxigraph (embedded, on disk in OUT; default), memory (rdflib), or "
                        "the URL of a SPARQL 1.1 server to load, one named graph per source "
                        "(e.g. http://127.0.0.1:7878 of oxigraph serve --union-default-graph; "
                        "KG_STORE_AUTH=user:password for basic authentication)")
    p.add_argument("--no-validate", dest="validate", action="store_false",
                   help="skip the SHACL validation (by default a violation fails the build)")
    p.add_argument("--full", action="store_true",
                   help="re-extract every source, even unchanged ones")
    p.add_argument("--no-views", dest="views", action="store_false",
                   help="do not write the HTML views into OUT/views")
    p.add_argument("--base", default=DEFAULT_BASE_IRI, metavar="IRI",
                   help=f"base IRI of the data (default: {DEFAULT_BASE_IRI})")
    p.add_argument("-j", "--jobs", type=int, default=1, metavar="N",
                   help="extract and map documents in N worker processes (default: 1, in this "
                        "process); with --engine dask and no --scheduler, the local cluster's "
                        "worker processes")
    p.add_argument("--engine", choices=["local", "dask"], default="local",
                   help="local (this machine; default) or dask (a Dask distributed cluster, "
                        "needs pip install 'kg[dask]')")
    p.add_argument("--scheduler", metavar="ADDRESS",
                   help="the Dask scheduler to use with --engine dask (e.g. tcp://host:8786); "
                        "without it a local cluster is started")
    _add_common(p)
    p.set_defaults(func=cmd_build)

    p = sub.add_parser("validate", help="check a graph against the SHACL shapes",
                       description="Validate an RDF file (Turtle, TriG, N-Quads, N-Triples, "
                                   "JSON-LD) or an output folder against ontology/shapes.ttl.")
    p.add_argument("graph", metavar="GRAPH_FILE_OR_OUT")
    p.add_argument("--all", action="store_true", help="list every violation (default: 20)")
    p.add_argument("--engine", choices=["pyshacl", "fast"], default="pyshacl",
                   help="pyshacl (the reference, default) or fast (the shapes compiled to "
                        "Python checks, as kg build uses; much faster on big graphs)")
    p.add_argument("--scope", choices=["auto", "union", "graphs"], default="auto",
                   help="union: check all quads together; graphs: each named graph on its "
                        "own, in memory bounded by the largest; auto (default): the union up "
                        "to 2 million quads, graph by graph above")
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser("export", help="write the graph as Turtle, TriG, N-Quads or JSON-LD",
                       description="Export the graph of an output folder (or convert an RDF "
                                   "file), sorted and deterministic.")
    p.add_argument("graph", metavar="OUT")
    p.add_argument("--format", choices=["ttl", "trig", "nq", "jsonld"], default="ttl",
                   help="output syntax (default: ttl)")
    p.add_argument("-o", "--output", metavar="FILE",
                   help="write to FILE instead of standard output")
    p.set_defaults(func=cmd_export)

    p = sub.add_parser("measures", help="work on the concept scheme of programs and measures")
    measures = p.add_subparsers(dest="measures_command", metavar="ACTION")
    p = measures.add_parser(
        "suggest", help="list frequent candidate terms the concept scheme does not cover",
        description="Count candidate measure terms (…制度, …机制, …服务, 网格化 …) in built or "
                    "extracted documents that ontology/measures.ttl does not know yet, most "
                    "frequent first, to help curate the scheme.")
    p.add_argument("source", nargs="?", metavar="OUT_OR_JSONL",
                   help="an output folder of kg build or a kg extract JSON Lines file "
                        "(the same as --graph)")
    p.add_argument("-g", "--graph", default="outputs", metavar="OUT",
                   help="the output folder or JSON Lines file to read (default: outputs)")
    p.add_argument("--min-count", type=int, default=2, help="least occurrences (default: 2)")
    p.add_argument("--limit", type=int, default=50, help="most rows (default: 50; 0: all)")
    p.set_defaults(func=cmd_measures_suggest)

    from .query_commands import add_commands as add_query_commands
    from .viz.cli import add_commands as add_viz_commands

    add_query_commands(sub)
    add_viz_commands(sub)
    return parser


def _setup_logging(verbosity: int) -> None:
    """Log lines go to the current stderr as ``kg: message`` (the one-line error format)."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("kg: %(message)s"))
    log.handlers[:] = [handler]
    log.propagate = False
    log.setLevel(max(logging.WARNING - 10 * verbosity, logging.DEBUG))


def main(argv: list[str] | None = None) -> int:
    parser = make_parser()
    args = parser.parse_args(argv)
    _setup_logging(args.verbose)
    if not getattr(args, "func", None):
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    handler: Callable[[argparse.Namespace], int] = args.func
    try:
        return handler(args)
    except KgError as exc:
        log.error("%s", exc)
        return EXIT_ERROR
    except KeyboardInterrupt:
        log.error("interrupted")
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except MemoryError:
        log.error("out of memory")
        return EXIT_ERROR
    except Exception as exc:  # a bug: one line for the user, the traceback with -vv
        log.debug("traceback", exc_info=True)
        log.error("internal error: %s: %s (run with -vv for the traceback and please report "
                  "it)", type(exc).__name__, exc)
        return EXIT_INTERNAL


if __name__ == "__main__":
    sys.exit(main())

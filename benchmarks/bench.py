"""Benchmark kg on a derived corpus: extraction, build and the canned queries, size by size.

    python benchmarks/bench.py --sizes 1000 10000 100000 [--jobs N] [--keep DIR] [--markdown]
    python benchmarks/bench.py --graph OUT            # only the canned queries, on a built graph

For each size it writes the derived corpus (``benchmarks/corpus.py``: copies of the seeds and
the test documents with numbers redrawn and cities renamed — it measures speed and memory, not
accuracy), then runs, each in its own subprocess so that its time and peak memory are its own:

- ``kg extract CORPUS -o extraction.jsonl`` — extraction alone (ingest, spaCy pipeline,
  resolution, JSON Lines);
- ``kg build CORPUS -o OUT --no-views [--jobs N]`` — end to end into a fresh output folder
  (extraction, RDF, validation, embedded Oxigraph store, Turtle);
- ``kg viz all --graph OUT`` — the views a default ``kg build`` writes at its end (skip with
  ``--no-views``);
- every canned query (``kg.query.canned_queries``, default parameters) ``--repeat`` times in a
  fresh Python process over the built store, timed in process around ``KnowledgeGraph.run``
  (parameter resolution included, process start and store opening not).

Peak resident memory is the ``ru_maxrss`` that ``wait4`` reports for the subprocess (the
largest single process of its tree), and, with psutil, the sampled peak of the sum over the
process and its children (what ``--jobs`` workers add up to). A step that fails is reported and
the benchmark goes on. This script is run by hand; the test suite never runs it.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DERIVED_NOTE = ("The corpus is DERIVED: copies of the seeds and tests/corpus documents with their "
                "numbers redrawn and cities renamed (benchmarks/corpus.py). It measures speed and "
                "memory, not accuracy.")


def kg_command() -> list[str]:
    """``kg`` next to this Python (the venv's), else ``python -m kg``."""
    script = Path(sys.executable).with_name("kg")
    return [str(script)] if script.exists() else [sys.executable, "-m", "kg"]


# -- subprocesses with their own time and peak memory ------------------------------------------
@dataclass
class Run:
    command: list[str]
    seconds: float = 0.0
    returncode: int | None = None
    max_rss_mb: float | None = None  # the largest single process (wait4 ru_maxrss)
    tree_rss_mb: float | None = None  # sampled peak of the sum over the process tree (psutil)
    stdout: str = ""
    stderr: str = ""
    error: str = ""

    @property
    def ok(self) -> bool:
        return self.returncode == 0 and not self.error


def _sample_tree(pid: int, peak: list[float], stop: threading.Event) -> None:
    try:
        import psutil
    except ImportError:
        return
    try:
        parent = psutil.Process(pid)
    except psutil.Error:
        return
    while not stop.is_set():
        total = 0
        try:
            processes = [parent, *parent.children(recursive=True)]
        except psutil.Error:
            break
        for process in processes:
            try:
                total += process.memory_info().rss
            except psutil.Error:
                pass
        peak[0] = max(peak[0], total / 2**20)
        stop.wait(0.2)


def run_measured(command: list[str], timeout: float | None = None,
                 cwd: Path | None = None) -> Run:
    """Run ``command``; its wall time, exit code, output and peak memory."""
    run = Run(command)
    out = tempfile.TemporaryFile()
    err = tempfile.TemporaryFile()
    start = time.perf_counter()
    try:
        process = subprocess.Popen(command, stdout=out, stderr=err, cwd=cwd)
    except OSError as exc:
        run.error = f"cannot start: {exc}"
        return run
    peak = [0.0]
    stop = threading.Event()
    sampler = threading.Thread(target=_sample_tree, args=(process.pid, peak, stop), daemon=True)
    sampler.start()
    deadline = start + timeout if timeout else None
    status = usage = None
    while True:
        pid, status, usage = os.wait4(process.pid, os.WNOHANG)
        if pid:
            break
        if deadline and time.perf_counter() > deadline:
            process.kill()
            pid, status, usage = os.wait4(process.pid, 0)
            run.error = f"killed after {timeout:g} s"
            break
        time.sleep(0.05)
    run.seconds = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    stop.set()
    sampler.join()
    run.returncode = process.returncode
    run.max_rss_mb = usage.ru_maxrss / 1024 if usage else None  # Linux: kilobytes
    run.tree_rss_mb = peak[0] or None
    for stream, name in ((out, "stdout"), (err, "stderr")):
        stream.seek(0)
        setattr(run, name, stream.read().decode("utf-8", "replace"))
        stream.close()
    return run


def failure(run: Run) -> str:
    if run.error:
        return run.error
    lines = [line for line in (run.stderr or run.stdout).strip().splitlines() if line.strip()]
    return f"exit {run.returncode}: {lines[-1] if lines else 'no output'}"


# -- the machine -------------------------------------------------------------------------------
def machine() -> dict[str, str]:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        usable = len(os.sched_getaffinity(0))
    except AttributeError:
        usable = os.cpu_count() or 0
    memory = ""
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                memory = f"{int(line.split()[1]) / 2**20:.1f} GB"
    except OSError:
        pass
    try:
        from importlib.metadata import version
        kg_version = version("kg")
    except Exception:  # noqa: BLE001 - any failure: unknown
        kg_version = "?"
    commit = _git("rev-parse", "--short", "HEAD")
    if commit and _git("status", "--porcelain", "--untracked-files=no"):
        commit += " (with uncommitted changes)"
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    return {"cpu": cpu, "cores": f"{usable} usable of {os.cpu_count()}", "memory": memory,
            "python": platform.python_version(), "kg": kg_version, "commit": commit or "?",
            "os": f"{platform.system()} {platform.release()}", "load average at start": load}


def _git(*args: str) -> str:
    try:
        return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True,
                              timeout=20).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return ""


# -- the corpus --------------------------------------------------------------------------------
def corpus(folder: Path, size: int) -> tuple[int, int, bool]:
    """(documents, characters, reused) of the derived corpus of ``size`` in ``folder``."""
    marker = folder.with_name(folder.name + ".json")
    if marker.is_file() and folder.is_dir():
        try:
            info = json.loads(marker.read_text())
            if info.get("documents") == size and \
                    sum(1 for _ in folder.glob("*.txt")) == size:
                return size, int(info["characters"]), True
        except (ValueError, KeyError, OSError):
            pass
    if folder.exists():
        shutil.rmtree(folder)
    sys.path.insert(0, str(ROOT))
    from benchmarks.corpus import write_corpus

    characters = write_corpus(folder, size)
    marker.write_text(json.dumps({"documents": size, "characters": characters}))
    return size, characters, False


# -- the canned queries, timed in a fresh process each -----------------------------------------
# A value of each parameter type that the derived corpus surely holds, for a default that it
# does not (its document numbers and cities are redrawn): the first match in store order.
_PICKS = {
    "citing": "SELECT ?x WHERE { GRAPH ?g { ?x dcterms:references ?y ; "
              "prov:hadPrimarySource ?s } } LIMIT 1",
    "doc": "SELECT ?x WHERE { GRAPH ?g { ?y dcterms:references ?x . "
           "?x dcterms:identifier ?n } } LIMIT 1",
    "org": "SELECT ?x WHERE { GRAPH ?g { ?d dcterms:creator ?x } } LIMIT 1",
    "region": "SELECT ?x WHERE { GRAPH ?g { ?d prov:hadPrimarySource ?s ; kgo:region ?x } } "
              "LIMIT 1",
    "measure": "SELECT ?x WHERE { GRAPH ?g { ?d kgo:mentionsMeasure ?x } } LIMIT 1",
}


def query_params(graph, query) -> dict[str, str]:
    """The default parameters, each replaced by a value the graph holds if it names nothing."""
    from kg.errors import KgError
    from kg.query.params import query_bindings

    params: dict[str, str] = {}
    for param in query.params:
        if param.default is None:
            continue
        try:
            query_bindings(query, {param.name: param.default}, graph.resolver)
            continue
        except KgError:
            pass
        kind = "citing" if query.name == "cites" else param.type
        pick = _PICKS.get("doc" if kind == "node" else kind)
        if pick:
            rows = graph.query(pick).rows
            if rows:
                params[param.name] = f"<{rows[0]['x']}>"
    return params


def time_query(graph_dir: str, name: str, repeat: int) -> dict[str, object]:
    """Run one canned query ``repeat`` times (in this process); timings in ms and rows."""
    from kg.query import get_query, open_graph

    times = []
    rows = 0
    with open_graph(graph_dir) as graph:
        params = query_params(graph, get_query(name))
        for _ in range(repeat):
            start = time.perf_counter()
            result = graph.run(name, params)
            times.append((time.perf_counter() - start) * 1000)
            rows = len(result.rows)
    return {"query": name, "times_ms": times, "rows": rows, "params": params}


def query_names() -> list[str]:
    from kg.query import canned_queries

    return [query.name for query in canned_queries()]


@dataclass
class QueryTiming:
    query: str
    median_ms: float | None = None
    max_ms: float | None = None
    first_ms: float | None = None
    rows: int | None = None
    runs: int = 0
    params: dict[str, str] = field(default_factory=dict)
    error: str = ""


def run_queries(graph_dir: Path, repeat: int, timeout: float, budget: float,
                only: list[str] | None = None) -> list[QueryTiming]:
    """Each canned query in its own process (killed after ``timeout`` s). A query whose first
    run takes longer than ``budget`` s is not repeated."""
    timings = []
    for name in only or query_names():
        timing = QueryTiming(name)
        first = run_measured([sys.executable, __file__, "--time-query", str(graph_dir), name,
                              "1"], timeout=timeout)
        result = _query_result(first)
        if result is None:
            timing.error = failure(first) if not first.ok else "no result"
            timings.append(timing)
            print(f"  {name:18s} FAILED ({timing.error})", flush=True)
            continue
        times = list(result["times_ms"])
        if times[0] / 1000 <= budget and repeat > 1:
            more = run_measured([sys.executable, __file__, "--time-query", str(graph_dir), name,
                                 str(repeat - 1)], timeout=timeout)
            again = _query_result(more)
            if again is not None:
                times += again["times_ms"]
        timing.first_ms = times[0]
        timing.median_ms = statistics.median(times)
        timing.max_ms = max(times)
        timing.rows = int(result["rows"])
        timing.runs = len(times)
        timing.params = dict(result.get("params") or {})
        timings.append(timing)
        given = "".join(f" {k}={v}" for k, v in timing.params.items())
        print(f"  {name:18s} median {timing.median_ms:9.1f} ms  max {timing.max_ms:9.1f} ms  "
              f"({timing.runs} runs, {timing.rows} rows){given}", flush=True)
    return timings


def _query_result(run: Run) -> dict | None:
    if not run.ok:
        return None
    for line in reversed(run.stdout.strip().splitlines()):
        if line.startswith("{"):
            try:
                return json.loads(line)
            except ValueError:
                return None
    return None


# -- one size ----------------------------------------------------------------------------------
@dataclass
class SizeResult:
    size: int
    documents: int = 0
    characters: int = 0
    corpus_reused: bool = False
    extract_s: float | None = None
    extract_rss_mb: float | None = None
    extract_tree_mb: float | None = None
    extract_error: str = ""
    build_s: float | None = None
    build_rss_mb: float | None = None
    build_tree_mb: float | None = None
    build_error: str = ""
    quads: int | None = None
    store_mb: float | None = None
    views_s: float | None = None
    views_rss_mb: float | None = None
    views_error: str = ""
    queries: list[QueryTiming] = field(default_factory=list)


def folder_mb(path: Path) -> float:
    path = path.resolve()  # the store is a symbolic link to the current generation
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 2**20


def count_quads(store_dir: Path) -> int | None:
    try:
        import pyoxigraph

        return len(pyoxigraph.Store.read_only(str(store_dir)))
    except Exception:  # noqa: BLE001 - report as unknown
        return None


def bench_size(size: int, work: Path, args: argparse.Namespace) -> SizeResult:
    result = SizeResult(size)
    folder = work / f"corpus_{size}"
    print(f"\n== {size} documents", flush=True)
    try:
        result.documents, result.characters, result.corpus_reused = corpus(folder, size)
    except Exception as exc:  # noqa: BLE001 - report and go on with the next size
        print(f"  corpus: FAILED ({exc})")
        result.extract_error = result.build_error = f"no corpus: {exc}"
        return result
    how = "reused" if result.corpus_reused else "written"
    print(f"  corpus {how}: {folder} ({result.documents} documents, "
          f"{result.characters:,} characters, derived)", flush=True)
    kg = kg_command()

    if not args.skip_extract:
        jsonl = work / f"extraction_{size}.jsonl"
        run = run_measured([*kg, "extract", str(folder), "-o", str(jsonl)],
                           timeout=args.step_timeout)
        if run.ok:
            result.extract_s = run.seconds
            result.extract_rss_mb, result.extract_tree_mb = run.max_rss_mb, run.tree_rss_mb
            print(f"  kg extract: {run.seconds:.1f} s, {size / run.seconds:.1f} documents/s, "
                  f"{result.characters / run.seconds:,.0f} characters/s, peak RSS "
                  f"{_mb(run.max_rss_mb)}", flush=True)
        else:
            result.extract_error = failure(run)
            print(f"  kg extract: FAILED ({result.extract_error})", flush=True)
        if not args.keep:
            jsonl.unlink(missing_ok=True)

    out = work / f"out_{size}"
    if args.skip_build and (out / "store").is_dir():
        print(f"  kg build: skipped, querying the graph already in {out}", flush=True)
    else:
        if out.exists():
            shutil.rmtree(out)  # a fresh build: kg build is incremental
        command = [*kg, "build", str(folder), "-o", str(out), "--no-views"]
        if args.jobs:
            command += ["--jobs", str(args.jobs)]
        run = run_measured(command, timeout=args.step_timeout)
        if run.ok or run.returncode == 3:  # 3: some files skipped, the graph is built
            result.build_s = run.seconds
            result.build_rss_mb, result.build_tree_mb = run.max_rss_mb, run.tree_rss_mb
            found = re.search(r"(\d+) quads", run.stdout + run.stderr)
            print(f"  kg build: {run.seconds:.1f} s, {size / run.seconds:.1f} documents/s, "
                  f"peak RSS {_mb(run.max_rss_mb)} (tree {_mb(run.tree_rss_mb)})", flush=True)
            if found:
                result.quads = int(found.group(1))
        else:
            result.build_error = failure(run)
            print(f"  kg build: FAILED ({result.build_error})", flush=True)
    if (out / "store").is_dir():
        if result.quads is None:
            result.quads = count_quads(out / "store")
        result.store_mb = folder_mb(out / "store")
        if result.quads and result.build_s:
            print(f"  {result.quads:,} quads, {result.quads / result.build_s:,.0f} quads/s, "
                  f"store {result.store_mb:,.0f} MB", flush=True)
        if not args.no_views:
            run = run_measured([*kg, "viz", "all", "--graph", str(out), "-o",
                                str(work / f"views_{size}")], timeout=args.step_timeout)
            if run.ok:
                result.views_s, result.views_rss_mb = run.seconds, run.max_rss_mb
                print(f"  kg viz all: {run.seconds:.1f} s, peak RSS {_mb(run.max_rss_mb)}",
                      flush=True)
            else:
                result.views_error = failure(run)
                print(f"  kg viz all: FAILED ({result.views_error})", flush=True)
            shutil.rmtree(work / f"views_{size}", ignore_errors=True)
        if not args.no_queries:
            print(f"  canned queries ({args.repeat} runs each):", flush=True)
            result.queries = run_queries(out, args.repeat, args.query_timeout,
                                         args.query_budget, args.query)
    if not args.keep:
        shutil.rmtree(out, ignore_errors=True)
    return result


# -- reports -----------------------------------------------------------------------------------
def _mb(value: float | None) -> str:
    return "—" if value is None else f"{value:,.0f} MB"


def _num(value: float | None, digits: int = 0, unit: str = "") -> str:
    return "—" if value is None else f"{value:,.{digits}f}{unit}"


def _rate(count: float | None, seconds: float | None, digits: int = 0) -> str:
    if not count or not seconds:
        return "—"
    return f"{count / seconds:,.{digits}f}"


def summary_rows(results: list[SizeResult]) -> tuple[list[str], list[list[str]]]:
    head = ["documents", "characters", "extract s", "extract docs/s", "extract chars/s",
            "extract peak RSS", "build s", "build docs/s", "build chars/s", "quads",
            "quads/s", "build peak RSS", "build tree RSS", "store", "views s",
            "views peak RSS"]
    rows = []
    for r in results:
        rows.append([
            f"{r.size:,}", f"{r.characters:,}",
            _num(r.extract_s, 1) if not r.extract_error else "failed",
            _rate(r.size, r.extract_s, 1), _rate(r.characters, r.extract_s),
            _mb(r.extract_rss_mb),
            _num(r.build_s, 1) if not r.build_error else "failed",
            _rate(r.size, r.build_s, 1), _rate(r.characters, r.build_s),
            _num(r.quads), _rate(r.quads, r.build_s), _mb(r.build_rss_mb),
            _mb(r.build_tree_mb), _mb(r.store_mb),
            _num(r.views_s, 1) if not r.views_error else "failed", _mb(r.views_rss_mb)])
    return head, rows


def query_rows(results: list[SizeResult]) -> tuple[list[str], list[list[str]]]:
    sized = [r for r in results if r.queries]
    names = list(dict.fromkeys(t.query for r in sized for t in r.queries))
    head = ["query"] + [f"{r.size:,} docs: median / max ms" if r.size else "median / max ms"
                        for r in sized]
    rows = []
    for name in names:
        row = [name]
        for r in sized:
            t = next((t for t in r.queries if t.query == name), None)
            if t is None or t.median_ms is None:
                row.append("failed" if t and t.error else "—")
            else:
                over = " ⚠" if t.median_ms >= 100 else ""
                row.append(f"{t.median_ms:,.1f} / {t.max_ms:,.1f}{over}")
        rows.append(row)
    return head, rows


def markdown_table(head: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def plain_table(head: list[str], rows: list[list[str]]) -> str:
    widths = [max(len(str(x)) for x in column) for column in zip(head, *rows, strict=True)]
    lines = ["  ".join(str(x).rjust(w) for x, w in zip(line, widths, strict=True))
             for line in [head, *rows]]
    return "\n".join(lines)


def report(results: list[SizeResult], info: dict[str, str], args: argparse.Namespace) -> str:
    table = markdown_table if args.markdown else plain_table
    parts = []
    machine_line = "; ".join(f"{k}: {v}" for k, v in info.items())
    parts.append(("Machine: " if not args.markdown else "Machine — ") + machine_line)
    parts.append(DERIVED_NOTE)
    parts.append("Extraction: `kg extract` in a subprocess. Build: `kg build --no-views"
                 + (f" --jobs {args.jobs}" if args.jobs else "") + "` in a subprocess, into a "
                 "fresh folder. Peak RSS: wait4 ru_maxrss of the subprocess (its largest process); "
                 "tree RSS: sampled peak of the sum over the process and its workers. "
                 "Views: `kg viz all` over the built folder (what a default build adds). "
                 f"Queries: each canned query with its default parameters, {args.repeat} runs "
                 "in a fresh process over the embedded store, timed around "
                 "KnowledgeGraph.run (parameter resolution included); ⚠ marks a median of "
                 "100 ms or more. Timings on a shared machine are noisy.")
    if results and any(r.size for r in results):
        head, rows = summary_rows(results)
        if any(r.build_s or r.extract_s for r in results):
            parts.append(table(head, rows))
    head, rows = query_rows(results)
    if rows:
        parts.append(table(head, rows))
    errors = [f"{r.size}: extract {r.extract_error}" for r in results if r.extract_error]
    errors += [f"{r.size}: build {r.build_error}" for r in results if r.build_error]
    errors += [f"{r.size}: query {t.query}: {t.error}" for r in results for t in r.queries
               if t.error]
    if errors:
        parts.append("Failed steps:\n" + "\n".join(f"- {e}" for e in errors))
    return "\n\n".join(parts)


def load_results(path: Path) -> tuple[dict[str, str], list[SizeResult]]:
    """The machine and the results that ``--json`` wrote."""
    data = json.loads(path.read_text(encoding="utf-8"))
    results = []
    for item in data["results"]:
        queries = [QueryTiming(**timing) for timing in item.pop("queries", [])]
        results.append(SizeResult(**item, queries=queries))
    return data["machine"], results


def print_saved(paths: list[Path], args: argparse.Namespace) -> int:
    results: list[SizeResult] = []
    info: dict[str, str] = {}
    commits: list[str] = []
    for path in paths:
        try:
            machine_info, found = load_results(path)
        except (OSError, ValueError, KeyError, TypeError) as exc:
            print(f"{path}: cannot read ({exc})", file=sys.stderr)
            return 1
        info = info or dict(machine_info)
        sizes = ", ".join(f"{r.size:,}" for r in found)
        commits.append(f"{sizes} documents at {machine_info.get('commit', '?')} "
                       f"(load {machine_info.get('load average at start', '?')})")
        results += found
    info.pop("load average at start", None)
    info["commit"] = "; ".join(commits)
    results.sort(key=lambda r: r.size)
    print(report(results, info, args))
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000],
                        help="corpus sizes in documents (default: 1000)")
    parser.add_argument("--jobs", type=int, help="passed to kg build --jobs")
    parser.add_argument("--keep", type=Path, metavar="DIR",
                        help="keep corpora, extraction and built graphs in DIR and reuse the "
                             "corpora found there (default: a temporary folder, removed)")
    parser.add_argument("--markdown", action="store_true", help="print tables as Markdown")
    parser.add_argument("--repeat", type=int, default=5, help="runs of each query (default 5)")
    parser.add_argument("--query", action="append", metavar="NAME",
                        help="time only this canned query (repeatable)")
    parser.add_argument("--graph", type=Path, metavar="OUT",
                        help="only time the canned queries on the graph already built in OUT")
    parser.add_argument("--skip-extract", action="store_true", help="do not run kg extract")
    parser.add_argument("--skip-build", action="store_true",
                        help="with --keep: query the graph kept from an earlier run")
    parser.add_argument("--no-queries", action="store_true", help="do not time the queries")
    parser.add_argument("--no-views", action="store_true", help="do not time kg viz all")
    parser.add_argument("--step-timeout", type=float, default=6 * 3600,
                        help="seconds before extract or build is killed (default 6 h)")
    parser.add_argument("--query-timeout", type=float, default=600,
                        help="seconds before one query's process is killed (default 600)")
    parser.add_argument("--query-budget", type=float, default=20,
                        help="a query whose first run takes longer (s) is not repeated")
    parser.add_argument("--json", type=Path, metavar="FILE", help="also write results as JSON")
    parser.add_argument("--report", type=Path, nargs="+", metavar="JSON",
                        help="only print one report from the --json files of earlier runs")
    parser.add_argument("--time-query", nargs=3, metavar=("OUT", "NAME", "REPEAT"),
                        help=argparse.SUPPRESS)  # internal: one query, in this process
    args = parser.parse_args(argv)

    if args.time_query:
        graph_dir, name, repeat = args.time_query
        print(json.dumps(time_query(graph_dir, name, int(repeat))))
        return 0

    if args.report:
        return print_saved(args.report, args)

    info = machine()
    print("Machine: " + "; ".join(f"{k}: {v}" for k, v in info.items()))
    print(DERIVED_NOTE, flush=True)
    results: list[SizeResult] = []
    if args.graph:
        result = SizeResult(0)
        print(f"\n== canned queries on {args.graph}", flush=True)
        result.queries = run_queries(args.graph, args.repeat, args.query_timeout,
                                     args.query_budget, args.query)
        results.append(result)
    else:
        work = args.keep or Path(tempfile.mkdtemp(prefix="kg-bench-"))
        work.mkdir(parents=True, exist_ok=True)
        try:
            for size in args.sizes:
                try:
                    results.append(bench_size(size, work, args))
                except KeyboardInterrupt:
                    raise
                except Exception as exc:  # noqa: BLE001 - report and go on
                    print(f"  size {size}: FAILED ({type(exc).__name__}: {exc})", flush=True)
        finally:
            if not args.keep:
                shutil.rmtree(work, ignore_errors=True)
    print("\n" + report(results, info, args))
    if args.json:
        args.json.write_text(json.dumps({"machine": info, "results": [asdict(r) for r in results]},
                                        ensure_ascii=False, indent=1))
    failed = any(r.extract_error or r.build_error or any(t.error for t in r.queries)
                 for r in results)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

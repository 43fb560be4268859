"""``kg build``: documents → extraction records → one named graph per source → store and files.

Incremental: a source whose bytes (SHA-256) and path are unchanged since the last build is not
read again; its graph stays in the store, its extraction record is copied and its sorted
fragment (:mod:`kg.store.fragments`) is reused for ``graph.ttl``. Changed sources replace their
graph, sources no longer given lose theirs. Each new source graph is validated against the
shapes as it is made. The build works on a copy of the store (written in the background while
documents are extracted) and commits by renaming the manifest (:mod:`kg.store.output`), so a
build that fails — a violation, an unreadable corpus, a kill — leaves the previous one intact.
"""

from __future__ import annotations

import hashlib
import json
import logging
import queue
import shutil
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pyoxigraph import NamedNode, Quad, RdfFormat, parse

from . import __version__
from .engines import ENGINES, Processed, Settings, Task, run_dask, run_inline, run_processes
from .errors import KgError
from .ingest import MAX_BYTES
from .models import Extraction
from .pipeline import ErrorHandler, display_path, extract_documents
from .rdf.graph import EVIDENCE_SHAPES
from .rdf.iris import Iris
from .rdf.mapping import MAPPING_VERSION, extraction_graph
from .rdf.namespaces import DEFAULT_BASE
from .rdf.ontology import files_digest, ontology_files, ontology_quads, shapes_file
from .store import GraphStore, MemoryStore, OxigraphStore, store_kind
from .store.fragments import (
    FragmentCache,
    cache_key,
    fragments_to_turtle,
    prune_caches,
    source_fragment_name,
)
from .store.output import MEMORY_STORE_FILE, Manifest, OutputFolder, Staging
from .summary import (
    SUMMARY_VERSION,
    Summary,
    contributions,
    subjects_of_ntriples,
)
from .validate import ValidationReport, format_report, validate_fast

log = logging.getLogger(__name__)

Progress = Callable[[Iterable, int | None, str], Iterable]
WRITE_BATCH_BYTES = 32 * 1024 * 1024  # N-Quads handed to the store at once


def check_writable(out: Path) -> None:
    """Fail before extracting anything if ``out`` cannot be written."""
    OutputFolder(out).check_writable()


@dataclass(slots=True)
class _Inputs:
    """The sources of this build: display path → file and SHA-256, in input order."""

    files: dict[str, Path] = field(default_factory=dict)
    sha: dict[str, str | None] = field(default_factory=dict)  # None: unreadable or too big

    def by_sha(self) -> dict[str, list[str]]:
        groups: dict[str, list[str]] = {}
        for path, sha in self.sha.items():
            if sha:
                groups.setdefault(sha, []).append(path)
        return {sha: sorted(paths) for sha, paths in groups.items()}


def _hash_inputs(paths: Iterable[Path], max_bytes: int) -> _Inputs:
    inputs = _Inputs()
    for path in paths:
        shown = display_path(path)
        if shown in inputs.files:
            continue
        inputs.files[shown] = path
        sha = None
        try:
            if path.stat().st_size <= max_bytes:
                sha = hashlib.sha256(path.read_bytes()).hexdigest()
        except OSError:
            sha = None  # extraction reports it
        inputs.sha[shown] = sha
    return inputs


def _previous_lines(path: Path) -> dict[tuple[str, str], tuple[int, int]]:
    """Where each (source, sha256) record sits in the last extraction.jsonl."""
    index: dict[tuple[str, str], tuple[int, int]] = {}
    try:
        handle = open(path, "rb")  # noqa: SIM115
    except OSError:
        return index
    with handle:
        offset = 0
        for line in handle:
            try:
                record = json.loads(line)
                index[(record["source"], record["sha256"])] = (offset, len(line))
            except (ValueError, KeyError, TypeError):
                pass
            offset += len(line)
    return index


def _open_staging_store(kind: str, folder: OutputFolder, previous: Manifest | None,
                        staging: Staging, fresh: bool) -> GraphStore:
    if kind == "memory":
        if not fresh and previous is not None:
            return MemoryStore.load(folder.root / MEMORY_STORE_FILE)
        return MemoryStore()
    if not fresh and previous is not None:
        current = OxigraphStore.open(folder.store_path(previous), read_only=True)
        try:
            current.backup(staging.store_dir)
        except (OSError, RuntimeError) as exc:
            raise KgError(f"{staging.store_dir}: cannot copy the store ({exc})") from None
        finally:
            current.close()
    return OxigraphStore.open(staging.store_dir)


class _Timer:
    """Logs how long each phase of a build took (kg -vv build …)."""

    def __init__(self) -> None:
        self.last = time.perf_counter()
        self.cpu = time.thread_time()

    def lap(self, phase: str) -> None:
        now, cpu = time.perf_counter(), time.thread_time()
        log.debug("%s: %.2f s (%.2f s CPU in this thread)", phase, now - self.last,
                  cpu - self.cpu)
        self.last, self.cpu = now, cpu


@dataclass(slots=True)
class RenderedSource:
    """Everything the build writes for one new source graph (a picklable value, so the work
    can move to worker processes)."""

    sha256: str
    graph: str
    data: bytes  # the graph as sorted N-Triples, each triple once
    report: ValidationReport | None
    paths: list[str] = field(default_factory=list)  # the paths written into the source node
    share: dict[str, list] = field(default_factory=dict)  # its part of the summary graph


def render_source(extraction: Extraction, iris: Iris, paths: list[str], validate: bool
                  ) -> RenderedSource:
    """Map one extraction to its named graph, serialise it, and validate it against the shapes
    (with the ontology as background)."""
    graph = extraction_graph(extraction, iris, paths)
    report = validate_fast(subjects=graph.subjects(), prefixes={"kgid": iris.base},
                           skip=EVIDENCE_SHAPES) if validate else None
    data = graph.ntriples()
    return RenderedSource(extraction.source.sha256, graph.graph.value, data, report,
                          list(paths), contributions(graph.subjects()))


class _StoreWriter:
    """Adds source graphs to the staging store in large batches.

    For Oxigraph the batches are N-Quads bytes (made from the graph's sorted N-Triples lines)
    loaded by a thread: the parser and the store run in Rust without the GIL, so writing the
    store overlaps with extraction. The staging store has no readers, so its bulk loader (not
    transactional) is safe; the build's commit is what makes the result visible.
    """

    def __init__(self, store: GraphStore):
        self.store = store
        self.oxigraph = hasattr(store, "bulk_load_nquads")  # Oxigraph, a SPARQL server
        self.buffer = bytearray()
        self.error: BaseException | None = None
        self.queue: queue.Queue[bytes | None] = queue.Queue(maxsize=2)
        self.thread: threading.Thread | None = None
        if self.oxigraph:
            self.thread = threading.Thread(target=self._run, name="kg-store-writer", daemon=True)
            self.thread.start()

    def _run(self) -> None:
        started = time.thread_time()
        while True:
            data = self.queue.get()
            if data is None:
                log.debug("store writer thread: %.2f s CPU", time.thread_time() - started)
                return
            if self.error is None:
                try:
                    self.store.bulk_load_nquads(data)  # type: ignore[attr-defined]
                except BaseException as exc:  # reported by close()
                    self.error = exc

    def add(self, source: RenderedSource) -> None:
        """Add one source graph."""
        if not self.oxigraph:
            graph = NamedNode(source.graph)
            self.store.add(Quad(t.subject, t.predicate, t.object, graph)
                           for t in parse(source.data, RdfFormat.N_TRIPLES))
            return
        # Every raw newline ends a triple (N-Triples escapes those in literals).
        self.buffer += source.data.replace(b" .\n", f" <{source.graph}> .\n".encode())
        if len(self.buffer) >= WRITE_BATCH_BYTES:
            self._hand_over()

    def _hand_over(self) -> None:
        if self.buffer:
            data, self.buffer = bytes(self.buffer), bytearray()
            self.queue.put(data)

    def close(self) -> None:
        """Write what is left and wait; raises what the writer hit."""
        if self.thread is not None:
            self._hand_over()
            self.queue.put(None)
            self.thread.join()
            self.thread = None
        if self.error is not None:
            raise KgError(f"cannot write the store: {self.error}") from None

    def abandon(self) -> None:
        if self.thread is not None:
            self.buffer = bytearray()
            self.error = self.error or KgError("build abandoned")
            self.queue.put(None)
            self.thread.join()
            self.thread = None


def _merge_records(order: list[str], extract: set[str], extractions: Iterator[Processed],
                   reuse: dict[str, tuple[int, int]], previous_jsonl: Path
                   ) -> Iterator[tuple[str, Processed | None, bytes | None]]:
    """In input order: (path, freshly processed document, or the previous record's bytes).

    A path to extract that the stream skipped (unreadable) yields neither.
    """
    pending = next(extractions, None)
    handle = open(previous_jsonl, "rb") if reuse else None  # noqa: SIM115
    try:
        for path in order:
            if path in extract:
                if pending is not None and pending.path == path:
                    yield path, pending, None
                    pending = next(extractions, None)
                else:
                    yield path, None, None
            elif handle is not None and path in reuse:
                offset, length = reuse[path]
                handle.seek(offset)
                yield path, None, handle.read(length)
    finally:
        if handle is not None:
            handle.close()


def build(paths: list[Path], out: Path, *, on_error: ErrorHandler | None = None,
          max_bytes: int = MAX_BYTES, progress: Progress | None = None,
          store: str = "oxigraph", validate: bool = True, full: bool = False,
          base: str = DEFAULT_BASE, jobs: int = 1, engine: str = "local",
          scheduler: str | None = None) -> dict[str, Any]:
    """Build (or update) the graph in ``out`` from the documents in ``paths``.

    ``jobs``: worker processes for extraction and rendering (1: in this process);
    ``engine="dask"`` runs them on the Dask cluster at ``scheduler`` (or a local one with
    ``jobs`` worker processes). Every engine gives the same graph. Returns a summary:
    documents, extracted, unchanged, removed, quads, validated.
    """
    run = Engine.of(engine, jobs, scheduler)
    kind = store_kind(store)
    remote: GraphStore | None = None
    if kind == "sparql":
        from .store import open_remote

        remote = open_remote(store)  # one line and no work done if the server is not there
    folder = OutputFolder(out)
    folder.check_writable()
    iris = Iris(base)
    try:
        with folder.lock():
            folder.recover()
            previous = folder.manifest()
            return _build_locked(paths, folder, previous, iris, kind, on_error=on_error,
                                 max_bytes=max_bytes, progress=progress, validate=validate,
                                 full=full, remote=remote, run=run)
    except OSError as exc:  # a full disk, a folder made read-only mid-build: nothing committed
        raise KgError(f"{exc.filename or out}: cannot build ({exc.strerror or exc})") from None


@dataclass(slots=True, frozen=True)
class Engine:
    """Where the documents are processed (:mod:`kg.engines`)."""

    kind: str = "local"
    jobs: int = 1
    scheduler: str | None = None

    @classmethod
    def of(cls, kind: str, jobs: int, scheduler: str | None) -> Engine:
        if kind not in ENGINES:
            raise KgError(f"--engine {kind}: expected one of {', '.join(ENGINES)}")
        if jobs < 1:
            raise KgError(f"--jobs {jobs}: expected 1 or more worker processes")
        if scheduler and kind != "dask":
            raise KgError("--scheduler is for --engine dask")
        return cls(kind, jobs, scheduler or None)


def _process(tasks: list[Task], settings: Settings, on_error: ErrorHandler | None,
             run: Engine) -> Iterator[Processed]:
    if run.kind == "dask":
        return run_dask(tasks, settings, on_error, scheduler=run.scheduler,
                        workers=run.jobs if run.jobs > 1 else 0)
    if run.jobs > 1 and len(tasks) > 1:
        return run_processes(tasks, settings, run.jobs, on_error)
    return run_inline(tasks, settings, on_error, extract_documents)


def _build_locked(paths: list[Path], folder: OutputFolder, previous: Manifest | None,
                  iris: Iris, kind: str, *, on_error: ErrorHandler | None, max_bytes: int,
                  progress: Progress | None, validate: bool, full: bool,
                  remote: GraphStore | None = None, run: Engine = Engine()) -> dict[str, Any]:
    ontology = ontology_files()
    ontology_digest = files_digest(ontology)
    shapes_digest = files_digest([shapes_file()]) if validate else ""
    fresh = (full or previous is None or previous.store != kind
             or previous.base_iri != iris.base or previous.kg_version != __version__
             or previous.mapping_version != MAPPING_VERSION)
    if previous is not None and fresh and not full:
        log.info("rebuilding everything (store, base IRI or kg version changed)")
    fragments_dir = f"fragments-{cache_key(__version__, str(MAPPING_VERSION), iris.base)}"
    fragments = FragmentCache(folder.state / fragments_dir)

    inputs = _hash_inputs(paths, max_bytes)
    groups = inputs.by_sha()
    old_sources = {} if fresh or previous is None else previous.sources
    old_groups: dict[str, list[str]] = {}
    for path, sha in old_sources.items():
        old_groups.setdefault(sha, []).append(path)
    reuse_index = {} if fresh else _previous_lines(folder.root / "extraction.jsonl")
    reuse = {path: reuse_index[(path, sha)] for path, sha in inputs.sha.items()
             if sha and (path, sha) in reuse_index}

    timer = _Timer()
    staging = folder.begin(previous)
    committed = False
    graph_store: GraphStore | None = None
    writer: _StoreWriter | None = None
    try:
        graph_store = remote if remote is not None else \
            _open_staging_store(kind, folder, previous, staging, fresh)
        present = graph_store.graph_names()
        rebuild = {sha for sha, group in groups.items()
                   if sorted(old_groups.get(sha, [])) != group
                   or iris.graph(sha).value not in present
                   or any(path not in reuse for path in group)}
        extract = {path for path, sha in inputs.sha.items() if not sha or sha in rebuild}
        for sha in sorted(set(old_groups) - set(groups) | rebuild):
            graph_store.remove_graph(iris.graph(sha).value)
        removed = len(set(old_sources) - set(inputs.sha))

        ontology_fragment = f"ontology-{ontology_digest[:16]}.nt"
        replace_ontology = fresh or previous is None or previous.ontology != ontology_digest \
            or iris.ontology_graph.value not in present
        if replace_ontology or not fragments.has(ontology_fragment):
            ontology_graph_quads = ontology_quads(iris, ontology)  # parsed only when needed
            if replace_ontology:
                graph_store.replace_graph(iris.ontology_graph.value, ontology_graph_quads)
            if not fragments.has(ontology_fragment):
                fragments.write(ontology_fragment, ontology_graph_quads)

        order = list(inputs.files)
        tasks = [Task(path, str(inputs.files[path]), inputs.sha[path],
                      groups.get(inputs.sha[path] or "", [path]))
                 for path in order if path in extract]
        records = _process(tasks, Settings(iris.base, validate, max_bytes), on_error, run)
        if progress is not None and tasks:
            records = progress(records, len(tasks), "build")
        validate_new = validate and not fresh and previous is not None \
            and previous.shapes == shapes_digest
        report = ValidationReport()
        prefixes = {"kgid": iris.base}
        sources: dict[str, str] = {}
        written: set[str] = set()
        extracted = 0
        writer = _StoreWriter(graph_store)
        with open(staging.file("extraction.jsonl"), "wb") as handle:
            for path, item, line in _merge_records(
                    order, extract, iter(records), reuse, folder.root / "extraction.jsonl"):
                if line is not None:
                    handle.write(line)
                    sources[path] = inputs.sha[path] or ""
                    continue
                if item is None:
                    continue
                extracted += 1
                sha = item.sha256
                sources[path] = sha
                handle.write(item.record)
                rendered = item.rendered
                if sha in written or rendered is None:
                    continue  # a copy of a document already written
                written.add(sha)
                writer.add(rendered)
                fragment = source_fragment_name(sha, rendered.paths)
                fragments.write_bytes(fragment, rendered.data)
                fragments.write_bytes(_share_name(fragment), json.dumps(
                    rendered.share, ensure_ascii=False).encode("utf-8"))
                if rendered.report is not None:
                    report.extend(rendered.report)
        if not sources:
            raise KgError("no document could be read; nothing was built")
        timer.lap("extract, map, validate")

        final_groups: dict[str, list[str]] = {}
        for path, sha in sources.items():
            final_groups.setdefault(sha, []).append(path)
        names = {sha: source_fragment_name(sha, sorted(group))
                 for sha, group in final_groups.items()}
        lost = [sha for sha, name in names.items() if not fragments.has(name)]
        if lost:  # fragments lost since the last build: read back from the finished store
            writer.close()
            timer.lap("store writes (waiting)")
            for sha in lost:
                fragments.write(names[sha], graph_store.quads(iris.graph(sha).value))
        # Otherwise the store's writer thread goes on while the summary is added up, the rest
        # is checked and graph.ttl is written (all need only the fragments).
        summary_fragment, summary_changed = _summary(
            iris, fragments, names, keep=iris.summary_graph.value in present
            and not (fresh or extracted or removed))
        timer.lap("summary")
        if validate and not validate_new:
            # New shapes (or a fresh build): the unchanged graphs are checked too.
            for sha, name in sorted(names.items()):
                if sha not in written:
                    report.extend(validate_fast(fragments.read(name), prefixes=prefixes,
                                                skip=EVIDENCE_SHAPES))
        if not report.conforms:
            _raise_violations(report)

        fragment_paths = [fragments.path(ontology_fragment), fragments.path(summary_fragment)] \
            + [fragments.path(names[sha]) for sha in sorted(names)]
        from .export import output_prefixes

        graph_digest = hashlib.sha256(
            "\n".join(path.name for path in fragment_paths).encode()).hexdigest()
        previous_graph = folder.root / "graph.ttl"
        if previous is not None and not fresh and previous.graph == graph_digest \
                and previous_graph.is_file():
            shutil.copyfile(previous_graph, staging.file("graph.ttl"))  # same fragments
        else:
            with open(staging.file("graph.ttl"), "wb") as graph_file:
                fragments_to_turtle(fragment_paths, graph_file, output_prefixes(iris.base),
                                    staging.files_dir / "work")
        timer.lap("graph.ttl")
        writer.close()
        if summary_changed:
            graph_store.replace_graph_from_file(iris.summary_graph.value,
                                                fragments.path(summary_fragment))
        timer.lap("store writes (waiting)")
        if isinstance(graph_store, MemoryStore):
            graph_store.save(staging.file(MEMORY_STORE_FILE))
        quad_count = len(graph_store)
        graph_store.flush()
        graph_store.close()
        manifest = Manifest(
            store=kind,
            store_path=(staging.relative(staging.store_dir) if kind == "oxigraph"
                        else graph_store.location if kind == "sparql" else MEMORY_STORE_FILE),
            generation=staging.generation, base_iri=iris.base, kg_version=__version__,
            mapping_version=MAPPING_VERSION, ontology=ontology_digest,
            shapes=shapes_digest if validate else "",
            sources=dict(sorted(sources.items())),
            previous_store_path=previous.store_path if previous else None,
            documents=len(sources), quads=quad_count, graph=graph_digest)
        folder.commit(manifest, staging)
        committed = True
        timer.lap("commit")
        fragments.prune(set(names.values()) | {_share_name(n) for n in names.values()}
                        | {ontology_fragment, summary_fragment})
        prune_caches(folder.state, fragments_dir)
    finally:
        if not committed:
            if writer is not None:
                writer.abandon()
            if graph_store is not None:
                graph_store.close()
            staging.discard()
    return {"documents": len(sources), "extracted": extracted,
            "unchanged": len(sources) - extracted, "removed": removed, "quads": quad_count,
            "validated": validate}


def _share_name(fragment: str) -> str:
    """A source's summary share, named by the summary version that made it (a newer kg adds up
    shares of its own making, rebuilt from the fragment)."""
    return f"{fragment}.summary-{SUMMARY_VERSION}.json"


def _summary(iris: Iris, fragments: FragmentCache, names: dict[str, str], keep: bool
             ) -> tuple[str, bool]:
    """Add up the summary shares of every source (:mod:`kg.summary`) and write the summary
    fragment, unless this set of source graphs already has one in the store (``keep``).
    Returns the fragment's name and whether the store needs it (False: it has it)."""
    digest = hashlib.sha256("\n".join(sorted(names.values())).encode()).hexdigest()[:16]
    name = f"summary-{SUMMARY_VERSION}-{digest}.nt"
    if keep and fragments.has(name):
        return name, False
    summary = Summary()
    for fragment in sorted(names.values()):
        share_file = fragments.path(_share_name(fragment))
        try:
            share = json.loads(share_file.read_bytes())
        except (OSError, ValueError):  # made by an older kg, or lost: read the fragment
            share = contributions(subjects_of_ntriples(fragments.path(fragment).read_bytes()))
            fragments.write_bytes(share_file.name, json.dumps(share, ensure_ascii=False).encode())
        summary.add(share)
    fragments.write_lines(name, (line.encode("utf-8") for line in summary.lines(iris)))
    return name, True


def _raise_violations(report: ValidationReport) -> None:
    for line in format_report(report):
        log.error("%s", line)
    raise KgError(f"the graph does not conform to the shapes ({len(report.violations)} "
                  "violation(s)); nothing was committed (kg build --no-validate skips the check)")

"""Where ``kg build`` does the per-document work: extraction, the source graph, its N-Triples and
its validation (:func:`kg.build.render_source`).

Three engines give the same stream of :class:`Processed` documents, in input order, to the one
process that writes the store, the fragments and ``extraction.jsonl``:

- ``inline``: in the build's own process (``--jobs 1``, the default);
- ``processes``: ``--jobs N`` worker processes on this machine (spawned, so safe with the
  build's writer thread), fed batches of documents;
- ``dask``: the workers of a Dask distributed cluster (``--engine dask [--scheduler ADDRESS]``),
  sent batches of documents as bytes, so the workers need kg but not the files.

Only a window of batches is in flight at a time and results are taken in order, so memory stays
flat however many documents there are, and a slow writer holds the workers back rather than
piling results up.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import InputError, KgError

if TYPE_CHECKING:
    from ..build import RenderedSource
    from ..models import Extraction
    from ..pipeline import ErrorHandler

ENGINES = ("local", "dask")  # local: in this process, or --jobs N processes
BATCH_SIZE = 16  # documents per task sent to a worker (spaCy pipes a batch at once)


@dataclass(slots=True)
class Task:
    """One document to process."""

    path: str  # the display path (what extraction.jsonl and the graph show)
    file: str  # the file as the build names it
    sha256: str | None  # its hash when the build looked (None: unreadable)
    group: list[str]  # every path with that content (they share the source node)
    data: bytes | None = None  # the bytes, for workers that cannot read the file


@dataclass(slots=True)
class Processed:
    """One document done: its extraction record and (unless a copy) its rendered graph."""

    path: str
    sha256: str
    record: bytes  # the extraction.jsonl line
    rendered: RenderedSource | None


@dataclass(slots=True)
class Failed:
    """A document that could not be read (reported once, like the in-process build does)."""

    file: str
    message: str


@dataclass(slots=True, frozen=True)
class Settings:
    base: str
    validate: bool
    max_bytes: int


@lru_cache(maxsize=4)
def _iris(base: str):
    from ..rdf.iris import Iris

    return Iris(base)


def _processed(extraction: Extraction, task: Task | None, settings: Settings, seen: set[str]
               ) -> Processed:
    from ..build import render_source
    from ..contract import to_json_line

    path = extraction.source.path
    sha = extraction.source.sha256
    group = task.group if task is not None and task.sha256 == sha and task.group else [path]
    rendered = None
    if sha not in seen:
        seen.add(sha)
        rendered = render_source(extraction, _iris(settings.base), group, settings.validate)
    return Processed(path, sha, (to_json_line(extraction) + "\n").encode("utf-8"), rendered)


def process_batch(tasks: list[Task], settings: Settings) -> list[Processed | Failed]:
    """Extract and render a batch of documents (what a worker runs), in the batch's order."""
    from ..ingest import SUFFIXES, document_from_bytes, read_document
    from ..pipeline import extract_sources

    failed: dict[str, Failed] = {}

    def sources() -> Iterator:
        for task in tasks:
            try:
                if task.data is not None:
                    kind = SUFFIXES.get(Path(task.file).suffix.lower(), "text")
                    yield document_from_bytes(task.data, task.path, kind=kind)
                else:
                    yield read_document(task.file, max_bytes=settings.max_bytes,
                                        display_path=task.path)
            except InputError as exc:
                failed[task.path] = Failed(task.file, str(exc))

    by_path = {task.path: task for task in tasks}
    done: dict[str, Processed] = {}
    seen: set[str] = set()
    for extraction in extract_sources(sources()):
        item = _processed(extraction, by_path.get(extraction.source.path), settings, seen)
        done[item.path] = item
    out: list[Processed | Failed] = []
    for task in tasks:
        result = done.get(task.path) or failed.get(task.path)
        if result is not None:
            out.append(result)
    return out


def _report(failure: Failed, on_error: ErrorHandler | None) -> None:
    error = InputError(failure.message)
    if on_error is None:
        raise error
    on_error(Path(failure.file), error)


def _batches(tasks: Iterable[Task], size: int) -> Iterator[list[Task]]:
    iterator = iter(tasks)
    while batch := list(islice(iterator, size)):
        yield batch


def _ordered(submit: Callable[[list[Task]], Any], batches: Iterable[list[Task]], window: int,
             on_error: ErrorHandler | None) -> Iterator[Processed]:
    """Results of ``submit(batch)`` futures in submission order, ``window`` batches in flight."""
    iterator = iter(batches)
    pending: deque = deque(submit(batch) for batch in islice(iterator, window))
    while pending:
        results = pending.popleft().result()
        following = next(iterator, None)
        if following is not None:
            pending.append(submit(following))
        for result in results:
            if isinstance(result, Failed):
                _report(result, on_error)
            else:
                yield result


def run_inline(tasks: list[Task], settings: Settings, on_error: ErrorHandler | None,
               extract_documents: Callable[..., Iterator[Extraction]] | None = None
               ) -> Iterator[Processed]:
    """In this process: the documents stream through one spaCy pipeline."""
    if extract_documents is None:
        from ..pipeline import extract_documents

    by_path = {task.path: task for task in tasks}
    seen: set[str] = set()
    for extraction in extract_documents([task.file for task in tasks], on_error=on_error,
                                        max_bytes=settings.max_bytes):
        yield _processed(extraction, by_path.get(extraction.source.path), settings, seen)


def run_processes(tasks: list[Task], settings: Settings, jobs: int,
                  on_error: ErrorHandler | None, batch_size: int = BATCH_SIZE
                  ) -> Iterator[Processed]:
    """``jobs`` spawned worker processes on this machine."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    if not tasks:
        return
    context = multiprocessing.get_context("spawn")
    # Small batches while there are few documents, so every worker gets some.
    size = max(1, min(batch_size, -(-len(tasks) // jobs)))
    pool = ProcessPoolExecutor(jobs, mp_context=context)
    try:
        yield from _ordered(lambda batch: pool.submit(process_batch, batch, settings),
                            _batches(tasks, size), 2 * jobs, on_error)
    except BrokenProcessPool:
        raise KgError("--jobs: a worker process died (out of memory, killed, or a script that "
                      "calls kg.build without an if __name__ == '__main__': guard); nothing "
                      "was committed") from None
    finally:  # a build that fails or is interrupted does not wait for the queued batches
        pool.shutdown(wait=True, cancel_futures=True)


def _with_bytes(tasks: Iterable[Task], max_bytes: int, failures: list[Failed]
                ) -> Iterator[Task]:
    """Tasks carrying their files' bytes (for workers on other machines); a file that cannot
    be read or is too big fails here with the message the in-process build gives."""
    for task in tasks:
        path = Path(task.file)
        try:
            size = path.stat().st_size
            if size > max_bytes:
                failures.append(Failed(task.file, (
                    f"{path}: {size / 1e6:.1f} MB is larger than the {max_bytes / 1e6:.0f} MB "
                    "limit for one document (raise it with --max-bytes)")))
                continue
            data = path.read_bytes()
        except OSError as exc:
            failures.append(Failed(task.file, f"{path}: {exc.strerror or exc}"))
            continue
        yield Task(task.path, task.file, task.sha256, task.group, data)


def run_dask(tasks: list[Task], settings: Settings, on_error: ErrorHandler | None, *,
             scheduler: str | None = None, workers: int | None = None,
             batch_size: int = BATCH_SIZE * 2) -> Iterator[Processed]:
    """On a Dask distributed cluster: the one at ``scheduler``, or a local one with
    ``workers`` worker processes (threads in this process when ``workers`` is 0)."""
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise KgError("--engine dask needs Dask distributed: pip install 'kg[dask]' "
                      "(or pip install 'dask[distributed]')") from None
    if not tasks:
        return
    cluster = None
    try:
        if scheduler:
            client = Client(scheduler, timeout=30)
        else:
            processes = bool(workers)
            cluster = LocalCluster(n_workers=workers or 1, threads_per_worker=1,
                                   processes=processes, dashboard_address=None,
                                   silence_logs=40)
            client = Client(cluster)
    except (OSError, TimeoutError) as exc:
        if cluster is not None:
            cluster.close()
        raise KgError(f"--engine dask: cannot reach the scheduler "
                      f"{scheduler or '(local cluster)'} ({exc})") from None
    try:
        threads = sum(client.nthreads().values()) or 1
        size = max(1, min(batch_size, -(-len(tasks) // threads)))
        failures: list[Failed] = []

        def submit(batch: list[Task]):
            return client.submit(process_batch, batch, settings, pure=False)

        def batches() -> Iterator[list[Task]]:
            for batch in _batches(_with_bytes(tasks, settings.max_bytes, failures), size):
                while failures:
                    _report(failures.pop(0), on_error)
                yield batch

        yield from _ordered(submit, batches(), 2 * threads, on_error)
        for failure in failures:
            _report(failure, on_error)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()

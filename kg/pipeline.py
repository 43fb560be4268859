"""The whole extraction path for many documents: ingest → nlp → extract → resolve.

Documents stream through ``nlp.pipe`` in batches; nothing holds the whole corpus in memory.
Bad files are reported through ``on_error`` and skipped, so one broken page does not stop a run.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache
from pathlib import Path

from .errors import InputError
from .extract import extract
from .ingest import MAX_BYTES, read_document
from .models import Extraction, Frame, SourceDocument
from .nlp.pipeline import get_nlp, without_spans
from .resolve import resolve

log = logging.getLogger(__name__)

ErrorHandler = Callable[[Path, InputError], None]


@lru_cache(maxsize=8)
def _resolved_folder(folder: str) -> Path:
    """The resolved working folder, once per folder (not once per input file)."""
    return Path(folder).resolve()


@lru_cache(maxsize=256)
def _resolved_parent(folder: str) -> Path:
    """A file's resolved folder, once per folder: resolving walks every component of the path
    (a system call each), the same for every file of a corpus folder."""
    return Path(folder).resolve()


def _resolved(path: Path) -> Path:
    """``path.resolve()``, with the folder's part cached (a symbolic link is resolved whole)."""
    if path.name in ("", ".", "..") or path.is_symlink():
        return path.resolve()
    folder = str(path.parent)
    if not path.is_absolute():
        folder = os.path.join(os.getcwd(), folder)  # the key must not depend on the cwd
    return _resolved_parent(folder) / path.name


def display_path(path: Path) -> str:
    """Paths relative to the working folder when inside it (stable across machines)."""
    try:
        return _resolved(path).relative_to(_resolved_folder(os.getcwd())).as_posix()
    except ValueError:
        return path.as_posix()


def _read_all(paths: Iterable[Path], on_error: ErrorHandler | None, max_bytes: int
              ) -> Iterator[tuple[SourceDocument, Frame]]:
    for path in paths:
        try:
            yield read_document(path, max_bytes=max_bytes, display_path=display_path(path))
        except InputError as exc:
            if on_error is None:
                raise
            on_error(path, exc)


def extract_documents(paths: Iterable[str | os.PathLike[str]], *,
                      on_error: ErrorHandler | None = None, batch_size: int = 32,
                      max_bytes: int = MAX_BYTES) -> Iterator[Extraction]:
    """Extract every document in ``paths`` (files, already expanded from folders)."""
    yield from extract_sources(_read_all((Path(p) for p in paths), on_error, max_bytes),
                               batch_size=batch_size)


def extract_sources(sources: Iterable[tuple[SourceDocument, Frame]], *, batch_size: int = 32
                    ) -> Iterator[Extraction]:
    """Run the pipeline over already-read documents (used by tests and the parallel engines)."""
    nlp = get_nlp()
    stream = ((source.extraction_text, (source, frame)) for source, frame in sources)
    # the extractors read span data, not Span objects: the components need not build them
    for doc, (source, frame) in nlp.pipe(stream, as_tuples=True, batch_size=batch_size,
                                         component_cfg=without_spans(nlp)):
        yield resolve(extract(doc, source, frame))


def extract_text(text: str, path: str = "<text>") -> Extraction:
    """Extract from one in-memory text (handy in notebooks and tests)."""
    from .ingest import document_from_bytes

    source, frame = document_from_bytes(text.encode("utf-8"), path)
    return next(extract_sources([(source, frame)]))

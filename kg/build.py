"""``kg build``: extraction into an output folder (the graph, store and views join as they land).

The output folder is checked for writability before any extraction starts; every file in it is
written atomically.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from .contract import to_json_line
from .errors import KgError
from .fileio import atomic_writer
from .ingest import MAX_BYTES
from .pipeline import ErrorHandler, extract_documents


def check_writable(out: Path) -> None:
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise KgError(f"{out}: cannot create output folder ({exc.strerror or exc})") from None
    if not os.access(out, os.W_OK | os.X_OK):
        raise KgError(f"{out}: output folder is not writable")


def build(paths: list[Path], out: Path, *, on_error: ErrorHandler | None = None,
          max_bytes: int = MAX_BYTES,
          progress: Callable[[Iterable, int | None, str], Iterable] | None = None
          ) -> dict[str, Any]:
    check_writable(out)
    records = extract_documents(paths, on_error=on_error, max_bytes=max_bytes)
    if progress is not None:
        records = progress(records, len(paths), "build")
    count = 0
    with atomic_writer(out / "extraction.jsonl") as handle:
        for extraction in records:
            handle.write(to_json_line(extraction) + "\n")
            count += 1
    if count == 0:
        raise KgError("no document could be read; nothing was built")
    return {"documents": count}

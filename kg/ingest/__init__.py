"""Ingest: files → :class:`~kg.models.SourceDocument` (decoded, chrome masked, frame parsed)."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from ..errors import InputError
from ..models import Frame, SourceDocument
from .chrome import chrome_ranges
from .decode import decode_bytes
from .frame import parse_frame
from .html import html_to_text

SUFFIXES = {".txt": "text", ".text": "text", ".html": "html", ".htm": "html", ".shtml": "html"}
MAX_BYTES = 20 * 1024 * 1024


def iter_input_paths(inputs: Iterable[str | os.PathLike[str]]) -> Iterator[Path]:
    """Files named, and documents found recursively in folders named, sorted for stable output.

    Raises :class:`InputError` for a path that does not exist or a folder with no documents.
    """
    for item in inputs:
        path = Path(item)
        if not path.exists():
            raise InputError(f"{path}: no such file or folder")
        if path.is_dir():
            found = sorted(p for p in path.rglob("*")
                           if p.is_file() and p.suffix.lower() in SUFFIXES)
            if not found:
                raise InputError(f"{path}: folder holds no .txt or .html documents")
            yield from found
        else:
            yield path


def read_document(path: str | os.PathLike[str], *, max_bytes: int = MAX_BYTES,
                  display_path: str | None = None) -> tuple[SourceDocument, Frame]:
    """Read one file into a SourceDocument and its raw frame (names as written)."""
    path = Path(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise InputError(f"{path}: {exc.strerror or exc}") from None
    if size > max_bytes:
        raise InputError(f"{path}: {size / 1e6:.1f} MB is larger than the {max_bytes / 1e6:.0f} MB "
                         "limit for one document (raise it with --max-bytes)")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: {exc.strerror or exc}") from None
    kind = SUFFIXES.get(path.suffix.lower(), "text")
    return document_from_bytes(data, display_path or str(path), kind=kind)


def document_from_bytes(data: bytes, path: str, *, kind: str = "text"
                        ) -> tuple[SourceDocument, Frame]:
    """Decode, extract (web pages), mask chrome and parse the frame of one document's bytes."""
    if kind == "text" and data.lstrip()[:15].lower().startswith((b"<!doctype html", b"<html")):
        kind = "html"
    try:
        text, encoding = decode_bytes(data, html=kind == "html")
    except InputError as exc:
        raise InputError(f"{path}: {exc}") from None
    meta: dict[str, str] = {}
    if kind == "html":
        try:
            text, meta = html_to_text(text)
        except InputError as exc:
            raise InputError(f"{path}: {exc}") from None
    if not text.strip():
        raise InputError(f"{path}: empty document")
    mask = chrome_ranges(text)
    result = parse_frame(text, mask, meta)
    mask = sorted(mask + result.stray_lines)
    sha = hashlib.sha256(data).hexdigest()
    doc = SourceDocument(path=path, sha256=sha, text=text, encoding=encoding, kind=kind,
                         mask=mask, meta=meta)
    return doc, result.frame

"""Atomic file writing: write beside the target, then rename, so readers never see half a file."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from .errors import KgError


def _readable(fd: int) -> None:
    """Give a file the permissions of a normally created one (mkstemp makes 0600)."""
    umask = os.umask(0)
    os.umask(umask)
    os.fchmod(fd, 0o666 & ~umask)


@contextmanager
def atomic_writer(path: str | os.PathLike[str], mode: str = "w") -> Iterator[IO]:
    """Open a temporary file next to ``path``; on success it replaces ``path``, else vanishes.

    The file gets the usual permissions (umask), not mkstemp's 0600. Raises :class:`KgError`
    if the file cannot be created or written (a full disk, a read-only folder).
    """
    target = Path(path)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError as exc:
        raise KgError(f"{target}: cannot write ({exc.strerror or exc})") from None
    encoding = None if "b" in mode else "utf-8"
    try:
        _readable(fd)
        with os.fdopen(fd, mode, encoding=encoding) as handle:
            yield handle
        os.replace(tmp, target)
    except BaseException as exc:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        if isinstance(exc, OSError) and not isinstance(exc, BrokenPipeError):
            raise KgError(f"{target}: cannot write ({exc.strerror or exc})") from None
        raise

"""Locate the project's resource files (ontology, concept scheme) wherever kg runs from.

In the repository (and an editable install) the ontology lives in ``ontology/`` beside the
``kg`` package; a built wheel may carry a copy in ``kg/ontology/``; ``KG_ONTOLOGY_DIR``
overrides both, so a user can point kg at an extended scheme without touching the install.
"""

from __future__ import annotations

import os
from pathlib import Path

import kg

_PACKAGE_DIR = Path(kg.__file__).resolve().parent


def ontology_dirs() -> list[Path]:
    """The folders searched for ontology files, first match wins."""
    dirs = []
    override = os.environ.get("KG_ONTOLOGY_DIR")
    if override:
        dirs.append(Path(override))
    dirs += [_PACKAGE_DIR.parent / "ontology", _PACKAGE_DIR / "ontology"]
    return dirs


def ontology_path(name: str) -> Path:
    """The path of ontology file ``name`` (e.g. ``measures.ttl``); the first folder's if absent."""
    dirs = ontology_dirs()
    for folder in dirs:
        candidate = folder / name
        if candidate.is_file():
            return candidate
    return dirs[0] / name


def data_path(name: str) -> Path:
    """The path of a data file shipped in ``kg/data``."""
    return _PACKAGE_DIR / "data" / name

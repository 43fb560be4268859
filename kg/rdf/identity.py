"""Which document a number or title names: the identity key behind document IRIs.

Same normalised number → same document; else same title and issuers → same document; the same
title from different issuers is not. :mod:`kg.resolve.documents` owns the rule
(``document_key``); until it exists a local rule with the same signature stands in.
"""

from __future__ import annotations

import re

_DOCNO = re.compile(r"^[^\s〔〕]*〔[0-9]{4}〕[^\s〔〕]*?[1-9][0-9]*号$")


def _fallback_document_key(number: str | None, title: str | None, issuers: list[str]) -> str:
    """Same number → same document; else same issuers and title → same document."""
    if number:
        return number
    title = (title or "").strip()
    if issuers:
        return "、".join(sorted(set(issuers))) + "|" + title
    return title


def document_key(number: str | None, title: str | None, issuers: list[str]) -> str:
    """The identity key of a document (kg.resolve.documents decides; a local rule until then)."""
    try:
        from ..resolve.documents import document_key as resolve_key
    except ImportError:
        return _fallback_document_key(number, title, issuers)
    return resolve_key(number, title, issuers)


def is_doc_number(text: str) -> bool:
    return bool(_DOCNO.match(text))

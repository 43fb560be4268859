"""Which document a number or title names: the identity key behind document IRIs.

Same normalised number → same document; else same title and issuers → same document; the same
title from different issuers is not. :func:`kg.resolve.documents.document_key` owns the rule;
it is re-exported here for the mapping.
"""

from __future__ import annotations

import re

from ..resolve.documents import document_key

__all__ = ["document_key", "is_doc_number"]

_DOCNO = re.compile(r"^[^\s〔〕]*〔[0-9]{4}〕[^\s〔〕]*?[1-9][0-9]*号$")


def is_doc_number(text: str) -> bool:
    """Whether ``text`` is a whole document number (``沈民〔2018〕65号``)."""
    return bool(_DOCNO.match(text))

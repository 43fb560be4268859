"""Document identity and back-references (该通知, 《意见》 after a full title)."""

from __future__ import annotations

from ..models import Extraction


def resolve_documents(extraction: Extraction) -> None:
    """First version: titles stay as found."""

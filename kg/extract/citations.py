"""Relations between documents (cites, forwards, implements, replaces, amends, answers)."""

from __future__ import annotations

from spacy.tokens import Doc

from ..models import Extraction, Frame, SourceDocument


def extract_citations(doc: Doc, source: SourceDocument, frame: Frame,
                      extraction: Extraction) -> None:
    """First version: no relations yet."""

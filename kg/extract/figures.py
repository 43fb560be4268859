"""Figure spans → :class:`Figure` records."""

from __future__ import annotations

from spacy.tokens import Doc

from ..models import Extraction, Frame, SourceDocument


def extract_figures(doc: Doc, source: SourceDocument, frame: Frame,
                    extraction: Extraction) -> None:
    """First version: no figure spans yet."""

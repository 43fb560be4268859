"""Measure spans → :class:`MeasureMention` records."""

from __future__ import annotations

from spacy.tokens import Doc

from ..models import Extraction, Frame, SourceDocument


def extract_measures(doc: Doc, source: SourceDocument, frame: Frame,
                     extraction: Extraction) -> None:
    """First version: no measure spans yet."""

"""Extract: spaCy span groups → typed records (:mod:`kg.models`). Nothing here knows RDF.

Each extractor is a function ``(doc, source, frame, extraction) -> None`` that fills its part
of the :class:`~kg.models.Extraction`; they run in order, so later ones (citations) can use the
records of earlier ones (numbers, titles, organisations).
"""

from __future__ import annotations

from collections.abc import Callable

from spacy.tokens import Doc

from ..models import Extraction, Frame, SourceDocument
from .documents import extract_doc_numbers, extract_titles

Extractor = Callable[[Doc, SourceDocument, Frame, Extraction], None]

EXTRACTORS: list[Extractor] = [extract_doc_numbers, extract_titles]


def extract(doc: Doc, source: SourceDocument, frame: Frame) -> Extraction:
    """All records for one processed document."""
    extraction = Extraction(source=source, frame=frame)
    for extractor in EXTRACTORS:
        extractor(doc, source, frame, extraction)
    return extraction

"""Extract: spaCy span groups → typed records (:mod:`kg.models`). Nothing here knows RDF.

Each extractor is a function ``(doc, source, frame, extraction) -> None`` that fills its part
of the :class:`~kg.models.Extraction`; they run in order, so later ones (citations) can use the
records of earlier ones (numbers, titles, organisations).
"""

from __future__ import annotations

from collections.abc import Callable

from spacy.tokens import Doc

from ..models import Extraction, Frame, SourceDocument
from .citations import extract_citations
from .documents import extract_doc_numbers, extract_titles
from .figures import extract_figures
from .measures import extract_measures
from .orgs import extract_orgs, extract_regions

Extractor = Callable[[Doc, SourceDocument, Frame, Extraction], None]

# Order matters: citations use numbers, titles and organisations found before them.
EXTRACTORS: list[Extractor] = [extract_doc_numbers, extract_titles, extract_orgs,
                               extract_regions, extract_figures, extract_measures,
                               extract_citations]


def extract(doc: Doc, source: SourceDocument, frame: Frame) -> Extraction:
    """All records for one processed document."""
    extraction = Extraction(source=source, frame=frame)
    for extractor in EXTRACTORS:
        extractor(doc, source, frame, extraction)
    return extraction

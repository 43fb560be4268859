"""Organisation and region spans → :class:`OrgMention` and :class:`RegionMention` records."""

from __future__ import annotations

from spacy.tokens import Doc

from ..models import Extraction, Frame, SourceDocument


def extract_orgs(doc: Doc, source: SourceDocument, frame: Frame, extraction: Extraction) -> None:
    """First version: no organisation spans yet."""


def extract_regions(doc: Doc, source: SourceDocument, frame: Frame,
                    extraction: Extraction) -> None:
    """First version: no region spans yet."""

"""Adoptions get the document's region once the frame is resolved (市民政局 → 辽宁省沈阳市)."""

from __future__ import annotations

from ..models import Extraction


def resolve_adoptions(extraction: Extraction) -> None:
    """Set each adoption's region code from the resolved frame (extraction runs before it)."""
    region = extraction.frame.region
    code = region.code if region else None
    for adoption in extraction.adoptions:
        adoption.region_code = code

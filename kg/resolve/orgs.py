"""Organisation resolution: 市民政局 in a Shenyang reply → 沈阳市民政局."""

from __future__ import annotations

from ..models import Extraction


def resolve_orgs(extraction: Extraction) -> None:
    """First version: names stay as written."""

"""Pages of a canned query's rows: ``limit`` rows after ``offset``.

Answers that grow with the corpus (every issuer, the whole region × measure matrix) take long
to list in full, and nobody reads 10,000 rows at once. A query whose header says
``# page: rank`` reads records the build ranked in the query's own order (``kgo:rank``, see
:mod:`kg.summary`; ``# page: rank unless org``: only while ``org`` is not given): its page
binds ``?rank`` to the page's positions, so the store looks up
those records only and the time does not grow with the corpus. Any other canned query gets
``LIMIT``/``OFFSET`` after its ``ORDER BY``: the same rows, at the cost of the whole answer.
"""

from __future__ import annotations

import re

from pyoxigraph import Literal, NamedNode

from ..errors import KgError
from ..rdf.namespaces import XSD
from .canned import CannedQuery
from .params import Term

MAX_RANKED_PAGE = 10_000  # positions bound at once; a longer page uses LIMIT/OFFSET
_INTEGER = NamedNode(XSD + "integer")
_TAIL_MODIFIER = re.compile(r"\b(LIMIT|OFFSET)\s+\d+\s*$", re.IGNORECASE)


def _check_page(limit: int | None, offset: int) -> None:
    if limit is not None and limit < 0:
        raise KgError(f"limit {limit}: expected 0 (every row) or more")
    if offset < 0:
        raise KgError(f"offset {offset}: expected 0 or more")


def ranked(query: CannedQuery, bindings: dict[str, list[Term | None]] | None = None) -> bool:
    """Whether the query pages by the build's ranks: its header says ``# page: rank``, or
    ``# page: rank unless NAME …`` and none of those parameters is given (the ranks are
    positions in the listing without them)."""
    words = query.fields.get("page", "").split()
    if not words or words[0] != "rank":
        return False
    if len(words) == 1:
        return True
    unless = {name.strip(",") for name in words[2:]} if words[1] == "unless" else set()
    return not any(term is not None for name in unless
                   for term in (bindings or {}).get(name, [None]))


def page(query: CannedQuery, text: str, bindings: dict[str, list[Term | None]],
         limit: int | None, offset: int = 0) -> str:
    """The query text for rows ``offset + 1 … offset + limit`` (``limit`` None or 0: all of
    them after ``offset``); ``bindings`` gets ``?rank`` for a ranked query."""
    _check_page(limit, offset)
    limit = limit or None
    if limit is None and not offset:
        return text
    if ranked(query, bindings) and limit is not None and limit <= MAX_RANKED_PAGE:
        bindings["rank"] = [Literal(str(position), datatype=_INTEGER)
                            for position in range(offset + 1, offset + limit + 1)]
        return text
    body = text.rstrip()
    if _TAIL_MODIFIER.search(body):
        raise KgError(f"query {query.name} has its own LIMIT or OFFSET; it cannot be paged")
    if limit is not None:
        body += f"\nLIMIT {limit}"
    if offset:
        body += f"\nOFFSET {offset}"
    return body + "\n"

"""Just enough SPARQL lexing to find a query's form and the brace that opens its WHERE clause.

Comments, strings and IRIs are skipped as the grammar defines them, so a ``#`` inside an IRI,
a brace inside a string or the word ``INSERT`` after a comment line is never mistaken for
structure. Parameters are bound by inserting ``VALUES`` blocks at that brace (see
``kg.query.params``), never by pasting text into the query body.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

_IRIREF = re.compile(r'<[^<>"{}|^`\\\x00-\x20]*>')
_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_\-.]*(?::[^\s{}()<>,;\"']*)?|:[^\s{}()<>,;\"']*")
_LIMIT = re.compile(r"LIMIT\s+[0-9]+", re.I)
_VARIABLE = re.compile(r"[?$][A-Za-z0-9_\u00b7\u00c0-\uffff]+")

QUERY_FORMS = ("SELECT", "CONSTRUCT", "ASK", "DESCRIBE")
UPDATE_FORMS = ("INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD",
                "WITH")


def _skip_string(text: str, i: int) -> int:
    """Index just past the string literal that starts at ``i`` (or the end of the text)."""
    quote = text[i]
    if text.startswith(quote * 3, i):
        end = i + 3
        while end < len(text):
            if text[end] == "\\":
                end += 2
                continue
            if text.startswith(quote * 3, end):
                return end + 3
            end += 1
        return len(text)
    end = i + 1
    while end < len(text) and text[end] not in (quote, "\n"):
        end += 2 if text[end] == "\\" else 1
    return end + 1


def tokens(text: str) -> Iterator[tuple[int, str, int]]:
    """``(position, token, depth)`` for keywords, prefixed names, variables, braces and
    punctuation, outside comments, strings and IRIs; ``depth`` is the brace depth before the
    token."""
    i, depth, n = 0, 0, len(text)
    while i < n:
        char = text[i]
        if char.isspace():
            i += 1
        elif char == "#":
            newline = text.find("\n", i)
            i = n if newline < 0 else newline + 1
        elif char in "\"'":
            i = _skip_string(text, i)
        elif char == "<" and (match := _IRIREF.match(text, i)):
            i = match.end()
        elif char in "?$" and (match := _VARIABLE.match(text, i)):
            yield i, match.group(), depth
            i = match.end()
        elif char == "{":
            yield i, char, depth
            depth += 1
            i += 1
        elif char == "}":
            depth -= 1
            yield i, char, depth
            i += 1
        elif match := _WORD.match(text, i):
            yield i, match.group(), depth
            i = match.end()
        else:
            yield i, char, depth
            i += 1


def query_form(text: str) -> str | None:
    """The first keyword after the prologue (``SELECT``, ``ASK``, ``INSERT`` …), upper-cased;
    None when there is none."""
    expect_prologue_value = 0
    for _, token, _ in tokens(text):
        upper = token.upper()
        if expect_prologue_value:
            expect_prologue_value -= 1
            continue
        if upper == "PREFIX":
            expect_prologue_value = 1  # the prefix name (the IRI is skipped by the lexer)
            continue
        if upper == "BASE":
            continue
        return upper if token[0].isalpha() else None
    return None


def where_groups(text: str) -> list[tuple[int, int, set[str], bool]]:
    """Every WHERE group — the query's and each sub-SELECT's — as ``(open brace, close
    brace, names of the variables used inside, whether it lies inside a LATERAL block)``,
    outermost first."""
    groups: list[tuple[int, int, set[str], bool]] = []
    open_groups: list[tuple[int, int, set[str], bool]] = []  # (brace, depth, variables, lateral)
    lateral_depths: list[int] = []  # depths of the open LATERAL blocks' braces
    after_where = after_lateral = False
    for position, token, depth in tokens(text):
        upper = token.upper()
        if upper == "WHERE":
            after_where = True
            continue
        if upper == "LATERAL":
            after_lateral = True
            continue
        if token == "{":
            if after_where:
                open_groups.append((position, depth, set(), bool(lateral_depths)))
            if after_lateral:
                lateral_depths.append(depth)
            after_where = after_lateral = False
            continue
        after_where = after_lateral = False
        if token[0] in "?$":
            for _, _, names, _ in open_groups:
                names.add(token[1:])
        elif token == "}":
            if open_groups and open_groups[-1][1] == depth:
                start, _, names, lateral = open_groups.pop()
                groups.append((start, position, names, lateral))
            if lateral_depths and lateral_depths[-1] == depth:
                lateral_depths.pop()
    return sorted(groups)


def is_update(text: str) -> bool:
    """Whether the request is a SPARQL Update (which kg never runs)."""
    return query_form(text) in UPDATE_FORMS


def uses_service(text: str) -> bool:
    """Whether the query has a ``SERVICE`` clause (a federated call to another endpoint).

    Oxigraph makes those HTTP requests itself, so a query from outside could have kg fetch any
    URL. The keyword is also found where the lexer reads it as part of a longer word but
    Oxigraph does not: ``SERVICE:`` (the keyword and the empty prefix) and ``true.SERVICE``.
    """
    for _, token, _ in tokens(text):
        if token[0] in "?$":
            continue
        if "SERVICE" in token.upper().split(":", 1)[0].split("."):
            return True
    return False


def where_brace(text: str) -> int:
    """The offset of the ``{`` that opens the outermost WHERE group.

    With an explicit ``WHERE`` keyword, the first brace after it at depth 0; otherwise (``ASK
    {…}``, ``SELECT * {…}``) the first brace at depth 0. Raises ValueError when there is none.
    """
    seen_where = False
    first_brace = None
    form = None
    for position, token, depth in tokens(text):
        if depth != 0:
            continue
        upper = token.upper()
        if form is None and upper in QUERY_FORMS:
            form = upper
        if upper == "WHERE":
            seen_where = True
        elif token == "{":
            if seen_where:
                return position
            if first_brace is None and form not in ("CONSTRUCT", None):
                first_brace = position
    if first_brace is not None and form != "CONSTRUCT":
        return first_brace
    raise ValueError("the query has no WHERE group to bind parameters in")


def without_lateral(text: str) -> str:
    """The query with every ``LATERAL { … }`` wrapper — and the ``LIMIT`` of sub-SELECTs inside
    one — removed, for endpoints without SEP-0006.

    kg's canned queries use LATERAL only where dropping it keeps the answer: ``LATERAL {
    OPTIONAL { … } }`` with the shared variables bound on the left means the same as a plain
    ``OPTIONAL``, and ``LATERAL { OPTIONAL { SELECT ?x ?label WHERE { … } LIMIT 1 } }`` (one
    label per row) becomes a join with all labels that the query's own GROUP BY … SAMPLE folds
    back into one. LATERAL only tells Oxigraph to evaluate the part once per row instead of
    once for the whole graph.
    """
    removals: list[tuple[int, int]] = []
    pending: list[int] = []  # depths of the open LATERAL blocks' braces
    lateral_at: int | None = None
    for position, token, depth in tokens(text):
        upper = token.upper()
        if upper == "LATERAL":
            lateral_at = position
            continue
        if token == "{" and lateral_at is not None:
            removals.append((lateral_at, position + 1))
            pending.append(depth)
        elif token == "}" and pending and pending[-1] == depth:
            pending.pop()
            removals.append((position, position + 1))
        elif upper == "LIMIT" and pending:
            limit = _LIMIT.match(text, position)
            if limit:
                removals.append((position, limit.end()))
        lateral_at = None
    for start, end in sorted(removals, reverse=True):
        text = text[:start] + text[end:]
    return text

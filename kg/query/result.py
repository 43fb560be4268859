"""What a query gives back: rows of plain values, a boolean, or triples — one type for all."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from ..errors import KgError
from .values import display

SELECT, ASK, GRAPH = "select", "ask", "graph"
GRAPH_COLUMNS = ["subject", "predicate", "object"]


@dataclass
class Result:
    """A query result.

    ``kind`` is ``select`` (``columns`` and ``rows``), ``ask`` (``boolean``) or ``graph``
    (CONSTRUCT/DESCRIBE: ``triples`` as pyoxigraph terms, and the same as rows of
    subject/predicate/object).
    """

    kind: str
    columns: list[str] = field(default_factory=list)
    rows: list[dict[str, Any]] = field(default_factory=list)
    boolean: bool | None = None
    triples: list[Any] = field(default_factory=list)
    query: str = ""
    pivot: tuple[str, str, str] | None = None

    def __iter__(self) -> Iterator[dict[str, Any]]:
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)

    def __bool__(self) -> bool:
        return bool(self.boolean) if self.kind == ASK else bool(self.rows)

    def column(self, name: str) -> list[Any]:
        """The values of one column, in row order."""
        if name not in self.columns:
            raise KgError(f"no column {name!r} (columns: {', '.join(self.columns)})")
        return [row.get(name) for row in self.rows]

    def to_dataframe(self) -> Any:
        """The rows as a pandas DataFrame (pandas is optional: KgError if it is missing)."""
        try:
            import pandas as pd
        except ImportError:
            raise KgError("pandas is not installed (pip install pandas); use .rows instead"
                          ) from None
        if self.kind == ASK:
            return pd.DataFrame([{"boolean": self.boolean}])
        return pd.DataFrame(self.rows, columns=self.columns)

    def pivoted(self, row: str | None = None, column: str | None = None,
                value: str | None = None) -> Result:
        """The long rows as a matrix: one row per ``row`` value, one column per ``column``
        value, cells from ``value`` (empty where there is no row; several values joined with
        "; "). Defaults to the query's ``pivot`` header."""
        if row is None or column is None or value is None:
            if self.pivot is None:
                raise KgError("this query declares no pivot; name the row, column and value")
            row, column, value = self.pivot
        for name in (row, column, value):
            if name not in self.columns:
                raise KgError(f"no column {name!r} to pivot on")
        cells: dict[str, dict[str, list[Any]]] = {}
        firsts: dict[str, Any] = {}
        headings: set[str] = set()
        for item in self.rows:
            key = display(item.get(row))
            heading = display(item.get(column))
            headings.add(heading)
            firsts.setdefault(key, item.get(row))
            found = cells.setdefault(key, {}).setdefault(heading, [])
            if item.get(value) is not None and item.get(value) not in found:
                found.append(item.get(value))
        columns = [row] + sorted(headings)
        rows = []
        for key, by_heading in cells.items():
            line: dict[str, Any] = {row: firsts[key]}
            for heading in columns[1:]:
                found = by_heading.get(heading, [])
                line[heading] = (found[0] if len(found) == 1 else
                                 "; ".join(display(v) for v in found) if found else None)
            rows.append(line)
        return Result(SELECT, columns, rows, query=self.query)

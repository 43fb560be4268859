"""Results as text: an aligned table for a terminal, CSV, TSV, JSON, or Turtle for graphs.

The table measures Chinese characters as two columns wide (East Asian Wide/Fullwidth), so the
columns line up on a terminal, and shortens long cells with "…"; CSV, TSV and JSON always
carry the full values.
"""

from __future__ import annotations

import csv
import io
import json
import unicodedata
from typing import Any

from ..errors import KgError
from .result import ASK, GRAPH, Result
from .values import display, json_ready

FORMATS = ("table", "csv", "tsv", "json", "turtle")
MAX_CELL_WIDTH = 48


def char_width(char: str) -> int:
    if unicodedata.combining(char):
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def text_width(text: str) -> int:
    return sum(char_width(char) for char in text)


def shorten(text: str, width: int) -> str:
    """``text`` cut to ``width`` display columns, ending in "…" when cut."""
    text = " ".join(text.split())
    if text_width(text) <= width:
        return text
    out, used = [], 0
    for char in text:
        w = char_width(char)
        if used + w > width - 1:
            break
        out.append(char)
        used += w
    return "".join(out) + "…"


def _pad(text: str, width: int, right: bool) -> str:
    gap = " " * (width - text_width(text))
    return gap + text if right else text + gap


def format_table(result: Result, max_width: int = MAX_CELL_WIDTH) -> str:
    """An aligned text table with a header rule and a row count."""
    if result.kind == ASK:
        return "true" if result.boolean else "false"
    columns = result.columns
    cells = [[shorten(display(row.get(c)), max_width) for c in columns] for row in result.rows]
    numeric = [all(isinstance(row.get(c), (int, float)) and not isinstance(row.get(c), bool)
                   for row in result.rows if row.get(c) is not None) for c in columns]
    widths = [max([text_width(c)] + [text_width(line[i]) for line in cells])
              for i, c in enumerate(columns)]
    lines = ["  ".join(_pad(c, widths[i], False) for i, c in enumerate(columns)).rstrip(),
             "  ".join("─" * w for w in widths)]
    for line in cells:
        lines.append("  ".join(_pad(value, widths[i], numeric[i])
                               for i, value in enumerate(line)).rstrip())
    count = len(result.rows)
    lines.append(f"({count} row{'s' if count != 1 else ''})")
    return "\n".join(lines)


def format_csv(result: Result, delimiter: str = ",") -> str:
    buffer = io.StringIO()
    if result.kind == ASK:
        writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\n")
        writer.writerows([["boolean"], [display(result.boolean)]])
        return buffer.getvalue()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\n")
    writer.writerow(result.columns)
    for row in result.rows:
        writer.writerow([display(row.get(c)) for c in result.columns])
    return buffer.getvalue()


def _tsv_cell(value: Any) -> str:
    text = display(value)
    return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n") \
        .replace("\r", "\\r")


def format_tsv(result: Result) -> str:
    """Tab-separated, one line per row; tabs, newlines and backslashes escaped as \\t \\n \\\\."""
    if result.kind == ASK:
        return f"boolean\n{display(result.boolean)}\n"
    lines = ["\t".join(result.columns)]
    lines += ["\t".join(_tsv_cell(row.get(c)) for c in result.columns) for row in result.rows]
    return "\n".join(lines) + "\n"


def format_json(result: Result) -> str:
    """A JSON array of row objects (``{"boolean": …}`` for ASK)."""
    if result.kind == ASK:
        return json.dumps({"boolean": result.boolean})
    rows = [{c: json_ready(row.get(c)) for c in result.columns} for row in result.rows]
    return json.dumps(rows, ensure_ascii=False, indent=1)


def format_turtle(result: Result) -> str:
    """CONSTRUCT/DESCRIBE results as Turtle."""
    if result.kind != GRAPH:
        raise KgError("--format turtle is for CONSTRUCT and DESCRIBE queries")
    from pyoxigraph import RdfFormat, serialize

    from ..rdf.namespaces import PREFIXES

    data = serialize(result.triples, format=RdfFormat.TURTLE, prefixes=PREFIXES)
    return data.decode("utf-8") if isinstance(data, bytes) else str(data)


def format_result(result: Result, fmt: str) -> str:
    if fmt == "table":
        return format_table(result)
    if fmt == "csv":
        return format_csv(result)
    if fmt == "tsv":
        return format_tsv(result)
    if fmt == "json":
        return format_json(result)
    if fmt == "turtle":
        return format_turtle(result)
    raise KgError(f"unknown format {fmt!r} (one of {', '.join(FORMATS)})")

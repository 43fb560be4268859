"""Literals in the canonical forms Oxigraph keeps, so every store writes the same bytes."""

from __future__ import annotations

from decimal import Decimal

from pyoxigraph import Literal

from .namespaces import XSD_


def zh(text: str) -> Literal:
    return Literal(text, language="zh")


def string(text: str) -> Literal:
    return Literal(text)


def decimal(value: float | int) -> Literal:
    """xsd:decimal in plain notation (8.6亿 → 860000000, never 8.6E+8)."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    number = Decimal(value) if isinstance(value, int) else Decimal(repr(value))
    text = format(number, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return Literal(text or "0", datatype=XSD_.decimal)


def gyear(year: int) -> Literal:
    return Literal(f"{year:04d}", datatype=XSD_.gYear)


def integer(value: int) -> Literal:
    """xsd:integer (Oxigraph stores derived types such as nonNegativeInteger as integer)."""
    return Literal(str(int(value)), datatype=XSD_.integer)

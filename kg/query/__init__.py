"""Questions to a built graph: canned ``.rq`` queries, ad-hoc SPARQL, rows or DataFrames.

>>> from kg.query import open_graph
>>> with open_graph("outputs") as graph:                                  # doctest: +SKIP
...     rows = graph.run("cited-by", doc="沈民〔2018〕65号").rows
"""

from .canned import CannedQuery, Param, canned_queries, get_query
from .graph import KnowledgeGraph, open_graph
from .result import Result

__all__ = ["CannedQuery", "KnowledgeGraph", "Param", "Result", "canned_queries", "get_query",
           "open_graph"]

"""Whole-graph summaries, written into their own named graph at the end of every build.

Rankings over every document — who adopted a measure first, which regions share measures, the
region × measure matrix — join the measure, region and date of every document. At 10,000
documents that took seconds per query, and the cost grows with the corpus. The build already
pays for the whole graph once, so it computes these joins once (``kg/data/summaries/*.rq``) and
stores the result as ``kgo:RegionMeasure`` records in the graph ``…/graph/summary``; the
canned queries read a few thousand records instead. The summary is derived data: it is
recomputed whenever a source is added, changed or removed, and it is in ``graph.ttl`` and in the
store like every other graph, so a copy of the graph answers the same queries.
"""

from __future__ import annotations

from pyoxigraph import NamedNode, Quad

from .rdf.iris import Iris, escape_segment
from .rdf.literals import integer
from .rdf.namespaces import KG, RDF_TYPE
from .resources import data_path
from .store.base import GraphStore

REGION_MEASURES = "summaries/region-measures.rq"


def _last_segment(node: NamedNode) -> str:
    return node.value.rstrip("/").rsplit("/", 1)[-1]


def region_measure_quads(store: GraphStore, iris: Iris) -> list[Quad]:
    """One ``kgo:RegionMeasure`` record per region and measure on record in ``store``: the
    first year and the number of documents."""
    query = data_path(REGION_MEASURES).read_text("utf-8")
    names, rows = store.select(query)
    column = {name: index for index, name in enumerate(names)}
    graph = iris.summary_graph
    quads: list[Quad] = []
    for row in rows:
        place, concept = row[column["place"]], row[column["concept"]]
        if not isinstance(place, NamedNode) or not isinstance(concept, NamedNode):
            continue
        record = NamedNode(f"{iris.base}summary/region-measure/"
                           f"{escape_segment(_last_segment(place))}/"
                           f"{escape_segment(_last_segment(concept))}")
        quads += [Quad(record, RDF_TYPE, KG.RegionMeasure, graph),
                  Quad(record, KG.recordRegion, place, graph),
                  Quad(record, KG.recordMeasure, concept, graph),
                  Quad(record, KG.documentCount,
                       integer(int(row[column["documents"]].value)), graph)]
        since = row[column["since"]]
        if since is not None:
            quads.append(Quad(record, KG.firstYear, integer(int(since.value)), graph))
    return quads


def summary_quads(store: GraphStore, iris: Iris) -> list[Quad]:
    """Every summary record of the graph in ``store`` (all in ``iris.summary_graph``)."""
    return region_measure_quads(store, iris)

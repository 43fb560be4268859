"""Whole-graph summaries, written into their own named graph at the end of every build.

Rankings over every document — who adopted a measure first, which regions share measures, the
region × measure matrix — join the measure, region and date of every document. At 10,000
documents that took seconds per query, and the cost grows with the corpus. The build already
pays for the whole graph once, so it computes these joins once (``kg/data/summaries/*.rq``) and
stores the result as ``kgo:RegionMeasure`` records (and ``kgo:RegionPair`` records for the
region pairs that share the most measures) in the graph ``…/graph/summary``, with the
regions they name described from the gazetteer, so the canned queries read a few thousand
records in one graph instead (a region described in thousands of source graphs is slow to look
up through the union). The summary is derived data: it is
recomputed whenever a source is added, changed or removed, and it is in ``graph.ttl`` and in the
store like every other graph, so a copy of the graph answers the same queries.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from pyoxigraph import NamedNode, Quad

from .rdf.iris import Iris, escape_segment
from .rdf.literals import decimal, integer, string
from .rdf.namespaces import KG, RDF_TYPE
from .rdf.regions import region_chain
from .resources import data_path
from .store.base import GraphStore

TOP_PAIRS = 100  # region pairs kept, by the number of measures they share
REGION_MEASURES = "summaries/region-measures.rq"
EXAMPLES = "summaries/region-measure-examples.rq"


def _last_segment(node: NamedNode) -> str:
    return node.value.rstrip("/").rsplit("/", 1)[-1]


def region_measure_quads(store: GraphStore, iris: Iris) -> list[Quad]:
    """One ``kgo:RegionMeasure`` record per region and measure on record in ``store``: the
    first year, the number of documents and an example sentence; and the regions' names,
    codes and parents."""
    names, rows = store.select(data_path(REGION_MEASURES).read_text("utf-8"))
    column = {name: index for index, name in enumerate(names)}
    example_names, example_rows = store.select(data_path(EXAMPLES).read_text("utf-8"))
    examples = {(row[0].value, row[1].value): row[2] for row in example_rows
                if row[2] is not None and example_names == ["place", "concept", "example"]}
    graph = iris.summary_graph
    quads: list[Quad] = []
    regions: set[str] = set()
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
        example = examples.get((place.value, concept.value))
        if example is not None:
            quads.append(Quad(record, KG.exampleSentence, string(example.value), graph))
        code = _last_segment(place)
        if place.value == iris.region(code).value and code not in regions:
            regions.add(code)
            quads += [Quad(s, p, o, graph) for s, p, o in region_chain(iris.base, code)]
    return quads


def region_pair_quads(records: list[Quad], iris: Iris, top: int = TOP_PAIRS) -> list[Quad]:
    """``kgo:RegionPair`` records for the ``top`` pairs of regions that share the most measures
    (ties broken by the regions' IRIs), with the Jaccard similarity of their measure sets.

    Counting shared measures over every pair is quadratic in regions; in SPARQL over 10,000
    documents (320 regions, 13,767 records) it took 40 s, as set intersections here it takes
    milliseconds.
    """
    measures: dict[str, set[str]] = {}
    by_record: dict[NamedNode, dict[str, str]] = {}
    for quad in records:
        if quad.predicate in (KG.recordRegion, KG.recordMeasure):
            by_record.setdefault(quad.subject, {})[quad.predicate.value] = quad.object.value
    for fields in by_record.values():
        measures.setdefault(fields[KG.recordRegion.value], set()).add(
            fields[KG.recordMeasure.value])
    places = sorted(measures)
    pairs = []
    for i, a in enumerate(places):
        for b in places[i + 1:]:
            shared = len(measures[a] & measures[b])
            if shared:
                pairs.append((-shared, a, b))
    pairs.sort()
    graph = iris.summary_graph
    quads: list[Quad] = []
    for negative, a, b in pairs[:top]:
        shared = -negative
        jaccard = (Decimal(shared) / Decimal(len(measures[a] | measures[b]))).quantize(
            Decimal("0.001"), rounding=ROUND_HALF_UP)  # as SPARQL's ROUND would
        record = NamedNode(f"{iris.base}summary/region-pair/"
                           f"{escape_segment(a.rsplit('/', 1)[-1])}/"
                           f"{escape_segment(b.rsplit('/', 1)[-1])}")
        quads += [Quad(record, RDF_TYPE, KG.RegionPair, graph),
                  Quad(record, KG.firstRegion, NamedNode(a), graph),
                  Quad(record, KG.secondRegion, NamedNode(b), graph),
                  Quad(record, KG.sharedMeasureCount, integer(shared), graph),
                  Quad(record, KG.jaccard, decimal(float(jaccard)), graph)]
        quads += [Quad(record, KG.sharedMeasure, NamedNode(m), graph)
                  for m in sorted(measures[a] & measures[b])]
    return quads


def summary_quads(store: GraphStore, iris: Iris) -> list[Quad]:
    """Every summary record of the graph in ``store`` (all in ``iris.summary_graph``)."""
    records = region_measure_quads(store, iris)
    return records + region_pair_quads(records, iris)

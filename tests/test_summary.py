"""The summary graph: region × measure records computed at the end of every build."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pytest
from graph_support import SEEDS, write_tiny_corpus

from kg.build import build
from kg.ingest import iter_input_paths
from kg.store import open_output_store

ID = "https://w3id.org/kgpolicy/id/"
KGO = "https://w3id.org/kgpolicy/ont#"
ISSUED = "http://purl.org/dc/terms/issued"


def run_build(inputs, out: Path) -> dict:
    return build(list(iter_input_paths([str(p) for p in inputs])), out)


def expected_records(quads) -> dict[tuple[str, str], tuple[int | None, int]]:
    """(region, measure) → (first year, documents), computed from the source graphs in Python."""
    by_graph = defaultdict(lambda: defaultdict(lambda: defaultdict(set)))
    for quad in quads:
        name = quad.graph_name.value
        if name.endswith(("/graph/ontology", "/graph/summary")):
            continue
        by_graph[name][quad.subject.value][quad.predicate.value].add(quad.object.value)
    years: dict[tuple[str, str], list[int]] = defaultdict(list)
    docs: dict[tuple[str, str], set[str]] = defaultdict(set)
    for nodes in by_graph.values():
        for doc, props in nodes.items():
            doc_years = [int(d[:4]) for d in props.get(ISSUED, ())]
            for measure in props.get(KGO + "mentionsMeasure", ()):
                for place in props.get(KGO + "region", ()):
                    docs[place, measure].add(doc)
                    years[place, measure] += doc_years
            for adoption in props.get(KGO + "reportsAdoption", ()):
                facts = nodes[adoption]
                for measure in facts.get(KGO + "adoptedMeasure", ()):
                    for place in facts.get(KGO + "region", ()):
                        docs[place, measure].add(doc)
                        stated = [int(y[:4]) for y in facts.get(KGO + "year", ())]
                        years[place, measure] += stated or doc_years
    return {key: (min(years[key]) if years[key] else None, len(docs[key])) for key in docs}


def summary_records(quads) -> dict[tuple[str, str], tuple[int | None, int]]:
    rows = defaultdict(dict)
    for quad in quads:
        if quad.graph_name.value == ID + "graph/summary":
            rows[quad.subject.value][quad.predicate.value.removeprefix(KGO)] = quad.object.value
    return {(row["recordRegion"], row["recordMeasure"]):
            (int(row["firstYear"]) if "firstYear" in row else None, int(row["documentCount"]))
            for row in rows.values() if "recordRegion" in row}


def store_quads(out: Path) -> list:
    with open_output_store(out) as store:
        return list(store.quads())


def test_seed_summary_matches_the_source_graphs(tmp_path):
    out = tmp_path / "out"
    run_build([SEEDS], out)
    quads = store_quads(out)
    records = summary_records(quads)
    assert len(records) > 50
    assert records == expected_records(quads)
    assert (out / "graph.ttl").read_text("utf-8").count("a kgo:RegionMeasure") == len(records)
    # each record of a measure named in the text has a sentence of the region that names it
    examples = {q.subject.value: q.object.value for q in quads
                if q.predicate.value == KGO + "exampleSentence"}
    assert len(examples) > 30
    shenyang_access = ID + "summary/region-measure/210100/access-list"
    assert "准入" in examples[shenyang_access]
    # the summary describes the regions it names, so queries need not look through the union
    labels = {q.subject.value for q in quads if q.graph_name.value == ID + "graph/summary"
              and q.predicate.value.endswith("#label")}
    assert {place for place, _ in records} <= labels


def test_summary_follows_added_and_removed_sources(tmp_path):
    folder = tmp_path / "docs"
    a, b, c = write_tiny_corpus(folder)
    out = tmp_path / "out"
    run_build([folder], out)
    quads = store_quads(out)
    before = summary_records(quads)
    assert before == expected_records(quads)
    shenyang_access = (ID + "region/210100", "https://w3id.org/kgpolicy/measure/access-list")
    assert shenyang_access in before
    b.unlink()
    run_build([folder], out)
    quads = store_quads(out)
    after = summary_records(quads)
    assert after == expected_records(quads)
    assert shenyang_access not in after


def test_an_unchanged_build_keeps_its_summary(tmp_path, monkeypatch):
    folder = tmp_path / "docs"
    write_tiny_corpus(folder)
    out = tmp_path / "out"
    run_build([folder], out)
    first = (out / "graph.ttl").read_bytes()

    def no_summary(*_):
        raise AssertionError("the summary was computed again for the same sources")

    monkeypatch.setattr("kg.summary.Summary.lines", no_summary)
    run_build([folder], out)
    assert (out / "graph.ttl").read_bytes() == first
    with pytest.raises(AssertionError):
        run_build([folder, SEEDS], out)


def test_region_pairs_are_the_pairs_sharing_most_measures(tmp_path):
    out = tmp_path / "out"
    run_build([SEEDS], out)
    quads = store_quads(out)
    measures = defaultdict(set)
    for place, measure in expected_records(quads):
        measures[place].add(measure)
    pairs = defaultdict(lambda: defaultdict(set))
    for quad in quads:
        if quad.graph_name.value == ID + "graph/summary" and "/region-pair/" in quad.subject.value:
            pairs[quad.subject.value][quad.predicate.value.removeprefix(KGO)].add(
                quad.object.value)
    assert 0 < len(pairs) <= 100
    listed = set()
    for fields in pairs.values():
        (a,), (b,) = fields["firstRegion"], fields["secondRegion"]
        shared = measures[a] & measures[b]
        assert a < b and fields["sharedMeasure"] == shared
        assert fields["sharedMeasureCount"] == {str(len(shared))}
        jaccard = float(next(iter(fields["jaccard"])))
        assert abs(jaccard - len(shared) / len(measures[a] | measures[b])) < 0.0006
        listed.add((a, b))
    least = min(len(measures[a] & measures[b]) for a, b in listed)
    places = sorted(measures)
    for i, a in enumerate(places):
        for b in places[i + 1:]:
            if (a, b) not in listed:
                assert len(measures[a] & measures[b]) <= least


def test_issuer_records_count_the_documents_each_body_issued(tmp_path):
    out = tmp_path / "out"
    run_build([SEEDS], out)
    quads = store_quads(out)
    creator, co_issuer = "http://purl.org/dc/terms/creator", KGO + "coIssuedBy"
    led, joint = defaultdict(set), defaultdict(set)
    for quad in quads:
        if quad.predicate.value == creator:
            led[quad.object.value].add(quad.subject.value)
        elif quad.predicate.value == co_issuer:
            joint[quad.object.value].add(quad.subject.value)
    expected = {org: (len(led[org] | joint[org]), len(led[org]), len(joint[org]))
                for org in set(led) | set(joint)}
    rows = defaultdict(dict)
    for quad in quads:
        if quad.graph_name.value == ID + "graph/summary" and "/summary/issuer/" in quad.subject.value:
            rows[quad.subject.value][quad.predicate.value.removeprefix(KGO)] = quad.object.value
    found = {row["recordIssuer"]: (int(row["documentCount"]), int(row["leadCount"]),
                                   int(row["coIssuerCount"])) for row in rows.values()}
    assert len(found) > 5 and found == expected


def test_the_summary_is_rebuilt_from_fragments_when_their_shares_are_gone(tmp_path):
    folder = tmp_path / "docs"
    a, b, c = write_tiny_corpus(folder)
    out = tmp_path / "out"
    run_build([folder], out)
    shares = list((out / ".kg").glob("fragments-*/*.summary-*.json"))
    assert len(shares) == 3
    for share in shares:
        share.unlink()
    c.unlink()  # a change, so the summary is added up again
    run_build([folder], out)
    quads = store_quads(out)
    assert summary_records(quads) == expected_records(quads)
    assert len(list((out / ".kg").glob("fragments-*/*.summary-*.json"))) == 2


def test_measure_records_give_first_year_first_adopters_and_region_count(tmp_path):
    out = tmp_path / "out"
    run_build([SEEDS], out)
    quads = store_quads(out)
    by_measure = defaultdict(list)
    for (place, measure), (since, _) in expected_records(quads).items():
        by_measure[measure].append((place, since))
    rows = defaultdict(lambda: defaultdict(set))
    for quad in quads:
        if quad.graph_name.value == ID + "graph/summary" and "/summary/measure/" in quad.subject.value:
            rows[quad.subject.value][quad.predicate.value.removeprefix(KGO)].add(
                quad.object.value)
    assert len(rows) == len(by_measure) > 20
    for fields in rows.values():
        (measure,) = fields["recordMeasure"]
        years = [since for _, since in by_measure[measure] if since is not None]
        assert fields["regionCount"] == {str(len(by_measure[measure]))}
        if years:
            assert fields["firstYear"] == {str(min(years))}
            assert fields["firstAdopter"] == {place for place, since in by_measure[measure]
                                              if since == min(years)}


def test_joint_issuance_records_pair_the_bodies_of_each_co_issued_document(tmp_path):
    out = tmp_path / "out"
    run_build([SEEDS], out)
    quads = store_quads(out)
    creator, co_issuer = "http://purl.org/dc/terms/creator", KGO + "coIssuedBy"
    issuers = defaultdict(lambda: defaultdict(set))  # graph → document → bodies
    joint_docs = set()
    for quad in quads:
        if quad.predicate.value in (creator, co_issuer):
            issuers[quad.graph_name.value][quad.subject.value].add(quad.object.value)
            if quad.predicate.value == co_issuer:
                joint_docs.add((quad.graph_name.value, quad.subject.value))
    expected = defaultdict(set)
    for graph, document in joint_docs:
        bodies = sorted(issuers[graph][document])
        for i, a in enumerate(bodies):
            for b in bodies[i + 1:]:
                expected[frozenset((a, b))].add(document)
    rows = defaultdict(lambda: defaultdict(set))
    for quad in quads:
        if quad.graph_name.value == ID + "graph/summary" and "/summary/joint/" in quad.subject.value:
            rows[quad.subject.value][quad.predicate.value.removeprefix(KGO)].add(
                quad.object.value)
    found = {frozenset(fields["firstBody"] | fields["secondBody"]):
             int(next(iter(fields["documentCount"]))) for fields in rows.values()}
    assert len(found) >= 3
    assert found == {pair: len(documents) for pair, documents in expected.items()}


def test_fragment_lines_are_split_on_newlines_only():
    from kg.summary import subjects_of_ntriples

    data = '<s> <p> "a\u2028b" .\n<s> <q> <o> .\n'.encode()
    assert subjects_of_ntriples(data) == {"<s>": {"<p>": {'"a\u2028b"': None},
                                                  "<q>": {"<o>": None}}}


def test_a_new_summary_version_makes_its_own_shares(tmp_path, monkeypatch):
    folder = tmp_path / "docs"
    a, b, c = write_tiny_corpus(folder)
    out = tmp_path / "out"
    run_build([folder], out)
    import kg.build

    monkeypatch.setattr(kg.build, "SUMMARY_VERSION", kg.build.SUMMARY_VERSION + 1)
    run_build([folder], out)  # nothing changed but the summary's version
    shares = {p.name.rsplit(".summary-", 1)[1]
              for p in (out / ".kg").glob("fragments-*/*.summary-*.json")}
    assert shares == {f"{kg.build.SUMMARY_VERSION}.json"}
    quads = store_quads(out)
    assert summary_records(quads) == expected_records(quads)


def test_missing_source_records_count_who_cites_documents_not_in_the_graph(tmp_path):
    out = tmp_path / "out"
    run_build([SEEDS], out)
    quads = store_quads(out)
    dc, kgo = "http://purl.org/dc/terms/", KGO
    cites = {dc + "references", kgo + "implements", kgo + "forwards", dc + "replaces",
             "http://data.europa.eu/eli/ontology#amends", kgo + "mentionsDocument"}
    citers, seen = defaultdict(set), set()
    for quad in quads:
        if quad.graph_name.value.endswith("/graph/summary"):
            continue
        if quad.predicate.value in cites and quad.subject != quad.object:
            citers[quad.object.value].add(quad.subject.value)
        if quad.predicate.value == "http://www.w3.org/ns/prov#hadPrimarySource":
            seen.add(quad.subject.value)
    expected = {doc: len(by) for doc, by in citers.items() if doc not in seen}
    rows = defaultdict(dict)
    for quad in quads:
        if quad.graph_name.value == ID + "graph/summary" and "/summary/missing/" in quad.subject.value:
            rows[quad.subject.value][quad.predicate.value.removeprefix(KGO)] = quad.object.value
    found = {row["recordDocument"]: int(row["citedByCount"]) for row in rows.values()}
    assert len(found) > 20 and found == expected


def test_records_are_ranked_in_the_order_their_queries_list_them(tmp_path_factory):
    from seed_graph import seed_graph_folder

    from kg.measure_scheme import load_scheme

    quads = store_quads(seed_graph_folder(tmp_path_factory))
    summary = [q for q in quads if q.graph_name.value == ID + "graph/summary"]
    rows: dict[str, dict[str, str]] = defaultdict(dict)
    labels: dict[str, str] = {}
    for quad in summary:
        rows[quad.subject.value][quad.predicate.value.removeprefix(KGO)] = quad.object.value
        if quad.predicate.value.endswith("rdf-schema#label"):
            labels[quad.subject.value] = quad.object.value
    names = {c.iri: c.pref_zh for c in load_scheme().concepts.values()}

    def ranked(kind: str) -> list[dict[str, str]]:
        records = [row for row in rows.values()
                   if row.get("http://www.w3.org/1999/02/22-rdf-syntax-ns#type") == KGO + kind]
        assert sorted(int(row["rank"]) for row in records) == list(range(1, len(records) + 1))
        return sorted(records, key=lambda row: int(row["rank"]))

    matrix = [(names[row["recordMeasure"]], labels[row["recordRegion"]])
              for row in ranked("RegionMeasure")]
    assert len(matrix) > 10 and matrix == sorted(matrix)
    issuers = [(-int(row["documentCount"]), labels.get(row["recordIssuer"], ""))
               for row in ranked("IssuerRecord")]
    assert len(issuers) > 5 and issuers == sorted(issuers)
    assert issuers[0][0] < issuers[-1][0]  # the counts differ, so the order is not by name only
    joint = []
    for row in ranked("JointIssuance"):
        body, partner = sorted((row["firstBody"], row["secondBody"]))
        joint.append((-int(row["documentCount"]), labels.get(body, ""), labels.get(partner, "")))
    assert len(joint) > 5 and joint == sorted(joint) and joint[0][0] < joint[-1][0]

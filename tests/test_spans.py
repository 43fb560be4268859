"""Span helpers shared by the components: bulk span creation, data reading, cached offsets."""

from __future__ import annotations

from kg.nlp.components.offsets import spans_for, token_offsets
from kg.nlp.pipeline import get_nlp
from kg.nlp.spans import make_span, span_data

TEXT = "沈阳市民政局2020年发放补贴5.5万元，推行社区工作准入制度。市民政局  ABC 会同市财政局"


def test_spans_for_matches_char_span_and_carries_data():
    nlp = get_nlp()
    doc = nlp.make_doc(TEXT)
    ranges = [(0, 6), (8, 9), (15, 20), (37, 39), (44, 48)]  # (8, 9) is inside the token 2020
    spans = spans_for(doc, ranges, "TEST", [f"d{i}" for i in range(len(ranges))])
    expected = [make_span(doc, a, b, "TEST") for a, b in ranges]
    assert [(s.start, s.end, s.label_) for s in spans] == [
        (s.start, s.end, s.label_) for s in expected]
    assert [s._.kg for s in spans] == [f"d{i}" for i in range(len(ranges))]
    doc.spans["test"] = spans
    assert [(a, b, d) for a, b, d in span_data(doc, "test")] == [
        (s.start_char, s.end_char, s._.kg) for s in spans]
    assert list(span_data(doc, "absent")) == []


def test_token_offsets_are_cached_until_the_doc_is_retokenized():
    nlp = get_nlp()
    doc = nlp.make_doc(TEXT)
    offsets = token_offsets(doc)
    assert token_offsets(doc) is offsets
    assert offsets[:3].tolist() == [[0, 1], [1, 1], [2, 1]]
    with doc.retokenize() as retokenizer:
        retokenizer.merge(doc[0:3])
    again = token_offsets(doc)
    assert len(again) == len(doc) and again[:2].tolist() == [[0, 3], [3, 1]]


def test_pipeline_spans_keep_their_data():
    doc = get_nlp()(TEXT)
    orgs = [(a, b, found.kind) for a, b, found in span_data(doc, "org")]
    assert orgs[0] == (0, 6, "government")
    assert [span.label_ for span in doc.spans["org"]] == ["ORG"] * len(orgs)
    figures = [found.value for _, _, found in span_data(doc, "figure")]
    assert 55000 in figures
    assert [d["concept"] for _, _, d in span_data(doc, "measure")]


def test_span_data_reads_remembered_rows_only_for_the_group_they_were_made_for():
    from spacy.tokens import Span

    from kg.nlp.spans import span_ranges

    doc = get_nlp()(TEXT)
    rows = [(span.start_char, span.end_char) for span in doc.spans["org"]]
    assert span_ranges(doc, "org") == rows
    assert [(a, b) for a, b, _ in span_data(doc, "org")] == rows
    extra = Span(doc, 30, 32, label="ORG")
    doc.spans["org"].append(extra)  # the group grew: read it again
    assert span_ranges(doc, "org") == [*rows, (extra.start_char, extra.end_char)]
    doc.spans["org"] = [Span(doc, 0, 3, label="ORG")]  # a new group (tokens 0-2 are 沈阳市)
    assert span_ranges(doc, "org") == [(0, 3)]
    assert [(a, b) for a, b, _ in span_data(doc, "org")] == [(0, 3)]
    assert span_ranges(doc, "absent") == []


def test_components_asked_for_data_only_build_no_spans_and_read_the_same():
    from spacy.tokens import Span

    from kg.nlp.pipeline import without_spans
    from kg.nlp.spans import span_ranges

    nlp = get_nlp()
    full = nlp(TEXT)
    (lean,) = nlp.pipe([TEXT], component_cfg=without_spans(nlp))
    groups = ["docno", "title", "org", "region", "figure", "measure"]
    assert not any(group in lean.spans for group in groups)
    for group in groups:
        assert list(span_data(lean, group)) == list(span_data(full, group)), group
    assert span_ranges(lean, "org") == span_ranges(full, "org") != []
    lean.spans["org"] = [Span(lean, 0, 3, label="ORG")]  # a group set later is read instead
    assert span_ranges(lean, "org") == [(0, 3)]

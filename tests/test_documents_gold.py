"""Document numbers and titles against every gold file (seeds and the test corpus).

The issue's bar: precision and recall of at least 0.97 for document numbers and 0.95 for titles,
micro-averaged over all gold documents, with the whole pipeline as ``kg extract`` runs it.
"""

from __future__ import annotations

import pytest

from kg.contract import to_record
from kg.evaluate import evaluate
from kg.pipeline import extract_documents

from conftest import gold_files, gold_source, load_gold


@pytest.fixture(scope="module")
def report():
    golds = [load_gold(path) for path in gold_files()]
    assert len(golds) >= 5
    predictions = [to_record(e) for e in extract_documents([gold_source(g) for g in golds])]
    for record, gold in zip(predictions, golds, strict=True):
        record["source"] = gold["source"]
    return evaluate(golds, predictions, fields=("doc_numbers", "titles"))


def test_every_gold_document_was_scored(report) -> None:
    assert not report.missing
    assert report.documents == len(gold_files())


@pytest.mark.parametrize(("field", "bar"), [("doc_numbers", 0.97), ("titles", 0.95)])
def test_precision_and_recall(report, field: str, bar: float) -> None:
    counts = report.lists[field]
    errors = {stem: errs[field] for stem, errs in report.errors.items() if field in errs}
    assert counts.tp > 0
    assert counts.precision >= bar, errors
    assert counts.recall >= bar, errors

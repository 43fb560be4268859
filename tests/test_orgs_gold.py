"""Organisations, their resolution, and the author frame against every gold file.

The issue's bar, with the whole pipeline as ``kg extract`` runs it, micro-averaged over all gold
documents (seeds and the test corpus): organisation mentions at precision and recall ≥ 0.92;
relative and short mentions resolved to the gold ``org_names`` in ≥ 90% of cases; the author
bureau and its region right in ≥ 95% of documents.
"""

from __future__ import annotations

import pytest

from kg.contract import to_record
from kg.evaluate import evaluate
from kg.pipeline import extract_documents

from conftest import gold_files, gold_source, load_gold


@pytest.fixture(scope="module")
def golds():
    return [load_gold(path) for path in gold_files()]


@pytest.fixture(scope="module")
def report(golds):
    assert len(golds) >= 5
    predictions = [to_record(e) for e in extract_documents([gold_source(g) for g in golds])]
    for record, gold in zip(predictions, golds, strict=True):
        record["source"] = gold["source"]
    return evaluate(golds, predictions, fields=("orgs",))


def test_every_gold_document_was_scored(report) -> None:
    assert not report.missing
    assert report.documents == len(gold_files())


def test_every_gold_file_says_how_its_mentions_resolve(golds) -> None:
    for gold in golds:
        assert set(gold.get("org_names") or {}) == set(gold["orgs"]), gold["id"]


def test_org_precision_and_recall(report) -> None:
    counts = report.lists["orgs"]
    errors = {stem: errs["orgs"] for stem, errs in report.errors.items() if "orgs" in errs}
    assert counts.tp > 100
    assert counts.precision >= 0.92, errors
    assert counts.recall >= 0.92, errors


def test_resolution_accuracy(report) -> None:
    right, total = report.frame["org_resolution"]
    errors = {stem: errs["org_resolution"] for stem, errs in report.errors.items()
              if "org_resolution" in errs}
    assert total > 100
    assert right / total >= 0.90, errors


@pytest.mark.parametrize("field", ["author_org", "region"])
def test_author_and_region(report, field: str) -> None:
    right, total = report.frame[field]
    errors = {stem: errs[field] for stem, errs in report.errors.items() if field in errs}
    assert total == len(gold_files())
    assert right / total >= 0.95, errors

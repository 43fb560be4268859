"""Shared fixtures: paths to the seeds, the test corpus and the gold files, and a CLI runner."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kg.cli import main

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
CORPUS = ROOT / "tests" / "corpus"
GOLD = ROOT / "tests" / "gold"


def gold_files() -> list[Path]:
    return sorted(GOLD.glob("*.json"))


def load_gold(path: Path) -> dict:
    return json.loads(path.read_text("utf-8"))


def gold_source(gold: dict) -> Path:
    return ROOT / gold["source"]


@pytest.fixture
def run_kg(capsys, monkeypatch):
    """Run ``kg ARGS`` in-process from the repo root; returns (exit code, stdout, stderr)."""

    def run(*args: str, cwd: Path = ROOT) -> tuple[int, str, str]:
        monkeypatch.chdir(cwd)
        code = main([str(a) for a in args])
        out, err = capsys.readouterr()
        return code, out, err

    return run


@pytest.fixture(scope="session")
def all_extractions():
    """Extraction records for every gold document, keyed by file stem (run once per session)."""
    from kg.pipeline import extract_documents

    paths = [gold_source(load_gold(p)) for p in gold_files()]
    return {Path(e.source.path).stem: e for e in extract_documents(paths)}

"""A derived scale corpus for the benchmarks.

Every document is a copy of one of the project's documents (the seeds and tests/corpus) with
its numbers redrawn and its city renamed to another real prefecture-level city, so that
document numbers, figures, organisations and regions are not all duplicates. The corpus is
*derived*: it measures speed and memory, not accuracy.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterator
from pathlib import Path

from kg.ingest import iter_input_paths, read_document
from kg.resolve.gazetteer import load_gazetteer

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE_DIRS = [ROOT / "seeds", ROOT / "tests" / "corpus"]
_NUMBER = re.compile(r"\d{4}-\d{1,2}-\d{1,2}(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?|\d+(?=\s*[月日时点])|\d+")


def load_templates() -> list[tuple[str, str | None]]:
    """(text, city name) of every template document; web pages use their article text."""
    gazetteer = load_gazetteer()
    templates = []
    folders = [d for d in TEMPLATE_DIRS if d.is_dir() and any(d.iterdir())]
    for path in iter_input_paths(folders):
        source, frame = read_document(path)
        city = None
        if frame.author_org_text:
            found = gazetteer.split_prefix(frame.author_org_text)
            if found:
                code = gazetteer.ancestor(found[0], "city")
                if code:
                    city = gazetteer.by_code[code].name
        templates.append((source.text, city))
    return templates


def _redraw_number(match: re.Match[str], rng: random.Random) -> str:
    digits = match.group(0)
    if not digits.isdigit() or match.end() < len(match.string) and match.string[match.end()] in "月日时点":
        return digits  # dates and times stay valid
    if len(digits) == 4 and digits[:2] in ("19", "20"):
        return str(rng.randint(2005, 2024))
    if len(digits) == 1:
        return str(rng.randint(1, 9))
    low = 10 ** (len(digits) - 1)
    return str(rng.randint(low, low * 10 - 1))


def derived_documents(count: int, seed: int = 2026) -> Iterator[tuple[str, str]]:
    """``(file name, text)`` for ``count`` derived documents, deterministic for a seed."""
    rng = random.Random(seed)
    templates = load_templates()
    gazetteer = load_gazetteer()
    cities = sorted(d.name for d in gazetteer.by_code.values()
                    if d.level == "city" and d.name.endswith("市") and len(d.name) >= 3)
    for index in range(count):
        text, city = templates[index % len(templates)]
        if city:
            other = rng.choice(cities)
            text = text.replace(city, other).replace(city[:-1], other[:-1])
        text = _NUMBER.sub(lambda m: _redraw_number(m, rng), text)
        yield f"doc_{index:07d}.txt", text


def write_corpus(folder: Path, count: int, seed: int = 2026) -> int:
    """Write the derived corpus as UTF-8 text files in ``folder``; returns total characters."""
    folder.mkdir(parents=True, exist_ok=True)
    total = 0
    for name, text in derived_documents(count, seed):
        (folder / name).write_text(text, "utf-8")
        total += len(text)
    return total

"""The SKOS concept scheme of measures (``ontology/measures.ttl``), loaded once and fast.

Parsing Turtle needs rdflib, whose import alone costs more than kg's start-up budget, so kg keeps
a compiled copy in ``kg/data/measure_scheme.json`` stamped with the SHA-256 of the Turtle file.
At first use the stamp is compared with the Turtle file: when they match (the normal case) the
JSON is read; when the scheme was edited, it is parsed with rdflib and the copy rewritten (if the
folder is writable). A wheel without the ``ontology/`` folder uses the shipped copy.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from .resources import data_path, ontology_path

MEASURE_NS = "https://w3id.org/kgpolicy/measure/"
SCHEME_IRI = MEASURE_NS + "scheme"
SCHEME_FILE = "measures.ttl"
CACHE_FILE = "measure_scheme.json"


@dataclass(frozen=True, slots=True)
class Concept:
    """One measure: an id (the IRI's local name), labels and its place in the hierarchy."""

    id: str
    pref_zh: str
    pref_en: str
    alt_zh: tuple[str, ...] = ()
    hidden_zh: tuple[str, ...] = ()
    definition: str = ""
    broader: tuple[str, ...] = ()
    narrower: tuple[str, ...] = ()
    top: bool = False

    @property
    def iri(self) -> str:
        return MEASURE_NS + self.id

    @property
    def labels_zh(self) -> tuple[str, ...]:
        """Every Chinese form the matcher looks for: pref, alt, hidden."""
        return (self.pref_zh, *self.alt_zh, *self.hidden_zh)


@dataclass(slots=True)
class Scheme:
    concepts: dict[str, Concept]
    source_sha256: str = ""
    _labels: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        # A label shared by two concepts goes to the one that has it as a preferred label,
        # then alt, then hidden; ties by concept id, so the result is deterministic.
        ranked: dict[str, tuple[int, str]] = {}
        for concept in self.concepts.values():
            for rank, labels in enumerate(((concept.pref_zh,), concept.alt_zh, concept.hidden_zh)):
                for label in labels:
                    key = (rank, concept.id)
                    if label not in ranked or key < ranked[label]:
                        ranked[label] = key
        self._labels = {label: cid for label, (_, cid) in ranked.items()}

    @property
    def labels(self) -> dict[str, str]:
        """Chinese label → concept id."""
        return self._labels

    def ancestors(self, concept_id: str) -> list[str]:
        """All broader concepts, nearest first."""
        seen: list[str] = []
        queue = list(self.concepts[concept_id].broader)
        while queue:
            cid = queue.pop(0)
            if cid not in seen and cid in self.concepts:
                seen.append(cid)
                queue.extend(self.concepts[cid].broader)
        return seen

    def top_concepts(self) -> list[str]:
        return [c.id for c in self.concepts.values() if c.top]


def _local(iri: str) -> str:
    return iri[len(MEASURE_NS):] if iri.startswith(MEASURE_NS) else iri.rsplit("/", 1)[-1]


def parse_turtle(path: Path) -> list[dict[str, Any]]:
    """Concept records from a SKOS Turtle file (needs rdflib; used when the cache is stale)."""
    from rdflib import Graph, URIRef
    from rdflib.namespace import RDF, SKOS

    graph = Graph().parse(path, format="turtle")

    def texts(subject: URIRef, predicate: URIRef, lang: str) -> list[str]:
        return sorted(str(o) for o in graph.objects(subject, predicate)
                      if getattr(o, "language", None) == lang)

    records = []
    for subject in sorted(graph.subjects(RDF.type, SKOS.Concept)):
        pref_zh = texts(subject, SKOS.prefLabel, "zh")
        pref_en = texts(subject, SKOS.prefLabel, "en")
        records.append({
            "id": _local(str(subject)),
            "pref_zh": pref_zh[0] if pref_zh else _local(str(subject)),
            "pref_en": pref_en[0] if pref_en else _local(str(subject)),
            "alt_zh": texts(subject, SKOS.altLabel, "zh"),
            "hidden_zh": texts(subject, SKOS.hiddenLabel, "zh"),
            "definition": " ".join(texts(subject, SKOS.definition, "en")),
            "broader": sorted(_local(str(o)) for o in graph.objects(subject, SKOS.broader)),
            "narrower": sorted(_local(str(o)) for o in graph.objects(subject, SKOS.narrower)),
            "top": (subject, SKOS.topConceptOf, None) in graph
                   or (None, SKOS.hasTopConcept, subject) in graph,
        })
    # skos:broader and skos:narrower are inverses: complete whichever side a file left out.
    by_id = {r["id"]: r for r in records}
    for record in records:
        for parent in record["broader"]:
            if parent in by_id and record["id"] not in by_id[parent]["narrower"]:
                by_id[parent]["narrower"].append(record["id"])
        for child in record["narrower"]:
            if child in by_id and record["id"] not in by_id[child]["broader"]:
                by_id[child]["broader"].append(record["id"])
    return records


def _scheme(records: list[dict[str, Any]], sha: str) -> Scheme:
    concepts = {}
    for r in records:
        concepts[r["id"]] = Concept(
            id=r["id"], pref_zh=r["pref_zh"], pref_en=r["pref_en"],
            alt_zh=tuple(r["alt_zh"]), hidden_zh=tuple(r["hidden_zh"]),
            definition=r["definition"], broader=tuple(r["broader"]),
            narrower=tuple(r["narrower"]), top=bool(r["top"]))
    return Scheme(concepts=concepts, source_sha256=sha)


def compile_scheme(ttl: Path, cache: Path | None = None) -> Scheme:
    """Parse ``ttl`` and (when ``cache`` is given and writable) store the compiled copy."""
    sha = hashlib.sha256(ttl.read_bytes()).hexdigest()
    records = parse_turtle(ttl)
    if cache is not None:
        payload = {"_comment": f"Compiled from ontology/{ttl.name} by kg.measure_scheme; "
                               "do not edit (edit the Turtle file).",
                   "source_sha256": sha, "concepts": records}
        try:
            cache.write_text(json.dumps(payload, ensure_ascii=False, indent=1) + "\n", "utf-8")
        except OSError:
            pass
    return _scheme(records, sha)


def load_scheme_from(ttl: Path | None, cache: Path) -> Scheme:
    """The scheme from ``ttl``, through the compiled ``cache`` when it is current."""
    cached: dict[str, Any] | None = None
    if cache.is_file():
        cached = json.loads(cache.read_text("utf-8"))
    if ttl is None or not ttl.is_file():
        if cached is None:
            raise FileNotFoundError(f"measure scheme not found: {ttl} (and no {cache})")
        return _scheme(cached["concepts"], cached.get("source_sha256", ""))
    sha = hashlib.sha256(ttl.read_bytes()).hexdigest()
    if cached is not None and cached.get("source_sha256") == sha:
        return _scheme(cached["concepts"], sha)
    return compile_scheme(ttl, cache)


@lru_cache(maxsize=1)
def load_scheme() -> Scheme:
    """The project's measure scheme (``ontology/measures.ttl``), loaded once per process."""
    return load_scheme_from(ontology_path(SCHEME_FILE), data_path(CACHE_FILE))

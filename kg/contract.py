"""The JSON Lines contract of ``kg extract`` (see DESIGN.md, "Contracts").

One object per document, keys in the documented order, every key present: a field that does
not apply is ``null`` or ``[]``. Other tools parse this; change it only with DESIGN.md.
"""

from __future__ import annotations

import json
from typing import Any

from .models import Extraction

TOP_LEVEL_KEYS = ("source", "sha256", "title", "author_org", "region", "date", "doc_number",
                  "reply_to", "doc_numbers", "titles", "orgs", "figures", "measures", "citations")


def _number(value: float | int | None) -> float | int | None:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def to_record(extraction: Extraction) -> dict[str, Any]:
    frame = extraction.frame
    reply = frame.reply_to
    record: dict[str, Any] = {
        "source": extraction.source.path,
        "sha256": extraction.source.sha256,
        "title": frame.title,
        "author_org": frame.author_org,
        "region": {"name": frame.region.name, "code": frame.region.code} if frame.region else None,
        "date": frame.date,
        "doc_number": frame.doc_number,
        "reply_to": None if reply is None else {
            "kind": reply.kind, "proposer": reply.proposer, "role": reply.role,
            "meeting": reply.meeting, "meeting_text": reply.meeting_text,
            "proposal_no": reply.proposal_no, "title": reply.title},
        "doc_numbers": [
            {"text": d.text, "normalized": d.normalized, "issuer_code": d.issuer_code,
             "year": d.year, "serial": d.serial, "start": d.start, "end": d.end}
            for d in extraction.doc_numbers],
        "titles": [
            {"text": t.text, "inner": list(t.inner), "doc_number": t.doc_number,
             "issuers": list(t.issuers), "year": t.year, "alias_of": t.alias_of,
             "start": t.start, "end": t.end}
            for t in extraction.titles],
        "orgs": [
            {"text": o.text, "name": o.name, "kind": o.kind, "resolved": o.resolved,
             "region_code": o.region_code, "start": o.start, "end": o.end}
            for o in extraction.orgs],
        "figures": [
            {"text": f.text, "value": _number(f.value), "unit": f.unit, "per": list(f.per),
             "qualifier": f.qualifier, "high": _number(f.high), "from": _number(f.from_value),
             "label": f.label, "year": f.year, "start": f.start, "end": f.end}
            for f in extraction.figures],
        "measures": [
            {"concept": m.concept, "label": m.label, "text": m.text, "year": m.year,
             "program": m.program, "start": m.start, "end": m.end}
            for m in extraction.measures],
        "citations": [
            {"from": c.source, "to": c.target, "relation": c.relation, "start": c.start,
             "end": c.end}
            for c in extraction.citations],
    }
    return record


def to_json_line(extraction: Extraction) -> str:
    return json.dumps(to_record(extraction), ensure_ascii=False, separators=(", ", ": "))

"""Score ``kg extract`` output against gold files (conventions: ANNOTATION.md).

List fields are compared as sets per document (gold lists hold no duplicates) and micro-averaged
over documents: precision, recall and F1. Frame fields are scored as accuracy over the documents
whose gold states them. Organisation resolution (gold ``org_names``) is scored as accuracy over
the mentions both sides have.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import KgError

LIST_FIELDS = ("doc_numbers", "titles", "orgs", "figures", "measures")
FRAME_FIELDS = ("author_org", "region", "date", "proposer", "meeting", "proposal_no")


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Report:
    documents: int = 0
    lists: dict[str, Counts] = field(default_factory=dict)
    frame: dict[str, list[int]] = field(default_factory=dict)  # field → [right, total]
    errors: dict[str, dict[str, dict[str, list[Any]]]] = field(default_factory=dict)
    missing: list[str] = field(default_factory=list)

    def accuracy(self, name: str) -> float:
        right, total = self.frame.get(name, [0, 0])
        return right / total if total else 1.0

    def as_dict(self) -> dict[str, Any]:
        return {
            "documents": self.documents,
            "missing_predictions": self.missing,
            "lists": {name: {"precision": round(c.precision, 4), "recall": round(c.recall, 4),
                             "f1": round(c.f1, 4), "tp": c.tp, "fp": c.fp, "fn": c.fn}
                      for name, c in self.lists.items()},
            "frame": {name: {"accuracy": round(self.accuracy(name), 4), "right": rt, "total": tot}
                      for name, (rt, tot) in self.frame.items()},
            "errors": self.errors,
        }


def _figure_key(item: dict[str, Any]) -> tuple:
    def num(value: Any) -> Any:
        return None if value is None else round(float(value), 4)

    return (num(item.get("value")), item.get("unit"), num(item.get("high")))


def gold_keys(gold: dict[str, Any], name: str) -> set:
    items = gold.get(name) or []
    if name == "figures":
        return {_figure_key(item) for item in items}
    return {item if isinstance(item, str) else item.get("concept") or item.get("text")
            for item in items}


def pred_keys(pred: dict[str, Any], name: str) -> set:
    items = pred.get(name) or []
    if name == "figures":
        return {_figure_key(item) for item in items}
    if name == "doc_numbers":
        return {item["normalized"] for item in items}
    if name == "measures":
        return {item["concept"] for item in items}
    return {item["text"] for item in items}


def _pred_frame(pred: dict[str, Any], name: str) -> Any:
    reply = pred.get("reply_to") or {}
    if name == "region":
        return (pred.get("region") or {}).get("name")
    if name == "proposer":
        return reply.get("proposer")
    if name == "meeting":
        return reply.get("meeting_text") or reply.get("meeting")
    if name == "proposal_no":
        return reply.get("proposal_no")
    return pred.get(name)


def load_gold(gold_dir: str | Path) -> list[dict[str, Any]]:
    folder = Path(gold_dir)
    if not folder.is_dir():
        raise KgError(f"{folder}: not a folder of gold JSON files")
    golds = []
    for path in sorted(folder.glob("*.json")):
        try:
            golds.append(json.loads(path.read_text("utf-8")))
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            raise KgError(f"{path}: not valid JSON ({exc})") from None
    if not golds:
        raise KgError(f"{folder}: no gold .json files")
    return golds


def load_predictions(path: str | Path) -> list[dict[str, Any]]:
    preds = []
    try:
        # Split on "\n" only: a JSON string may hold U+2028 or U+2029 (kept raw by kg extract),
        # which str.splitlines() would treat as line ends.
        lines = Path(path).read_text("utf-8").split("\n")
    except (OSError, UnicodeDecodeError) as exc:
        raise KgError(f"{path}: cannot read predictions ({exc})") from None
    for number, line in enumerate(lines, 1):
        if line.strip():
            try:
                preds.append(json.loads(line))
            except json.JSONDecodeError as exc:
                raise KgError(f"{path}:{number}: not a JSON line ({exc.msg})") from None
    return preds


def _stem(path: str) -> str:
    return Path(path).stem


def evaluate(golds: Iterable[dict[str, Any]], preds: Iterable[dict[str, Any]],
             fields: Iterable[str] = LIST_FIELDS) -> Report:
    by_stem = {_stem(p["source"]): p for p in preds}
    report = Report()
    fields = list(fields)
    for name in fields:
        report.lists[name] = Counts()
    for gold in golds:
        stem = gold.get("id") or _stem(gold["source"])
        pred = by_stem.get(stem)
        if pred is None:
            report.missing.append(stem)
            continue
        report.documents += 1
        doc_errors: dict[str, dict[str, list[Any]]] = {}
        for name in fields:
            if name not in gold:
                continue
            g, p = gold_keys(gold, name), pred_keys(pred, name)
            counts = report.lists[name]
            counts.tp += len(g & p)
            counts.fp += len(p - g)
            counts.fn += len(g - p)
            if g != p:
                doc_errors[name] = {"missed": sorted(map(str, g - p)),
                                    "spurious": sorted(map(str, p - g))}
        for name in FRAME_FIELDS:
            if name not in gold:
                continue
            right_total = report.frame.setdefault(name, [0, 0])
            right_total[1] += 1
            got = _pred_frame(pred, name)
            if got == gold[name]:
                right_total[0] += 1
            else:
                doc_errors[name] = {"expected": [gold[name]], "got": [got]}
        names = gold.get("org_names")
        if names:
            resolved = {}
            for org in pred.get("orgs") or []:
                resolved.setdefault(org["text"], org["name"] if org.get("resolved", True) else None)
            right_total = report.frame.setdefault("org_resolution", [0, 0])
            for text, expected in names.items():
                if text in resolved:
                    right_total[1] += 1
                    if resolved[text] == expected:
                        right_total[0] += 1
                    else:
                        doc_errors.setdefault("org_resolution", {"expected": [], "got": []})
                        doc_errors["org_resolution"]["expected"].append(f"{text}→{expected}")
                        doc_errors["org_resolution"]["got"].append(f"{text}→{resolved[text]}")
        if doc_errors:
            report.errors[stem] = doc_errors
    return report


def format_report(report: Report) -> str:
    lines = [f"documents scored: {report.documents}"]
    if report.missing:
        lines.append(f"gold documents without a prediction: {', '.join(report.missing)}")
    lines.append(f"{'field':<16}{'precision':>10}{'recall':>10}{'F1':>10}{'tp':>6}{'fp':>6}{'fn':>6}")
    for name, c in report.lists.items():
        lines.append(f"{name:<16}{c.precision:>10.3f}{c.recall:>10.3f}{c.f1:>10.3f}"
                     f"{c.tp:>6}{c.fp:>6}{c.fn:>6}")
    lines.append(f"{'frame field':<16}{'accuracy':>10}{'right':>10}{'total':>10}")
    for name, (right, total) in report.frame.items():
        lines.append(f"{name:<16}{report.accuracy(name):>10.3f}{right:>10}{total:>10}")
    return "\n".join(lines)

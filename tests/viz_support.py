"""Graphs for the view tests, built once per test session and shared by both view test files.

``built_output`` runs the real ``kg build`` over the seeds plus a hostile document (markup in
its title and body). Ingest masks lines that look like markup, so little of that reaches the
graph; ``poisoned_store`` therefore also copies the built graph with the payload appended to
every text literal (titles, labels, names, evidence sentences, paths), so every text a view
shows is hostile.
"""

from __future__ import annotations

from pathlib import Path

from pyoxigraph import Literal, Quad, Store

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
PAYLOAD = ('<script>window.__pwned=1</script><img src=x onerror="window.__pwned=1">'
           '<a href="javascript:window.__pwned=1">href</a>')
HOSTILE_TEXT = f"""沈阳市民政局关于社区减负{PAYLOAD}工作的通知
各区、县（市）民政局：
  为贯彻落实《关于进一步开展社区减负<img src=x onerror="window.__pwned=1">工作的通知》精神，
我市建立社区工作准入制度<script>window.__pwned=1</script>，2019年投入资金500万元。
  现将有关事项通知如下。
                                   沈阳市民政局
                                   2020年4月22日
"""
_BUILT: dict[tuple[str, int], object] = {}  # per pytest session (keyed by its tmp_path_factory)
_TEXT_TYPES = {"http://www.w3.org/2001/XMLSchema#string",
               "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"}


def built_output(tmp_path_factory) -> Path:
    """``kg build`` of the seeds and the hostile document, with its views written."""
    key = id(tmp_path_factory)
    if ("built", key) not in _BUILT:
        _BUILT[("built", key)] = _build(tmp_path_factory)
    return _BUILT[("built", key)]


def _build(tmp_path_factory) -> Path:
    from kg.build import build
    from kg.ingest import iter_input_paths
    from kg.viz import write_views

    base = tmp_path_factory.mktemp("viz-build")
    hostile = base / "hostile"
    hostile.mkdir()
    (hostile / "hostile.txt").write_text(HOSTILE_TEXT, encoding="utf-8")
    out = base / "out"
    paths = list(iter_input_paths([str(SEEDS), str(hostile)]))
    build(paths, out, validate=False)
    write_views(out)
    return out


def poison(store: Store) -> Store:
    """A copy of ``store`` with :data:`PAYLOAD` appended to every text literal."""
    copy = Store()
    quads = []
    for quad in store.quads_for_pattern(None, None, None, None):
        obj = quad.object
        if isinstance(obj, Literal) and obj.datatype.value in _TEXT_TYPES:
            value = obj.value + PAYLOAD
            obj = Literal(value, language=obj.language) if obj.language else Literal(value)
        quads.append(Quad(quad.subject, quad.predicate, obj, quad.graph_name))
    copy.extend(quads)
    return copy


def poisoned_output(tmp_path_factory) -> tuple[Path, Store]:
    """Views of the poisoned copy of the built graph, and the poisoned store itself."""
    key = ("poisoned", id(tmp_path_factory))
    if key not in _BUILT:
        _BUILT[key] = _poisoned(tmp_path_factory)
    return _BUILT[key]


def _poisoned(tmp_path_factory) -> tuple[Path, Store]:
    from kg.viz import write_views
    from kg.viz.store import open_graph

    store = poison(open_graph(built_output(tmp_path_factory)))
    out = tmp_path_factory.mktemp("viz-poisoned")
    write_views(out, store)
    return out, store

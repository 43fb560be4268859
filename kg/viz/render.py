"""A networkx graph with display attributes → pyvis network → one self-contained, offline HTML.

pyvis holds the nodes and edges; the page is kg's own template, because pyvis's (0.3.2) loads
Bootstrap from a CDN even in ``in_line`` mode, inserts ``heading`` unescaped and shows titles
containing "href" through ``innerHTML``. Here:

- vis-network's JS is inlined from the installed pyvis package (vis-network is dual
  Apache-2.0/MIT licensed; its licence header is kept verbatim); the little CSS it needs is
  kg's own (its 220 kB stylesheet styles widgets kg does not use); a Content-Security-Policy
  allows no network access at all and only the page's own two scripts (by hash);
- graph data travels as JSON in a non-executed ``<script type="application/json">`` with
  ``<``, ``>`` and ``&`` escaped, and the page's script shows it only through ``textContent``
  and the canvas; every text in the HTML itself goes through :func:`html.escape`;
- positions come from networkx (:mod:`kg.viz.layout`) and physics is off.
"""

from __future__ import annotations

import base64
import hashlib
import json
from dataclasses import dataclass, field
from functools import lru_cache
from html import escape
from pathlib import Path

import networkx as nx
from pyvis.network import Network

from ..errors import KgError
from ..fileio import atomic_writer
from .layout import compute_positions

_ASSETS = Path(__file__).resolve().parent / "assets"
# Node and edge attributes that travel to the page (everything else stays in Python).
_NODE_KEYS = ("label", "name", "name_en", "type_zh", "type_en", "fields", "evidence", "search",
              "category")
_EDGE_KEYS = ("label", "relation", "relation_zh", "relation_en", "evidence", "documents",
              "category")


@dataclass(frozen=True, slots=True)
class LegendEntry:
    """One legend line: a node style (colour and shape) or an edge style (colour, dashes)."""

    group: str
    zh: str
    en: str
    color: str
    shape: str = "dot"
    kind: str = "node"
    dashes: bool = False


@dataclass(slots=True)
class Table:
    """A plain table under the graph (escaped text only)."""

    title: str
    headers: list[str]
    rows: list[list[str]]


@dataclass(slots=True)
class Page:
    """Everything one view page shows."""

    title_zh: str
    title_en: str
    graph: nx.Graph
    legend: list[LegendEntry] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    index_href: str | None = "index.html"
    empty_message: str = "没有可显示的节点 · nothing to show"


# -- vis-network from the installed pyvis --------------------------------------------------
@lru_cache(maxsize=1)
def vis_script() -> str:
    """vis-network's minified JS, as shipped inside the pyvis package."""
    import pyvis

    root = Path(pyvis.__file__).resolve().parent / "lib"
    folders = sorted(root.glob("vis-*"), key=lambda p: [int(x) for x in p.name[4:].split(".")
                                                         if x.isdigit()])
    for folder in reversed(folders):
        js = folder / "vis-network.min.js"
        if js.is_file():
            script = js.read_text("utf-8")
            if "</script" in script.lower() or "<!--" in script:
                raise KgError(f"{js}: cannot be inlined safely (contains </script or <!--)")
            return script
    raise KgError(f"{root}: vis-network is missing from the pyvis package")


@lru_cache(maxsize=1)
def _own_assets() -> tuple[str, str]:
    return (_ASSETS / "view.js").read_text("utf-8"), (_ASSETS / "view.css").read_text("utf-8")


# -- graph → pyvis → JSON ------------------------------------------------------------------
def _vis_color(color: str) -> dict:
    return {"background": color, "border": _darker(color),
            "highlight": {"background": color, "border": "#000000"},
            "hover": {"background": color, "border": "#000000"}}


def _darker(color: str) -> str:
    try:
        r, g, b = (int(color[i:i + 2], 16) for i in (1, 3, 5))
    except (ValueError, IndexError):
        return color
    return "#{:02x}{:02x}{:02x}".format(*(int(v * 0.7) for v in (r, g, b)))


def to_pyvis(graph: nx.Graph, positions: dict | None = None) -> Network:
    """A pyvis network of ``graph`` with fixed positions (computed here if not given)."""
    positions = compute_positions(graph) if positions is None else positions
    net = Network(directed=True)
    ids: dict[object, str] = {}
    for node, attrs in graph.nodes(data=True):
        node_id = str(node)
        ids[node] = node_id
        x, y = positions.get(node, (0.0, 0.0))
        extra = {key: attrs[key] for key in _NODE_KEYS if key in attrs and key != "label"}
        net.add_node(node_id, label=str(attrs.get("label") or node_id),
                     shape=attrs.get("shape", "dot"), color=_vis_color(attrs.get("color", "#97C2FC")),
                     size=float(attrs.get("size", 10)), x=x, y=y, physics=False, **extra)
    for a, b, attrs in graph.edges(data=True):
        extra = {key: attrs[key] for key in _EDGE_KEYS if key in attrs}
        color = attrs.get("color", "#999999")
        net.add_edge(ids[a], ids[b], color={"color": color, "highlight": "#000000",
                                            "hover": _darker(color)},
                     dashes=bool(attrs.get("dashes")), width=float(attrs.get("width", 1.0)),
                     arrows="to" if attrs.get("arrows", True) else "", **extra)
    return net


def _json_for_script(value: object) -> str:
    """JSON that cannot end its ``<script>`` element or open a comment inside it."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    for char, code in (("&", "\\u0026"), ("<", "\\u003c"), (">", "\\u003e"),
                       ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(char, code)
    return text


def _script_hash(script: str) -> str:
    digest = hashlib.sha256(script.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def content_security_policy(scripts: list[str]) -> str:
    """No network access of any kind; only these inline scripts run (no inline handlers)."""
    hashes = " ".join(_script_hash(s) for s in scripts)
    return ("default-src 'none'; "
            f"script-src {hashes}; "
            "style-src 'unsafe-inline'; img-src data:; font-src data:; connect-src 'none'; "
            "base-uri 'none'; form-action 'none'")


# -- the page --------------------------------------------------------------------------------
def _table_html(table: Table) -> str:
    head = "".join(f"<th>{escape(h)}</th>" for h in table.headers)
    body = "\n".join("<tr>" + "".join(f"<td>{escape(str(cell))}</td>" for cell in row) + "</tr>"
                     for row in table.rows)
    return (f'<section class="kg-table"><h2>{escape(table.title)}</h2>'
            f"<table><thead><tr>{head}</tr></thead><tbody>\n{body}\n</tbody></table></section>")


def page_data(page: Page, net: Network) -> dict:
    legend = [{"group": e.group, "zh": e.zh, "en": e.en, "color": e.color, "shape": e.shape,
               "kind": e.kind, "dashes": e.dashes} for e in page.legend]
    return {"nodes": net.nodes, "edges": net.edges, "legend": legend, "physics": False}


def render_page(page: Page) -> str:
    """The whole HTML of one view (no external resource of any kind)."""
    net = to_pyvis(page.graph)
    vis_js = vis_script()
    view_js, view_css = _own_assets()
    scripts = [vis_js, view_js]
    data = _json_for_script(page_data(page, net))
    notes = "".join(f"<p>{escape(note)}</p>" for note in page.notes)
    nav = (f'<nav><a href="{escape(page.index_href)}">← 总览 Index</a></nav>'
           if page.index_href else "")
    empty = (f'<div class="kg-empty">{escape(page.empty_message)}</div>'
             if page.graph.number_of_nodes() == 0 else "")
    tables = "\n".join(_table_html(t) for t in page.tables)
    title = f"{page.title_zh} · {page.title_en}"
    return f"""<!DOCTYPE html>
<html lang="zh">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{escape(content_security_policy(scripts))}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="kg (vis-network via pyvis)">
<title>{escape(title)}</title>
<style>
{view_css}
</style>
</head>
<body>
<header>{nav}<h1>{escape(page.title_zh)}<span class="en">{escape(page.title_en)}</span></h1>
{notes}</header>
<div id="kg-toolbar">
<input id="kg-search" type="search" placeholder="搜索名称 · search by name" aria-label="search">
<label><input id="kg-filter" type="checkbox"> 只显示匹配项 · show matches only</label>
<span id="kg-count"></span>
<button id="kg-fit" type="button">全图 · fit</button>
</div>
<main><div id="kg-network">{empty}</div>
<aside><section id="kg-legend"></section><section id="kg-details"></section></aside></main>
{tables}
<footer>kg · vis-network (Apache-2.0 / MIT) · 节点 nodes: {page.graph.number_of_nodes()} ·
连线 edges: {page.graph.number_of_edges()}</footer>
<script type="application/json" id="kg-data">{data}</script>
<script>{vis_js}</script>
<script>{view_js}</script>
</body>
</html>
"""


def write_page(page: Page, path: str | Path) -> Path:
    """Render ``page`` and write it atomically to ``path``."""
    path = Path(path)
    html = render_page(page)
    with atomic_writer(path) as handle:
        handle.write(html)
    return path

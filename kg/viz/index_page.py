"""``index.html``: links to the views and summary tables (documents, bureaus, regions, measures,
figures) with a region × measure matrix. Static HTML, no script at all; every value escaped.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from html import escape

from pyoxigraph import Store

from . import data, source_data
from .evidence import source_graph
from .palette import KIND_STYLES, LEVEL_STYLES, ORG_STYLES
from .store import select

MAX_ROWS = 1000
MATRIX_COLUMNS = 40
CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'"

_CSS = """
body { font-family: "WenQuanYi Zen Hei", "Noto Sans CJK SC", "Microsoft YaHei", sans-serif;
       margin: 0; padding: 12px 24px 40px; color: #222; }
h1 { font-size: 22px; margin: 4px 0; } h1 .en { font-size: 15px; color: #666; font-weight: normal; }
h2 { font-size: 17px; margin: 22px 0 6px; border-bottom: 1px solid #ddd; padding-bottom: 3px; }
h2 .en, th .en { color: #666; font-weight: normal; font-size: 12px; }
.views { display: flex; gap: 12px; flex-wrap: wrap; }
.views a { display: block; border: 1px solid #ccc; border-radius: 6px; padding: 10px 14px;
           text-decoration: none; color: #222; min-width: 200px; background: #f7f7f5; }
.views a:hover { border-color: #0072B2; }
.views b { display: block; font-size: 15px; color: #0072B2; } .views span { font-size: 12px; color: #666; }
table { border-collapse: collapse; font-size: 13px; }
th, td { border-bottom: 1px solid #e3e3e3; padding: 3px 8px; text-align: left; vertical-align: top; }
th { background: #f2f2ee; position: sticky; top: 0; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
.matrix td { text-align: center; min-width: 36px; } .matrix td.yes { background: #d9efe6; }
.matrix td.mention { background: #f1f1f1; color: #666; }
.matrix th.col { writing-mode: vertical-rl; white-space: nowrap; font-weight: normal; }
.dot { font-size: 14px; } .note { color: #666; font-size: 12px; }
.summary td { padding-right: 24px; }
"""


@dataclass(slots=True)
class ViewLink:
    href: str
    zh: str
    en: str
    detail: str


def _th(zh: str, en: str) -> str:
    return f'<th>{escape(zh)}<br><span class="en">{escape(en)}</span></th>'


def _td(value: object, css: str = "") -> str:
    cls = f' class="{css}"' if css else ""
    return f"<td{cls}>{escape(str(value))}</td>"


def _link(href: str | None, text: str) -> str:
    if not href:
        return escape(text)
    return f'<a href="{escape(href)}">{escape(text)}</a>'


def _table(headers: list[tuple[str, str]], rows: list[str], note: str = "",
           total: int | None = None) -> str:
    """A table of the first :data:`MAX_ROWS` rows; ``total`` counts rows not passed in."""
    head = "".join(_th(zh, en) for zh, en in headers)
    shown = rows[:MAX_ROWS]
    total = max(total or 0, len(rows))
    more = (f'<p class="note">只列出前 {len(shown)} 行（共 {total} 行）· first {len(shown)} of '
            f"{total} rows</p>") if total > len(shown) else ""
    empty = '<p class="note">无 · none</p>' if not rows else ""
    body = "\n".join(f"<tr>{row}</tr>" for row in shown)
    note_html = f'<p class="note">{escape(note)}</p>' if note else ""
    return f"{note_html}<table><thead><tr>{head}</tr></thead><tbody>\n{body}\n</tbody></table>" \
        f"{more}{empty}"


def _section(zh: str, en: str, anchor: str, body: str) -> str:
    return (f'<h2 id="{escape(anchor)}">{escape(zh)} <span class="en">{escape(en)}</span></h2>\n'
            f"{body}")


def _figures(store: Store, sources: list[source_data.SourceInfo], limit: int = MAX_ROWS
             ) -> tuple[list[dict[str, str]], int]:
    """The first ``limit`` figures, by source path and place in the text, and how many there
    are. Read source by source: a table of every figure (250,000 at 10,000 sources) took
    a fifth of the time of all views."""
    total = int(next(select(store, """
SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?f WHERE { ?d kgo:reportsFigure ?f } }"""),
                     {}).get("n", 0))
    rows: list[dict[str, str]] = []
    for source in sources:
        if len(rows) >= limit:
            break
        found = select(store, f"""
SELECT ?f (SAMPLE(?l) AS ?label) (SAMPLE(?v) AS ?value) (SAMPLE(?u) AS ?unit)
       (SAMPLE(?w) AS ?what) (SAMPLE(?y) AS ?year) WHERE {{
  {_read_from(store, source.iri)} ?f schema:value ?v .
  OPTIONAL {{ ?f rdfs:label ?l }} OPTIONAL {{ ?f schema:unitText ?u }}
  OPTIONAL {{ ?f kgo:quantityLabel ?w }} OPTIONAL {{ ?f kgo:year ?y }}
}} GROUP BY ?f""")
        rows += sorted(({**row, "path": source.path} for row in found),
                       key=lambda row: _offset(row["f"]))
    return rows[:limit], total


def _read_from(store: Store, source: str) -> str:
    """A pattern binding ``?f`` to the figures read from ``source`` (a document named in
    several sources reports the figures of each): those in its named graph, or, in a graph
    file without named graphs, those whose evidence lies in it."""
    graph = source_graph(store, source)
    if graph:
        return f"GRAPH <{graph}> {{ ?d kgo:reportsFigure ?f }}"
    return (f"?sentence nif:referenceContext <{source}> . ?t nif:sentence ?sentence . "
            "?a oa:hasTarget ?t ; kgo:assertsPredicate kgo:reportsFigure ; kgo:assertsObject ?f .")


def _offset(iri: str) -> int:
    try:
        return int(iri.rsplit("/", 1)[-1].split("-")[0])
    except ValueError:
        return 0


def render_index(store: Store, views: list[ViewLink], document_links: dict[str, str]) -> str:
    """The index page. ``document_links`` maps a source path to its document view's href."""
    citation = data.citation_graph(store)
    bureaus = data.bureau_graph(store)
    regions = data.load_regions(store)
    measures = data.load_measures(store)
    links = data.measure_links(store)
    sources = source_data.list_sources(store)
    figures, figure_count = _figures(store, sources)

    doc_rows = []
    ordered = sorted(citation.nodes(data=True),
                     key=lambda item: (not item[1].get("sources"), -item[1]["in_degree"],
                                       item[1]["name"]))
    for _, attrs in ordered:
        level, kind = LEVEL_STYLES[attrs["level"]], KIND_STYLES[attrs["kind"]]
        source_cells = "、".join(_link(document_links.get(p), p) for p in attrs["sources"])
        number = next((f[2] for f in attrs["fields"] if f[1] == "document number"), "")
        date = next((f[2] for f in attrs["fields"] if f[1] == "date"), "")
        doc_rows.append(
            _td(attrs["name"]) + _td(number)
            + f'<td><span class="dot" style="color:{level.color}">●</span> {escape(level.zh)}</td>'
            + _td(kind.zh) + _td("、".join(attrs["issuers"])) + _td(date)
            + _td(attrs["in_degree"], "num") + f"<td>{source_cells}</td>")

    bureau_rows = []
    for _, attrs in sorted(bureaus.nodes(data=True),
                           key=lambda item: (-item[1]["documents"], item[1]["name"])):
        style = ORG_STYLES[attrs["category"].split(":", 1)[1]]
        bureau_rows.append(_td(attrs["name"]) + _td(f"{style.zh} · {style.en}")
                           + _td(attrs["documents"], "num"))

    docs_in_region: dict[str, int] = defaultdict(int)
    for _, attrs in citation.nodes(data=True):
        for region in attrs.get("regions", ()):
            docs_in_region[region] += 1
    measures_in_region: dict[str, set[str]] = defaultdict(set)
    for link in links:
        measures_in_region[link.region].add(link.measure)
    region_rows = []
    for info in sorted(regions.values(), key=lambda r: r.code):
        level = LEVEL_STYLES[info.level]
        region_rows.append(_td(info.label) + _td(info.full_name) + _td(info.code)
                           + _td(level.zh) + _td(docs_in_region.get(info.iri, 0), "num")
                           + _td(len(measures_in_region.get(info.iri, ())), "num"))

    by_measure: dict[str, list[data.MeasureLink]] = defaultdict(list)
    for link in links:
        by_measure[link.measure].append(link)
    measure_rows = []
    for iri, items in sorted(by_measure.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        info = measures.get(iri) or data.MeasureInfo(iri, iri.rsplit("/", 1)[-1], "")
        region_names = [regions[i.region].label if i.region in regions else i.region
                        for i in items]
        years = sorted({y for i in items for y in i.years})
        measure_rows.append(_td(info.zh) + _td(info.en) + _td(len(items), "num")
                            + _td("、".join(region_names)) + _td("、".join(years)))

    figure_rows = [
        _td(f.get("label", "")) + _td(f.get("value", ""), "num") + _td(f.get("unit", ""))
        + _td(f.get("what", "")) + _td(f.get("year", "")) + f"<td>{_link(document_links.get(f.get('path', '')), f.get('path', ''))}</td>"
        for f in figures]

    matrix = _matrix(links, regions, measures)
    view_cards = "".join(
        f'<a href="{escape(v.href)}"><b>{escape(v.zh)}</b><span>{escape(v.en)}</span><br>'
        f"<span>{escape(v.detail)}</span></a>" for v in views)
    counts = [("来源文件", "sources", len(sources)), ("政策文件", "documents", len(citation)),
              ("发文机构", "issuing bodies", len(bureaus)), ("地区", "regions", len(regions)),
              ("举措", "measures in use", len(by_measure)), ("数据", "figures", figure_count)]
    summary = "<table class=\"summary\">" + "".join(
        f"<tr>{_td(zh)}{_td(en)}{_td(n, 'num')}</tr>" for zh, en, n in counts) + "</table>"
    titles = {source.path: source.title for source in sources}
    doc_list = "".join(f"<li>{_link(href, titles.get(path) or path)} "
                       f'<span class="note">{escape(path)}</span></li>'
                       for path, href in sorted(document_links.items()))
    sections = [
        _section("视图", "views", "views", f'<div class="views">{view_cards}</div>'
                 + (f'<p class="note">单篇文件视图 · document views:</p><ul>{doc_list}</ul>'
                    if doc_list else "")),
        _section("概况", "summary", "summary", summary),
        _section("政策文件", "documents", "documents", _table(
            [("标题", "title"), ("文号", "number"), ("级别", "level"), ("类别", "kind"),
             ("发文机关", "issued by"), ("日期", "date"), ("被引", "cited by"),
             ("来源", "source")], doc_rows)),
        _section("发文机构", "issuing bodies", "bureaus", _table(
            [("名称", "name"), ("类型", "type"), ("发文数", "documents")], bureau_rows)),
        _section("地区", "regions", "regions", _table(
            [("名称", "name"), ("全称", "full name"), ("代码", "code"), ("级别", "level"),
             ("文件数", "documents"), ("举措数", "measures")], region_rows)),
        _section("举措", "measures", "measures", _table(
            [("举措", "measure"), ("英文", "English"), ("地区数", "regions"),
             ("地区", "regions"), ("年份", "years")], measure_rows)),
        _section("数据", "figures", "figures", _table(
            [("数据", "figure"), ("数值", "value"), ("单位", "unit"), ("统计对象", "what"),
             ("年份", "year"), ("来源", "source")], figure_rows, total=figure_count)),
        _section("地区 × 举措", "region × measure", "matrix", matrix),
    ]
    body = "\n".join(sections)
    return f"""<!DOCTYPE html>
<html lang="zh">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{escape(CSP)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>kg 知识图谱总览 · kg overview</title>
<style>{_CSS}</style>
</head>
<body>
<h1>政策文件知识图谱 <span class="en">kg — knowledge graph of policy documents</span></h1>
{body}
</body>
</html>
"""


def _matrix(links: list[data.MeasureLink], regions: dict[str, data.RegionInfo],
            measures: dict[str, data.MeasureInfo]) -> str:
    """Regions down, measures across (the most shared first); a cell shows adoption years."""
    if not links:
        return '<p class="note">图中还没有地区与举措的关联 · no region–measure links yet</p>'
    cells = {(link.region, link.measure): link for link in links}
    per_measure: dict[str, int] = defaultdict(int)
    for link in links:
        per_measure[link.measure] += 1
    columns = sorted(per_measure, key=lambda m: (-per_measure[m], m))[:MATRIX_COLUMNS]
    rows = sorted({link.region for link in links},
                  key=lambda r: regions[r].code if r in regions else r)
    head = "<th></th>" + "".join(
        f'<th class="col" title="{escape((measures.get(m) or data.MeasureInfo(m, m, "")).en)}">'
        f"{escape((measures.get(m) or data.MeasureInfo(m, m.rsplit('/', 1)[-1], '')).zh)}</th>"
        for m in columns)
    body = []
    for region in rows:
        name = regions[region].label if region in regions else region
        tds = []
        for measure in columns:
            link = cells.get((region, measure))
            if link is None:
                tds.append("<td></td>")
            elif link.adopted:
                tds.append(_td("、".join(link.years) or "✓", "yes"))
            else:
                tds.append(_td("提及", "mention"))
        body.append(f"<tr><th>{escape(name)}</th>{''.join(tds)}</tr>")
    note = (f'<p class="note">单元格：采用年份（✓ 年份未知）；“提及”表示仅在文件中提及。前 {len(columns)} 项举措。'
            f" · Cell: year adopted (✓ year unknown); 提及: only mentioned. Top {len(columns)} "
            "measures.</p>")
    return f'{note}<table class="matrix"><thead><tr>{head}</tr></thead><tbody>' \
        f'{"".join(body)}</tbody></table>'

"""Saved web page → article text, with lxml (never regexes over tags).

Government sites wrap one article in navigation, breadcrumbs, share bars and footers. We drop
the elements that are never content, pick the block with the most Chinese prose and the least
link text, and render it as lines. The page title (h1 or <title>) and the metadata fields
(来源, 发布机构, 文号, 成文日期 …) found anywhere on the page are kept as header lines, so the
frame parser sees a web page the way it sees copied text.
"""

from __future__ import annotations

import re

import lxml.html
from lxml import etree

from ..errors import InputError

_DROP_TAGS = ["script", "style", "noscript", "template", "iframe", "object", "embed", "svg",
              "canvas", "form", "button", "select", "input", "textarea", "nav", "footer",
              "header", "aside", "link", "meta"]
_BLOCK_TAGS = {"p", "div", "br", "tr", "li", "h1", "h2", "h3", "h4", "h5", "h6", "table",
               "section", "article", "ul", "ol", "dd", "dt", "blockquote", "pre", "center"}
_CONTENT_HINT = re.compile(r"article|content|detail|zoom|trs_?editor|text|main|con|body|zw|info",
                           re.I)
_CHROME_HINT = re.compile(r"nav|menu|foot|header|banner|breadcrumb|share|crumb|sidebar|copyright"
                          r"|link|related|top|bottom|search|login", re.I)
_CJK = re.compile(r"[\u4e00-\u9fff]")
_META_FIELD = re.compile(
    r"(索引号|发布机构|发布单位|发文机关|信息来源|来源|成文日期|发文日期|发布日期|发布时间|时间|文号|发文字号|主题分类)"
    r"\s*[:：]\s*([^\n|｜]{0,60})")


def _text_of(el: etree._Element) -> str:
    parts: list[str] = []

    def walk(node: etree._Element) -> None:
        tag = node.tag if isinstance(node.tag, str) else ""
        if tag in _BLOCK_TAGS:
            parts.append("\n")
        if node.text and tag:
            parts.append(node.text)
        for child in node:
            walk(child)
            if child.tail:
                parts.append(child.tail)
        if tag in _BLOCK_TAGS or tag in ("td", "th"):
            parts.append("\n" if tag != "td" and tag != "th" else " ")

    walk(el)
    text = "".join(parts).replace("\xa0", " ").replace("\u3000", "\u3000")
    lines = [line.rstrip() for line in text.split("\n")]
    out: list[str] = []
    for line in lines:
        if line.strip() or (out and out[-1].strip()):
            out.append(line)
    return "\n".join(out).strip("\n")


def _score(el: etree._Element) -> float:
    text = el.text_content()
    cjk = len(_CJK.findall(text))
    if cjk < 20:
        return 0.0
    link_text = sum(len(_CJK.findall(a.text_content())) for a in el.iter("a"))
    hint = f"{el.get('class', '')} {el.get('id', '')}"
    bonus = 1.25 if _CONTENT_HINT.search(hint) else 1.0
    if _CHROME_HINT.search(hint) and not _CONTENT_HINT.search(hint):
        bonus *= 0.3
    return (cjk - 2 * link_text) * bonus


def _best_block(body: etree._Element) -> etree._Element:
    """The narrowest block that still holds most of the page's prose (little link text)."""
    best, best_score = body, _score(body)
    while True:
        children = [el for el in best if isinstance(el.tag, str)]
        scored = [(_score(el), el) for el in children]
        scored = [item for item in scored if item[0] >= best_score * 0.8]
        if not scored:
            return best
        best_score, best = max(scored, key=lambda item: item[0])


def html_to_text(html: str) -> tuple[str, dict[str, str]]:
    """Return ``(canonical_text, meta)`` for a saved web page."""
    try:
        root = lxml.html.document_fromstring(html)
    except (etree.ParserError, ValueError) as exc:
        raise InputError(f"malformed HTML: {exc}") from None
    page_title = ""
    title_el = root.find(".//title")
    if title_el is not None and title_el.text:
        page_title = title_el.text.strip()
    for bad in list(root.iter(*_DROP_TAGS)):
        if bad.getparent() is not None:
            bad.drop_tree()
    etree.strip_elements(root, etree.Comment, with_tail=False)
    body = root.find(".//body")
    if body is None:
        body = root
    full_text = _text_of(body)
    meta: dict[str, str] = {}
    for match in _META_FIELD.finditer(full_text):
        key, value = match.group(1), match.group(2).strip()
        if value and key not in meta:
            meta[key] = value
    block = _best_block(body)
    article = _text_of(block)
    heading = ""
    for tag in ("h1", "h2", "h3"):
        for el in body.iter(tag):
            candidate = " ".join(el.text_content().split())
            if len(_CJK.findall(candidate)) >= 6:
                heading = candidate
                break
        if heading:
            break
    if not heading:
        heading = re.split(r"\s*[-_|｜]\s*", page_title)[0] if page_title else ""
    if not _CJK.search(article):
        raise InputError("web page holds no Chinese article text")
    lines = []
    if heading and heading not in article[:300]:
        lines.append(heading)
    meta_lines = [f"{key}:{value}" for key, value in meta.items()
                  if f"{key}:" not in article and f"{key}：" not in article]
    if meta_lines:
        lines.append(" ".join(meta_lines))
    lines.append(article)
    return "\n".join(lines) + "\n", meta

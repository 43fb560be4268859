"""The views in a real browser (Debian's Chromium through Playwright): no console errors, no
network requests, the expected nodes, a working search, and hostile text that never runs.

Set KG_SCREENSHOT_DIR to also keep the screenshots there (the README's come from this).
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from viz_support import PAYLOAD, built_output, poisoned_output

from kg.viz import source_data, views
from kg.viz.commands import document_file_name
from kg.viz.names import FILE_NAMES
from kg.viz.store import open_graph

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
VIEWPORT = {"width": 1400, "height": 900}

pytestmark = pytest.mark.skipif(
    not CHROMIUM.is_file(),
    reason="Debian's Chromium is not installed at /usr/bin/chromium "
           "(run scripts/setup-test-env.sh)")
sync_api = pytest.importorskip("playwright.sync_api",
                               reason="the playwright package is not installed")

NODE_POSITION_JS = """(id) => {
  const net = window.kgView.network;
  const dom = net.canvasToDOM(net.getPositions([id])[id]);
  const box = document.getElementById("kg-network").getBoundingClientRect();
  return [box.left + dom.x, box.top + dom.y];
}"""


@dataclass
class Recorder:
    """What a page did: console messages, uncaught errors, requests."""

    console: list[tuple[str, str]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)

    def console_errors(self) -> list[str]:
        return [text for kind, text in self.console if kind in ("error", "assert")] + self.errors

    def outside_requests(self) -> list[str]:
        return [url for url in self.requests if not url.startswith(("file:", "data:"))]


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = built_output(tmp_path_factory)
    return out, open_graph(out)


@pytest.fixture(scope="module")
def poisoned(tmp_path_factory):
    return poisoned_output(tmp_path_factory)


def open_view(browser, path: Path, wait_for_graph: bool = True):
    page = browser.new_page(viewport=VIEWPORT)
    record = Recorder()
    page.on("console", lambda message: record.console.append((message.type, message.text)))
    page.on("pageerror", lambda error: record.errors.append(str(error)))
    page.on("request", lambda request: record.requests.append(request.url))
    page.goto(path.as_uri())
    if wait_for_graph:
        page.wait_for_selector("body[data-kg-ready]", timeout=15_000)
    return page, record


def screenshot(page, tmp_path: Path, name: str) -> Path:
    target = tmp_path / f"{name}.png"
    page.screenshot(path=str(target))
    assert target.stat().st_size > 10_000
    keep = os.environ.get("KG_SCREENSHOT_DIR")
    if keep:
        Path(keep).mkdir(parents=True, exist_ok=True)
        shutil.copy(target, Path(keep) / target.name)
    return target


def node_count(page) -> int:
    return page.evaluate("window.kgView.nodes.length")


def _document_view(out: Path, store, name: str) -> Path:
    source = source_data.find_source(store, name)
    return out / "views" / "documents" / document_file_name(source)


# -- every view loads offline, cleanly, with the expected nodes --------------------------------
@pytest.mark.parametrize("view", ["citation", "region-measure", "bureau"])
def test_network_view_loads_offline(browser, built, tmp_path, view):
    out, store = built
    expected = views.view_page(store, view).graph.number_of_nodes()
    page, record = open_view(browser, out / "views" / FILE_NAMES[view])
    assert node_count(page) == expected > 0
    assert page.locator("#kg-network canvas").count() == 1
    legend = page.locator("#kg-legend li")
    assert legend.count() >= 2 and legend.first.get_attribute("title")  # English on hover
    screenshot(page, tmp_path, view)
    assert record.console_errors() == []
    assert record.outside_requests() == []
    page.close()


def test_document_view_loads_offline(browser, built, tmp_path):
    out, store = built
    source = source_data.find_source(store, "seeds/004_bbf6888ffcc2a91c.txt")
    expected = views.document_page(store, source).graph.number_of_nodes()
    page, record = open_view(browser, _document_view(out, store, source.path))
    assert node_count(page) == expected > 10
    rows = page.locator("section.kg-table tbody tr")
    assert rows.count() >= expected - 1
    screenshot(page, tmp_path, "document")
    assert record.console_errors() == [] and record.outside_requests() == []
    page.close()


def test_index_loads_offline_and_links_every_view(browser, built, tmp_path):
    out, _ = built
    page, record = open_view(browser, out / "views" / "index.html", wait_for_graph=False)
    links = page.locator(".views a")
    assert sorted(links.evaluate_all("els => els.map(e => e.getAttribute('href'))")) == sorted(
        ["citation.html", "region-measure.html", "bureau.html"])
    assert page.locator("#documents + table tbody tr, #documents ~ table tbody tr").count() > 10
    assert page.locator("table.matrix").count() == 1
    screenshot(page, tmp_path, "index")
    assert record.console_errors() == [] and record.outside_requests() == []
    page.close()


# -- search and filter ---------------------------------------------------------------------------
def test_search_selects_matching_nodes_and_filters(browser, built):
    out, store = built
    graph = views.citation_page(store).graph
    target, attrs = next((n, a) for n, a in graph.nodes(data=True)
                         if a["name"] == "中华人民共和国城市居民委员会组织法")
    expected = sorted(n for n, a in graph.nodes(data=True) if "居民委员会组织法" in a["search"])
    page, record = open_view(browser, out / "views" / "citation.html")
    page.fill("#kg-search", "居民委员会组织法")
    assert page.locator("#kg-count").text_content().startswith(f"找到 {len(expected)} 个")
    selected = page.evaluate("window.kgView.network.getSelectedNodes()")
    assert sorted(selected) == expected and target in selected
    assert page.locator("#kg-details .kg-name").text_content() in {
        graph.nodes[n]["name"] for n in expected}
    page.check("#kg-filter")
    visible = page.evaluate("window.kgView.nodes.get({filter: n => !n.hidden}).length")
    assert visible == len(expected)
    page.fill("#kg-search", "")
    assert page.evaluate("window.kgView.nodes.get({filter: n => !n.hidden}).length") == len(graph)
    assert record.console_errors() == []
    page.close()


def test_hovering_a_node_shows_its_evidence_as_a_tooltip(browser, built):
    out, store = built
    page, _ = open_view(browser, out / "views" / "citation.html")
    node = page.evaluate("""window.kgView.nodes.get({filter: n =>
        n.evidence.some(e => e.source.includes("seeds/"))})[0].id""")
    x, y = page.evaluate(NODE_POSITION_JS, node)
    page.mouse.move(x, y)
    tooltip = page.locator("div.vis-tooltip")
    tooltip.wait_for(state="visible", timeout=5_000)
    text = tooltip.text_content()
    assert "证据 evidence" in text and "seeds/" in text.split("来源 source:", 1)[1]
    page.close()


# -- hostile text --------------------------------------------------------------------------------
def _attack(page, hover_limit: int = 12) -> int:
    """Hover nodes, open every node's and edge's details, search for the payload; returns how
    many tooltips showed the payload as text."""
    ids = page.evaluate("window.kgView.nodes.getIds()")
    shown = 0
    for node in ids[:hover_limit]:
        x, y = page.evaluate(NODE_POSITION_JS, node)
        page.mouse.move(x, y)
        page.wait_for_timeout(200)
        tooltip = page.locator("div.vis-tooltip")
        if tooltip.is_visible() and "<img src=x" in (tooltip.text_content() or ""):
            shown += 1
        page.mouse.click(x, y)
    page.evaluate("""() => {
      window.kgView.nodes.getIds().forEach(id => window.kgView.details(id, false));
      window.kgView.edges.getIds().forEach(id => window.kgView.details(id, true));
    }""")
    page.fill("#kg-search", "<img src=x")
    return shown


@pytest.mark.parametrize("view", ["citation", "document", "bureau", "region-measure"])
def test_hostile_text_shows_as_text_and_never_runs(browser, poisoned, tmp_path, view):
    out, store = poisoned
    path = (_document_view(out, store, "hostile.txt") if view == "document"
            else out / "views" / FILE_NAMES[view])
    page, record = open_view(browser, path)
    assert page.evaluate("typeof window.__pwned") == "undefined"
    shown = _attack(page)
    if node_count(page):
        assert shown > 0  # the payload reached the tooltips, as text
        assert PAYLOAD in page.locator("#kg-details").text_content()
        assert page.locator("#kg-count").text_content().startswith("找到")
    assert page.locator("#kg-details img, #kg-details script, div.vis-tooltip img").count() == 0
    screenshot(page, tmp_path, f"hostile-{view}")
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert record.console_errors() == [] and record.outside_requests() == []
    page.close()


def test_hostile_index_and_title_never_run(browser, poisoned):
    out, _ = poisoned
    page, record = open_view(browser, out / "views" / "index.html", wait_for_graph=False)
    assert PAYLOAD in page.locator("#documents ~ table").first.text_content()
    assert page.locator("td img, td script").count() == 0
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert record.console_errors() == [] and record.outside_requests() == []
    page.close()


def test_hostile_document_built_from_source_never_runs(browser, built):
    """The real pipeline's view of a file with markup in its title and body."""
    out, store = built
    page, record = open_view(browser, _document_view(out, store, "hostile.txt"))
    _attack(page)
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert record.console_errors() == [] and record.outside_requests() == []
    page.close()

"""Screenshots of the views for the README (not a test): one PNG per view, each with its most
connected node that has evidence selected, so the details panel shows a sentence.

    python tests/viz_screenshots.py OUT docs/img

OUT is a ``kg build`` output folder whose ``views/`` are written (``kg viz all --graph OUT``).
Needs Debian's Chromium at /usr/bin/chromium and the playwright package.
"""

from __future__ import annotations

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
SELECT_MOST_CONNECTED = """() => {
  const view = window.kgView;
  // In a document view, a measure: the document or its region would light up every edge.
  const measures = view.nodes.getIds({filter: n => n.category === "type:measure"});
  const ids = measures.length ? measures : view.nodes.getIds();
  if (!ids.length) return null;
  // Nodes with evidence first (the panel then shows a sentence), then the most connected.
  const degree = id => view.network.getConnectedEdges(id).length
    + (view.nodes.get(id).evidence.length ? 10000 : 0);
  const best = ids.reduce((a, b) => degree(b) > degree(a) ? b : a);
  view.network.selectNodes([best]);
  view.details(best, false);
  return best;
}"""


def take(out: Path, target: Path) -> list[Path]:
    views = out.resolve() / "views"
    documents = sorted((views / "documents").glob("*.html"))
    pages = [("index", views / "index.html"), ("citation", views / "citation.html"),
             ("region-measure", views / "region-measure.html"),
             ("bureau", views / "bureau.html")]
    if documents:
        middle = sorted(documents, key=lambda p: p.stat().st_size)[len(documents) // 2]
        pages.append(("document", middle))
    target.mkdir(parents=True, exist_ok=True)
    written = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium",
                                             args=CHROMIUM_ARGS)
        for name, path in pages:
            page = browser.new_page(viewport={"width": 1400, "height": 900})
            page.goto(path.as_uri())
            if name != "index":
                page.wait_for_selector("body[data-kg-ready]")
                page.evaluate(SELECT_MOST_CONNECTED)
            shot = target / f"view-{name}.png"
            page.screenshot(path=str(shot))
            written.append(shot)
            page.close()
        browser.close()
    return written


if __name__ == "__main__":
    for written_path in take(Path(sys.argv[1]), Path(sys.argv[2])):
        print(written_path)

"""The views' names, files and defaults: plain data, so that registering ``kg viz`` on the
command line imports nothing heavy (networkx, pyvis and numpy took half of every kg command's
start-up)."""

VIEWS = ("citation", "region-measure", "bureau", "document")
DEFAULT_TOP = {"citation": 300, "region-measure": 60, "bureau": 200}
MAX_REGIONS = 150  # regions in the region–measure view, most measures first
FILE_NAMES = {"citation": "citation.html", "region-measure": "region-measure.html",
              "bureau": "bureau.html", "index": "index.html"}
MAX_DOCUMENT_VIEWS = 25  # each page carries vis-network (~470 kB); more: kg viz document --doc

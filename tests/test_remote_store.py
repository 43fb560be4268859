"""``kg build --store URL`` into a real SPARQL server (``oxigraph serve`` from PyPI), and
``kg query -g URL`` against it: the same rows, quads and files as the embedded build."""

from __future__ import annotations

import base64
import contextlib
import io
import json
import os
import shutil
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from oxigraph_server import OxigraphServer, free_port, oxigraph_binary
from seed_graph import seed_graph_folder

from kg.cli import main
from kg.query import canned_queries
from kg.rdf.iris import Iris
from kg.store import open_output_store, open_remote
from kg.store.remote import Http, RemoteStore

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"

pytestmark = pytest.mark.skipif(
    oxigraph_binary() is None,
    reason="the oxigraph server is not installed (pip install oxigraph, in the test extra)")


def kg(*args: str) -> tuple[int, str, str]:
    """``kg ARGS`` in-process from the repository root: (exit code, stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    previous = os.getcwd()
    os.chdir(ROOT)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main([str(a) for a in args])
    finally:
        os.chdir(previous)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def start_server(tmp_path):
    """Start servers for one test; all are stopped at its end."""
    started: list[OxigraphServer] = []

    def start(union: bool = True) -> OxigraphServer:
        server = OxigraphServer.start(tmp_path / f"server-{len(started)}", union=union)
        started.append(server)
        return server

    yield start
    for server in started:
        server.stop()


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    started = OxigraphServer.start(tmp_path_factory.mktemp("oxigraph"))
    yield started
    started.stop()


@pytest.fixture(scope="module")
def remote_out(server, tmp_path_factory):
    out = tmp_path_factory.mktemp("remote") / "out"
    code, stdout, stderr = kg("build", "seeds", "-o", out, "--store", server.url)
    assert code == 0, stderr
    assert "5 document(s)" in stdout
    return out


@pytest.fixture(scope="module")
def embedded_out(tmp_path_factory):
    return seed_graph_folder(tmp_path_factory)


def graph_names(url: str) -> set[str]:
    store = open_remote(url, writing=False)
    try:
        return store.graph_names()
    finally:
        store.close()


def one_line_error(stderr: str) -> str:
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert len(lines) == 1, stderr
    assert "Traceback" not in stderr
    return lines[0]


# -- the build ---------------------------------------------------------------------------------
def test_remote_build_writes_the_same_files_as_the_embedded_one(remote_out, embedded_out,
                                                                server):
    manifest = json.loads((remote_out / "manifest.json").read_text("utf-8"))
    assert manifest["store"] == "sparql" and manifest["store_path"] == server.url
    assert manifest["sources"] == json.loads(
        (embedded_out / "manifest.json").read_text("utf-8"))["sources"]
    assert not (remote_out / "store").exists()  # the server is the store
    assert not list((remote_out / ".kg").glob("store-*"))
    for name in ("graph.ttl", "extraction.jsonl"):
        assert (remote_out / name).read_bytes() == (embedded_out / name).read_bytes(), name
    assert (remote_out / "views" / "index.html").is_file()  # drawn from graph.ttl


def test_serving_a_remote_build_points_at_its_server(remote_out, server):
    code, _, stderr = kg("serve", remote_out, "--port", "0")
    assert code == 1 and server.url in one_line_error(stderr)


def test_the_server_holds_the_same_quads(remote_out, embedded_out, server):
    iris = Iris()
    expected = {iris.graph(sha).value for sha in json.loads(
        (remote_out / "manifest.json").read_text("utf-8"))["sources"].values()}
    assert graph_names(server.url) == expected | {iris.ontology_graph.value, iris.summary_graph.value}
    with open_output_store(remote_out) as remote, open_output_store(embedded_out) as local:
        assert isinstance(remote, RemoteStore)
        assert len(remote) == len(local)
        assert set(remote.quads()) == set(local.quads())

def test_export_reads_the_server(remote_out, embedded_out, tmp_path):
    for fmt in ("nq", "ttl"):
        remote, local = tmp_path / f"remote.{fmt}", tmp_path / f"local.{fmt}"
        assert kg("export", remote_out, "--format", fmt, "-o", remote)[0] == 0
        assert kg("export", embedded_out, "--format", fmt, "-o", local)[0] == 0
        assert remote.read_bytes() == local.read_bytes(), fmt


# -- queries -----------------------------------------------------------------------------------
def rows(stdout: str) -> list[str]:
    return sorted(json.dumps(row, sort_keys=True, ensure_ascii=False)
                  for row in json.loads(stdout))


def test_every_canned_query_gives_the_same_rows(remote_out, embedded_out, server):
    answered = 0
    for query in canned_queries():
        results = {}
        for target in (server.url, remote_out, embedded_out):
            code, stdout, stderr = kg("query", query.name, "-g", target, "-f", "json", "--long")
            assert code == 0, (query.name, target, stderr)
            results[str(target)] = rows(stdout)
        local = results[str(embedded_out)]
        assert results[server.url] == local, query.name
        assert results[str(remote_out)] == local, query.name  # -g OUT asks the server
        answered += bool(local)
    assert answered >= len(canned_queries()) - 2


def test_query_endpoint_forms(server):
    count = "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
    for url in (server.url, server.url + "/", server.url + "/query"):
        code, stdout, stderr = kg("query", "--sparql", count, "-g", url, "-f", "csv")
        assert code == 0, stderr
        assert stdout.split() == ["n", "7"]  # five sources, the ontology and the summary


# -- incremental rebuilds ----------------------------------------------------------------------
def test_a_rebuild_replaces_and_drops_graphs_on_the_server(tmp_path, start_server):
    server = start_server()
    corpus = tmp_path / "corpus"
    shutil.copytree(SEEDS, corpus)
    out = tmp_path / "out"
    assert kg("build", corpus, "-o", out, "--store", server.url, "--no-views")[0] == 0
    before = graph_names(server.url)
    assert len(before) == 7  # five sources, the ontology and the summary
    sources = json.loads((out / "manifest.json").read_text("utf-8"))["sources"]
    gone, changed = sorted(corpus.iterdir())[:2]
    iris = Iris()
    gone_graph = iris.graph(sources[str(gone)]).value
    changed_graph = iris.graph(sources[str(changed)]).value
    gone.unlink()
    with open(changed, "a", encoding="utf-8") as handle:
        handle.write("\n另据统计，全市共有社区工作者1200人。\n")

    code, stdout, stderr = kg("build", corpus, "-o", out, "--store", server.url, "--no-views")
    assert code == 0, stderr
    assert "1 extracted, 3 unchanged, 1 removed" in stdout
    after = graph_names(server.url)
    assert gone_graph not in after and changed_graph not in after
    assert len(after) == 6 and len(after - before) == 1  # the changed source's new graph
    manifest = json.loads((out / "manifest.json").read_text("utf-8"))
    assert str(gone) not in manifest["sources"]
    with open_output_store(out) as store:
        assert set(store.graph_names()) == after
        assert manifest["quads"] == len(store)


def test_sparql_update_alone_gives_the_same_graph(tmp_path, start_server, embedded_out,
                                                  monkeypatch):
    """Without the Graph Store Protocol, graphs go in as INSERT DATA and out as DROP."""
    server = start_server()
    monkeypatch.setenv("KG_STORE_DATA", "none")
    out = tmp_path / "out"
    code, _, stderr = kg("build", "seeds", "-o", out, "--store", server.url, "--no-views")
    assert code == 0, stderr
    with open_remote(server.url) as remote, open_output_store(embedded_out) as local:
        assert isinstance(remote, RemoteStore) and remote.modes == ["update"]
        assert set(remote.quads()) == set(local.quads())


def test_every_way_of_loading(start_server, embedded_out):
    """N-Quads to the store, N-Triples graph by graph, INSERT DATA: the same quads."""
    server = start_server()
    with open_output_store(embedded_out) as local:
        names = sorted(local.graph_names())[:3]
        quads = {name: set(local.quads(name)) for name in names}
    store = open_remote(server.url)
    assert isinstance(store, RemoteStore) and store.modes == ["dataset", "graph", "update"]
    for mode in ("dataset", "graph", "update"):
        store.modes = [mode]
        for name in names:
            store.replace_graph(name, quads[name])
        assert store.graph_names() == set(names), mode
        for name in names:
            assert set(store.quads(name)) == quads[name], (mode, name)
        for name in names:
            store.remove_graph(name)
        store.flush()
        assert store.graph_names() == set(), mode
    store.close()


# -- failures ----------------------------------------------------------------------------------
def test_a_dead_server_is_one_line_and_leaves_the_outputs(remote_out, tmp_path):
    out = tmp_path / "out"
    shutil.copytree(remote_out, out, symlinks=True)
    before = {name: (out / name).read_bytes()
              for name in ("manifest.json", "graph.ttl", "extraction.jsonl")}
    dead = f"http://127.0.0.1:{free_port()}"
    code, stdout, stderr = kg("build", "seeds", "-o", out, "--store", dead)
    assert code == 1 and stdout == ""
    assert "cannot reach" in one_line_error(stderr)
    assert {name: (out / name).read_bytes() for name in before} == before

    code, _, stderr = kg("query", "cites", "-g", dead)
    assert code == 1 and "cannot reach" in one_line_error(stderr)
    manifest = json.loads(before["manifest.json"])
    manifest["store_path"] = dead
    (out / "manifest.json").write_text(json.dumps(manifest), "utf-8")
    code, _, stderr = kg("query", "cites", "-g", out)  # the folder's server is down
    assert code == 1 and "cannot reach" in one_line_error(stderr)


class _Stub(BaseHTTPRequestHandler):
    """A SPARQL server that answers queries, takes updates, and fails (500) on loading data;
    with ``auth`` set, it wants that user:password."""

    auth: str | None = None
    seen: list[str] = []

    def log_message(self, *args):
        return None

    def _reply(self, status: int, body: bytes = b"", content_type: str = "text/plain"):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _allowed(self) -> bool:
        if self.auth is None:
            return True
        token = "Basic " + base64.b64encode(self.auth.encode()).decode()
        if self.headers.get("Authorization") == token:
            return True
        self._reply(401, b"Unauthorized\nlog in first")
        return False

    def do_HEAD(self):  # noqa: N802
        if self._allowed():
            self._reply(200 if self.path.startswith("/store") else 404)

    def do_POST(self):  # noqa: N802
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        self.seen.append(self.path)
        if not self._allowed():
            return
        if self.path == "/query":
            answer = {"boolean": True} if b"ASK" in body else \
                {"head": {"vars": ["g"]}, "results": {"bindings": []}}
            self._reply(200, json.dumps(answer).encode(), "application/sparql-results+json")
        elif self.path == "/update":
            self._reply(204)
        elif self.path.startswith("/store"):
            self._reply(500, b"No space left on device\n  at storage.rs:12")
        else:
            self._reply(404)


@pytest.fixture
def stub():
    _Stub.auth, _Stub.seen = None, []
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Stub)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_a_server_error_is_one_line_and_commits_nothing(stub, tmp_path):
    out = tmp_path / "out"
    code, _, stderr = kg("build", "seeds", "-o", out, "--store", stub, "--no-views")
    assert code == 1
    line = one_line_error(stderr)
    assert "HTTP 500: No space left on device" in line and "storage.rs" not in line
    assert not (out / "manifest.json").exists() and not (out / "graph.ttl").exists()


def test_basic_authentication(stub, monkeypatch):
    _Stub.auth = "kg:s3cret"
    code, _, stderr = kg("query", "--sparql", "ASK { ?s ?p ?o }", "-g", stub)
    assert code == 1 and "HTTP 401" in one_line_error(stderr)
    assert "KG_STORE_AUTH" in stderr
    monkeypatch.setenv("KG_STORE_AUTH", "kg:s3cret")
    code, stdout, stderr = kg("query", "--sparql", "ASK { ?s ?p ?o }", "-g", stub, "-f", "json")
    assert code == 0, stderr
    monkeypatch.delenv("KG_STORE_AUTH")
    url = stub.replace("http://", "http://kg:s3cret@")
    http, shown = Http.for_url(url)
    assert shown == stub  # credentials are never shown or recorded
    assert http.sparql_query(stub + "/query", "ASK {}", "application/sparql-results+json")


def test_a_default_graph_that_is_not_the_union_is_reported(tmp_path, start_server):
    server = start_server(union=False)
    out = tmp_path / "out"
    one = tmp_path / "one"
    one.mkdir()
    shutil.copy(sorted(SEEDS.iterdir())[0], one)
    code, _, stderr = kg("build", one, "-o", out, "--store", server.url, "--no-views")
    assert code == 0
    assert "--union-default-graph" in stderr
    code, _, stderr = kg("query", "--sparql", "SELECT ?d WHERE { ?d a kgo:PolicyDocument }",
                         "-g", server.url)
    assert code == 0 and "--union-default-graph" in stderr

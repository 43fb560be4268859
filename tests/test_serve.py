"""``kg serve``: real HTTP requests against a started SPARQL 1.1 Protocol endpoint."""

from __future__ import annotations

import csv
import io
import json
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET

import pytest
from seed_graph import SEED_REGIONS, seed_graph_folder

from kg.errors import KgError
from kg.query import open_graph
from kg.serve import Limits, SparqlServer

COUNT_SOURCES = ("SELECT (COUNT(DISTINCT ?d) AS ?n) WHERE { "
                 "?d <http://www.w3.org/ns/prov#hadPrimarySource> ?s }")
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


@pytest.fixture(scope="module")
def seed_out(tmp_path_factory):
    return seed_graph_folder(tmp_path_factory)


@pytest.fixture(scope="module")
def server(seed_out):
    started = SparqlServer(seed_out / "store", port=0,
                           limits=Limits(timeout=1.5, max_result_bytes=200_000)).start()
    yield started
    started.stop()


def request(url: str, *, data: bytes | None = None, headers: dict[str, str] | None = None,
            method: str | None = None) -> tuple[int, str, bytes]:
    req = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(req, timeout=30) as response:
            return response.status, response.headers.get("Content-Type", ""), response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("Content-Type", ""), error.read()


def get(server: SparqlServer, query: str, accept: str = "application/sparql-results+json"):
    return request(server.url + "?" + urllib.parse.urlencode({"query": query}),
                   headers={"Accept": accept})


def test_get_json(server):
    status, content_type, body = get(server, COUNT_SOURCES)
    assert status == 200 and content_type.startswith("application/sparql-results+json")
    answer = json.loads(body)
    assert answer["head"]["vars"] == ["n"]
    assert answer["results"]["bindings"][0]["n"]["value"] == "5"


def test_post_form_and_post_query_body(server):
    form = urllib.parse.urlencode({"query": COUNT_SOURCES}).encode()
    status, _, body = request(server.url, data=form, headers={
        "Content-Type": "application/x-www-form-urlencoded",
        "Accept": "application/sparql-results+json"})
    assert status == 200 and json.loads(body)["results"]["bindings"][0]["n"]["value"] == "5"
    status, _, body = request(server.url, data=COUNT_SOURCES.encode(), headers={
        "Content-Type": "application/sparql-query", "Accept": "text/csv"})
    assert status == 200 and body.decode().splitlines() == ["n", "5"]


def test_content_negotiation(server):
    status, content_type, body = get(server, COUNT_SOURCES, "application/sparql-results+xml")
    assert status == 200 and "xml" in content_type
    root = ET.fromstring(body)
    literal = root.find(".//{http://www.w3.org/2005/sparql-results#}literal")
    assert literal is not None and literal.text == "5"
    status, content_type, body = get(server, COUNT_SOURCES, "text/tab-separated-values")
    assert status == 200 and content_type.startswith("text/tab-separated-values")
    assert body.decode().splitlines()[0] == "?n"
    construct = ("CONSTRUCT { ?d <http://purl.org/dc/terms/identifier> ?n } WHERE { "
                 "?d <http://purl.org/dc/terms/identifier> ?n }")
    status, content_type, body = get(server, construct, "text/turtle")
    assert status == 200 and content_type.startswith("text/turtle")
    import pyoxigraph

    triples = list(pyoxigraph.parse(body, format=pyoxigraph.RdfFormat.TURTLE))
    assert any(t.object.value == "沈民〔2018〕65号" for t in triples)
    status, _, _ = get(server, COUNT_SOURCES, "image/png")
    assert status == 406


def test_csv_of_a_canned_query_over_http(server):
    from kg.query import get_query
    from kg.query.params import bind

    text = bind(get_query("measure-matrix").text, {})
    status, _, body = get(server, text, "text/csv")
    rows = list(csv.DictReader(io.StringIO(body.decode("utf-8"))))
    assert status == 200 and {row["region"] for row in rows} == SEED_REGIONS


def test_updates_are_refused(server):
    update = "INSERT DATA { <http://a> <http://b> <http://c> }"
    form = urllib.parse.urlencode({"update": update}).encode()
    assert request(server.url, data=form, headers={
        "Content-Type": "application/x-www-form-urlencoded"})[0] == 403
    assert request(server.url, data=update.encode(), headers={
        "Content-Type": "application/sparql-update"})[0] == 403
    assert request(server.url + "?" + urllib.parse.urlencode({"update": update}))[0] == 403
    status, _, body = get(server, "# looks harmless\nPREFIX a: <http://a/>\n" + update)
    assert status == 403 and b"read-only" in body
    status, _, body = get(server, COUNT_SOURCES)
    assert json.loads(body)["results"]["bindings"][0]["n"]["value"] == "5"  # nothing changed


def test_malformed_query_gets_400_with_the_parser_message(server):
    status, content_type, body = get(server, "SELECT ?s WHERE { ?s ?p }")
    assert status == 400 and content_type.startswith("text/plain")
    assert b"malformed query" in body and b"1:" in body  # the parser's position
    assert request(server.url)[0] == 400  # no query at all


def test_timeout_cuts_off_a_slow_query_while_others_are_served(server):
    answers: dict[str, tuple[int, bytes]] = {}

    def slow() -> None:
        status, _, body = get(server, SLOW)
        answers["slow"] = (status, body)

    thread = threading.Thread(target=slow)
    started = time.monotonic()
    thread.start()
    time.sleep(0.2)
    status, _, body = get(server, COUNT_SOURCES)
    assert status == 200, body  # answered while the slow one runs
    assert time.monotonic() - started < 1.5
    thread.join(30)
    slow_status, slow_body = answers["slow"]
    assert slow_status == 503 and b"time limit" in slow_body
    status, _, _ = get(server, COUNT_SOURCES)  # the pool recovered
    assert status == 200


def test_result_size_limit(server):
    status, _, body = get(server, "SELECT * WHERE { ?s ?p ?o }")
    assert status == 413 and b"byte limit" in body


def test_rdflib_sparqlstore_with_a_union_dataset(server):
    from rdflib import Dataset
    from rdflib.plugins.stores.sparqlstore import SPARQLStore

    dataset = Dataset(store=SPARQLStore(server.url), default_union=True)
    rows = list(dataset.query(COUNT_SOURCES))
    assert int(rows[0][0]) == 5
    labels = {str(row[0]) for row in dataset.query(
        "SELECT ?l WHERE { ?r a <https://w3id.org/kgpolicy/ont#Region> ; "
        "<http://www.w3.org/2000/01/rdf-schema#label> ?l }")}
    assert SEED_REGIONS <= labels


def test_sparqlwrapper_when_installed(server):
    sparqlwrapper = pytest.importorskip("SPARQLWrapper")
    client = sparqlwrapper.SPARQLWrapper(server.url)
    client.setQuery(COUNT_SOURCES)
    client.setReturnFormat(sparqlwrapper.JSON)
    assert client.query().convert()["results"]["bindings"][0]["n"]["value"] == "5"


def test_canned_queries_through_the_endpoint_match_the_store(server, seed_out):
    with open_graph(server.url) as remote, open_graph(seed_out) as local:
        for name, params in [("measure-regions", {}), ("cites", {"doc": "青民函〔2020〕164号"}),
                             ("co-issuers", {"org": "舒兰市民政局"}), ("shared-measures", {})]:
            assert remote.run(name, params).rows == local.run(name, params).rows, name


def test_endpoint_errors_are_one_line(server):
    with open_graph(server.url) as remote:
        with pytest.raises(KgError, match="SPARQL syntax error"):
            remote.query("SELECT ?s WHERE { ?s ?p }")
        with pytest.raises(KgError, match="HTTP 503"):
            remote.query(SLOW)
    with pytest.raises(KgError, match="cannot reach"):
        open_graph("http://127.0.0.1:9/sparql").query(COUNT_SOURCES)


def test_other_paths_and_cors(server):
    base = server.url.rsplit("/", 1)[0]
    assert request(base + "/nothing-here")[0] == 404
    status, _, _ = request(server.url, method="OPTIONS")
    assert status == 204


def test_no_store_is_a_clear_error(tmp_path):
    with pytest.raises(KgError, match="no Oxigraph store"):
        SparqlServer(tmp_path, port=0)


def test_endpoints_without_lateral_get_the_portable_query(server):
    """An endpoint that does not know LATERAL (Fuseki, GraphDB …) gets plain OPTIONALs."""
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    seen: list[str] = []

    class NoLateral(BaseHTTPRequestHandler):
        def log_message(self, *args):
            return None

        def do_POST(self):  # noqa: N802
            body = self.rfile.read(int(self.headers["Content-Length"]))
            query = urllib.parse.parse_qs(body.decode())["query"][0]
            seen.append(query)
            if "LATERAL" in query:
                status, content_type, answer = 400, "text/plain", b"Encountered LATERAL"
            else:
                status, content_type, answer = request(server.url, data=body, headers={
                    "Content-Type": "application/x-www-form-urlencoded",
                    "Accept": self.headers["Accept"]})
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(answer)))
            self.end_headers()
            self.wfile.write(answer)

    proxy = ThreadingHTTPServer(("127.0.0.1", 0), NoLateral)
    threading.Thread(target=proxy.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{proxy.server_address[1]}/sparql"
        with open_graph(url) as remote, open_graph(server.url) as direct:
            assert remote.run("measure-regions").rows == direct.run("measure-regions").rows
            assert remote.run("cites").rows == direct.run("cites").rows
        assert any("LATERAL" in query for query in seen)
        assert "LATERAL" not in seen[-1]
    finally:
        proxy.shutdown()
        proxy.server_close()


def test_service_calls_to_other_endpoints_are_refused(server):
    for query in ("SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
                  "SELECT * WHERE { SERVICE SILENT <http://127.0.0.1:9/x> { ?s ?p ?o } }",
                  "PREFIX : <http://127.0.0.1:9/x> SELECT * WHERE { SERVICE: { ?s ?p ?o } }",
                  "SELECT * WHERE { ?s ?p true.service <http://127.0.0.1:9/x> { ?s ?p ?o } }"):
        status, _, body = get(server, query)
        assert status == 403 and b"SERVICE" in body, query
    status, _, _ = get(server, 'SELECT * WHERE { ?s <http://schema.org/Service> "SERVICE" }')
    assert status == 200


def test_bad_content_length_is_refused_without_waiting_for_the_body(server):
    import socket

    host, port = server.httpd.server_address[:2]
    for value in ("-1", "abc"):
        with socket.create_connection((host, port), timeout=10) as conn:
            conn.sendall(f"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Length: {value}\r\n"
                         "Content-Type: application/sparql-query\r\n\r\nSELECT".encode())
            assert conn.recv(4096).startswith(b"HTTP/1.0 400"), value

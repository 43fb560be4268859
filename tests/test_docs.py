"""The documentation shows real outputs: every ``$ kg query …`` example in README.md and
docs/queries.md is run against the seed graph and must print what the document says it prints."""

from __future__ import annotations

import re
import shlex

import pytest
from seed_graph import ROOT, seed_graph_folder

from kg.cli import main

DOCS = [ROOT / "README.md", ROOT / "docs" / "queries.md"]
_CONSOLE = re.compile(r"```console\n(.*?)```", re.S)


def _examples() -> list[tuple[str, str, str]]:
    """(document, command, expected output) of every console block whose command is kg query."""
    found = []
    for path in DOCS:
        for block in _CONSOLE.findall(path.read_text(encoding="utf-8")):
            lines = block.splitlines()
            commands = [i for i, line in enumerate(lines) if line.startswith("$ ")]
            for n, start in enumerate(commands):
                command = lines[start][2:].split("  #")[0].strip()
                end = commands[n + 1] if n + 1 < len(commands) else len(lines)
                if command.startswith("kg query ") and "--list" not in command:
                    found.append((path.name, command, "\n".join(lines[start + 1:end])))
    return found


EXAMPLES = _examples()


@pytest.fixture(scope="module")
def seed_out(tmp_path_factory):
    return seed_graph_folder(tmp_path_factory)


def test_the_docs_have_examples():
    assert len(EXAMPLES) >= 15
    assert sum(doc == "README.md" and "--sparql" in command for doc, command, _ in EXAMPLES) >= 3


@pytest.mark.parametrize("doc, command, expected", EXAMPLES,
                         ids=[f"{d}:{c[9:40]}" for d, c, _ in EXAMPLES])
def test_documented_output_is_real(doc, command, expected, seed_out, capsys, monkeypatch):
    monkeypatch.chdir(ROOT)
    args = shlex.split(command)[1:]
    sparql_files = {"bureaus.rq": "bureaus", "money.rq": "money", "citations.rq": "citations"}
    if "--sparql" in args:
        name = args[args.index("--sparql") + 1]
        if name in sparql_files:
            args[args.index("--sparql") + 1] = _readme_sparql(sparql_files[name])
    if "-g" not in args and "--graph" not in args:
        args += ["-g", str(seed_out)]
    code = main(args)
    captured = capsys.readouterr()
    if expected.startswith("kg: "):  # a documented error: one line on stderr
        assert code != 0 and captured.err.rstrip() == expected.rstrip(), f"{doc}: {command}"
        return
    assert code == 0, captured.err
    _assert_shown(captured.out.rstrip().splitlines(), expected.rstrip().splitlines(),
                  f"{doc}: {command}")


def _assert_shown(actual: list[str], shown: list[str], where: str) -> None:
    """``shown`` may skip rows with a line holding only …: what it shows before the skip must
    start the output, what it shows after must end it."""
    if "…" not in shown:
        assert actual == shown, where
        return
    cut = shown.index("…")
    head, tail = shown[:cut], shown[cut + 1:]
    assert actual[:len(head)] == head, where
    assert actual[len(actual) - len(tail):] == tail, where
    assert len(actual) > len(head) + len(tail), where


def _readme_sparql(kind: str) -> str:
    """The SPARQL block in README.md just before the console block that runs it."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```sparql\n(.*?)```\n```console\n\$ kg query --sparql (\w+)\.rq", text, re.S)
    for query, name in blocks:
        if name == kind:
            return query
    raise AssertionError(f"README has no SPARQL block for {kind}.rq")

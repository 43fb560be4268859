"""The command line: the JSON Lines contract, bad input and atomic outputs."""

from __future__ import annotations

import json
import subprocess
import sys

from conftest import ROOT, SEEDS

CONTRACT_KEYS = ["source", "sha256", "title", "author_org", "region", "date", "doc_number",
                 "reply_to", "doc_numbers", "titles", "orgs", "figures", "measures", "citations"]


def test_extract_prints_one_object_per_document_with_every_key(run_kg):
    code, out, err = run_kg("extract", "seeds", "--format", "jsonl")
    assert code == 0, err
    lines = out.splitlines()
    assert len(lines) == len(list(SEEDS.glob("*.txt")))
    for line in lines:
        record = json.loads(line)
        assert list(record)[: len(CONTRACT_KEYS)] == CONTRACT_KEYS
        assert record["source"].startswith("seeds/")
        assert len(record["sha256"]) == 64


def test_extract_offsets_quote_the_text(run_kg):
    code, out, _ = run_kg("extract", "seeds")
    assert code == 0
    for line in out.splitlines():
        record = json.loads(line)
        text = (ROOT / record["source"]).read_text("utf-8")
        for field in ("doc_numbers", "titles", "orgs", "figures", "measures"):
            for item in record[field]:
                assert text[item["start"]:item["end"]] == item["text"], (field, item)


def test_missing_path_is_one_line_and_nonzero(run_kg):
    code, out, err = run_kg("extract", "no/such/file.txt")
    assert code != 0 and out == ""
    assert err.strip().count("\n") == 0 and "no such file" in err


def test_folder_without_documents(run_kg, tmp_path):
    (tmp_path / "notes.md").write_text("nothing", "utf-8")
    code, _, err = run_kg("extract", str(tmp_path))
    assert code != 0 and "holds no" in err


def test_bad_file_in_a_folder_is_reported_and_skipped(run_kg, tmp_path):
    (tmp_path / "good.txt").write_bytes((SEEDS / "004_bbf6888ffcc2a91c.txt").read_bytes())
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02" * 100)
    code, out, err = run_kg("extract", str(tmp_path))
    assert code == 3  # partial success
    assert len(out.splitlines()) == 1
    assert "empty.txt" in err and "binary.txt" in err
    assert "Traceback" not in err


def test_failed_run_leaves_no_output_file(run_kg, tmp_path):
    target = tmp_path / "out.jsonl"
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "empty.txt").write_bytes(b"")
    code, _, err = run_kg("extract", str(tmp_path / "in"), "-o", str(target))
    assert code != 0
    assert not target.exists()
    assert list(tmp_path.glob(".out.jsonl.*")) == []


def test_eval_scores_predictions(run_kg, tmp_path):
    pred = tmp_path / "pred.jsonl"
    assert run_kg("extract", "seeds", "-o", str(pred))[0] == 0
    code, out, _ = run_kg("eval", "tests/gold", str(pred), "--json")
    assert code in (0, 3)
    report = json.loads(out)
    assert report["documents"] >= 5
    assert report["frame"]["date"]["accuracy"] == 1.0 or report["frame"]["date"]["total"] > 5


def test_eval_rejects_bad_prediction_file(run_kg, tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text("{not json\n", "utf-8")
    code, _, err = run_kg("eval", "tests/gold", str(bad))
    assert code == 1 and "not a JSON line" in err


def test_no_traceback_from_the_real_command(tmp_path):
    (tmp_path / "x.txt").write_bytes(b"\xff\xfe\x00\x00garbage\x00")
    result = subprocess.run([sys.executable, "-m", "kg", "extract", str(tmp_path / "x.txt")],
                            capture_output=True, text=True, cwd=ROOT)
    assert result.returncode != 0
    assert "Traceback" not in result.stderr and result.stderr.startswith("kg: ")


def test_help_on_every_command():
    for command in ("extract", "eval", "build", "validate", "export", "query", "serve", "viz",
                    "measures"):
        result = subprocess.run([sys.executable, "-m", "kg", command, "--help"],
                                capture_output=True, text=True, cwd=ROOT)
        assert result.returncode == 0 and "usage: kg " + command in result.stdout


def test_measures_suggest_lists_terms_the_scheme_lacks(run_kg, tmp_path):
    jsonl = tmp_path / "pred.jsonl"
    code, _, _ = run_kg("extract", SEEDS, "-o", jsonl)
    assert code == 0
    code, out, _ = run_kg("measures", "suggest", "--graph", jsonl, "--min-count", "1")
    lines = out.splitlines()
    assert code == 0 and lines[0].split()[:2] == ["count", "docs"]
    assert len(lines) > 1  # the seeds name measures the scheme does not hold yet
    code, _, err = run_kg("measures", "suggest", tmp_path / "missing")
    assert code == 1 and err.startswith("kg: ") and "no such file" in err


def test_an_unexpected_error_is_one_line_with_exit_70(run_kg, monkeypatch):
    import kg.cli

    def broken(args):
        raise ValueError("boom")

    monkeypatch.setattr(kg.cli, "cmd_eval", broken)  # main() builds its parser per call
    code, out, err = run_kg("eval", "a", "b")
    assert code == 70
    assert err.count("\n") == 1 and "internal error: ValueError: boom" in err
    assert "Traceback" not in err


def test_cli_default_base_is_the_namespace_default():
    from kg.cli import DEFAULT_BASE_IRI
    from kg.rdf.namespaces import DEFAULT_BASE

    assert DEFAULT_BASE_IRI == DEFAULT_BASE


def test_the_command_line_starts_without_loading_the_views():
    """Registering kg viz imports no view library: they were half of every command's start-up."""
    probe = ("import sys, kg.cli; kg.cli.make_parser(); "
             "print(sorted(m for m in ('networkx', 'pyvis', 'kg.viz.views') if m in sys.modules))")
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                            check=True)
    assert result.stdout.strip() == "[]"

"""The seed graph, built once per test session with ``kg build seeds -o OUT``.

Shared by test_queries, test_analytics and test_serve: each calls ``seed_graph_folder`` from its
own session fixture; the first call builds into the session's temporary folder, later calls
(in any test module) find it there.
"""

from __future__ import annotations

import contextlib
import io
import os
from pathlib import Path

from kg.cli import main

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SHENYANG_REPLY = "市人大十六届三次会议关于缓解社工压力提高社工待遇稳定社工队伍的建议(第0392号)的答复"
SEED_REGIONS = {"舒兰市", "青海省", "长春市", "吉林省", "沈阳市"}


def seed_graph_folder(tmp_path_factory) -> Path:
    """OUT of ``kg build seeds -o OUT`` run from the repository root (paths are seeds/…)."""
    out = tmp_path_factory.getbasetemp() / "seed-graph"
    if (out / "store").exists():
        return out
    previous = os.getcwd()
    os.chdir(ROOT)
    try:
        with contextlib.redirect_stdout(io.StringIO()):
            code = main(["build", "seeds", "-o", str(out)])
    finally:
        os.chdir(previous)
    assert code == 0, f"kg build seeds failed with exit code {code}"
    assert (out / "store").exists(), "kg build wrote no store"
    return out

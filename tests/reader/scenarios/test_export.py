"""Taking things out of the corpus, in the real command and the real terminal: ``x`` writes the
cables listed for a query as CSV, in the list's order, to the file named in its pop-up; and
``cables cite`` gives a paragraph of a corpus cable as CSL-JSON with its portion marking."""

from __future__ import annotations

import csv
import json
import os
import subprocess

from corpus import TARBALL

from .terminal import ROOT, command

QUERY = "torture egypt"


def test_the_results_written_as_csv_from_the_reader(reader, library, tmp_path) -> None:  # noqa: ANN001
    entries = library.entries(QUERY)
    ids = [library.rows([e])[e].id for e in entries]
    t = reader((80, 24))
    t.search(QUERY, len(entries))
    t.press("x")
    t.wait_for(f"the {len(entries)} cables listed as CSV")
    t.press("enter")  # the first line: the list as CSV
    t.wait_for("cables-torture-egypt.csv")  # the name offered, in the documents folder
    out = tmp_path / "torture.csv"
    t.press("\x15", str(out), "enter")  # Ctrl+U: the name offered cleared, this one typed
    t.wait(lambda: out.exists(), "the file written")
    t.wait_for("wrote")
    with out.open(encoding="utf-8", newline="") as f:
        assert [r["id"] for r in csv.DictReader(f)] == ids


def test_a_corpus_paragraph_cited_as_csl_json(corpus_index) -> None:  # noqa: ANN001
    r = subprocess.run([*command(), "cite", str(TARBALL), "10CAIRO201:4", "--format", "csl-json",
                        "--index-dir", str(corpus_index)], cwd=ROOT, capture_output=True, text=True,
                       env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=120)
    assert r.returncode == 0, r.stderr
    [item] = json.loads(r.stdout)
    assert item["type"] == "report" and item["number"] == "10CAIRO201"
    assert item["title"].startswith("GOE REMOVES OUTSPOKEN NATIONAL COUNCIL FOR HUMAN RIGHTS")
    assert item["locator"] == "4" and "¶4" in item["note"] and "(C)" in item["note"]

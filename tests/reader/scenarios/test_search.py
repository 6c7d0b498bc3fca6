"""The search on the corpus: kept when leaving the cable, cleared by its own key, a history per
archive across sessions, a query that does not read said so (and no stale rows), the query
language in the help and in ``--help``."""

from __future__ import annotations

import re
import subprocess

import pytest

from .conftest import SIZES, row_of
from .terminal import ROOT, command


@pytest.mark.parametrize("size", SIZES)
def test_leaving_the_cable_keeps_the_search_and_the_row(reader, library, size) -> None:  # noqa: ANN001
    t = reader(size)
    total = t.status().split()[3]
    t.search("tag:KZ", len(library.entries("tag:KZ")))
    found = f"{len(library.entries('tag:KZ')):,}"
    assert t.status().startswith(f" {found} shown of {total}")
    t.press("j", "j")
    t.on_row(row_of(library, "tag:KZ", 2))
    t.press("enter")
    t.opened(row_of(library, "tag:KZ", 2))
    t.press("esc")
    t.on_row(row_of(library, "tag:KZ", 2))  # the list as it was: the same search, the same row
    assert t.box("cables").title == "cables · tag:KZ"
    assert t.status().startswith(f" {found} shown of {total}")
    assert "c Clear" in t.footer()
    t.press("/")
    t.wait(lambda: t.search_box() == "tag:KZ", "the query in the box")
    t.press("esc")  # leaving the box leaves the search as it was
    t.wait(lambda: t.search_box() is None, "the box closed")
    t.on_row(row_of(library, "tag:KZ", 2))
    assert t.status().startswith(f" {found} shown of {total}")
    t.press("c")  # clearing the search is its own key
    t.wait(lambda: t.status().startswith(f" {total} shown of {total}"), "the whole archive listed")
    assert t.box("cables").title == "cables"
    t.wait(lambda: "c Clear" not in t.footer(), "the clear key gone from the footer")
    # A REF as cables write it, without the year: found in any year, and the status line says which.
    t.search("ref:BRASILIA1170", len(library.entries("ref:BRASILIA1170")))
    assert "in any year: 09BRASILIA1170, 08BRASILIA1170" in t.status()


def test_the_search_box_remembers_queries_per_archive(reader, library, tmp_path) -> None:  # noqa: ANN001
    t = reader((160, 48))
    t.search("tag:KZ", len(library.entries("tag:KZ")))
    t.search("tag:PHUM", len(library.entries("tag:PHUM")))
    t.quit()
    t = reader((80, 24))  # the same data folder: a new session
    t.press("/")
    t.wait(lambda: t.search_box() is not None, "the search box")
    for key, query in (("up", "tag:PHUM"), ("up", "tag:KZ"), ("down", "tag:PHUM")):
        t.press(key)
        t.wait(lambda q=query: t.search_box() == q, f"{query} recalled")
    t.press("enter")
    t.wait(lambda: t.status().startswith(f" {len(library.entries('tag:PHUM')):,} shown"), "the recalled query run")
    t.quit()
    samples = ROOT / "sample_cables"  # another archive: its own history (none yet)
    t = reader((80, 24), archive=samples, index_dir=tmp_path / "samples-index")
    t.press("/")
    t.wait(lambda: t.search_box() is not None, "the search box")
    t.press("up")
    t.wait(lambda: "search: words" in t.text(), "an empty box")


@pytest.mark.parametrize("size", SIZES)
def test_a_query_that_does_not_read_says_so_and_lists_nothing(reader, library, size) -> None:  # noqa: ANN001
    t = reader(size)
    t.search("torture date:2009", len(library.entries("torture date:2009")))
    t.press("/")
    t.wait(lambda: t.search_box() == "torture date:2009", "the query in the box")
    t.press("end", "-13")  # the query opens selected: End, then type on
    t.wait(lambda: "query error: not a calendar date" in t.status(), "the error in the status line")
    box = t.box("cables")
    assert not any(re.match(r"\d{4}-\d{2}-\d{2} ", t.inside(box, y)) for y in box.rows), t.text()
    assert "does not read" in t.inside(box, box.top + 1)
    t.press("enter")  # Enter does not run it either
    t.wait(lambda: "query error" in t.status(), "the error still said")
    assert t.search_box() == "torture date:2009-13"
    t.press("backspace", "backspace", "backspace")
    t.wait(lambda: re.match(r" [\d,]+ shown", t.status()), "the list again once the query reads")


@pytest.mark.parametrize("size", SIZES)
def test_the_query_language_is_in_the_help(reader, size) -> None:  # noqa: ANN001
    t = reader(size)
    t.press("?")
    t.wait_for("Every key")
    assert "Clear the search" in t.text() or size[1] < 48
    t.press("end")  # the query language closes the help: its table, then examples
    t.wait_for("Examples:")
    from parser.query import EXAMPLES, SYNTAX  # the table the help is made from

    t.wait(lambda: all(", ".join(w)[:30] in t.text() for w, _ in SYNTAX[-3:]) and EXAMPLES[-1] in t.text(),
           "the last rows of the table and the examples")


def test_the_query_language_is_in_the_command_help() -> None:
    for args in (["--help"], ["search", "--help"]):
        out = subprocess.run([*command(), *args], cwd=ROOT, capture_output=True, text=True, check=True,
                             env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin", "COLUMNS": "100"}).stdout
        assert "the query language:" in out and "has:refs, has:partial, has:summary" in out, out
        from parser.query import EXAMPLES, SYNTAX  # the table the help is made from

        for written, finds in SYNTAX:
            assert ", ".join(written) in out and finds in out, (args, written)
        for example in EXAMPLES:
            assert example in out


@pytest.mark.parametrize("size", SIZES)
def test_relevance_is_one_of_the_orders_s_goes_through(reader, library, size) -> None:  # noqa: ANN001
    t = reader(size)
    query = "election"  # stemmed: elections, elected too
    t.search(query, len(library.entries(query)))
    newest, best = row_of(library, query, 0), row_of(library, query, 0, sort="relevance")
    assert newest != best  # else the order would not show
    t.on_row(newest)
    t.press("s")
    t.wait(lambda: "sorted by relevance" in t.status(), "relevance order")
    t.press("g", "g")
    t.on_row(best)
    t.press("c")  # without words there is nothing to rank by, and the status line says so
    t.wait(lambda: "sorted by relevance (no" in t.status(), "newest first without words")

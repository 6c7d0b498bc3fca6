"""Facets of the current results (the reader's ``f``): each value's count is the number of cables
the list shows once its condition is added to the query, in one archive and in two that share
cables; and the condition is added to the query's text as the language writes it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from parser.library import Library
from parser.query import narrowed, parse_query

from .conftest import SAMPLES

QUERIES = ["", "torture", "tag:PHUM OR from:TASHKENT", "-tag:KZ", "date:2009 human rights", "date:2008..2009 torture"]
KINDS = ("tag", "station", "classification", "year", "month")


def check(lib: Library) -> int:
    seen = 0
    for query in QUERIES:
        listed = len(lib.entries(query))
        for kind in KINDS:
            for f in lib.facet(kind, query):
                assert f.count == len(lib.entries(narrowed(query, f.query).text)) <= listed, (query, f)
                seen += 1
    return seen


def test_each_count_is_what_the_narrowed_list_shows(tmp_path: Path) -> None:
    lib = Library.open([SAMPLES], tmp_path / "index")
    lib.update()
    try:
        assert check(lib) > 50
        whole = {f.value: f.count for f in lib.facet("tag")}
        within = {f.value: f.count for f in lib.facet("tag", "torture")}
        assert within and set(within) <= set(whole) and any(within[v] < whole[v] for v in within)
        assert [f.value for f in lib.facet("month", "date:2009-07")] == ["2009-07"]
    finally:
        lib.close()


def test_two_archives_sharing_cables_count_each_id_once(tmp_path: Path) -> None:
    other = tmp_path / "other"
    other.mkdir()
    for name in ("09ASTANA1104.md", "09TASHKENT0877.txt"):
        shutil.copy(SAMPLES / name, other / name)
    lib = Library.open([SAMPLES, other], tmp_path / "index")
    lib.update()
    try:
        assert check(lib) > 50
    finally:
        lib.close()


@pytest.mark.parametrize(("query", "cond", "want"), [
    ("", "tag:PHUM", "tag:PHUM"),
    ("torture", "from:CAIRO", "torture from:CAIRO"),
    ("torture OR prison", "date:2009", "torture OR prison date:2009"),  # AND: every alternative narrowed
    ("tag:phum torture", "tag:PHUM", "tag:phum torture"),  # there already
    ("-tag:PHUM", "tag:PHUM", "-tag:PHUM tag:PHUM"),
    # One value a cable (a date, a classification, an origin): the new one in place of the query's own.
    ("date:2009..2010 election", "date:2009-07", "date:2009-07 election"),
    ("iran date:2009 OR date:2010 -date:2009-01 vote date:2008", "date:2009-07",
     "iran date:2009-07 -date:2009-01 vote"),
    ("class:secret tag:IR", 'class:"SECRET//NOFORN"', 'class:"SECRET//NOFORN" tag:IR'),
    ("election from:TEHRAN", "from:BAKU", "election from:BAKU"),
    ("date:2009 OR tag:IR", "date:2010", "date:2009 OR tag:IR date:2010"),  # an OR with another field: kept
    ("tag:IR", "tag:PHUM", "tag:IR tag:PHUM"),  # a cable has many tags: added
])
def test_the_condition_is_added_to_the_text(query: str, cond: str, want: str) -> None:
    assert narrowed(query, cond).text == want
    parse_query(want)


def test_a_value_with_spaces_is_quoted() -> None:
    lib_cond = narrowed("x", 'class:"UNCLASSIFIED//FOR OFFICIAL USE ONLY"').text
    assert parse_query(lib_cond).groups[1][0].value == "UNCLASSIFIED//FOR OFFICIAL USE ONLY"

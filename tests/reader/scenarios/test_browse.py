"""Browsing what you are looking at, on the corpus in the real command: the counts of ``f`` are
those of the current results, choosing one adds its condition to the query in the search box
(editable), the timeline narrows to a period, and Enter on a code explained narrows to it."""

from __future__ import annotations

import re

from parser.library import Library

from .conftest import row_of
from .terminal import Terminal

QUERY = "torture"


def searched(t: Terminal, library: Library, query: str) -> int:
    found = len(library.entries(query))
    t.search(query, found)
    return found


def test_facets_count_the_results_and_narrow_the_query_in_the_box(reader, library) -> None:  # noqa: ANN001
    t = reader((160, 48))
    found = searched(t, library, QUERY)
    t.press("f")
    t.wait_for(f"within {found:,} results of `{QUERY}`")
    t.press("enter")  # by tag
    t.wait_for(f"Tags within {found:,} results of `{QUERY}`")
    line = t.wait(lambda: re.search(r"▊ +([\d,]+)  ([A-Z]+)\b", t.text()), "the commonest tag and its count")
    count, tag = line.group(1), line.group(2)  # type: ignore[union-attr]
    whole = next(f.count for f in library.facet("tag") if f.value == tag)
    assert int(count.replace(",", "")) == len(library.entries(f"{QUERY} tag:{tag}")) < whole
    t.press("enter")
    t.wait(lambda: t.search_box() == f"{QUERY} tag:{tag}", "the query with the tag, in the search box")
    t.wait(lambda: t.status().startswith(f" {count} shown"), f"{count} shown")
    t.press(" -from:CAIRO", "enter")  # the box is the query's, to edit: the cursor after it
    query = f"{QUERY} tag:{tag} -from:CAIRO"
    t.wait(lambda: t.status().startswith(f" {len(library.entries(query)):,} shown") and query in t.status(),
           "the edited query listed")
    t.on_row(row_of(library, query, 0))
    t.press("enter")  # the first cable: Enter on its origin in the explain screen narrows to it
    t.opened(row_of(library, query, 0))
    t.press("e")
    t.wait_for("The codes of")
    t.press("end")  # the origin is the last reading, below the fold when the cable has many codes
    t.wait_for("sent from")
    t.press("enter")
    origin = t.wait(lambda: re.search(r" from:(\S+)$", t.search_box() or ""), "the origin added to the query")
    narrowed = f"{query} from:{origin.group(1)}"  # type: ignore[union-attr]
    assert t.search_box() == narrowed
    t.wait(lambda: t.status().startswith(f" {len(library.entries(narrowed)):,} shown"), "the narrowed list")


def test_the_timeline_narrows_to_a_year_and_counts_the_whole_archive_without_a_query(reader, library) -> None:  # noqa: ANN001
    t = reader((80, 24))
    t.press("T")
    t.wait_for("Browse the whole archive")
    label = re.compile(r"the timeline's (\d{4}): ([\d,]+) cables")
    first = t.wait(lambda: label.search(t.text()), "the chosen bar")
    year, count = first.group(1), first.group(2)  # type: ignore[union-attr]
    assert "█" in t.text()
    tallest = max(library.facet("year"), key=lambda f: f.count)
    assert (year, count) == (tallest.value, f"{tallest.count:,}")  # the tallest bar is chosen first
    t.press("left")
    before = str(int(year) - 1)
    t.wait(lambda: (m := label.search(t.text())) and m.group(1) == before, f"the bar of {before}")
    shown = label.search(t.text()).group(2)  # type: ignore[union-attr]
    assert shown == f"{len(library.entries(f'date:{before}')):,}"
    t.press("enter")
    t.wait(lambda: t.search_box() == f"date:{before}", "the period in the search box")
    t.press("esc")  # the query stays: the list of that year
    t.wait(lambda: t.status().startswith(f" {shown} shown") and "⏎ Open" in t.footer(), "the year's cables")
    t.on_row(row_of(library, f"date:{before}", 0))
    # Within that year, bars a month: a month chosen takes the place of the year in the query (a
    # cable has one date: both would list the month's cables, or none), the rest kept as written.
    t.press("T")
    t.wait_for(f"within {shown} results of `date:{before}`")
    month = t.wait(lambda: re.search(rf"the timeline's ({before}-\d\d): ([\d,]+) cables", t.text()), "a month's bar")
    t.press("enter")
    t.wait(lambda: t.search_box() == f"date:{month.group(1)}", "the month in place of the year")  # type: ignore[union-attr]

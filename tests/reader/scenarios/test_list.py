"""The cable list on the corpus: the cursor always on screen and what Enter opens, the columns at
ordinary widths, zoom, every pane reachable on a small terminal, counts that agree."""

from __future__ import annotations

import re

import pytest

from parser.posts import short_origin

from .conftest import SIZES, row_of
from .terminal import Terminal

DATE_ROW = re.compile(r"\d{4}-\d{2}-\d{2} ")


def opened(t: Terminal, cable_id: str) -> None:
    t.opened(cable_id)


def highlighted(t: Terminal, cable_id: str) -> None:
    t.on_row(cable_id)


@pytest.mark.parametrize("size", SIZES)
def test_the_cursor_stays_on_screen_and_enter_opens_its_row(reader, library, size) -> None:  # noqa: ANN001
    t = reader(size)
    t.press("g", "g", "j" * 42)
    highlighted(t, row_of(library, "", 42))
    box = t.box("cables")
    assert len(t.cursor_rows(box)) == 1
    for y in box.rows:  # no horizontal scrollbar takes a row: each row is a cable's
        assert DATE_ROW.match(t.inside(box, y)), t.text()
    t.press("enter")
    opened(t, row_of(library, "", 42))
    t.press("esc")
    highlighted(t, row_of(library, "", 42))  # back in the list, on the same row
    t.press("j" * 258)
    highlighted(t, row_of(library, "", 300))
    t.press("enter")
    opened(t, row_of(library, "", 300))


def test_the_cursor_stays_on_screen_while_the_index_is_built(reader, tmp_path) -> None:  # noqa: ANN001
    t = reader((160, 48), index_dir=tmp_path / "new-index", ready=False)  # no index yet: built as we go
    t.wait(lambda: DATE_ROW.match(t.inside(t.box("cables"), t.box("cables").top + 1)), "the first cables listed")
    t.press("j" * 42)
    t.ready(seconds=180)
    box = t.box("cables")
    cable_id = t.wait(lambda: t.highlighted_id(t.box("cables")), "one highlighted row on screen")
    assert all(DATE_ROW.match(t.inside(box, y)) for y in box.rows)
    t.press("enter")
    t.opened(str(cable_id))


def test_a_first_build_left_alone_ends_on_the_newest_cable(reader, library, tmp_path) -> None:  # noqa: ANN001
    """The rows indexed later sort above the first ones: a cursor nobody moved stays on the top row,
    not on whichever cable happened to be first when the list began (it ended mid-archive)."""
    t = reader((80, 24), index_dir=tmp_path / "new-index", ready=False)
    t.wait(lambda: DATE_ROW.match(t.inside(t.box("cables"), t.box("cables").top + 1)), "the first cables listed")
    t.ready(seconds=180)
    box = t.box("cables")
    assert t.inside(box, box.top + 1).split()[1] == row_of(library, "", 0), t.text()
    highlighted(t, row_of(library, "", 0))


@pytest.mark.parametrize("size", SIZES)
def test_the_cursor_is_on_screen_after_a_restart(reader, library, size) -> None:  # noqa: ANN001
    want = row_of(library, "", 120)
    t = reader(size)
    t.press("g", "g", "j" * 120)
    highlighted(t, want)
    t.press("enter")
    opened(t, want)
    t.quit()
    t = reader(size)  # the same data folder: the reader comes back to that cable
    opened(t, want)
    if size[0] < 110:
        t.press("esc")  # one pane at a time: from the cable to the list
    highlighted(t, want)
    # The list is scrolled there: the highlight follows the cursor and Enter opens the row it is on
    # (a newcomer saw the highlight stay put while Enter opened a cable three rows up).
    t.press("esc", "k", "k", "k")
    highlighted(t, row_of(library, "", 117))
    assert len(t.cursor_rows(t.box("cables"))) == 1, t.text()
    t.press("enter")
    opened(t, row_of(library, "", 117))


@pytest.mark.parametrize("size", SIZES)
def test_browse_counts_are_the_rows_listed_and_the_cursor_is_on_the_first(reader, library, size) -> None:  # noqa: ANN001
    t = reader(size)
    shown, total = re.findall(r"[\d,]+", t.status())[:2]
    assert shown == total == f"{len(library.entries('')):,}"  # every cable listed once, counted once
    for down, value, query in ((0, "PREL", "tag:PREL"), (2, "CONFIDENTIAL", "class:CONFIDENTIAL")):
        t.press("f")
        t.wait_for("by classification")
        t.press(*(["down"] * down), "enter")
        line = t.wait(lambda v=value: re.search(rf"([\d,]+)  {v}\b", t.text()), f"{value} and its count")
        count = line.group(1)  # type: ignore[union-attr]
        t.press("enter")
        t.wait(lambda c=count: t.status().startswith(f" {c} shown of"), f"{count} shown of …")
        assert f"{len(library.entries(query)):,}" == count
        highlighted(t, row_of(library, query, 0))
        t.wait(lambda q=query: t.search_box() == q, f"{query} in the search box")  # to edit; Esc: the list
        t.press("esc", "c")
        t.wait(lambda: t.status().startswith(f" {total} shown"), "the whole list again")


@pytest.mark.parametrize("size", SIZES)
def test_rows_show_the_caveat_and_the_post(reader, library, size) -> None:  # noqa: ANN001
    query = "class:secret//noforn OR class:confidential//noforn"
    t = reader(size)
    t.search(query, len(library.entries(query)))
    entries = library.entries(query)
    rows = library.rows(entries[:60])

    def shown() -> list[tuple[str, str, str]]:
        """(row text, id, post) of each row on screen, when each is the row the list should have there."""
        box = t.box("cables")
        out = [(t.inside(box, y), str(rows[e].id), short_origin(rows[e].origin)[:6])
               for y, e in zip(box.rows, entries, strict=False)]
        return out if all(cid in text for text, cid, _ in out) else []

    on_screen = t.wait(shown, "the rows of the search")
    assert len(on_screen) >= 10  # type: ignore[arg-type]
    for text, _, post in on_screen:  # type: ignore[union-attr]
        assert re.search(r"\b[SC]/NF\b", text), text
        assert post in text, text
    assert any(text.rstrip(" ▁▂▃▄▅▆▇█▌▐").endswith("…") for text, _, _ in on_screen)  # type: ignore[union-attr]


def test_zoom_widens_the_focused_pane(reader) -> None:  # noqa: ANN001
    t = reader((160, 48))
    assert "z Zoom" in t.footer()
    before = t.box("cables")
    t.press("z")
    t.wait(lambda: t.box("cables").right - t.box("cables").left > 150, "the list across the screen")
    assert [b.title for b in t.boxes()] == ["cables"]
    assert len(t.inside(t.box("cables"), t.box("cables").top + 1).rstrip()) > before.right - before.left
    t.press("tab")  # zoomed, the next pane takes the screen
    t.wait(lambda: [b.title for b in t.boxes()] == ["sections"], "the sections pane alone")
    t.press("z")
    t.wait(lambda: len(t.boxes()) == 3, "the three panes again")


def test_every_pane_is_reachable_on_a_small_terminal(reader, library) -> None:  # noqa: ANN001
    t = reader((80, 24))
    assert "tab" in t.footer()
    first = row_of(library, "", 0)
    t.press("enter")
    opened(t, first)
    t.wait(lambda: "tab" in t.footer() and "esc" in t.footer(), "the footer saying how to move between panes")
    t.press("tab")
    t.wait(lambda: [b.title for b in t.boxes()] == ["cables"], "the list")
    t.press("tab")
    t.wait(lambda: [b.title for b in t.boxes()] == ["sections"], "the sections pane")
    sections = t.box("sections")
    assert first in t.inside(sections, sections.top + 1)
    t.press("tab")
    opened(t, first)

"""The list as a researcher left it and orders it: the query and the order of the last session come
back (and give way to the whole archive when the query no longer reads or finds nothing), the
classification order by level, the id order by number, and each toggle key says what it switched to."""

from __future__ import annotations

import json
from functools import partial
from pathlib import Path

from textual.widgets import Static

from tui.screens.main import MainScreen
from tui.state import archive_name
from tui.widgets.cable_list import CableList
from tui.widgets.search_box import SearchBox

from .conftest import SAMPLES, ready, search, until


def status(screen: MainScreen) -> str:
    return str(screen.query_one("#status", Static).render())


def says_first(screen: MainScreen, said: str) -> bool:
    """Whether the status line starts with ``said`` (and not with its reversed form)."""
    return status(screen).startswith(said) and not status(screen).startswith(said + " (reversed)")


def laid_out(screen: MainScreen, size: tuple[int, int]) -> bool:
    """Whether the screen is ``size`` and laid out for it (one pane at a time below 110 columns)."""
    return tuple(screen.app.size) == size and screen.has_class("narrow") == (size[0] < 110)


def left_with(tmp_path: Path, query: str, sort: str = "date", reversed: bool = False) -> None:
    """The sample archive's list as a last session left it in ``views.json``."""
    (tmp_path / "data").mkdir(parents=True, exist_ok=True)
    view = {archive_name(SAMPLES): {"query": query, "sort": sort, "reversed": reversed}}
    (tmp_path / "data" / "views.json").write_text(json.dumps(view), encoding="utf-8")


async def test_the_query_and_order_come_back_with_the_cable(make_app) -> None:  # noqa: ANN001
    app = make_app()
    async with app.run_test(size=(160, 45)) as pilot:
        screen = await ready(pilot)
        await search(pilot, "tag:KZ")
        await pilot.press("s", "s")  # date, relevance, id
        await until(pilot, lambda: screen.sort == "id" and len(screen.query_one(CableList).entries) > 2, "by id")
        await pilot.press("down", "enter")
        await until(pilot, lambda: screen.cable is not None, "the second cable open")
        assert screen.cable is not None
        opened = screen.cable.id
    again = make_app()
    async with again.run_test(size=(160, 45)) as pilot:
        screen = await ready(pilot)
        await until(pilot, lambda: screen.cable is not None, "the cable read last opened again")
        cl = screen.query_one(CableList)
        assert screen.current_query.text == "tag:KZ" and screen.sort == "id"
        assert screen.query_one("#search", SearchBox).value == "tag:KZ"
        assert screen.cable is not None and screen.cable.id == opened
        assert cl.cursor == 1 and cl.current == screen.entry  # the cursor on it, in the restored list
        assert "query: tag:KZ · sorted by id (restored)" in status(screen)
        await pilot.press("escape", "s")  # to the list; another order: no longer the last session's
        await until(pilot, lambda: screen.sort == "origin", "the next order")
        assert "(restored)" not in status(screen)


async def test_a_query_that_no_longer_reads_lists_the_archive(make_app, tmp_path: Path) -> None:  # noqa: ANN001
    left_with(tmp_path, "date:2009-13", "origin")
    app = make_app()
    async with app.run_test(size=(160, 45)) as pilot:
        screen = await ready(pilot)
        assert screen.current_query.empty and screen.query_error is None and screen.sort == "origin"
        assert len(screen.query_one(CableList).entries) == len(app.screen.library.entries(""))
        assert "the last session's search does not read (not a calendar date)" in status(screen)
        assert screen.query_one("#search", SearchBox).value == "date:2009-13"  # there to mend with /


async def test_a_query_that_finds_nothing_now_lists_the_archive(make_app, tmp_path: Path) -> None:  # noqa: ANN001
    left_with(tmp_path, "zanzibarqq", "id", reversed=True)
    app = make_app()
    async with app.run_test(size=(160, 45)) as pilot:
        screen = await ready(pilot)
        assert screen.current_query.empty and screen.sort == "id" and screen.reversed
        assert screen.query_one(CableList).entries
        assert "the last session's search `zanzibarqq` finds nothing now; every cable listed" in status(screen)


async def test_each_toggle_key_says_on_the_status_line_what_it_switched_to(make_app) -> None:  # noqa: ANN001
    """``b`` bookmarked in a pop-up that was gone in two seconds, ``z`` and ``m`` said nothing:
    each toggle now says, first on the status line, what it switched to, and again the other way."""
    app = make_app()
    async with app.run_test(size=(160, 45)) as pilot:
        screen = await ready(pilot)
        await pilot.press("enter")  # the first cable open, the cable pane focused
        await until(pilot, lambda: screen.cable is not None, "a cable open")
        assert screen.cable is not None
        cid = screen.cable.id
        for key, on, off in (
                ("b", f"{cid} bookmarked", f"{cid}: bookmark removed"),
                ("u", f"{cid} marked unread", f"{cid} marked read"),
                ("z", "zoom: the cable pane alone", "zoom off: every pane"),
                ("m", "raw: the cable's text exactly as found", "the cable as read, not raw"),
                ("w", "why it matched: hidden", "why it matched: shown under the list"),
                ("S", "now reversed: sorted by date (reversed)", "now in its own order again: sorted by date")):
            for said in (on, off):
                await pilot.press(key)
                await until(pilot, partial(says_first, screen, said), f"{key}: {said!r} first on the status line")
        await pilot.press("s")
        await until(pilot, lambda: status(screen).startswith("now sorted by relevance (s: by id) · "),
                    "s: the order it switched to")
        # Reversed, the next order is reversed too, and the message says so as the status line does.
        await pilot.press("S", "s")
        await until(pilot, lambda: status(screen).startswith("now sorted by id (reversed; S: not) (s: by origin) · "),
                    "s: the order it switched to, reversed")


async def test_the_subject_gets_the_room_the_id_column_left_at_both_sizes(make_app) -> None:  # noqa: ANN001
    """At 160 columns the subject had 17 characters while most ids left 4 to 7 of their 18 blank
    (at 80: 25). The id's column holds 14 now; a longer id takes the room its marking leaves, so
    the subject stays in line."""
    from parser.index import Row
    rows = {"long id, short marking": Row(1, "09USUNNEWYORK1044", "2009-11-20", "CONFIDENTIAL", "USUN NEW YORK",
                                          "A SUBJECT OF SOME LENGTH FOR THE COLUMN"),
            "common id": Row(2, "09ABUJA2053", "2009-11-20", "UNCLASSIFIED//FOR OFFICIAL USE ONLY", "Embassy Abuja",
                             "A SUBJECT OF SOME LENGTH FOR THE COLUMN"),
            "long id, long marking": Row(3, "05BUENOSAIRES138", "2005-01-20", "UNCLASSIFIED//FOR OFFICIAL USE ONLY",
                                         "Embassy Buenos Aires", "A SUBJECT OF SOME LENGTH FOR THE COLUMN")}
    app = make_app()
    async with app.run_test(size=(160, 45)) as pilot:
        screen = await ready(pilot)
        cl = screen.query_one(CableList)
        for size, room in (((160, 45), 20), ((80, 24), 28)):
            await pilot.resize_terminal(*size)
            await until(pilot, partial(laid_out, screen, size), f"the list laid out at {size}")
            width = cl.scrollable_content_region.width
            starts = set()
            for what, row in rows.items():
                line = cl._line(row, width).plain
                starts.add(line.index("A SUBJECT"))
                assert row.id is not None and row.id in line, what
                assert len(line) - line.index("A SUBJECT") >= room, (size, what, line)
            assert len(starts) == 1, "the subjects of every row start in one column"


async def test_an_empty_list_while_the_index_is_built_says_it_is_not_the_last_word(make_app) -> None:  # noqa: ANN001
    """A first build lists what it has read so far: "Nothing matches the search" read as a verdict
    on the archive when half of it was not indexed yet."""
    app = make_app()
    async with app.run_test(size=(160, 45)) as pilot:
        screen = await ready(pilot)
        cl = screen.query_one(CableList)
        screen.indexing = "indexing: 400 cables so far"  # as the index runner says while it builds
        await search(pilot, "zzyzx")
        await until(pilot, lambda: "indexed so far" in cl.empty, "said while the index is built")
        screen.indexing = ""  # the build done: the same query's verdict is the archive's
        screen.reload()
        await until(pilot, lambda: cl.empty == "Nothing matches the search (c clears it).", "said once it is built")

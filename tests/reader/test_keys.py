"""Every key path of the reader, driven headless with Textual's pilot."""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual.widgets import Input, OptionList

from tui.screens.modals import ExplainScreen, HelpScreen, PickerScreen
from tui.screens.versions import VersionsScreen
from tui.widgets.cable_list import CableList
from tui.widgets.navigator import Navigator
from tui.widgets.viewer import Viewer

from .conftest import ready, search, type_text, until


async def open_id(pilot, screen, cable_id: str) -> None:  # noqa: ANN001
    if isinstance(pilot.app.focused, Viewer):  # / in the cable finds in it: the list's search is from the list
        await pilot.press("escape")
    await search(pilot, f"id:{cable_id}")
    await pilot.press("enter")
    await pilot.pause()
    assert screen.cable is not None and screen.cable.id == cable_id


async def test_open_read_jump_and_navigate(make_app) -> None:  # noqa: ANN001
    app = make_app()
    async with app.run_test(size=(160, 45)) as pilot:
        screen = await ready(pilot)
        cl = screen.query_one(CableList)
        assert len(cl.entries) == 13  # the csv copy of 09ASTANA1104 is a version, not a row
        await open_id(pilot, screen, "09ASTANA1104")
        viewer = screen.query_one(Viewer)
        assert app.focused is viewer
        assert viewer.anchors[:2] == ["meta", "para-1"]
        # digits then Enter jump to that paragraph, from any pane
        await pilot.press("5", "enter")
        await pilot.pause()
        assert viewer.position() == "para-5"
        assert screen.query_one(Navigator).cursor_node.data == "para-5"
        await pilot.press("left_square_bracket")
        await pilot.pause()
        assert viewer.position() == "para-4"
        await pilot.press("left_curly_bracket")
        await pilot.pause()
        assert viewer.position().startswith("section-")
        await pilot.press("9", "enter")  # no paragraph 9: a message, nothing breaks
        await pilot.pause()
        assert viewer.position().startswith("section-")
        # Only Enter takes the digits: an unbound key (F5), or the tail of an escape sequence Textual does
        # not know (shift+F1 as some terminals send it, ESC O 2 P, comes as alt+O, 2, P), ends them.
        for keys in (("2", "0", "f5"), ("alt+o", "2", "P")):
            await pilot.press(*keys)
            await pilot.pause()
            assert not screen.digits and "go to" not in screen._status.plain, keys
        # Tab moves between panes
        cl.focus()
        await pilot.press("tab")
        assert isinstance(app.focused, Navigator)
        await pilot.press("tab")
        assert isinstance(app.focused, Viewer)


async def test_navigator_moves_the_viewer(make_app) -> None:  # noqa: ANN001
    app = make_app()
    async with app.run_test(size=(160, 45)) as pilot:
        screen = await ready(pilot)
        await open_id(pilot, screen, "09ASTANA1104")
        nav = screen.query_one(Navigator)
        nav.focus()
        node = nav.anchors["para-3"]
        nav.select_node(node)
        await pilot.pause()
        assert screen.query_one(Viewer).position() == "para-3"


async def test_search_narrows_and_escape_restores(make_app) -> None:  # noqa: ANN001
    app = make_app()
    async with app.run_test(size=(160, 45)) as pilot:
        screen = await ready(pilot)
        cl = screen.query_one(CableList)
        everything = list(cl.entries)
        await pilot.press("slash")
        assert isinstance(app.focused, Input)
        await type_text(pilot, "torture")
        await pilot.pause()
        assert 0 < len(cl.entries) < len(everything)
        await pilot.press("enter")
        assert app.focused is cl and cl.cursor == 0
        await pilot.press("enter")
        await pilot.pause()
        viewer = screen.query_one(Viewer)
        assert viewer.words == ("torture",)
        assert viewer.hits()
        await pilot.press("n")
        await pilot.pause()
        assert viewer.position() in viewer.hits()
        found = list(cl.entries)
        await pilot.press("slash")
        await pilot.press("escape")  # leaves the box: the search stays
        await pilot.pause()
        assert cl.entries == found
        await pilot.press("c")  # clearing the search is its own key
        await pilot.pause()
        assert cl.entries == everything


async def test_bad_query_is_shown_and_the_list_kept(make_app) -> None:  # noqa: ANN001
    app = make_app()
    async with app.run_test(size=(160, 45)) as pilot:
        screen = await ready(pilot)
        cl = screen.query_one(CableList)
        await pilot.press("slash")
        await type_text(pilot, "date:2009-1")
        await pilot.pause()
        before = list(cl.entries)
        await type_text(pilot, "3")
        await pilot.pause()
        box = screen.query_one("#search", Input)
        assert "calendar date" in str(box.border_subtitle)
        assert cl.entries == before


async def test_references_and_back_forward(make_app) -> None:  # noqa: ANN001
    app = make_app()
    async with app.run_test(size=(160, 45)) as pilot:
        screen = await ready(pilot)
        await open_id(pilot, screen, "09ASTANA1212")
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, PickerScreen)
        await pilot.press("enter")  # A. ASTANA 1104, in the archive
        await pilot.pause()
        assert screen.cable.id == "09ASTANA1104"
        await pilot.press("r")  # the seed cites nothing
        await pilot.pause()
        await pilot.press("escape")
        await pilot.press("backspace")
        await pilot.pause()
        assert screen.cable.id == "09ASTANA1212"
        await pilot.press("alt+right")
        await pilot.pause()
        assert screen.cable.id == "09ASTANA1104"
        await pilot.press("R")  # cited by 09ASTANA1212 and 09ALMATY345
        await pilot.pause()
        picker = app.screen
        assert isinstance(picker, PickerScreen)
        assert {c.value for c in picker.choices} == {"09ASTANA1212", "09ALMATY345"}
        await pilot.press("escape")
        # a reference that is not in the archive says so
        await open_id(pilot, screen, "09ASTANA1212")
        await pilot.press("r")
        await pilot.pause()
        await pilot.press("down", "enter")  # B. 08 ASTANA 2290: not here
        await pilot.pause()
        assert screen.cable.id == "09ASTANA1212"
        assert any("not in this archive" in str(n.message) for n in app._notifications)


async def test_the_copies_of_a_cable_open_from_their_picker(make_app) -> None:  # noqa: ANN001
    app = make_app()
    async with app.run_test(size=(160, 45)) as pilot:
        screen = await ready(pilot)
        await open_id(pilot, screen, "09ASTANA1104")
        first = screen.entry
        await pilot.press("v")  # the page and the csv row of the seed
        await pilot.pause()
        picker = app.screen
        assert isinstance(picker, VersionsScreen)
        entries = [c.entry for c in picker.copies]
        assert len(entries) == 2 and first in entries
        assert picker._label(0).plain[4:].startswith("→ ") == (entries[0] == first)
        other = next(e for e in entries if e != first)
        await pilot.press("down" if entries[0] == first else "up", "enter")
        await pilot.pause()
        assert screen.entry == other and screen.cable is not None and screen.cable.id == "09ASTANA1104"


async def test_raw_copy_bookmarks_explain_help_sort(make_app, tmp_path: Path) -> None:  # noqa: ANN001
    app = make_app()
    async with app.run_test(size=(160, 45)) as pilot:
        screen = await ready(pilot)
        await open_id(pilot, screen, "09ASTANA1104")
        viewer = screen.query_one(Viewer)
        await pilot.press("m")
        await pilot.pause()
        assert viewer.raw and viewer.has_class("raw") and "[PHUM](#)" in viewer.plain()
        await pilot.press("m")
        await pilot.press("y")
        assert app.clipboard.startswith("09ASTANA1104, \"KAZAKHSTAN: ALMATY NOTES, JUNE 15-26\", "
                                        "AMEMBASSY ASTANA, 2009-07-07")
        await pilot.press("b")
        assert app.state.is_bookmarked("09ASTANA1104")
        assert "09ASTANA1104" in (tmp_path / "data" / "bookmarks.json").read_text()
        await pilot.press("B")
        await pilot.pause()
        assert isinstance(app.screen, PickerScreen)
        await pilot.press("escape")
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, ExplainScreen)
        codes = app.screen.plain
        # every code of the cable with its meaning, and only codes: the sender's name is not one
        assert codes.startswith("PHUM") and "Human Rights" in codes
        assert not [line for line in codes.splitlines() if line.startswith("AMEMBASSY")]
        assert "RUEHTA" in codes  # the sender's routing indicator is a code, explained by its address
        await pilot.press("escape")
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        await pilot.press("c", "escape")  # the search cleared: the whole list again; Esc: to the list
        cl = screen.query_one(CableList)
        assert len(cl.entries) == 13 and app.focused is cl
        await pilot.press("s")
        assert screen.sort == "relevance"  # without words: newest first
        await pilot.press("s")
        assert screen.sort == "id"
        first = cl.entries[0]
        await pilot.press("S")
        assert cl.entries[-1] == first
        await pilot.press("G")
        assert cl.cursor == len(cl.entries) - 1
        await pilot.press("g")
        assert cl.cursor == len(cl.entries) - 1  # one g does nothing yet
        await pilot.press("g")
        assert cl.cursor == 0
        await pilot.press("j", "j", "k")
        assert cl.cursor == 1


async def test_browse_by_tag_narrows_the_list(make_app) -> None:  # noqa: ANN001
    app = make_app()
    async with app.run_test(size=(160, 45)) as pilot:
        screen = await ready(pilot)
        await pilot.press("f")
        await pilot.pause()
        await pilot.press("enter")  # by tag
        await pilot.pause()
        options = app.screen.query_one(OptionList)
        assert options.option_count > 5
        labels = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        kz, pgov = (next(x for x in labels if f"  {code} " in x) for code in ("KZ", "PGOV"))
        assert kz.index("Kazakhstan") == pgov.index("Internal Governmental Affairs")  # meanings in one column
        await pilot.press("enter")  # the commonest tag
        await pilot.pause()
        assert screen.current_query.text.startswith("tag:")


async def test_the_why_line_follows_the_search_as_it_is_typed(make_app) -> None:  # noqa: ANN001
    """The words around the hits come under the list for a search with words and go for one
    without, while the query is typed (the box keeps the focus; the line follows the list's frame)."""
    app = make_app()
    async with app.run_test(size=(160, 45)) as pilot:
        screen = await ready(pilot)
        why = screen.query_one("#why")
        assert not why.display
        await pilot.press("slash")
        await type_text(pilot, "president")
        await until(pilot, lambda: why.display and "president" in str(why.render()).lower(), "the why line")
        await pilot.press(*["backspace"] * len("president"))
        await type_text(pilot, "tag:KZ")
        await until(pilot, lambda: screen.current_query.text == "tag:KZ" and not why.display, "no why line for tag:KZ")
        assert isinstance(app.focused, Input)


async def test_position_is_remembered(make_app) -> None:  # noqa: ANN001
    app = make_app()
    async with app.run_test(size=(160, 45)) as pilot:
        screen = await ready(pilot)
        await open_id(pilot, screen, "09ASTANA1212")
        await pilot.press("4", "enter")
        await pilot.pause()
    again = make_app()
    async with again.run_test(size=(160, 45)) as pilot:
        screen = await ready(pilot)
        await until(pilot, lambda: screen.cable is not None, "the cable read last opened again")
        assert screen.cable is not None and screen.cable.id == "09ASTANA1212"


async def test_opening_cables_writes_the_place_and_nothing_else(make_app, tmp_path: Path) -> None:  # noqa: ANN001
    """The place to come back to and the read marks are the records of what was read: back and
    forward are the session's own, so opening a cable writes (and syncs) no list of the cables
    opened in order."""
    app = make_app()
    async with app.run_test(size=(160, 45)) as pilot:
        screen = await ready(pilot)
        await open_id(pilot, screen, "09ASTANA1212")
        await open_id(pilot, screen, "09ASTANA1104")
        await pilot.press("backspace")
        await pilot.pause()
        assert screen.cable is not None and screen.cable.id == "09ASTANA1212"
    # (views.json: the query the list was left with, ``id:09ASTANA1212`` found them)
    assert sorted(p.name for p in (tmp_path / "data").iterdir()) == ["positions.json", "reads.json", "searches.json",
                                                                     "views.json"]


async def test_small_terminal_collapses_panes(make_app) -> None:  # noqa: ANN001
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await ready(pilot)
        assert screen.has_class("narrow")
        assert not screen.query_one(Viewer).display
        await pilot.press("enter")
        await pilot.pause()
        assert screen.query_one(Viewer).display and not screen.query_one(CableList).display
        await pilot.press("escape")
        await pilot.pause()
        assert screen.query_one(CableList).display


async def test_quit(make_app) -> None:  # noqa: ANN001
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await pilot.press("q")
        await pilot.pause()
        assert not app.is_running
    assert app.return_code == 0


async def test_labels_from_outside_show_markup_as_written(make_app, tmp_path: Path) -> None:  # noqa: ANN001
    """A bookmark's subject comes from a file anyone could have written: its markup is text (a
    label read as markup would style, link or run ``[@click=app.quit]``, and ``[/x]`` would raise)."""
    import json

    subject = "[bold]NOT BOLD[/bold] [/x] [@click=app.quit]QUIT[/] [link=https://example.com]LINK[/link]"
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "bookmarks.json").write_text(json.dumps([{"id": "09ASTANA1104", "subject": subject}]))
    app = make_app()
    async with app.run_test(size=(160, 45)) as pilot:
        await ready(pilot)
        await pilot.press("B")
        await pilot.pause()
        options = app.screen.query_one(OptionList)
        prompt = options.get_option_at_index(0).prompt
        assert isinstance(prompt, Text) and prompt.plain == f"09ASTANA1104  {subject}" and not prompt.spans
        await pilot.click(OptionList, offset=(30, 0))
        await pilot.pause()
        assert app.is_running  # the [@click=app.quit] in it is text, not an action


async def test_seed_header_is_decoded_in_the_viewer(make_app) -> None:  # noqa: ANN001
    app = make_app()
    async with app.run_test(size=(160, 60)) as pilot:
        screen = await ready(pilot)
        await open_id(pilot, screen, "09ASTANA1104")
        shown = " ".join(screen.query_one(Viewer).plain().split())  # as laid out, line breaks aside
        for decoded in ("PHUM Human Rights", "PREL Political Affairs--External Political Relations", "KZ Kazakhstan",
                        "KDEM program tag, no known meaning", "KCRM program tag, no known meaning",
                        "RUEHC = DEPT OF STATE WASHINGTON DC",
                        "2009-07-07 09:55:00 UTC", "IMMEDIATE", "UNCLASSIFIED", "not classified",
                        "AMEMBASSY ASTANA", "E.O. 12958: N/A"):
            assert decoded in shown, decoded
        await pilot.press("e")
        await pilot.pause()
        body = app.screen.plain
        for line in ("RUEHBJ", "AMEMBASSY BEIJING", "SIPDIS", "Executive Order 12958"):
            assert line in body, line


async def test_a_long_list_shows_its_first_page_then_the_rest(make_app, monkeypatch) -> None:  # noqa: ANN001
    import tui.screens.main as main

    app = make_app()
    async with app.run_test(size=(160, 45)) as pilot:
        screen = await ready(pilot)
        cl = screen.query_one(CableList)
        whole = list(cl.entries)
        monkeypatch.setattr(main, "FIRST_PAGE", 4)
        cl.cursor = 6  # the cursor stays on its cable when the rest of the list comes in
        kept = cl.current
        screen.reload()
        assert cl.entries == whole[:4]  # drawn at once: the first page only
        await ready(pilot)  # the thread has brought the rest
        assert cl.entries == whole
        assert cl.current == kept
        screen.run_query("tag:PHUM")
        await ready(pilot)
        assert len(cl.entries) >= 1 and not screen._list_loading


async def test_enter_on_a_code_explained_narrows_the_query_in_the_box(make_app) -> None:  # noqa: ANN001
    """One pane at a time: from the open cable, ``e``, Enter on its first tag; the list of the
    narrowed query is shown and the search box holds that query, the cursor after it."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await ready(pilot)
        await open_id(pilot, screen, "09ASTANA1104")
        await pilot.press("e")
        await until(pilot, lambda: isinstance(app.screen, ExplainScreen), "the codes explained")
        await pilot.press("enter")  # PHUM, the first code
        box = screen.query_one("#search", Input)
        await until(pilot, lambda: app.focused is box, "the search box focused")
        assert screen.current_query.text == box.value == "id:09ASTANA1104 tag:PHUM"
        assert box.cursor_position == len(box.value) and box.selection.is_empty
        assert [p.id for p in screen.query(".pane") if p.has_class("-shown")] == ["list"]
        await pilot.press("escape")
        await until(pilot, lambda: app.focused is screen.query_one(CableList), "the list focused")
        assert screen.current_query.text == "id:09ASTANA1104 tag:PHUM"


async def test_relevance_says_when_it_ranks_only_the_last_matches(make_app) -> None:  # noqa: ANN001
    app = make_app()
    async with app.run_test(size=(160, 45)) as pilot:
        screen = await ready(pilot)
        ix = screen.library.archives[0]
        ix.rank_among = 5  # as 10,000 of a broad word's matches at 250,000 cables
        cl = screen.query_one(CableList)
        status = screen.query_one("#status")
        for query, note in (("the", "sorted by relevance (last 5 ranked)"), ("torture", None)):
            screen.run_query(query)
            while screen.sort != "relevance":
                await pilot.press("s")
            want = note or "sorted by relevance"
            await until(pilot, lambda w=want: w in str(status.render()), want, timeout=10)
            await pilot.pause()
            assert note is not None or " ranked)" not in str(status.render())
            assert [r for _, r in cl.entries] == ix.rowids(query, sort="relevance")
            await pilot.press("s")  # back to another order for the next query

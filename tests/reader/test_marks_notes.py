"""Read marks and notes, driven headless on the sample cables: a cable opened is marked read (the
list draws it apart), ``u`` marks it unread again, ``is:read``/``is:unread``/``has:note``/``note:``
list by them, a note written on a paragraph shows under it, and the bookmarks take a note and are
removed. (The same on the corpus in a real terminal: ``scenarios/test_marks_notes.py``.)"""

from __future__ import annotations

import json

from textual.widgets import OptionList, TextArea

from tui.screens.modals import BookmarksScreen, NoteScreen
from tui.state import State
from tui.widgets.cable_list import CableList
from tui.widgets.viewer import Viewer

from .conftest import ready, settled, type_text, until
from .test_keys import open_id


def _row_read(cl: CableList, cable_id: str) -> bool:
    """Whether the list draws ``cable_id``'s row as read: its id not bold."""
    index = next(n for n in range(len(cl.entries)) if (r := cl.row(n)) is not None and r.id == cable_id)
    line = cl._line(cl.row(index), 120, cursor=False, read=cl.read(0, cable_id))
    start = line.plain.index(cable_id)
    return not any(s.style and "bold" in str(s.style) for s in line.spans if s.start <= start < s.end)


async def _search(pilot, text: str) -> None:  # noqa: ANN001
    await pilot.press("slash")
    await type_text(pilot, text)
    await pilot.press("enter")
    await pilot.pause()


async def test_read_marks(make_app, tmp_path) -> None:  # noqa: ANN001
    app = make_app()
    async with app.run_test(size=(160, 45)) as pilot:
        screen = await ready(pilot)
        cl = screen.query_one(CableList)
        assert not _row_read(cl, "09ASTANA1212")
        await open_id(pilot, screen, "09ASTANA1212")
        await pilot.press("c")  # every cable again
        await until(pilot, lambda: len(cl.entries) == 13, "the whole list")
        assert _row_read(cl, "09ASTANA1212") and not _row_read(cl, "09ASTANA1104")
        await _search(pilot, "is:read")
        assert [cl.row(n).id for n in range(len(cl.entries))] == ["09ASTANA1212"]
        await _search(pilot, "is:unread")
        assert len(cl.entries) == 12 and "09ASTANA1212" not in {cl.row(n).id for n in range(12)}
        await pilot.press("c")
        await _search(pilot, "id:09ASTANA1212")
        await pilot.press("u")  # from the list: the cable under the cursor
        await pilot.pause()
        assert not _row_read(cl, "09ASTANA1212")
        await _search(pilot, "is:read")
        assert cl.entries == []
    saved = json.loads((tmp_path / "data" / "reads.json").read_text(encoding="utf-8"))
    assert saved == {}  # marked unread again: the archive has no cable read
    assert not State.load(tmp_path / "data").notices


async def test_a_note_on_a_paragraph_and_the_bookmarks(make_app, tmp_path) -> None:  # noqa: ANN001
    app = make_app()
    async with app.run_test(size=(160, 45)) as pilot:
        screen = await ready(pilot)
        await open_id(pilot, screen, "09ASTANA1104")
        await settled(pilot)
        await pilot.press("3", "enter")
        await pilot.pause()
        await pilot.press("a")
        await until(pilot, lambda: isinstance(app.screen, NoteScreen), "the note's modal")
        app.screen.query_one(TextArea).insert("Compare with the 2008 report.\nAsk the desk.")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: not isinstance(app.screen, NoteScreen), "the note kept")
        viewer = screen.query_one(Viewer)
        assert viewer.position() == "para-3"
        text = viewer.plain()
        para3, para4 = text.index("¶3 "), text.index("¶4 ")
        assert para3 < text.index("✎ Compare with the 2008 report.") < text.index("Ask the desk.") < para4
        [note] = json.loads((tmp_path / "data" / "notes.json").read_text(encoding="utf-8"))
        assert (note["cable"], note["paragraph"]) == ("09ASTANA1104", 3)
        cl = screen.query_one(CableList)
        for query, found in (("has:note", 1), ("note:report", 1), ("note:desk has:note", 1), ("note:nothing", 0)):
            await _search(pilot, query)
            assert len(cl.entries) == found, query
        # a bookmark, its note, and its removal from the bookmarks
        await pilot.press("c")
        await open_id(pilot, screen, "09ASTANA1104")
        await pilot.press("b", "B")
        await until(pilot, lambda: isinstance(app.screen, BookmarksScreen), "the bookmarks")
        await pilot.press("a")
        await until(pilot, lambda: isinstance(app.screen, NoteScreen), "the bookmark's note")
        app.screen.query_one(TextArea).insert("Why it matters")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, BookmarksScreen), "the bookmarks again")
        label = app.screen.query_one(OptionList).get_option_at_index(0).prompt
        assert "✎ Why it matters" in str(label)
        assert "Why it matters" in viewer.plain()  # the cable's note, under its header
        await pilot.press("d")
        await pilot.pause()
        assert app.state.bookmarks == [] and app.screen.query_one(OptionList).option_count == 0
        await pilot.press("escape")
    again = State.load(tmp_path / "data")
    assert again.bookmarks == [] and {n.anchor for n in again.notes.of("09ASTANA1104")} == {None, "para-3"}

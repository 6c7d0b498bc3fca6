"""A bookmark's note, driven headless on the sample cables: written from the bookmarks (``B``,
``a``), shown in the list of bookmarks and under the cable's header, kept with no paragraph; the
bookmark then removed (``d``). Read marks, notes on a paragraph and the query terms are driven on
the corpus in a real terminal: ``scenarios/test_marks_notes.py``."""

from __future__ import annotations

import json

from textual.widgets import OptionList, TextArea

from tui.screens.modals import BookmarksScreen, NoteScreen
from tui.state import State
from tui.widgets.viewer import Viewer

from .conftest import ready, until
from .test_keys import open_id


async def test_a_bookmarks_note_and_its_removal(make_app, tmp_path) -> None:  # noqa: ANN001
    app = make_app()
    async with app.run_test(size=(160, 45)) as pilot:
        screen = await ready(pilot)
        await open_id(pilot, screen, "09ASTANA1104")
        await pilot.press("b", "B")
        await until(pilot, lambda: isinstance(app.screen, BookmarksScreen), "the bookmarks")
        await pilot.press("a")
        await until(pilot, lambda: isinstance(app.screen, NoteScreen), "the bookmark's note")
        assert "09ASTANA1104, the cable" in str(app.screen.title_text)
        app.screen.query_one(TextArea).insert("Why it matters\nsecond line")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, BookmarksScreen), "the bookmarks again")
        label = str(app.screen.query_one(OptionList).get_option_at_index(0).prompt)
        assert "✎ Why it matters …" in label and "second line" not in label  # its first line
        text = screen.query_one(Viewer).plain()
        header, note = text.index("Id             09ASTANA1104"), text.index("✎ Why it matters")
        assert header < note < text.index("¶1 ")  # under the header
        await pilot.press("d")
        await pilot.pause()
        assert app.state.bookmarks == [] and app.screen.query_one(OptionList).option_count == 0
        await pilot.press("escape")
    [note] = json.loads((tmp_path / "data" / "notes.json").read_text(encoding="utf-8"))
    assert (note["cable"], note["paragraph"], note["anchor"]) == ("09ASTANA1104", None, None)
    assert State.load(tmp_path / "data").bookmarks == []

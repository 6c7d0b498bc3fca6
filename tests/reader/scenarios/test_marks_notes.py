"""Read marks and notes on the corpus, in the real command: a cable opened is drawn apart in the
list and is still read after a restart (``is:read``, ``is:unread``, ``u`` marks it unread again);
a note written on ¶3 shows under ¶3, is found by ``has:note`` and ``note:``, and is there after a
restart; a bookmark is removed from the bookmarks (``B``, ``d``)."""

from __future__ import annotations

import json

import pytest

from .terminal import Terminal
from .test_place import PLACE, at, open_cable

NOTE = "checked against the 2009 report"
OTHER = "10VATICAN33"  # listed after PLACE: sent the same day


def id_bold(t: Terminal, cable_id: str) -> bool:
    """Whether ``cable_id``'s row in the list draws its id in bold (a cable not read yet)."""
    box = t.box("cables")
    for y in box.rows:
        x = t.inside(box, y).find(cable_id)
        if x >= 0:
            return all(t.cell(y, box.left + 1 + x + k).bold for k in range(len(cable_id)))
    raise LookupError(f"{cable_id} is not in the list")


def first_row(t: Terminal) -> str:
    box = t.box("cables")
    return t.inside(box, box.top + 1)


def search(t: Terminal, query: str, found: int) -> None:
    """``Terminal.search``, its list told from the last one's by the pane's title (the count may
    be the same)."""
    t.search(query, found)
    t.wait(lambda: t.box("cables").title == f"cables · {query}", f"the list of {query}")


def nothing_found(t: Terminal, query: str) -> None:
    t.press("/")
    t.wait(lambda: t.search_box() is not None, "the search box")
    t.press(query, "enter")
    t.wait(lambda: t.status().startswith(" 0 shown"), f"nothing listed for {query}")


@pytest.mark.parametrize("size", [pytest.param((160, 48), id="160x48")])
def test_a_cable_opened_is_read_after_a_restart(reader, library, tmp_path, size) -> None:  # noqa: ANN001
    total = len(library.entries(""))
    t = reader(size)
    # Two rows, the cursor on the other one (the cursor's row is drawn in the cursor's own look).
    t.search(f"id:{PLACE} OR id:{OTHER}", 2)
    t.press("j")
    t.on_row(OTHER)
    t.wait(lambda: id_bold(t, PLACE), f"{PLACE} drawn unread")
    t.press("k", "enter")
    t.opened(PLACE)
    t.press("esc")
    t.press("j")
    t.on_row(OTHER)
    t.wait(lambda: not id_bold(t, PLACE), f"{PLACE} drawn read")
    t.quit()
    t = reader(size)  # the same data folder: a restart
    search(t, "is:read", 1)
    t.wait(lambda: first_row(t).split()[1] == PLACE, f"{PLACE} listed")
    search(t, "is:unread", total - 1)
    search(t, "is:read", 1)
    t.press("u")  # the cable under the cursor, unread again
    t.wait_for(f"{PLACE} marked unread")
    t.wait(lambda: id_bold(t, PLACE), f"{PLACE} drawn unread again")
    nothing_found(t, "is:read")
    t.quit()
    assert json.loads((tmp_path / "data" / "reads.json").read_text(encoding="utf-8")) == {}


def note_under_paragraph_3(t: Terminal) -> bool:
    lines = [t.inside(t.viewer(), y).strip() for y in t.viewer().rows]
    starts = [n for n, line in enumerate(lines) if line.startswith(("¶3 ", "¶4 "))]
    note = [n for n, line in enumerate(lines) if line.startswith(f"✎ {NOTE}")]
    return bool(starts) and lines[starts[0]].startswith("¶3 ") and len(note) == 1 and starts[0] < note[0] and (
        len(starts) == 1 or note[0] < starts[1])


@pytest.mark.parametrize("size", [pytest.param((80, 24), id="80x24")])
def test_a_note_under_paragraph_3_and_a_bookmark_removed(reader, tmp_path, size) -> None:  # noqa: ANN001
    t = reader(size)
    open_cable(t, PLACE)
    t.press("3", "enter")
    at(t, "¶3 ")
    t.press("a")
    t.wait_for(f"Note on {PLACE}, ¶3")
    t.press(NOTE, "\x13")  # ctrl+s
    t.wait(lambda: note_under_paragraph_3(t), "the note under ¶3")
    t.press("b", "B")
    t.wait_for("d remove")
    t.wait_for(PLACE)
    t.press("d")
    t.wait_for("Bookmarks: none left")
    t.press("esc")
    t.wait(lambda: "Bookmarks" not in t.text(), "the bookmarks closed")
    assert json.loads((tmp_path / "data" / "bookmarks.json").read_text(encoding="utf-8")) == []
    t.press("esc")
    t.wait(lambda: t.box("cables"), "the list")
    for query in ("has:note", "note:report"):
        search(t, query, 1)
    nothing_found(t, "note:nothing")
    t.quit()
    t = reader(size)  # a restart: the cable comes back at ¶3, its note under it
    t.opened(PLACE)
    t.wait(lambda: note_under_paragraph_3(t), "the note under ¶3 after a restart")
    t.quit()

"""Queries and state never crash the reader: a date past the calendar, a query of a thousand filters
and state files of the wrong shape each get a message, and the reader goes on; ``%`` and ``_`` in a
user's words match themselves.

Protections checked: ``query._day`` (the day after 9999-12-31), ``query.MAX_TERMS``, ``sql._like``
(LIKE patterns escaped), ``state.load_file`` (each file's shape checked, a wrong one set aside; read marks and notes by
``tui.data.reads.shape`` and ``tui.data.notes.shape``).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from reader.conftest import ready
from textual.widgets import Input

from parser.library import Library
from robustness.cli import SAMPLES, cables, safe
from tui.app import CableReader
from tui.state import State
from tui.widgets.cable_list import CableList

ARCHIVE = str(SAMPLES.resolve())  # the key of the sample archive's place in positions.json
BAD_QUERIES = {"a date after the last": "date:9999-12-31", "a range to after the last": "date:2009..9999-12-31",
               "999 field filters": " ".join(["tag:PHUM"] * 999), "999 words": " ".join(["word"] * 999)}


@pytest.mark.parametrize("case", list(BAD_QUERIES))
def test_a_bad_query_is_a_query_error_with_a_message(tmp_path: Path, tally, case: str) -> None:  # noqa: ANN001
    with tally("queries and state", "queries past the calendar or too large: a message").case():
        r = cables("search", str(SAMPLES), BAD_QUERIES[case], env={"CABLES_INDEX_DIR": str(tmp_path / "ix")})
        assert r.returncode == 2 and safe(r.stderr) and b"bad query: " in r.stderr, r.stderr[-600:]


async def test_bad_queries_in_the_readers_search_box(tmp_path: Path, tally) -> None:  # noqa: ANN001
    """The reader exited with OverflowError or ``Expression tree is too large``."""
    app = CableReader([SAMPLES], tmp_path / "ix", State.load(tmp_path / "data"))
    async with app.run_test(size=(160, 45)) as pilot:
        screen = await ready(pilot)
        before = list(screen.query_one(CableList).entries)
        box = screen.query_one("#search", Input)
        for text in BAD_QUERIES.values():
            with tally("queries and state", "queries past the calendar or too large: a message").case():
                box.value = text
                await pilot.pause()
                assert box.has_class("-invalid") and str(box.border_subtitle), text[:40]
                # still running, and no rows of the last query stand as this one's answer
                assert app.is_running and screen.query_one(CableList).entries == [] and before


@pytest.mark.parametrize(("query", "control"), [("from:%", "from:ASTANA"), ("to:_", "to:SECSTATE"),
                                                ("from:_", "from:MOSCOW"), ("class:%", "class:secret"),
                                                ("caveat:%", "caveat:noforn"), ("to:%STATE", "to:STATE")])
def test_like_wildcards_in_a_users_words_match_themselves(tmp_path: Path, tally, query: str, control: str) -> None:  # noqa: ANN001
    """``from:%`` and ``to:_`` matched every cable (the same filter with a word finds some)."""
    lib = Library.open([SAMPLES], tmp_path / "ix")
    lib.update()
    with tally("queries and state", "% and _ in a filter match only themselves").case():
        assert lib.search(control, limit=None)
        assert lib.search(query, limit=None) == []
    lib.close()


# -- state files of the wrong shape ---------------------------------------------------------------

SHAPES = {
    "positions.json: a list": ("positions.json", []),
    "positions.json: a string": ("positions.json", "x"),
    "positions.json: an archive's place a string": ("positions.json", {ARCHIVE: "x"}),
    "positions.json: a place without its cable": ("positions.json", {ARCHIVE: {"paragraph": 3}}),
    "bookmarks.json: an object": ("bookmarks.json", {"a": 1}),
    "bookmarks.json: a list of numbers": ("bookmarks.json", [1]),
    "bookmarks.json: a bookmark without its id": ("bookmarks.json", [{"x": 1}]),
    "reads.json: an archive's ids a string": ("reads.json", {ARCHIVE: "09ASTANA1104"}),
    "views.json: reversed a string": ("views.json", {ARCHIVE: {"query": "tag:KZ", "sort": "id", "reversed": "no"}}),
    "notes.json: a note without its text": ("notes.json", [{"cable": "09ASTANA1104", "anchor": "para-3"}]),
    "notes.json: a note on no part a cable has": ("notes.json",
                                                  [{"cable": "09ASTANA1104", "anchor": "x", "text": "t"}]),
}


@pytest.mark.parametrize("case", list(SHAPES))
async def test_a_state_file_of_the_wrong_shape_is_set_aside(tmp_path: Path, tally, case: str) -> None:  # noqa: ANN001
    """Each crashed the reader (at start, on opening a cable, on a bookmark, or on leaving): now the
    file is set aside with its contents, the reader says so, and it works without it."""
    name, value = SHAPES[case]
    data = tmp_path / "data"
    data.mkdir()
    text = json.dumps(value)
    (data / name).write_text(text, encoding="utf-8")
    with tally("queries and state", "state files of the wrong shape: set aside with a message").case():
        app = CableReader([SAMPLES], tmp_path / "ix", State.load(data))
        async with app.run_test(size=(160, 45)) as pilot:
            screen = await ready(pilot)
            await pilot.press("enter")  # open a cable: history and position
            await pilot.pause()
            assert screen.cable is not None
            await pilot.press("b", "B")  # bookmark it; the list of bookmarks (each with its note)
            await pilot.pause()
            await pilot.press("escape", "u", "u")  # unread and read again
            await pilot.pause()
            assert any("set aside" in str(n.message) and name in str(n.message) for n in app._notifications)
            await pilot.press("q")
        assert app.return_code == 0
        [aside] = [p for p in data.iterdir() if p.name.startswith(f"{name}.broken-")]
        assert aside.read_text(encoding="utf-8") == text  # kept as it was, for a person to look at
        again = State.load(data)  # what the session wrote is of the right shape
        assert not again.notices and again.is_bookmarked(screen.cable.id or "")
        assert again.reads.is_read(ARCHIVE, screen.cable.id or "")

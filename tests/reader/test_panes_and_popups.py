"""What a newcomer meets first, driven headless on the sample cables: Enter in the sections pane
shows that part in the cable pane, every pop-up says how it closes, the codes' readings wrap
under themselves, a cable without a subject says so, the status line keeps the query in view, a
reference followed moves the list's cursor, messages stay off the status line and footer."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from textual.app import App
from textual.containers import Vertical
from textual.geometry import Region
from textual.widget import Widget
from textual.widgets import OptionList
from textual.widgets._toast import Toast

from tui.screens.modals import ExplainScreen, PickerScreen
from tui.widgets.cable_list import CableList
from tui.widgets.navigator import Navigator
from tui.widgets.viewer import Viewer

from .conftest import SAMPLES, ready, search, settled, until
from .test_keys import open_id


def screen_lines(app: App) -> list[str]:  # type: ignore[type-arg]
    """The main screen as it would be painted now, one string a row."""
    return [strip.text for strip in app.screen._compositor.render_strips()]


def drawn(widget: Widget) -> list[str]:
    """The lines of ``widget`` as drawn, its border with them."""
    return [strip.text for strip in widget.render_lines(Region(0, 0, widget.size.width, widget.size.height))]


@pytest.mark.parametrize("size", [(160, 45), (80, 24)], ids=["160x45", "80x24"])
@pytest.mark.parametrize("key", ["enter", "l"])
async def test_enter_in_the_sections_shows_that_part_in_the_cable_pane(make_app, size, key) -> None:  # noqa: ANN001
    app = make_app()
    async with app.run_test(size=size) as pilot:
        screen = await ready(pilot)
        await open_id(pilot, screen, "09ASTANA1104")
        await settled(pilot)
        await pilot.press("escape", "tab")  # the list, then the sections pane
        nav, viewer = screen.query_one(Navigator), screen.query_one(Viewer)
        assert app.focused is nav
        nav.move_cursor(nav.anchors["para-3"])
        await pilot.pause()
        await pilot.press(key)
        await until(pilot, lambda: app.focused is viewer, "the cable pane focused")
        assert viewer.has_class("-shown")
        if size[0] < 110:  # one pane at a time: the cable pane in place of the sections
            assert [p.id for p in screen.query(".pane") if p.has_class("-shown")] == ["viewer"]
        def at_para_3() -> bool:
            line = viewer.offsets().get("para-3", -1)
            return viewer.position() == "para-3" and viewer.scroll_y <= line < viewer.scroll_y + viewer.size.height

        await until(pilot, at_para_3, "the cable pane at ¶3, ¶3 in view")


async def test_every_popup_says_how_it_closes_and_what_enter_does(make_app) -> None:  # noqa: ANN001
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await ready(pilot)
        await open_id(pilot, screen, "09ASTANA1212")  # its references: 09ASTANA1104 is in the samples
        await pilot.press("b")
        for key, enter in (("e", None), ("r", "Enter open"), ("question_mark", None), ("B", "Enter open"),
                           ("v", "Enter open"), ("f", "Enter choose")):
            await pilot.press(key)
            await until(pilot, lambda: app.screen is not screen, f"the pop-up of {key}")
            bottom = str(app.screen.query_one(Vertical).border_subtitle)  # on the pop-up's bottom border
            assert "Esc close" in bottom, bottom
            if enter:
                assert enter in bottom, bottom
            await pilot.press("escape")
            await until(pilot, lambda: app.screen is screen, "the pop-up closed")


async def codes_of(pilot, screen, cable_id: str) -> OptionList:  # noqa: ANN001
    """The codes pop-up (e) of ``cable_id``, opened: its list of readings."""
    await open_id(pilot, screen, cable_id)
    await pilot.press("e")
    await until(pilot, lambda: isinstance(pilot.app.screen, ExplainScreen), "the codes explained")
    await pilot.pause()
    return pilot.app.screen.query_one(OptionList)


async def test_the_codes_readings_wrap_under_themselves(make_app) -> None:  # noqa: ANN001
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        options = await codes_of(pilot, await ready(pilot), "09ASTANA1104")
        lines = [line[2:-2] for line in drawn(options)[1:-1]]  # inside the border (and its padding)
        lines = [line for line in lines if line.strip()]
        assert lines[0].startswith("PHUM")
        column = re.search(r"\S+\s+", lines[0]).end()  # type: ignore[union-attr]  # where the readings start
        assert column >= 16
        wrapped = [line for line in lines if not line[:column].strip()]
        assert wrapped, "no reading long enough to wrap at 80 columns"
        for line in lines:  # a code and its reading, or a reading's next line under the reading
            assert line[:column].strip() or line[column] != " ", f"a reading wrapped to the margin: {line!r}"


async def test_a_cable_without_a_subject_says_so(make_app, tmp_path: Path) -> None:  # noqa: ANN001
    archive = tmp_path / "archive"
    archive.mkdir()
    text = (SAMPLES / "09ALMATY0345.txt").read_text(encoding="utf-8")
    lines = text.splitlines(keepends=True)
    start = next(n for n, line in enumerate(lines) if line.startswith("SUBJECT:"))
    end = next(n for n in range(start + 1, len(lines)) if not lines[n].strip())  # the subject's lines
    (archive / "09ALMATY0345.txt").write_text("".join(lines[:start] + lines[end:]), encoding="utf-8")
    app = make_app([archive])
    async with app.run_test(size=(160, 45)) as pilot:
        screen = await ready(pilot)
        cl = screen.query_one(CableList)
        row = cl.row(0)
        assert row is not None and row.id == "09ALMATY345" and not row.subject
        assert cl._line(row, 120).plain.endswith("(no subject)")
        await pilot.press("enter")
        await settled(pilot)
        await pilot.press("b", "B")
        await until(pilot, lambda: isinstance(app.screen, PickerScreen), "the bookmarks")
        option = app.screen.query_one(OptionList).get_option_at_index(0)
        assert getattr(option.prompt, "plain", None) == "09ALMATY345  (no subject)"


async def test_status_counts_copies_and_keeps_the_query_at_80_columns(make_app) -> None:  # noqa: ANN001
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await ready(pilot)
        status = screen_lines(app)[-2]
        assert "1 further copy of listed ids" in status, status  # the csv copy of 09ASTANA1104
        # The archive counted as cables search counts it, in the same words (its title said "13 / 13",
        # its status "13 shown of 13 cables"; cables search "in 14 cables"): the list shows ids.
        assert status.strip().startswith("13 shown of 13 ids"), status
        assert "13 of 14 cables (13 ids)" in screen_lines(app)[0], screen_lines(app)[0]
        await pilot.press("slash")
        for k in ("t", "o", "r", "t", "u", "r", "e", "enter"):
            await pilot.press(k)
        await until(pilot, lambda: not screen.has_class("searching"), "the search run")
        await pilot.pause()
        status = screen_lines(app)[-2]
        assert "query: torture" in status, status
        # The copies are the archive's: said of the whole archive's list, not of a query's, which may
        # have none (every list of the corpus said "12 further copies of listed ids").
        assert "further" not in status, status


async def test_a_reference_followed_moves_the_list_cursor(make_app) -> None:  # noqa: ANN001
    app = make_app()
    async with app.run_test(size=(160, 45)) as pilot:
        screen = await ready(pilot)
        cl = screen.query_one(CableList)
        cl.cursor = next(n for n in range(len(cl.entries)) if cl.row(n).id == "09ASTANA1212")  # type: ignore[union-attr]
        await pilot.press("enter")
        await settled(pilot)
        await pilot.press("r")
        await until(pilot, lambda: isinstance(app.screen, PickerScreen), "the references")
        await pilot.press("enter")  # the first: 09ASTANA1104
        await until(pilot, lambda: screen.cable is not None and screen.cable.id == "09ASTANA1104", "the reference open")
        assert cl.row(cl.cursor).id == "09ASTANA1104"  # type: ignore[union-attr]
        await pilot.press("escape")
        await pilot.pause()
        assert app.focused is cl and cl.row(cl.cursor).id == "09ASTANA1104"  # type: ignore[union-attr]


async def test_messages_leave_the_status_line_and_footer_in_view(make_app) -> None:  # noqa: ANN001
    app = make_app()
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        screen = await ready(pilot)
        await pilot.press("y")  # no cable open: a message
        await until(pilot, lambda: bool(app.screen.query(Toast)), "a message")
        await pilot.pause()
        status = screen.query_one("#status")
        for toast in app.screen.query(Toast):
            assert toast.region.bottom <= status.region.y, (toast.region, status.region)
        # A search with words: the line of why the highlighted cable matched, under the list; a
        # message goes above it.
        await pilot.press("slash", "t", "o", "r", "t", "u", "r", "e", "enter")
        why = screen.query_one("#why")
        await until(pilot, lambda: why.display and "torture" in str(why.render()).lower(), "why it matched")
        app.clear_notifications()
        await pilot.press("y")
        await until(pilot, lambda: bool(app.screen.query(Toast)), "a message")
        await pilot.pause()
        for toast in app.screen.query(Toast):
            assert toast.region.bottom <= why.region.y, (toast.region, why.region)


async def test_the_classification_starts_where_every_other_field_does(make_app) -> None:  # noqa: ANN001
    app = make_app()
    async with app.run_test(size=(160, 45)) as pilot:
        screen = await ready(pilot)
        await open_id(pilot, screen, "09TASHKENT877")
        await settled(pilot)
        lines = screen.query_one(Viewer).plain().splitlines()
        value = {line.split()[0]: len(line) - len(line[len(line.split()[0]):].lstrip())
                 for line in lines if line.split() and line.split()[0] in ("Id", "Precedence", "Classification")}
        assert value["Classification"] == value["Id"] == 15, lines[:8]


async def test_clearing_the_search_clears_the_open_cables_hits(make_app) -> None:  # noqa: ANN001
    """The open cable's hits are its search's words: after c the status line still said "2 hits (n:
    next)" of a search no longer there."""
    app = make_app()
    async with app.run_test(size=(160, 45)) as pilot:
        screen = await ready(pilot)
        viewer = screen.query_one(Viewer)
        await search(pilot, "torture")
        await pilot.press("enter")
        await until(pilot, lambda: screen.cable is not None and viewer.hit_count > 0, "a cable open with its hits")
        screen.query_one(CableList).focus()
        await pilot.press("c")
        await until(pilot, lambda: screen.current_query.empty, "the search cleared")
        await until(pilot, lambda: viewer.hit_count == 0, "no hits left of the cleared search")
        assert "hit" not in screen_lines(app)[-2], screen_lines(app)[-2]


async def test_j_and_k_move_in_a_pop_ups_list_as_in_the_cable_list(make_app) -> None:  # noqa: ANN001
    """In the codes pop-up (e) j did nothing: Enter then narrowed the query by the first code."""
    app = make_app()
    async with app.run_test(size=(160, 45)) as pilot:
        options = await codes_of(pilot, await ready(pilot), "09ASTANA1104")
        start = options.highlighted or 0
        await pilot.press("j", "j")
        await until(pilot, lambda: options.highlighted == start + 2, "j twice: two codes down")
        await pilot.press("k")
        await until(pilot, lambda: options.highlighted == start + 1, "k: one up")

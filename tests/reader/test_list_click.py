"""A click on a row of the list selects that row (the border above the rows is not a row), and a
double click opens it."""

from __future__ import annotations

from tui.widgets.cable_list import CableList

from .conftest import ready


async def test_a_click_selects_the_row_under_it(make_app) -> None:  # noqa: ANN001
    app = make_app()
    async with app.run_test(size=(160, 45)) as pilot:
        screen = await ready(pilot)
        cl = screen.query_one(CableList)
        await pilot.click(CableList, offset=(5, 3))  # the border is line 0: the third row
        await pilot.pause()
        assert cl.cursor == 2
        await pilot.click(CableList, offset=(5, 0))  # the border: nothing
        await pilot.pause()
        assert cl.cursor == 2
        await pilot.click(CableList, offset=(5, 4), times=2)
        await pilot.pause()
        row = cl.row(3)
        assert row is not None and screen.cable is not None and screen.cable.id == row.id

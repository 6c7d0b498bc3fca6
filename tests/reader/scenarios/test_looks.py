"""Four looks no one confuses, on the default theme and a light one: a search hit, a classification
marking, the marking on the cursor's row, and the cursor; each readable (contrast 4.5 or more)."""

from __future__ import annotations

import re

import pytest

from tui.widgets.cable_list import DATE, ID

from .conftest import row_of
from .terminal import Terminal

QUERY = "torture class:confidential"
MARK_COLUMN = DATE + 1 + ID + 1  # date, id: where the list's marking starts


def luminance(colour: str) -> float:
    def channel(c: int) -> float:
        s = c / 255
        return s / 12.92 if s <= 0.03928 else ((s + 0.055) / 1.055) ** 2.4

    assert re.fullmatch(r"[0-9a-f]{6}", colour), f"{colour!r}: not a colour of its own (the terminal's default)"
    r, g, b = (int(colour[i:i + 2], 16) for i in (0, 2, 4))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast(fg: str, bg: str) -> float:
    a, b = sorted((luminance(fg), luminance(bg)), reverse=True)
    return (a + 0.05) / (b + 0.05)


def first_option(t: Terminal) -> str:
    """The first choice the command palette offers, below its search line."""
    lines = t.lines()
    at = next(n for n, line in enumerate(lines) if "🔎" in line)
    return next(line.strip("▊▎ ") for line in lines[at + 1:] if line.strip("▊▎▁▔ "))


def use_theme(t: Terminal, theme: str) -> None:
    t.press("ctrl+p")
    t.wait_for("Search for commands")
    t.press("theme")
    t.wait(lambda: first_option(t) == "Theme", "the theme command first")
    t.press("enter")
    t.wait_for("Search for themes")
    t.press(theme)
    t.wait(lambda: first_option(t) == theme, f"{theme} first")
    t.press("enter")
    t.wait(lambda: "Search for themes" not in t.text() and t.box("cables"), "the theme applied")


@pytest.mark.parametrize("theme", ["textual-dark", "textual-light"])
def test_hits_markings_badges_and_the_cursor_look_apart(reader, library, theme) -> None:  # noqa: ANN001
    t = reader((160, 48))
    if theme != "textual-dark":
        use_theme(t, theme)
    t.search(QUERY, len(library.entries(QUERY)))
    first = row_of(library, QUERY, 0)  # the cursor's row after a search
    box = t.box("cables")
    y = t.wait(lambda: next((r for r in box.rows if first in t.inside(box, r)), None), f"{first} listed")
    assert isinstance(y, int)
    cursor = t.cell(y, box.left + 1)
    badge = t.cell(y, box.left + 1 + MARK_COLUMN)
    other = next(r for r in box.rows if r != y and t.inside(box, r).strip())
    plain_badge = t.cell(other, box.left + 1 + MARK_COLUMN)
    assert badge.data == "C" and plain_badge.data == "C"
    assert cursor.bg != t.cell(other, box.left + 1).bg  # the cursor shows
    assert badge.bg != cursor.bg, "the marking on the cursor's row is drawn in the cursor's colours"
    assert (badge.fg, badge.bg) == (plain_badge.fg, plain_badge.bg)  # a marking keeps its band on the cursor
    assert (luminance(t.cell(other, box.left + 1).bg) > 0.5) == (theme == "textual-light")  # the theme in use
    assert contrast(cursor.fg, cursor.bg) >= 4.5
    assert contrast(badge.fg, badge.bg) >= 4.5
    t.press("enter")
    t.opened(first)
    t.press("n")  # to the first paragraph with a hit
    viewer = t.viewer()
    hits = [t.cell(yy, x) for yy in viewer.rows for x in range(viewer.left + 1, viewer.right)
            if t.cell(yy, x).underscore and t.cell(yy, x).data.isalpha()]
    t.wait(lambda: hits or [1 for yy in viewer.rows for x in range(viewer.left + 1, viewer.right)
                            if t.cell(yy, x).underscore], "a search hit")
    hits = [t.cell(yy, x) for yy in viewer.rows for x in range(viewer.left + 1, viewer.right)
            if t.cell(yy, x).underscore and t.cell(yy, x).data.isalpha()]
    hit = hits[0]
    markings = [t.cell(yy, x + 1) for yy in viewer.rows for x in range(viewer.left + 1, viewer.right - 3)
                if "".join(t.cell(yy, x + k).data for k in range(3)) == "(C)"]
    assert markings, t.text()
    marking = markings[0]
    assert hit.bg != marking.bg and hit.bg != badge.bg and hit.bg != cursor.bg
    assert marking.bg == badge.bg  # the same level, the same band, in the list and the cable
    assert not marking.underscore
    assert contrast(hit.fg, hit.bg) >= 4.5 and contrast(marking.fg, marking.bg) >= 4.5

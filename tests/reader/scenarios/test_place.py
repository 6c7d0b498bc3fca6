"""The place on the corpus: the cable and paragraph come back on the next start, back and forward
return to the paragraph left (the navigator on it), the paragraph keys work in the raw text, and
the header's fields wrap under their values."""

from __future__ import annotations

import json
import re

import pytest

from .conftest import SIZES, row_of
from .terminal import Terminal

PLACE = "10ABUJA215"  # paragraphs numbered 1 to 16, and headed sections
CITES = "10DAMASCUS168"  # its reference A, 10STATE17307, is in the archive
CITED = "10STATE17307"
LABELS = ("Id", "Date (UTC)", "Precedence", "Classification", "Caveats", "From", "To", "Info", "Tags", "E.O.",
          "Classified by", "Reasons", "References")


def open_cable(t: Terminal, cable_id: str) -> None:
    t.search(f"id:{cable_id}", 1)
    t.press("enter")
    t.opened(cable_id)


def at(t: Terminal, start: str) -> None:
    """Wait until the cable pane's first line starts with ``start``."""
    t.wait(lambda: t.top_line().startswith(start), f"the cable pane starting at {start!r}")


def navigator_on(t: Terminal, label: str) -> None:
    """Wait until the sections pane's cursor is on ``label`` (its label drawn in a background
    the other paragraphs' labels do not have)."""
    def on() -> bool:
        box = t.box("sections")
        starts = {y: t.inside(box, y).find("¶") for y in box.rows}
        here = [y for y in box.rows if t.inside(box, y)[starts[y]:].startswith(label + " ")]
        others = {t.cell(y, box.left + 1 + x).bg for y, x in starts.items() if x >= 0 and y not in here}
        return len(here) == 1 and bool(others) and t.cell(here[0], box.left + 1 + starts[here[0]]).bg not in others

    t.wait(on, f"the sections pane on {label}")


@pytest.mark.parametrize("size", SIZES)
def test_the_cable_and_paragraph_come_back_on_the_next_start(reader, tmp_path, size) -> None:  # noqa: ANN001
    t = reader(size)
    open_cable(t, PLACE)
    t.press("5", "enter")
    at(t, "¶5 ")
    t.press("]]]]")
    at(t, "¶9 ")
    t.quit()
    positions = json.loads((tmp_path / "data" / "positions.json").read_text(encoding="utf-8"))
    assert [p["paragraph"] for p in positions.values()] == [9]
    t = reader(size)
    t.opened(PLACE)
    at(t, "¶9 ")
    if size[0] >= 110:
        navigator_on(t, "¶9")
    else:  # the cable alone on the screen: / finds in it, and the box says how to search the archive
        t.press("/")
        t.wait_for(f"find in {PLACE}: in this cable · Esc Esc /: search the archive")
        t.press("esc", "esc", "/")
        t.wait(lambda: t.search_box() is not None, "the archive's search box, as the find box said")


@pytest.mark.parametrize("size", SIZES)
def test_back_and_forward_return_to_the_paragraph_left(reader, size) -> None:  # noqa: ANN001
    t = reader(size)
    open_cable(t, CITES)
    t.press("]]]")
    at(t, "¶3 ")
    t.press("r")
    t.wait_for(f"References of {CITES}")
    t.press("enter")  # A: the first reference
    t.opened(CITED)
    t.press("]]")
    at(t, "¶2 ")
    t.press("backspace")
    t.opened(CITES)
    at(t, "¶3 ")
    if size[0] >= 110:
        navigator_on(t, "¶3")
    t.press("alt+right")
    t.opened(CITED)
    at(t, "¶2 ")
    if size[0] < 110:  # one pane at a time: the sections pane is on the same paragraph
        t.press("tab", "tab")
        t.wait(lambda: [b.title for b in t.boxes()] == ["sections"], "the sections pane")
        navigator_on(t, "¶2")


@pytest.mark.parametrize("size", SIZES)
def test_the_paragraph_keys_move_in_the_raw_text(reader, library, size) -> None:  # noqa: ANN001
    cable = library.cable(library.find(PLACE)[0])
    assert cable is not None
    titles = [s.title for s in cable.sections]
    t = reader(size)
    open_cable(t, PLACE)
    t.press("m")
    t.wait(lambda: t.viewer().title == f"{PLACE} (raw)", "the raw text")
    t.press("]")
    at(t, "¶1.")
    t.press("3", "enter")
    at(t, "¶3.")
    t.press("}")
    t.wait(lambda: any(t.top_line().startswith(title[:20]) for title in titles), "a section's heading")
    t.press("[")
    t.wait(lambda: t.top_line().startswith("¶"), "a paragraph again")
    assert "no more" not in t.text()
    t.press("7", "enter")
    at(t, "¶7.")
    t.press("m")  # the cable as read, at the same paragraph
    t.wait(lambda: t.viewer().title == PLACE, "the cable as read")
    at(t, "¶7 ")


@pytest.mark.parametrize("size", SIZES)
def test_header_fields_wrap_under_their_values(reader, library, size) -> None:  # noqa: ANN001
    first = row_of(library, "", 0)  # its To and Info lines are long
    t = reader(size)
    t.press("enter")
    t.opened(first)
    t.wait(lambda: any(t.inside(t.viewer(), y).startswith(" Id ") for y in t.viewer().rows), "the header")
    box = t.viewer()
    lines = [t.inside(box, y)[1:] for y in box.rows]  # the pane's padding column aside
    start = next(n for n, line in enumerate(lines) if line.startswith("Id "))
    end = next((n for n, line in enumerate(lines) if line.lstrip().startswith("¶")), len(lines))
    hanging = 0
    for line in lines[start:end]:
        if not line.strip():
            continue
        if line[:15].strip():
            assert line[:15].strip() in LABELS, f"a field's line runs back to the margin: {line!r}"
        else:
            assert line[15] != " ", line
            hanging += 1
    assert hanging >= 2


def test_a_restart_shows_the_three_panes_and_never_a_total_of_0(reader, tmp_path) -> None:  # noqa: ANN001
    """Every frame from the start: the cable restored at 160x48 comes with the list beside it
    (the wide layout), and the title counts no total it does not know yet (never "999 / 0") and
    nothing it has not counted (never "199+" while the list is read)."""
    t = reader((160, 48))
    open_cable(t, PLACE)
    t.press("5", "enter")
    at(t, "¶5 ")
    t.quit()
    t = reader((160, 48), ready=False)
    frames: list[list[str]] = []

    def up() -> bool:
        frames.append(t.lines())
        return bool(re.search(r"^ [\d,]+ shown of [\d,]+ ids?\b", t.status())) and "indexing" not in t.status()

    t.wait(up, "the list, fully loaded and indexed")
    t.opened(PLACE)
    at(t, "¶5 ")
    for frame in frames:
        titles = re.findall(r"╭─ (\S+)", "\n".join(frame))
        if titles:
            assert titles[0] == "cables" and len(titles) == 3, "\n".join(frame)
        assert not re.search(r" / 0\b", frame[0]), frame[0]
        assert not re.search(r"\d\+", frame[0]), frame[0]  # a count or nothing: never "199+", the first page read


def test_the_search_and_order_come_back_with_the_cable_on_screen(reader, library, tmp_path) -> None:  # noqa: ANN001
    """A newcomer's report: the cable came back but the search and the order were gone. At 80x24
    the cable restored takes the screen; Esc shows the list of the search restored, in its order,
    scrolled to the cable's row (the 61st: three screens down)."""
    query = "tag:PHUM"
    found = len(library.entries(query, "id"))
    row = row_of(library, query, 60, "id")
    t = reader((80, 24))
    t.search(query, found)
    t.press("s", "s")  # date, relevance, id
    t.wait(lambda: "sorted by id" in t.status(), "the id order")
    t.press("j" * 60)
    t.on_row(row)
    t.press("enter")
    t.opened(row)
    t.quit()
    t = reader((80, 24))
    t.opened(row)
    assert f"query: {query} · sorted by id (restored)" in t.status()
    t.press("esc")
    t.on_row(row)  # the one highlighted row on screen is the cable's
    assert t.box("cables").title == f"cables · {query}"

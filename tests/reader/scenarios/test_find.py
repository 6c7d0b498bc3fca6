"""Finding in the open cable (``/`` in the cable pane, as in less) and seeing why a cable matched
(the words around its hits, under the list), on the corpus in a pseudo-terminal."""

from __future__ import annotations

from parser.library import Library
from tui.render import cable_text

from .conftest import row_of
from .terminal import Box, Terminal

CABLE = "10ANKARA302"  # Iran in its subject lines, its paragraphs and its header
HIT_BG, CURRENT_BG = "ff87ff", "000000"  # tui.render.HIT_STYLE and CURRENT_HIT_STYLE


def marked(t: Terminal, rows: range, left: int, right: int, bg: str) -> list[str]:
    """The runs of cells drawn on ``bg`` in ``rows``, as text (blank ones left out)."""
    runs: list[str] = []
    for y in rows:
        run = ""
        for x in range(left, right):
            cell = t.cell(y, x)
            if cell.bg == bg:
                run += cell.data
            elif run:
                runs.append(run)
                run = ""
        if run:
            runs.append(run)
    return [r for r in runs if r.strip()]


def in_viewer(t: Terminal, bg: str) -> list[str]:
    box: Box = t.viewer()
    return marked(t, box.rows, box.left + 1, box.right - 3, bg)  # not the scrollbar


def test_find_in_the_open_cable(reader, library: Library) -> None:  # noqa: ANN001
    entry = library.find(CABLE)[0]
    shown = cable_text(library.cable(entry)).plain.lower()  # what the cable pane shows
    total = shown.count("iran")
    in_paragraphs = sum(p.text.lower().count("iran") for p in library.cable(entry).paragraphs)
    assert total > in_paragraphs > 3
    t = reader((80, 24))
    t.search(f"id:{CABLE}", 1)
    t.press("enter")
    t.opened(CABLE)
    t.press("/")
    t.wait_for(f"find in {CABLE}:")
    t.press("IrAn")  # any case; found as it is typed
    t.wait(lambda: f"find “IrAn”: hit 1 of {total} " in t.status(), "the first hit counted")
    t.wait(lambda: [h.lower() for h in in_viewer(t, CURRENT_BG)] == ["iran"], "the hit gone to, on the screen")
    t.press("enter")  # the box closes; the find stays
    t.wait(lambda: f"find in {CABLE}:" not in t.text(), "the find box closed")
    for n in range(2, 5):
        t.press("n")
        t.wait(lambda n=n: f"hit {n} of {total} " in t.status(), f"hit {n}")
        t.wait(lambda: [h.lower() for h in in_viewer(t, CURRENT_BG)] == ["iran"], f"hit {n} on the screen")
    assert all(h.lower() in ("iran", "ira", "ran", "ir", "an", "i", "n") for h in in_viewer(t, HIT_BG))
    t.press("N", "N", "N", "N")  # before the first: the last
    t.wait(lambda: f"hit {total} of {total} " in t.status(), "round to the last hit")
    t.wait(lambda: [h.lower() for h in in_viewer(t, CURRENT_BG)] == ["iran"], "the last hit on the screen")
    t.press("n")  # past the last: the first again
    t.wait(lambda: f"hit 1 of {total} " in t.status(), "round to the first hit")
    t.wait_for("the first again")
    # What y copied is said first; the next hit gone to is said instead (at 80 columns the copy's
    # message left no room for the hit's count).
    t.press("y")
    t.wait(lambda: t.status().strip().startswith("copied the citation of"), "the copy said")
    t.press("n")
    t.wait(lambda: f"hit 2 of {total} " in t.status(), "the next hit")
    assert t.status().strip().startswith(f"find “IrAn”: hit 2 of {total} "), t.status()  # not the copy's, stale
    t.press("N")
    t.wait(lambda: f"hit 1 of {total} " in t.status(), "back to the first hit")
    # Esc leaves the box with the find as it was; a find not in the cable says so.
    t.press("/")
    t.wait_for(f"find in {CABLE}:")
    t.press("end", "zq")
    t.wait(lambda: "find “IrAnzq”: not found in this cable (Esc Esc /: the archive)" in t.status(),
           "a find with no hits, and where the archive is searched")
    assert not in_viewer(t, HIT_BG) and not in_viewer(t, CURRENT_BG)
    t.press("esc")
    t.wait(lambda: "find “IrAn”: " in t.status() and f"find in {CABLE}:" not in t.text(), "the find as before")
    # An empty find clears its marks: no hits left (no search words either).
    t.press("/")
    t.wait_for(f"find in {CABLE}:")
    t.press(*["backspace"] * 4, "enter")
    t.wait(lambda: "find" not in t.status() and "hit" not in t.status(), "the find cleared")
    t.wait(lambda: not in_viewer(t, HIT_BG) and not in_viewer(t, CURRENT_BG), "no marks left")
    # The list search's hits in the cable are counted the same way (in the paragraphs).
    t.press("esc")
    t.search(f"iran id:{CABLE}", 1)
    t.wait(lambda: why_line(t).startswith(CABLE) and "iran" in why_line(t).lower(), "why, under the list")
    t.press("/")  # from the list, / is still the search of the archive
    t.wait(lambda: t.search_box() == f"iran id:{CABLE}", "the list's search box")
    t.press("esc")
    t.wait(lambda: t.search_box() is None, "the search box closed")
    t.press("enter")
    t.opened(CABLE)
    t.wait(lambda: why_line(t) == "", "the why line gone with the list")  # the cable takes the screen
    t.wait(lambda: f"{in_paragraphs} hits (n: next)" in t.status(), "the search's hits counted")
    t.press("n")
    t.wait(lambda: t.status().startswith(f" hit 1 of {in_paragraphs} "), "the first of the search's hits")
    t.wait(lambda: [h.lower() for h in in_viewer(t, CURRENT_BG)] == ["iran"], "the search's hit on the screen")


def why_line(t: Terminal) -> str:
    """The two lines between the panes and the status line, or "" when the panes reach the status."""
    lines = t.lines()
    return "" if lines[-3].startswith("╰") else " ".join(line.strip() for line in lines[-4:-2])


def test_why_a_cable_matched(reader, library: Library) -> None:  # noqa: ANN001
    t = reader((160, 48))
    query = "nuclear weapons iran israel egypt"  # a long query: the window with the most words is shown
    t.search(query, len(library.entries(query)))
    first, second = row_of(library, query, 0), row_of(library, query, 1)
    t.wait(lambda: why_line(t).startswith(first), f"why {first} matched")
    hits = {h.lower() for h in marked(t, range(t.rows - 4, t.rows - 2), 0, t.cols, HIT_BG)}
    assert len(hits) >= 2 and hits <= {"nuclear", "weapons", "iran", "israel", "egypt"}, hits
    t.press("j")
    t.wait(lambda: why_line(t).startswith(second), f"why {second} matched")
    t.press("w")  # off
    t.wait(lambda: why_line(t) == "", "the line hidden")
    t.press("j")
    t.press("w")  # on again: for the row the cursor is on now
    t.wait(lambda: why_line(t).startswith(row_of(library, query, 2)), "the line for the third row")
    t.search("tag:KZ", len(library.entries("tag:KZ")))  # no words: nothing to show
    t.wait(lambda: why_line(t) == "", "no line for a search without words")

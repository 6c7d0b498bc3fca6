"""Cable text is shown literally: markup in a cable is text, escape bytes never reach the
terminal, and the app keeps running."""

from __future__ import annotations

from pathlib import Path

from parser import parse
from tui.widgets.cable_list import CableList
from tui.widgets.navigator import Navigator
from tui.widgets.viewer import Viewer

from .conftest import ready, until

HOSTILE = (
    "VZCZCXRO0001\nPP RUEHWEB\nDE RUEHTA #0666 1880955\nZNR UUUUU ZZH\nO 070955Z JUL 09\n"
    "FM AMEMBASSY ASTANA\nTO RUEHC/SECSTATE WASHDC IMMEDIATE 5706\n\n"
    "UNCLAS ASTANA 000666\n\nE.O. 12958: N/A\nTAGS: [PHUM] [bold]KZ[/bold]\n"
    "SUBJECT: [@click=app.quit]CLICK ME[/] [link=file:///etc/passwd]passwd[/link] [/x]\n\n"
    "1. [bold red]not bold[/] and [/x] and [@click=app.quit]quit[/] and \x1b]0;owned\x07 and \x1b[2J"
    " and \x9b31m and \u202eevil\u202c and [link=file:///etc/passwd]x[/link].\n\n"
    "2. " + "A" * 5000 + "\n\nHOAGLAND\n"
)
CONTROLS = [chr(c) for c in range(0x20) if c not in (9, 10)] + [chr(0x7F)] + [chr(c) for c in range(0x80, 0xA0)]


def test_parser_strips_controls_from_every_field() -> None:
    from robustness.test_hostile_text import strings

    [c] = parse(HOSTILE.encode("utf-8"))
    for s in strings(c.to_dict()):
        assert not any(ch in s for ch in CONTROLS + ["\u202e"]), repr(s[:80])
    assert c.subject and c.subject.startswith("[@click=app.quit]CLICK ME[/]")


async def test_markup_shows_literally_and_the_app_keeps_running(make_app, tmp_path: Path) -> None:  # noqa: ANN001
    archive = tmp_path / "hostile"
    archive.mkdir()
    (archive / "09ASTANA666.txt").write_text(HOSTILE, encoding="utf-8")
    app = make_app([archive])
    async with app.run_test(size=(150, 50)) as pilot:
        screen = await ready(pilot)
        await pilot.press("enter")
        await pilot.pause()
        viewer = screen.query_one(Viewer)
        shown = " ".join(viewer.plain().split())  # as laid out, line breaks aside
        for literal in ("[@click=app.quit]CLICK ME[/]", "[/x]",
                        "[link=file:///etc/passwd]x[/link]", "[bold red]not bold[/]"):
            assert literal in shown, literal
        assert "\x1b" not in shown and "\x9b" not in shown and "\u202e" not in shown
        nav_labels = " ".join(str(n.label) for n in screen.query_one(Navigator).anchors.values())
        assert "[bold red]not bold[/]" in nav_labels
        # a click on the text does not run the action in it
        await pilot.click(Viewer, offset=(5, 3))
        await pilot.press("m")  # raw view too
        await pilot.pause()
        raw = " ".join(viewer.plain().split())
        assert "[@click=app.quit]" in raw and "\x1b" not in raw
        assert "TAGS: [PHUM] [bold]KZ[/bold]" in raw
        await pilot.press("m")
        screen.query_one(CableList).focus()
        await pilot.press("y")
        assert "[@click=app.quit]" in app.clipboard
        await pilot.pause()
        assert app.is_running


async def test_a_10_mb_cable_opens_and_is_laid_out_while_the_app_answers(make_app, tmp_path: Path) -> None:  # noqa: ANN001
    archive = tmp_path / "long"
    archive.mkdir()
    head = "UNCLAS ASTANA 001999\n\nE.O. 12958: N/A\nTAGS: PHUM KZ\nSUBJECT: A VERY LONG CABLE\n\n"
    body = "1. " + ("word " * 14 + "\n") * 140_000 + "\n2. The end.\n\nHOAGLAND\n"
    (archive / "09ASTANA1999.txt").write_text(head + body, encoding="utf-8")
    assert len(head + body) > 9_900_000
    app = make_app([archive])
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot, timeout=120)
        viewer = screen.query_one(Viewer)
        screen.open_entry(screen.query_one(CableList).current)
        # The first screen is laid out at once; the rest follows in steps between events.
        assert viewer.virtual_size.height >= viewer.size.height
        assert viewer._next < len(viewer._pieces)
        assert viewer.go("para-2")  # not laid out yet: gone to when it is
        viewer.focus()
        await pilot.press("j")  # keys are answered meanwhile
        assert app.is_running and viewer._next < len(viewer._pieces)
        # Waited for as long as the layout goes on (a busy machine lays it out slowly); a layout that
        # stops short fails after 60 s without a step.
        while viewer._next < len(viewer._pieces):
            done = viewer._next
            await until(pilot, lambda: viewer._next > done, "the layout go on", timeout=60)  # noqa: B023
        assert viewer.position() == "para-2"
        start = viewer.offsets()["para-2"]
        assert start > 140_000 and viewer.scroll_y <= start < viewer.scroll_y + viewer.size.height  # in view
        assert " ".join(viewer.plain().split()[-4:]) == "¶2 The end. HOAGLAND"
